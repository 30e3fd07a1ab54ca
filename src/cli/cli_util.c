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
