// SPDX-License-Identifier: GPL-3.0-or-later
// The uniform shift (savings-paper-spec §2.3, R9; §8 item 10): the change of the mean
// preparatory state from NF1 to FF1, with its part inside the TDR force subspace removed, and
// each phase's mean preparatory state projected on it, rescaled per network so NF1 = 0, FF1 = 1.
//   us      = mean_targets(H_FF1) − mean_targets(H_NF1)
//   us_orth = us with its projection on each TDR axis removed in turn (the code's orth_wrt_map)
//   raw_p   = mean_targets(H_p) · us_orth      (mean removal cancels in the rescaling)
//   norm_p  = (raw_p − raw_NF1) / (raw_FF1 − raw_NF1)
// us_orth is kept unnormalised: it is the vector the perturbation adds (m = 1 adds one full
// learned shift); `unit` is the same direction normalised, as Sun et al. project on.
#ifndef REACH_UNIFORM_SHIFT_H
#define REACH_UNIFORM_SHIFT_H

#include "tdr.h"

typedef struct reach_uniform_shift {
  int units;
  double *axis;               // [units] us_orth, unnormalised
  double *unit;               // [units] us_orth / ‖us_orth‖
  double norm;                // ‖us_orth‖
  double raw[REACH_NPHASE];   // mean state of each phase · us_orth
  double proj[REACH_NPHASE];  // normalised: NF1 = 0, FF1 = 1
  double *block;
} reach_uniform_shift;

// prep[p]: phase p's [targets][units] preparatory states, the same as given to reach_tdr_fit.
// REACH_ERR_RANGE if us_orth is zero (FF1 and NF1 means differ only inside the TDR plane),
// where the rescaling is undefined.
reach_status reach_uniform_shift_fit(reach_uniform_shift *u, const reach_tdr *t,
                                     const double *const prep[REACH_NPHASE], int targets,
                                     reach_error *err);
void reach_uniform_shift_free(reach_uniform_shift *u);

// Normalised projection (NF1 = 0, FF1 = 1) of the mean of n states h[n][units], e.g. a
// time-resolved curve or another network condition on the same axis.
double reach_uniform_shift_project(const reach_uniform_shift *u, const double *h, int n);

#endif
