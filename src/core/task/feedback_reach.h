// SPDX-License-Identifier: GPL-3.0-or-later
// A fixed, hand-built controller for arm26: inverse-dynamics feedforward of a minimum-jerk path
// (evaluated `lead` seconds ahead, since muscle force lags excitation) plus task-space PD
// feedback, with the joint torque shared out to the mono-articular muscles on top of a little
// co-contraction. It does not learn and knows nothing of force fields, which is the point of the
// demo: a curl field bows its paths. It is a teaching and testing aid, not a model of the
// nervous system (the GRU policy of the savings study is).
#ifndef REACH_FEEDBACK_REACH_H
#define REACH_FEEDBACK_REACH_H

#include "../plant/arm.h"

typedef struct reach_feedback_reach {
  double kp;      // task-space stiffness (N/m)
  double kd;      // task-space damping (N·s/m)
  double t_go;    // movement onset (s)
  double t_move;  // movement duration (s)
  double lead;    // how far ahead the feedforward looks, to cover activation and force lag (s)
  double base_u;  // co-contraction excitation of every muscle
} reach_feedback_reach;

reach_feedback_reach reach_feedback_reach_default(void);

// Minimum-jerk position, velocity and acceleration (nullable) at time t along start→target, onset
// t_go, duration t_move.
void reach_min_jerk(double t, double t_go, double t_move, const double start[2],
                    const double target[2], double pos[2], double vel[2], double acc[2]);

// Excitations u [6][B] at time t for B arms reaching start→target ([2][B] each).
void reach_feedback_reach_excite(const reach_feedback_reach *c, const reach_arm_model *m,
                                 const reach_arm_state *s, double t, const double *start,
                                 const double *target, double *u);

#endif
