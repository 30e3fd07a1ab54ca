// SPDX-License-Identifier: GPL-3.0-or-later
// Environment forces at the fingertip: null field, velocity-dependent curl field, force channel.
// Each maps the fingertip state of B arms to a Cartesian load [2][B] for reach_arm_step, and has an
// adjoint so a network can learn through the field as well as through the arm.
#ifndef REACH_FIELD_H
#define REACH_FIELD_H

typedef enum reach_field_kind {
  REACH_FIELD_NULL = 0,
  REACH_FIELD_CURL,     // F = b·(ẏ, −ẋ); b > 0 is clockwise (the savings study's convention)
  REACH_FIELD_CHANNEL,  // spring-damper perpendicular to the start→target line
} reach_field_kind;

// Heald et al. 2018 (sssm-coin-spec §3): channel spring 6000 N/m; damping 5 N·s/m is
// [unverified] in the spec (the OCR could hide a digit).
#define REACH_CHANNEL_STIFFNESS 6000.0
#define REACH_CHANNEL_DAMPING 5.0

typedef struct reach_field {
  reach_field_kind kind;
  double gain;       // curl gain b (N·s/m)
  double stiffness;  // channel spring (N/m)
  double damping;    // channel damper (N·s/m)
} reach_field;

reach_field reach_field_null(void);
reach_field reach_field_curl(double gain);
reach_field reach_field_channel(void);

// f_end[2][B] = field force on B arms with fingertip xy, vxy ([2][B]). start and target ([2][B])
// define the channel line and are only read by REACH_FIELD_CHANNEL (nullable otherwise).
void reach_field_force(const reach_field *f, int batch, const double *xy, const double *vxy,
                       const double *start, const double *target, double *f_end);

// Adjoint: adds to xy_bar and vxy_bar ([2][B]) the pull-back of f_end_bar.
void reach_field_force_vjp(const reach_field *f, int batch, const double *start,
                           const double *target, const double *f_end_bar, double *xy_bar,
                           double *vxy_bar);

#endif
