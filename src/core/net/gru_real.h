// SPDX-License-Identifier: GPL-3.0-or-later
// The GRU's step, its backward and its recurrent weight gradients, written once for a real type.
// gru.c includes this file twice: with REACH_GRU_REAL_SINGLE 0 for double (the reference path
// and the default) and with 1 for float (the single-precision training path, [train] precision =
// single). The names below exist only inside this file; it undefines them at its end.
//   REAL               the type;
//   SFX(name)          the function name for that type (gru.h's REACH_GRU_DECLARE suffix);
//   GEMM               cblas_dgemm or cblas_sgemm;
//   VSIGMOID, VTANH    the array functions of vmath.h for that type;
//   CACHE              reach_gru_cache or reach_gru_cache_f.
// The arithmetic is the same in both, operation for operation; only the width differs.
#if REACH_GRU_REAL_SINGLE
#define REAL float
#define SFX(name) name##_f
#define GEMM cblas_sgemm
#define VSIGMOID reach_vsigmoidf
#define VTANH reach_vtanhf
#else
#define REAL double
#define SFX(name) name
#define GEMM cblas_dgemm
#define VSIGMOID reach_vsigmoid
#define VTANH reach_vtanh
#endif
#define CACHE SFX(reach_gru_cache)

void SFX(reach_gru_cache_bind)(CACHE *cache, size_t steps, size_t rows, size_t units,
                              REAL *block) {
  const size_t n = rows * units;
  for (size_t t = 0; t < steps; t++) {
    cache[t].r = block + (4 * t + 0) * n;
    cache[t].z = block + (4 * t + 1) * n;
    cache[t].n = block + (4 * t + 2) * n;
    cache[t].hn = block + (4 * t + 3) * n;
  }
}

void SFX(reach_gru_step)(const reach_gru *g, const REAL *theta, int batch, const REAL *x,
                         const REAL *h, REAL *h_next, REAL *work, CACHE *cache) {
  const int H = g->units, I = g->inputs, H3 = 3 * g->units;
  const REAL one = 1;
  const REAL *w_ih = theta + g->offset[REACH_GRU_W_IH];
  const REAL *w_hh = theta + g->offset[REACH_GRU_W_HH];
  const REAL *b_ih = theta + g->offset[REACH_GRU_B_IH];
  const REAL *b_hh = theta + g->offset[REACH_GRU_B_HH];
  // gi = x W_ihᵀ + b_ih and gh = h W_hhᵀ + b_hh, each one GEMM over all three gates: n needs
  // its recurrent part W_hn h + b_hn apart (it sits inside the reset product).
  REAL *gi = work, *gh = work + (size_t)batch * H3;
  for (int b = 0; b < batch; b++) {
    memcpy(gi + (size_t)b * H3, b_ih, (size_t)H3 * sizeof *gi);
    memcpy(gh + (size_t)b * H3, b_hh, (size_t)H3 * sizeof *gh);
  }
  GEMM(CblasRowMajor, CblasNoTrans, CblasTrans, batch, H3, I, one, x, I, w_ih, I, one, gi, H3);
  GEMM(CblasRowMajor, CblasNoTrans, CblasTrans, batch, H3, H, one, h, H, w_hh, H, one, gh, H3);
  for (int b = 0; b < batch; b++) {
    REAL *row = gi + (size_t)b * H3;
    const REAL *rec = gh + (size_t)b * H3, *hnr = rec + 2 * H;
    const REAL *hp = h + (size_t)b * H;
    REAL *out = h_next + (size_t)b * H;
    for (int k = 0; k < 2 * H; k++) row[k] += rec[k];
    VSIGMOID(2 * (size_t)H, row, row);  // r | z, in place
    for (int k = 0; k < H; k++) row[2 * H + k] += row[k] * hnr[k];
    VTANH((size_t)H, row + 2 * H, row + 2 * H);  // n
    if (cache) {
      size_t o = (size_t)b * H;
      memcpy(cache->r + o, row, (size_t)H * sizeof *row);
      memcpy(cache->z + o, row + H, (size_t)H * sizeof *row);
      memcpy(cache->n + o, row + 2 * H, (size_t)H * sizeof *row);
      memcpy(cache->hn + o, hnr, (size_t)H * sizeof *row);
    }
    for (int k = 0; k < H; k++) out[k] = (one - row[H + k]) * row[2 * H + k] + row[H + k] * hp[k];
  }
}

