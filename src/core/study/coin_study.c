// SPDX-License-Identifier: GPL-3.0-or-later
#include "coin_study.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../context/paradigm.h"
#include "../io/csv.h"
#include "../io/h5.h"
#include "../io/ini.h"

void reach_coin_paradigm_free(reach_coin_paradigm *p) {
  free(p->pert);
  free(p->cue);
  free(p->stationary);
  memset(p, 0, sizeof *p);
}

void reach_coin_paradigm_drop_cues(reach_coin_paradigm *p) {
  p->has_cues = 0;
  if (p->cue) memset(p->cue, 0, (size_t)p->n * sizeof *p->cue);
}

// Line number of the first blank line after the header, ignoring the end of the file's last
// line; 0 if none.
static long first_blank_line(const char *path) {
  FILE *fp = fopen(path, "r");
  if (!fp) return 0;
  char *line = NULL;
  size_t cap = 0;
  long n = 0, blank = 0;
  while (getline(&line, &cap, fp) >= 0) {
    n++;
    if (n > 1 && !blank && strspn(line, " \t\r\n") == strlen(line)) blank = n;
  }
  free(line);
  fclose(fp);
  return blank;
}

reach_status reach_coin_paradigm_read(const char *path, reach_coin_paradigm *cp, reach_error *err) {
  memset(cp, 0, sizeof *cp);
  reach_table tb;
  reach_status st = reach_table_read(path, REACH_CSV_ALLOW_EMPTY, &tb, err);
  if (st != REACH_OK) return st;
  const int ccue = reach_table_column(&tb, "cue"), cpert = reach_table_column(&tb, "perturbation"),
            cchan = reach_table_column(&tb, "channel"),
            cstat = reach_table_column(&tb, "stationary");
  if (cpert < 0) {
    st = reach_error_set(err, REACH_ERR_PARSE,
                         "%s:1: the header has no column 'perturbation'; expected a column "
                         "perturbation (empty on a channel trial), optionally cue and channel",
                         path);
    goto done;
  }
  if (tb.nrow == 0) {
    st = reach_error_set(err, REACH_ERR_PARSE, "%s: no trials after the header", path);
    goto done;
  }
  // The table reader skips blank lines, so in a one-column file an empty (channel) cell would
  // vanish with its trial: refuse it rather than drop or shift trials.
  if (tb.ncol == 1) {
    const long blank = first_blank_line(path);
    if (blank > 0) {
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s:%ld: blank line in a one-column paradigm; a channel trial needs a "
                           "second column to be seen (e.g. trial,perturbation with the "
                           "perturbation empty, or a channel column)",
                           path, blank);
      goto done;
    }
  }
  cp->n = tb.nrow;
  cp->pert = malloc((size_t)tb.nrow * sizeof *cp->pert);
  cp->cue = calloc((size_t)tb.nrow, sizeof *cp->cue);
  if (!cp->pert || !cp->cue) {
    st = reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
    goto done;
  }
  if (ccue >= 0) {
    reach_paradigm p;
    st = reach_paradigm_read(path, &p, err);
    if (st != REACH_OK) goto done;
    for (int t = 0; t < p.n; t++) cp->pert[t] = p.pert[t], cp->cue[t] = p.cue[t];
    reach_paradigm_free(&p);
    cp->has_cues = 1;
  } else {
    for (int t = 0; t < tb.nrow; t++) cp->pert[t] = reach_table_at(&tb, t, cpert);
  }
  for (int t = 0; t < tb.nrow && cchan >= 0; t++) {
    const double c = reach_table_at(&tb, t, cchan);
    if (c != 0 && c != 1) {
      st = reach_error_set(err, REACH_ERR_RANGE,
                           "%s:%ld:%d (column 'channel'): expected 0 or 1, found %g", path,
                           tb.line[t], cchan + 1, c);
      goto done;
    }
    if (c == 1) {
      cp->pert[t] = (double)NAN;
    } else if (isnan(cp->pert[t])) {
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s:%ld:%d (column 'perturbation'): empty on a trial whose channel is "
                           "0; expected a number",
                           path, tb.line[t], cpert + 1);
      goto done;
    }
  }
  if (cstat >= 0) {
    cp->stationary = calloc((size_t)tb.nrow, 1);
    if (!cp->stationary) {
      st = reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
      goto done;
    }
  }
  for (int t = 0; t < tb.nrow && cstat >= 0; t++) {
    const double v = reach_table_at(&tb, t, cstat);
    if (v != 0 && v != 1) {
      st = reach_error_set(err, REACH_ERR_RANGE,
                           "%s:%ld:%d (column 'stationary'): expected 0 or 1, found %g", path,
                           tb.line[t], cstat + 1, v);
      goto done;
    }
    cp->stationary[t] = v == 1;
  }
