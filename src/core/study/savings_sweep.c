// SPDX-License-Identifier: GPL-3.0-or-later
#include "savings_sweep.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "../io/csv.h"
#include "../io/lock.h"
#include "savings_report.h"

void reach_sweep_network_name(int i, char *buf, size_t len) {
  snprintf(buf, len, "network-%04d.h5", i);
}

reach_status reach_sweep_open_network(const reach_config *base, int i, const char *path,
                                      const char *grown, reach_savings **out, bool *complete,
                                      reach_error *err) {
  reach_config cfg = *base;
  cfg.seed = (uint64_t)i;
  *out = NULL;
  *complete = false;
  struct stat st;
  if (stat(path, &st) != 0)
    return grown ? reach_savings_from_grown_up(&cfg, grown, out, err)
                 : reach_savings_create(&cfg, out, err);
  reach_savings *e = NULL;
  reach_status s = reach_savings_load(path, &e, err);
  if (s != REACH_OK) return s;
  char why[300];
  if (reach_config_differ(reach_savings_config(e), &cfg, why, sizeof why)) {
    reach_savings_free(e);
    return reach_error_set(err, REACH_ERR_USAGE, "%s was trained with another configuration (%s)",
                           path, why);
  }
  // Another engine's file would mix two roundings in one study (refused like a configuration);
  // the thread count is this run's, whatever the file's run used.
  if ((s = reach_savings_check_engine(e, path, err)) != REACH_OK ||
      (s = reach_savings_set_threads(e, base->threads, err)) != REACH_OK) {
    reach_savings_free(e);
    return s == REACH_ERR_PARSE ? REACH_ERR_USAGE : s;
  }
  *complete = reach_savings_stage(e) == REACH_STAGE_DONE;
  *out = e;
  return REACH_OK;
}

static double mean_last(const double *x, int n, int k) {
  if (n <= 0) return (double)NAN;
  int m = n < k ? n : k;
  double s = 0.0;
  for (int i = n - m; i < n; i++) s += x[i];
  return s / m;
}

void reach_sweep_summary_header(FILE *fp) { fputs(REACH_SWEEP_SUMMARY_HEADER "\n", fp); }

reach_status reach_sweep_summary_row(FILE *fp, int i, const reach_savings *e, const char *compare,
                                     reach_error *err) {
  const reach_config *c = reach_savings_config(e);
  reach_compare cmp;
  reach_status st = reach_savings_compare_pair(e, compare, &cmp, err);
  if (st != REACH_OK) return st;
  int role[REACH_NPHASE];
  reach_compare_roles(&cmp, role);
  const double *ld[REACH_NPHASE];
  int n[REACH_NPHASE];
  for (int p = 0; p < REACH_NPHASE; p++)
    n[p] = role[p] >= 0 ? reach_savings_ld(e, role[p], &ld[p], NULL) : 0;
  fprintf(fp, "%d,%d,%llu", i, c->units, (unsigned long long)c->seed);
  fprintf(fp, ",%.6f", 1e3 * mean_last(ld[0], n[0], 10));
  for (int p = 1; p < REACH_NPHASE; p++)
    fprintf(fp, ",%.6f,%.6f", n[p] ? 1e3 * ld[p][0] : (double)NAN,
            1e3 * mean_last(ld[p], n[p], 10));
  fputc('\n', fp);
  return REACH_OK;
}

reach_status reach_sweep_control(reach_config *c, const char *control, reach_error *err) {
  const double b = fabs(c->phase_field[1]);
  if (strcmp(control, "opposite") == 0) {
    c->phase_field[1] = b, c->phase_field[3] = -b;
  } else if (strcmp(control, "opposite-paper") == 0) {
    c->phase_field[1] = -b, c->phase_field[3] = b;
  } else {
    return reach_error_set(err, REACH_ERR_USAGE, "'%s': expected opposite or opposite-paper",
                           control);
  }
  if (b == 0.0)
    return reach_error_set(err, REACH_ERR_USAGE, "%s: the preset's FF1 field is 0", control);
  return REACH_OK;
}

