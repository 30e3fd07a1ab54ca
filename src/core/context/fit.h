// SPDX-License-Identifier: GPL-3.0-or-later
// Least-squares fits of the context models to group-mean channel adaptation (spec §1.7), and
// their comparison by BIC = n ln(SSE/n) + k ln n. Parameters stay inside their bounds through
// logistic transforms (log-logistic for variances and step sizes); several Nelder–Mead starts
// are drawn from a seeded GSL generator, so a fit is reproducible.
#ifndef REACH_FIT_H
#define REACH_FIT_H

#include <math.h>

#include "../base/error.h"
#include "design.h"
#include "model.h"

// Where a fit is, after each start (reach_fit_options.progress).
typedef struct reach_fit_progress {
  reach_cmodel model;
  int model_index, models;  // the model's place in the comparison (0 of 1 for reach_fit_model)
  int start, starts;        // starts finished for this model, and its number (nstarts + 1)
  double best_sse;          // this model's best SSE so far
  int evals;                // its objective evaluations so far
  double elapsed_s;         // since the fit (or comparison) began
  double eta_s;             // what is left at the time per start so far
} reach_fit_progress;

typedef struct reach_fit_options {
  int nstarts;              // random starts per model (the default point is always one more)
  unsigned long seed;       // of the gsl_rng that draws the starts
  int max_iter;             // Nelder–Mead iterations per start
  double tol;               // simplex size (in transformed units) at which a start stops
  reach_sssm_options sssm;  // SSSM variant used for fitting (default: paper)
  // Called after every start (NULL: none); it only reads p.
  void (*progress)(const reach_fit_progress *p, void *user);
  void *user;
} reach_fit_options;

reach_fit_options reach_fit_options_default(void);

typedef struct reach_fit_result {
  reach_cmodel model;
  int k, n;                         // free parameters, data points
  double theta[REACH_CMODEL_MAXP];  // best parameters
  double sse, r2, bic;
  double dbic;    // BIC − the smallest BIC of the comparison (reach_fit_compare)
  int evals;      // objective evaluations over all starts
  int starts_ok;  // starts that ended below max_iter
} reach_fit_result;

static inline double reach_fit_bic(double sse, int n, int k) {
  return n * log(sse / n) + k * log((double)n);
}

// SSE of model m at theta against data[d->npoints] (NAN-free).
reach_status reach_fit_sse(reach_design *d, const double *data, reach_cmodel m, const double *theta,
                           const reach_sssm_options *sssm, double *sse, reach_error *err);
// Fits one model. res->dbic is 0.
reach_status reach_fit_model(reach_design *d, const double *data, reach_cmodel m,
                             const reach_fit_options *opt, reach_fit_result *res, reach_error *err);
// Fits models[0..nm) and fills dbic relative to the best of them.
reach_status reach_fit_compare(reach_design *d, const double *data, const reach_cmodel *models,
                               int nm, const reach_fit_options *opt, reach_fit_result *res,
                               reach_error *err);

// A user's data file: CSV with header group,control_point,channel_index and one of
// adaptation (a fraction, 1 = full compensation) or adaptation_percent; group is `same` or
// `opposing`, control point 2 of the opposing group sign-inverted as in Fig. 3. Every point
// of the design must appear exactly once. Fills data[d->npoints].
reach_status reach_fit_data_read(const char *path, const reach_design *d, double *data,
                                 reach_error *err);

#endif
