// SPDX-License-Identifier: GPL-3.0-or-later
// The tool study played in the arm (issue 8): a grown-up network reaches trial by trial through
// a Heald et al. 2018 paradigm holding the object (task/tool.h), meeting the curl field tied to
// the cued control point, a channel, or nothing, while a context model (the SSSM by default,
// SSM1–SSM7 or COIN) learns from the paradigm's perturbations. On trial t the model predicts ŷ_t in
// units of the cue-1 field, and the arm adds the compensation −ŷ_t·g₁·(ẏ, −ẋ) at the hand (g₁ the
// cue-1 field's gain), so the hand deviates only by what is not yet learned. Each trial is then
// measured as the paper measured people (analysis/channel.h): MPE on field and null trials,
// adaptation on channel trials.
//
// The network does not learn here (its weights stay those given); the learning is the context
// model's, unless the learner is the network itself (cfg.rnn, study/tool_rnn.h): then no force is
// added at the hand, and after each non-channel trial the network takes one SGD step on that
// trial's reach loss in the field it met. Channel trials teach it nothing: the wall holds the
// hand on the straight line, so there is no error, as the SSSM is given none there either.
// One trial is one batch-1 rollout, noise-free unless a noise seed is given.
#ifndef REACH_TOOL_RUN_H
#define REACH_TOOL_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/error.h"
#include "../context/coin.h"
#include "../context/model.h"
#include "../context/paradigm.h"
#include "../context/sssm.h"
#include "../net/gru.h"
#include "../plant/arm.h"
#include "../task/tool.h"
#include "../task/config.h"
#include "tool_rnn.h"

// What a learner is given on a generalisation channel trial of experiment 1 (issue 20, E4; the
// paper's discussion: memories are tied to the controlled point's place relative to the hand, and
// generalise partially to a moved hand). A switch, so the paper's pattern must come out of a stated
// rule rather than be assumed:
//  - REACH_TOOL_GEN_SIDE (default): the target side's cue and the whole state, as on every trial.
//  - REACH_TOOL_GEN_GEOMETRY: the cue is uncertain. p(cue q) ∝ exp(−(r − r_q)²/(2σ_c²)), r the
//    controlled point's x relative to the hand on the trial and r_q that of control point q in
//    exposure (∓7 cm), σ_c = REACH_TOOL_GEN_CUE_WIDTH; and the state transfers by
//    g = exp(−Δ²/(2λ²)), Δ the hand's translation from home, λ = REACH_TOOL_GEN_TRANSFER_LENGTH.
//    A context model expresses ŷ = g·Σ_q p(q)·ŷ(q) (ŷ(q) its prediction had cue q been shown, its
//    state untouched), then updates with the paradigm's cue as before; the network learner gets
//    p(cue 1), p(cue 2) as its cue inputs (its own weights decide any transfer, so g is not used).
// Plain trials are unchanged under either rule.
typedef enum reach_tool_gen_rule {
  REACH_TOOL_GEN_SIDE = 0,
  REACH_TOOL_GEN_GEOMETRY,
} reach_tool_gen_rule;
#define REACH_TOOL_GEN_CUE_WIDTH       0.07  // σ_c (m): half the control points' separation
#define REACH_TOOL_GEN_TRANSFER_LENGTH 0.14  // λ (m): g = e^(−1/2) ≈ 0.61 at the 14 cm translation

// The rule's cue probabilities p_cue[2] and state transfer for trial tr of a tool whose hand
// starts at home in exposure. SIDE, plain trials and the single-point group: the trial's cue with
// probability 1 and transfer 1.
void reach_tool_gen_given(reach_tool_gen_rule rule, const reach_tool *tool,
                          const reach_tool_trial *tr, double p_cue[2], double *transfer);

