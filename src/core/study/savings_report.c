// SPDX-License-Identifier: GPL-3.0-or-later
#include "savings_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
  *out = (reach_savings_summary){.networks = n,
                                 .init = none,
                                 .rate = none,
                                 .washout = none,
                                 .after = none,
                                 .p_init = no_p,
                                 .p_rate = no_p,
                                 .p_init_cross = no_p,
                                 .p_rate_cross = no_p};
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

static double sgn(double x) { return x < 0.0 ? -1.0 : 1.0; }

static bool perturbed(const reach_phase *q) {
  return (q->kind == REACH_PHASE_CURL && q->gain != 0.0) ||
         (q->kind == REACH_PHASE_ROTATION && q->angle_deg != 0.0);
}

static bool same_perturbation(const reach_phase *a, const reach_phase *b) {
  return a->kind == b->kind && a->context == b->context &&
         (a->kind == REACH_PHASE_CURL ? a->gain == b->gain : a->angle_deg == b->angle_deg);
}

static double perturbation_sign(const reach_phase *q) {
  return q->kind == REACH_PHASE_ROTATION ? -sgn(q->angle_deg) : sgn(q->gain);
}

static void list_names(const reach_phase *ph, int n, char *buf, size_t len) {
  size_t used = 0;
  buf[0] = '\0';
  for (int p = 0; p < n && used < len; p++)
    used += (size_t)snprintf(buf + used, len - used, "%s%s", p ? ", " : "", ph[p].name);
}

reach_status reach_compare_choose(const reach_phase *phases, int n, const char *spec,
                                  reach_compare *out, reach_error *err) {
  int a = -1, b = -1;
  char names[REACH_MAX_PHASES * (REACH_PHASE_NAME + 2) + 1];
  list_names(phases, n, names, sizeof names);
  if (spec && spec[0]) {
    const char *comma = strchr(spec, ',');
    if (!comma)
      return reach_error_set(err, REACH_ERR_PARSE,
                             "--compare '%s': expected two phase names 'A,B' (the protocol's: %s)",
                             spec, names);
    for (int p = 0; p < n; p++) {
      const size_t len = strlen(phases[p].name);
      if ((size_t)(comma - spec) == len && !strncmp(spec, phases[p].name, len)) a = p;
      if (!strcmp(comma + 1, phases[p].name)) b = p;
    }
    if (a < 0 || b < 0 || a == b)
      return reach_error_set(err, REACH_ERR_PARSE,
                             "--compare '%s': expected two different phases of the protocol (%s)",
                             spec, names);
  } else {
    for (int p = 0; p < n && b < 0; p++) {
      if (!perturbed(&phases[p])) continue;
      for (int q = p + 1; q < n && b < 0; q++)
        if (same_perturbation(&phases[p], &phases[q])) a = p, b = q;
    }
    for (int p = 0; p < n && b < 0; p++) {
      if (!perturbed(&phases[p])) continue;
      if (a < 0)
        a = p;
      else
        b = p;
    }
    if (b < 0)
      return reach_error_set(err, REACH_ERR_PARSE,
                             "the protocol (%s) has fewer than two perturbed phases to compare; "
                             "name two with --compare A,B",
                             names);
  }
  *out = (reach_compare){.first = a,
                         .second = b,
                         .before_first = a - 1,
                         .before_second = b - 1 > a ? b - 1 : -1,
                         .sign_first = perturbation_sign(&phases[a]),
                         .sign_second = perturbation_sign(&phases[b])};
  // The four-phase study compares its fields' errors each in its own direction (sign of the
  // gain): the opposite-field control flips FF2, as the code does.
  return REACH_OK;
}

reach_compare_measure reach_compare_measure_of(const reach_phase *phases, const reach_compare *c) {
  return phases[c->first].kind == REACH_PHASE_ROTATION &&
                 phases[c->second].kind == REACH_PHASE_ROTATION
             ? REACH_COMPARE_DIRECTION
             : REACH_COMPARE_LD;
}

