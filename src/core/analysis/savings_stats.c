// SPDX-License-Identifier: GPL-3.0-or-later
#include "savings_stats.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

// ---- t-tests ------------------------------------------------------------------------------

// t-test of the n values d against 0 (paired differences, or x − mu0).
static reach_status ttest_core(const double *d, int n, const char *what, reach_ttest *out,
                               reach_error *err) {
  if (n < 2)
    return reach_error_set(err, REACH_ERR_RANGE, "%s: %d usable value%s, a t-test needs at least 2",
                           what, n, n == 1 ? "" : "s");
  const double mean = gsl_stats_mean(d, 1, (size_t)n);
  const double sd = gsl_stats_sd_m(d, 1, (size_t)n, mean);
  if (!(sd > 0.0))
    return reach_error_set(err, REACH_ERR_RANGE,
                           "%s: all %d values are %.17g (sd 0): t is undefined", what, n, mean);
  out->n = n;
  out->mean = mean;
  out->sd = sd;
  out->t = mean / (sd / sqrt((double)n));
  out->df = n - 1;
  // 2·P(T ≤ −|t|): the lower tail keeps its precision where 1 − P would round to 0.
  out->p = 2.0 * gsl_cdf_tdist_P(-fabs(out->t), out->df);
  if (out->p > 1.0) out->p = 1.0;
  return REACH_OK;
}

reach_status reach_ttest_paired(const double *a, const double *b, int n, reach_ttest *out,
                                reach_error *err) {
  if (n < 0) n = 0;
  double *d = malloc(sizeof *d * (size_t)(n > 0 ? n : 1));
  if (!d) return reach_error_set(err, REACH_ERR_NOMEM, "paired t-test: out of memory");
  int m = 0;
  for (int i = 0; i < n; i++)
    if (!isnan(a[i]) && !isnan(b[i])) d[m++] = a[i] - b[i];
  reach_status s = ttest_core(d, m, "paired t-test", out, err);
  free(d);
  return s;
}

reach_status reach_ttest_one_sample(const double *x, int n, double mu0, reach_ttest *out,
                                    reach_error *err) {
  if (n < 0) n = 0;
  double *d = malloc(sizeof *d * (size_t)(n > 0 ? n : 1));
  if (!d) return reach_error_set(err, REACH_ERR_NOMEM, "one-sample t-test: out of memory");
  int m = 0;
  for (int i = 0; i < n; i++)
    if (!isnan(x[i])) d[m++] = x[i] - mu0;
  reach_status s = ttest_core(d, m, "one-sample t-test", out, err);
  if (s == REACH_OK) out->mean += mu0;  // report the mean of x, not of x − mu0
  free(d);
  return s;
}

// ---- learning rate ------------------------------------------------------------------------

typedef struct rate_data {
  const double *x, *y;
  int n;
  reach_rate_form form;
} rate_data;

static double rate_model(const rate_data *d, const gsl_vector *th, double x) {
  const double a = exp(gsl_vector_get(th, 0)), r = exp(gsl_vector_get(th, 1));
  if (d->form == REACH_RATE_CODE) return a * exp(-r * x) + gsl_vector_get(th, 2);
  return a * exp(-r * x / 1000.0);
}

// ‖y − ŷ‖₂, the code's objective (the norm, not its square: the minimiser is the same, and the
// simplex size test then works on the scale of the data).
static double rate_objective(const gsl_vector *th, void *param) {
  const rate_data *d = param;
  double s = 0.0;
  for (int i = 0; i < d->n; i++) {
    const double e = d->y[i] - rate_model(d, th, d->x[i]);
    s += e * e;
  }
  const double f = sqrt(s);
  return isfinite(f) ? f : HUGE_VAL;  // exp overflow far from the start: reject the vertex
}

enum { RATE_MAX_ITER = 20000 };
// Simplex size in θ (log-rate units). Far tighter than scipy's defaults the authors ran with
// (xatol = fatol = 1e-4, at most 200·k iterations), which stop within ~1e-4 of the minimum in
// θ1, i.e. a relative rate error of order 1e-4: below run-to-run noise, but a reason not to
// expect the authors' rates to more than about 4 digits.
static const double RATE_TOL = 1e-10;

