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
  if (seed != INT64_MIN && seed < 0)
    REACH_CLI_FAIL(2, "train: --seed %" G_GINT64_FORMAT ": expected a seed >= 0", seed);
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
    if (g_mkdir_with_parents(out_dir, 0755))
      REACH_CLI_FAIL(1, "train: cannot create %s: %s", out_dir, g_strerror(errno));
    if (reach_lock_acquire(&lock, h5, &err)) REACH_CLI_FAIL(1, "train: %s", err.msg);
    const int stale = reach_lock_remove_stale(h5);
    if (stale)
      fprintf(stderr, "removed %d temporary file%s of an interrupted write of %s\n", stale,
              stale == 1 ? "" : "s", h5);
  }
  openblas_set_num_threads(1);
  if (resume) {
    if (!h5) REACH_CLI_FAIL(2, "train: --resume needs --out DIR (the run to continue)");
    if (reach_savings_load(h5, &e, &err) || reach_savings_check_engine(e, h5, &err))
      REACH_CLI_FAIL(1, "train: cannot resume: %s", err.msg);
    fprintf(stderr, "resuming %s at %s batch %d\n", h5,
            reach_cli_stage_label(e, reach_savings_stage(e)), reach_savings_batch(e));
  } else {
    if (!config_path) REACH_CLI_FAIL(2, "train: --config FILE.ini is required (see data/presets/)");
    reach_config cfg;
    if (reach_config_load(&cfg, config_path, &err)) REACH_CLI_FAIL(1, "train: %s", err.msg);
    if (seed != INT64_MIN) cfg.seed = (uint64_t)seed;
    if (reach_savings_create(&cfg, &e, &err)) REACH_CLI_FAIL(1, "train: %s", err.msg);
  }
  if (threads < 0 || threads > 64)
    REACH_CLI_FAIL(2, "train: --threads %d: expected 1..64", threads);
  if (threads > 0 && reach_savings_set_threads(e, threads, &err))
    REACH_CLI_FAIL(1, "train: %s", err.msg);
  if (out_dir && g_mkdir_with_parents(out_dir, 0755))
    REACH_CLI_FAIL(1, "train: cannot create %s", out_dir);
  reach_cli_progress pr = {.tty = isatty(STDERR_FILENO), .pipe_fd = -1, .show_reaches = true};
  const reach_savings_run_opts run = {.checkpoint = h5,
                                      .progress = reach_cli_progress_show,
                                      .user = &pr,
                                      .every = pr.tty ? 5 : 500};
  const reach_status st = reach_savings_run(e, &run, &err);
  reach_cli_progress_end(&pr);
  if (st) status = reach_cli_fail(1, "%s", err.msg);
  if (status == 0) {
    int np = 0;
    const reach_phase *ph = reach_savings_phases(e, &np);
    for (int p = 0; p < np; p++) {
      double first, last;
      const int m = reach_savings_phase_ld_ends(e, p, 10, &first, &last);
      printf("%s: batch-0 LD %+.2f mm, final (last %d) %+.2f mm\n", ph[p].name, 1e3 * first, m,
             1e3 * last);
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
