// SPDX-License-Identifier: GPL-3.0-or-later
// reachlab-cli merge: joins what sharded `reachlab-cli savings --shard I/N` runs wrote (in one
// directory or several) into one results directory: OUT/summary.csv with every network's row,
// sorted by network, and every network-NNNN.h5 beside it (hard-linked, or copied across file
// systems). Rows are copied as text, so a merged table is byte-identical to the one an unsharded
// run writes. A network found twice (two shards, or two directories) is an error naming both
// places: silently keeping one could mix two different runs.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

typedef struct row {
  long network;
  char *text;        // the line without its newline
  const char *file;  // owned by the file list
  long line;
} row;

typedef struct merge {
  GPtrArray *files;  // char* paths of the summary files read
  GArray *rows;      // row
  char *header, *header_file;
} merge;

static int cmp_row(const void *a, const void *b) {
  const row *x = a, *y = b;
  return (x->network > y->network) - (x->network < y->network);
}

static bool same_file(const char *a, const char *b) {
  struct stat sa, sb;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

// Reads one summary file's rows into m. Returns 0, or an exit status after printing why.
static int read_summary(merge *m, const char *path) {
  char *text = NULL;
  gsize len = 0;
  GError *gerr = NULL;
  if (!g_file_get_contents(path, &text, &len, &gerr)) {
    int s = reach_cli_fail(1, "merge: %s", gerr->message);
    g_error_free(gerr);
    return s;
  }
  char *file = g_strdup(path);
  g_ptr_array_add(m->files, file);
  int status = 0;
  char **lines = g_strsplit(text, "\n", -1);
  long lineno = 0;
  for (char **l = lines; *l && status == 0; l++) {
    lineno++;
    size_t n = strlen(*l);
    if (n && (*l)[n - 1] == '\r') (*l)[--n] = '\0';
    if (lineno == 1) {
      if (m->header && strcmp(m->header, *l) != 0) {
        status = reach_cli_fail(1, "merge: %s has a different header from %s:\n  %s\n  %s", path,
                                m->header_file, *l, m->header);
      } else if (strcmp(*l, REACH_SWEEP_SUMMARY_HEADER) != 0) {
        status = reach_cli_fail(1,
                                "merge: %s:1: not a savings summary table; expected the "
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
      status = reach_cli_fail(1,
                              "merge: %s:%ld: expected a network number in the first column, "
                              "found '%.40s'",
                              path, lineno, *l);
      break;
    }
    int fields = 1, want = 1;
    for (const char *c = *l; *c; c++) fields += *c == ',';
    for (const char *c = REACH_SWEEP_SUMMARY_HEADER; *c; c++) want += *c == ',';
    if (fields != want) {
      status = reach_cli_fail(1,
                              "merge: %s:%ld: expected %d comma-separated fields (as in the "
                              "header), found %d",
                              path, lineno, want, fields);
      break;
    }
    row r = {id, g_strdup(*l), file, lineno};
    g_array_append_val(m->rows, r);
  }
  if (status == 0 && lineno < 1) status = reach_cli_fail(1, "merge: %s is empty (no header)", path);
  g_strfreev(lines);
  g_free(text);
  return status;
}

// Copies src to dst through a temporary file renamed into place.
static int copy_file(const char *src, const char *dst) {
  char *data = NULL;
  gsize len = 0;
  GError *gerr = NULL;
  if (!g_file_get_contents(src, &data, &len, &gerr)) {
    int s = reach_cli_fail(1, "merge: %s", gerr->message);
    g_error_free(gerr);
    return s;
  }
  reach_file f;
  reach_error err = {0};
  int status = 0;
  if (reach_file_begin(&f, dst, &err)) {
    status = reach_cli_fail(1, "merge: %s", err.msg);
  } else if (fwrite(data, 1, len, f.fp) != len) {
    reach_file_abort(&f);
    status = reach_cli_fail(1, "merge: writing %s failed", dst);
  } else if (reach_file_commit(&f, &err)) {
    status = reach_cli_fail(1, "merge: %s", err.msg);
  }
  g_free(data);
  return status;
}

// Brings every DIR/network-NNNN.h5 into out. A name found in two source directories is an
// error; a file already in out is kept if it is the same file (out is one of the sources, or a
// previous merge linked it) and is an error otherwise.
static int gather_networks(char **dirs, int ndir, const char *out, int *count) {
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  int status = 0;
  *count = 0;
  for (int d = 0; d < ndir && status == 0; d++) {
    GError *gerr = NULL;
    GPtrArray *names = reach_cli_list_dir(dirs[d], "network-", ".h5", &gerr);
    if (!names) {
      status = reach_cli_fail(1, "merge: %s", gerr->message);
      g_error_free(gerr);
      break;
    }
    for (guint i = 0; i < names->len && status == 0; i++) {
      const char *name = g_ptr_array_index(names, i);
      char *src = g_build_filename(dirs[d], name, NULL);
      const char *first = g_hash_table_lookup(seen, name);
      if (first && !same_file(first, src)) {
        status = reach_cli_fail(1, "merge: %s is in two directories: %s and %s", name, first, src);
        g_free(src);
        break;
      }
      // A damaged or unfinished file must not enter the merged results unnoticed.
      reach_savings *e = NULL;
      reach_error err = {0};
      if (reach_savings_load(src, &e, &err)) {
        status = reach_cli_fail(1, "merge: %s", err.msg);
      } else if (reach_savings_stage(e) != REACH_STAGE_DONE) {
        status = reach_cli_fail(1,
                                "merge: %s is a checkpoint (unfinished run); finish it with "
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
          status = reach_cli_fail(1, "merge: %s already exists and is not %s; not overwriting it",
                                  dst, src);
        } else if (link(src, dst) != 0) {
          status = copy_file(src, dst);  // another file system, or links not allowed
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

int reach_cli_merge(int argc, char **argv) {
  char *out_dir = NULL;
  gint networks = 0;
  gboolean no_files = FALSE;
  GOptionEntry entries[] = {
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "merged results directory", "DIR"},
      {"networks", 'n', 0, G_OPTION_ARG_INT, &networks,
       "expect exactly networks 0..N-1 (a missing one is an error)", "N"},
      {"summary-only", 0, 0, G_OPTION_ARG_NONE, &no_files,
       "merge the summary tables only; leave the network files where they are", NULL},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  // GOption stops at nothing positional, so take the DIRs out first: everything that is not an
  // option (or an option's value) is a directory.
  GPtrArray *dirs = g_ptr_array_new();
  GPtrArray *opts = g_ptr_array_new();
  g_ptr_array_add(opts, argv[0]);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (a[0] == '-' && a[1] != '\0') {
      g_ptr_array_add(opts, argv[i]);
      const bool takes_value = (strcmp(a, "--out") == 0 || strcmp(a, "-o") == 0 ||
                                strcmp(a, "--networks") == 0 || strcmp(a, "-n") == 0);
      if (takes_value && i + 1 < argc) g_ptr_array_add(opts, argv[++i]);
    } else {
      g_ptr_array_add(dirs, argv[i]);
    }
  }
  int oargc = (int)opts->len;
  char **oargv = (char **)opts->pdata;
  merge m = {g_ptr_array_new_with_free_func(g_free), g_array_new(FALSE, FALSE, sizeof(row)), NULL,
             NULL};
  int status = reach_cli_parse_options(
      "merge", "DIR...",
      "Join the summary-shard-*.csv tables (or summary.csv) and network-NNNN.h5 files of sharded "
      "`reachlab-cli savings` runs into DIR/summary.csv (sorted by network) and DIR/network-*.h5.",
      entries, &oargc, &oargv);
  if (status) goto done;
  if (!out_dir || dirs->len == 0) {
    status = reach_cli_fail(2, "merge: at least one results directory and --out DIR are required");
    goto done;
  }
  if (networks < 0) {
    status = reach_cli_fail(2, "merge: --networks %d: expected at least 1", networks);
    goto done;
  }
  char *sum_path = g_build_filename(out_dir, "summary.csv", NULL);
  for (guint d = 0; d < dirs->len && status == 0; d++) {
    const char *dir = g_ptr_array_index(dirs, d);
    GError *gerr = NULL;
    GPtrArray *names = reach_cli_list_dir(dir, "summary-shard-", ".csv", &gerr);
    if (!names) {
      status = reach_cli_fail(1, "merge: %s", gerr->message);
      g_error_free(gerr);
      break;
    }
    if (names->len == 0) {  // an unsharded run: its summary.csv (unless it is our output)
      char *p = g_build_filename(dir, "summary.csv", NULL);
      if (!g_file_test(p, G_FILE_TEST_EXISTS))
        status = reach_cli_fail(1, "merge: %s has no summary-shard-*.csv and no summary.csv", dir);
      else if (!same_file(p, sum_path))
        status = read_summary(&m, p);
      g_free(p);
    }
    for (guint i = 0; i < names->len && status == 0; i++) {
      char *p = g_build_filename(dir, (const char *)g_ptr_array_index(names, i), NULL);
      status = read_summary(&m, p);
      g_free(p);
    }
    g_ptr_array_unref(names);
  }
  if (status == 0 && !m.header) status = reach_cli_fail(1, "merge: no summary rows found");
  if (status == 0) {
    g_array_sort(m.rows, cmp_row);
    row *r = (row *)(void *)m.rows->data;
    for (guint i = 1; i < m.rows->len && status == 0; i++)
      if (r[i].network == r[i - 1].network)
        status = reach_cli_fail(1, "merge: network %ld is in both %s:%ld and %s:%ld", r[i].network,
                                r[i - 1].file, r[i - 1].line, r[i].file, r[i].line);
    if (status == 0 && networks > 0) {
      GString *missing = g_string_new(NULL);
      int nmiss = 0;
      guint k = 0;
      for (long id = 0; id < networks; id++) {
        while (k < m.rows->len && r[k].network < id) k++;
        if (k < m.rows->len && r[k].network == id) continue;
        if (nmiss++ < 20) g_string_append_printf(missing, " %ld", id);
      }
      if (nmiss)
        status = reach_cli_fail(1, "merge: %d of networks 0..%d missing:%s%s", nmiss, networks - 1,
                                missing->str, nmiss > 20 ? " ..." : "");
      else if (m.rows->len && r[m.rows->len - 1].network >= networks)
        status = reach_cli_fail(1, "merge: network %ld found, but --networks %d expects 0..%d",
                                r[m.rows->len - 1].network, networks, networks - 1);
      g_string_free(missing, TRUE);
    }
  }
  if (status == 0 && g_mkdir_with_parents(out_dir, 0755))
    status = reach_cli_fail(1, "merge: cannot create %s: %s", out_dir, g_strerror(errno));
  int linked = 0;
  if (status == 0 && !no_files)
    status = gather_networks((char **)dirs->pdata, (int)dirs->len, out_dir, &linked);
  if (status == 0) {
    reach_file f;
    reach_error err = {0};
    if (reach_file_begin(&f, sum_path, &err)) {
      status = reach_cli_fail(1, "merge: %s", err.msg);
    } else {
      fprintf(f.fp, "%s\n", m.header);
      const row *r = (const row *)(const void *)m.rows->data;
      for (guint i = 0; i < m.rows->len; i++) fprintf(f.fp, "%s\n", r[i].text);
      if (reach_file_commit(&f, &err))
        status = reach_cli_fail(1, "merge: %s", err.msg);
      else
        printf("%s: %u networks from %u files; %d network files brought in\n", sum_path,
               m.rows->len, m.files->len, linked);
    }
  }
  g_free(sum_path);
done:
  for (guint i = 0; i < m.rows->len; i++) g_free(g_array_index(m.rows, row, i).text);
  g_array_free(m.rows, TRUE);
  g_ptr_array_unref(m.files);
  g_free(m.header);
  g_free(m.header_file);
  g_ptr_array_free(opts, TRUE);
  g_ptr_array_free(dirs, TRUE);
  g_free(out_dir);
  return status;
}
