// SPDX-License-Identifier: GPL-3.0-or-later
#include "tool_run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/channel.h"
#include "../context/ssm.h"
#include "../context/sssm.h"
#include "../learn/rollout.h"

struct reach_tool_run {
  reach_arm_model arm;
  reach_gru gru;
  reach_task_config task;
  reach_tool_run_config cfg;
  double *theta;
  reach_paradigm p;
  reach_tool tool;
  int side_relation;
  // the learner
  reach_sssm sssm;
  reach_ssm ssm;
  double x[4];
  reach_sssm_record rec;  // the SSSM's record of the last trial (context probabilities)
  bool have_rec;
  bool coin_on;  // COIN learns
  reach_coin coin;
  reach_rng coin_rng;
  int *coin_cue;  // [n] the paradigm's cues renumbered by first appearance (COIN's labels)
  reach_coin_record coin_rec;
  double *yhat_fixed;   // [n] or NULL
  reach_tool_rnn *rnn;  // the network as the learner, or NULL
  // one trial
  reach_rollout ro;
  reach_rollout_ctx ctx;
  reach_trials trials;
  reach_rng noise;
  int t;
  reach_tool_trial last;
  double *xy, *vel, *f_chan;  // [T+1][2], [T+1][2], [T][2]
};

void reach_tool_run_free(reach_tool_run *r) {
  if (!r) return;
  free(r->theta);
  free(r->yhat_fixed);
  free(r->coin_cue);
  if (r->coin_on) reach_coin_free(&r->coin);
  if (r->coin_rng.gen) reach_rng_free(&r->coin_rng);
  reach_tool_rnn_free(r->rnn);
  reach_paradigm_free(&r->p);
  reach_rollout_free(&r->ro);
  reach_trials_free(&r->trials);
  if (r->noise.gen) reach_rng_free(&r->noise);
  free(r->xy);
  free(r);
}

