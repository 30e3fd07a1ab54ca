// SPDX-License-Identifier: GPL-3.0-or-later
// `reachlab-cli coin`: run COIN (context/coin.h) over one paradigm, runs × particles, and write
// the per-trial table averaged over runs (CSV or HDF5; HDF5 also keeps every run).
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "io/csv.h"
#include "io/h5.h"
#include "reach.h"

static int ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && g_ascii_strcasecmp(s + a - b, suffix) == 0;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

// The paradigm as COIN reads it. A file with a `cue` column is read by the SSSM's reader
// (context/paradigm.h: cues 1 or 2, an empty perturbation is a channel trial); a file without
// one is a paradigm without cues (COIN then leaves cue probabilities out). Either may have a
// `channel` column (0/1; 1 marks a channel trial whatever its perturbation cell holds), as in
// the tables `sssm` and `coin` write, and a `stationary` column (0/1; 1 resets the context prior
// to the stationary distribution, COIN.m's stationary_trials, e.g. after a working-memory task).
typedef struct coin_paradigm {
  int n, has_cues;
  double *pert;
  int *cue;
  unsigned char *stationary;  // NULL, or 1 where the context prior is reset to stationary
} coin_paradigm;

static void coin_paradigm_free(coin_paradigm *p) {
  free(p->pert);
  free(p->cue);
  free(p->stationary);
  memset(p, 0, sizeof *p);
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

static reach_status coin_paradigm_read(const char *path, coin_paradigm *cp, reach_error *err) {
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
  if (st != REACH_OK) coin_paradigm_free(cp);
  reach_table_free(&tb);
  return st;
}

// [coin] key = value, keys named as the fields of reach_coin_params (COIN.m's property names).
// Unknown groups or keys are errors; each error names the file, the line and the key.
typedef struct pkey {
  const char *name;
  double *d;
  int *i;
} pkey;

static int key_line(const char *path, const char *key) {
  FILE *fp = fopen(path, "r");
  if (!fp) return 0;
  char line[1024];
  int n = 0, found = 0;
  while (!found && fgets(line, sizeof line, fp)) {
    n++;
    const char *s = line;
    while (*s == ' ' || *s == '\t') s++;
    const size_t k = strlen(key);
    if (strncmp(s, key, k) == 0 && (s[k] == ' ' || s[k] == '=' || s[k] == '\t')) found = n;
  }
  fclose(fp);
  return found;
}

static int read_params(const char *path, reach_coin_params *p, char *why, size_t len) {
  const pkey keys[] = {
      {"sigma_process_noise", &p->sigma_process_noise, NULL},
      {"sigma_sensory_noise", &p->sigma_sensory_noise, NULL},
      {"sigma_motor_noise", &p->sigma_motor_noise, NULL},
      {"prior_mean_retention", &p->prior_mean_retention, NULL},
      {"prior_precision_retention", &p->prior_precision_retention, NULL},
      {"prior_precision_drift", &p->prior_precision_drift, NULL},
      {"gamma_context", &p->gamma_context, NULL},
      {"alpha_context", &p->alpha_context, NULL},
      {"rho_context", &p->rho_context, NULL},
      {"gamma_cue", &p->gamma_cue, NULL},
      {"alpha_cue", &p->alpha_cue, NULL},
      {"infer_bias", NULL, &p->infer_bias},
      {"prior_precision_bias", &p->prior_precision_bias, NULL},
      {"particles", NULL, &p->particles},
      {"max_contexts", NULL, &p->max_contexts},
  };
  const size_t nk = sizeof keys / sizeof keys[0];
  GKeyFile *kf = g_key_file_new();
  GError *gerr = NULL;
  int rc = -1;
  gchar **groups = NULL, **ks = NULL;
  if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &gerr)) {
    snprintf(why, len, "%s: %s", path, gerr->message);
    goto done;
  }
  gsize ng = 0;
  groups = g_key_file_get_groups(kf, &ng);
  for (gsize g = 0; g < ng; g++) {
    if (g_ascii_strcasecmp(groups[g], "coin") != 0) {
      snprintf(why, len, "%s:%d: unexpected group [%s]; expected [coin]", path, key_line(path, "["),
               groups[g]);
      goto done;
    }
    gsize n = 0;
    g_strfreev(ks);
    ks = g_key_file_get_keys(kf, groups[g], &n, NULL);
    for (gsize k = 0; k < n; k++) {
      size_t idx = nk;
      for (size_t i = 0; i < nk; i++)
        if (strcmp(ks[k], keys[i].name) == 0) idx = i;
      const int line = key_line(path, ks[k]);
      if (idx == nk) {
        GString *names = g_string_new(NULL);
        for (size_t i = 0; i < nk; i++)
          g_string_append_printf(names, "%s%s", i ? ", " : "", keys[i].name);
        snprintf(why, len, "%s:%d: [coin] has unknown key '%s'; expected one of %s", path, line,
                 ks[k], names->str);
        g_string_free(names, TRUE);
        goto done;
      }
      gchar *raw = g_key_file_get_value(kf, groups[g], ks[k], NULL);
      char *end = NULL;
      const double v = raw ? g_ascii_strtod(raw, &end) : (double)NAN;
      const int bad = !raw || end == raw || *end != '\0' || isnan(v) ||
                      (keys[idx].i && (v != floor(v) || fabs(v) > 1e9));
      if (bad) {
        snprintf(why, len, "%s:%d: [coin] %s: expected %s, found '%s'", path, line, ks[k],
                 keys[idx].i ? "an integer" : "a number (inf allowed for a precision)",
                 raw ? raw : "");
        g_free(raw);
        goto done;
      }
      g_free(raw);
      if (keys[idx].d)
        *keys[idx].d = v;
      else
        *keys[idx].i = (int)v;
    }
  }
  rc = 0;
