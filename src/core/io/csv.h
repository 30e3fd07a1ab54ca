// SPDX-License-Identifier: GPL-3.0-or-later
// Numeric CSV tables with a header row: read with errors that name file, line and column, and
// written through a temporary file that is renamed into place, so an interrupted write never
// leaves a half file where the user's file was.
#ifndef REACH_CSV_H
#define REACH_CSV_H

#include <stdio.h>

#include "../base/error.h"

typedef struct reach_table {
  int ncol, nrow;
  char **names;  // [ncol] header names, trimmed
  double *data;  // [nrow][ncol] row-major; NAN marks an empty cell (only if allowed)
  long *line;    // [nrow] line number of each row in the file, for error messages
} reach_table;

enum {
  REACH_CSV_ALLOW_EMPTY = 1 << 0,  // an empty cell reads as NAN instead of being an error
};

reach_status reach_table_read(const char *path, unsigned flags, reach_table *t, reach_error *err);
void reach_table_free(reach_table *t);
// Index of the column called name, or -1.
int reach_table_column(const reach_table *t, const char *name);
static inline double reach_table_at(const reach_table *t, int row, int col) {
  return t->data[(size_t)row * (size_t)t->ncol + (size_t)col];
}

// Atomic file output: reach_file_begin opens "<path>.XXXXXX" beside path; reach_file_commit
// flushes, closes and renames it over path; reach_file_abort closes and removes it.
typedef struct reach_file {
  FILE *fp;
  char *path, *tmp_path;
} reach_file;

reach_status reach_file_begin(reach_file *f, const char *path, reach_error *err);
reach_status reach_file_commit(reach_file *f, reach_error *err);
void reach_file_abort(reach_file *f);

// Writes x with 17 significant digits (round-trips a double exactly).
void reach_csv_put(FILE *fp, double x, int last);

#endif
