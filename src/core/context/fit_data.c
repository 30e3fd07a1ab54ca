// SPDX-License-Identifier: GPL-3.0-or-later
// Reads a user's group-mean adaptation file for reach_fit_*. Its `group` column is text, which
// the numeric reader of io/csv.h does not take, so the lines are split here.
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit.h"

#define MAXF 16

static char *trim(char *s) {
  while (*s && isspace((unsigned char)*s)) s++;
  char *e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
  return s;
}

static int split(char *line, char **f) {
  int n = 0;
  for (char *p = line;;) {
    char *c = strchr(p, ',');
    if (c) *c = '\0';
    if (n < MAXF) f[n] = trim(p);
    n++;
    if (!c) return n;
    p = c + 1;
  }
}

static int parse_int(const char *s, long *v) {
  char *end;
  errno = 0;
  *v = strtol(s, &end, 10);
  return end != s && !*end && !errno;
}

reach_status reach_fit_data_read(const char *path, const reach_design *d, double *data,
                                 reach_error *err) {
  FILE *fp = fopen(path, "r");
  if (!fp) return reach_error_set(err, REACH_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
  char *line = NULL, *f[MAXF];
  size_t cap = 0;
  long lineno = 0;
  reach_status st = REACH_OK;
  int col[4] = {-1, -1, -1, -1}, ncol = 0;
  double scale = 1;
  char *seen = calloc((size_t)d->npoints, 1);
  if (!seen) {
    fclose(fp);
    return reach_error_set(err, REACH_ERR_NOMEM, "out of memory");
  }
  ssize_t len;
  while ((len = getline(&line, &cap, fp)) >= 0) {
    lineno++;
    if (strlen(line) < (size_t)len) {  // string functions would stop at it
      st = reach_error_set(err, REACH_ERR_PARSE, "%s:%ld:%zu: a NUL byte; expected text", path,
                           lineno, strlen(line) + 1);
      goto done;
    }
    char *l = trim(line);
    if (!*l) continue;
    int nf = split(l, f);
    if (ncol == 0) {  // header
      ncol = nf;
      for (int i = 0; i < nf && i < MAXF; i++) {
        if (strcmp(f[i], "group") == 0) col[0] = i;
        if (strcmp(f[i], "control_point") == 0) col[1] = i;
        if (strcmp(f[i], "channel_index") == 0) col[2] = i;
        if (strcmp(f[i], "adaptation") == 0) col[3] = i;
        if (strcmp(f[i], "adaptation_percent") == 0) col[3] = i, scale = 0.01;
      }
      if (col[0] < 0 || col[1] < 0 || col[2] < 0 || col[3] < 0) {
        st = reach_error_set(err, REACH_ERR_PARSE,
                             "%s:%ld: expected the columns group,control_point,channel_index,"
                             "adaptation (or adaptation_percent); '%s' is missing",
                             path, lineno,
                             col[0] < 0   ? "group"
                             : col[1] < 0 ? "control_point"
                             : col[2] < 0 ? "channel_index"
                                          : "adaptation");
        goto done;
      }
      continue;
    }
    if (nf != ncol) {
      st =
          reach_error_set(err, REACH_ERR_PARSE,
                          "%s:%ld: expected %d comma-separated fields (as in the header), found %d",
                          path, lineno, ncol, nf);
      goto done;
    }
    int g = strcmp(f[col[0]], "same") == 0       ? REACH_GROUP_SAME
            : strcmp(f[col[0]], "opposing") == 0 ? REACH_GROUP_OPPOSING
                                                 : -1;
    if (g < 0) {
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s:%ld:%d (column 'group'): expected same or opposing, found '%.40s'",
                           path, lineno, col[0] + 1, f[col[0]]);
      goto done;
    }
    int gi = -1;
    for (int i = 0; i < d->ngroup; i++)
      if (d->gid[i] == g) gi = i;
    if (gi < 0) {
      st = reach_error_set(err, REACH_ERR_RANGE,
                           "%s:%ld:%d (column 'group'): the paradigms have no %s-field group", path,
                           lineno, col[0] + 1, f[col[0]]);
      goto done;
    }
    long cp, idx;
    if (!parse_int(f[col[1]], &cp) || (cp != 1 && cp != 2)) {
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s:%ld:%d (column 'control_point'): expected 1 or 2, found '%.40s'",
                           path, lineno, col[1] + 1, f[col[1]]);
      goto done;
    }
    if (!parse_int(f[col[2]], &idx) || idx < 1 || idx > d->nch) {
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s:%ld:%d (column 'channel_index'): expected an integer 1..%d, found "
                           "'%.40s'",
                           path, lineno, col[2] + 1, d->nch, f[col[2]]);
      goto done;
    }
    char *end;
    double v = strtod(f[col[3]], &end);
    if (end == f[col[3]] || *end || !isfinite(v)) {
      st = reach_error_set(
          err, REACH_ERR_PARSE, "%s:%ld:%d (column '%s'): expected a finite number, found '%.40s'",
          path, lineno, col[3] + 1, scale == 1 ? "adaptation" : "adaptation_percent", f[col[3]]);
      goto done;
    }
    int at = (gi * 2 + (int)cp - 1) * d->nch + (int)idx - 1;
    if (seen[at]) {
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s:%ld: %s control point %ld channel %ld appears twice", path, lineno,
                           f[col[0]], cp, idx);
      goto done;
    }
    seen[at] = 1;
    data[at] = v * scale;
  }
  if (ncol == 0) {
    st = reach_error_set(err, REACH_ERR_PARSE, "%s: the file is empty; expected a header", path);
    goto done;
  }
  for (int i = 0; i < d->npoints; i++)
    if (!seen[i]) {
      int g, cue, idx, n = 0;
      for (int j = 0; j < d->npoints; j++) n += !seen[j];
      reach_design_point(d, i, &g, &cue, &idx);
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s: %d of the %d design points are missing, the first: %s control "
                           "point %d channel %d",
                           path, n, d->npoints, reach_group_name(g), cue, idx);
      goto done;
    }
done:
  free(seen);
  free(line);
  fclose(fp);
  return st;
}
