// SPDX-License-Identifier: GPL-3.0-or-later
#include "gru.h"

#include "../base/vmath.h"
#include "gemm.h"

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <string.h>

const char *const reach_gru_block_names[REACH_GRU_NBLOCK] = {
    "W_ih", "W_hh", "b_ih", "b_hh", "W_out", "b_out", "h0",
};

void reach_gru_layout(reach_gru *g, int inputs, int units, int outputs) {
  g->inputs = inputs;
  g->units = units;
  g->outputs = outputs;
  size_t H = (size_t)units, I = (size_t)inputs, O = (size_t)outputs;
  size_t sizes[REACH_GRU_NBLOCK] = {3 * H * I, 3 * H * H, 3 * H, 3 * H, O * H, O, H};
  g->offset[0] = 0;
  for (int k = 0; k < REACH_GRU_NBLOCK; k++) g->offset[k + 1] = g->offset[k] + sizes[k];
  g->n_params = g->offset[REACH_GRU_NBLOCK];
}

int reach_gru_block_shape(const reach_gru *g, reach_gru_block k, size_t dims[2]) {
  const size_t H = (size_t)g->units, I = (size_t)g->inputs, O = (size_t)g->outputs;
  const size_t shape[REACH_GRU_NBLOCK][2] = {{3 * H, I}, {3 * H, H}, {3 * H, 0}, {3 * H, 0},
                                             {O, H},     {O, 0},     {H, 0}};
  dims[0] = shape[k][0];
  dims[1] = shape[k][1];
  return shape[k][1] ? 2 : 1;
}

static void xavier(double *w, size_t n, double fan_in, double fan_out, reach_rng *rng) {
  double bound = sqrt(6.0 / (fan_in + fan_out));
  for (size_t i = 0; i < n; i++) w[i] = reach_rng_uniform(rng, -bound, bound);
}

// torch.nn.init.orthogonal_ on a rows × cols matrix with rows ≥ cols: Q of a Gaussian matrix,
// columns signed by diag(R) so the result is uniformly distributed over orthonormal frames.
static int orthogonal(double *w, size_t rows, size_t cols, reach_rng *rng) {
  gsl_matrix *a = gsl_matrix_alloc(rows, cols);
  gsl_vector *tau = gsl_vector_alloc(cols);
  gsl_vector *col = gsl_vector_alloc(rows);
  int rc = -1;
  if (a && tau && col) {
    for (size_t i = 0; i < rows; i++)
      for (size_t j = 0; j < cols; j++) gsl_matrix_set(a, i, j, reach_rng_gauss(rng, 1.0));
    gsl_linalg_QR_decomp(a, tau);
    // Column j of the thin Q is Q·e_j; forming the full rows × rows Q would cost (rows/cols)²
    // times more for the stacked 3H × H matrix.
    for (size_t j = 0; j < cols; j++) {
      gsl_vector_set_basis(col, j);
      gsl_linalg_QR_Qvec(a, tau, col);
      double s = gsl_matrix_get(a, j, j) < 0 ? -1.0 : 1.0;  // diag(R) sits on a's diagonal
      for (size_t i = 0; i < rows; i++) w[i * cols + j] = s * gsl_vector_get(col, i);
    }
    rc = 0;
  }
  gsl_vector_free(col);
  gsl_vector_free(tau);
  gsl_matrix_free(a);
  return rc;
}

int reach_gru_init(const reach_gru *g, double *theta, double out_bias, reach_rng *rng) {
  size_t H = (size_t)g->units, I = (size_t)g->inputs, O = (size_t)g->outputs;
  memset(theta, 0, g->n_params * sizeof *theta);
  xavier(theta + g->offset[REACH_GRU_W_IH], 3 * H * I, (double)I, 3.0 * (double)H, rng);
  if (orthogonal(theta + g->offset[REACH_GRU_W_HH], 3 * H, H, rng)) return -1;
  xavier(theta + g->offset[REACH_GRU_W_OUT], O * H, (double)H, (double)O, rng);
  for (size_t k = 0; k < O; k++) theta[g->offset[REACH_GRU_B_OUT] + k] = out_bias;
  return 0;
}

// The element-wise loops of the step and its backward (gates, their adjoints, bias sums) in
// wider vectors where the CPU has them. No FMA is enabled (and ISO C mode contracts nothing), so
// every clone performs the same roundings in the same order: the same bits as the default.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define REACH_GRU_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define REACH_GRU_CLONES
#endif

// One source for both precisions: gru_real.h picks its type from REACH_GRU_REAL_SINGLE and
// undefines it again, so it can be included once per precision.
#define REACH_GRU_REAL_SINGLE 0
#include "gru_real.h"
#define REACH_GRU_REAL_SINGLE 1
#include "gru_real.h"

size_t reach_gru_packed_size(const reach_gru *g) {
  return (size_t)(g->inputs + g->units) * 3 * (size_t)g->units;
}

void reach_gru_pack_readout(const reach_gru *g, const double *theta, double *w_out_t) {
  reach_transpose_d(g->outputs, g->units, theta + g->offset[REACH_GRU_W_OUT], w_out_t);
}

void reach_gru_readout(const reach_gru *g, const double *theta, const double *w_out_t, int batch,
                       const double *h, double *u) {
  const int H = g->units, O = g->outputs;
  const double *bias = theta + g->offset[REACH_GRU_B_OUT];
  for (int b = 0; b < batch; b++) memcpy(u + (size_t)b * O, bias, (size_t)O * sizeof *u);
  reach_gemm_d(batch, O, H, h, H, 1, w_out_t, O, u, O, true);
  reach_vsigmoid((size_t)batch * (size_t)O, u, u);
}

void reach_gru_readout_grad(const reach_gru *g, int rows, const double *h_next, const double *y_bar,
                            const double *h0_bar, bool output, double *grad) {
  reach_gru_readout_grad_cols(g, rows, h_next, y_bar, h0_bar, output, grad, 0, g->units, true);
}

void reach_gru_readout_grad_cols(const reach_gru *g, int rows, const double *h_next,
                                 const double *y_bar, const double *h0_bar, bool output,
                                 double *grad, int c0, int c1, bool rest) {
  const int H = g->units, O = g->outputs;
  if (output && c1 > c0) {
    // Σ_r ȳ_r ⊗ h_r: A = ȳ read transposed (rsa = 1, csa = O).
    reach_gemm_d(O, c1 - c0, rows, y_bar, 1, O, h_next + c0, H,
                 grad + g->offset[REACH_GRU_W_OUT] + c0, H, true);
  }
  if (!rest) return;
  if (output) column_sums(rows, O, 0, O, y_bar, grad + g->offset[REACH_GRU_B_OUT]);
  if (h0_bar)
    for (int k = 0; k < H; k++) grad[g->offset[REACH_GRU_H0] + (size_t)k] += h0_bar[k];
}

void reach_gru_theta_to_float(const reach_gru *g, const double *theta, float *theta_f) {
  for (size_t i = 0; i < g->n_params; i++) theta_f[i] = (float)theta[i];
}
