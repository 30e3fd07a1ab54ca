// SPDX-License-Identifier: GPL-3.0-or-later
// One face for the eight models that are compared by BIC: the SSSM and SSM1–SSM7. Each has a
// parameter vector with names, bounds (fits stay inside them through transforms) and a
// plausible range for random starts.
#ifndef REACH_CMODEL_H
#define REACH_CMODEL_H

#include "../base/error.h"
#include "paradigm.h"

typedef enum reach_cmodel {
  REACH_CMODEL_SSSM = 0,
  REACH_CMODEL_SSM1,
  REACH_CMODEL_SSM2,
  REACH_CMODEL_SSM3,
  REACH_CMODEL_SSM4,
  REACH_CMODEL_SSM5,
  REACH_CMODEL_SSM6,
  REACH_CMODEL_SSM7,
  REACH_CMODEL_COUNT
} reach_cmodel;

#define REACH_CMODEL_MAXP 6

typedef struct reach_cmodel_info {
  const char *name;  // "SSSM", "SSM1", ...
  const char *description;
  int k;  // free parameters
  const char *pname[REACH_CMODEL_MAXP];
  double lo[REACH_CMODEL_MAXP], hi[REACH_CMODEL_MAXP];    // open bounds of the fit
  double slo[REACH_CMODEL_MAXP], shi[REACH_CMODEL_MAXP];  // range of random starts
  int logscale[REACH_CMODEL_MAXP];  // bounded in log space (variances, step size)
  // below[i] = j ≥ 0: parameter i is fitted strictly below parameter j (a_f < a_s, b_s < b_f),
  // the conventional dual-rate ordering; without it slow and fast can swap labels, which makes
  // SSM5 and SSM6 the same model. Stored as index + 1 so that 0 means "no constraint".
  int below[REACH_CMODEL_MAXP];
  int reconstructed;  // 1: a reconstruction of a lost table (SSM1–SSM7)
} reach_cmodel_info;

const reach_cmodel_info *reach_cmodel_get(reach_cmodel m);
// By name, case-insensitive ("sssm", "ssm7"); -1 if unknown.
int reach_cmodel_find(const char *name);
// The reference parameter values (Table S2 for the SSSM; a plausible point for the SSMs, which
// have no published values).
void reach_cmodel_default_params(reach_cmodel m, double *theta);

#endif
