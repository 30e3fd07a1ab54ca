// SPDX-License-Identifier: GPL-3.0-or-later
// `reachlab-cli coin`: run COIN (context/coin.h) over one paradigm, runs × particles, and write
// the per-trial table averaged over runs (CSV or HDF5; HDF5 also keeps every run). The paradigm
// reader, the table and its files are libreach's (study/coin_study.h).
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
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
  reach_coin_paradigm pd = {0};
  reach_coin_result res = {0};
  reach_coin_summary sm = {0};
  if (status) goto done;
  if (!paradigm || !out) {
    status = reach_cli_fail(2, "coin: %s is required (see --help)",
                            !paradigm ? "--paradigm FILE.csv" : "--out FILE.csv (or FILE.h5)");
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
  if (params && reach_coin_params_read(params, &par, &err) != REACH_OK) {
    status = reach_cli_fail(2, "coin: --params %s", err.msg);
    goto done;
  }
  if (particles) par.particles = particles;
  if (max_ctx) par.max_contexts = max_ctx;
  if (reach_coin_params_check(&par, &err) != REACH_OK) {
    status = reach_cli_fail(2, "coin: %s", err.msg);
    goto done;
  }
  if (reach_coin_paradigm_read(paradigm, &pd, &err) != REACH_OK) {
    status = reach_cli_fail(1, "coin: %s", err.msg);
    goto done;
  }
  if (no_cues) reach_coin_paradigm_drop_cues(&pd);
  prog pr = {.runs = runs, .n = pd.n, .tty = isatty(STDERR_FILENO), .quiet = quiet, .t0 = now()};
  if (reach_coin_run(&par, pd.n, pd.pert, pd.has_cues ? pd.cue : NULL, pd.stationary, runs,
                     (uint64_t)seed, &res, show_progress, &pr, &err) != REACH_OK) {
    status = reach_cli_fail(1, "coin: %s: %s", paradigm, err.msg);
    goto done;
  }
  const double secs = now() - pr.t0;
  char source[600];
  snprintf(source, sizeof source, "--paradigm %s", paradigm);
  const reach_coin_provenance prov = {"reachlab-cli " REACH_VERSION " coin", source, runs,
                                      (uint64_t)seed};
  if (reach_coin_summarise(&res, par.max_contexts, &sm, &err) != REACH_OK ||
      (h5 ? reach_coin_write_h5(out, &pd, &sm, &res, &par, &prov, &err)
          : reach_coin_write_csv(out, &pd, &sm, &par, &prov, &err)) != REACH_OK) {
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
  reach_coin_summary_free(&sm);
  reach_coin_result_free(&res);
  reach_coin_paradigm_free(&pd);
  g_free(paradigm);
  g_free(params);
  g_free(out);
  return status;
}
