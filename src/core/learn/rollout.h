// SPDX-License-Identifier: GPL-3.0-or-later
// One batch of trials played through policy and plant, and its exact reverse pass: the gradient
// of the loss with respect to every parameter flows through the GRU, the muscles, the skeleton,
// each trial's loads (curl field, a learner's compensation, a force channel), and back into the
// delayed observations (BPTT through the arm, motornet-spec §4.3). Every buffer is allocated once,
// for the largest batch it will see.
//
// Step t (t = 0 … T−1) maps arm state t and hidden state h_t to state t+1 and h_{t+1}:
//   x_t     = [vision (2), proprioception (12), target (2), go (1)]   (savings-paper-spec §1.2)
//             vision = noisy fingertip of state max(0, t − D_v + 1)
//             proprioception = noisy [l_m/l0_ce, v_MT/vmax] of state max(0, t − D_p + 1)
//   h_{t+1} = GRU(x_t, h_t);   u_t = σ(W_out h_{t+1} + b_out) + action noise
//   f_t     = endpoint load of state t, zero before the go step (and on catch trials):
//             k·(ẏ, −ẋ) with k = curl gain + learner compensation gain of the trial, or on a
//             channel trial the channel's force with that curl-form load carried through it
//   state t+1 = arm step(state t, u_t, f_t)
// The loss reads states 1 … T and h_1 … h_T (the values recorded after each step).
#ifndef REACH_ROLLOUT_H
#define REACH_ROLLOUT_H

#include "../base/rng.h"
#include "../env/field.h"
#include "../net/gru.h"
#include "../plant/arm.h"
#include "../task/trials.h"
#include "../task/config.h"

enum {
  REACH_OBS_SENSE = 14,  // vision 2 + proprioception 12: the part with a gradient
  REACH_OBS = 17,
};

// Per-trial endpoint loads of a pass, each switched on at the trial's go step (as the savings
// study's curl field is). Any array may be NULL (none).
typedef struct reach_rollout_loads {
  const double *curl;  // [B] curl gain b (N·s/m, + = clockwise): F = b·(ẏ, −ẋ)
  // [B] learner compensation c (N·s/m): the arm adds the force c·(ẏ, −ẋ) at the hand, so a
  // learner that predicts ŷ of a field of gain g compensates with c = −ŷ·g (issue 8)
  const double *comp;
  // [B] a force channel along the trial's start → target line (reach_field_channel). It takes
  // the curl-form load (curl + compensation) as the other load on the hand, so the channel's
  // force is what a wall must push against it.
  const bool *channel;
} reach_rollout_loads;

typedef struct reach_rollout {
  int capacity, steps, units;
  int batch;                   // of the last forward pass
  const reach_trials *trials;  // of the last forward pass
  // Loads of the last forward pass, per trial [capacity]: total curl-form gain (curl +
  // compensation), its two parts, and the channel flags. loaded = false: no trial had any load.
  double *gain, *curl, *comp;
  bool *channel;
  bool loaded;
  // Optional one-step push of the hidden state (evaluation only): push [H] is added to h[index]
  // of every trial as soon as that state is produced. index < 1 or push = NULL: none.
  int push_index;
  const double *push;
  // Visuomotor rotation of the visual feedback (reach_rollout_set_rotation): what the network
  // sees as the hand, and what the position loss and the lateral deviation measure, is the
  // cursor R(θ)(hand − start) + start; the arm itself is not rotated. rotated = false: the
  // cursor is the hand itself, with no arithmetic at all.
  bool rotated;
  double rot_cos, rot_sin;
  reach_arm_state *arm;    // [T+1] states of `capacity` arms
  double *sense;           // [T+1][B][14] noisy vision + proprioception of each state
  double *x;               // [T][B][17] network inputs
  double *h;               // [T+1][B][H] hidden states, h[0] = h0
  reach_gru_cache *cache;  // [T] gates
  double *u_net;           // [T][B][6] network output σ(·)
  double *u_arm;           // [T][6][B] excitations given to the arm (noise added)
  double *f_end;           // [T][2][B] total endpoint load
  double *f_other;         // [T][2][B] its curl-form part; on a channel trial f_end − f_other
                           // is the channel's force on the hand
  double *xy, *vxy;        // [T+1][2][B] fingertip position, velocity
  // Loss adjoints (written by reach_loss_eval) and reverse-pass storage.
  double *xy_bar, *vxy_bar;  // [T+1][2][B]
  double *force_bar;         // [T+1][6][B]
  double *h_loss_bar;        // [T+1][B][H]
  double *sense_bar;         // [T+1][B][14]
  double *gi_bar, *gh_bar;   // [T][B][3H]
  double *y_bar;             // [T][B][6]
  double *h_bar, *h_tmp;     // [B][H]
  double *x_bar;             // [B][17]
  double *u_bar, *f_bar;     // [2][6][B] (two steps' excitations, by step parity), [2][B]
  double *work;              // [max(B, H)][6H] or more: a step's projections, W_ih's gradient
  double *h0_bar;            // [H]
  double *u_curl, *f_chan;   // [2][B] (ẏ, −ẋ) of a state; channel load (scratch)
  double *line_start, *line_target;  // [2][B] channel lines of the last pass
  double *fb_mask, *fo_bar;          // [2][B] reverse-pass scratch of the loads
  reach_arm_adjoint adj;
  // The weights packed for the products (reach_gru_pack), once per forward pass: packed in
  // double precision (packed_f in single), W_outᵀ always double.
  double *packed, *w_out_t;
  // The input and output blocks (W_ih, b_ih, W_out, b_out) are frozen: the backward pass leaves
  // their gradients at zero instead of forming them (the phases mask them out anyway).
  bool frozen_io;
  // Threads for the passes (NULL: the calling thread alone). Not owned; the results are the
  // same bits on any number of threads.
  struct reach_pool *pool;
  // Batches of at least this many rows (16 after init) form the weight gradients step by step
  // during the reverse pass, while each step's adjoints are in the cache (8 % faster at B = 32);
  // smaller ones all at once at the end (8 rows per step pay more to load and store the gradient
  // than they gain). Each element's sum runs over steps T−1 … 0 in the first form and 0 … T−1
  // in the second: the choice depends on B, never on the threads.
  int pipeline_rows;
  // On several threads with sensory delays of 2 steps or more, each step's region also runs a
  // plant step (forward: step t − 1 beside the policy's step t; reverse: the same backwards) on
  // its part 0, which takes this many fewer batch rows than an even split (multiples of 4, only
  // at B ≥ 16): [0] forward (4 after init: the plant's step with its noise draws costs about 4
  // rows of a policy step at H = 128), [1] reverse (0: its plant step is cheaper than 4 rows of
  // the reverse step). Speed settings: any values give the same bits.
  int plant_shed_rows[2];
  double *block;
  // Single precision (reach_rollout_set_precision): the GRU's step, backward and recurrent
  // gradients run on these float copies; h, u and every adjoint that the loss, the read-out and
  // the plant see stay double (converted once per step).
  reach_precision precision;
  float *theta_f, *grad_f;     // [n_params] θ of the pass; recurrent gradient blocks
  float *x_f;                  // [T][B][17]
  float *h_f;                  // [T+1][B][H]
  reach_gru_cache_f *cache_f;  // [T]
  float *gi_bar_f, *gh_bar_f;  // [T][B][3H]
  float *work_f;               // [max(B, H)][6H]
  float *hb_f, *h_bar_f;       // [B][H]
  float *x_bar_f;              // [B][17]
  float *packed_f;             // [reach_gru_packed_size]
  float *fblock;
} reach_rollout;