reach_status reach_savings_compare_pair(const reach_savings *e, const char *compare,
                                        reach_compare *out, reach_error *err) {
  int np = 0;
  const reach_phase *ph = reach_savings_phases(e, &np);
  if ((!compare || !compare[0]) && reach_savings_config(e)->nphase == 0) compare = "FF1,FF2";
  return reach_compare_choose(ph, np, compare, out, err);
}

// reach_savings_compare_pair, its error naming the file.
static reach_status choose_for(const reach_savings *e, const char *path, const char *compare,
                               reach_compare *cmp, reach_error *err) {
  reach_error inner = {0};
  if (reach_savings_compare_pair(e, compare, cmp, &inner))
    return reach_error_set(err, inner.code, "%s: %s", path, inner.msg);
  return REACH_OK;
}

bool reach_compare_is_study(const reach_phase *phases, int n, const reach_compare *cmp) {
  return n == REACH_NPHASE && cmp->first == 1 && cmp->second == 3 &&
         phases[1].kind == REACH_PHASE_CURL && phases[0].kind == REACH_PHASE_NULL &&
         phases[2].kind == REACH_PHASE_NULL;
}

void reach_compare_roles(const reach_compare *cmp, int role[REACH_NPHASE]) {
  role[0] = cmp->before_first;
  role[1] = cmp->first;
  role[2] = cmp->before_second;
  role[3] = cmp->second;
}

// The log of a part no phase plays: one NaN, so its statistics are NaN.
static const double no_log = NAN;

// The LD log (dir: the direction-error log) of the phase playing part p (roles), or no_log.
static int role_log(const reach_savings *e, const int role[REACH_NPHASE], int p, bool dir,
                    const double **log) {
  if (role[p] < 0) {
    *log = &no_log;
    return 1;
  }
  return dir ? reach_savings_direction_error(e, role[p], log)
             : reach_savings_ld(e, role[p], log, NULL);
}

// The four parts' logs (LD, or with dir the direction error), signed as the report signs them
// (each perturbation's error positive: sign_first for NF1, FF1 and NF2, so the after-effect keeps
// its sign; sign_second for FF2), into out[p] (allocated; the caller frees them) with n[p]
// entries. A missing log (a file from before the direction-error log) reads NaN. false: out of
// memory.
static bool signed_logs(const reach_savings *e, const int role[REACH_NPHASE], bool dir,
                        double sign_first, double sign_second, double *out[REACH_NPHASE],
                        int n[REACH_NPHASE]) {
  bool ok = true;
  for (int p = 0; p < REACH_NPHASE; p++) {
    const double *log = NULL;
    n[p] = role_log(e, role, p, dir, &log);
    out[p] = ok ? malloc(sizeof(double) * (size_t)(n[p] + 1)) : NULL;
    ok = ok && out[p];
    const double s = p == 3 ? sign_second : sign_first;
    for (int k = 0; ok && k < n[p]; k++) out[p][k] = log ? s * log[k] : (double)NAN;
  }
  return ok;
}

static void measures_nan(reach_savings_measures *m) {
  const reach_rate_fit nofit = {.rate = NAN};
  *m = (reach_savings_measures){.ff1_ld0 = NAN,
                                .ff2_ld0 = NAN,
                                .ff1_rate = nofit,
                                .ff2_rate = nofit,
                                .nf1_final = NAN,
                                .nf2_final = NAN,
                                .washout_diff = NAN,
                                .after_effect = NAN};
}

