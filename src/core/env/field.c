// SPDX-License-Identifier: GPL-3.0-or-later
#include "field.h"

#include <math.h>

reach_field reach_field_null(void) {
  return (reach_field){.kind = REACH_FIELD_NULL};
}

reach_field reach_field_curl(double gain) {
  return (reach_field){.kind = REACH_FIELD_CURL, .gain = gain};
}

reach_field reach_field_channel(void) {
  return (reach_field){.kind = REACH_FIELD_CHANNEL,
                       .stiffness = REACH_CHANNEL_STIFFNESS,
                       .damping = REACH_CHANNEL_DAMPING};
}

// Unit normal to the start→target line of arm b (the line's direction rotated by +90°).
static void channel_normal(int batch, int b, const double *start, const double *target,
                           double nrm[2]) {
  double dx = target[b] - start[b], dy = target[batch + b] - start[batch + b];
  double len = hypot(dx, dy);
  if (len <= 0.0) {
    nrm[0] = nrm[1] = 0.0;  // no line, no channel
    return;
  }
  nrm[0] = -dy / len;
  nrm[1] = dx / len;
}

void reach_field_force(const reach_field *f, int batch, const double *xy, const double *vxy,
                       const double *start, const double *target, double *f_end) {
  for (int b = 0; b < batch; b++) {
    double fx = 0.0, fy = 0.0;
    if (f->kind == REACH_FIELD_CURL) {
      fx = f->gain * vxy[batch + b];
      fy = -f->gain * vxy[b];
    } else if (f->kind == REACH_FIELD_CHANNEL) {
      double nrm[2];
      channel_normal(batch, b, start, target, nrm);
      double d = (xy[b] - start[b]) * nrm[0] + (xy[batch + b] - start[batch + b]) * nrm[1];
      double v = vxy[b] * nrm[0] + vxy[batch + b] * nrm[1];
      double mag = -(f->stiffness * d + f->damping * v);
      fx = mag * nrm[0];
      fy = mag * nrm[1];
    }
    f_end[b] = fx;
    f_end[batch + b] = fy;
  }
}

void reach_field_force_vjp(const reach_field *f, int batch, const double *start,
                           const double *target, const double *f_end_bar, double *xy_bar,
                           double *vxy_bar) {
  for (int b = 0; b < batch; b++) {
    double fxb = f_end_bar[b], fyb = f_end_bar[batch + b];
    if (f->kind == REACH_FIELD_CURL) {
      vxy_bar[batch + b] += f->gain * fxb;
      vxy_bar[b] += -f->gain * fyb;
    } else if (f->kind == REACH_FIELD_CHANNEL) {
      double nrm[2];
      channel_normal(batch, b, start, target, nrm);
      double mag_b = fxb * nrm[0] + fyb * nrm[1];
      double d_b = -f->stiffness * mag_b, v_b = -f->damping * mag_b;
      xy_bar[b] += d_b * nrm[0];
      xy_bar[batch + b] += d_b * nrm[1];
      vxy_bar[b] += v_b * nrm[0];
      vxy_bar[batch + b] += v_b * nrm[1];
    }
  }
}
