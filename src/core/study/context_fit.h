// SPDX-License-Identifier: GPL-3.0-or-later
// The files of a context-model comparison (`reachlab-cli fit`): DIR/bic.csv (model, k, n, SSE,
// R2, BIC, dBIC, reconstruction), DIR/curves.csv (the data and each model's fitted curve per
// design point) and DIR/params_<model>.ini (the fitted parameters, readable by --params).
#ifndef REACH_CONTEXT_FIT_H
#define REACH_CONTEXT_FIT_H

#include <stddef.h>

#include "../base/error.h"
#include "../context/design.h"
#include "../context/fit.h"
#include "../context/ssm.h"

// res[nm] and curves[nm][d->npoints] for models[nm]; data[d->npoints]. Each file atomic.
reach_status reach_fit_write(const char *dir, const reach_design *d, const double *data,
                             const reach_cmodel *models, int nm, const reach_fit_result *res,
                             double *const *curves, reach_error *err);

// "all" or a comma list of model names (sssm, ssm1 ... ssm7) into models[REACH_CMODEL_COUNT].
// Returns the count, or -1 with the reason (naming --models) in why.
int reach_fit_models_parse(const char *text, reach_cmodel *models, char *why, size_t len);

// Parameter recovery data: model m at its default parameters over design d, plus N(0, noise²)
// from a stream seeded with seed + 1000003 (fit --synthetic). Fills data[d->npoints].
reach_status reach_fit_synthetic(reach_design *d, reach_cmodel m, const reach_sssm_options *sssm,
                                 double noise, unsigned long seed, double *data, reach_error *err);

#endif
