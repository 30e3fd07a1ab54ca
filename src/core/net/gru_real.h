// SPDX-License-Identifier: GPL-3.0-or-later
// The GRU's step, its backward and its recurrent weight gradients, written once for a real type.
// gru.c includes this file twice: with REACH_GRU_REAL_SINGLE 0 for double (the reference path
// and the default) and with 1 for float (the single-precision training path, [train] precision =
// single). The names below exist only inside this file; it undefines them at its end.
//   REAL               the type;
//   SFX(name)          the function name for that type (gru.h's REACH_GRU_DECLARE suffix);
//   GEMM               reach_gemm_d or reach_gemm_f (net/gemm.h);
//   VSIGMOID, VTANH    the array functions of vmath.h for that type;
//   CACHE              reach_gru_cache or reach_gru_cache_f.
// The arithmetic is the same in both, operation for operation; only the width differs.
#if REACH_GRU_REAL_SINGLE
#define REAL      float
#define SFX(name) name##_f
#define GEMM      reach_gemm_f
#define VSIGMOID  reach_vsigmoidf
#define VTANH     reach_vtanhf
#else
#define REAL      double
#define SFX(name) name
#define GEMM      reach_gemm_d
#define VSIGMOID  reach_vsigmoid
#define VTANH     reach_vtanh
#endif
#define CACHE SFX(reach_gru_cache)

void SFX(reach_gru_cache_bind)(CACHE *cache, size_t steps, size_t rows, size_t units, REAL *block) {
  const size_t n = rows * units;
  for (size_t t = 0; t < steps; t++) {
    cache[t].r = block + (4 * t + 0) * n;
    cache[t].z = block + (4 * t + 1) * n;
    cache[t].n = block + (4 * t + 2) * n;
    cache[t].hn = block + (4 * t + 3) * n;
  }
}

void SFX(reach_gru_pack)(const reach_gru *g, const double *theta, REAL *packed) {
  const int H = g->units, I = g->inputs, H3 = 3 * g->units;
  const double *w_ih = theta + g->offset[REACH_GRU_W_IH];
  const double *w_hh = theta + g->offset[REACH_GRU_W_HH];
  REAL *t_ih = packed, *t_hh = packed + (size_t)I * H3;
  for (int n = 0; n < H3; n++) {
    for (int k = 0; k < I; k++) t_ih[(size_t)k * H3 + n] = (REAL)w_ih[(size_t)n * I + k];
    for (int k = 0; k < H; k++) t_hh[(size_t)k * H3 + n] = (REAL)w_hh[(size_t)n * H + k];
  }
}

// The element-wise pieces of a step's row, restrict so that they vectorise without versioning.
REACH_GRU_CLONES static void SFX(gates_sum)(int n, REAL *restrict row, const REAL *restrict rec) {
  for (int k = 0; k < n; k++) row[k] += rec[k];
}

REACH_GRU_CLONES static void SFX(gates_n)(int H, REAL *restrict an, const REAL *restrict r,
                                          const REAL *restrict hnr) {
  for (int k = 0; k < H; k++) an[k] += r[k] * hnr[k];
}

REACH_GRU_CLONES static void SFX(gates_out)(int H, REAL *restrict out, const REAL *restrict z,
                                            const REAL *restrict n, const REAL *restrict hp) {
  const REAL one = 1;
  for (int k = 0; k < H; k++) out[k] = (one - z[k]) * n[k] + z[k] * hp[k];
}

void SFX(reach_gru_step)(const reach_gru *g, const REAL *theta, const REAL *packed, int batch,
                         const REAL *x, const REAL *h, REAL *h_next, REAL *work, CACHE *cache) {
  const int H = g->units, I = g->inputs, H3 = 3 * g->units;
  const REAL one = 1;
  const REAL *t_ih = packed, *t_hh = packed + (size_t)I * H3;
  const REAL *b_ih = theta + g->offset[REACH_GRU_B_IH];
  const REAL *b_hh = theta + g->offset[REACH_GRU_B_HH];
  // gi = x W_ihᵀ + b_ih and gh = h W_hhᵀ + b_hh, each one GEMM over all three gates: n needs
  // its recurrent part W_hn h + b_hn apart (it sits inside the reset product).
  REAL *gi = work, *gh = work + (size_t)batch * H3;
  for (int b = 0; b < batch; b++) {
    memcpy(gi + (size_t)b * H3, b_ih, (size_t)H3 * sizeof *gi);
    memcpy(gh + (size_t)b * H3, b_hh, (size_t)H3 * sizeof *gh);
  }
  GEMM(batch, H3, I, x, I, 1, t_ih, H3, gi, H3, true);
  GEMM(batch, H3, H, h, H, 1, t_hh, H3, gh, H3, true);
  for (int b = 0; b < batch; b++) {
    REAL *row = gi + (size_t)b * H3;
    const REAL *rec = gh + (size_t)b * H3, *hnr = rec + 2 * H;
    SFX(gates_sum)(2 * H, row, rec);
    VSIGMOID(2 * (size_t)H, row, row);  // r | z, in place
    SFX(gates_n)(H, row + 2 * H, row, hnr);
    VTANH((size_t)H, row + 2 * H, row + 2 * H);  // n
    if (cache) {
      size_t o = (size_t)b * H;
      memcpy(cache->r + o, row, (size_t)H * sizeof *row);
      memcpy(cache->z + o, row + H, (size_t)H * sizeof *row);
      memcpy(cache->n + o, row + 2 * H, (size_t)H * sizeof *row);
      memcpy(cache->hn + o, hnr, (size_t)H * sizeof *row);
    }
    SFX(gates_out)(H, h_next + (size_t)b * H, row + H, row + 2 * H, h + (size_t)b * H);
  }
  (void)one;
}

