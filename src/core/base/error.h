// SPDX-License-Identifier: GPL-3.0-or-later
// Error reporting for libreach: functions that can fail return a status and fill a reach_error
// with a message a person can act on (file, line or field, what was expected, what was found).
// Core code never prints and never exits.
#ifndef REACH_ERROR_H
#define REACH_ERROR_H

typedef enum reach_status {
  REACH_OK = 0,
  REACH_ERR_IO,       // a file could not be opened, read or written
  REACH_ERR_PARSE,    // input text is malformed
  REACH_ERR_RANGE,    // a value is outside its allowed range
  REACH_ERR_NUMERIC,  // NaN or Inf appeared in a computation
  REACH_ERR_NOMEM,
  REACH_ERR_USAGE,  // the caller asked for something inconsistent
} reach_status;

typedef struct reach_error {
  reach_status code;
  char msg[512];
} reach_error;

// Sets err (nullable) and returns code, so a failing path reads `return reach_error_set(...)`.
reach_status reach_error_set(reach_error *err, reach_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void reach_error_clear(reach_error *err);

#endif
