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
// ends an unsharded run with `reachlab-cli report` (report.c).
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"

void openblas_set_num_threads(int n);

static char *network_path(const char *dir, int i) {
  char name[64];
  reach_sweep_network_name(i, name, sizeof name);
  return g_build_filename(dir, name, NULL);
}

// Runs network i to completion in this process (*kept: its file was already complete); a new
// network starts from grown_dir's network i when grown_dir is given. Returns the exit status.
static int run_one(const reach_config *base, const char *dir, const char *grown_dir, int i,
                   bool *kept) {
  char *path = network_path(dir, i);
  reach_error err = {0};
  reach_savings *e = NULL;
  int status = 0;
  reach_lock lock = {.fd = -1};
  if (reach_lock_acquire(&lock, path, &err)) {
    status = reach_cli_fail(1, "savings: network %d: %s", i, err.msg);
    g_free(path);
    return status;
  }
  reach_lock_remove_stale(path);  // a killed run's partial writes: no live writer owns them
  const bool fresh = !g_file_test(path, G_FILE_TEST_EXISTS);
  char *grown = grown_dir ? network_path(grown_dir, i) : NULL;
  const reach_status st = reach_sweep_open_network(base, i, path, grown, &e, kept, &err);
  g_free(grown);
  if (st != REACH_OK && fresh && grown_dir)
    status = reach_cli_fail(1, "savings: --grown-up-from: network %d: %s", i, err.msg);
  else if (st == REACH_ERR_USAGE)
    status = reach_cli_fail(1, "savings: %s; give another --out, or remove it to train this one",
                            err.msg);
  else if (st != REACH_OK)
    status =
        reach_cli_fail(1, "savings: network %d: %s%s", i, err.msg,
                       g_file_test(path, G_FILE_TEST_EXISTS) ? " (remove it to start over)" : "");
  if (status == 0 && !*kept) {
    status = reach_cli_run_savings(e, path, false);
    if (status == 0 && reach_savings_save(e, path, &err))
      status = reach_cli_fail(1, "savings: network %d: %s", i, err.msg);
  }
  reach_savings_free(e);
  reach_lock_release(&lock);
  g_free(path);
  return status;
}

// One summary row from a finished network file.
static int summary_row(FILE *fp, const char *dir, int i, reach_error *err) {
  char *path = network_path(dir, i);
  reach_savings *e = NULL;
  int rc = reach_savings_load(path, &e, err) ? -1 : 0;
  g_free(path);
  if (rc) return -1;
  reach_sweep_summary_row(fp, i, e);
  reach_savings_free(e);
  return 0;
}

// Trains (or resumes, or skips when complete) this shard's networks of one directory with cfg and
// writes its summary table. Returns the exit status.
static int train_dir(const reach_config *cfg, const char *out_dir, const char *grown_dir,
                     int networks, int shard, int shards, int jobs) {
  int status = 0;
  reach_error err = {0};
  if (g_mkdir_with_parents(out_dir, 0755))
    return reach_cli_fail(1, "savings: cannot create %s: %s", out_dir, g_strerror(errno));
  int count = 0;
  int *todo = calloc((size_t)networks, sizeof *todo);
  for (int i = shard; i < networks; i += shards) todo[count++] = i;

  // J worker processes; worker w takes every J-th network of this shard. Processes rather than
  // threads: each network is single-threaded BLAS, and HDF5 is not built thread-safe.
  pid_t *pids = calloc((size_t)jobs, sizeof *pids);
  for (int w = 0; w < jobs && w < count; w++) {
    fflush(NULL);
    const pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
      // A worker dies with the savings process (a killed job, a closed terminal): an orphan
      // would go on training files a rerun then trains alongside it. If the parent died
      // before prctl took effect, getppid already names another process.
      if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent) _exit(1);
      openblas_set_num_threads(1);
      int rc = 0;
      for (int k = w; k < count; k += jobs) {
        bool kept = false;
        int r = run_one(cfg, out_dir, grown_dir, todo[k], &kept);
        if (r == 0)
          fprintf(stderr, kept ? "network %d: complete already, kept\n" : "network %d done\n",
                  todo[k]);
        rc |= r;
      }
      _exit(rc);
    }
    if (pid < 0) {
      status = reach_cli_fail(1, "savings: fork failed: %s", g_strerror(errno));
      break;
    }
    pids[w] = pid;
  }
  for (int w = 0; w < jobs && w < count; w++) {
    int ws = 0;
    if (pids[w] > 0 && waitpid(pids[w], &ws, 0) > 0 && !(WIFEXITED(ws) && WEXITSTATUS(ws) == 0))
      status = 1;
  }
  free(pids);

  // The summary of this shard's networks (complete ones only).
  char name[96];
  if (shards > 1)
    snprintf(name, sizeof name, "summary-shard-%d-of-%d.csv", shard, shards);
  else
    snprintf(name, sizeof name, "summary.csv");
  char *sum_path = g_build_filename(out_dir, name, NULL);
  reach_file f;
  if (reach_file_begin(&f, sum_path, &err)) {
    status = reach_cli_fail(1, "savings: %s", err.msg);
  } else {
    reach_sweep_summary_header(f.fp);
    for (int k = 0; k < count; k++)
      if (summary_row(f.fp, out_dir, todo[k], &err)) {
        fprintf(stderr, "reachlab-cli: savings: network %d has no results: %s\n", todo[k], err.msg);
        status = 1;
      }
    if (reach_file_commit(&f, &err))
      status = reach_cli_fail(1, "savings: %s", err.msg);
    else
      printf("%s: %d networks\n", sum_path, count);
  }
  g_free(sum_path);
  free(todo);
  return status;
}