void reach_sweep_summary_name(int shard, int shards, char *buf, size_t len) {
  if (shards > 1)
    snprintf(buf, len, "summary-shard-%d-of-%d.csv", shard, shards);
  else
    snprintf(buf, len, "summary.csv");
}

reach_status reach_sweep_train_network(const reach_config *base, const char *dir,
                                       const char *grown_dir, int i,
                                       const reach_savings_run_opts *run, bool *kept,
                                       reach_sweep_step *at, reach_error *err) {
  char name[64], path[4096], grown[4096];
  reach_sweep_network_name(i, name, sizeof name);
  snprintf(path, sizeof path, "%s/%s", dir, name);
  if (grown_dir) snprintf(grown, sizeof grown, "%s/%s", grown_dir, name);
  *kept = false;
  *at = REACH_SWEEP_LOCK;
  reach_lock lock = {.fd = -1};
  reach_status st = reach_lock_acquire(&lock, path, err);
  if (st != REACH_OK) return st;
  reach_lock_remove_stale(path);  // a killed run's partial writes: no live writer owns them
  struct stat sb;
  const bool fresh = stat(path, &sb) != 0;
  reach_savings *e = NULL;
  st = reach_sweep_open_network(base, i, path, grown_dir ? grown : NULL, &e, kept, err);
  if (st != REACH_OK) {
    *at = fresh && grown_dir      ? REACH_SWEEP_GROWN
          : st == REACH_ERR_USAGE ? REACH_SWEEP_FOREIGN
                                  : REACH_SWEEP_OPEN;
  } else if (!*kept) {
    reach_savings_run_opts o = *run;
    o.checkpoint = path;
    *at = REACH_SWEEP_RUN;
    st = reach_savings_run(e, &o, err);
    if (st == REACH_OK) {
      *at = REACH_SWEEP_SAVE;
      st = reach_savings_save(e, path, err);
    }
  }
  reach_savings_free(e);
  reach_lock_release(&lock);
  return st;
}

reach_status reach_sweep_write_summary(const char *dir, int shard, int shards, const int *idx,
                                       int count, const char *compare,
                                       void (*missing)(int i, const char *why, void *), void *user,
                                       reach_error *err) {
  char name[96], path[4096];
  reach_sweep_summary_name(shard, shards, name, sizeof name);
  snprintf(path, sizeof path, "%s/%s", dir, name);
  reach_file f;
  reach_status st = reach_file_begin(&f, path, err);
  if (st != REACH_OK) return st;
  reach_sweep_summary_header(f.fp);
  for (int k = 0; k < count; k++) {
    char file[4096];
    reach_sweep_network_name(idx[k], name, sizeof name);
    snprintf(file, sizeof file, "%s/%s", dir, name);
    reach_savings *e = NULL;
    reach_error why = {0};
    if (reach_savings_load(file, &e, &why) != REACH_OK ||
        reach_sweep_summary_row(f.fp, idx[k], e, compare, &why) != REACH_OK) {
      if (missing) missing(idx[k], why.msg, user);
    }
    reach_savings_free(e);
  }
  return reach_file_commit(&f, err);
}

int *reach_sweep_shard(int networks, int shard, int shards, int *count) {
  *count = 0;
  int *idx = calloc(networks > 0 ? (size_t)networks : 1, sizeof *idx);
  if (!idx) return NULL;
  for (int i = shard; i < networks; i += shards) idx[(*count)++] = i;
  return idx;
}

reach_status reach_sweep_check_grown_dir(const char *grown, const char *out, reach_error *err) {
  struct stat a, b;
  if (stat(grown, &a) != 0 || !S_ISDIR(a.st_mode))
    return reach_error_set(err, REACH_ERR_USAGE, "--grown-up-from %s: not a directory", grown);
  // The phases must not land in the grown-up directory, whose files are only read.
  if (stat(out, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
    return reach_error_set(err, REACH_ERR_USAGE,
                           "--grown-up-from %s is the --out directory: give the phases a "
                           "directory of their own",
                           grown);
  return REACH_OK;
}
