// SPDX-License-Identifier: GPL-3.0-or-later
// The seven context-dependent state-space models SSM1–SSM7 of Heald et al. 2018 (Methods
// eqs. 4–7): four states (x_s1, x_f1, x_s2, x_f2), output y = xᵀc(k), update
// x ← a ⊙ x + e (b ⊙ c(k)) with e = f − y (0 on channel trials), x(1) = 0.
//
// RECONSTRUCTION: the per-model vectors of Supplementary Table 1 were images and are lost. The
// parameterisation here is the one of spec §2.3, consistent with the recoverable degrees of
// freedom but not confirmed against the SI (which of SSM5/SSM6 carries which coupling, and the
// exact forms of SSM1 and SSM2, are guesses). Anything shown to a user must say so.
#ifndef REACH_SSM_H
#define REACH_SSM_H

#include "../base/error.h"
#include "paradigm.h"

#define REACH_SSM_RECONSTRUCTED_NOTE \
  "SSM1-SSM7 are a reconstruction of the lost Supplementary Table 1 (spec sec. 2.3)"

typedef struct reach_ssm {
  int which;       // 1..7
  double a[4];     // retention per state
  double b[4];     // learning rate per state
  double c[2][4];  // context weighting vector per context (cue)
} reach_ssm;

// Number of free parameters of SSM `which` (1..7), or -1.
int reach_ssm_nparams(int which);
// Name of parameter i of SSM `which` ("a_s", "b_CI", "c_f", ...).
const char *reach_ssm_param_name(int which, int i);
// Builds the vectors from the free parameters (all in [0, 1]).
reach_status reach_ssm_init(reach_ssm *m, int which, const double *theta, reach_error *err);
// One trial from state x (updated in place); returns the output before the update. pert is
// NAN on a channel trial.
static inline double reach_ssm_step(const reach_ssm *m, double x[4], int cue, double pert) {
  const double *c = m->c[cue - 1];
  const double y = x[0] * c[0] + x[1] * c[1] + x[2] * c[2] + x[3] * c[3];
  const double e = pert != pert ? 0.0 : pert - y;
  for (int i = 0; i < 4; i++) x[i] = m->a[i] * x[i] + e * m->b[i] * c[i];
  return y;
}
// Runs the model over the paradigm from x = 0. yhat[t] is the output on trial t before its
// update; x (nullable) gets the state before each trial, [n][4].
void reach_ssm_run(const reach_ssm *m, const reach_paradigm *p, double *yhat, double *x);

#endif
