// SPDX-License-Identifier: GPL-3.0-or-later
#include "context_compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../context/coin.h"
#include "../context/sssm.h"
#include "coin_study.h"

void reach_context_compare_free(reach_context_compare *c) {
  free(c->cue), free(c->pert), free(c->sssm_yhat), free(c->sssm_p_c1_q), free(c->sssm_post);
  free(c->sssm_x), free(c->coin_output), free(c->coin_contexts), free(c->coin_pred);
  memset(c, 0, sizeof *c);
}

reach_status reach_context_compare_run(reach_tool_experiment e, uint64_t seed, int coin_runs,
                                       int coin_particles, reach_context_compare *c,
                                       reach_error *err) {
  memset(c, 0, sizeof *c);
  reach_paradigm p = {0};
  reach_coin_result res = {0};
  reach_coin_summary sm = {0};
  reach_status st = reach_paradigm_generate(e, seed, &p, err);
  if (st != REACH_OK) return st;
  const size_t n = (size_t)p.n;
  snprintf(c->name, sizeof c->name, "%s", reach_tool_experiment_name(e));
  c->n = p.n;
  c->cue = malloc(n * sizeof *c->cue);
  c->pert = malloc(n * sizeof *c->pert);
  c->sssm_yhat = malloc(n * sizeof(double));
  c->sssm_p_c1_q = malloc(2 * n * sizeof(double));
  c->sssm_post = malloc(2 * n * sizeof(double));
  c->sssm_x = malloc(4 * n * sizeof(double));
  c->coin_output = malloc(n * sizeof(double));
  c->coin_contexts = malloc(n * sizeof(double));
  c->coin_pred = malloc(REACH_CONTEXT_COMPARE_LABELS * n * sizeof(double));
  if (!c->cue || !c->pert || !c->sssm_yhat || !c->sssm_p_c1_q || !c->sssm_post || !c->sssm_x ||
      !c->coin_output || !c->coin_contexts || !c->coin_pred) {
    st = reach_error_set(err, REACH_ERR_NOMEM, "context comparison: out of memory");
    goto done;
  }
  memcpy(c->cue, p.cue, n * sizeof *c->cue);
  memcpy(c->pert, p.pert, n * sizeof *c->pert);

  reach_sssm m;
  const reach_sssm_params sp = reach_sssm_params_table_s2();
  st = reach_sssm_init(&m, &sp, NULL, err);
  for (int t = 0; t < p.n && st == REACH_OK; t++) {
    reach_sssm_record r;
    st = reach_sssm_trial(&m, p.cue[t], p.pert[t], &r, err);
    if (st != REACH_OK) break;
    c->sssm_yhat[t] = r.yhat;
    for (int k = 0; k < 2; k++) {
      c->sssm_p_c1_q[2 * t + k] = r.p_c1_given_q[k];
      c->sssm_post[2 * t + k] = r.post[k];
    }
    memcpy(c->sssm_x + 4 * t, r.x, sizeof r.x);
  }
  if (st != REACH_OK) goto done;

  reach_coin_params cp = reach_coin_params_default();
  cp.particles = coin_particles;
  c->coin_runs = coin_runs, c->coin_particles = coin_particles, c->coin_seed = seed;
  st = reach_coin_run(&cp, p.n, p.pert, p.cue, NULL, coin_runs, seed, &res, NULL, NULL, err);
  if (st == REACH_OK) st = reach_coin_summarise(&res, REACH_CONTEXT_COMPARE_LABELS, &sm, err);
  if (st != REACH_OK) goto done;
  memcpy(c->coin_output, sm.mo_mean, n * sizeof(double));
  memcpy(c->coin_contexts, sm.nc_mean, n * sizeof(double));
  memcpy(c->coin_pred, sm.pred, REACH_CONTEXT_COMPARE_LABELS * n * sizeof(double));
done:
  reach_coin_summary_free(&sm);
  reach_coin_result_free(&res);
  reach_paradigm_free(&p);
  if (st != REACH_OK) reach_context_compare_free(c);
  return st;
}

void reach_context_compare_csv(FILE *fp, const reach_context_compare *c, int n) {
  if (n > 0)
    fprintf(fp,
            "# context models: SSSM (Table S2 parameters); COIN (COIN.m's defaults, %d runs x %d "
            "particles, seed %llu; label k = the k-th context a particle created, p given the "
            "trial's cue, means over particles and runs)\n",
            c[0].coin_runs, c[0].coin_particles, (unsigned long long)c[0].coin_seed);
  fputs(
      "paradigm,trial,cue,perturbation,yhat,p_c1_given_q1,p_c1_given_q2,coin_output,"
      "coin_n_contexts",
      fp);
  for (int k = 0; k < REACH_CONTEXT_COMPARE_LABELS; k++) fprintf(fp, ",coin_p_ctx%d", k + 1);
  fputc('\n', fp);
  for (int r = 0; r < n; r++)
    for (int t = 0; t < c[r].n; t++) {
      fprintf(fp, "%s,%d,%d,", c[r].name, t + 1, c[r].cue[t]);
      if (isfinite(c[r].pert[t])) fprintf(fp, "%g", c[r].pert[t] + 0.0);
      fprintf(fp, ",%.9g,%.9g,%.9g,%.9g,%.9g", c[r].sssm_yhat[t], c[r].sssm_p_c1_q[2 * t],
              c[r].sssm_p_c1_q[2 * t + 1], c[r].coin_output[t], c[r].coin_contexts[t]);
      for (int k = 0; k < REACH_CONTEXT_COMPARE_LABELS; k++)
        fprintf(fp, ",%.9g", c[r].coin_pred[(size_t)t * REACH_CONTEXT_COMPARE_LABELS + (size_t)k]);
      fputc('\n', fp);
    }
}
