// SPDX-License-Identifier: GPL-3.0-or-later
#include "context_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../context/ssm.h"
#include "../io/csv.h"
#include "../io/h5.h"

// The per-trial table: one row per trial, the columns of the reference sssm_trials.csv. It is
// filled first and then written as CSV or as HDF5 (one dataset per column), so both formats
// hold the same numbers.
typedef enum col_kind { COL_INT, COL_DOUBLE, COL_PERT, COL_GROUP } col_kind;
struct reach_context_column {
  const char *name;
  col_kind kind;
  const char *description;  // HDF5 attribute
};
typedef reach_context_column column;

static const column lead_cols[] = {
    {"subject", COL_INT, "participant number (1-based), in the order of the paradigm columns"},
    {"group", COL_GROUP, "opposing or same fields at the two control points (none: no field)"},
    {"trial", COL_INT, "trial number, 1-based"},
    {"cue", COL_INT, "contextual cue (control point), 1 or 2"},
    {"perturbation", COL_PERT, "sign-normalised perturbation, +1 at cue 1; NaN on channel trials"},
    {"channel", COL_INT, "1 on a channel (error-clamp) trial"},
};
static const column sssm_cols[] = {
    {"yhat", COL_DOUBLE, "adaptation predicted on the trial, by the variant in the attribute"},
    {"yhat_paper", COL_DOUBLE, "predicted adaptation, the paper's normalised prior"},
    {"yhat_code2021", COL_DOUBLE, "predicted adaptation, the 2021 code's variant"},
    {"prior_c1", COL_DOUBLE, "cue-conditioned prior of context 1"},
    {"prior_c2", COL_DOUBLE, "cue-conditioned prior of context 2"},
    {"post_c1", COL_DOUBLE, "posterior of context 1"},
    {"post_c2", COL_DOUBLE, "posterior of context 2"},
    {"phi_q1_c1", COL_DOUBLE, "estimate of p(cue 1 | context 1) used on the trial"},
    {"phi_q2_c1", COL_DOUBLE, "estimate of p(cue 2 | context 1) used on the trial"},
    {"phi_q1_c2", COL_DOUBLE, "estimate of p(cue 1 | context 2) used on the trial"},
    {"phi_q2_c2", COL_DOUBLE, "estimate of p(cue 2 | context 2) used on the trial"},
    {"p_c1_given_q1", COL_DOUBLE, "p(context 1 | cue 1)"},
    {"p_c1_given_q2", COL_DOUBLE, "p(context 1 | cue 2)"},
    {"xs1", COL_DOUBLE, "slow state of context 1 after the trial"},
    {"xf1", COL_DOUBLE, "fast state of context 1 after the trial"},
    {"xs2", COL_DOUBLE, "slow state of context 2 after the trial"},
    {"xf2", COL_DOUBLE, "fast state of context 2 after the trial"},
    {"type", COL_INT, "trial type (reach_trial_type)"},
    {"target", COL_INT, "target side shown, 1 or 2"},
};
// x is the state before the trial's update, the one the output is read from
static const column ssm_cols[] = {
    {"yhat", COL_DOUBLE, "predicted adaptation"},
    {"xs1", COL_DOUBLE, "slow state of context 1 before the trial"},
    {"xf1", COL_DOUBLE, "fast state of context 1 before the trial"},
    {"xs2", COL_DOUBLE, "slow state of context 2 before the trial"},
    {"xf2", COL_DOUBLE, "fast state of context 2 before the trial"},
    {"type", COL_INT, "trial type (reach_trial_type)"},
    {"target", COL_INT, "target side shown, 1 or 2"},
};
enum { NLEAD = sizeof lead_cols / sizeof lead_cols[0] };
_Static_assert(NLEAD + 19 <= REACH_CONTEXT_TABLE_MAXCOL, "room for the SSSM columns");

static const char *group_of(const reach_paradigm *p) {
  int r = reach_paradigm_field_relation(p);
  return r > 0 ? "same" : r < 0 ? "opposing" : "none";
}

