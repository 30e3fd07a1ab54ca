// SPDX-License-Identifier: GPL-3.0-or-later
// Lateral deviation of a reach (savings-paper-spec §1.8): the perpendicular distance of the hand
// from the start→target line, signed by the 2-D cross product (p − X1) × (X2 − X1), so a hand to
// the right of the movement direction (clockwise) is positive.
#ifndef REACH_LATERAL_H
#define REACH_LATERAL_H

double reach_lateral_distance(const double x1[2], const double x2[2], const double p[2]);

#endif
