// SPDX-License-Identifier: GPL-3.0-or-later
// reachlab-cli train: one network through growing up and NF1 → FF1 → NF2 → FF2.
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "reach.h"

void openblas_set_num_threads(int n);

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static const char *stage_label(const reach_savings *e, reach_stage s) {
  if (s == REACH_STAGE_GROW) return "grow";
  if (s == REACH_STAGE_DONE) return "done";
  return reach_savings_phases(e, NULL)[s].name;
}

// Batches of growing up and of the protocol's phases before stage `until` (DONE: all).
static int batches_before(const reach_savings *e, reach_stage until) {
  int np = 0;
  const reach_phase *ph = reach_savings_phases(e, &np);
  int n = until == REACH_STAGE_GROW ? 0 : reach_savings_config(e)->grow_batches;
  for (int p = 0; p < np && p < (int)until; p++) n += ph[p].batches;
  return n;
}

// Progress: a rewritten line on a terminal, one plain line per stage change or every `every`
// batches otherwise (logs of cluster jobs).
typedef struct progress {
  bool tty;
  int every, done, total;
  double t0;
} progress;

static void progress_show(progress *p, const reach_savings *e, bool force) {
  p->done++;
  if (!force && !p->tty && p->done % p->every) return;
  if (!force && p->tty && p->done % 5) return;
  const reach_stage s = reach_savings_stage(e);
  const double el = now() - p->t0, rate = p->done / (el > 0 ? el : 1e-9);
  const double eta = (p->total - p->done) / (rate > 0 ? rate : 1e-9);
  double ld_mm = (double)NAN;
  if (s >= REACH_STAGE_NF1 && s != REACH_STAGE_DONE) {
    const double *ld;
    int n = reach_savings_ld(e, s, &ld, NULL);
    if (n > 0) ld_mm = 1e3 * ld[n - 1];
  }
  char ld_text[32] = "      -   ";
  if (isfinite(ld_mm)) snprintf(ld_text, sizeof ld_text, "%7.2f mm", ld_mm);
  fprintf(stderr, "%s%-4s batch %6d  loss %10.4g  LD %s  %6.1f batch/s  ETA %5.0f s%s",
          p->tty ? "\r" : "", stage_label(e, s), reach_savings_batch(e), reach_savings_last_loss(e),
          ld_text, rate, eta, p->tty ? "  " : "\n");
}

// How well the network reaches now: end-point error and LD of each centre-out reach in the null
// field (after growing up: is the network ready for the phases?).
static void report_reaches(reach_savings *e) {
  const reach_config *c = reach_savings_config(e);
  reach_trace tr;
  reach_error err = {0};
  if (reach_trace_init(&tr, c->task.n_targets, c->task.steps, c->units)) return;
  if (reach_savings_trace(e, 0.0, &tr, &err) == REACH_OK) {
    fprintf(stderr, "centre-out reaches, null field (end error / LD, mm):");
    for (int b = 0; b < tr.batch; b++) {
      fprintf(stderr, " %.1f/%+.1f", 1e3 * reach_trace_end_error(&tr, b), 1e3 * tr.ld[b]);
    }
    fputc('\n', stderr);
  }
  reach_trace_free(&tr);
}

// Runs e to the end, checkpointing to `h5` (nullable) every checkpoint_every batches and at every
// stage end. Returns 0, or 1 after printing why it stopped.
int reach_cli_run_savings(reach_savings *e, const char *h5, bool show_progress) {
  const reach_config *cfg = reach_savings_config(e);
  reach_error err = {0};
  progress pr = {.tty = show_progress && isatty(STDERR_FILENO),
                 .every = 500,
                 .total = batches_before(e, REACH_STAGE_DONE),
                 .t0 = now()};
  if (!show_progress) pr.every = 1 << 30;
  // Resumed runs count from where they are.
  pr.total -= batches_before(e, reach_savings_stage(e));
  pr.total -= reach_savings_batch(e);
  reach_stage last = reach_savings_stage(e);
  int since = 0, status = 0;
  // Only a file this run wrote, or resumed from, is a checkpoint to point at after a failure.
  bool saved = h5 && g_file_test(h5, G_FILE_TEST_EXISTS);
  while (reach_savings_stage(e) != REACH_STAGE_DONE) {
    if (reach_savings_step(e, &err)) {
      if (pr.tty) fputc('\n', stderr);
      status = reach_cli_fail(
          1, "%s; %s%s", err.msg,
          saved ? "the last good checkpoint is " : "no checkpoint was written before this point",
          saved ? h5 : "");
      break;
    }
    since++;
    bool changed = reach_savings_stage(e) != last;
    last = reach_savings_stage(e);
    if (show_progress) progress_show(&pr, e, changed);
    if (show_progress && changed && last == REACH_STAGE_NF1) {
      if (pr.tty) fputc('\n', stderr);
      report_reaches(e);
    }
    if (h5 && (changed || (cfg->checkpoint_every > 0 && since >= cfg->checkpoint_every))) {
      since = 0;
      if (reach_savings_save(e, h5, &err)) {
        status = reach_cli_fail(1, "%s", err.msg);
        break;
      }
      saved = true;
    }
  }
  if (pr.tty) fputc('\n', stderr);
  return status;
}

