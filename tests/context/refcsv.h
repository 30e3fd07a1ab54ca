// SPDX-License-Identifier: GPL-3.0-or-later
// Reads the reference CSVs of tests/data/heald2018-exp2, whose `group` column is text (which
// the numeric table reader of io/csv.h does not take): each cell is kept as text and as a
// number (NAN when empty or not numeric). Test-only helper.
#ifndef REACH_TEST_REFCSV_H
#define REACH_TEST_REFCSV_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct refcsv {
  int ncol, nrow;
  char names[32][48];
  double *num;      // [nrow][ncol]
  char (*txt)[48];  // [nrow][ncol], first 47 chars
} refcsv;

static inline int refcsv_col(const refcsv *r, const char *name) {
  for (int i = 0; i < r->ncol; i++)
    if (strcmp(r->names[i], name) == 0) return i;
  fprintf(stderr, "reference CSV has no column '%s'\n", name);
  exit(2);
}

static inline double refcsv_num(const refcsv *r, int row, int col) {
  return r->num[(size_t)row * (size_t)r->ncol + (size_t)col];
}
static inline const char *refcsv_txt(const refcsv *r, int row, int col) {
  return r->txt[(size_t)row * (size_t)r->ncol + (size_t)col];
}

static inline void refcsv_free(refcsv *r) {
  free(r->num);
  free(r->txt);
}

// Exits with status 2 (a broken fixture, not a failed check) if the file cannot be read.
static inline void refcsv_read(const char *path, refcsv *r) {
  memset(r, 0, sizeof *r);
  FILE *fp = fopen(path, "r");
  if (!fp) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  char line[4096];
  size_t cap = 0;
  int lineno = 0;
  while (fgets(line, sizeof line, fp)) {
    lineno++;
    line[strcspn(line, "\r\n")] = '\0';
    char *fields[32];
    int nf = 0;
    for (char *p = line;;) {
      char *c = strchr(p, ',');
      if (c) *c = '\0';
      if (nf < 32) fields[nf++] = p;
      if (!c) break;
      p = c + 1;
    }
    if (lineno == 1) {
      r->ncol = nf;
      for (int i = 0; i < nf; i++) snprintf(r->names[i], sizeof r->names[i], "%s", fields[i]);
      continue;
    }
    if (nf != r->ncol) {
      fprintf(stderr, "%s:%d: %d fields, expected %d\n", path, lineno, nf, r->ncol);
      exit(2);
    }
    if ((size_t)r->nrow == cap) {
      cap = cap ? 2 * cap : 1024;
      r->num = realloc(r->num, cap * (size_t)r->ncol * sizeof *r->num);
      r->txt = realloc(r->txt, cap * (size_t)r->ncol * sizeof *r->txt);
      if (!r->num || !r->txt) exit(2);
    }
    for (int i = 0; i < nf; i++) {
      size_t at = (size_t)r->nrow * (size_t)r->ncol + (size_t)i;
      snprintf(r->txt[at], sizeof r->txt[at], "%s", fields[i]);
      char *end;
      double v = strtod(fields[i], &end);
      r->num[at] = (end == fields[i] || *end) ? (double)NAN : v;
    }
    r->nrow++;
  }
  fclose(fp);
}

#endif