done:
  if (st != REACH_OK) reach_coin_paradigm_free(cp);
  reach_table_free(&tb);
  return st;
}

void reach_coin_summary_free(reach_coin_summary *s) {
  free(s->mo_mean), free(s->mo_sem), free(s->mo_sd), free(s->y_mean), free(s->nc_mean);
  free(s->pred), free(s->resp), free(s->state);
  memset(s, 0, sizeof *s);
}

reach_status reach_coin_summarise(const reach_coin_result *r, int L, reach_coin_summary *s,
                                  reach_error *err) {
  memset(s, 0, sizeof *s);
  const int n = r->n, R = r->runs;
  s->n = n, s->L = L;
  s->mo_mean = calloc((size_t)n, sizeof(double)), s->mo_sem = calloc((size_t)n, sizeof(double));
  s->mo_sd = calloc((size_t)n, sizeof(double)), s->y_mean = calloc((size_t)n, sizeof(double));
  s->nc_mean = calloc((size_t)n, sizeof(double));
  s->pred = calloc((size_t)n * (size_t)L, sizeof(double));
  s->resp = calloc((size_t)n * (size_t)L, sizeof(double));
  s->state = calloc((size_t)n * (size_t)L, sizeof(double));
  if (!s->mo_mean || !s->mo_sem || !s->mo_sd || !s->y_mean || !s->nc_mean || !s->pred || !s->resp ||
      !s->state) {
    reach_coin_summary_free(s);
    return reach_error_set(err, REACH_ERR_NOMEM, "COIN: out of memory for %d trials", n);
  }
  for (int t = 0; t < n; t++) {
    double m = 0, y = 0, c = 0;
    for (int k = 0; k < R; k++) {
      const size_t i = (size_t)k * (size_t)n + (size_t)t;
      m += r->motor_output[i], y += r->state_feedback[i], c += r->n_contexts[i];
    }
    m /= R;
    double v = 0;
    for (int k = 0; k < R; k++) {
      const double e = r->motor_output[(size_t)k * (size_t)n + (size_t)t] - m;
      v += e * e;
    }
    s->mo_mean[t] = m;
    s->mo_sd[t] = R > 1 ? sqrt(v / (R - 1)) : (double)NAN;
    s->mo_sem[t] = R > 1 ? s->mo_sd[t] / sqrt(R) : (double)NAN;
    s->y_mean[t] = y / R;
    s->nc_mean[t] = c / R;
    for (int j = 0; j < L; j++) {
      double p = 0, q = 0, w = 0;
      for (int k = 0; k < R; k++) {
        const size_t i = ((size_t)k * (size_t)n + (size_t)t) * REACH_COIN_SLOTS + (size_t)j;
        p += r->predicted[i], q += r->responsibility[i];
        if (r->predicted[i] > 0) w += r->predicted[i] * r->state_mean[i];
      }
      s->pred[(size_t)t * L + j] = p / R;
      s->resp[(size_t)t * L + j] = q / R;
      s->state[(size_t)t * L + j] = p > 0 ? w / p : (double)NAN;
    }
  }
  return REACH_OK;
}

static const struct {
  const char *name, *units, *meaning;
} cols[] = {
    {"trial", "1", "trial number, 1-based"},
    {"perturbation", "perturbation units", "the paradigm's perturbation; empty on a channel trial"},
    {"channel", "1", "1 on a channel (error-clamp) trial: no state feedback"},
    {"cue", "1", "the cue as given (0: a paradigm without cues)"},
    {"motor_output", "perturbation units",
     "COIN's motor output (predicted adaptation, no motor noise), mean over runs"},
    {"motor_output_sem", "perturbation units", "standard error of that mean across runs"},
    {"motor_output_sd", "perturbation units", "standard deviation across runs"},
    {"state_feedback", "perturbation units",
     "simulated state feedback (perturbation + sensory + motor noise), mean over runs; empty on "
     "channel trials"},
    {"n_contexts", "contexts",
     "instantiated contexts after the trial, mean over particles and runs"},
};
enum { NCOL = sizeof cols / sizeof cols[0] };
static const char *lab_meaning[3] = {
    "predicted (cue-conditioned prior) probability of context label k, mean over particles and "
    "runs",
    "responsibility (posterior) of context label k, mean over particles and runs",
    "predicted state of context label k: its mean over particles and runs weighted by the "
    "predicted probability of k; empty where no particle gives k mass"};
