// SPDX-License-Identifier: GPL-3.0-or-later
// The files of a context-model comparison (`reachlab-cli fit`): DIR/bic.csv (model, k, n, SSE,
// R2, BIC, dBIC, reconstruction), DIR/curves.csv (the data and each model's fitted curve per
// design point) and DIR/params_<model>.ini (the fitted parameters, readable by --params).
#ifndef REACH_CONTEXT_FIT_H
#define REACH_CONTEXT_FIT_H

#include "../base/error.h"
#include "../context/design.h"
#include "../context/fit.h"
#include "../context/ssm.h"

// res[nm] and curves[nm][d->npoints] for models[nm]; data[d->npoints]. Each file atomic.
reach_status reach_fit_write(const char *dir, const reach_design *d, const double *data,
                             const reach_cmodel *models, int nm, const reach_fit_result *res,
                             double *const *curves, reach_error *err);

#endif
