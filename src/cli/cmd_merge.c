// SPDX-License-Identifier: GPL-3.0-or-later
// reachlab-cli merge: joins what sharded `reachlab-cli savings --shard I/N` runs wrote (in one
// directory or several) into one results directory: OUT/summary.csv with every network's row,
// sorted by network, and every network-NNNN.h5 beside it (study/savings_merge.h).
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

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
  reach_sweep_merge *m = reach_sweep_merge_create();
  reach_error err = {0};
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
  for (guint d = 0; d < dirs->len && status == 0; d++)
    if (reach_sweep_merge_read_dir(m, g_ptr_array_index(dirs, d), sum_path, &err))
      status = reach_cli_fail(1, "merge: %s", err.msg);
  if (status == 0 && reach_sweep_merge_check(m, networks, &err))
    status = reach_cli_fail(1, "merge: %s", err.msg);
  if (status == 0 && g_mkdir_with_parents(out_dir, 0755))
    status = reach_cli_fail(1, "merge: cannot create %s: %s", out_dir, g_strerror(errno));
  int linked = 0;
  if (status == 0 && !no_files &&
      reach_sweep_gather_networks((char **)dirs->pdata, (int)dirs->len, out_dir, &linked, &err))
    status = reach_cli_fail(1, "merge: %s", err.msg);
  if (status == 0 && reach_sweep_merge_write(m, sum_path, &err))
    status = reach_cli_fail(1, "merge: %s", err.msg);
  else if (status == 0)
    printf("%s: %d networks from %d files; %d network files brought in\n", sum_path,
           reach_sweep_merge_rows(m), reach_sweep_merge_files(m), linked);
  g_free(sum_path);
done:
  reach_sweep_merge_free(m);
  g_ptr_array_free(opts, TRUE);
  g_ptr_array_free(dirs, TRUE);
  g_free(out_dir);
  return status;
}