// One Nelder–Mead run from th (updated in place). Step sizes as scipy's default initial simplex
// (5 % of each non-zero coordinate, 0.00025 for a zero one), which the code's fit started from.
static int nm_run(rate_data *d, gsl_vector *th, double *fmin, int *iters, bool *conv) {
  const size_t k = th->size;
  gsl_vector *step = gsl_vector_alloc(k);
  gsl_multimin_fminimizer *s = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, k);
  if (!step || !s) {
    gsl_vector_free(step);
    if (s) gsl_multimin_fminimizer_free(s);
    return -1;
  }
  for (size_t i = 0; i < k; i++) {
    const double v = gsl_vector_get(th, i);
    gsl_vector_set(step, i, v != 0.0 ? 0.05 * fabs(v) : 0.00025);
  }
  gsl_multimin_function fn = {rate_objective, k, d};
  gsl_multimin_fminimizer_set(s, &fn, th, step);
  *conv = false;
  int it = 0;
  while (it < RATE_MAX_ITER) {
    it++;
    if (gsl_multimin_fminimizer_iterate(s) != GSL_SUCCESS) break;
    if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), RATE_TOL) == GSL_SUCCESS) {
      *conv = true;
      break;
    }
  }
  gsl_vector_memcpy(th, gsl_multimin_fminimizer_x(s));
  *fmin = gsl_multimin_fminimizer_minimum(s);
  *iters += it;
  gsl_multimin_fminimizer_free(s);
  gsl_vector_free(step);
  return 0;
}

reach_status reach_rate_fit_ld(const double *ld, int n, reach_rate_form form, reach_rate_fit *out,
                               reach_error *err) {
  if (form != REACH_RATE_CODE && form != REACH_RATE_PAPER)
    return reach_error_set(err, REACH_ERR_USAGE, "rate fit: unknown form %d", (int)form);
  for (int i = 0; i < n; i++)
    if (!isfinite(ld[i]))
      return reach_error_set(err, REACH_ERR_NUMERIC, "rate fit: LD of batch %d is %g", i, ld[i]);
  const int m = form == REACH_RATE_CODE ? n / 5 : n - 4;
  if (m < 3)
    return reach_error_set(err, REACH_ERR_RANGE,
                           "rate fit: %d batches give %d points after 5-batch %s; need at least 3",
                           n, m > 0 ? m : 0, form == REACH_RATE_CODE ? "blocks" : "smoothing");
  double *x = malloc(sizeof *x * 2 * (size_t)m);
  if (!x) return reach_error_set(err, REACH_ERR_NOMEM, "rate fit: out of memory");
  double *y = x + m;
  for (int i = 0; i < m; i++) {
    const int first = form == REACH_RATE_CODE ? 5 * i : i;
    double s = 0.0;
    for (int j = 0; j < 5; j++) s += ld[first + j];
    y[i] = s / 5.0;
    x[i] = form == REACH_RATE_CODE ? i : i + 2;
  }
  if (!(y[0] > 0.0)) {
    const double y0 = y[0];
    free(x);
    return reach_error_set(err, REACH_ERR_RANGE,
                           "rate fit: the first %s LD is %.6g m; the fit starts from its logarithm "
                           "and needs it positive (flip a counter-clockwise phase's sign first)",
                           form == REACH_RATE_CODE ? "block-mean" : "smoothed", y0);
  }
  rate_data d = {x, y, m, form};
  const size_t k = form == REACH_RATE_CODE ? 3 : 2;
  gsl_vector *th = gsl_vector_alloc(k);
  if (!th) {
    free(x);
    return reach_error_set(err, REACH_ERR_NOMEM, "rate fit: out of memory");
  }
  gsl_vector_set(th, 0, log(y[0]));
  gsl_vector_set(th, 1, log(form == REACH_RATE_CODE ? 0.004 : 0.8));
  if (k == 3) gsl_vector_set(th, 2, y[m - 1]);
  double fmin = 0.0;
  int iters = 0;
  bool conv = false;
  // A second run from the first one's minimum: Nelder–Mead can collapse its simplex before the
  // minimum on a long, curved valley (amplitude and offset trade off against the rate); a
  // restart costs little and only ever lowers the residual.
  int rc = nm_run(&d, th, &fmin, &iters, &conv);
  if (rc == 0) rc = nm_run(&d, th, &fmin, &iters, &conv);
  if (rc) {
    gsl_vector_free(th);
    free(x);
    return reach_error_set(err, REACH_ERR_NOMEM, "rate fit: out of memory");
  }
  out->form = form;
  out->amplitude = exp(gsl_vector_get(th, 0));
  out->rate = exp(gsl_vector_get(th, 1));
  out->rate_per_batch = form == REACH_RATE_CODE ? out->rate / 5.0 : out->rate / 1000.0;
  out->offset = k == 3 ? gsl_vector_get(th, 2) : 0.0;
  out->resid_norm = fmin;
  out->points = m;
  out->iterations = iters;
  out->converged = conv;
  gsl_vector_free(th);
  free(x);
  if (!isfinite(out->rate) || !isfinite(out->amplitude) || !isfinite(fmin))
    return reach_error_set(err, REACH_ERR_NUMERIC, "rate fit: the fit diverged (rate %g, ‖r‖ %g)",
                           out->rate, fmin);
  return REACH_OK;
}