// x->dm: the measures of the pair's direction-error logs, signed as its LD (a rotation by +a
// moves the cursor counter-clockwise, negative in both). A file from before the log holds NaN
// there, and so do the measures.
static void direction_measures(const reach_savings *e, const reach_phase *ph,
                               const int role[REACH_NPHASE], reach_report_network *x) {
  measures_nan(&x->dm);
  x->rotation = (role[1] >= 0 && ph[role[1]].kind == REACH_PHASE_ROTATION) ||
                (role[3] >= 0 && ph[role[3]].kind == REACH_PHASE_ROTATION);
  if (!x->rotation) return;
  double *buf[REACH_NPHASE];
  int n[REACH_NPHASE];
  const bool ok = signed_logs(e, role, true, x->sign_ff1, x->sign_ff2, buf, n);
  const double *dc[REACH_NPHASE] = {buf[0], buf[1], buf[2], buf[3]};
  reach_error inner = {0};
  if (ok && reach_savings_measures_compute(dc, n, 1, REACH_RATE_CODE, &x->dm, &inner)) {
    snprintf(x->dir_rate_error, sizeof x->dir_rate_error, "%s", inner.msg);
    x->dm.ff1_rate.rate = x->dm.ff2_rate.rate = (double)NAN;
  }
  for (int p = 0; p < REACH_NPHASE; p++) free(buf[p]);
}

reach_status reach_savings_measures_from_file(const char *path, int tail, reach_rate_form form,
                                              reach_savings_measures *out, reach_error *err) {
  return reach_savings_measures_from_file_compare(path, NULL, tail, form, out, err);
}

reach_status reach_savings_measures_from_file_compare(const char *path, const char *compare,
                                                      int tail, reach_rate_form form,
                                                      reach_savings_measures *out,
                                                      reach_error *err) {
  reach_savings *e = NULL;
  reach_status st = reach_savings_load(path, &e, err);
  if (st) return st;
  reach_compare cmp;
  int role[REACH_NPHASE];
  double *lds[REACH_NPHASE] = {0};
  if ((st = choose_for(e, path, compare, &cmp, err))) goto done;
  reach_compare_roles(&cmp, role);
  // Signed as the report signs them (reach_report_network): +1 for the study's clockwise fields,
  // so its numbers are the logs' own.
  int n[REACH_NPHASE];
  if (!signed_logs(e, role, false, cmp.sign_first, cmp.sign_second, lds, n)) {
    st = reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
    goto done;
  }
  const double *ldc[REACH_NPHASE] = {lds[0], lds[1], lds[2], lds[3]};
  reach_error inner = {0};
  st = reach_savings_measures_compute(ldc, n, tail, form, out, &inner);
  if (st) reach_error_set(err, st, "%s: %s", path, inner.msg);
done:
  for (int p = 0; p < REACH_NPHASE; p++) free(lds[p]);
  reach_savings_free(e);
  return st;
}

reach_status reach_report_network_load(const char *path, int index, reach_report_network *x,
                                       reach_network_analysis *full, bool *full_kept,
                                       reach_error *err) {
  return reach_report_network_load_compare(path, index, NULL, x, full, full_kept, err);
}

