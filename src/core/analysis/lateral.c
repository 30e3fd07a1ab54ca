// SPDX-License-Identifier: GPL-3.0-or-later
#include "lateral.h"

#include <math.h>
#include <stddef.h>

double reach_lateral_distance(const double x1[2], const double x2[2], const double p[2]) {
  const double dx = x2[0] - x1[0], dy = x2[1] - x1[1];
  const double len = hypot(dx, dy);
  if (len == 0.0) return 0.0;
  return ((p[0] - x1[0]) * dy - (p[1] - x1[1]) * dx) / len;
}

double reach_path_lateral_deviation(const double *xy, int n, int stride, const double x1[2],
                                    const double x2[2]) {
  double worst = 0.0;
  for (int k = 0; k < n; k++) {
    const double d = reach_lateral_distance(x1, x2, xy + (size_t)k * (size_t)stride);
    if (fabs(d) > fabs(worst)) worst = d;
  }
  return worst;
}