// ---- per-network measures -----------------------------------------------------------------

static double tail_mean(const double *x, int n, int tail) {
  const int m = n < tail ? n : tail;
  double s = 0.0;
  for (int i = n - m; i < n; i++) s += x[i];
  return s / m;
}

reach_status reach_savings_measures_compute(const double *const ld[REACH_NPHASE],
                                            const int n[REACH_NPHASE], int tail,
                                            reach_rate_form form, reach_savings_measures *out,
                                            reach_error *err) {
  if (tail < 1)
    return reach_error_set(err, REACH_ERR_USAGE, "savings measures: tail %d, expected >= 1", tail);
  for (int p = 0; p < REACH_NPHASE; p++)
    if (n[p] < 1 || !ld[p])
      return reach_error_set(err, REACH_ERR_RANGE, "savings measures: phase %s has no LD log",
                             reach_phase_names[p]);
  out->ff1_ld0 = ld[1][0];
  out->ff2_ld0 = ld[3][0];
  out->nf1_final = tail_mean(ld[0], n[0], tail);
  out->nf2_final = tail_mean(ld[2], n[2], tail);
  out->washout_diff = out->nf2_final - out->nf1_final;
  out->after_effect = ld[2][0];
  for (int p = 1; p < REACH_NPHASE; p += 2) {
    reach_rate_fit *f = p == 1 ? &out->ff1_rate : &out->ff2_rate;
    reach_error e = {0};
    if (reach_rate_fit_ld(ld[p], n[p], form, f, &e) != REACH_OK)
      return reach_error_set(err, e.code, "%s: %s", reach_phase_names[p], e.msg);
  }
  return REACH_OK;
}

// ---- probability of savings ---------------------------------------------------------------

static bool beats(double ff1, double ff2, reach_savings_dir dir) {
  return dir == REACH_SAVINGS_LOWER ? ff2 < ff1 : ff2 > ff1;
}