reach_status reach_report_network_load_compare(const char *path, int index, const char *compare,
                                               reach_report_network *x,
                                               reach_network_analysis *full, bool *full_kept,
                                               reach_error *err) {
  memset(x, 0, sizeof *x);
  x->index = index;
  if (full_kept) *full_kept = false;
  reach_savings *e = NULL;
  reach_status st = reach_savings_load(path, &e, err);
  if (st != REACH_OK) return st;
  const reach_config *c = reach_savings_config(e);
  snprintf(x->engine, sizeof x->engine, "%s", reach_savings_file_engine(e));
  x->cfg = *c;
  x->units = c->units;
  x->seed = c->seed;
  int np = 0;
  const reach_phase *ph = reach_savings_phases(e, &np);
  reach_error inner = {0};
  if ((st = choose_for(e, path, compare, &x->compare, err))) goto done;
  int role[REACH_NPHASE];
  reach_compare_roles(&x->compare, role);
  for (int p = 0; p < REACH_NPHASE; p++) {
    const reach_phase *q = role[p] >= 0 ? &ph[role[p]] : NULL;
    x->field[p] = q && q->kind == REACH_PHASE_CURL ? q->gain : 0.0;
    snprintf(x->phase_name[p], sizeof x->phase_name[p], "%s", q ? q->name : "");
  }
  x->sign_ff1 = x->compare.sign_first;
  x->sign_ff2 = x->compare.sign_second;
  if (reach_savings_stage(e) != REACH_STAGE_DONE) {
    st = reach_error_set(err, REACH_ERR_USAGE, "%s has not finished its phases", path);
    goto done;
  }
  const double *ldp[REACH_NPHASE];
  const double *lds_c[REACH_NPHASE];
  for (int p = 0; p < REACH_NPHASE; p++) {
    x->n[p] = role_log(e, role, p, false, &ldp[p]);
    x->ld[p] = malloc(sizeof(double) * (size_t)(x->n[p] + 1));
    x->lds[p] = malloc(sizeof(double) * (size_t)(x->n[p] + 1));
    if (!x->ld[p] || !x->lds[p]) {
      st = reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
      goto done;
    }
    double s = p == 3 ? x->sign_ff2 : x->sign_ff1;
    for (int k = 0; k < x->n[p]; k++) x->ld[p][k] = ldp[p][k], x->lds[p][k] = s * ldp[p][k];
    lds_c[p] = x->lds[p];
  }
  if (reach_savings_measures_compute(lds_c, x->n, 1, REACH_RATE_CODE, &x->m, &inner)) {
    // The LD measures are filled before the fits: keep them, drop the rates (a tiny or
    // untrained network can start a phase at LD <= 0, where the code's fit has no start value).
    snprintf(x->rate_error, sizeof x->rate_error, "%s", inner.msg);
    x->m.ff1_rate.rate = x->m.ff2_rate.rate = (double)NAN;
  }
  direction_measures(e, ph, role, x);
  reach_network_analysis a;
  // Its traces meet FF1's curl field; a protocol whose first compared phase is not one has no such
  // network to analyse.
  const bool four_phase = reach_compare_is_study(ph, np, &x->compare);
  if (!four_phase)
    snprintf(
        inner.msg, sizeof inner.msg,
        "the neural analyses are the four-phase study's (NF1, a curl field FF1, the washout NF2, "
        "FF2), not of %s vs %s",
        x->phase_name[1], x->phase_name[3]);
  if (!four_phase || reach_network_analyse(e, &a, &inner)) {
    snprintf(x->analysis_error, sizeof x->analysis_error, "%s", inner.msg);
    for (int p = 0; p < REACH_NPHASE; p++) x->us_proj[p] = x->ring_rot[p] = (double)NAN;
    x->us_norm = x->ff1_b0_ld = x->ff2_b0_ld = x->dose_slope = (double)NAN;
    for (int d = 0; d < REACH_NA_NDOSE; d++)
      x->dose_ld[d] = x->dose_act[d] = x->dose_hid[d] = (double)NAN;
    for (int j = 0; j < REACH_NA_NPC; j++) x->pca_ratio[j] = x->pca_ff2[j] = (double)NAN;
    for (int j = 0; j < REACH_EX_K; j++) x->ex_angle_ff[j] = x->ex_angle_nf[j] = (double)NAN;
    x->ex_shift_ff = x->ex_shift_nf = (double)NAN;
    for (int d = 0; d < REACH_NA_NDOSE; d++) x->ex_dose_rel[d] = (double)NAN;
    goto done;
  }
  x->analysed = true;
  for (int p = 0; p < REACH_NPHASE; p++)
    x->us_proj[p] = a.us.proj[p], x->ring_rot[p] = a.ring_rotation[p];
  x->us_norm = a.us.norm;
  x->ff1_b0_ld = x->sign_ff1 * a.ff1_b0_ld;
  x->ff2_b0_ld = x->sign_ff2 * a.ff2_b0_ld;
  // The dose-response slope: least squares of signed FF2 LD (mm) on the push size m.
  double sm = 0, sy = 0, smm = 0, smy = 0;
  for (int d = 0; d < REACH_NA_NDOSE; d++) {
    x->dose_ld[d] = x->sign_ff2 * a.dose_ld[d];
    x->dose_act[d] = a.dose_act_change[d];
    x->dose_hid[d] = a.dose_hidden_change[d];
    double mm = reach_na_dose[d], y = 1e3 * x->dose_ld[d];
    sm += mm, sy += y, smm += mm * mm, smy += mm * y;
  }
  const double nd = REACH_NA_NDOSE;
  x->dose_slope = (smy - sm * sy / nd) / (smm - sm * sm / nd);
  for (int j = 0; j < REACH_NA_NPC; j++)
    x->pca_ratio[j] = a.pca_ratio[j], x->pca_ff2[j] = a.pca_ff2_explained[j];
  reach_execution ex;
  const bool ex_ok = reach_execution_analyse(&a, &ex, &inner) == REACH_OK;
  for (int j = 0; j < REACH_EX_K; j++) {
    x->ex_angle_ff[j] = ex_ok ? ex.angle_ff[j] : (double)NAN;
    x->ex_angle_nf[j] = ex_ok ? ex.angle_nf[j] : (double)NAN;
  }
  x->ex_shift_ff = ex_ok ? ex.shift_ff_mean : (double)NAN;
  x->ex_shift_nf = ex_ok ? ex.shift_nf_mean : (double)NAN;
  for (int d = 0; d < REACH_NA_NDOSE; d++)
    x->ex_dose_rel[d] = ex_ok ? ex.dose_move_rel[d] : (double)NAN;
  if (ex_ok) reach_execution_free(&ex);
  if (full) {
    *full = a;
    if (full_kept) *full_kept = true;
  } else {
    reach_network_analysis_free(&a);
  }
done:
  reach_savings_free(e);
  return st;
}