// The gate pre-activation adjoints of one row. A function of its own so that the arrays can be
// restrict parameters (GCC ignores restrict on local pointers): with eleven streams the loop
// vectorises only when told they do not overlap.
static void SFX(gate_adjoints)(int H, const REAL *restrict r, const REAL *restrict z,
                               const REAL *restrict n, const REAL *restrict hn,
                               const REAL *restrict h, const REAL *restrict dh,
                               REAL *restrict gi_r, REAL *restrict gi_z, REAL *restrict gi_n,
                               REAL *restrict gh_r, REAL *restrict gh_z, REAL *restrict gh_n,
                               REAL *restrict h_bar) {
  const REAL one = 1;
  for (int k = 0; k < H; k++) {
    const REAL dn = dh[k] * (one - z[k]);
    const REAL dz = dh[k] * (h[k] - n[k]);
    const REAL da_n = dn * (one - n[k] * n[k]);
    const REAL dr = da_n * hn[k];
    const REAL da_r = dr * r[k] * (one - r[k]);
    const REAL da_z = dz * z[k] * (one - z[k]);
    gi_r[k] = da_r;
    gi_z[k] = da_z;
    gi_n[k] = da_n;
    gh_r[k] = da_r;
    gh_z[k] = da_z;
    gh_n[k] = da_n * r[k];
    h_bar[k] = dh[k] * z[k];
  }
}

void SFX(reach_gru_step_backward)(const reach_gru *g, const REAL *theta, int batch,
                                  const REAL *h, const CACHE *cache, const REAL *h_next_bar,
                                  REAL *gi_bar, REAL *gh_bar, REAL *h_bar, REAL *x_bar) {
  const int H = g->units, I = g->inputs, H3 = 3 * g->units;
  const REAL one = 1, zero = 0;
  const REAL *w_ih = theta + g->offset[REACH_GRU_W_IH];
  const REAL *w_hh = theta + g->offset[REACH_GRU_W_HH];
  for (int b = 0; b < batch; b++) {
    const size_t o = (size_t)b * H;
    REAL *gib = gi_bar + (size_t)b * H3, *ghb = gh_bar + (size_t)b * H3;
    SFX(gate_adjoints)(H, cache->r + o, cache->z + o, cache->n + o, cache->hn + o, h + o,
                       h_next_bar + o, gib, gib + H, gib + 2 * H, ghb, ghb + H, ghb + 2 * H,
                       h_bar + o);
  }
  GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, H, H3, one, gh_bar, H3, w_hh, H, one,
       h_bar, H);
  if (x_bar)
    GEMM(CblasRowMajor, CblasNoTrans, CblasNoTrans, batch, I, H3, one, gi_bar, H3, w_ih, I, zero,
         x_bar, I);
}

static void SFX(column_sums)(int rows, int cols, const REAL *a, REAL *sum) {
  for (int i = 0; i < rows; i++) {
    const REAL *row = a + (size_t)i * (size_t)cols;
    for (int k = 0; k < cols; k++) sum[k] += row[k];
  }
}

void SFX(reach_gru_recurrent_grad)(const reach_gru *g, int rows, const REAL *x,
                                   const REAL *h_prev, const REAL *gi_bar, const REAL *gh_bar,
                                   REAL *grad, REAL *work) {
  const int H = g->units, I = g->inputs, H3 = 3 * g->units;
  const REAL one = 1, zero = 0;
  GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, H3, I, rows, one, gi_bar, H3, x, I, one,
       grad + g->offset[REACH_GRU_W_IH], I);
  // W_hh's gradient gh_barᵀ h_prev is formed transposed, h_prevᵀ gh_bar [H][3H], then added
  // back in place: OpenBLAS's sgemm ran the direct [3H][H] product three times slower (30 ms
  // instead of 10 at H = 128, B = 32 on Zen), the same FLOPs.
  GEMM(CblasRowMajor, CblasTrans, CblasNoTrans, H, H3, rows, one, h_prev, H, gh_bar, H3, zero,
       work, H3);
  REAL *gw = grad + g->offset[REACH_GRU_W_HH];
  for (int j = 0; j < H3; j++)
    for (int i = 0; i < H; i++) gw[(size_t)j * H + i] += work[(size_t)i * H3 + j];
  SFX(column_sums)(rows, H3, gi_bar, grad + g->offset[REACH_GRU_B_IH]);
  SFX(column_sums)(rows, H3, gh_bar, grad + g->offset[REACH_GRU_B_HH]);
}

#undef REAL
#undef SFX
#undef GEMM
#undef VSIGMOID
#undef VTANH
#undef CACHE
#undef REACH_GRU_REAL_SINGLE