// Runs model m over every paradigm of the set into t; with more than one paradigm the rows
// start with subject,group as in the reference sssm_trials.csv.
reach_status reach_context_table_run(reach_context_table *t, const reach_paradigm_set *set,
                                     reach_cmodel m, const double *theta,
                                     const reach_sssm_options *opt, reach_error *err) {
  reach_sssm sssm;
  reach_ssm ssm;
  reach_status st;
  if (m == REACH_CMODEL_SSSM) {
    const reach_sssm_params par = {theta[0], theta[1], theta[2], theta[3], theta[4], theta[5]};
    st = reach_sssm_init(&sssm, &par, opt, err);
  } else {
    st = reach_ssm_init(&ssm, m, theta, err);
  }
  if (st != REACH_OK) return st;
  const int multi = set->n > 1;
  t->ncol = 0;
  for (int i = multi ? 0 : 2; i < NLEAD; i++) t->col[t->ncol++] = &lead_cols[i];
  const column *body = m == REACH_CMODEL_SSSM ? sssm_cols : ssm_cols;
  const int nbody = m == REACH_CMODEL_SSSM ? (int)(sizeof sssm_cols / sizeof sssm_cols[0])
                                           : (int)(sizeof ssm_cols / sizeof ssm_cols[0]);
  for (int i = 0; i < nbody; i++) t->col[t->ncol++] = &body[i];
  long nrow = 0;
  for (int s = 0; s < set->n; s++) nrow += set->p[s].n;
  t->nrow = (int)nrow;
  t->v = calloc((size_t)(nrow ? nrow : 1) * (size_t)t->ncol, sizeof *t->v);
  t->group = calloc((size_t)(nrow ? nrow : 1), sizeof *t->group);
  if (!t->v || !t->group) return reach_error_set(err, REACH_ERR_NOMEM, "out of memory");
  double *row = t->v;
  int irow = 0;
  for (int s = 0; s < set->n && st == REACH_OK; s++) {
    const reach_paradigm *p = &set->p[s];
    if (m == REACH_CMODEL_SSSM) reach_sssm_reset(&sssm);
    double x[4] = {0, 0, 0, 0};
    const char *group = group_of(p);  // a scan of the whole paradigm: once, not per trial
    for (int tr = 0; tr < p->n; tr++, row += t->ncol, irow++) {
      t->group[irow] = group;
      double *c = row;
      if (multi) {
        *c++ = s + 1;
        *c++ = 0;  // group: strings kept in t->group
      }
      *c++ = tr + 1;
      *c++ = p->cue[tr];
      *c++ = p->pert[tr];  // NAN on channel trials
      *c++ = reach_paradigm_is_channel(p, tr);
      if (m == REACH_CMODEL_SSSM) {
        reach_sssm_record r;
        st = reach_sssm_trial(&sssm, p->cue[tr], p->pert[tr], &r, err);
        if (st != REACH_OK) break;
        const double v[] = {r.yhat,
                            r.yhat_paper,
                            r.yhat_code2021,
                            r.prior[0],
                            r.prior[1],
                            r.post[0],
                            r.post[1],
                            r.phi[0][0],
                            r.phi[1][0],
                            r.phi[0][1],
                            r.phi[1][1],
                            r.p_c1_given_q[0],
                            r.p_c1_given_q[1],
                            r.x[0],
                            r.x[1],
                            r.x[2],
                            r.x[3]};
        memcpy(c, v, sizeof v);
        c += sizeof v / sizeof v[0];
      } else {
        double before[4];
        memcpy(before, x, sizeof before);
        *c++ = reach_ssm_step(&ssm, x, p->cue[tr], p->pert[tr]);
        memcpy(c, before, sizeof before);
        c += 4;
      }
      *c++ = p->type[tr];
      *c++ = p->target[tr];
    }
    if (st != REACH_OK) {
      char msg[sizeof err->msg];
      snprintf(msg, sizeof msg, "%s", err->msg);
      reach_error_set(err, st, "%s: %s", p->name, msg);
    }
  }
  return st;
}

void reach_context_table_free(reach_context_table *t) {
  free(t->v);
  free(t->group);
  t->v = NULL;
  t->group = NULL;
}

reach_status reach_context_table_write_csv(const char *path, const reach_context_table *t,
                                           reach_error *err) {
  reach_file f;
  reach_status st = reach_file_begin(&f, path, err);
  if (st != REACH_OK) return st;
  for (int j = 0; j < t->ncol; j++)
    fprintf(f.fp, "%s%c", t->col[j]->name, j + 1 < t->ncol ? ',' : '\n');
  for (int i = 0; i < t->nrow; i++) {
    const double *row = t->v + (size_t)i * (size_t)t->ncol;
    for (int j = 0; j < t->ncol; j++) {
      const int last = j + 1 == t->ncol;
      switch (t->col[j]->kind) {
        case COL_INT: fprintf(f.fp, "%d%c", (int)row[j], last ? '\n' : ','); break;
        case COL_GROUP: fprintf(f.fp, "%s%c", t->group[i], last ? '\n' : ','); break;
        case COL_PERT:
          if (row[j] != row[j]) {  // channel trial: empty cell
            fputc(last ? '\n' : ',', f.fp);
            break;
          }
          reach_csv_put(f.fp, row[j], last);
          break;
        case COL_DOUBLE: reach_csv_put(f.fp, row[j], last); break;
      }
    }
  }
  return reach_file_commit(&f, err);
}