// The fixed context of a pass: model, policy and task.
typedef struct reach_rollout_ctx {
  const reach_arm_model *arm;
  const reach_gru *gru;
  const reach_task_config *task;
} reach_rollout_ctx;

int reach_rollout_init(reach_rollout *r, int capacity, int steps, int units);
// Chooses the GRU's arithmetic for the passes that follow (double after init). The float
// buffers are allocated on the first switch to single and kept; returns -1 when out of memory.
int reach_rollout_set_precision(reach_rollout *r, reach_precision p);
void reach_rollout_free(reach_rollout *r);

// Plays the trials with parameters theta in a curl field of gain `field` (N·s/m, + = CW) for
// every trial. noise: the stream for sensory and action noise, or NULL for a noise-free pass.
void reach_rollout_forward(reach_rollout *r, const reach_rollout_ctx *c, const double *theta,
                           const reach_trials *trials, double field, reach_rng *noise);
// The same with each trial's own loads (loads may be NULL: no load). A uniform curl gain and no
// compensation or channel give exactly reach_rollout_forward's pass.
void reach_rollout_forward_loads(reach_rollout *r, const reach_rollout_ctx *c, const double *theta,
                                 const reach_trials *trials, const reach_rollout_loads *loads,
                                 reach_rng *noise);

// Reverse pass of the last forward pass, after reach_loss_eval filled the loss adjoints. Adds
// the gradient to grad[n_params]. plant = false cuts the path through the arm (the plant's
// adjoint is dropped: the gradient the network would get if the arm were a constant); it exists
// to show the gradient test can tell.
void reach_rollout_backward(reach_rollout *r, const reach_rollout_ctx *c, const double *theta,
                            double *grad, bool plant);

// Rotates the visual feedback of the passes that follow by angle_deg (+ = counter-clockwise)
// about each trial's start; 0 switches the rotation off.
void reach_rollout_set_rotation(reach_rollout *r, double angle_deg);

// The cursor (the hand as the network sees it, before noise) of trial b at state k of the last
// pass, from the hand position xy[2] of that state.
static inline void reach_rollout_cursor(const reach_rollout *r, int b, const double xy[2],
                                        double out[2]) {
  if (!r->rotated) {
    out[0] = xy[0];
    out[1] = xy[1];
    return;
  }
  const double *s = r->trials->start + 2 * b;
  const double dx = xy[0] - s[0], dy = xy[1] - s[1];
  out[0] = s[0] + r->rot_cos * dx - r->rot_sin * dy;
  out[1] = s[1] + r->rot_sin * dx + r->rot_cos * dy;
}

// Adjoint of reach_rollout_cursor: the hand's adjoint from the cursor's (Rᵀ·cbar).
static inline void reach_rollout_cursor_vjp(const reach_rollout *r, const double cbar[2],
                                            double xy_bar[2]) {
  if (!r->rotated) {
    xy_bar[0] = cbar[0];
    xy_bar[1] = cbar[1];
    return;
  }
  xy_bar[0] = r->rot_cos * cbar[0] + r->rot_sin * cbar[1];
  xy_bar[1] = -r->rot_sin * cbar[0] + r->rot_cos * cbar[1];
}

// Signed lateral deviation (m, + = clockwise) of the cursor of every trial of the last forward
// pass (savings-paper-spec §1.8); the hand's when the feedback is not rotated.
void reach_rollout_lateral(const reach_rollout *r, const reach_task_config *c, double *ld);

// Direction error of every trial of the last forward pass (degrees, + = clockwise, as the
// lateral deviation): the angle from the start → target direction to the start → cursor
// direction at the step of peak hand speed after the go step (what visuomotor-rotation studies
// measure; docs/exports.md). NAN for a trial that never leaves the start.
void reach_rollout_direction_error(const reach_rollout *r, double *deg);

#endif
