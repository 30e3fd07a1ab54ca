// SPDX-License-Identifier: GPL-3.0-or-later
// The measures of Heald et al. 2018 (sssm-coin-spec §3.5) on simulated reaches: maximum
// perpendicular error (MPE) on field and null trials, and on channel trials the adaptation, i.e.
// the channel force regressed on the ideal compensatory force through the origin.
//
// Sign conventions. A hand to the right of its movement direction has positive lateral distance
// (as reach_lateral_distance; a clockwise field pushes it there). The channel force is the force
// the channel exerts on the hand; the ideal force is the field's own force at the same velocity
// (equation 1, F = g·(ẏ, −ẋ)). An arm that fully compensates the field pushes −F into the wall,
// and the wall answers +F, so the slope is +1: adaptation 100 %. Choosing g as the field of the
// cued side adjusts the sign per field direction, as the paper did per participant.
#ifndef REACH_CHANNEL_H
#define REACH_CHANNEL_H

#include "../base/error.h"

// §3.5 [unverified: a lost "2" would make it 12 or 21 cm/s]: only samples where the hand's speed
// exceeds 1 cm/s enter the regression.
#define REACH_ADAPT_SPEED_MIN 0.01

// The signed perpendicular distance (m) of greatest magnitude from the start→target line over the
// n points of a path xy [n][2]; 0 for an empty path or a degenerate line.
double reach_mpe(const double *xy, int n, const double start[2], const double target[2]);

typedef struct reach_adaptation {
  double slope;     // channel force = slope × ideal force, least squares through the origin
  double percent;   // 100 × slope
  double slope_se;  // its standard error (GSL's, from the residual variance)
  int samples;      // samples above the speed threshold
} reach_adaptation;

// Adaptation of one channel trial. vel [n][2] hand velocity (m/s) and f_chan [n][2] the channel's
// force on the hand (N) at the same n samples; start, target: the channel's line; gain: the curl
// gain (N·s/m, + = clockwise) of the field the trial is measured against; speed_min (m/s),
// normally REACH_ADAPT_SPEED_MIN. Only the components across the line enter. Fails
// (REACH_ERR_RANGE) with fewer than two samples above the threshold, a zero gain or a degenerate
// line.
reach_status reach_channel_adaptation(const double *vel, const double *f_chan, int n,
                                      const double start[2], const double target[2], double gain,
                                      double speed_min, reach_adaptation *out, reach_error *err);

#endif
