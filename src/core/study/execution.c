// SPDX-License-Identifier: GPL-3.0-or-later
#include "execution.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/subspace.h"

void reach_execution_free(reach_execution *x) {
  free(x->block);
  memset(x, 0, sizeof *x);
}

// The window's states of trace t as rows [(w1 − w0 + 1)·targets][units].
static void window_rows(const reach_trace *t, int w0, int w1, double *out) {
  const size_t row = (size_t)t->batch * (size_t)t->units;
  memcpy(out, t->hidden + (size_t)w0 * row, (size_t)(w1 - w0 + 1) * row * sizeof *out);
}

// Mean over targets of (b − a)·unit / norm at every index.
static void separation(const reach_trace *a, const reach_trace *b, const double *unit, double norm,
                       double *out) {
  const int B = a->batch, H = a->units;
  for (int k = 0; k <= a->steps; k++) {
    double s = 0.0;
    for (int i = 0; i < B; i++) {
      const double *ha = a->hidden + ((size_t)k * B + (size_t)i) * H;
      const double *hb = b->hidden + ((size_t)k * B + (size_t)i) * H;
      for (int j = 0; j < H; j++) s += (hb[j] - ha[j]) * unit[j];
    }
    out[k] = s / B / norm;
  }
}

reach_status reach_execution_analyse(const reach_network_analysis *a, reach_execution *x,
                                     reach_error *err) {
  memset(x, 0, sizeof *x);
  const int T = a->steps, B = a->targets, H = a->units;
  const int w0 = a->ff1_b0.go_step, w1 = T;
  if (w0 < 0 || w1 - w0 < 1)
    return reach_error_set(err, REACH_ERR_RANGE,
                           "execution period: the go step %d leaves no movement in %d steps", w0,
                           T);
  x->window0 = w0;
  x->window1 = w1;
  const int rows = (w1 - w0 + 1) * B;
  x->block = calloc(2 * (size_t)(T + 1) + 2 * (size_t)rows * H, sizeof *x->block);
  if (!x->block) return reach_error_set(err, REACH_ERR_NOMEM, "execution period: out of memory");
  x->shift_ff = x->block;
  x->shift_nf = x->shift_ff + T + 1;
  double *ra = x->shift_nf + T + 1, *rb = ra + (size_t)rows * H;
  const reach_trace *pairs[2][2] = {{&a->ff1_b0, &a->ff2_b0}, {&a->phase[0], &a->phase[2]}};
  double *angles[2] = {x->angle_ff, x->angle_nf};
  for (int p = 0; p < 2; p++) {
    window_rows(pairs[p][0], w0, w1, ra);
    window_rows(pairs[p][1], w0, w1, rb);
    reach_error inner = {0};
    reach_status st = reach_principal_angles(ra, rows, rb, rows, H, REACH_EX_K, angles[p], &inner);
    if (st) {
      reach_execution_free(x);
      return reach_error_set(err, st, "execution period, %s: %s", p ? "NF1 vs NF2" : "FF1 vs FF2",
                             inner.msg);
    }
  }
  separation(&a->ff1_b0, &a->ff2_b0, a->us.unit, a->us.norm, x->shift_ff);
  separation(&a->phase[0], &a->phase[2], a->us.unit, a->us.norm, x->shift_nf);
  for (int k = w0; k <= w1; k++) {
    x->shift_ff_mean += x->shift_ff[k] / (w1 - w0 + 1);
    x->shift_nf_mean += x->shift_nf[k] / (w1 - w0 + 1);
  }
  // The spread of the unpushed execution states about their mean: the scale of dose_move_rel.
  // The m = 0 trace is FF2 batch 0 (network_analysis.h), so its states are ff2_b0's.
  window_rows(&a->ff2_b0, w0, w1, ra);
  double spread = 0.0;
  for (int j = 0; j < H; j++) {
    double mean = 0.0;
    for (int r = 0; r < rows; r++) mean += ra[(size_t)r * H + j] / rows;
    for (int r = 0; r < rows; r++) ra[(size_t)r * H + j] -= mean;
  }
  for (int r = 0; r < rows; r++) {
    double s = 0.0;
    for (int j = 0; j < H; j++) s += ra[(size_t)r * H + j] * ra[(size_t)r * H + j];
    spread += sqrt(s) / rows;
  }
  for (int d = 0; d < REACH_NA_NDOSE; d++) {
    double m = 0.0;
    for (int k = w0; k <= w1; k++) m += a->dose_hidden_dev[(size_t)d * (T + 1) + k] / (w1 - w0 + 1);
    x->dose_move[d] = m;
    x->dose_move_rel[d] = spread > 0.0 ? m / spread : (double)NAN;
  }
  return REACH_OK;
}
