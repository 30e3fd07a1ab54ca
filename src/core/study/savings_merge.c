// SPDX-License-Identifier: GPL-3.0-or-later
#include "savings_merge.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../io/csv.h"
#include "../io/datadir.h"
#include "savings.h"
#include "savings_sweep.h"

typedef struct row {
  long network;
  char *text;        // the line without its newline
  const char *file;  // owned by the file list
  long line;
} row;

struct reach_sweep_merge {
  GPtrArray *files;  // char* paths of the summary files read
  GArray *rows;      // row
  char *header, *header_file;
};

reach_sweep_merge *reach_sweep_merge_create(void) {
  reach_sweep_merge *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->files = g_ptr_array_new_with_free_func(g_free);
  m->rows = g_array_new(FALSE, FALSE, sizeof(row));
  return m;
}

void reach_sweep_merge_free(reach_sweep_merge *m) {
  if (!m) return;
  for (guint i = 0; i < m->rows->len; i++) g_free(g_array_index(m->rows, row, i).text);
  g_array_free(m->rows, TRUE);
  g_ptr_array_unref(m->files);
  g_free(m->header);
  g_free(m->header_file);
  free(m);
}

int reach_sweep_merge_rows(const reach_sweep_merge *m) { return (int)m->rows->len; }
int reach_sweep_merge_files(const reach_sweep_merge *m) { return (int)m->files->len; }

static int cmp_row(const void *a, const void *b) {
  const row *x = a, *y = b;
  return (x->network > y->network) - (x->network < y->network);
}

