// SPDX-License-Identifier: GPL-3.0-or-later
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

void openblas_set_num_threads(int n);

int reach_cli_fail(int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("reachlab-cli: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return status;
}

int reach_cli_parse_options(const char *cmd, const char *param, const char *summary,
                            GOptionEntry *entries, int *argc, char ***argv) {
  GOptionContext *ctx = g_option_context_new(param);
  g_option_context_set_summary(ctx, summary);
  g_option_context_add_main_entries(ctx, entries, NULL);
  GError *gerr = NULL;
  int status = 0;
  if (!g_option_context_parse(ctx, argc, argv, &gerr)) {
    status = reach_cli_fail(2, "%s: %s", cmd, gerr->message);
  } else if (*argc > 1) {
    status = reach_cli_fail(2, "%s: unexpected argument '%s'", cmd, (*argv)[1]);
  }
  g_clear_error(&gerr);
  g_option_context_free(ctx);
  return status;
}

int reach_cli_check_writable(const char *path, char *why, size_t len) {
  FILE *fp = fopen(path, "wx");
  if (!fp && errno == EEXIST) fp = fopen(path, "a");  // exists: may be ours to overwrite
  if (!fp) {
    snprintf(why, len, "cannot write %s: %s", path, strerror(errno));
    return -1;
  }
  fclose(fp);
  remove(path);
  return 0;
}

const char *reach_cli_data_path(const char *rel) {
  static char path[4096];
  char *found = reach_data_find(REACH_SOURCE_DATADIR, REACH_DATADIR, rel);
  if (!found) return NULL;
  snprintf(path, sizeof path, "%s", found);
  free(found);
  return path;
}

// Reads [<model>] key = value from an INI file into theta (keys not given keep their value).
// Unknown groups or keys are errors, so a typo never silently runs the default.
int reach_cli_read_model_params(const char *path, reach_cmodel m, double *theta, char *why,
                                size_t len) {
  const reach_cmodel_info *info = reach_cmodel_get(m);
  GKeyFile *kf = g_key_file_new();
  GError *gerr = NULL;
  int rc = -1;
  char group[16];
  snprintf(group, sizeof group, "%s", info->name);
  for (char *c = group; *c; c++) *c = (char)g_ascii_tolower(*c);
  if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &gerr)) {
    snprintf(why, len, "%s: %s", path, gerr->message);
    goto done;
  }
  gsize ng = 0;
  gchar **groups = g_key_file_get_groups(kf, &ng);
  for (gsize g = 0; g < ng; g++) {
    if (g_ascii_strcasecmp(groups[g], group) != 0) {
      snprintf(why, len, "%s: unexpected group [%s]; expected [%s] for model %s", path, groups[g],
               group, info->name);
      g_strfreev(groups);
      goto done;
    }
    gsize nk = 0;
    gchar **keys = g_key_file_get_keys(kf, groups[g], &nk, NULL);
    for (gsize k = 0; k < nk; k++) {
      int idx = -1;
      for (int i = 0; i < info->k; i++)
        if (strcmp(keys[k], info->pname[i]) == 0) idx = i;
      if (idx < 0) {
        GString *names = g_string_new(NULL);
        for (int i = 0; i < info->k; i++)
          g_string_append_printf(names, "%s%s", i ? ", " : "", info->pname[i]);
        snprintf(why, len, "%s: [%s] has unknown key '%s'; expected one of %s", path, groups[g],
                 keys[k], names->str);
        g_string_free(names, TRUE);
        g_strfreev(keys);
        g_strfreev(groups);
        goto done;
      }
      double v = g_key_file_get_double(kf, groups[g], keys[k], &gerr);
      if (gerr) {
        snprintf(why, len, "%s: [%s] %s: expected a number (%s)", path, groups[g], keys[k],
                 gerr->message);
        g_strfreev(keys);
        g_strfreev(groups);
        goto done;
      }
      if (!isfinite(v)) {
        snprintf(why, len, "%s: [%s] %s: expected a finite number, found %g", path, groups[g],
                 keys[k], v);
        g_strfreev(keys);
        g_strfreev(groups);
        goto done;
      }
      theta[idx] = v;
    }
    g_strfreev(keys);
  }
  g_strfreev(groups);
  // The model's own range checks, here where the file can be named with them.
  if (m == REACH_CMODEL_SSSM) {
    reach_sssm_params par = {theta[0], theta[1], theta[2], theta[3], theta[4], theta[5]};
    reach_sssm probe;
    reach_error err = {0};
    if (reach_sssm_init(&probe, &par, NULL, &err)) {
      snprintf(why, len, "%s: [%s]: %s", path, group, err.msg);
      goto done;
    }
  }
  rc = 0;
