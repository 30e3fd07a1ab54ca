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
  int coin_label[3];     // COIN's label of paradigm cue 1, 2 (0: not in the paradigm)
  reach_coin coin_what;  // a copy asked what COIN would predict for another cue (GEN_GEOMETRY)
  reach_rng what_rng;    // its draws, apart from the run's
  double *yhat_fixed;    // [n] or NULL
  reach_tool_rnn *rnn;   // the network as the learner, or NULL
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
  if (r->coin_what.blocks) reach_coin_free(&r->coin_what);
  if (r->coin_rng.gen) reach_rng_free(&r->coin_rng);
  if (r->what_rng.gen) reach_rng_free(&r->what_rng);
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
    for (int t = p->n - 1; t >= 0; t--)
      if (p->cue[t] >= 1 && p->cue[t] <= 2) r->coin_label[p->cue[t]] = r->coin_cue[t];
    if (cfg->gen_rule == REACH_TOOL_GEN_GEOMETRY) {
      st = reach_coin_init(&r->coin_what, cfg->coin, nq, err);
      if (!st && reach_rng_init(&r->what_rng, cfg->coin_seed ^ 0x5DEECE66Dull))
        st = reach_error_set(err, REACH_ERR_NOMEM, "tool run: out of memory");
      if (st) goto fail;
    }
    reach_coin_reset(&r->coin, &r->coin_rng);
  }
  *out = r;
  return REACH_OK;
fail:
  reach_tool_run_free(r);
  return st;
}

void reach_tool_gen_given(reach_tool_gen_rule rule, const reach_tool *tool,
                          const reach_tool_trial *tr, double p_cue[2], double *transfer) {
  p_cue[0] = tr->cue == 1, p_cue[1] = tr->cue == 2;
  *transfer = 1.0;
  if (rule != REACH_TOOL_GEN_GEOMETRY || tr->type == REACH_TRIAL_PLAIN ||
      tool->group != REACH_TOOL_TWO_POINTS)
    return;
  const double s2 = 2 * REACH_TOOL_GEN_CUE_WIDTH * REACH_TOOL_GEN_CUE_WIDTH;
  const double d1 = tr->point[0] + REACH_TOOL_CP_OFFSET, d2 = tr->point[0] - REACH_TOOL_CP_OFFSET;
  // as a logistic of the difference, which cannot underflow to 0/0 far from both points
  p_cue[0] = 1 / (1 + exp((d1 * d1 - d2 * d2) / s2));
  p_cue[1] = 1 - p_cue[0];
  const double dh = hypot(tr->hand_start[0] - tool->home[0], tr->hand_start[1] - tool->home[1]);
  *transfer = exp(-dh * dh / (2 * REACH_TOOL_GEN_TRANSFER_LENGTH * REACH_TOOL_GEN_TRANSFER_LENGTH));
}

// What the learner would predict on this (channel) trial had cue q been shown, its state left as
// it is: on a copy. COIN's copy draws from its own stream.
static reach_status predict_for_cue(reach_tool_run *r, int q, double *yhat, reach_error *err) {
  if (r->coin_on) {
    if (!r->coin_label[q]) return *yhat = 0, REACH_OK;  // a cue COIN never sees: no memory
    reach_coin_copy(&r->coin_what, &r->coin);
    reach_coin_record rec;
    reach_status st =
        reach_coin_trial(&r->coin_what, &r->what_rng, (double)NAN, r->coin_label[q], 0, &rec, err);
    *yhat = rec.motor_output;
    return st;
  }
  if (r->cfg.learner == REACH_CMODEL_SSSM) {
    reach_sssm m = r->sssm;
    reach_sssm_record rec;
    reach_status st = reach_sssm_trial(&m, q, (double)NAN, &rec, err);
    *yhat = m.yhat;
    return st;
  }
  double x[4];
  memcpy(x, r->x, sizeof x);
  *yhat = reach_ssm_step(&r->ssm, x, q, (double)NAN);
  return REACH_OK;
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

  // On a generalisation channel the rule decides what the learner is given: asked before the
  // learner's own update, which uses the paradigm's cue as on every trial.
  double p_cue[2], transfer, yhat_gen = 0;
  reach_tool_gen_given(r->cfg.gen_rule, &r->tool, tr, p_cue, &transfer);
  const bool gen = !r->rnn && r->cfg.gen_rule == REACH_TOOL_GEN_GEOMETRY &&
                   tr->type != REACH_TRIAL_PLAIN && r->tool.group == REACH_TOOL_TWO_POINTS;
  if (gen) {
    double y1 = 0, y2 = 0;
    st = predict_for_cue(r, 1, &y1, err);
    if (!st) st = predict_for_cue(r, 2, &y2, err);
    if (st) return st;
    yhat_gen = transfer * (p_cue[0] * y1 + p_cue[1] * y2);
  }
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
  if (gen) yhat = yhat_gen;
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
    if (r->cfg.gen_rule == REACH_TOOL_GEN_GEOMETRY && tr->type != REACH_TRIAL_PLAIN &&
        !(e[0] == 0 && e[1] == 0))  // the control without a cue stays without one
      e[0] = p_cue[0], e[1] = p_cue[1];
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
