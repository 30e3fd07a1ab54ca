// SPDX-License-Identifier: GPL-3.0-or-later
// The fixed feedback controller (task/feedback_reach.h) reaching from one posture to evenly
// spaced centre-out targets in a curl field: the CLI's `arm demo` and the app's controller
// backend both run this, so their paths and lateral deviations are the same numbers.
#ifndef REACH_CENTRE_OUT_H
#define REACH_CENTRE_OUT_H

#include "../base/error.h"
#include "../base/rng.h"
#include "../plant/arm.h"
#include "../task/feedback_reach.h"

typedef struct reach_centre_out {
  int targets, steps;
  double dt;        // s, the arm's step
  double q0[2];     // rad, start posture of every reach
  double start[2];  // m, hand at q0
  double *target;   // [targets][2] m
  double *xy;       // [steps+1][targets][2] hand (state 0 = start)
  double *q;        // [steps+1][targets][2] joint angles
  double *act;      // [steps+1][targets][6] muscle activations
  double *ld;       // [targets] lateral deviation over the path (m, + = clockwise: lateral.h)
  double *block;
  double *scratch;  // controller arrays, [2][targets] layout
  reach_arm_state s;
} reach_centre_out;

// Sizes r for `targets` reaches of `steps` steps from posture q0 (rad) to targets `distance` m
// from the hand there (reach_task_targets).
reach_status reach_centre_out_init(reach_centre_out *r, const reach_arm_model *m,
                                   const double q0[2], int targets, double distance, int steps,
                                   reach_error *err);
void reach_centre_out_free(reach_centre_out *r);

// The reaches with controller c in a curl field of gain `field` (N·s/m, + = clockwise), each
// excitation perturbed by N(0, noise²) drawn from rng (NULL when noise is 0). Fills xy, q, act
// and ld; REACH_ERR_NUMERIC if a state became NaN.
reach_status reach_centre_out_run(reach_centre_out *r, const reach_arm_model *m,
                                  const reach_feedback_reach *c, double field, double noise,
                                  reach_rng *rng, reach_error *err);

#endif