reach_status reach_tool_run_create(const reach_arm_model *arm, const reach_gru *gru,
                                   const double *theta, const reach_task_config *task,
                                   const reach_paradigm *p, const reach_tool_run_config *cfg,
                                   reach_tool_run **out, reach_error *err) {
  *out = NULL;
  if (gru->inputs != REACH_OBS || gru->outputs != REACH_NMUSCLE)
    return reach_error_set(err, REACH_ERR_USAGE,
                           "tool run: the network has %d inputs and %d outputs; the arm's "
                           "rollout needs %d and %d",
                           gru->inputs, gru->outputs, REACH_OBS, REACH_NMUSCLE);
  if (cfg->learner < REACH_CMODEL_SSSM || cfg->learner >= REACH_CMODEL_COUNT)
    return reach_error_set(err, REACH_ERR_USAGE, "tool run: unknown learner %d", (int)cfg->learner);
  if (cfg->rnn && (cfg->learner != REACH_CMODEL_SSSM || cfg->params || cfg->yhat))
    return reach_error_set(err, REACH_ERR_USAGE,
                           "tool run: the network learner takes no context model, parameters or "
                           "fixed predictions");
  if (cfg->coin && (cfg->rnn || cfg->learner != REACH_CMODEL_SSSM || cfg->params))
    return reach_error_set(err, REACH_ERR_USAGE,
                           "tool run: COIN as the learner takes no other context model, its "
                           "parameters or the network learner");
  reach_tool_run *r = calloc(1, sizeof *r);
  if (!r) return reach_error_set(err, REACH_ERR_NOMEM, "tool run: out of memory");
  r->arm = *arm;
  r->gru = *gru;
  r->task = *task;
  r->cfg = *cfg;
  r->cfg.params = NULL;  // copied into the learner below
  r->cfg.yhat = NULL;    // copied below
  r->cfg.rnn = NULL;     // copied into the learner below
  r->cfg.coin = NULL;    // copied into the learner below
  if (!(r->cfg.field_sign != 0.0)) r->cfg.field_sign = 1.0;
  if (!(r->cfg.go > 0.0)) r->cfg.go = task->go_lo;
  reach_status st = REACH_OK;
  const int T = task->steps;
  r->theta = malloc(gru->n_params * sizeof *r->theta);
  r->xy = malloc((size_t)(3 * T + 2) * 2 * sizeof *r->xy);
  if (!r->theta || !r->xy || reach_rollout_init(&r->ro, 1, T, gru->units) ||
      reach_trials_init(&r->trials, 1) ||
      (cfg->noise && reach_rng_init(&r->noise, cfg->noise_seed))) {
    reach_tool_run_free(r);
    return reach_error_set(err, REACH_ERR_NOMEM, "tool run: out of memory");
  }
  memcpy(r->theta, theta, gru->n_params * sizeof *r->theta);
  r->vel = r->xy + (size_t)(T + 1) * 2;
  r->f_chan = r->vel + (size_t)(T + 1) * 2;
  r->ctx = (reach_rollout_ctx){.arm = &r->arm, .gru = &r->gru, .task = &r->task};

  // The paradigm, copied so the caller may free theirs.
  st = reach_paradigm_init(&r->p, p->n, err);
  if (st) goto fail;
  memcpy(r->p.cue, p->cue, (size_t)p->n * sizeof *p->cue);
  memcpy(r->p.pert, p->pert, (size_t)p->n * sizeof *p->pert);
  memcpy(r->p.type, p->type, (size_t)p->n * sizeof *p->type);
  memcpy(r->p.target, p->target, (size_t)p->n * sizeof *p->target);
  memcpy(r->p.name, p->name, sizeof r->p.name);
  if (cfg->yhat) {
    r->yhat_fixed = malloc((size_t)(p->n > 0 ? p->n : 1) * sizeof *r->yhat_fixed);
    if (!r->yhat_fixed) {
      st = reach_error_set(err, REACH_ERR_NOMEM, "tool run: out of memory");
      goto fail;
    }
    memcpy(r->yhat_fixed, cfg->yhat, (size_t)p->n * sizeof *r->yhat_fixed);
  }
  r->side_relation = reach_tool_side_relation(p);
  st = reach_tool_init(&r->tool, cfg->group, arm, task, r->cfg.field_sign, err);
  if (st) goto fail;

  double par[REACH_CMODEL_MAXP];
  if (cfg->params)
    memcpy(par, cfg->params, sizeof par);
  else
    reach_cmodel_default_params(cfg->learner, par);
  if (cfg->learner == REACH_CMODEL_SSSM) {
    const reach_sssm_params sp = {par[0], par[1], par[2], par[3], par[4], par[5]};
    st = reach_sssm_init(&r->sssm, &sp, NULL, err);
  } else {
    st = reach_ssm_init(&r->ssm, (int)cfg->learner, par, err);
  }
  if (st) goto fail;
  if (cfg->rnn) {
    st = reach_tool_rnn_create(gru, theta, cfg->rnn, &r->rnn, err);
    if (st) goto fail;
  }
  if (cfg->coin) {
    r->coin_cue = malloc((size_t)(p->n > 0 ? p->n : 1) * sizeof *r->coin_cue);
    if (!r->coin_cue || reach_rng_init(&r->coin_rng, cfg->coin_seed)) {
      st = reach_error_set(err, REACH_ERR_NOMEM, "tool run: out of memory");
      goto fail;
    }
    const int nq = reach_coin_renumber_cues(p->cue, p->n, r->coin_cue);
    if (nq < 0) {
      st =
          reach_error_set(err, REACH_ERR_RANGE, "tool run: COIN: the paradigm's cues must be >= 1");
      goto fail;
    }
    st = reach_coin_init(&r->coin, cfg->coin, nq, err);
    if (st) goto fail;
    r->coin_on = true;
    reach_coin_reset(&r->coin, &r->coin_rng);
  }
  *out = r;
  return REACH_OK;
fail:
  reach_tool_run_free(r);
  return st;
}

int reach_tool_run_done(const reach_tool_run *r) { return r->t; }
int reach_tool_run_total(const reach_tool_run *r) { return r->p.n; }

