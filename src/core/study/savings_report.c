// SPDX-License-Identifier: GPL-3.0-or-later
#include "savings_report.h"

#include <math.h>
#include <stdlib.h>

#include "savings.h"

// Keeps the first failure's status and message; later statistics are still computed.
static void note(reach_status st, const char *what, const reach_error *e, reach_status *first,
                 reach_error *err) {
  if (st == REACH_OK || *first != REACH_OK) return;
  *first = st;
  reach_error_set(err, st, "savings summary: %s: %s", what, e->msg);
}

reach_status reach_savings_summarise(const reach_savings_measures *m, int n, int n_boot,
                                     reach_rng *rng, reach_savings_summary *out, reach_error *err) {
  const reach_ttest none = {0, NAN, NAN, NAN, NAN, NAN};
  const reach_prob_ci no_p = {NAN, NAN, NAN, 0};
  *out = (reach_savings_summary){.networks = n, .init = none, .rate = none, .washout = none,
                                 .after = none, .p_init = no_p, .p_rate = no_p,
                                 .p_init_cross = no_p, .p_rate_cross = no_p};
  double *v = malloc(sizeof *v * 7 * (size_t)(n > 0 ? n : 1));
  if (!v) return reach_error_set(err, REACH_ERR_NOMEM, "savings summary: out of memory");
  double *ff1 = v, *ff2 = v + n, *r1 = v + 2 * n, *r2 = v + 3 * n, *nf1 = v + 4 * n,
         *nf2 = v + 5 * n, *ae = v + 6 * n;
  double abs_sum = 0.0, s1 = 0.0, s2 = 0.0;
  int n_abs = 0, n1 = 0, n2 = 0;
  for (int i = 0; i < n; i++) {
    ff1[i] = m[i].ff1_ld0, ff2[i] = m[i].ff2_ld0;
    r1[i] = m[i].ff1_rate.rate, r2[i] = m[i].ff2_rate.rate;
    nf1[i] = m[i].nf1_final, nf2[i] = m[i].nf2_final, ae[i] = m[i].after_effect;
    if (!isnan(nf1[i]) && !isnan(nf2[i])) abs_sum += fabs(nf2[i] - nf1[i]), n_abs++;
    if (!isnan(ff1[i])) s1 += ff1[i], n1++;
    if (!isnan(ff2[i])) s2 += ff2[i], n2++;
  }
  out->washout_abs_mean = n_abs ? abs_sum / n_abs : (double)NAN;
  out->ff1_ld0_mean = n1 ? s1 / n1 : (double)NAN;
  out->ff2_ld0_mean = n2 ? s2 / n2 : (double)NAN;
  if (n < 2) {
    free(v);
    return reach_error_set(err, REACH_ERR_RANGE, "savings summary: %d networks, need at least 2",
                           n);
  }
  reach_status first = REACH_OK, st;
  reach_error e = {0};
  reach_ttest t;
  st = reach_ttest_paired(ff1, ff2, n, &t, &e);
  if ((out->ok_init = st == REACH_OK)) out->init = t;
  note(st, "R1 initial LD", &e, &first, err);
  st = reach_ttest_paired(r2, r1, n, &t, &e);
  if ((out->ok_rate = st == REACH_OK)) out->rate = t;
  note(st, "R2 rate", &e, &first, err);
  st = reach_ttest_paired(nf2, nf1, n, &t, &e);
  if ((out->ok_washout = st == REACH_OK)) out->washout = t;
  note(st, "R3 washout", &e, &first, err);
  st = reach_ttest_one_sample(ae, n, 0.0, &t, &e);
  if ((out->ok_after = st == REACH_OK)) out->after = t;
  note(st, "R4 after-effect", &e, &first, err);
  reach_prob_ci pa, pc;
  st = reach_savings_prob_paired(ff1, ff2, n, REACH_SAVINGS_LOWER, n_boot, 0.95, rng, &pa, &e);
  if (st == REACH_OK)
    st = reach_savings_prob_cross(ff1, n, ff2, n, REACH_SAVINGS_LOWER, n_boot, 0.95, rng, &pc, &e);
  if ((out->ok_p_init = st == REACH_OK)) out->p_init = pa, out->p_init_cross = pc;
  note(st, "R6 probability of savings, initial LD", &e, &first, err);
  st = reach_savings_prob_paired(r1, r2, n, REACH_SAVINGS_HIGHER, n_boot, 0.95, rng, &pa, &e);
  if (st == REACH_OK)
    st = reach_savings_prob_cross(r1, n, r2, n, REACH_SAVINGS_HIGHER, n_boot, 0.95, rng, &pc, &e);
  if ((out->ok_p_rate = st == REACH_OK)) out->p_rate = pa, out->p_rate_cross = pc;
  note(st, "R6 probability of savings, rate", &e, &first, err);
  free(v);
  return first;
}

reach_status reach_savings_measures_from_file(const char *path, int tail, reach_rate_form form,
                                              reach_savings_measures *out, reach_error *err) {
  reach_savings *e = NULL;
  reach_status st = reach_savings_load(path, &e, err);
  if (st) return st;
  const double *ld[REACH_NPHASE];
  int n[REACH_NPHASE];
  for (int p = 0; p < REACH_NPHASE; p++) n[p] = reach_savings_ld(e, p, &ld[p], NULL);
  reach_error inner = {0};
  st = reach_savings_measures_compute(ld, n, tail, form, out, &inner);
  if (st) reach_error_set(err, st, "%s: %s", path, inner.msg);
  reach_savings_free(e);
  return st;
}