// The gate pre-activation adjoints of one row. A function of its own so that the arrays can be
// restrict parameters (GCC ignores restrict on local pointers): with eleven streams the loop
// vectorises only when told they do not overlap.
REACH_GRU_CLONES static void SFX(gate_adjoints)(int H, const REAL *restrict r,
                                                const REAL *restrict z, const REAL *restrict n,
                                                const REAL *restrict hn, const REAL *restrict h,
                                                const REAL *restrict dh, REAL *restrict gi_r,
                                                REAL *restrict gi_z, REAL *restrict gi_n,
                                                REAL *restrict gh_r, REAL *restrict gh_z,
                                                REAL *restrict gh_n, REAL *restrict h_bar) {
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

void SFX(reach_gru_step_backward)(const reach_gru *g, const REAL *theta, int batch, const REAL *h,
                                  const CACHE *cache, const REAL *h_next_bar, REAL *gi_bar,
                                  REAL *gh_bar, REAL *h_bar, REAL *x_bar) {
  const int H = g->units, I = g->inputs, H3 = 3 * g->units;
  const REAL *w_ih = theta + g->offset[REACH_GRU_W_IH];
  const REAL *w_hh = theta + g->offset[REACH_GRU_W_HH];
  for (int b = 0; b < batch; b++) {
    const size_t o = (size_t)b * H;
    REAL *gib = gi_bar + (size_t)b * H3, *ghb = gh_bar + (size_t)b * H3;
    SFX(gate_adjoints)
    (H, cache->r + o, cache->z + o, cache->n + o, cache->hn + o, h + o, h_next_bar + o, gib,
     gib + H, gib + 2 * H, ghb, ghb + H, ghb + 2 * H, h_bar + o);
  }
  // W_hh and W_ih as stored are already [3H][H] and [3H][I]: the products read them along n.
  GEMM(batch, H, H3, gh_bar, H3, 1, w_hh, H, h_bar, H, true);
  if (x_bar) GEMM(batch, I, H3, gi_bar, H3, 1, w_ih, I, x_bar, I, false);
}

// sum[k] += Σ_i a[i][k] for the columns [c0, c1), rows in order.
REACH_GRU_CLONES static void SFX(column_sums)(int rows, int cols, int c0, int c1,
                                              const REAL *restrict a, REAL *restrict sum) {
  for (int i = 0; i < rows; i++) {
    const REAL *row = a + (size_t)i * (size_t)cols;
    for (int k = c0; k < c1; k++) sum[k] += row[k];
  }
}

void SFX(reach_gru_recurrent_grad)(const reach_gru *g, int rows, const REAL *x, const REAL *h_prev,
                                   const REAL *gi_bar, const REAL *gh_bar, int g0, int g1,
                                   bool input, REAL *grad, REAL *gw_ih_t) {
  const int H = g->units, I = g->inputs, H3 = 3 * g->units, ng = g1 - g0;
  if (ng <= 0) return;
  if (input) {
    // W_ih's gradient Σ_r ḡi_r ⊗ x_r has only I = 17 columns, too few for the vectors: it is
    // accumulated transposed, [I][3H] = Σ_r x_r ⊗ ḡi_r, in gw_ih_t (reach_gru_ih_grad_add puts
    // it into grad once all rows are in).
    GEMM(I, ng, rows, x, 1, I, gi_bar + g0, H3, gw_ih_t + g0, H3, true);
    SFX(column_sums)(rows, H3, g0, g1, gi_bar, grad + g->offset[REACH_GRU_B_IH]);
  }
  // W_hh's gradient Σ_r ḡh_r ⊗ h_r directly as [3H][H]: A = ḡh read transposed.
  GEMM(ng, H, rows, gh_bar + g0, 1, H3, h_prev, H,
       grad + g->offset[REACH_GRU_W_HH] + (size_t)g0 * H, H, true);
  SFX(column_sums)(rows, H3, g0, g1, gh_bar, grad + g->offset[REACH_GRU_B_HH]);
}

void SFX(reach_gru_ih_grad_add)(const reach_gru *g, int g0, int g1, const REAL *gw_ih_t,
                                REAL *grad) {
  const int I = g->inputs, H3 = 3 * g->units;
  REAL *gw = grad + g->offset[REACH_GRU_W_IH];
  for (int j = g0; j < g1; j++)
    for (int i = 0; i < I; i++) gw[(size_t)j * I + i] += gw_ih_t[(size_t)i * H3 + j];
}

#undef REAL
#undef SFX
#undef GEMM
#undef VSIGMOID
#undef VTANH
#undef CACHE
#undef REACH_GRU_REAL_SINGLE