done:
  if (gerr) g_error_free(gerr);
  g_key_file_free(kf);
  return rc;
}

int reach_cli_load_paradigm(const char *cmd, const char *experiment, gint64 seed, const char *file,
                            reach_paradigm *p, int *experiment_index) {
  reach_error err = {0};
  *experiment_index = -1;
  if (!experiment) {
    if (reach_paradigm_read(file, p, &err) != REACH_OK)
      return reach_cli_fail(1, "%s: %s", cmd, err.msg);
    return 0;
  }
  const int e = reach_tool_experiment_find(experiment);
  if (e < 0)
    return reach_cli_fail(2,
                          "%s: --experiment: expected exp1-two, exp1-single, exp2-opposing or "
                          "exp2-same, found '%s'",
                          cmd, experiment);
  if (seed < 0)
    return reach_cli_fail(2, "%s: --seed: expected a number >= 0, found %" G_GINT64_FORMAT, cmd,
                          seed);
  if (reach_paradigm_generate((reach_tool_experiment)e, (unsigned long)seed, p, &err) != REACH_OK)
    return reach_cli_fail(1, "%s: %s", cmd, err.msg);
  *experiment_index = e;
  return 0;
}

int reach_cli_model_params(const char *cmd, reach_cmodel m, const char *params, double *theta) {
  char why[512];
  reach_cmodel_default_params(m, theta);
  if (params && reach_cli_read_model_params(params, m, theta, why, sizeof why) != 0)
    return reach_cli_fail(2, "%s: --params %s", cmd, why);
  return 0;
}

int reach_cli_load_paradigm_set(const char *cmd, const char *dir, reach_paradigm_set *set) {
  reach_error err = {0};
  char *cues = g_build_filename(dir, "paradigm_cues.csv", NULL);
  char *perts = g_build_filename(dir, "paradigm_perturbations.csv", NULL);
  int status = 0;
  if (reach_paradigm_set_read(cues, perts, set, &err) != REACH_OK)
    status = reach_cli_fail(1, "%s: %s", cmd, err.msg);
  g_free(cues);
  g_free(perts);
  return status;
}

GPtrArray *reach_cli_list_dir(const char *dir, const char *prefix, const char *suffix,
                              GError **gerr) {
  return reach_dir_list(dir, prefix, suffix, gerr);
}

int reach_cli_jobs(const char *cmd, int jobs, int count, reach_cli_job_fn work, void *user,
                   bool board) {
  if (jobs > count) jobs = count;
  int fds[2] = {-1, -1};
  if (board && jobs > 0 && pipe(fds) != 0) board = false;
  int status = 0;
  // J worker processes; worker w takes every J-th item. Processes rather than threads: each
  // network is single-threaded BLAS, and HDF5 is not built thread-safe.
  pid_t *pids = calloc((size_t)jobs + 1, sizeof *pids);
  for (int w = 0; w < jobs; w++) {
    fflush(NULL);
    const pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
      // A worker dies with its parent (a killed job, a closed terminal): an orphan would go on
      // training files a rerun then trains alongside it. If the parent died before prctl took
      // effect, getppid already names another process.
      if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent) _exit(1);
      if (board) close(fds[0]);
      openblas_set_num_threads(1);
      int rc = 0;
      for (int k = w; k < count; k += jobs) rc |= work(k, w, board ? fds[1] : -1, user);
      _exit(rc);
    }
    if (pid < 0) {
      status = reach_cli_fail(1, "%s: fork failed: %s", cmd, g_strerror(errno));
      break;
    }
    pids[w] = pid;
  }
  if (board) {
    close(fds[1]);  // the board ends when every worker has closed its end
    reach_cli_board(fds[0], jobs);
    close(fds[0]);
  }
  for (int w = 0; w < jobs; w++) {
    int ws = 0;
    if (pids[w] > 0 && waitpid(pids[w], &ws, 0) > 0 && !(WIFEXITED(ws) && WEXITSTATUS(ws) == 0))
      status = 1;
  }
  free(pids);
  return status;
}