static const char *lab_prefix[3] = {"p_pred_ctx", "p_resp_ctx", "state_ctx"};

static void put(FILE *fp, double x, int last) {
  if (isnan(x))
    fputc(last ? '\n' : ',', fp);
  else
    reach_csv_put(fp, x, last);
}

reach_status reach_coin_write_csv(const char *path, const reach_coin_paradigm *pd,
                                  const reach_coin_summary *s, const reach_coin_params *par,
                                  const reach_coin_provenance *prov, reach_error *err) {
  reach_file f;
  reach_status st = reach_file_begin(&f, path, err);
  if (st != REACH_OK) return st;
  FILE *fp = f.fp;
  fprintf(fp,
          "# COIN (Heald, Lengyel & Wolpert 2021) by %s: %d runs x %d particles, seed %llu, "
          "max_contexts %d%s\n",
          prov->creator, prov->runs, par->particles, (unsigned long long)prov->seed,
          par->max_contexts, pd->has_cues ? "" : ", no cues");
  fprintf(fp,
          "# Context label k is the k-th context a particle created (not relabelled across "
          "particles or runs).\n# Columns (units): meaning\n");
  for (int c = 0; c < NCOL; c++)
    fprintf(fp, "#   %s (%s): %s\n", cols[c].name, cols[c].units, cols[c].meaning);
  for (int g = 0; g < 3; g++)
    fprintf(fp, "#   %s1..%s%d (%s): %s\n", lab_prefix[g], lab_prefix[g], s->L,
            g == 2 ? "perturbation units" : "probability", lab_meaning[g]);
  for (int c = 0; c < NCOL; c++) fprintf(fp, "%s,", cols[c].name);
  for (int g = 0; g < 3; g++)
    for (int j = 0; j < s->L; j++)
      fprintf(fp, "%s%d%c", lab_prefix[g], j + 1, g == 2 && j + 1 == s->L ? '\n' : ',');
  for (int t = 0; t < s->n; t++) {
    const int ch = isnan(pd->pert[t]);
    fprintf(fp, "%d,", t + 1);
    put(fp, pd->pert[t], 0);
    fprintf(fp, "%d,%d,", ch, pd->cue[t]);
    put(fp, s->mo_mean[t], 0);
    put(fp, s->mo_sem[t], 0);
    put(fp, s->mo_sd[t], 0);
    put(fp, s->y_mean[t], 0);
    put(fp, s->nc_mean[t], 0);
    const double *v[3] = {s->pred, s->resp, s->state};
    for (int g = 0; g < 3; g++)
      for (int j = 0; j < s->L; j++) put(fp, v[g][(size_t)t * s->L + j], g == 2 && j + 1 == s->L);
  }
  return reach_file_commit(&f, err);
}

