// SPDX-License-Identifier: GPL-3.0-or-later
#include "design.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ssm.h"

void reach_design_free(reach_design *d) {
  free(d->group);
  free(d->chtrial);
  free(d->yhat);
  free(d->sssm);
  free(d->x);
  memset(d, 0, sizeof *d);
}

reach_status reach_design_init(reach_design *d, const reach_paradigm_set *set, reach_error *err) {
  memset(d, 0, sizeof *d);
  d->set = set;
  if (set->n < 1) return reach_error_set(err, REACH_ERR_USAGE, "the design has no participants");
  int rel[2] = {0, 0};  // participants per group id
  d->nch = -1;
  for (int s = 0; s < set->n; s++) {
    const reach_paradigm *p = &set->p[s];
    for (int t = 0; t < p->n; t++)
      if (p->cue[t] != 1 && p->cue[t] != 2)
        return reach_error_set(err, REACH_ERR_RANGE, "%s trial %d: cue must be 1 or 2, found %d",
                               p->name, t + 1, p->cue[t]);
    int r = reach_paradigm_field_relation(p);
    if (r == 0)
      return reach_error_set(err, REACH_ERR_USAGE,
                             "%s: cannot tell the group: expected field trials at both cues with "
                             "consistent signs (same or opposing)",
                             p->name);
    rel[r > 0 ? REACH_GROUP_SAME : REACH_GROUP_OPPOSING]++;
    int c1 = reach_paradigm_channels(p, 1), c2 = reach_paradigm_channels(p, 2);
    if (c1 != c2 || (d->nch >= 0 && c1 != d->nch) || c1 == 0)
      return reach_error_set(err, REACH_ERR_USAGE,
                             "%s: %d channel trials at cue 1 and %d at cue 2; expected the same "
                             "non-zero number at both cues and for every participant (%d)",
                             p->name, c1, c2, d->nch < 0 ? c1 : d->nch);
    d->nch = c1;
    if (p->n > d->maxn) d->maxn = p->n;
  }
  for (int g = 0; g < 2; g++)
    if (rel[g]) {
      d->gid[d->ngroup] = g;
      d->nsubj[d->ngroup] = rel[g];
      d->ngroup++;
    }
  d->npoints = d->ngroup * 2 * d->nch;
  d->group = malloc((size_t)set->n * sizeof *d->group);
  d->chtrial = malloc((size_t)set->n * 2 * (size_t)d->nch * sizeof *d->chtrial);
  d->yhat = malloc((size_t)set->n * (size_t)d->maxn * sizeof *d->yhat);
  d->sssm = malloc((size_t)set->n * sizeof *d->sssm);
  d->x = malloc((size_t)set->n * 4 * sizeof *d->x);
  if (!d->group || !d->chtrial || !d->yhat || !d->sssm || !d->x) {
    reach_design_free(d);
    return reach_error_set(err, REACH_ERR_NOMEM, "out of memory for the design");
  }
  for (int s = 0; s < set->n; s++) {
    const reach_paradigm *p = &set->p[s];
    int g = reach_paradigm_field_relation(p) > 0 ? REACH_GROUP_SAME : REACH_GROUP_OPPOSING;
    d->group[s] = g == d->gid[0] ? 0 : 1;
    int cnt[2] = {0, 0};
    for (int t = 0; t < p->n; t++)
      if (reach_paradigm_is_channel(p, t)) {
        int k = p->cue[t] - 1;
        d->chtrial[((size_t)s * 2 + (size_t)k) * (size_t)d->nch + (size_t)cnt[k]++] = t;
      }
  }
  return REACH_OK;
}

void reach_design_point(const reach_design *d, int i, int *group, int *cue, int *index) {
  int gi = i / (2 * d->nch), rest = i % (2 * d->nch);
  if (group) *group = d->gid[gi];
  if (cue) *cue = rest / d->nch + 1;
  if (index) *index = rest % d->nch + 1;
}

double reach_design_mean_trial(const reach_design *d, int i) {
  int gi = i / (2 * d->nch), rest = i % (2 * d->nch), k = rest / d->nch, c = rest % d->nch;
  double sum = 0;
  for (int s = 0; s < d->set->n; s++)
    if (d->group[s] == gi)
      sum += d->chtrial[((size_t)s * 2 + (size_t)k) * (size_t)d->nch + (size_t)c] + 1;
  return sum / d->nsubj[gi];
}

reach_status reach_design_predict(reach_design *d, reach_cmodel m, const double *theta,
                                  const reach_sssm_options *sssm_opt, double *means,
                                  reach_error *err) {
  const reach_paradigm_set *set = d->set;
  const int ns = set->n;
  const size_t mn = (size_t)d->maxn;
  reach_ssm ssm;
  reach_status st;
  if (m == REACH_CMODEL_SSSM) {
    const reach_sssm_params par = {theta[0], theta[1], theta[2], theta[3], theta[4], theta[5]};
    st = reach_sssm_init(&d->sssm[0], &par, sssm_opt, err);
    for (int s = 1; s < ns && st == REACH_OK; s++) d->sssm[s] = d->sssm[0];
  } else {
    st = reach_ssm_init(&ssm, (int)m, theta, err);
    memset(d->x, 0, (size_t)ns * 4 * sizeof *d->x);
  }
  if (st != REACH_OK) return st;
  // Trial-major over participants: their filters are independent, so interleaving them lets
  // the CPU overlap what would otherwise be one long dependency chain per participant.
  for (int t = 0; t < d->maxn; t++) {
    for (int s = 0; s < ns; s++) {
      const reach_paradigm *p = &set->p[s];
      if (t >= p->n) continue;
      double *y = &d->yhat[(size_t)s * mn + (size_t)t];
      if (m == REACH_CMODEL_SSSM) {
        st = reach_sssm_trial(&d->sssm[s], p->cue[t], p->pert[t], NULL, err);
        if (st != REACH_OK) return st;
        *y = d->sssm[s].yhat;
      } else {
        *y = reach_ssm_step(&ssm, d->x + 4 * s, p->cue[t], p->pert[t]);
      }
    }
  }
  memset(means, 0, (size_t)d->npoints * sizeof *means);
  for (int s = 0; s < ns; s++) {
    const int gi = d->group[s];
    const double *yh = d->yhat + (size_t)s * mn;
    // Fig. 3 shows the opposing group's control point 2 sign-inverted, so both curves rise.
    const double sign2 = d->gid[gi] == REACH_GROUP_OPPOSING ? -1.0 : 1.0;
    for (int k = 0; k < 2; k++) {
      double *out = means + ((size_t)gi * 2 + (size_t)k) * (size_t)d->nch;
      const int *ct = d->chtrial + ((size_t)s * 2 + (size_t)k) * (size_t)d->nch;
      for (int c = 0; c < d->nch; c++) out[c] += (k == 1 ? sign2 : 1.0) * yh[ct[c]];
    }
  }
  for (int i = 0; i < d->npoints; i++) means[i] /= d->nsubj[i / (2 * d->nch)];
  for (int i = 0; i < d->npoints; i++)
    if (!isfinite(means[i]))
      return reach_error_set(err, REACH_ERR_NUMERIC, "%s: non-finite group mean at point %d",
                             reach_cmodel_get(m)->name, i + 1);
  return REACH_OK;
}
