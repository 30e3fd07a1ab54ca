// SPDX-License-Identifier: GPL-3.0-or-later
// The execution-period analysis (issue 19 item 6) against cases with known answers:
// - principal angles between two 3-dimensional subspaces of R^6 built with angles 10, 40 and 75
//   degrees, recovered from point clouds by PCA; identical subspaces give 0 and orthogonal ones 90;
// - on a tiny trained network: the NF2 − NF1 separation along the uniform shift at the
//   preparatory index the shift is defined at equals the normalised NF2 projection (us.proj[NF2])
//   it is built to equal, and the m = 0 push moves nothing.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/subspace.h"
#include "study/execution.h"
#include "harness.h"
#include "reach.h"

enum { DIM = 6, K = 3, N = 200 };
static const double PI = 3.14159265358979323846;

// n points c_1·u_1 + c_2·u_2 + c_3·u_3 with c_i ~ N(0, sd_i²) for the basis u [K][DIM].
static void cloud(const double *u, reach_rng *rng, double *x) {
  const double sd[K] = {3.0, 2.0, 1.0};
  for (int r = 0; r < N; r++) {
    double *row = x + (size_t)r * DIM;
    memset(row, 0, DIM * sizeof *row);
    for (int i = 0; i < K; i++) {
      const double c = reach_rng_gauss(rng, sd[i]);
      for (int d = 0; d < DIM; d++) row[d] += c * u[i * DIM + d];
    }
  }
}

static double worst_angle_error(const double *want_deg, double rot) {
  // A: e1, e2, e3. B: cos θ_i e_i + sin θ_i e_{i+3}, its axes mixed by a rotation in the plane
  // of the first two so PCA does not simply return the construction's basis.
  double ua[K * DIM] = {0}, ub[K * DIM] = {0}, vb[K * DIM] = {0};
  for (int i = 0; i < K; i++) {
    const double t = want_deg[i] * PI / 180.0;
    ua[i * DIM + i] = 1.0;
    vb[i * DIM + i] = cos(t);
    vb[i * DIM + i + 3] = sin(t);
  }
  for (int d = 0; d < DIM; d++) {
    ub[0 * DIM + d] = cos(rot) * vb[0 * DIM + d] - sin(rot) * vb[1 * DIM + d];
    ub[1 * DIM + d] = sin(rot) * vb[0 * DIM + d] + cos(rot) * vb[1 * DIM + d];
    ub[2 * DIM + d] = vb[2 * DIM + d];
  }
  double *a = malloc(sizeof *a * N * DIM), *b = malloc(sizeof *b * N * DIM);
  reach_rng rng;
  reach_rng_init(&rng, 3);
  cloud(ua, &rng, a);
  cloud(ub, &rng, b);
  double got[K];
  reach_error err = {0};
  double worst = INFINITY;
  if (reach_principal_angles(a, N, b, N, DIM, K, got, &err) == REACH_OK) {
    // ascending angles; the construction's sorted
    double w[K];
    memcpy(w, want_deg, sizeof w);
    for (int i = 0; i < K; i++)
      for (int j = i + 1; j < K; j++)
        if (w[j] < w[i]) {
          double s = w[i];
          w[i] = w[j];
          w[j] = s;
        }
    worst = 0.0;
    for (int i = 0; i < K; i++) worst = fmax(worst, fabs(got[i] * 180.0 / PI - w[i]));
    printf("        want %.1f %.1f %.1f deg, got %.9f %.9f %.9f\n", w[0], w[1], w[2],
           got[0] * 180.0 / PI, got[1] * 180.0 / PI, got[2] * 180.0 / PI);
  } else {
    printf("        %s\n", err.msg);
  }
  reach_rng_free(&rng);
  free(a);
  free(b);
  return worst;
}

int main(void) {
  const double cases[3][K] = {{10, 40, 75}, {0, 0, 0}, {90, 90, 90}};
  const char *names[3] = {"angles 10, 40, 75 deg", "the same subspace", "orthogonal subspaces"};
  for (int c = 0; c < 3; c++) {
    const double w = worst_angle_error(cases[c], 0.7);
    CHECK(w < 1e-6, "%s recovered from 200-point clouds by PCA: worst error %.2e deg", names[c], w);
  }
  // The tiny network of test-network-analysis.
  reach_config c;
  reach_config_default(&c);
  c.units = 8;
  c.grow_batches = 30;
  c.grow_batch = 8;
  for (int p = 0; p < 4; p++) c.phase_batches[p] = 6;
  c.checkpoint_every = 0;
  reach_error err = {0};
  reach_savings *e = NULL;
  if (reach_savings_create(&c, &e, &err)) return 1;
  while (reach_savings_stage(e) != REACH_STAGE_DONE)
    if (reach_savings_step(e, &err)) break;
  reach_network_analysis a;
  reach_status st = reach_network_analyse(e, &a, &err);
  CHECK(!st, "network analysed (%s)", st ? err.msg : "ok");
  if (!st) {
    reach_execution x;
    st = reach_execution_analyse(&a, &x, &err);
    CHECK(!st, "execution period analysed (%s)", st ? err.msg : "ok");
    if (!st) {
      const int prep = REACH_NA_PUSH_INDEX + 1;  // code index 16, where the shift is defined
      const double d = fabs(x.shift_nf[prep] - a.us.proj[2]);
      CHECK(d < 1e-9 * fmax(1.0, fabs(a.us.proj[2])),
            "NF2 - NF1 along the uniform shift at trace index %d: %.12f, the normalised NF2 "
            "projection %.12f (difference %.1e)",
            prep, x.shift_nf[prep], a.us.proj[2], d);
      CHECK(x.dose_move[2] == 0.0 && x.dose_move[0] > 0.0 && x.dose_move[4] > 0.0,
            "dose response in the movement window (trace %d-%d): m = 0 moves nothing (%g), "
            "m = -2 and +2 move the trajectories by %.4g and %.4g (%.3g and %.3g of their spread)",
            x.window0, x.window1, x.dose_move[2], x.dose_move[0], x.dose_move[4],
            x.dose_move_rel[0], x.dose_move_rel[4]);
      printf(
          "principal angles FF1 vs FF2 batch 0: %.2f %.2f %.2f deg; NF1 vs NF2 final: %.2f "
          "%.2f %.2f deg; separation along the shift over the window: FF %.4f, NF %.4f\n",
          x.angle_ff[0] * 180 / PI, x.angle_ff[1] * 180 / PI, x.angle_ff[2] * 180 / PI,
          x.angle_nf[0] * 180 / PI, x.angle_nf[1] * 180 / PI, x.angle_nf[2] * 180 / PI,
          x.shift_ff_mean, x.shift_nf_mean);
      reach_execution_free(&x);
    }
    reach_network_analysis_free(&a);
  }
  reach_savings_free(e);
  return reach_test_finish("execution");
}
