// SPDX-License-Identifier: GPL-3.0-or-later
#include "tdr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cblas.h>

#include "linalg.h"

reach_status reach_trace_hidden_at(const reach_trace *t, int code_index, double *out,
                                   reach_error *err) {
  const int i = reach_tdr_trace_index(code_index);
  if (i < 0 || i > t->steps)
    return reach_error_set(err, REACH_ERR_RANGE,
                           "trace: index %d (hidden state %d) outside a trace of %d steps",
                           code_index, i, t->steps);
  const size_t row = (size_t)t->batch * (size_t)t->units;
  memcpy(out, t->hidden + (size_t)i * row, sizeof *out * row);
  return REACH_OK;
}

reach_status reach_endpoint_forces(const reach_arm_model *m, const double *q, const double *mf,
                                   int batch, double *f, reach_error *err) {
  reach_arm_state s;
  if (batch < 1) return reach_error_set(err, REACH_ERR_USAGE, "endpoint force: batch %d", batch);
  if (reach_arm_state_init(&s, batch))
    return reach_error_set(err, REACH_ERR_NOMEM, "endpoint force: out of memory");
  // The state is [n][B] (structure of arrays); the inputs are per reach [B][n].
  for (int b = 0; b < batch; b++) {
    for (int j = 0; j < REACH_NJOINT; j++) s.q[j * batch + b] = q[b * REACH_NJOINT + j];
    for (int k = 0; k < REACH_NMUSCLE; k++) s.force[k * batch + b] = mf[b * REACH_NMUSCLE + k];
  }
  reach_status st = REACH_OK;
  for (int b = 0; b < batch && st == REACH_OK; b++)
    if (reach_arm_endpoint_force(m, &s, b, f + 2 * b))
      st = reach_error_set(err, REACH_ERR_NUMERIC,
                           "endpoint force: reach %d: the arm's Jacobian is singular at q = "
                           "(%.4f, %.4f) rad",
                           b, q[2 * b], q[2 * b + 1]);
  reach_arm_state_free(&s);
  return st;
}

void reach_tdr_free(reach_tdr *t) {
  free(t->block);
  memset(t, 0, sizeof *t);
}

reach_status reach_tdr_fit(reach_tdr *t, const double *const prep[REACH_NPHASE],
                           const double *f_nf1, int targets, int units, reach_error *err) {
  memset(t, 0, sizeof *t);
  if (targets < 3 || units < 2)
    return reach_error_set(err, REACH_ERR_USAGE,
                           "TDR: %d targets and %d units; need >= 3 targets (Fx, Fy, intercept) "
                           "and >= 2 units",
                           targets, units);
  const size_t n = (size_t)units, T = (size_t)targets;
  // One block: mean[n], beta[3n], axes[2n], then scratch: x[3T], xp[3T], hc[Tn], w[3n].
  const size_t need = n + 3 * n + 2 * n + 3 * T + 3 * T + T * n + 3 * n;
  double *blk = calloc(need, sizeof *blk);
  if (!blk) return reach_error_set(err, REACH_ERR_NOMEM, "TDR: out of memory");
  double *mean = blk, *beta = mean + n, *axes = beta + 3 * n;
  double *x = axes + 2 * n, *xp = x + 3 * T, *hc = xp + 3 * T, *w = hc + T * n;
  reach_status st = REACH_OK;

  for (int p = 0; p < REACH_NPHASE; p++)
    for (size_t i = 0; i < T; i++)
      for (size_t j = 0; j < n; j++) mean[j] += prep[p][i * n + j];
  for (size_t j = 0; j < n; j++) mean[j] /= (double)(REACH_NPHASE * T);
  for (size_t i = 0; i < T; i++) {
    x[3 * i] = f_nf1[2 * i];
    x[3 * i + 1] = f_nf1[2 * i + 1];
    x[3 * i + 2] = 1.0;
    for (size_t j = 0; j < n; j++) hc[i * n + j] = prep[0][i * n + j] - mean[j];
  }
  int rank = 0;
  if ((st = reach_pinv(x, targets, 3, xp, &rank, err))) goto fail;
  if (rank < 3) {
    st = reach_error_set(err, REACH_ERR_RANGE,
                         "TDR: the NF1 forces and intercept have rank %d of 3 (are the %d forces "
                         "collinear?)",
                         rank, targets);
    goto fail;
  }
  // β[3][n] = pinv(X)[3][T] · H_c[T][n]
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 3, units, targets, 1.0, xp, targets, hc,
              units, 0.0, beta, units);
  if ((st = reach_pinv(beta, 3, units, w, &rank, err))) goto fail;  // w[n][3]
  if (rank < 3) {
    st = reach_error_set(err, REACH_ERR_RANGE,
                         "TDR: the regression coefficients have rank %d of 3 (the NF1 states do "
                         "not vary with force)",
                         rank);
    goto fail;
  }
  for (size_t j = 0; j < n; j++) axes[2 * j] = w[3 * j], axes[2 * j + 1] = w[3 * j + 1];
  reach_gram_schmidt(axes, units, 2);
  t->units = units;
  t->targets = targets;
  t->mean = mean;
  t->beta = beta;
  t->axes = axes;
  t->block = blk;
  return REACH_OK;
fail:
  free(blk);
  return st;
}

void reach_tdr_project(const reach_tdr *t, const double *h, int n, double *out) {
  const size_t u = (size_t)t->units;
  for (int i = 0; i < n; i++) {
    double a = 0.0, b = 0.0;
    for (size_t j = 0; j < u; j++) {
      const double d = h[(size_t)i * u + j] - t->mean[j];
      a += d * t->axes[2 * j];
      b += d * t->axes[2 * j + 1];
    }
    out[2 * i] = a;
    out[2 * i + 1] = b;
  }
}