int reach_cli_train(int argc, char **argv) {
  char *config_path = NULL, *out_dir = NULL;
  gint64 seed = INT64_MIN;  // not given
  gboolean resume = FALSE;
  gint threads = 0;
  GOptionEntry entries[] = {
      {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "experiment preset (INI)", "FILE"},
      {"seed", 0, 0, G_OPTION_ARG_INT64, &seed, "override the preset's seed", "N"},
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
       "results directory: network.h5 (checkpoint and results), ld.csv", "DIR"},
      {"resume", 0, 0, G_OPTION_ARG_NONE, &resume, "continue the run checkpointed in DIR", NULL},
      {"threads", 't', 0, G_OPTION_ARG_INT, &threads,
       "threads for this one network (default: the preset's [train] threads, 1); the weights "
       "are bit-identical on any number",
       "N"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  reach_savings *e = NULL;
  char *h5 = NULL;
  reach_lock lock = {.fd = -1};
  int status = reach_cli_parse_options(
      "train", "", "Train one network through growing up and NF1 -> FF1 -> NF2 -> FF2.", entries,
      &argc, &argv);
  if (status) goto done;
  reach_error err = {0};
  if (seed != INT64_MIN && seed < 0) {
    status = reach_cli_fail(2, "train: --seed %" G_GINT64_FORMAT ": expected a seed >= 0", seed);
    goto done;
  }
  if (resume && (config_path || seed != INT64_MIN)) {
    status = reach_cli_fail(2,
                            "train: --resume continues with the configuration and seed stored "
                            "in DIR/network.h5; drop %s",
                            config_path ? "--config" : "--seed");
    goto done;
  }
  if (!resume && !out_dir) {  // hours of training with nothing written
    status = reach_cli_fail(2, "train: --out DIR is required (network.h5 and ld.csv go there)");
    goto done;
  }
  if (out_dir) h5 = g_build_filename(out_dir, "network.h5", NULL);
  // One run per file (a second would train the same network alongside); then whatever a
  // killed writer left is stale. A --resume of a missing DIR is left to the loader's message.
  if (out_dir && (!resume || g_file_test(out_dir, G_FILE_TEST_IS_DIR))) {
    if (g_mkdir_with_parents(out_dir, 0755)) {
      status = reach_cli_fail(1, "train: cannot create %s: %s", out_dir, g_strerror(errno));
      goto done;
    }
    if (reach_lock_acquire(&lock, h5, &err)) {
      status = reach_cli_fail(1, "train: %s", err.msg);
      goto done;
    }
    const int stale = reach_lock_remove_stale(h5);
    if (stale)
      fprintf(stderr, "removed %d temporary file%s of an interrupted write of %s\n", stale,
              stale == 1 ? "" : "s", h5);
  }
  openblas_set_num_threads(1);
  if (resume) {
    if (!h5) {
      status = reach_cli_fail(2, "train: --resume needs --out DIR (the run to continue)");
      goto done;
    }
    if (reach_savings_load(h5, &e, &err) || reach_savings_check_engine(e, h5, &err)) {
      status = reach_cli_fail(1, "train: cannot resume: %s", err.msg);
      goto done;
    }
    fprintf(stderr, "resuming %s at %s batch %d\n", h5, stage_label(e, reach_savings_stage(e)),
            reach_savings_batch(e));
  } else {
    if (!config_path) {
      status = reach_cli_fail(2, "train: --config FILE.ini is required (see data/presets/)");
      goto done;
    }
    reach_config cfg;
    if (reach_config_load(&cfg, config_path, &err)) {
      status = reach_cli_fail(1, "train: %s", err.msg);
      goto done;
    }
    if (seed != INT64_MIN) cfg.seed = (uint64_t)seed;
    if (reach_savings_create(&cfg, &e, &err)) {
      status = reach_cli_fail(1, "train: %s", err.msg);
      goto done;
    }
  }
  if (threads < 0 || threads > 64) {
    status = reach_cli_fail(2, "train: --threads %d: expected 1..64", threads);
    goto done;
  }
  if (threads > 0 && reach_savings_set_threads(e, threads, &err)) {
    status = reach_cli_fail(1, "train: %s", err.msg);
    goto done;
  }
  if (out_dir && g_mkdir_with_parents(out_dir, 0755)) {
    status = reach_cli_fail(1, "train: cannot create %s", out_dir);
    goto done;
  }
  status = reach_cli_run_savings(e, h5, true);
  if (status == 0) {
    int np = 0;
    const reach_phase *ph = reach_savings_phases(e, &np);
    for (int p = 0; p < np; p++) {
      const double *ld;
      int n = reach_savings_ld(e, p, &ld, NULL);
      double fin = 0.0;
      int m = n < 10 ? n : 10;
      for (int k = n - m; k < n; k++) fin += ld[k];
      printf("%s: batch-0 LD %+.2f mm, final (last %d) %+.2f mm\n", ph[p].name,
             n ? 1e3 * ld[0] : (double)NAN, m, m ? 1e3 * fin / m : (double)NAN);
    }
    if (out_dir) {
      char *ld_csv = g_build_filename(out_dir, "ld.csv", NULL);
      if (reach_savings_write_ld_csv(e, ld_csv, &err))
        status = reach_cli_fail(1, "train: %s", err.msg);
      g_free(ld_csv);
    }
  }
done:
  reach_savings_free(e);
  reach_lock_release(&lock);
  g_free(h5);
  g_free(config_path);
  g_free(out_dir);
  return status;
}