// "16,32,64" → a malloc'ed array of positive ints; NULL if malformed.
static int *parse_sizes(const char *arg, int *n) {
  gchar **parts = g_strsplit(arg, ",", -1);
  int count = (int)g_strv_length(parts);
  int *v = count ? malloc(sizeof *v * (size_t)count) : NULL;
  for (int i = 0; v && i < count; i++) {
    char *end = NULL;
    long x = strtol(parts[i], &end, 10);
    if (end == parts[i] || *end || x < 1 || x > 100000) {
      free(v);
      v = NULL;
    } else {
      v[i] = (int)x;
    }
  }
  g_strfreev(parts);
  *n = count;
  return v;
}

int reach_cli_savings(int argc, char **argv) {
  char *config_path = NULL, *out_dir = NULL, *shard_arg = NULL, *sizes_arg = NULL, *control = NULL;
  char *grown_arg = NULL;
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
  if (!config_path || !out_dir || networks == INT_MIN) {
    status = reach_cli_fail(2,
                            "savings: --config FILE.ini, --networks N (>= 1) and --out DIR "
                            "are required");
    goto done;
  }
  if (networks < 1) {
    status = reach_cli_fail(2, "savings: --networks %d: expected at least 1 network", networks);
    goto done;
  }
  if (units != INT_MIN && units < 1) {
    status = reach_cli_fail(2, "savings: --units %d: expected at least 1 unit", units);
    goto done;
  }
  if (shard_arg && (sscanf(shard_arg, "%d/%d", &shard, &shards) != 2 || shards < 1 || shard < 0 ||
                    shard >= shards)) {
    status = reach_cli_fail(2, "savings: --shard '%s': expected I/N with 0 <= I < N", shard_arg);
    goto done;
  }
  if (jobs < 1) {
    status = reach_cli_fail(2, "savings: --jobs %d: expected at least 1", jobs);
    goto done;
  }
  if (reach_config_load(&cfg, config_path, &err)) {
    status = reach_cli_fail(1, "savings: %s", err.msg);
    goto done;
  }
  if (units > 0) cfg.units = units;
  if (threads < 0 || threads > 64) {
    status = reach_cli_fail(2, "savings: --threads %d: expected 1..64", threads);
    goto done;
  }
  if (threads > 0) cfg.threads = threads;
  if (units != INT_MIN && sizes_arg) {
    status = reach_cli_fail(2, "savings: --units and --sizes exclude each other");
    goto done;
  }
  if (control && cfg.nphase > 0) {
    status = reach_cli_fail(2,
                            "savings: --control changes the fields of the four-phase [phases] "
                            "form; a protocol of [phase.N] sections gives each phase's field "
                            "itself");
    goto done;
  }
  if (control) {
    // The control keeps the preset's field strength b = |FF1 field| and changes directions
    // (savings-paper-spec §3.1). The report sees the opposite signs in each network's config.
    const double b = fabs(cfg.phase_field[1]);
    if (strcmp(control, "opposite") == 0) {
      cfg.phase_field[1] = b, cfg.phase_field[3] = -b;
    } else if (strcmp(control, "opposite-paper") == 0) {
      cfg.phase_field[1] = -b, cfg.phase_field[3] = b;
    } else {
      status = reach_cli_fail(2, "savings: --control '%s': expected opposite or opposite-paper",
                              control);
      goto done;
    }
    if (b == 0.0) {
      status = reach_cli_fail(2, "savings: --control %s: the preset's FF1 field is 0", control);
      goto done;
    }
  }
  if (reach_config_validate(&cfg, &err)) {
    if (units != INT_MIN)
      status = reach_cli_fail(2, "savings: --units %d: %s", units, err.msg);
    else
      status = reach_cli_fail(2, "savings: %s: %s", config_path, err.msg);
    goto done;
  }
  if (grown_arg) {
    // Its files are read, never written: the phases must not land in the grown-up directory.
    struct stat a, b;
    bool same_dir = stat(grown_arg, &a) == 0 && stat(out_dir, &b) == 0 && a.st_dev == b.st_dev &&
                    a.st_ino == b.st_ino;
    if (!g_file_test(grown_arg, G_FILE_TEST_IS_DIR))
      status = reach_cli_fail(2, "savings: --grown-up-from %s: not a directory", grown_arg);
    else if (same_dir)
      status = reach_cli_fail(2,
                              "savings: --grown-up-from %s is the --out directory: give the "
                              "phases a directory of their own",
                              grown_arg);
    if (status) goto done;
  }
  if (sizes_arg) {
    int n_sizes = 0;
    int *sizes = parse_sizes(sizes_arg, &n_sizes);
    if (!sizes) {
      status = reach_cli_fail(2,
                              "savings: --sizes '%s': expected a comma-separated list of unit "
                              "counts, e.g. 16,32,64",
                              sizes_arg);
      goto done;
    }
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
        status = train_dir(&c, dir, grown, networks, shard, shards, jobs);
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
    status = train_dir(&cfg, out_dir, grown_arg, networks, shard, shards, jobs);
    if (status == 0 && want_report) {
      if (shards > 1)
        printf("savings: shard %d/%d done; report after `reachlab-cli merge`\n", shard, shards);
      else
        status = reach_cli_report_dir(out_dir, NULL, NULL);
    }
  }
done:
  g_free(config_path);
  g_free(sizes_arg);
  g_free(control);
  g_free(grown_arg);
  g_free(out_dir);
  g_free(shard_arg);
  return status;
}
