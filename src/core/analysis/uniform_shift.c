// SPDX-License-Identifier: GPL-3.0-or-later
#include "uniform_shift.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linalg.h"

static void mean_rows(const double *h, int n, int units, double *out) {
  for (int j = 0; j < units; j++) out[j] = 0.0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < units; j++) out[j] += h[(size_t)i * (size_t)units + (size_t)j];
  for (int j = 0; j < units; j++) out[j] /= n;
}

static double dot(const double *a, const double *b, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

void reach_uniform_shift_free(reach_uniform_shift *u) {
  free(u->block);
  memset(u, 0, sizeof *u);
}

reach_status reach_uniform_shift_fit(reach_uniform_shift *u, const reach_tdr *t,
                                     const double *const prep[REACH_NPHASE], int targets,
                                     reach_error *err) {
  memset(u, 0, sizeof *u);
  const int n = t->units;
  if (targets < 1 || n < 1)
    return reach_error_set(err, REACH_ERR_USAGE, "uniform shift: %d targets, %d units", targets, n);
  double *blk = malloc(sizeof *blk * 3 * (size_t)n);
  if (!blk) return reach_error_set(err, REACH_ERR_NOMEM, "uniform shift: out of memory");
  double *axis = blk, *unit = blk + n, *m = blk + 2 * n;
  double *m_nf1 = unit;  // scratch until the axis is known
  mean_rows(prep[0], targets, n, m_nf1);
  mean_rows(prep[1], targets, n, axis);
  for (int j = 0; j < n; j++) axis[j] -= m_nf1[j];
  const double raw_len = sqrt(dot(axis, axis, n));
  reach_orth_against(axis, n, t->axes, 2);
  const double len = sqrt(dot(axis, axis, n));
  // Relative test: what is left is rounding of the shift before orthogonalisation.
  if (!(len > 1e-12 * raw_len)) {
    free(blk);
    return reach_error_set(err, REACH_ERR_RANGE,
                           "uniform shift: FF1 − NF1 lies inside the TDR plane (‖us_orth‖ = %g); "
                           "the NF1 = 0, FF1 = 1 scale is undefined",
                           len);
  }
  for (int j = 0; j < n; j++) unit[j] = axis[j] / len;
  for (int p = 0; p < REACH_NPHASE; p++) {
    mean_rows(prep[p], targets, n, m);
    u->raw[p] = dot(m, axis, n);
  }
  const double span = u->raw[1] - u->raw[0];
  for (int p = 0; p < REACH_NPHASE; p++) u->proj[p] = (u->raw[p] - u->raw[0]) / span;
  u->units = n;
  u->axis = axis;
  u->unit = unit;
  u->norm = len;
  u->block = blk;
  return REACH_OK;
}

double reach_uniform_shift_project(const reach_uniform_shift *u, const double *h, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += dot(h + (size_t)i * (size_t)u->units, u->axis, u->units);
  return (s / n - u->raw[0]) / (u->raw[1] - u->raw[0]);
}
