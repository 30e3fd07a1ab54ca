// SPDX-License-Identifier: GPL-3.0-or-later
// One batch of trials played through policy and plant, and its exact reverse pass: the gradient
// of the loss with respect to every parameter flows through the GRU, the muscles, the skeleton,
// the curl field, and back into the delayed observations (BPTT through the arm,
// motornet-spec §4.3). Every buffer is allocated once, for the largest batch it will see.
//
// Step t (t = 0 … T−1) maps arm state t and hidden state h_t to state t+1 and h_{t+1}:
//   x_t     = [vision (2), proprioception (12), target (2), go (1)]   (savings-paper-spec §1.2)
//             vision = noisy fingertip of state max(0, t − D_v + 1)
//             proprioception = noisy [l_m/l0_ce, v_MT/vmax] of state max(0, t − D_p + 1)
//   h_{t+1} = GRU(x_t, h_t);   u_t = σ(W_out h_{t+1} + b_out) + action noise
//   f_t     = curl load of state t, zero before the go step (and on catch trials)
//   state t+1 = arm step(state t, u_t, f_t)
// The loss reads states 1 … T and h_1 … h_T (the values recorded after each step).
#ifndef REACH_ROLLOUT_H
#define REACH_ROLLOUT_H

#include "../base/rng.h"
#include "../env/field.h"
#include "../net/gru.h"
#include "../plant/arm.h"
#include "../task/trials.h"
#include "config.h"

enum {
  REACH_OBS_SENSE = 14,  // vision 2 + proprioception 12: the part with a gradient
  REACH_OBS = 17,
};

typedef struct reach_rollout {
  int capacity, steps, units;
  int batch;                  // of the last forward pass
  const reach_trials *trials; // of the last forward pass
  double field;               // curl gain of the last forward pass
  // Optional one-step push of the hidden state (evaluation only): push [H] is added to h[index]
  // of every trial as soon as that state is produced. index < 1 or push = NULL: none.
  int push_index;
  const double *push;
  reach_arm_state *arm;       // [T+1] states of `capacity` arms
  double *sense;              // [T+1][B][14] noisy vision + proprioception of each state
  double *x;                  // [T][B][17] network inputs
  double *h;                  // [T+1][B][H] hidden states, h[0] = h0
  reach_gru_cache *cache;     // [T] gates
  double *u_net;              // [T][B][6] network output σ(·)
  double *u_arm;              // [T][6][B] excitations given to the arm (noise added)
  double *f_end;              // [T][2][B] field load
  double *xy, *vxy;           // [T+1][2][B] fingertip position, velocity
  // Loss adjoints (written by reach_loss_eval) and reverse-pass storage.
  double *xy_bar, *vxy_bar;   // [T+1][2][B]
  double *force_bar;          // [T+1][6][B]
  double *h_loss_bar;         // [T+1][B][H]
  double *sense_bar;          // [T+1][B][14]
  double *gi_bar, *gh_bar;    // [T][B][3H]
  double *y_bar;              // [T][B][6]
  double *h_bar, *h_tmp;      // [B][H]
  double *x_bar;              // [B][17]
  double *u_bar, *f_bar;      // [6][B], [2][B]
  double *work;               // [B][3H]
  double *h0_bar;             // [H]
  reach_arm_adjoint adj;
  double *block;
} reach_rollout;

// The fixed context of a pass: model, policy and task.
typedef struct reach_rollout_ctx {
  const reach_arm_model *arm;
  const reach_gru *gru;
  const reach_task_config *task;
} reach_rollout_ctx;

int reach_rollout_init(reach_rollout *r, int capacity, int steps, int units);
void reach_rollout_free(reach_rollout *r);

// Plays the trials with parameters theta in a curl field of gain `field` (N·s/m, + = CW).
// noise: the stream for sensory and action noise, or NULL for a noise-free pass.
void reach_rollout_forward(reach_rollout *r, const reach_rollout_ctx *c, const double *theta,
                           const reach_trials *trials, double field, reach_rng *noise);

// Reverse pass of the last forward pass, after reach_loss_eval filled the loss adjoints. Adds
// the gradient to grad[n_params]. plant = false cuts the path through the arm (the plant's
// adjoint is dropped: the gradient the network would get if the arm were a constant); it exists
// to show the gradient test can tell.
void reach_rollout_backward(reach_rollout *r, const reach_rollout_ctx *c, const double *theta,
                            double *grad, bool plant);

// Signed lateral deviation (m, + = clockwise) of every trial of the last forward pass
// (savings-paper-spec §1.8).
void reach_rollout_lateral(const reach_rollout *r, const reach_task_config *c, double *ld);

#endif