void reach_report_network_free(reach_report_network *x) {
  for (int p = 0; p < REACH_NPHASE; p++) {
    free(x->ld[p]);
    free(x->lds[p]);
    x->ld[p] = x->lds[p] = NULL;
  }
}

void reach_report_neural_stats(const reach_report_network *net, int n, reach_report_neural *out) {
  const double deg_per_rad = 57.295779513082321;
  const reach_ttest none = {0, NAN, NAN, NAN, NAN, NAN};
  double *v = malloc(sizeof *v * 3 * (size_t)(n > 0 ? n : 1));
  reach_error err = {0};
  *out = (reach_report_neural){.rot_ff1 = none, .us_nf2 = none, .slope = none};
  if (!v) return;
  for (int i = 0; i < n; i++) {
    v[i] = net[i].ring_rot[1] * deg_per_rad;
    v[n + i] = net[i].us_proj[2];
    v[2 * n + i] = net[i].dose_slope;
  }
  out->rot_ok = reach_ttest_one_sample(v, n, 0.0, &out->rot_ff1, &err) == REACH_OK;
  out->us_ok = reach_ttest_one_sample(v + n, n, 0.0, &out->us_nf2, &err) == REACH_OK;
  out->slope_ok = reach_ttest_one_sample(v + 2 * n, n, 0.0, &out->slope, &err) == REACH_OK;
  if (!out->rot_ok) out->rot_ff1 = none;
  if (!out->us_ok) out->us_nf2 = none;
  if (!out->slope_ok) out->slope = none;
  // The execution period: the separations against 0, the rest as means over analysed networks.
  double *sf = malloc(sizeof *sf * 2 * (size_t)(n > 0 ? n : 1));
  if (sf) {
    for (int i = 0; i < n; i++) sf[i] = net[i].ex_shift_ff, sf[n + i] = net[i].ex_shift_nf;
    out->ex_ff_ok = reach_ttest_one_sample(sf, n, 0.0, &out->ex_shift_ff, &err) == REACH_OK;
    out->ex_nf_ok = reach_ttest_one_sample(sf + n, n, 0.0, &out->ex_shift_nf, &err) == REACH_OK;
    free(sf);
  }
  if (!out->ex_ff_ok) out->ex_shift_ff = none;
  if (!out->ex_nf_ok) out->ex_shift_nf = none;
  for (int j = 0; j < REACH_EX_K; j++) out->ex_angle_ff[j] = out->ex_angle_nf[j] = 0.0;
  for (int d = 0; d < REACH_NA_NDOSE; d++) out->ex_dose_rel[d] = 0.0;
  int n_ex = 0;
  for (int i = 0; i < n; i++) {
    const reach_report_network *x = &net[i];
    if (!x->analysed || isnan(x->ex_shift_ff)) continue;
    n_ex++;
    for (int j = 0; j < REACH_EX_K; j++)
      out->ex_angle_ff[j] += x->ex_angle_ff[j] * deg_per_rad,
          out->ex_angle_nf[j] += x->ex_angle_nf[j] * deg_per_rad;
    for (int d = 0; d < REACH_NA_NDOSE; d++) out->ex_dose_rel[d] += x->ex_dose_rel[d];
  }
  for (int j = 0; j < REACH_EX_K; j++)
    out->ex_angle_ff[j] = n_ex ? out->ex_angle_ff[j] / n_ex : (double)NAN,
    out->ex_angle_nf[j] = n_ex ? out->ex_angle_nf[j] / n_ex : (double)NAN;
  for (int d = 0; d < REACH_NA_NDOSE; d++)
    out->ex_dose_rel[d] = n_ex ? out->ex_dose_rel[d] / n_ex : (double)NAN;
  for (int i = 0; i < n; i++) {
    const reach_report_network *x = &net[i];
    if (!x->analysed) continue;
    bool mono = true;
    for (int d = 1; d < REACH_NA_NDOSE; d++) mono = mono && x->dose_ld[d] < x->dose_ld[d - 1];
    out->monotone += mono;
    out->gone += x->dose_ld[0] >= x->ff1_b0_ld;
  }
  free(v);
}

