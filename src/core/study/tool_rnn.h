// SPDX-License-Identifier: GPL-3.0-or-later
// The GRU as the tool study's learner (issue 8, "Beyond the papers"): the grown-up network of the
// savings study, given the cued control point as extra inputs, learns trial by trial by BPTT
// through the arm (batch 1, SGD) on the sequence the SSSM plays.
//
// Extra inputs, appended to the 17 of the rollout (REACH_TOOL_RNN_EXTRA = 4):
//   [17, 18] the cue one-hot (cue 1, cue 2): the paradigm's cue, the controlled point;
//   [19, 20] the controlled point's visual position relative to the hand (m).
// Relative, not absolute: the object is held rigidly, so this offset is what distinguishes the
// points (±7 cm, the centre cross in the single-point group, shifted on generalisation trials)
// while the absolute position would be the hand's, already seen through vision, plus that offset.
//
// Both are constant through a trial, so the extended network's input term W_ih·[obs; e] + b_ih
// equals W_ih,obs·obs + (b_ih + W_ih,e·e): a trial of the 17 + 4-input network is exactly a trial
// of the 17-input one with the cue folded into the input bias (reach_tool_rnn_fold), and the
// gradient of a cue column j is e_j times the input bias's. The rollout stays as it is.
//
// The new columns start at zero: before any learning the learner is the grown-up network, bit
// for bit, and the cue has no effect it did not learn. Zero weights still get a gradient
// (e_j·∂L/∂b_ih does not depend on them), so nothing needs random symmetry breaking.
//
// Trainable: the savings study's phase mask (W_hh, b_hh, h0, the last two unless its switches
// freeze them; W_ih, b_ih, W_out, b_out frozen, so the grown-up sensory and motor mappings stay)
// plus the new cue columns, without which the cue could not matter.
//
// Clipping as in the savings study (norm 1): a single trial's gradient is far above it (tens on
// single cue weights), so each step has length lr and the rate sets how far one trial moves the
// network.
#ifndef REACH_TOOL_RNN_H
#define REACH_TOOL_RNN_H

#include <stdbool.h>

#include "../base/error.h"
#include "../net/gru.h"
#include "../task/tool.h"
#include "../task/config.h"
#include "../learn/rollout.h"

enum { REACH_TOOL_RNN_EXTRA = 4 };

typedef struct reach_tool_rnn_config {
  reach_loss_config loss;       // the reach loss (the network's own, savings-paper-spec §1.5)
  reach_optim_config optim;     // the update (the savings study's phase SGD: lr 5e-3, clip 1)
  bool freeze_b_hh, freeze_h0;  // the savings study's switches of its phase mask (default off)
  bool no_cue;  // a control: the extra inputs are 0 on every trial (the same learner, no cue)
} reach_tool_rnn_config;

typedef struct reach_tool_rnn reach_tool_rnn;

// The learner as a network file's configuration has it: its reach loss, its phase SGD and its
// phase mask's switches; no_cue off. (The CLI's --learner rnn and the app's Learner row.)
reach_tool_rnn_config reach_tool_rnn_config_of(const reach_config *c);

// The learner from a 17-input network (gru, theta: copied). Fails if the network's input size is
// not the rollout's.
reach_status reach_tool_rnn_create(const reach_gru *gru, const double *theta,
                                   const reach_tool_rnn_config *cfg, reach_tool_rnn **out,
                                   reach_error *err);
void reach_tool_rnn_free(reach_tool_rnn *l);

// The trial's extra inputs (see above; all 0 with no_cue).
void reach_tool_rnn_inputs(const reach_tool_rnn *l, const reach_tool_trial *tr,
                           double e[REACH_TOOL_RNN_EXTRA]);

// The extended network's layout (17 + 4 inputs) and its parameters, which a caller may change
// (tests set the cue columns).
const reach_gru *reach_tool_rnn_gru(const reach_tool_rnn *l);
double *reach_tool_rnn_params(reach_tool_rnn *l);

// The 17-input parameters that play a trial with extra inputs e exactly as the extended network
// would: the rollout's theta for that trial (its gru is the one given to create). Owned by l,
// valid until the next fold.
const double *reach_tool_rnn_fold(reach_tool_rnn *l, const double e[REACH_TOOL_RNN_EXTRA]);

// After a forward pass of ro with the last folded parameters: the loss of the trial, and its
// gradient with respect to the extended parameters into grad [n_params of the extended network]
// (overwritten; NULL: l's own, which reach_tool_rnn_update applies).
double reach_tool_rnn_gradient(reach_tool_rnn *l, reach_rollout *ro, const reach_rollout_ctx *ctx,
                               double *grad);

// One SGD step with l's gradient over the trainable parameters; returns the gradient norm before
// clipping.
double reach_tool_rnn_update(reach_tool_rnn *l);

#endif
