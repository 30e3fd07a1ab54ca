// SPDX-License-Identifier: GPL-3.0-or-later
// The GRU against PyTorch's equations written out per unit (motornet-spec §6), and its
// initialisation: orthonormal columns of the stacked W_hh, Xavier bounds, b_out = −5, zero GRU
// biases and h0.
#include <string.h>

#include "harness.h"
#include "reach.h"

enum { I = 17, H = 24, O = 6, B = 3 };

static double sig(double x) { return 1.0 / (1.0 + exp(-x)); }

int main(void) {
  reach_gru g;
  reach_gru_layout(&g, I, H, O);
  reach_rng rng;
  reach_rng_init(&rng, 5);
  double *th = calloc(g.n_params, sizeof *th);
  reach_gru_init(&g, th, -5.0, &rng);

  const double *whh = th + g.offset[REACH_GRU_W_HH];
  double worst = 0.0;
  for (int a = 0; a < H; a++)
    for (int b = 0; b < H; b++) {
      double dot = 0.0;
      for (int r = 0; r < 3 * H; r++) dot += whh[r * H + a] * whh[r * H + b];
      worst = fmax(worst, fabs(dot - (a == b)));
    }
  CHECK(worst < 1e-12, "W_hh (%d x %d): columns orthonormal, max |QᵀQ − I| = %.2e", 3 * H, H,
        worst);
  double bound = sqrt(6.0 / (I + 3.0 * H)), wmax = 0.0;
  for (size_t i = g.offset[REACH_GRU_W_IH]; i < g.offset[REACH_GRU_W_IH + 1]; i++)
    wmax = fmax(wmax, fabs(th[i]));
  CHECK(wmax <= bound && wmax > 0.9 * bound,
        "W_ih Xavier-uniform: max |w| %.4f within the bound "
        "%.4f and close to it",
        wmax, bound);
  double other = 0.0;
  for (size_t i = g.offset[REACH_GRU_B_IH]; i < g.offset[REACH_GRU_W_OUT]; i++)
    other = fmax(other, fabs(th[i]));
  for (size_t i = g.offset[REACH_GRU_H0]; i < g.n_params; i++) other = fmax(other, fabs(th[i]));
  CHECK(other == 0.0 && th[g.offset[REACH_GRU_B_OUT]] == -5.0 &&
            th[g.offset[REACH_GRU_B_OUT] + 5] == -5.0,
        "GRU biases and h0 start at 0 (max %.1g), b_out at %.1f", other,
        th[g.offset[REACH_GRU_B_OUT]]);

  // Random non-zero parameters, then one step against the per-unit equations.
  for (size_t i = 0; i < g.n_params; i++) th[i] = reach_rng_gauss(&rng, 0.5);
  double x[B * I], h[B * H], hn[B * H], work[B * 6 * H], u[B * O];
  for (int i = 0; i < B * I; i++) x[i] = reach_rng_gauss(&rng, 1.0);
  for (int i = 0; i < B * H; i++) h[i] = reach_rng_gauss(&rng, 0.5);
  double *packed = calloc(reach_gru_packed_size(&g), sizeof *packed), wot[H * O];
  reach_gru_pack(&g, th, packed);
  reach_gru_pack_readout(&g, th, wot);
  reach_gru_step(&g, th, packed, B, x, h, hn, work, NULL);
  reach_gru_readout(&g, th, wot, B, hn, u);
  free(packed);
  const double *wih = th + g.offset[REACH_GRU_W_IH], *bih = th + g.offset[REACH_GRU_B_IH];
  const double *bhh = th + g.offset[REACH_GRU_B_HH], *wo = th + g.offset[REACH_GRU_W_OUT];
  const double *bo = th + g.offset[REACH_GRU_B_OUT];
  double err_h = 0.0, err_u = 0.0;
  for (int b = 0; b < B; b++) {
    double ref[H];
    for (int k = 0; k < H; k++) {
      double gi[3], gh[3];
      for (int gate = 0; gate < 3; gate++) {
        int row = gate * H + k;
        gi[gate] = bih[row];
        gh[gate] = bhh[row];
        for (int j = 0; j < I; j++) gi[gate] += wih[row * I + j] * x[b * I + j];
        for (int j = 0; j < H; j++) gh[gate] += whh[row * H + j] * h[b * H + j];
      }
      double r = sig(gi[0] + gh[0]), z = sig(gi[1] + gh[1]);
      double n = tanh(gi[2] + r * gh[2]);
      ref[k] = (1 - z) * n + z * h[b * H + k];
      err_h = fmax(err_h, fabs(ref[k] - hn[b * H + k]));
    }
    for (int m = 0; m < O; m++) {
      double y = bo[m];
      for (int k = 0; k < H; k++) y += wo[m * H + k] * ref[k];
      err_u = fmax(err_u, fabs(sig(y) - u[b * O + m]));
    }
  }
  CHECK(err_h < 1e-13, "one GRU step (B = %d) vs the per-unit PyTorch equations: max |Δh'| %.2e", B,
        err_h);
  CHECK(err_u < 1e-13, "read-out σ(W_out h' + b_out): max |Δu| %.2e", err_u);
  free(th);
  reach_rng_free(&rng);
  return reach_test_finish("gru");
}
