// SPDX-License-Identifier: GPL-3.0-or-later
#include "csv.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *trim(char *s) {
  while (*s && isspace((unsigned char)*s)) s++;
  char *e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
  return s;
}

// Splits line in place at commas; returns the number of fields (fields[] gets up to cap).
static int split(char *line, char **fields, int cap) {
  int n = 0;
  char *p = line;
  for (;;) {
    char *c = strchr(p, ',');
    if (c) *c = '\0';
    if (n < cap) fields[n] = trim(p);
    n++;
    if (!c) break;
    p = c + 1;
  }
  return n;
}

// getline reads through NUL bytes, string functions stop at them: a NUL would silently cut a
// line short, so it is an error of its own. Returns the byte's 1-based column, or 0.
static long nul_at(const char *line, ssize_t len) {
  const size_t n = strlen(line);
  return n < (size_t)len ? (long)n + 1 : 0;
}

// A field that reads fully as a number (a header line made of them is data, not names).
static int numeric(const char *f) {
  char *end;
  if (!f[0]) return 0;
  (void)strtod(f, &end);
  return end != f && *end == '\0';
}

static int blank(const char *s) {
  for (; *s; s++)
    if (!isspace((unsigned char)*s)) return 0;
  return 1;
}

void reach_table_free(reach_table *t) {
  if (t->names) {
    for (int i = 0; i < t->ncol; i++) free(t->names[i]);
  }
  free(t->names);
  free(t->data);
  free(t->line);
  memset(t, 0, sizeof *t);
}