// A paired t-test, or the all-NaN test when it cannot be computed; true when it could.
static bool paired_or_none(const double *a, const double *b, int n, reach_ttest *t) {
  reach_error e = {0};
  if (reach_ttest_paired(a, b, n, t, &e) == REACH_OK) return true;
  *t = (reach_ttest){0, NAN, NAN, NAN, NAN, NAN};
  return false;
}

reach_status reach_report_runs_paired(const reach_report_network *a, int na,
                                      const reach_report_network *b, int nb, reach_runs_paired *out,
                                      reach_error *err) {
  const reach_ttest none = {0, NAN, NAN, NAN, NAN, NAN};
  *out = (reach_runs_paired){.ff1_ld0 = none, .ff2_ld0 = none, .ff2_rate = none, .us_ff2 = none};
  // zeroed, so that no entry past the k filled is ever read uninitialised (and the compiler sees
  // it)
  double *v = calloc(8 * (size_t)(na > 0 ? na : 1), sizeof *v);
  if (!v) return reach_error_set(err, REACH_ERR_NOMEM, "paired runs: out of memory");
  double *a1 = v, *b1 = v + na, *a2 = v + 2 * na, *b2 = v + 3 * na, *ar = v + 4 * na,
         *br = v + 5 * na, *au = v + 6 * na, *bu = v + 7 * na;
  int k = 0;
  for (int i = 0; i < na; i++)
    for (int j = 0; j < nb; j++)
      if (b[j].seed == a[i].seed) {
        a1[k] = a[i].m.ff1_ld0, b1[k] = b[j].m.ff1_ld0;
        a2[k] = a[i].m.ff2_ld0, b2[k] = b[j].m.ff2_ld0;
        ar[k] = a[i].m.ff2_rate.rate, br[k] = b[j].m.ff2_rate.rate;
        au[k] = a[i].us_proj[3], bu[k] = b[j].us_proj[3];
        k++;
        break;
      }
  out->pairs = k;
  out->ok_ff1 = paired_or_none(a1, b1, k, &out->ff1_ld0);
  out->ok_ff2 = paired_or_none(a2, b2, k, &out->ff2_ld0);
  out->ok_rate = paired_or_none(ar, br, k, &out->ff2_rate);
  out->ok_us = paired_or_none(au, bu, k, &out->us_ff2);
  free(v);
  if (k < 2)
    return reach_error_set(err, REACH_ERR_RANGE,
                           "paired runs: %d networks share a seed with the other run, need 2", k);
  return REACH_OK;
}
