// SPDX-License-Identifier: GPL-3.0-or-later
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"

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

const char *reach_cli_data_path(const char *rel) {
  static char path[4096];
  const char *roots[] = {REACH_DATADIR, REACH_SOURCE_DATADIR};
  for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", roots[i], rel);
    if (g_file_test(path, G_FILE_TEST_EXISTS)) return path;
  }
  return NULL;
}