reach_status reach_tool_run_step(reach_tool_run *r, reach_tool_result *res, reach_error *err) {
  if (r->t >= r->p.n)
    return reach_error_set(err, REACH_ERR_USAGE, "tool run: all %d trials played", r->p.n);
  const int t = r->t, T = r->task.steps;
  reach_tool_trial *tr = &r->last;
  reach_status st = reach_tool_trial_make(&r->tool, &r->arm, &r->p, t, r->side_relation, tr, err);
  if (st) return st;

  // The learner's prediction for this trial (its update from the paradigm's perturbation comes
  // with it: the model learns from the field it meets, not from the arm's kinematics).
  const int cue = r->p.cue[t];
  const double pert = r->p.pert[t];
  double yhat = 0.0;  // the network learner compensates by itself: no force at the hand
  if (r->coin_on) {
    // COIN's motor output is its prediction before the trial's feedback, as the SSSM's ŷ
    st = reach_coin_trial(&r->coin, &r->coin_rng, pert, r->coin_cue[t], 0, &r->coin_rec, err);
    if (st) return st;
    yhat = r->coin_rec.motor_output;
  } else if (!r->rnn && r->cfg.learner == REACH_CMODEL_SSSM) {
    st = reach_sssm_trial(&r->sssm, cue, pert, &r->rec, err);
    if (st) return st;
    yhat = r->sssm.yhat;
    r->have_rec = r->yhat_fixed == NULL;
  } else if (!r->rnn) {
    yhat = reach_ssm_step(&r->ssm, r->x, cue, pert);
  }
  if (r->yhat_fixed) yhat = r->yhat_fixed[t];

  // The arm's trial: from the trial's start posture to its hand target.
  reach_trials *b = &r->trials;
  reach_tool_trial_batch(tr, &r->arm, &r->task, r->cfg.go, b);
  const double curl = tr->field_gain, comp = -yhat * r->tool.unit_gain;
  const bool channel = tr->channel;
  const reach_rollout_loads loads = {.curl = &curl, .comp = &comp, .channel = &channel};
  const double *theta = r->theta;
  if (r->rnn) {
    double e[REACH_TOOL_RNN_EXTRA];
    reach_tool_rnn_inputs(r->rnn, tr, e);
    theta = reach_tool_rnn_fold(r->rnn, e);
  }
  reach_rollout_forward_loads(&r->ro, &r->ctx, theta, b, &loads, r->cfg.noise ? &r->noise : NULL);

  // Recorded states (capacity 1: the [2][B] layout is [x, y] per state).
  memcpy(r->xy, r->ro.xy, (size_t)(T + 1) * 2 * sizeof *r->xy);
  memcpy(r->vel, r->ro.vxy, (size_t)(T + 1) * 2 * sizeof *r->vel);
  for (int k = 0; k < 2 * T; k++) r->f_chan[k] = r->ro.f_end[k] - r->ro.f_other[k];
  double peak = 0.0;
  for (int k = 0; k <= T; k++) peak = fmax(peak, hypot(r->vel[2 * k], r->vel[2 * k + 1]));

  *res = (reach_tool_result){.trial = t,
                             .cue = cue,
                             .side = tr->side,
                             .type = tr->type,
                             .pert = pert,
                             .channel = channel,
                             .yhat = r->rnn ? (double)NAN : yhat,
                             .comp_gain = comp,
                             .field_gain = curl,
                             .mpe = NAN,
                             .adaptation = NAN,
                             .peak_speed = peak,
                             .loss = NAN};
  const double sgn = tr->side_gain > 0.0 ? 1.0 : -1.0;
  if (channel) {
    reach_adaptation a;
    // samples: each state's velocity with the channel force that state produced
    st = reach_channel_adaptation(r->vel, r->f_chan, T, tr->hand_start, tr->hand_target,
                                  tr->side_gain, REACH_ADAPT_SPEED_MIN, &a, err);
    if (st) return st;
    res->adaptation = a.percent;
    if (r->rnn) res->yhat = a.percent / 100.0 * sgn * (r->tool.unit_gain > 0.0 ? 1.0 : -1.0);
  } else {
    // the recorded path is states 1..T (as the savings study's lateral deviation)
    res->mpe = sgn * reach_mpe(r->xy + 2, T, tr->hand_start, tr->hand_target);
  }
  if (r->rnn && !channel) {
    // The forward pass that played the trial is the one it learns from (same θ, same loads).
    res->loss = reach_tool_rnn_gradient(r->rnn, &r->ro, &r->ctx, NULL);
    reach_tool_rnn_update(r->rnn);
  }
  r->t++;
  return REACH_OK;
}

const reach_tool_trial *reach_tool_run_last(const reach_tool_run *r, int *steps, const double **xy,
                                            const double **vel, const double **f_chan) {
  if (steps) *steps = r->task.steps;
  if (xy) *xy = r->xy;
  if (vel) *vel = r->vel;
  if (f_chan) *f_chan = r->f_chan;
  return &r->last;
}

const reach_sssm_record *reach_tool_run_context(const reach_tool_run *r) {
  return r->have_rec ? &r->rec : NULL;
}

const reach_coin_record *reach_tool_run_coin(const reach_tool_run *r) {
  return r->coin_on && r->t > 0 ? &r->coin_rec : NULL;
}

const reach_arm_state *reach_tool_run_arm(const reach_tool_run *r) { return r->ro.arm; }
