// SPDX-License-Identifier: GPL-3.0-or-later
// reachlab-cli savings: N independent networks through the savings protocol (seed = network
// index), J at a time as separate processes with one BLAS thread each, one HDF5 file per network
// and a summary table. --shard I/N runs every N-th network so a Slurm job array (or GNU
// parallel) spreads a sweep over machines; a network whose file is complete is not run again,
// and one whose file is a checkpoint is resumed, so a preempted job can simply be resubmitted.
// --sizes H,H,... trains the same N networks at each size into DIR/units-H; --control opposite
// (FF2 in −b, the code's order) or opposite-paper (FF1 in −b, FF2 in +b) runs the opposite-field
// control; --grown-up-from DIR starts each network's phases from DIR/network-NNNN.h5's grown-up
// network (the same seed and growing up), bit-identical to training it from scratch; --report
// ends an unsharded run with `reachlab-cli report` (report.c). One directory's jobs are
// reach_cli_savings_dir's (cli_util.c).
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "report.h"

int reach_cli_savings(int argc, char **argv) {
  char *config_path = NULL, *out_dir = NULL, *shard_arg = NULL, *sizes_arg = NULL, *control = NULL;
  char *grown_arg = NULL, *compare = NULL;
  gint networks = INT_MIN, units = INT_MIN, jobs = 1, threads = 0;  // INT_MIN: not given
  gboolean want_report = FALSE;
  GOptionEntry entries[] = {
      {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "experiment preset (INI)", "FILE"},
      {"networks", 'n', 0, G_OPTION_ARG_INT, &networks, "number of networks (seeds 0..N-1)", "N"},
      {"units", 0, 0, G_OPTION_ARG_INT, &units, "override the preset's GRU size", "H"},
      {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "networks trained at once (default 1)", "J"},
      {"threads", 't', 0, G_OPTION_ARG_INT, &threads,
       "threads per network (default: the preset's [train] threads); jobs x threads should not "
       "exceed the cores",
       "N"},
      {"shard", 0, 0, G_OPTION_ARG_STRING, &shard_arg, "run only networks i with i mod N = I",
       "I/N"},
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "results directory", "DIR"},
      {"sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_arg,
       "size sweep: N networks of each size in DIR/units-H (instead of --units)", "H,H,..."},
      {"control", 0, 0, G_OPTION_ARG_STRING, &control,
       "opposite: FF2 in the field opposite to FF1 (the code's CW -> NF -> CCW); opposite-paper: "
       "FF1 counter-clockwise, FF2 clockwise (the paper's order)",
       "opposite|opposite-paper"},
      {"grown-up-from", 0, 0, G_OPTION_ARG_FILENAME, &grown_arg,
       "start the phases from the grown-up networks of DIR (network-NNNN.h5 of a savings run "
       "with the same growing up; with --sizes, DIR/units-H): only [phases] keys and --control "
       "may differ, and the results are bit-identical to growing up again",
       "DIR"},
      {"compare", 0, 0, G_OPTION_ARG_STRING, &compare,
       "the two phases the summary (and --report) compare for savings, as FF1 and FF2 are "
       "(default: the first and second exposures to the same perturbation)",
       "A,B"},
      {"report", 'r', 0, G_OPTION_ARG_NONE, &want_report,
       "when done, write the report (as `reachlab-cli report DIR`)", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  int status = reach_cli_parse_options(
      "savings", "",
      "Train N networks through the savings protocol; write DIR/network-NNNN.h5 and a summary "
      "(and with --report the paper-style report).",
      entries, &argc, &argv);
  int shard = 0, shards = 1;
  reach_config cfg;
  reach_error err = {0};
  if (status) goto done;
  if (!config_path || !out_dir || networks == INT_MIN)
    REACH_CLI_FAIL(2,
                   "savings: --config FILE.ini, --networks N (>= 1) and --out DIR "
                   "are required");
  if (networks < 1)
    REACH_CLI_FAIL(2, "savings: --networks %d: expected at least 1 network", networks);
  if (units != INT_MIN && units < 1)
    REACH_CLI_FAIL(2, "savings: --units %d: expected at least 1 unit", units);
  if (shard_arg && (sscanf(shard_arg, "%d/%d", &shard, &shards) != 2 || shards < 1 || shard < 0 ||
                    shard >= shards))
    REACH_CLI_FAIL(2, "savings: --shard '%s': expected I/N with 0 <= I < N", shard_arg);
  if (jobs < 1) REACH_CLI_FAIL(2, "savings: --jobs %d: expected at least 1", jobs);
  if (reach_config_load(&cfg, config_path, &err)) REACH_CLI_FAIL(1, "savings: %s", err.msg);
  if (units > 0) cfg.units = units;
  if (threads < 0 || threads > 64)
    REACH_CLI_FAIL(2, "savings: --threads %d: expected 1..64", threads);
  if (threads > 0) cfg.threads = threads;
  if (units != INT_MIN && sizes_arg)
    REACH_CLI_FAIL(2, "savings: --units and --sizes exclude each other");
  if (control && cfg.nphase > 0)
    REACH_CLI_FAIL(2,
                   "savings: --control changes the fields of the four-phase [phases] form; a "
                   "protocol of [phase.N] sections gives each phase's field itself");
  if (control && reach_sweep_control(&cfg, control, &err))
    REACH_CLI_FAIL(2, "savings: --control %s", err.msg);
  if (reach_config_validate(&cfg, &err)) {
    if (units != INT_MIN)
      status = reach_cli_fail(2, "savings: --units %d: %s", units, err.msg);
    else
      status = reach_cli_fail(2, "savings: %s: %s", config_path, err.msg);
    goto done;
  }
  if (compare) {  // refused before any training, naming the protocol's phases
    reach_phase ph[REACH_MAX_PHASES];
    reach_compare cmp;
    if (reach_compare_choose(ph, reach_config_phases(&cfg, ph), compare, &cmp, &err))
      REACH_CLI_FAIL(2, "savings: %s: %s", config_path, err.msg);
  }
  if (grown_arg && reach_sweep_check_grown_dir(grown_arg, out_dir, &err))
    REACH_CLI_FAIL(2, "savings: %s", err.msg);
  if (sizes_arg) {
    int n_sizes = 0;
    int *sizes = reach_cli_parse_int_list(sizes_arg, 1, 100000, &n_sizes);
    if (!sizes)
      REACH_CLI_FAIL(2,
                     "savings: --sizes '%s': expected a comma-separated list of unit "
                     "counts, e.g. 16,32,64",
                     sizes_arg);
    // One directory per size, each a complete savings directory (summary, networks, report).
    for (int k = 0; k < n_sizes && status == 0; k++) {
      reach_config c = cfg;
      c.units = sizes[k];
      char sub[32];
      snprintf(sub, sizeof sub, "units-%d", sizes[k]);
      char *dir = g_build_filename(out_dir, sub, NULL);
      char *grown = grown_arg ? g_build_filename(grown_arg, sub, NULL) : NULL;
      if (reach_config_validate(&c, &err))
        status = reach_cli_fail(2, "savings: --sizes %d: %s", sizes[k], err.msg);
      else
        status = reach_cli_savings_dir(&c, dir, grown, sub, compare, networks, shard, shards, jobs);
      g_free(grown);
      g_free(dir);
    }
    if (status == 0 && want_report) {
      if (shards > 1)
        printf(
            "savings: shard %d/%d done; merge each units-H directory, then run "
            "`reachlab-cli report %s`\n",
            shard, shards, out_dir);
      else
        status = reach_cli_report_sizes(out_dir, n_sizes, sizes);
    }
    free(sizes);
  } else {
    status = reach_cli_savings_dir(&cfg, out_dir, grown_arg, NULL, compare, networks, shard, shards,
                                   jobs);
    if (status == 0 && want_report) {
      if (shards > 1)
        printf("savings: shard %d/%d done; report after `reachlab-cli merge`\n", shard, shards);
      else
        status = reach_cli_report_dir_compare(out_dir, compare, NULL, NULL, NULL);
    }
  }
done:
  g_free(config_path);
  g_free(sizes_arg);
  g_free(control);
  g_free(compare);
  g_free(grown_arg);
  g_free(out_dir);
  g_free(shard_arg);
  return status;
}