// Percentile CI of the bootstrap means of the 0/1 values w[m]: resample m with replacement,
// n_boot times; quantiles with linear interpolation (numpy's and seaborn's default).
static reach_status boot_ci(const unsigned char *w, size_t m, int n_boot, double level,
                            reach_rng *rng, reach_prob_ci *out, reach_error *err) {
  double *means = malloc(sizeof *means * (size_t)n_boot);
  if (!means) return reach_error_set(err, REACH_ERR_NOMEM, "bootstrap: out of memory");
  for (int b = 0; b < n_boot; b++) {
    size_t hits = 0;
    for (size_t i = 0; i < m; i++) hits += w[reach_rng_below(rng, m)];
    means[b] = (double)hits / (double)m;
  }
  gsl_sort(means, 1, (size_t)n_boot);
  const double a = 0.5 * (1.0 - level);
  out->lo = gsl_stats_quantile_from_sorted_data(means, 1, (size_t)n_boot, a);
  out->hi = gsl_stats_quantile_from_sorted_data(means, 1, (size_t)n_boot, 1.0 - a);
  free(means);
  return REACH_OK;
}

static reach_status check_boot(int n_boot, double level, reach_rng *rng, reach_error *err) {
  if (n_boot < 1 || !(level > 0.0 && level < 1.0) || !rng)
    return reach_error_set(err, REACH_ERR_USAGE,
                           "probability of savings: n_boot %d (>= 1), level %g (in (0, 1)) and an "
                           "rng are required",
                           n_boot, level);
  return REACH_OK;
}

reach_status reach_savings_prob_paired(const double *ff1, const double *ff2, int n,
                                       reach_savings_dir dir, int n_boot, double level,
                                       reach_rng *rng, reach_prob_ci *out, reach_error *err) {
  reach_status s0 = check_boot(n_boot, level, rng, err);
  if (s0) return s0;
  unsigned char *w = malloc((size_t)(n > 0 ? n : 1));
  if (!w) return reach_error_set(err, REACH_ERR_NOMEM, "probability of savings: out of memory");
  size_t m = 0, hits = 0;
  for (int i = 0; i < n; i++)
    if (!isnan(ff1[i]) && !isnan(ff2[i])) {
      w[m] = beats(ff1[i], ff2[i], dir);
      hits += w[m++];
    }
  if (m == 0) {
    free(w);
    return reach_error_set(err, REACH_ERR_RANGE, "probability of savings: no usable network pair");
  }
  out->p = (double)hits / (double)m;
  out->pairs = (int)m;
  reach_status s = boot_ci(w, m, n_boot, level, rng, out, err);
  free(w);
  return s;
}

reach_status reach_savings_prob_cross(const double *ff1, int n1, const double *ff2, int n2,
                                      reach_savings_dir dir, int n_boot, double level,
                                      reach_rng *rng, reach_prob_ci *out, reach_error *err) {
  reach_status s0 = check_boot(n_boot, level, rng, err);
  if (s0) return s0;
  const size_t cap = (size_t)(n1 > 0 ? n1 : 0) * (size_t)(n2 > 0 ? n2 : 0);
  unsigned char *w = malloc(cap ? cap : 1);
  if (!w) return reach_error_set(err, REACH_ERR_NOMEM, "probability of savings: out of memory");
  size_t m = 0, hits = 0;
  for (int i = 0; i < n1; i++) {
    if (isnan(ff1[i])) continue;
    for (int j = 0; j < n2; j++) {
      if (isnan(ff2[j])) continue;
      w[m] = beats(ff1[i], ff2[j], dir);
      hits += w[m++];
    }
  }
  if (m == 0) {
    free(w);
    return reach_error_set(err, REACH_ERR_RANGE,
                           "probability of savings: no usable FF1 x FF2 pair");
  }
  out->p = (double)hits / (double)m;
  out->pairs = (int)m;
  reach_status s = boot_ci(w, m, n_boot, level, rng, out, err);
  free(w);
  return s;
}

// ---- halving ------------------------------------------------------------------------------

int reach_ld_halving_batch(const double *ld, int n) {
  if (!ld || n < 1 || !isfinite(ld[0]) || !(ld[0] > 0.0)) return -1;
  const double half = 0.5 * ld[0];
  for (int c = 0; c + 2 < n; c++) {
    double s = 0.0;
    int m = 0;
    for (int k = c - 2; k <= c + 2; k++)
      if (k >= 0) s += ld[k], m++;
    if (s / m <= half) return c;
  }
  return -1;
}