// HDF5: /trials/<column> (int64, float64 or strings, one value per trial), /params/<name>, and
// root attributes saying what produced the table (docs/hdf5-layout.md).
reach_status reach_context_table_write_h5(const char *path, const reach_context_table *t,
                                          reach_cmodel m, const double *theta,
                                          const reach_sssm_options *opt, const char *creator,
                                          const char *source, reach_error *err) {
  const reach_cmodel_info *info = reach_cmodel_get(m);
  reach_h5w w;
  reach_status st = reach_h5_create(&w, path, err);
  if (st != REACH_OK) return st;
  double *colbuf = malloc((size_t)(t->nrow ? t->nrow : 1) * sizeof *colbuf);
  int64_t *ibuf = malloc((size_t)(t->nrow ? t->nrow : 1) * sizeof *ibuf);
  // the column names, comma-separated (each at most 31 characters)
  char *names = calloc((size_t)t->ncol, 32);
  size_t names_len = 0;
  if (!colbuf || !ibuf || !names)
    st = reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
  const size_t n = (size_t)t->nrow;
  char ds[96];
  for (int j = 0; j < t->ncol && st == REACH_OK; j++) {
    const column *c = t->col[j];
    names_len += (size_t)snprintf(names + names_len, (size_t)t->ncol * 32 - names_len, "%s%s",
                                  j ? "," : "", c->name);
    snprintf(ds, sizeof ds, "trials/%s", c->name);
    if (c->kind == COL_GROUP) {
      st = reach_h5_write_strings(&w, ds, n, t->group, REACH_H5_VLEN, err);
    } else if (c->kind == COL_INT) {
      for (size_t i = 0; i < n; i++) ibuf[i] = (int64_t)t->v[i * (size_t)t->ncol + (size_t)j];
      st = reach_h5_write_int64(&w, ds, 1, &n, ibuf, err);
    } else {
      for (size_t i = 0; i < n; i++) colbuf[i] = t->v[i * (size_t)t->ncol + (size_t)j];
      st = reach_h5_write_double(&w, ds, 1, &n, colbuf, err);
    }
    if (st == REACH_OK)
      st = reach_h5_attr_string(&w, ds, "description", c->description, REACH_H5_VLEN, err);
    if (st == REACH_OK && m == REACH_CMODEL_SSSM && strcmp(c->name, "yhat") == 0)
      st = reach_h5_attr_string(&w, ds, "variant",
                                opt->yhat == REACH_SSSM_YHAT_CODE2021 ? "code2021" : "paper",
                                REACH_H5_VLEN, err);
  }
  for (int i = 0; i < info->k && st == REACH_OK; i++) {
    snprintf(ds, sizeof ds, "params/%s", info->pname[i]);
    st = reach_h5_write_double(&w, ds, 0, NULL, &theta[i], err);
  }
  const struct {
    const char *name, *value;
  } attrs[] = {
      {"creator", creator},
      {"model", info->name},
      {"variant", m != REACH_CMODEL_SSSM                  ? "none"
                  : opt->yhat == REACH_SSSM_YHAT_CODE2021 ? "code2021"
                                                          : "paper"},
      {"source", source},
      {"columns", names ? names : ""},
      {"note", info->reconstructed ? REACH_SSM_RECONSTRUCTED_NOTE : ""},
  };
  for (size_t i = 0; i < sizeof attrs / sizeof attrs[0] && st == REACH_OK; i++)
    st = reach_h5_attr_string(&w, "/", attrs[i].name, attrs[i].value, REACH_H5_VLEN, err);
  if (st == REACH_OK && m == REACH_CMODEL_SSSM)
    st = reach_h5_attr_int64(&w, "/", "skip_channel_covariance", opt->skip_channel_covariance, err);
  free(names);
  free(colbuf);
  free(ibuf);
  if (st != REACH_OK) {
    reach_h5_abort(&w);
    return st;
  }
  return reach_h5_commit(&w, err);
}
