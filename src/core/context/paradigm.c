// SPDX-License-Identifier: GPL-3.0-or-later
#include "paradigm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/csv.h"

reach_status reach_paradigm_init(reach_paradigm *p, int n, reach_error *err) {
  memset(p, 0, sizeof *p);
  if (n < 1) return reach_error_set(err, REACH_ERR_RANGE, "a paradigm needs >= 1 trial, got %d", n);
  p->cue = calloc((size_t)n, sizeof *p->cue);
  p->pert = calloc((size_t)n, sizeof *p->pert);
  p->type = calloc((size_t)n, sizeof *p->type);
  p->target = calloc((size_t)n, sizeof *p->target);
  if (!p->cue || !p->pert || !p->type || !p->target) {
    reach_paradigm_free(p);
    return reach_error_set(err, REACH_ERR_NOMEM, "out of memory for a %d-trial paradigm", n);
  }
  p->n = n;
  return REACH_OK;
}

void reach_paradigm_free(reach_paradigm *p) {
  free(p->cue);
  free(p->pert);
  free(p->type);
  free(p->target);
  memset(p, 0, sizeof *p);
}

int reach_paradigm_channels(const reach_paradigm *p, int cue) {
  int n = 0;
  for (int t = 0; t < p->n; t++) n += p->cue[t] == cue && reach_paradigm_is_channel(p, t);
  return n;
}

// Cue cells must hold exactly 1 or 2.
static reach_status check_cue(const char *path, const reach_table *tb, int row, int col, int *out,
                              reach_error *err) {
  double c = reach_table_at(tb, row, col);
  if (isnan(c))
    return reach_error_set(err, REACH_ERR_PARSE,
                           "%s:%ld:%d (column '%s'): empty cue; expected 1 or 2", path,
                           tb->line[row], col + 1, tb->names[col]);
  if (c != 1 && c != 2)
    return reach_error_set(err, REACH_ERR_RANGE,
                           "%s:%ld:%d (column '%s'): expected cue 1 or 2, found %g", path,
                           tb->line[row], col + 1, tb->names[col], c);
  *out = (int)c;
  return REACH_OK;
}

// Perturbations are in units of the cue-1 field (±1 in the experiments); far beyond that the
// models' posteriors underflow to NaN and the tool's field would throw the arm at any speed.
#define PERT_MAX 100.0

static reach_status check_pert(const char *path, const reach_table *tb, int row, int col,
                               reach_error *err) {
  const double v = reach_table_at(tb, row, col);
  if (isnan(v) || fabs(v) <= PERT_MAX) return REACH_OK;  // NaN: an empty cell, a channel trial
  return reach_error_set(err, REACH_ERR_RANGE,
                         "%s:%ld:%d (column '%s'): expected a perturbation within ±%g (units of "
                         "the cue-1 field), found %g",
                         path, tb->line[row], col + 1, tb->names[col], PERT_MAX, v);
}

reach_status reach_paradigm_read(const char *path, reach_paradigm *p, reach_error *err) {
  memset(p, 0, sizeof *p);
  reach_table tb;
  reach_status st = reach_table_read(path, REACH_CSV_ALLOW_EMPTY, &tb, err);
  if (st != REACH_OK) return st;
  int ccue = reach_table_column(&tb, "cue"), cpert = reach_table_column(&tb, "perturbation");
  if (ccue < 0 || cpert < 0) {
    st = reach_error_set(err, REACH_ERR_PARSE,
                         "%s:%ld: the header has no column '%s'; expected the columns "
                         "cue,perturbation (an empty perturbation is a channel trial)",
                         path, 1L, ccue < 0 ? "cue" : "perturbation");
    goto done;
  }
  if (tb.nrow == 0) {
    st = reach_error_set(err, REACH_ERR_PARSE, "%s: no trials after the header", path);
    goto done;
  }
  st = reach_paradigm_init(p, tb.nrow, err);
  if (st != REACH_OK) goto done;
  // optional columns written by reach_paradigm_write
  int ctype = reach_table_column(&tb, "type"), ctarget = reach_table_column(&tb, "target");
  for (int t = 0; t < tb.nrow && st == REACH_OK; t++) {
    st = check_cue(path, &tb, t, ccue, &p->cue[t], err);
    p->target[t] = p->cue[t];
    p->pert[t] = reach_table_at(&tb, t, cpert);
    if (st == REACH_OK) st = check_pert(path, &tb, t, cpert, err);
    if (st == REACH_OK && ctarget >= 0) st = check_cue(path, &tb, t, ctarget, &p->target[t], err);
    if (st == REACH_OK && ctype >= 0) {
      double v = reach_table_at(&tb, t, ctype);
      if (!(v == 0 || v == 1 || v == 2 || v == 3))
        st = reach_error_set(err, REACH_ERR_RANGE,
                             "%s:%ld:%d (column 'type'): expected a trial type 0..3, found %g",
                             path, tb.line[t], ctype + 1, v);
      else
        p->type[t] = (int)v;
    }
  }
  const char *base = strrchr(path, '/');
  snprintf(p->name, sizeof p->name, "%s", base ? base + 1 : path);
done:
  if (st != REACH_OK) reach_paradigm_free(p);
  reach_table_free(&tb);
  return st;
}

