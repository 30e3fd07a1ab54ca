// SPDX-License-Identifier: GPL-3.0-or-later
// Environment forces at the fingertip: null field, velocity-dependent curl field, force channel.
// Each maps the state of B arms to the Cartesian load [2][B] that reach_arm_step applies over the
// next step, and has an adjoint so a network can learn through the environment as well as
// through the arm.
#ifndef REACH_FIELD_H
#define REACH_FIELD_H

#include "../plant/arm.h"

typedef enum reach_field_kind {
  REACH_FIELD_NULL = 0,
  REACH_FIELD_CURL,     // F = b·(ẏ, −ẋ); b > 0 is clockwise (the savings study's convention)
  REACH_FIELD_CHANNEL,  // spring-damper perpendicular to the start→target line
} reach_field_kind;

// Heald et al. 2018 (sssm-coin-spec §3.1): channel spring 6000 N/m; damping 5 N·s/m is
// [unverified] there (the OCR could hide a digit: 25 or 52).
#define REACH_CHANNEL_STIFFNESS 6000.0
#define REACH_CHANNEL_DAMPING   5.0

typedef struct reach_field {
  reach_field_kind kind;
  double gain;       // curl gain b (N·s/m)
  double stiffness;  // channel spring (N/m)
  double damping;    // channel damper (N·s/m)
} reach_field;

reach_field reach_field_null(void);
reach_field reach_field_curl(double gain);
reach_field reach_field_channel(void);

// f_end [2][B]: the total load on the B arms of s over the next step, the field's force plus
// f_other ([2][B], nullable: other endpoint loads of the same step, such as a test's push or a
// learner's compensation). start and target ([2][B]) define the channel's line and are read only
// by REACH_FIELD_CHANNEL (nullable otherwise).
//
// The channel is integrated implicitly. A 6000 N/m spring on a hand of about 1.5 kg has
// ω·dt ≈ 0.6 at MotorNet's dt = 10 ms, where the explicit spring-damper is unstable unless the
// damper exceeds K·dt = 60 N·s/m (a real manipulandum runs at 1 kHz). So the channel force f is
// the one that makes the spring and damper act on the hand's velocity *after* the step:
//   f = −K (d + dt·v′) − B v′,   v′ = v + dt (a_free + w f),
// with d, v the distance and velocity across the line, a_free the hand's acceleration under the
// muscles and f_other, and w its mobility across the line (reach_arm_hand_dynamics). Solved for f,
// this is stable for any K ≥ 0, B > 0, and equals the explicit law as dt → 0.
void reach_field_load(const reach_field *f, const reach_arm_model *m, const reach_arm_state *s,
                      const double *start, const double *target, const double *f_other,
                      double *f_end);

// Adjoint: adds to bar (q, qd and, for the channel, force) the pull-back of f_end_bar [2][B], and
// writes f_other_bar [2][B] (nullable) if f_other was given.
void reach_field_load_vjp(const reach_field *f, const reach_arm_model *m, const reach_arm_state *s,
                          const double *start, const double *target, const double *f_other,
                          const double *f_end_bar, reach_arm_adjoint *bar, double *f_other_bar);

#endif