done:
  g_strfreev(ks);
  g_strfreev(groups);
  if (gerr) g_error_free(gerr);
  g_key_file_free(kf);
  return rc;
}

// The per-trial table, over runs.
typedef struct summary {
  int n, L;  // trials, context labels written (max_contexts)
  double *mo_mean, *mo_sem, *mo_sd, *y_mean, *nc_mean;  // [n]
  double *pred, *resp, *state;                          // [n][L]
} summary;

static void summary_free(summary *s) {
  free(s->mo_mean), free(s->mo_sem), free(s->mo_sd), free(s->y_mean), free(s->nc_mean);
  free(s->pred), free(s->resp), free(s->state);
}

static int summarise(const reach_coin_result *r, int L, summary *s) {
  const int n = r->n, R = r->runs;
  s->n = n, s->L = L;
  s->mo_mean = calloc((size_t)n, sizeof(double)), s->mo_sem = calloc((size_t)n, sizeof(double));
  s->mo_sd = calloc((size_t)n, sizeof(double)), s->y_mean = calloc((size_t)n, sizeof(double));
  s->nc_mean = calloc((size_t)n, sizeof(double));
  s->pred = calloc((size_t)n * (size_t)L, sizeof(double));
  s->resp = calloc((size_t)n * (size_t)L, sizeof(double));
  s->state = calloc((size_t)n * (size_t)L, sizeof(double));
  if (!s->mo_mean || !s->mo_sem || !s->mo_sd || !s->y_mean || !s->nc_mean || !s->pred || !s->resp ||
      !s->state)
    return -1;
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
  return 0;
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

static reach_status write_csv(const char *path, const coin_paradigm *pd, const summary *s,
                              const reach_coin_params *par, int runs, uint64_t seed,
                              reach_error *err) {
  reach_file f;
  reach_status st = reach_file_begin(&f, path, err);
  if (st != REACH_OK) return st;
  FILE *fp = f.fp;
  fprintf(fp,
          "# COIN (Heald, Lengyel & Wolpert 2021) by reachlab-cli " REACH_VERSION
          " coin: %d runs x %d particles, seed %llu, max_contexts %d%s\n",
          runs, par->particles, (unsigned long long)seed, par->max_contexts,
          pd->has_cues ? "" : ", no cues");
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
static reach_status write_h5(const char *path, const coin_paradigm *pd, const summary *s,
                             const reach_coin_result *r, const reach_coin_params *par, int runs,
                             uint64_t seed, const char *source, reach_error *err) {
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
  const struct {
    const char *name;
    double v;
  } pv[] = {
      {"sigma_process_noise", par->sigma_process_noise},
      {"sigma_sensory_noise", par->sigma_sensory_noise},
      {"sigma_motor_noise", par->sigma_motor_noise},
      {"prior_mean_retention", par->prior_mean_retention},
      {"prior_precision_retention", par->prior_precision_retention},
      {"prior_precision_drift", par->prior_precision_drift},
      {"gamma_context", par->gamma_context},
      {"alpha_context", par->alpha_context},
      {"rho_context", par->rho_context},
      {"gamma_cue", par->gamma_cue},
      {"alpha_cue", par->alpha_cue},
      {"infer_bias", par->infer_bias},
      {"prior_precision_bias", par->prior_precision_bias},
      {"particles", par->particles},
      {"max_contexts", par->max_contexts},
  };
  for (size_t i = 0; i < sizeof pv / sizeof pv[0] && st == REACH_OK; i++) {
    snprintf(ds, sizeof ds, "params/%s", pv[i].name);
    st = reach_h5_write_double(&w, ds, 0, NULL, &pv[i].v, err);
  }
#undef DS
  const struct {
    const char *name, *value;
  } attrs[] = {
      {"creator", "reachlab-cli " REACH_VERSION " coin"},
      {"model", "COIN (Heald, Lengyel & Wolpert 2021), after COIN.m v1.0.0"},
      {"source", source},
      {"cues", pd->has_cues ? "yes" : "none"},
  };
  for (size_t i = 0; i < sizeof attrs / sizeof attrs[0] && st == REACH_OK; i++)
    st = reach_h5_attr_string(&w, "/", attrs[i].name, attrs[i].value, REACH_H5_VLEN, err);
  if (st == REACH_OK) st = reach_h5_attr_int64(&w, "/", "runs", runs, err);
  if (st == REACH_OK) st = reach_h5_attr_int64(&w, "/", "seed", (int64_t)seed, err);
  free(iv);
  if (st != REACH_OK) {
    reach_h5_abort(&w);
    return st;
  }
  return reach_h5_commit(&w, err);
}

typedef struct prog {
  int runs, n, tty, quiet;
  double t0;
} prog;

static int show_progress(void *user, int run, int trial) {
  prog *p = user;
  if (p->quiet) return 0;
  const int last = trial + 1 == p->n;
  if (!last && !(p->tty && trial % 50 == 0)) return 0;
  const double el = now() - p->t0, done = run + (trial + 1.0) / p->n;
  fprintf(stderr, "%scoin: run %d/%d, trial %d/%d, %.1f s elapsed, ETA %.0f s%s",
          p->tty ? "\r" : "", run + 1, p->runs, trial + 1, p->n, el, el / done * (p->runs - done),
          p->tty ? (last && run + 1 == p->runs ? "\n" : "  ") : "\n");
  return 0;
}

int reach_cli_coin(int argc, char **argv) {
  char *paradigm = NULL, *params = NULL, *out = NULL;
  gint particles = 0, runs = 10, max_ctx = 0;
  gint64 seed = 1;
  gboolean no_cues = FALSE, quiet = FALSE;
  GOptionEntry entries[] = {
      {"paradigm", 'p', 0, G_OPTION_ARG_FILENAME, &paradigm,
       "Trial table: CSV with a header and a column perturbation (empty on a channel trial); "
       "optionally cue (1 or 2, as for 'sssm'), channel (1 = channel trial) and stationary (1 = "
       "context prior reset to its stationary distribution)",
       "FILE.csv"},
      {"particles", 'P', 0, G_OPTION_ARG_INT, &particles, "Particles per run (default 100)", "P"},
      {"runs", 'r', 0, G_OPTION_ARG_INT, &runs,
       "Runs, each with its own state-feedback noise, averaged (default 10)", "R"},
      {"seed", 's', 0, G_OPTION_ARG_INT64, &seed,
       "Seed; run r uses its own stream of it (default 1)", "S"},
      {"params", 0, 0, G_OPTION_ARG_FILENAME, &params,
       "Parameters: INI with a group [coin] and keys named as COIN.m's properties "
       "(sigma_process_noise, alpha_context, rho_context, max_contexts, infer_bias, ...); "
       "missing keys keep COIN.m's defaults",
       "FILE.ini"},
      {"max-contexts", 0, 0, G_OPTION_ARG_INT, &max_ctx,
       "Most contexts a particle may create (default 10)", "N"},
      {"no-cues", 0, 0, G_OPTION_ARG_NONE, &no_cues, "Ignore the paradigm's cue column", NULL},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress on stderr", NULL},
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
       "Per-trial table: FILE.csv (comment lines give each column's units and meaning) or "
       "FILE.h5 (also every run's motor output; docs/hdf5-layout.md)",
       "FILE.csv|FILE.h5"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  int status = reach_cli_parse_options(
      "coin", "- run the COIN model over a paradigm",
      "Runs COIN (contextual inference; Heald, Lengyel & Wolpert 2021) with COIN.m's default\n"
      "parameters: a particle filter over contexts that are created as needed, each with its\n"
      "own learnt retention and drift. Writes one row per trial, averaged over runs: the motor\n"
      "output (predicted adaptation) with its standard error across runs, the mean number of\n"
      "contexts, and per context label the predicted probability, the responsibility and the\n"
      "predicted state. docs/coin.md says what is implemented and how it was checked.",
      entries, &argc, &argv);
  reach_error err = {0};
  coin_paradigm pd = {0};
  reach_coin_result res = {0};
  summary sm = {0};
  char why[1024];
  if (status) goto done;
  if (!paradigm) {
    status = reach_cli_fail(2, "coin: --paradigm FILE.csv is required (see --help)");
    goto done;
  }
  if (!out) {
    status =
        reach_cli_fail(2, "coin: --out FILE.csv is required (or FILE.h5 for HDF5; see --help)");
    goto done;
  }
  const int h5 = ends_with(out, ".h5");
  if (!h5 && !ends_with(out, ".csv")) {
    status = reach_cli_fail(2, "coin: --out %s: expected a file name ending in .csv or .h5", out);
    goto done;
  }
  if (runs < 1 || seed < 0) {
    status = reach_cli_fail(
        2, "coin: --runs must be >= 1 and --seed >= 0 (found %d, %" G_GINT64_FORMAT ")", runs,
        seed);
    goto done;
  }
  reach_coin_params par = reach_coin_params_default();
  if (params && read_params(params, &par, why, sizeof why) != 0) {
    status = reach_cli_fail(2, "coin: --params %s", why);
    goto done;
  }
  if (particles) par.particles = particles;
  if (max_ctx) par.max_contexts = max_ctx;
  if (reach_coin_params_check(&par, &err) != REACH_OK) {
    // name the line of the offending key when it came from the file
    static const char *names[] = {"sigma_process_noise",
                                  "sigma_sensory_noise",
                                  "sigma_motor_noise",
                                  "prior_mean_retention",
                                  "prior_precision_retention",
                                  "prior_precision_drift",
                                  "gamma_context",
                                  "alpha_context",
                                  "rho_context",
                                  "gamma_cue",
                                  "alpha_cue",
                                  "infer_bias",
                                  "prior_precision_bias",
                                  "particles",
                                  "max_contexts"};
    int line = 0;
    for (size_t i = 0; params && !line && i < sizeof names / sizeof names[0]; i++)
      if (strstr(err.msg, names[i])) line = key_line(params, names[i]);
    if (line)
      status = reach_cli_fail(2, "coin: --params %s:%d: %s", params, line, err.msg);
    else
      status = reach_cli_fail(2, "coin: %s", err.msg);
    goto done;
  }
  if (coin_paradigm_read(paradigm, &pd, &err) != REACH_OK) {
    status = reach_cli_fail(1, "coin: %s", err.msg);
    goto done;
  }
  if (no_cues) pd.has_cues = 0, memset(pd.cue, 0, (size_t)pd.n * sizeof *pd.cue);
  prog pr = {.runs = runs, .n = pd.n, .tty = isatty(STDERR_FILENO), .quiet = quiet, .t0 = now()};
  if (reach_coin_run(&par, pd.n, pd.pert, pd.has_cues ? pd.cue : NULL, pd.stationary, runs,
                     (uint64_t)seed, &res, show_progress, &pr, &err) != REACH_OK) {
    status = reach_cli_fail(1, "coin: %s: %s", paradigm, err.msg);
    goto done;
  }
  const double secs = now() - pr.t0;
  if (summarise(&res, par.max_contexts, &sm) != 0) {
    status = reach_cli_fail(1, "coin: out of memory");
    goto done;
  }
  char source[600];
  snprintf(source, sizeof source, "--paradigm %s", paradigm);
  reach_status wst = h5 ? write_h5(out, &pd, &sm, &res, &par, runs, (uint64_t)seed, source, &err)
                        : write_csv(out, &pd, &sm, &par, runs, (uint64_t)seed, &err);
  if (wst != REACH_OK) {
    status = reach_cli_fail(1, "coin: %s", err.msg);
    goto done;
  }
  double cmax = 0;
  for (int t = 0; t < pd.n; t++) cmax = fmax(cmax, sm.nc_mean[t]);
  printf("COIN over %s: %d trials%s, %d runs x %d particles, seed %" G_GINT64_FORMAT
         ", %.2f s (%.2f us per particle-trial) -> %s\n",
         paradigm, pd.n, pd.has_cues ? "" : " (no cues)", runs, par.particles, seed, secs,
         1e6 * secs / ((double)runs * par.particles * pd.n), out);
  printf("  motor output: last trial %.4f +- %.4f; contexts: most %.2f, last %.2f\n",
         sm.mo_mean[pd.n - 1], sm.mo_sem[pd.n - 1], cmax, sm.nc_mean[pd.n - 1]);
done:
  summary_free(&sm);
  reach_coin_result_free(&res);
  coin_paradigm_free(&pd);
  g_free(paradigm);
  g_free(params);
  g_free(out);
  return status;
}