static bool same_file(const char *a, const char *b) {
  struct stat sa, sb;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

// Reads one summary file's rows into m.
static reach_status read_summary(reach_sweep_merge *m, const char *path, reach_error *err) {
  char *text = NULL;
  gsize len = 0;
  GError *gerr = NULL;
  if (!g_file_get_contents(path, &text, &len, &gerr)) {
    reach_status s = reach_error_set(err, REACH_ERR_IO, "%s", gerr->message);
    g_error_free(gerr);
    return s;
  }
  char *file = g_strdup(path);
  g_ptr_array_add(m->files, file);
  reach_status status = REACH_OK;
  char **lines = g_strsplit(text, "\n", -1);
  long lineno = 0;
  for (char **l = lines; *l && status == 0; l++) {
    lineno++;
    size_t n = strlen(*l);
    if (n && (*l)[n - 1] == '\r') (*l)[--n] = '\0';
    if (lineno == 1) {
      if (m->header && strcmp(m->header, *l) != 0) {
        status =
            reach_error_set(err, REACH_ERR_PARSE, "%s has a different header from %s:\n  %s\n  %s",
                            path, m->header_file, *l, m->header);
      } else if (strcmp(*l, REACH_SWEEP_SUMMARY_HEADER) != 0) {
        status = reach_error_set(err, REACH_ERR_PARSE,
                                 "%s:1: not a savings summary table; expected the "
                                 "header\n  %s\nfound\n  %.200s",
                                 path, REACH_SWEEP_SUMMARY_HEADER, *l);
      } else if (!m->header) {
        m->header = g_strdup(*l);
        m->header_file = g_strdup(path);
      }
      continue;
    }
    if (n == 0) continue;  // the final newline
    char *end = NULL;
    errno = 0;
    long id = strtol(*l, &end, 10);
    if (errno || end == *l || *end != ',' || id < 0) {
      status = reach_error_set(err, REACH_ERR_PARSE,
                               "%s:%ld: expected a network number in the first column, "
                               "found '%.40s'",
                               path, lineno, *l);
      break;
    }
    int fields = 1, want = 1;
    for (const char *c = *l; *c; c++) fields += *c == ',';
    for (const char *c = REACH_SWEEP_SUMMARY_HEADER; *c; c++) want += *c == ',';
    if (fields != want) {
      status = reach_error_set(err, REACH_ERR_PARSE,
                               "%s:%ld: expected %d comma-separated fields (as in the "
                               "header), found %d",
                               path, lineno, want, fields);
      break;
    }
    row r = {id, g_strdup(*l), file, lineno};
    g_array_append_val(m->rows, r);
  }
  if (status == 0 && lineno < 1)
    status = reach_error_set(err, REACH_ERR_PARSE, "%s is empty (no header)", path);
  g_strfreev(lines);
  g_free(text);
  return status;
}

// Copies src to dst through a temporary file renamed into place.
static reach_status copy_file(const char *src, const char *dst, reach_error *err) {
  char *data = NULL;
  gsize len = 0;
  GError *gerr = NULL;
  if (!g_file_get_contents(src, &data, &len, &gerr)) {
    reach_status s = reach_error_set(err, REACH_ERR_IO, "%s", gerr->message);
    g_error_free(gerr);
    return s;
  }
  reach_file f;
  reach_status status = reach_file_begin(&f, dst, err);
  if (status == REACH_OK && fwrite(data, 1, len, f.fp) != len) {
    reach_file_abort(&f);
    status = reach_error_set(err, REACH_ERR_IO, "writing %s failed", dst);
  } else if (status == REACH_OK) {
    status = reach_file_commit(&f, err);
  }
  g_free(data);
  return status;
}

reach_status reach_sweep_gather_networks(char *const *dirs, int ndir, const char *out, int *count,
                                         reach_error *err) {
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  reach_status status = REACH_OK;
  *count = 0;
  for (int d = 0; d < ndir && status == 0; d++) {
    GError *gerr = NULL;
    GPtrArray *names = reach_dir_list(dirs[d], "network-", ".h5", &gerr);
    if (!names) {
      status = reach_error_set(err, REACH_ERR_IO, "%s", gerr->message);
      g_error_free(gerr);
      break;
    }
    for (guint i = 0; i < names->len && status == 0; i++) {
      const char *name = g_ptr_array_index(names, i);
      char *src = g_build_filename(dirs[d], name, NULL);
      const char *first = g_hash_table_lookup(seen, name);
      if (first && !same_file(first, src)) {
        status = reach_error_set(err, REACH_ERR_USAGE, "%s is in two directories: %s and %s", name,
                                 first, src);
        g_free(src);
        break;
      }
      // A damaged or unfinished file must not enter the merged results unnoticed.
      reach_savings *e = NULL;
      if ((status = reach_savings_load(src, &e, err)) != REACH_OK) {
      } else if (reach_savings_stage(e) != REACH_STAGE_DONE) {
        status = reach_error_set(err, REACH_ERR_USAGE,
                                 "%s is a checkpoint (unfinished run); finish it with "
                                 "`reachlab-cli savings`, or remove it",
                                 src);
      }
      reach_savings_free(e);
      if (status) {
        g_free(src);
        break;
      }
      char *dst = g_build_filename(out, name, NULL);
      if (!same_file(src, dst)) {
        if (g_file_test(dst, G_FILE_TEST_EXISTS)) {
          status = reach_error_set(err, REACH_ERR_USAGE,
                                   "%s already exists and is not %s; not overwriting it", dst, src);
        } else if (link(src, dst) != 0) {
          status = copy_file(src, dst, err);  // another file system, or links not allowed
        }
        if (status == 0) ++*count;
      }
      g_free(dst);
      if (!first)
        g_hash_table_insert(seen, g_strdup(name), src);
      else
        g_free(src);
    }
    g_ptr_array_unref(names);
  }
  g_hash_table_unref(seen);
  return status;
}

reach_status reach_sweep_merge_read_dir(reach_sweep_merge *m, const char *dir, const char *skip,
                                        reach_error *err) {
  GError *gerr = NULL;
  reach_status status = REACH_OK;
  GPtrArray *names = reach_dir_list(dir, "summary-shard-", ".csv", &gerr);
  if (!names) {
    status = reach_error_set(err, REACH_ERR_IO, "%s", gerr->message);
    g_error_free(gerr);
    return status;
  }
  if (names->len == 0) {  // an unsharded run: its summary.csv (unless it is our output)
    char *p = g_build_filename(dir, "summary.csv", NULL);
    if (!g_file_test(p, G_FILE_TEST_EXISTS))
      status = reach_error_set(err, REACH_ERR_IO,
                               "%s has no summary-shard-*.csv and no summary.csv", dir);
    else if (!skip || !same_file(p, skip))
      status = read_summary(m, p, err);
    g_free(p);
  }
  for (guint i = 0; i < names->len && status == REACH_OK; i++) {
    char *p = g_build_filename(dir, (const char *)g_ptr_array_index(names, i), NULL);
    status = read_summary(m, p, err);
    g_free(p);
  }
  g_ptr_array_unref(names);
  return status;
}

reach_status reach_sweep_merge_check(reach_sweep_merge *m, int networks, reach_error *err) {
  if (!m->header) return reach_error_set(err, REACH_ERR_USAGE, "no summary rows found");
  reach_status status = REACH_OK;
  g_array_sort(m->rows, cmp_row);
  row *r = (row *)(void *)m->rows->data;
  for (guint i = 1; i < m->rows->len && status == REACH_OK; i++)
    if (r[i].network == r[i - 1].network)
      status = reach_error_set(err, REACH_ERR_USAGE, "network %ld is in both %s:%ld and %s:%ld",
                               r[i].network, r[i - 1].file, r[i - 1].line, r[i].file, r[i].line);
  if (status == REACH_OK && networks > 0) {
    GString *missing = g_string_new(NULL);
    int nmiss = 0;
    guint k = 0;
    for (long id = 0; id < networks; id++) {
      while (k < m->rows->len && r[k].network < id) k++;
      if (k < m->rows->len && r[k].network == id) continue;
      if (nmiss++ < 20) g_string_append_printf(missing, " %ld", id);
    }
    if (nmiss)
      status = reach_error_set(err, REACH_ERR_USAGE, "%d of networks 0..%d missing:%s%s", nmiss,
                               networks - 1, missing->str, nmiss > 20 ? " ..." : "");
    else if (m->rows->len && r[m->rows->len - 1].network >= networks)
      status = reach_error_set(err, REACH_ERR_USAGE,
                               "network %ld found, but --networks %d expects 0..%d",
                               r[m->rows->len - 1].network, networks, networks - 1);
    g_string_free(missing, TRUE);
  }
  return status;
}

reach_status reach_sweep_merge_write(const reach_sweep_merge *m, const char *path,
                                     reach_error *err) {
  reach_file f;
  reach_status st = reach_file_begin(&f, path, err);
  if (st != REACH_OK) return st;
  fprintf(f.fp, "%s\n", m->header);
  const row *r = (const row *)(const void *)m->rows->data;
  for (guint i = 0; i < m->rows->len; i++) fprintf(f.fp, "%s\n", r[i].text);
  return reach_file_commit(&f, err);
}