int *reach_cli_parse_int_list(const char *arg, int lo, int hi, int *n) {
  gchar **parts = g_strsplit(arg, ",", -1);
  int count = (int)g_strv_length(parts);
  int *v = count ? malloc(sizeof *v * (size_t)count) : NULL;
  for (int i = 0; v && i < count; i++) {
    char *end = NULL;
    long x = strtol(parts[i], &end, 10);
    if (end == parts[i] || *end || x < lo || x > hi) {
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

#define DEG (3.14159265358979323846 / 180.0)

// Parses "SHO,ELB" in degrees (or each value with a "rad" suffix) into radians.
int reach_cli_parse_q0(const char *text, double q0[2], char *why, size_t len) {
  const char *p = text;
  for (int j = 0; j < 2; j++) {
    char *end;
    errno = 0;
    double v = strtod(p, &end);
    if (end == p || errno) {
      snprintf(why, len, "expected two angles SHO,ELB in degrees (e.g. 60,90), found '%s'", text);
      return -1;
    }
    double scale = DEG;
    if (strncmp(end, "rad", 3) == 0) {
      scale = 1.0;
      end += 3;
    } else if (strncmp(end, "deg", 3) == 0) {
      end += 3;
    }
    q0[j] = v * scale;
    if (j == 0 && *end != ',') {
      snprintf(why, len, "expected two angles SHO,ELB separated by a comma, found '%s'", text);
      return -1;
    }
    if (j == 1 && *end != '\0') {
      snprintf(why, len, "unexpected text after the elbow angle in '%s'", text);
      return -1;
    }
    p = end + 1;
  }
  return 0;
}

// Checks the posture against arm26's joint range; the message names the option.
int reach_cli_check_q0(const reach_arm_model *m, const double q0[2], char *why, size_t len) {
  for (int j = 0; j < 2; j++) {
    if (!(q0[j] >= m->q_lo[j] && q0[j] <= m->q_hi[j])) {
      snprintf(why, len, "--q0: the %s angle %.4g° is outside arm26's range [%.0f°, %.0f°]",
               j ? "elbow" : "shoulder", q0[j] / DEG, m->q_lo[j] / DEG, m->q_hi[j] / DEG);
      return -1;
    }
  }
  return 0;
}

// "null", "cw" or "ccw" with a gain ≥ 0 into a field (b > 0 is clockwise).
int reach_cli_parse_field(const char *name, double gain, reach_field *f, char *why, size_t len) {
  if (!(gain >= 0.0) || !isfinite(gain)) {
    snprintf(why, len, "--gain: expected a finite gain ≥ 0 in N·s/m, found %g", gain);
    return -1;
  }
  if (strcmp(name, "null") == 0) {
    *f = reach_field_null();
  } else if (strcmp(name, "cw") == 0) {
    *f = reach_field_curl(gain);
  } else if (strcmp(name, "ccw") == 0) {
    *f = reach_field_curl(-gain);
  } else {
    snprintf(why, len, "--field: expected null, cw or ccw, found '%s'", name);
    return -1;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// savings: one results directory, J networks at a time

static char *sweep_network_path(const char *dir, int i) {
  char name[64];
  reach_sweep_network_name(i, name, sizeof name);
  return g_build_filename(dir, name, NULL);
}

// What every job of one savings directory shares (reach_cli_savings_dir).
typedef struct sweep_dir {
  const reach_config *cfg;
  const char *dir, *grown_dir;
  const int *todo;
  const char *size;  // "units-H" with --sizes, else NULL
  bool tty;
} sweep_dir;

// Trains network todo[k] in this worker (study/savings_sweep.h), or keeps its complete file.
static int sweep_run_one(int k, int worker, int board_fd, void *user) {
  const sweep_dir *d = user;
  const int i = d->todo[k];
  char label[64];
  snprintf(label, sizeof label, "%s%snetwork %d", d->size ? d->size : "", d->size ? " " : "", i);
  reach_cli_progress pr = {.label = label, .tty = d->tty, .pipe_fd = board_fd, .slot = worker};
  const reach_savings_run_opts run = {
      .progress = reach_cli_progress_show, .user = &pr, .every = d->tty ? 5 : 500};
  reach_error err = {0};
  bool kept = false;
  reach_sweep_step at;
  if (reach_sweep_train_network(d->cfg, d->dir, d->grown_dir, i, &run, &kept, &at, &err)) {
    char *path = sweep_network_path(d->dir, i);
    const bool exists = g_file_test(path, G_FILE_TEST_EXISTS);
    g_free(path);
    switch (at) {
      case REACH_SWEEP_GROWN:
        return reach_cli_fail(1, "savings: --grown-up-from: network %d: %s", i, err.msg);
      case REACH_SWEEP_FOREIGN:
        return reach_cli_fail(1, "savings: %s; give another --out, or remove it to train this one",
                              err.msg);
      case REACH_SWEEP_OPEN:
        return reach_cli_fail(1, "savings: network %d: %s%s", i, err.msg,
                              exists ? " (remove it to start over)" : "");
      case REACH_SWEEP_RUN: return reach_cli_fail(1, "%s", err.msg);
      default: return reach_cli_fail(1, "savings: network %d: %s", i, err.msg);
    }
  }
  char note[96];
  snprintf(note, sizeof note, kept ? "%s: complete already, kept" : "%s done", label);
  reach_cli_progress_note(&pr, note);
  return 0;
}

static void sweep_no_results(int i, const char *why, void *user) {
  fprintf(stderr, "reachlab-cli: savings: network %d has no results: %s\n", i, why);
  *(int *)user = 1;
}

int reach_cli_savings_dir(const reach_config *cfg, const char *out_dir, const char *grown_dir,
                          const char *size, const char *compare, int networks, int shard,
                          int shards, int jobs) {
  reach_error err = {0};
  if (g_mkdir_with_parents(out_dir, 0755))
    return reach_cli_fail(1, "savings: cannot create %s: %s", out_dir, g_strerror(errno));
  int count = 0;
  int *todo = reach_sweep_shard(networks, shard, shards, &count);
  if (!todo) return reach_cli_fail(1, "savings: out of memory");
  const bool tty = isatty(STDERR_FILENO);
  sweep_dir d = {cfg, out_dir, grown_dir, todo, size, tty};
  int status = reach_cli_jobs("savings", jobs, count, sweep_run_one, &d, tty);

  // The summary of this shard's networks (complete ones only).
  if (reach_sweep_write_summary(out_dir, shard, shards, todo, count, compare, sweep_no_results,
                                &status, &err)) {
    status = reach_cli_fail(1, "savings: %s", err.msg);
  } else {
    char name[96];
    reach_sweep_summary_name(shard, shards, name, sizeof name);
    char *sum_path = g_build_filename(out_dir, name, NULL);
    printf("%s: %d networks\n", sum_path, count);
    g_free(sum_path);
  }
  free(todo);
  return status;
}

// ---------------------------------------------------------------------------------------------
// tool

int reach_cli_tool_progress(void *user, int done, int n) {
  const int tty = *(const int *)user;
  // a line rewritten in place on a terminal, one line per step in a log (as `train` does)
  if (done % 100 == 0 || done == n)
    fprintf(stderr, tty ? "\rtool: trial %d/%d%s" : "tool: trial %d/%d\n", done, n,
            tty && done == n ? "\n" : "");
  return 0;
}

int reach_cli_tool_params(const char *params, reach_tool_run_config *cfg,
                          reach_tool_study_options *opt, double *theta) {
  reach_error err = {0};
  if (opt->coin) {
    opt->coin_params = reach_coin_params_default();
    if (reach_coin_params_read(params, &opt->coin_params, &err) != REACH_OK)
      return reach_cli_fail(2, "tool: --params %s", err.msg);
    return 0;
  }
  const int status = reach_cli_model_params("tool", cfg->learner, params, theta);
  if (status == 0) cfg->params = theta;
  return status;
}

const char *reach_cli_bundled_network(const char *cmd) {
  const char *path = reach_cli_data_path(REACH_BUNDLED_NETWORK);
  if (!path)
    reach_cli_fail(1, "%s: the bundled network %s is in neither %s nor %s; give --network FILE",
                   cmd, REACH_BUNDLED_NETWORK, REACH_SOURCE_DATADIR, REACH_DATADIR);
  return path;
}

void reach_cli_tool_summary(const char *experiment, const reach_tool_result *res, int n) {
  if (strcmp(experiment, "exp1-two") == 0) {
    double pct[3][2], mon[2];
    reach_tool_exp1_generalisation(res, n, pct, mon);
    printf(
        "  generalisation (%% of the monitoring channels' %+.1f / %+.1f %%), left/right: "
        "object+hand %+.1f/%+.1f, hand %+.1f/%+.1f, object %+.1f/%+.1f (paper E4: 32.6/48.0, "
        "34.4/34.5, 12.5/3.5)\n",
        mon[0], mon[1], pct[0][0], pct[0][1], pct[1][0], pct[1][1], pct[2][0], pct[2][1]);
  }
  if (strncmp(experiment, "exp2", 4) == 0) {
    const reach_tool_exp2_summary s = reach_tool_exp2_summarise(res, n);
    printf("  end of exposure (channels 25-26): cue 1 %+.1f %%, cue 2 %+.1f %%\n", s.end[0],
           s.end[1]);
    printf("  rebound (cue-2 channel 27 - mean of cue-1 channels 50-51): %+.1f %% (paper: %s)\n",
           s.rebound,
           strcmp(experiment, "exp2-opposing") == 0 ? "+37.6 % (E7)" : "+9.4 %, n.s. (E8)");
    // the arm's own push on the wall before learning does not cancel in the rebound: shown beside
    printf(
        "  pre-exposure (channels 1-2): cue 1 %+.1f %%, cue 2 %+.1f %%; rebound less this bias: "
        "%+.1f %%\n",
        s.pre[0], s.pre[1], s.rebound_net);
  }
}