// HDF5: /trials/<column> as in the CSV ([n] or [n][max_contexts]), /runs/<name> [runs][n] per
// run, /params/<name>, root attributes naming what produced it (docs/hdf5-layout.md).
reach_status reach_coin_write_h5(const char *path, const reach_coin_paradigm *pd,
                                 const reach_coin_summary *s, const reach_coin_result *r,
                                 const reach_coin_params *par, const reach_coin_provenance *prov,
                                 reach_error *err) {
  const int runs = prov->runs;
  reach_h5w w;
  reach_status st = reach_h5_create(&w, path, err);
  if (st != REACH_OK) return st;
  const size_t n = (size_t)s->n, dims2[2] = {n, (size_t)s->L}, rdims[2] = {(size_t)runs, n};
  int64_t *iv = malloc(n * sizeof *iv);
  if (!iv) st = reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
  char ds[64];
#define DS(nm, units, meaning, call)                                                           \
  do {                                                                                         \
    if (st == REACH_OK) st = (call);                                                           \
    if (st == REACH_OK) st = reach_h5_attr_string(&w, nm, "units", units, REACH_H5_VLEN, err); \
    if (st == REACH_OK)                                                                        \
      st = reach_h5_attr_string(&w, nm, "description", meaning, REACH_H5_VLEN, err);           \
  } while (0)
  if (st == REACH_OK) {
    for (size_t t = 0; t < n; t++) iv[t] = (int64_t)t + 1;
    DS("trials/trial", cols[0].units, cols[0].meaning,
       reach_h5_write_int64(&w, "trials/trial", 1, &n, iv, err));
    DS("trials/perturbation", cols[1].units, "the paradigm's perturbation; NaN on a channel trial",
       reach_h5_write_double(&w, "trials/perturbation", 1, &n, pd->pert, err));
    for (size_t t = 0; t < n; t++) iv[t] = isnan(pd->pert[t]);
    DS("trials/channel", cols[2].units, cols[2].meaning,
       reach_h5_write_int64(&w, "trials/channel", 1, &n, iv, err));
    for (size_t t = 0; t < n; t++) iv[t] = pd->cue[t];
    DS("trials/cue", cols[3].units, cols[3].meaning,
       reach_h5_write_int64(&w, "trials/cue", 1, &n, iv, err));
    const double *v1[5] = {s->mo_mean, s->mo_sem, s->mo_sd, s->y_mean, s->nc_mean};
    for (int c = 4; c < NCOL; c++) {
      snprintf(ds, sizeof ds, "trials/%s", cols[c].name);
      DS(ds, cols[c].units, cols[c].meaning, reach_h5_write_double(&w, ds, 1, &n, v1[c - 4], err));
    }
    const double *v2[3] = {s->pred, s->resp, s->state};
    const char *h5name[3] = {"trials/p_pred_ctx", "trials/p_resp_ctx", "trials/state_ctx"};
    for (int g = 0; g < 3; g++)
      DS(h5name[g], g == 2 ? "perturbation units" : "probability", lab_meaning[g],
         reach_h5_write_double(&w, h5name[g], 2, dims2, v2[g], err));
    DS("runs/motor_output", "perturbation units", "motor output of each run [run][trial]",
       reach_h5_write_double(&w, "runs/motor_output", 2, rdims, r->motor_output, err));
    DS("runs/state_feedback", "perturbation units",
       "simulated state feedback of each run; NaN on channel trials",
       reach_h5_write_double(&w, "runs/state_feedback", 2, rdims, r->state_feedback, err));
    DS("runs/n_contexts", "contexts",
       "instantiated contexts after each trial, mean over particles, per run",
       reach_h5_write_double(&w, "runs/n_contexts", 2, rdims, r->n_contexts, err));
  }
  // the [coin] keys, each as a double, in the table's order
  const reach_ini_table *kt = reach_coin_params_table();
  for (int k = 0; k < kt->nkey && st == REACH_OK; k++) {
    const reach_ini_key *key = &kt->keys[k];
    const void *field = (const char *)par + key->off;
    const double v =
        key->kind == REACH_INI_INT ? (double)*(const int *)field : *(const double *)field;
    snprintf(ds, sizeof ds, "params/%s", key->name);
    st = reach_h5_write_double(&w, ds, 0, NULL, &v, err);
  }
#undef DS
  const struct {
    const char *name, *value;
  } attrs[] = {
      {"creator", prov->creator},
      {"model", "COIN (Heald, Lengyel & Wolpert 2021), after COIN.m v1.0.0"},
      {"source", prov->source},
      {"cues", pd->has_cues ? "yes" : "none"},
  };
  for (size_t i = 0; i < sizeof attrs / sizeof attrs[0] && st == REACH_OK; i++)
    st = reach_h5_attr_string(&w, "/", attrs[i].name, attrs[i].value, REACH_H5_VLEN, err);
  if (st == REACH_OK) st = reach_h5_attr_int64(&w, "/", "runs", runs, err);
  if (st == REACH_OK) st = reach_h5_attr_int64(&w, "/", "seed", (int64_t)prov->seed, err);
  free(iv);
  if (st != REACH_OK) {
    reach_h5_abort(&w);
    return st;
  }
  return reach_h5_commit(&w, err);
}
