// SPDX-License-Identifier: GPL-3.0-or-later
// RECONSTRUCTION of Supplementary Table 1 (see ssm.h and spec §2.3).
#include "ssm.h"

#include <string.h>

static const char *const names[8][6] = {
    {0},
    {"a", "b", "c"},
    {"a", "b_CI", "b_CD"},
    {"a_s", "a_f", "b_s", "b_f"},
    {"a_s", "a_f", "b_s", "b_f", "c_s"},
    {"a_s", "a_f", "b_s", "b_f", "c_s"},
    {"a_s", "a_f", "b_s", "b_f", "c_f"},
    {"a_s", "a_f", "b_s", "b_f", "c_s", "c_f"},
};
static const int nparams[8] = {-1, 3, 3, 4, 5, 5, 5, 6};

int reach_ssm_nparams(int which) { return which >= 1 && which <= 7 ? nparams[which] : -1; }

const char *reach_ssm_param_name(int which, int i) {
  if (which < 1 || which > 7 || i < 0 || i >= nparams[which]) return NULL;
  return names[which][i];
}

static void set4(double v[4], double v0, double v1, double v2, double v3) {
  v[0] = v0, v[1] = v1, v[2] = v2, v[3] = v3;
}

reach_status reach_ssm_init(reach_ssm *m, int which, const double *th, reach_error *err) {
  memset(m, 0, sizeof *m);
  if (which < 1 || which > 7)
    return reach_error_set(err, REACH_ERR_RANGE, "SSM number must be 1..7, found %d", which);
  for (int i = 0; i < nparams[which]; i++)
    if (!(th[i] >= 0 && th[i] <= 1))
      return reach_error_set(err, REACH_ERR_RANGE, "SSM%d parameter %s must be in [0, 1], found %g",
                             which, names[which][i], th[i]);
  m->which = which;
  switch (which) {
    case 1:  // single rate, context-dependent, coupled: slots 1 and 3 unused
      set4(m->a, th[0], 0, th[0], 0);
      set4(m->b, th[1], 0, th[1], 0);
      set4(m->c[0], 1, 0, th[2], 0);
      set4(m->c[1], th[2], 0, 1, 0);
      break;
    case 2:  // slot 1 is context-independent (weight 1 in both contexts), slot 3 unused
      set4(m->a, th[0], th[0], th[0], th[0]);
      set4(m->b, th[2], th[1], th[2], th[1]);
      set4(m->c[0], 1, 1, 0, 0);
      set4(m->c[1], 0, 1, 1, 0);
      break;
    case 3:  // slow context-dependent, fast context-independent (Lee & Schweighofer 2009)
    case 4:  // + slow coupling
      set4(m->a, th[0], th[1], th[0], th[1]);
      set4(m->b, th[2], th[3], th[2], th[3]);
      {
        double cs = which == 4 ? th[4] : 0;
        set4(m->c[0], 1, 1, cs, 0);
        set4(m->c[1], cs, 1, 1, 0);
      }
      break;
    default: {  // 5–7: slow and fast context-dependent, with slow / fast / both couplings
      set4(m->a, th[0], th[1], th[0], th[1]);
      set4(m->b, th[2], th[3], th[2], th[3]);
      double cs = which == 5 || which == 7 ? th[4] : 0;
      double cf = which == 6 ? th[4] : which == 7 ? th[5] : 0;
      set4(m->c[0], 1, 1, cs, cf);
      set4(m->c[1], cs, cf, 1, 1);
    }
  }
  return REACH_OK;
}

void reach_ssm_run(const reach_ssm *m, const reach_paradigm *p, double *yhat, double *xout) {
  double x[4] = {0, 0, 0, 0};
  for (int t = 0; t < p->n; t++) {
    if (xout) memcpy(xout + 4 * t, x, sizeof x);
    const double y = reach_ssm_step(m, x, p->cue[t], p->pert[t]);
    if (yhat) yhat[t] = y;
  }
}
