// SPDX-License-Identifier: GPL-3.0-or-later
// The context page's data: libreach's comparison of the SSSM (Table S2 parameters) and COIN
// (COIN.m's defaults) over two freshly generated experiment-2 paradigms, opposing fields and the
// same field at both control points (study/context_compare.h). Runs on the worker: about a
// millisecond for the SSSM, a few tenths of a second for COIN.
#include <glib/gi18n.h>

#include "reach-backend.h"

// COIN's size on the page: enough runs that the mean number of contexts is smooth, few enough
// that the worker has it a moment after the window opens.
enum { COIN_RUNS = 4, COIN_PARTICLES = 50 };

ReachContextResult *reach_context_compute(unsigned long seed, GError **error) {
  ReachContextResult *r = reach_context_result_new();
  r->seed = seed;
  r->n_runs = 2;
  const reach_tool_experiment e[2] = {REACH_EXP2_OPPOSING, REACH_EXP2_SAME};
  for (int i = 0; i < 2; i++) {
    reach_error err = {0};
    if (reach_context_compare_run(e[i], seed, COIN_RUNS, COIN_PARTICLES, &r->run[i], &err) !=
        REACH_OK) {
      g_set_error(error, REACH_APP_ERROR, REACH_APP_ERROR_FAILED, "%s: %s",
                  reach_tool_experiment_name(e[i]), err.msg);
      reach_context_result_unref(r);
      return NULL;
    }
  }
  return r;
}
