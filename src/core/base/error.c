// SPDX-License-Identifier: GPL-3.0-or-later
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

reach_status reach_error_set(reach_error *err, reach_status code, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->code = code;
  }
  return code;
}

void reach_error_clear(reach_error *err) {
  if (err) {
    err->code = REACH_OK;
    err->msg[0] = '\0';
  }
}
