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
