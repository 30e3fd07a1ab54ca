// SPDX-License-Identifier: GPL-3.0-or-later
// The inside of reach_savings, shared by savings.c (stepping), savings_io.c (checkpoints),
// savings_grown.c and behaviour.c (which reads the evaluation rollout's velocities) and nothing
// else.
#ifndef REACH_SAVINGS_INTERNAL_H
#define REACH_SAVINGS_INTERNAL_H

#include "../base/rng.h"
#include "../net/gru.h"
#include "../plant/arm.h"
#include "../task/trials.h"
#include "../learn/optim.h"
#include "../learn/rollout.h"
#include "savings.h"

struct reach_savings {
  reach_config cfg;
  int nphase;
  reach_phase phases[REACH_MAX_PHASES];  // reach_config_phases(cfg)
  reach_arm_model arm;
  reach_gru gru;  // the network: 17 + context_inputs inputs
  // The rollout's network (17 inputs). With context inputs, a pass plays θ folded with the
  // phase's context (the one-hot column added into b_ih, as the tool study's cue): theta_run
  // and its gradient grad_run. Without them gru_run is gru and theta_run, grad_run alias theta,
  // grad.
  reach_gru gru_run;
  double *theta_run, *grad_run;
  reach_rollout_ctx ctx;
  double *theta, *grad;
  double *theta_prev;  // θ before the last update, restored if the update overflows
  unsigned char *mask_grow, *mask_phase;
  reach_optim opt;
  reach_rng rng[3];  // training, logged evaluation, display traces
  reach_trials train_trials, eval_trials;
  // Growing up and the phases each have a rollout of their own batch size: a pass over a batch
  // smaller than its rollout's capacity still steps every arm and forms the weight gradients
  // step by step.
  reach_rollout grow_ro, phase_ro, eval_ro;
  struct reach_pool *pool;  // [train] threads, shared by the three rollouts
  char file_engine[160];    // engine stamp of the file loaded (reach_savings_file_engine)
  reach_stage stage;
  int batch;
  double *grow_loss;                     // [grow_batches]
  double *phase_ld[REACH_MAX_PHASES];    // [phases[p].batches] evaluation mean LD (m)
  double *phase_dir[REACH_MAX_PHASES];   // [phases[p].batches] evaluation direction error (deg)
  double *phase_loss[REACH_MAX_PHASES];  // [phases[p].batches] training loss
  double last_loss, last_grad_norm;
  // Weights at the end of growing up and of each phase ([0] growing up, [1 + p] phase p).
  double *snapshot[REACH_MAX_PHASES + 1];
  bool snapshot_done[REACH_MAX_PHASES + 1];
  double *snapshot_block;
  // The training and evaluation streams' states when growing up ended (each
  // reach_rng_state_size bytes): with the growing-up snapshot they are all a run needs to start
  // its phases from a grown-up network bit-identically (reach_savings_from_grown_up).
  unsigned char *grow_end_rng[2];
  bool grow_end_rng_done;
  unsigned char *rng_saved;  // the training stream before a batch (reach_savings_step)
};

// Records the streams' states at the end of growing up (called by reach_savings_advance).
void reach_savings_keep_grow_end_rng(reach_savings *e);

// Moves past finished (or empty) stages, resetting the optimiser at each phase start.
void reach_savings_advance(reach_savings *e);
// Mean LD of the evaluation reaches with the current weights (m) in phase p's perturbation (p < 0:
// none), and their mean direction error (degrees) into *dir (nullable).
double reach_savings_eval_ld(reach_savings *e, reach_rollout *ro, int p, reach_rng *noise,
                             double *dir);
// theta_run: θ with context `context`'s column of W_ih folded into b_ih (0: b_ih as it is); a
// no-op without context inputs.
void reach_savings_fold_context(reach_savings *e, int context);
// Its adjoint after a pass on ro: grad_run into grad, the context column that was on getting
// b_ih's gradient (summed from ro's input-gate adjoints, which a frozen-input pass still forms).
void reach_savings_unfold_grad(reach_savings *e, const reach_rollout *ro, int context);
// The name files and messages give stage s.
const char *reach_savings_stage_name(const reach_savings *e, reach_stage s);

#endif
