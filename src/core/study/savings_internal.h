// SPDX-License-Identifier: GPL-3.0-or-later
// The inside of reach_savings, shared by savings.c (stepping) and savings_io.c (checkpoints)
// and nothing else.
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
  reach_arm_model arm;
  reach_gru gru;
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
  double *grow_loss;                 // [grow_batches]
  double *phase_ld[REACH_NPHASE];    // [phase_batches[p]] evaluation mean LD (m)
  double *phase_loss[REACH_NPHASE];  // [phase_batches[p]] training loss
  double last_loss, last_grad_norm;
  // Weights at the end of growing up and of each phase ([0] growing up, [1 + p] phase p).
  double *snapshot[REACH_NPHASE + 1];
  bool snapshot_done[REACH_NPHASE + 1];
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
// Mean LD of the evaluation reaches with the current weights (m).
double reach_savings_eval_ld(reach_savings *e, reach_rollout *ro, double field, reach_rng *noise);

#endif