reach_status reach_table_read(const char *path, unsigned flags, reach_table *t, reach_error *err) {
  memset(t, 0, sizeof *t);
  FILE *fp = fopen(path, "r");
  if (!fp) return reach_error_set(err, REACH_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  long lineno = 0;
  reach_status st = REACH_OK;
  char **fields = NULL;
  size_t rows_cap = 0;

  // header: the first non-blank line
  while ((len = getline(&line, &cap, fp)) >= 0) {
    lineno++;
    if (!blank(line)) break;
  }
  if (len < 0) {
    st = reach_error_set(err, REACH_ERR_PARSE, "%s: the file is empty; expected a header line",
                         path);
    goto done;
  }
  if (nul_at(line, len)) {
    st = reach_error_set(err, REACH_ERR_PARSE, "%s:%ld:%ld: a NUL byte; expected text", path,
                         lineno, nul_at(line, len));
    goto done;
  }
  if (lineno == 1 && (unsigned char)line[0] == 0xEF && (unsigned char)line[1] == 0xBB &&
      (unsigned char)line[2] == 0xBF) {
    memmove(line, line + 3, strlen(line + 3) + 1);  // UTF-8 byte-order mark
  }
  int ncol = 1;
  for (const char *c = line; *c; c++) ncol += *c == ',';
  fields = calloc((size_t)ncol, sizeof *fields);
  t->names = calloc((size_t)ncol, sizeof *t->names);
  if (!fields || !t->names) {
    st = reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
    goto done;
  }
  split(line, fields, ncol);
  t->ncol = ncol;
  int numbers = 0;
  for (int i = 0; i < ncol; i++) numbers += numeric(fields[i]);
  if (numbers == ncol) {
    st = reach_error_set(err, REACH_ERR_PARSE,
                         "%s:%ld: no header: the first line holds numbers ('%.40s'); expected "
                         "column names",
                         path, lineno, fields[0]);
    goto done;
  }
  for (int i = 0; i < ncol; i++) {
    if (!fields[i][0]) {
      st = reach_error_set(err, REACH_ERR_PARSE, "%s:%ld:%d: header column %d has no name", path,
                           lineno, i + 1, i + 1);
      goto done;
    }
    t->names[i] = strdup(fields[i]);
    for (int j = 0; j < i; j++) {
      if (strcmp(t->names[j], t->names[i]) == 0) {
        st = reach_error_set(err, REACH_ERR_PARSE,
                             "%s:%ld:%d: header names column '%s' twice (also column %d)", path,
                             lineno, i + 1, fields[i], j + 1);
        goto done;
      }
    }
  }

  while ((len = getline(&line, &cap, fp)) >= 0) {
    lineno++;
    if (nul_at(line, len)) {
      st = reach_error_set(err, REACH_ERR_PARSE, "%s:%ld:%ld: a NUL byte; expected text", path,
                           lineno, nul_at(line, len));
      goto done;
    }
    if (blank(line)) continue;
    int nf = split(line, fields, ncol);
    if (nf != ncol) {
      st =
          reach_error_set(err, REACH_ERR_PARSE,
                          "%s:%ld: expected %d comma-separated fields (as in the header), found %d",
                          path, lineno, ncol, nf);
      goto done;
    }
    if ((size_t)t->nrow == rows_cap) {
      rows_cap = rows_cap ? 2 * rows_cap : 256;
      double *d = realloc(t->data, rows_cap * (size_t)ncol * sizeof *d);
      if (!d) {
        st = reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
        goto done;
      }
      t->data = d;
      long *l = realloc(t->line, rows_cap * sizeof *l);
      if (!l) {
        st = reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
        goto done;
      }
      t->line = l;
    }
    t->line[t->nrow] = lineno;
    double *row = t->data + (size_t)t->nrow * (size_t)ncol;
    for (int i = 0; i < ncol; i++) {
      const char *f = fields[i];
      if (!f[0]) {
        if (flags & REACH_CSV_ALLOW_EMPTY) {
          row[i] = NAN;
          continue;
        }
        st = reach_error_set(err, REACH_ERR_PARSE,
                             "%s:%ld:%d (column '%s'): empty cell; expected a number", path, lineno,
                             i + 1, t->names[i]);
        goto done;
      }
      char *end;
      errno = 0;
      double v = strtod(f, &end);
      if (end == f || *end != '\0') {
        st = reach_error_set(err, REACH_ERR_PARSE,
                             "%s:%ld:%d (column '%s'): expected a number, found '%.40s'", path,
                             lineno, i + 1, t->names[i], f);
        goto done;
      }
      // ERANGE also flags underflow (1e-310 reads as a subnormal or 0): a finite number.
      if (!isfinite(v)) {
        st = reach_error_set(err, REACH_ERR_RANGE,
                             "%s:%ld:%d (column '%s'): expected a finite number, found '%.40s'",
                             path, lineno, i + 1, t->names[i], f);
        goto done;
      }
      row[i] = v;
    }
    t->nrow++;
  }
  if (ferror(fp)) st = reach_error_set(err, REACH_ERR_IO, "%s: read error", path);

done:
  free(fields);
  free(line);
  fclose(fp);
  if (st != REACH_OK) reach_table_free(t);
  return st;
}

int reach_table_column(const reach_table *t, const char *name) {
  for (int i = 0; i < t->ncol; i++)
    if (strcmp(t->names[i], name) == 0) return i;
  return -1;
}

reach_status reach_file_begin(reach_file *f, const char *path, reach_error *err) {
  memset(f, 0, sizeof *f);
  size_t n = strlen(path);
  f->path = strdup(path);
  f->tmp_path = malloc(n + 8);
  if (!f->path || !f->tmp_path) {
    reach_file_abort(f);
    return reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
  }
  memcpy(f->tmp_path, path, n);
  memcpy(f->tmp_path + n, ".XXXXXX", 8);
  int fd = mkstemp(f->tmp_path);
  if (fd < 0) {
    reach_status st = reach_error_set(err, REACH_ERR_IO, "%s: cannot create a temporary file: %s",
                                      path, strerror(errno));
    free(f->tmp_path);
    f->tmp_path = NULL;
    reach_file_abort(f);
    return st;
  }
  fchmod(fd, 0644);  // mkstemp makes 0600; the user's output should read like any other file
  f->fp = fdopen(fd, "w");
  if (!f->fp) {
    close(fd);
    reach_file_abort(f);
    return reach_error_set(err, REACH_ERR_IO, "%s: cannot open for writing", path);
  }
  return REACH_OK;
}

reach_status reach_file_commit(reach_file *f, reach_error *err) {
  int bad = ferror(f->fp);
  if (fflush(f->fp) != 0) bad = 1;
  if (fsync(fileno(f->fp)) != 0 && errno != EINVAL) bad = 1;
  if (fclose(f->fp) != 0) bad = 1;
  f->fp = NULL;
  if (bad) {
    reach_status st =
        reach_error_set(err, REACH_ERR_IO, "%s: write failed: %s", f->path, strerror(errno));
    reach_file_abort(f);
    return st;
  }
  if (rename(f->tmp_path, f->path) != 0) {
    reach_status st = reach_error_set(err, REACH_ERR_IO, "%s: cannot rename %s into place: %s",
                                      f->path, f->tmp_path, strerror(errno));
    reach_file_abort(f);
    return st;
  }
  free(f->tmp_path);
  free(f->path);
  memset(f, 0, sizeof *f);
  return REACH_OK;
}

void reach_file_abort(reach_file *f) {
  if (f->fp) fclose(f->fp);
  if (f->tmp_path) remove(f->tmp_path);
  free(f->tmp_path);
  free(f->path);
  memset(f, 0, sizeof *f);
}

void reach_csv_put(FILE *fp, double x, int last) { fprintf(fp, "%.17g%c", x, last ? '\n' : ','); }
