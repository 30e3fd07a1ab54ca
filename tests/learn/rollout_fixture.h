// SPDX-License-Identifier: GPL-3.0-or-later
// A small network and batch for the rollout tests (test_rollout_grad, test_rollout_single):
// arm26 driven by a GRU of `units` through a rollout of `batch` trials, in a curl field or with
// per-trial loads.
#ifndef REACH_TEST_ROLLOUT_FIXTURE_H
#define REACH_TEST_ROLLOUT_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "learn/loss.h"
#include "learn/rollout.h"

typedef struct rollout_fixture {
  reach_arm_model arm;
  reach_gru gru;
  reach_task_config task;
  reach_loss_config loss;
  reach_trials trials;
  reach_rollout ro;
  reach_rollout_ctx ctx;
  reach_rng rng;  // the setup's draws: parameters and trials
  double field;
  const reach_rollout_loads *loads;  // per-trial loads instead of the uniform field
} rollout_fixture;

// The loss weights of the authors' code.
static const reach_loss_config rollout_fixture_code_loss = {.form = REACH_LOSS_CODE,
                                                            .w_position = 1e3,
                                                            .w_jerk = 1e5,
                                                            .w_muscle = 1e-1,
                                                            .w_muscle_deriv = 3e-4,
                                                            .w_hidden = 1e-5,
                                                            .w_hidden_deriv = 1e-3};

// Returns non-zero, having said so, when out of memory.
static inline int rollout_fixture_init(rollout_fixture *f, const reach_task_config *task, int batch,
                                       int units, double field, uint64_t seed) {
  memset(f, 0, sizeof *f);
  reach_arm_model_arm26(&f->arm);
  reach_gru_layout(&f->gru, REACH_OBS, units, REACH_NMUSCLE);
  f->task = *task;
  f->field = field;
  f->ctx = (reach_rollout_ctx){.arm = &f->arm, .gru = &f->gru, .task = &f->task};
  if (reach_rng_init(&f->rng, seed) || reach_trials_init(&f->trials, batch) ||
      reach_rollout_init(&f->ro, batch, task->steps, units)) {
    printf("out of memory\n");
    return -1;
  }
  return 0;
}

static inline void rollout_fixture_free(rollout_fixture *f) {
  reach_rollout_free(&f->ro);
  reach_trials_free(&f->trials);
  reach_rng_free(&f->rng);
}

// A network that moves: output bias −1 (not −5) so the muscles work in their active range, and
// every other block non-zero so each gradient path is exercised.
static inline void rollout_fixture_moving_theta(const reach_gru *g, double *theta, reach_rng *rng) {
  reach_gru_init(g, theta, -1.0, rng);
  for (size_t i = g->offset[REACH_GRU_B_IH]; i < g->offset[REACH_GRU_W_OUT]; i++)
    theta[i] = reach_rng_gauss(rng, 0.3);
  for (size_t i = g->offset[REACH_GRU_H0]; i < g->n_params; i++)
    theta[i] = reach_rng_gauss(rng, 0.3);
}

// The forward pass under the fixture's loads, or its uniform field.
static inline void rollout_fixture_forward(rollout_fixture *f, const double *theta,
                                           reach_rng *noise) {
  if (f->loads)
    reach_rollout_forward_loads(&f->ro, &f->ctx, theta, &f->trials, f->loads, noise);
  else
    reach_rollout_forward(&f->ro, &f->ctx, theta, &f->trials, f->field, noise);
}

#endif
