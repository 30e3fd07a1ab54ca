// SPDX-License-Identifier: GPL-3.0-or-later
// Trial batches of the savings study (savings-paper-spec §1.4, §1.6, §1.7): random reaches for
// growing up, centre-out training batches with catch trials, and the fixed evaluation reaches.
// A batch says where each arm starts, where its target is and when its go cue comes; the
// rollout turns that into observations, desired positions and field onset.
#ifndef REACH_TRIALS_H
#define REACH_TRIALS_H

#include <stdbool.h>

#include "../base/rng.h"
#include "config.h"
#include "../plant/arm.h"

typedef struct reach_trials {
  int batch;
  double *q0;      // [2][B] start joint angles (arm layout)
  double *start;   // [B][2] fingertip at q0 (m)
  double *target;  // [B][2] (m)
  double *go;      // [B] programmed go time (s); catch trials: the trial length
  int *go_step;    // [B] first step whose observation carries go = 1 (> steps: never)
  bool *is_catch;  // [B]
  double *block;
} reach_trials;

int reach_trials_init(reach_trials *t, int batch);
void reach_trials_free(reach_trials *t);

// Growing up: start and target joint states each uniform over the joint ranges, go ~
// U(go_lo, go_hi), round(catch_fraction·B) catch trials at random positions.
void reach_trials_random(reach_trials *t, const reach_arm_model *m, const reach_task_config *c,
                         reach_rng *rng);
// Phase training batch: the n_targets centre-out targets, each `repeats` times, from the home
// posture; n_catch of them (chosen at random) are catch trials; go ~ U(go_lo, go_hi).
void reach_trials_centre_out(reach_trials *t, const reach_arm_model *m, const reach_task_config *c,
                             int repeats, int n_catch, reach_rng *rng);
// Evaluation: the n_targets centre-out reaches, go at eval_go, no catch (t->batch = n_targets).
void reach_trials_eval(reach_trials *t, const reach_arm_model *m, const reach_task_config *c);

// The step at which a go time becomes visible: the first t with t·dt > go + vision_delay
// (the code's `elapsed > go_time + 0.07`). The field switches on and the desired position moves
// to the target at the same step.
int reach_go_step(const reach_task_config *c, double go);

// The centre-out targets: target[2b], target[2b+1] for b < batch, `distance` m from home at
// 2π·(b mod n_targets)/n_targets, anticlockwise from +x.
void reach_task_targets(const double home[2], double distance, int n_targets, int batch,
                        double *target);

// Home posture in radians and the fingertip there.
void reach_task_home(const reach_arm_model *m, const reach_task_config *c, double q[2],
                     double xy[2]);

#endif
