// SPDX-License-Identifier: GPL-3.0-or-later
// One reach played live, a step at a time, as the app's arm view lets a user poke it (issue 18,
// in the manner of MotorNet.js and MuJoCo's `simulate`): a network with given weights drives the
// arm to a target the user chose, in a curl field or none, while a force the user applies at the
// hand pushes it.
//
// The step is the rollout's (learn/rollout.h, its step equations) for one trial without noise:
// the same GRU step and read-out (net/gru.h), the same delayed observations, the field switched
// on at the go step, the same arm step (plant/arm.h). So a reach from rest with no push is, bit
// for bit, the rollout's reach of the same trial; a push is one more endpoint load of the step.
// Unlike a rollout, a live reach has no end: it keeps stepping after the trial's length, and a
// new reach starts from wherever the arm is.
//
// Model/data split as in MuJoCo: reach_live_model holds what poking does not change (arm, task,
// the weights packed for the products); reach_live_reach the state of one arm and its network.
#ifndef REACH_LIVE_REACH_H
#define REACH_LIVE_REACH_H

#include <stdbool.h>

#include "../base/error.h"
#include "../net/gru.h"
#include "../plant/arm.h"
#include "../task/config.h"

typedef struct reach_live_model {
  reach_arm_model arm;
  reach_task_config task;
  reach_gru gru;
  reach_precision precision;
  int dv, dp;  // vision and proprioception delays in steps (the rollout's)
  // Targets are kept this far (rad) inside the joint ranges: the network grew up on targets
  // drawn over the whole ranges, but at a limit the joint stops and the hand cannot settle.
  double margin;
  double *theta, *packed, *w_out_t;  // own copy of the weights, and packed for the products
  float *theta_f, *packed_f;         // single precision: the rollout's float copies
  double *block;
  float *fblock;
} reach_live_model;

// The model of configuration c (its task, units and precision) with weights theta
// (c's reach_gru layout; copied).
reach_status reach_live_model_create(const reach_config *c, const double *theta,
                                     reach_live_model **out, reach_error *err);
void reach_live_model_free(reach_live_model *m);

// The hand position nearest to xy (m, shoulder frame) that the arm reaches with both joints at
// least m->margin inside their ranges. Returns false with out = xy when xy is such a position,
// true when it was moved.
bool reach_live_clamp_target(const reach_live_model *m, const double xy[2], double out[2]);
// The edge of that workspace as a closed path of 4·n + 1 points (xy [4n+1][2]): the hand along
// each side of the joint box (n ≥ 1 points a side), for drawing where a target may go.
void reach_live_workspace_edge(const reach_live_model *m, int n, double *xy);

typedef struct reach_live_reach {
  // The reach under way: steps since it began, the first step whose observation carries go = 1
  // (the field is on from then), target (m) and curl gain (N·s/m, + = clockwise).
  int t, go_step;
  double target[2];
  double field;
  // The push: a force (N) at the hand over each of the next push_steps steps.
  double push[2];
  int push_steps;
  // After each step: the state reached, and what acted over that step.
  double q[2], qd[2], xy[2], vxy[2];
  double act[REACH_NMUSCLE], force[REACH_NMUSCLE];  // activations, muscle forces (N)
  double u[REACH_NMUSCLE];                          // the network's excitations
  double f_field[2], f_push[2];                     // N
  const double *h;                                  // [units] the network's hidden state
  // private
  long n;    // states sensed since the reset: the delay lines' clock
  int ring;  // states the delay lines keep
  reach_arm_state arm;
  double *h_now, *h_next, *x, *work, *sense;
  float *h_f, *hn_f, *x_f, *work_f;
  double *block;
  float *fblock;
} reach_live_reach;

reach_status reach_live_reach_create(const reach_live_model *m, reach_live_reach **out,
                                     reach_error *err);
void reach_live_reach_free(reach_live_reach *d);

// The arm at rest at q0 (rad), the delay lines filled with that state, the network at h0,
// holding still: a reach to where the hand is, no go cue yet, no field, no push.
void reach_live_reach_reset(const reach_live_model *m, reach_live_reach *d, const double q0[2]);
// A new reach from the arm's present state: the network back at h0, the target shown from now,
// the go cue at go time 0 (reach_go_step: it shows after the vision delay), the curl field `field`
// on from then. The push under way continues.
void reach_live_reach_begin(const reach_live_model *m, reach_live_reach *d, const double target[2],
                            double field);
// Applies force (N) at the hand over the next round(duration / dt) steps (at least one when
// duration > 0), replacing a push under way; duration 0 ends it.
void reach_live_reach_push(const reach_live_model *m, reach_live_reach *d, const double force[2],
                           double duration);
// One step of dt.
void reach_live_reach_step(const reach_live_model *m, reach_live_reach *d);

#endif