typedef struct reach_tool_run_config {
  reach_cmodel learner;  // REACH_CMODEL_SSSM (default, 0) or SSM1..SSM7
  const double *params;  // the learner's parameters, or NULL for reach_cmodel_default_params
  reach_tool_group group;
  double field_sign;  // > 0: the cue-1 field is clockwise; 0 means +1
  double go;          // go time (s); 0 means the task's go_lo, leaving the most time to move
  bool noise;         // sensory and action noise from noise_seed (default: none)
  uint64_t noise_seed;
  // A fixed prediction per trial [n] (copied) instead of the learner's: to replay a recorded
  // learner, or to test the arm's side of the chain with known values. NULL: the learner.
  const double *yhat;
  // The network as the learner (copied; learner, params and yhat must then be left unset).
  const reach_tool_rnn_config *rnn;
  // COIN as the learner (copied; learner, params and rnn must then be left unset): its motor
  // output for the trial's cue is ŷ, and it learns from the paradigm's perturbation as the SSSM
  // does (context/coin.h). One run of coin->particles particles, its draws from coin_seed.
  const reach_coin_params *coin;
  uint64_t coin_seed;
  reach_tool_gen_rule gen_rule;  // what the learner is given on generalisation channel trials
} reach_tool_run_config;

// What one played trial gives.
typedef struct reach_tool_result {
  int trial;      // 0-based
  int cue, side;  // the learner's cue; the target side shown
  reach_trial_type type;
  double pert;  // ±1, 0, NAN (channel)
  bool channel;
  // The learner's prediction on the trial (units of the cue-1 field). The network learner has no
  // explicit one: on channel trials its expressed prediction s·adaptation/100 (s the sign of the
  // side's field relative to the cue-1 field), NAN otherwise.
  double yhat;
  double comp_gain;   // c = −ŷ·g₁ (N·s/m)
  double field_gain;  // the trial's curl gain (N·s/m)
  // Signed MPE (m) with the sign of the side's field applied, so an error in the direction the
  // side's field pushes is positive; NAN on channel trials.
  double mpe;
  double adaptation;  // % on channel trials (against the side's field); NAN otherwise
  double peak_speed;  // m/s
  double loss;        // the network learner's reach loss on a trial it learns from; NAN otherwise
} reach_tool_result;

typedef struct reach_tool_run reach_tool_run;

// Prepares a run of paradigm p (copied) with the network (gru, theta: copied) on the task's
// arm timing. Fails if the learner's parameters are invalid, a trial is out of the arm's reach,
// or the network's input size is not the rollout's.
reach_status reach_tool_run_create(const reach_arm_model *arm, const reach_gru *gru,
                                   const double *theta, const reach_task_config *task,
                                   const reach_paradigm *p, const reach_tool_run_config *cfg,
                                   reach_tool_run **out, reach_error *err);
void reach_tool_run_free(reach_tool_run *r);

// Trials played so far, and the paradigm's length.
int reach_tool_run_done(const reach_tool_run *r);
int reach_tool_run_total(const reach_tool_run *r);

// Plays the next trial. REACH_ERR_USAGE after the last one.
reach_status reach_tool_run_step(reach_tool_run *r, reach_tool_result *res, reach_error *err);

// The last played trial: its configuration and its recorded states 0..steps: hand position and
// velocity [steps+1][2], and the channel's force on the hand [steps][2] (0 off channel trials).
// Pointers owned by r, valid until the next step.
const reach_tool_trial *reach_tool_run_last(const reach_tool_run *r, int *steps, const double **xy,
                                            const double **vel, const double **f_chan);

// The SSSM's record of the last played trial (p(context | cue), posterior, states), for a live
// view of the context model. NULL before the first trial, for the SSMs and with a fixed ŷ.
const reach_sssm_record *reach_tool_run_context(const reach_tool_run *r);

// COIN's record of the last played trial (per context label the predicted probability and the
// responsibility, the number of contexts, the simulated feedback). NULL unless COIN learns.
const reach_coin_record *reach_tool_run_coin(const reach_tool_run *r);

// The arm's states 0..steps of the last played trial (batch capacity 1: element [j] of q, act),
// for drawing the arm. Owned by r, valid until the next step.
const reach_arm_state *reach_tool_run_arm(const reach_tool_run *r);

#endif
