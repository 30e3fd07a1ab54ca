// SPDX-License-Identifier: GPL-3.0-or-later
#include "gru.h"

#include "../base/vmath.h"

#include <gsl/gsl_cblas.h>
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

void reach_gru_step(const reach_gru *g, const double *theta, int batch, const double *x,
                    const double *h, double *h_next, double *work, reach_gru_cache *cache) {
  const int H = g->units, I = g->inputs, H3 = 3 * g->units;
  const double *w_ih = theta + g->offset[REACH_GRU_W_IH];
  const double *w_hh = theta + g->offset[REACH_GRU_W_HH];
  const double *b_ih = theta + g->offset[REACH_GRU_B_IH];
  const double *b_hh = theta + g->offset[REACH_GRU_B_HH];
  // gi = x W_ihᵀ + b_ih and gh = h W_hhᵀ + b_hh, each one GEMM over all three gates: n needs
  // its recurrent part W_hn h + b_hn apart (it sits inside the reset product).
  double *gi = work, *gh = work + (size_t)batch * H3;
  for (int b = 0; b < batch; b++) {
    memcpy(gi + (size_t)b * H3, b_ih, (size_t)H3 * sizeof *gi);
    memcpy(gh + (size_t)b * H3, b_hh, (size_t)H3 * sizeof *gh);
  }
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, H3, I, 1.0, x, I, w_ih, I, 1.0, gi,
              H3);
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, H3, H, 1.0, h, H, w_hh, H, 1.0, gh,
              H3);
  for (int b = 0; b < batch; b++) {
    double *row = gi + (size_t)b * H3;
    const double *rec = gh + (size_t)b * H3, *hnr = rec + 2 * H;
    const double *hp = h + (size_t)b * H;
    double *out = h_next + (size_t)b * H;
    for (int k = 0; k < 2 * H; k++) row[k] += rec[k];
    reach_vsigmoid(2 * (size_t)H, row, row);  // r | z, in place
    for (int k = 0; k < H; k++) row[2 * H + k] += row[k] * hnr[k];
    reach_vtanh((size_t)H, row + 2 * H, row + 2 * H);  // n
    if (cache) {
      size_t o = (size_t)b * H;
      memcpy(cache->r + o, row, (size_t)H * sizeof *row);
      memcpy(cache->z + o, row + H, (size_t)H * sizeof *row);
      memcpy(cache->n + o, row + 2 * H, (size_t)H * sizeof *row);
      memcpy(cache->hn + o, hnr, (size_t)H * sizeof *row);
    }
    for (int k = 0; k < H; k++) out[k] = (1.0 - row[H + k]) * row[2 * H + k] + row[H + k] * hp[k];
  }
}

void reach_gru_readout(const reach_gru *g, const double *theta, int batch, const double *h,
                       double *u) {
  const int H = g->units, O = g->outputs;
  const double *w = theta + g->offset[REACH_GRU_W_OUT];
  const double *bias = theta + g->offset[REACH_GRU_B_OUT];
  for (int b = 0; b < batch; b++) memcpy(u + (size_t)b * O, bias, (size_t)O * sizeof *u);
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, O, H, 1.0, h, H, w, H, 1.0, u, O);
  reach_vsigmoid((size_t)batch * (size_t)O, u, u);
}

void reach_gru_step_backward(const reach_gru *g, const double *theta, int batch, const double *h,
                             const reach_gru_cache *cache, const double *h_next_bar,
                             double *gi_bar, double *gh_bar, double *h_bar, double *x_bar) {
  const int H = g->units, I = g->inputs, H3 = 3 * g->units;
  const double *w_ih = theta + g->offset[REACH_GRU_W_IH];
  const double *w_hh = theta + g->offset[REACH_GRU_W_HH];
  for (int b = 0; b < batch; b++) {
    size_t o = (size_t)b * H;
    double *gib = gi_bar + (size_t)b * H3;
    double *ghb = gh_bar + (size_t)b * H3;
    for (int k = 0; k < H; k++) {
      double r = cache->r[o + k], z = cache->z[o + k], n = cache->n[o + k];
      double dh = h_next_bar[o + k];
      double dn = dh * (1.0 - z);
      double dz = dh * (h[o + k] - n);
      double da_n = dn * (1.0 - n * n);
      double dr = da_n * cache->hn[o + k];
      double da_r = dr * r * (1.0 - r);
      double da_z = dz * z * (1.0 - z);
      gib[k] = da_r;
      gib[H + k] = da_z;
      gib[2 * H + k] = da_n;
      ghb[k] = da_r;
      ghb[H + k] = da_z;
      ghb[2 * H + k] = da_n * r;
      h_bar[o + k] = dh * z;
    }
  }
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, H, H3, 1.0, gh_bar, H3, w_hh, H,
              1.0, h_bar, H);
  if (x_bar)
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, I, H3, 1.0, gi_bar, H3, w_ih,
                I, 0.0, x_bar, I);
}

static void column_sums(int rows, int cols, const double *a, double *sum) {
  for (int i = 0; i < rows; i++) {
    const double *row = a + (size_t)i * (size_t)cols;
    for (int k = 0; k < cols; k++) sum[k] += row[k];
  }
}

void reach_gru_param_grad(const reach_gru *g, int rows, const double *x, const double *h_prev,
                          const double *h_next, const double *gi_bar, const double *gh_bar,
                          const double *y_bar, const double *h0_bar, double *grad) {
  const int H = g->units, I = g->inputs, O = g->outputs, H3 = 3 * g->units;
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, H3, I, rows, 1.0, gi_bar, H3, x, I, 1.0,
              grad + g->offset[REACH_GRU_W_IH], I);
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, H3, H, rows, 1.0, gh_bar, H3, h_prev, H,
              1.0, grad + g->offset[REACH_GRU_W_HH], H);
  column_sums(rows, H3, gi_bar, grad + g->offset[REACH_GRU_B_IH]);
  column_sums(rows, H3, gh_bar, grad + g->offset[REACH_GRU_B_HH]);
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, O, H, rows, 1.0, y_bar, O, h_next, H, 1.0,
              grad + g->offset[REACH_GRU_W_OUT], H);
  column_sums(rows, O, y_bar, grad + g->offset[REACH_GRU_B_OUT]);
  if (h0_bar)
    for (int k = 0; k < H; k++) grad[g->offset[REACH_GRU_H0] + (size_t)k] += h0_bar[k];
}