reach_status reach_paradigm_write(const char *path, const reach_paradigm *p, reach_error *err) {
  reach_file f;
  reach_status st = reach_file_begin(&f, path, err);
  if (st != REACH_OK) return st;
  fputs("trial,cue,perturbation,type,target\n", f.fp);
  for (int t = 0; t < p->n; t++) {
    if (reach_paradigm_is_channel(p, t))
      fprintf(f.fp, "%d,%d,,%d,%d\n", t + 1, p->cue[t], p->type[t], p->target[t]);
    else
      fprintf(f.fp, "%d,%d,%.17g,%d,%d\n", t + 1, p->cue[t], p->pert[t], p->type[t], p->target[t]);
  }
  return reach_file_commit(&f, err);
}

void reach_paradigm_set_free(reach_paradigm_set *s) {
  for (int i = 0; i < s->n; i++) reach_paradigm_free(&s->p[i]);
  free(s->p);
  memset(s, 0, sizeof *s);
}

reach_status reach_paradigm_set_read(const char *cues_path, const char *perts_path,
                                     reach_paradigm_set *s, reach_error *err) {
  memset(s, 0, sizeof *s);
  reach_table tc, tp;
  reach_status st = reach_table_read(cues_path, 0, &tc, err);
  if (st != REACH_OK) return st;
  st = reach_table_read(perts_path, REACH_CSV_ALLOW_EMPTY, &tp, err);
  if (st != REACH_OK) {
    reach_table_free(&tc);
    return st;
  }
  if (tc.ncol != tp.ncol) {
    st = reach_error_set(err, REACH_ERR_PARSE, "%s has %d columns but %s has %d; expected the same",
                         perts_path, tp.ncol, cues_path, tc.ncol);
    goto done;
  }
  if (tc.nrow != tp.nrow || tc.nrow == 0) {
    st = reach_error_set(err, REACH_ERR_PARSE,
                         "%s has %d trials but %s has %d; expected the same number (> 0)",
                         perts_path, tp.nrow, cues_path, tc.nrow);
    goto done;
  }
  int skip = reach_table_column(&tc, "trial");
  int npart = tc.ncol - (skip >= 0);
  if (npart < 1) {
    st = reach_error_set(err, REACH_ERR_PARSE, "%s: no participant columns", cues_path);
    goto done;
  }
  s->p = calloc((size_t)npart, sizeof *s->p);
  if (!s->p) {
    st = reach_error_set(err, REACH_ERR_NOMEM, "out of memory");
    goto done;
  }
  for (int c = 0; c < tc.ncol && st == REACH_OK; c++) {
    if (c == skip) continue;
    if (strcmp(tc.names[c], tp.names[c]) != 0) {
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s:1:%d: column '%s' does not match column '%s' of %s", perts_path,
                           c + 1, tp.names[c], tc.names[c], cues_path);
      break;
    }
    reach_paradigm *p = &s->p[s->n];
    st = reach_paradigm_init(p, tc.nrow, err);
    if (st != REACH_OK) break;
    s->n++;
    snprintf(p->name, sizeof p->name, "%s", tc.names[c]);
    for (int t = 0; t < tc.nrow && st == REACH_OK; t++) {
      st = check_cue(cues_path, &tc, t, c, &p->cue[t], err);
      p->target[t] = p->cue[t];
      p->pert[t] = reach_table_at(&tp, t, c);
      if (st == REACH_OK) st = check_pert(perts_path, &tp, t, c, err);
    }
  }
done:
  if (st != REACH_OK) reach_paradigm_set_free(s);
  reach_table_free(&tc);
  reach_table_free(&tp);
  return st;
}

int reach_paradigm_field_relation(const reach_paradigm *p) {
  int sign[2] = {0, 0};  // 0 unseen, ±1 consistent, 2 mixed
  for (int t = 0; t < p->n; t++) {
    double f = p->pert[t];
    if (reach_paradigm_is_channel(p, t) || f == 0) continue;
    int s = f > 0 ? 1 : -1, k = p->cue[t] - 1;
    if (sign[k] == 0)
      sign[k] = s;
    else if (sign[k] != s)
      sign[k] = 2;
  }
  if (sign[0] == 0 || sign[1] == 0 || sign[0] == 2 || sign[1] == 2) return 0;
  return sign[0] * sign[1];
}
