// SPDX-License-Identifier: GPL-3.0-or-later
// Internal to learn/: the plant's part of a rollout step (rollout_plant.c), which rollout.c
// schedules beside the policy's (the step equations are in rollout.h).
#ifndef REACH_LEARN_ROLLOUT_PLANT_H
#define REACH_LEARN_ROLLOUT_PLANT_H

#include <stdbool.h>

#include "rollout.h"

// Noisy sensory signals of state k: what the delay buffers hold.
void reach_rollout_sense(reach_rollout *r, const reach_rollout_ctx *c, int k, reach_rng *noise);
// Plant step t: action noise, endpoint loads, the arm step to state t + 1, its fingertip and its
// sensory signals.
void reach_rollout_plant_step(reach_rollout *r, const reach_rollout_ctx *c, int t,
                              reach_rng *noise);
// The adjoint of step t's excitations (two buffers, by the parity of t).
double *reach_rollout_u_bar_step(const reach_rollout *r, int t);
// Reverse of plant step t into the adjoint of state t, the excitations' and the load's; plant =
// false drops the arm's adjoint.
void reach_rollout_plant_reverse(reach_rollout *r, const reach_rollout_ctx *c, int t, bool plant);

#endif
