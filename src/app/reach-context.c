// SPDX-License-Identifier: GPL-3.0-or-later
// The context page's data: the SSSM (Table S2 parameters) over two freshly generated
// experiment-2 paradigms, opposing fields and the same field at both control points. Runs on
// the worker; about a millisecond.
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "context/paradigm_gen.h"
#include "context/sssm.h"
#include "reach-backend.h"

static gboolean run_one(reach_tool_experiment e, unsigned long seed, ReachContextRun *run,
                        GError **error) {
  reach_error err = {0};
  reach_paradigm p = {0};
  if (reach_paradigm_generate(e, seed, &p, &err) != REACH_OK) {
    g_set_error_literal(error, REACH_APP_ERROR, REACH_APP_ERROR_FAILED, err.msg);
    return FALSE;
  }
  reach_sssm m;
  reach_sssm_params par = reach_sssm_params_table_s2();
  if (reach_sssm_init(&m, &par, NULL, &err) != REACH_OK) {
    g_set_error_literal(error, REACH_APP_ERROR, REACH_APP_ERROR_FAILED, err.msg);
    reach_paradigm_free(&p);
    return FALSE;
  }
  reach_context_run_alloc(run, p.n);
  g_strlcpy(run->name, reach_tool_experiment_name(e), sizeof run->name);
  for (int t = 0; t < p.n; t++) {
    reach_sssm_record r;
    if (reach_sssm_trial(&m, p.cue[t], p.pert[t], &r, &err) != REACH_OK) {
      g_set_error(error, REACH_APP_ERROR, REACH_APP_ERROR_FAILED, "%s, trial %d: %s", run->name,
                  t + 1, err.msg);
      reach_paradigm_free(&p);
      return FALSE;
    }
    run->cue[t] = p.cue[t];
    run->pert[t] = p.pert[t];
    run->yhat[t] = r.yhat;
    for (int k = 0; k < 2; k++) {
      run->p_c1_q[2 * t + k] = r.p_c1_given_q[k];
      run->post[2 * t + k] = r.post[k];
    }
    memcpy(run->x + 4 * t, r.x, sizeof r.x);
  }
  reach_paradigm_free(&p);
  return TRUE;
}

ReachContextResult *reach_context_compute(unsigned long seed, GError **error) {
  ReachContextResult *r = reach_context_result_new();
  r->seed = seed;
  r->n_runs = 2;
  if (!run_one(REACH_EXP2_OPPOSING, seed, &r->run[0], error) ||
      !run_one(REACH_EXP2_SAME, seed, &r->run[1], error)) {
    reach_context_result_unref(r);
    return NULL;
  }
  return r;
}
