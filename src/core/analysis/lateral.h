// SPDX-License-Identifier: GPL-3.0-or-later
// Lateral deviation of a reach (savings-paper-spec §1.8): the perpendicular distance of the hand
// from the start→target line, signed by the 2-D cross product (p − X1) × (X2 − X1), so a hand to
// the right of the movement direction (clockwise) is positive. The one definition of the sign:
// the rollout, the tool channel measures, the centre-out study, the CLI and the app use it.
#ifndef REACH_LATERAL_H
#define REACH_LATERAL_H

double reach_lateral_distance(const double x1[2], const double x2[2], const double p[2]);

// The lateral deviation of a path: of the n points xy + k·stride (each x, y), the signed
// distance of largest magnitude from the line x1→x2 (0 when x1 = x2).
double reach_path_lateral_deviation(const double *xy, int n, int stride, const double x1[2],
                                    const double x2[2]);

#endif
