// SPDX-License-Identifier: GPL-3.0-or-later
#include "channel.h"

#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>

#include "lateral.h"

double reach_mpe(const double *xy, int n, const double start[2], const double target[2]) {
  double best = 0.0;
  for (int k = 0; k < n; k++) {
    double d = reach_lateral_distance(start, target, xy + 2 * k);
    if (fabs(d) > fabs(best)) best = d;
  }
  return best;
}

reach_status reach_channel_adaptation(const double *vel, const double *f_chan, int n,
                                      const double start[2], const double target[2], double gain,
                                      double speed_min, reach_adaptation *out, reach_error *err) {
  const double dx = target[0] - start[0], dy = target[1] - start[1], len = hypot(dx, dy);
  if (!(len > 0.0))
    return reach_error_set(err, REACH_ERR_RANGE, "channel adaptation: start and target coincide");
  if (!(gain != 0.0) || !isfinite(gain))
    return reach_error_set(err, REACH_ERR_RANGE,
                           "channel adaptation: the reference field's gain must be finite and "
                           "non-zero (got %g N s/m)",
                           gain);
  const double nrm[2] = {-dy / len, dx / len};  // across the line (any fixed orientation will do:
                                                // both forces are projected on it)
  double *x = malloc(2 * (size_t)(n > 0 ? n : 1) * sizeof *x);
  if (!x) return reach_error_set(err, REACH_ERR_NOMEM, "channel adaptation: out of memory");
  double *y = x + (n > 0 ? n : 1);
  int m = 0;
  for (int k = 0; k < n; k++) {
    const double *v = vel + 2 * k, *f = f_chan + 2 * k;
    if (!(hypot(v[0], v[1]) > speed_min)) continue;
    x[m] = gain * (v[1] * nrm[0] - v[0] * nrm[1]);  // equation 1, across the line
    y[m] = f[0] * nrm[0] + f[1] * nrm[1];
    m++;
  }
  if (m < 2) {
    free(x);
    return reach_error_set(err, REACH_ERR_RANGE,
                           "channel adaptation: %d of %d samples faster than %.3g m/s (need 2)", m,
                           n, speed_min);
  }
  double slope, cov, sumsq;
  gsl_fit_mul(x, 1, y, 1, (size_t)m, &slope, &cov, &sumsq);
  free(x);
  if (!isfinite(slope))
    return reach_error_set(err, REACH_ERR_NUMERIC,
                           "channel adaptation: the ideal force is zero on every sample");
  *out = (reach_adaptation){
      .slope = slope, .percent = 100.0 * slope, .slope_se = sqrt(cov), .samples = m};
  return REACH_OK;
}
