// SPDX-License-Identifier: GPL-3.0-or-later
#include "loss.h"

#include <math.h>
#include <string.h>

static inline double sgn(double x) { return (x > 0.0) - (x < 0.0); }

double reach_loss_eval(reach_rollout *r, const reach_loss_config *c, const reach_task_config *tc,
                       reach_loss_terms *terms) {
  const int B = r->batch, T = r->steps, H = r->units, cap = r->capacity;
  const size_t S2 = 2 * (size_t)cap, S6 = REACH_NMUSCLE * (size_t)cap, HB = (size_t)cap * H;
  const bool paper = c->form == REACH_LOSS_PAPER;
  const double inv_dt = 1.0 / tc->dt;
  memset(r->xy_bar, 0, (size_t)(T + 1) * S2 * sizeof *r->xy_bar);
  memset(r->vxy_bar, 0, (size_t)(T + 1) * S2 * sizeof *r->vxy_bar);
  memset(r->force_bar, 0, (size_t)(T + 1) * S6 * sizeof *r->force_bar);
  memset(r->h_loss_bar, 0, (size_t)(T + 1) * HB * sizeof *r->h_loss_bar);
  reach_loss_terms L = {0};
  const reach_trials *tr = r->trials;

  // position
  const double wp = c->w_position / ((double)B * T);
  // The cursor (the hand, or its rotation about the start) against the goal.
  for (int k = 1; k <= T; k++)
    for (int b = 0; b < B; b++) {
      const double *goal = k >= tr->go_step[b] ? tr->target + 2 * b : tr->start + 2 * b;
      const double hand[2] = {r->xy[k * S2 + b], r->xy[k * S2 + (size_t)cap + b]};
      double cur[2], cbar[2], hbar[2];
      reach_rollout_cursor(r, b, hand, cur);
      for (int j = 0; j < 2; j++) {
        double e = cur[j] - goal[j];
        L.position += wp * fabs(e);
        cbar[j] = wp * sgn(e);
      }
      reach_rollout_cursor_vjp(r, cbar, hbar);
      r->xy_bar[k * S2 + b] = hbar[0];
      r->xy_bar[k * S2 + (size_t)cap + b] = hbar[1];
    }
  // jerk: a = v_k − 2 v_{k+1} + v_{k+2} over k = 1 … T−2
  if (T >= 3) {
    const double s = paper ? inv_dt * inv_dt : 1.0;
    const double wj = c->w_jerk / ((double)B * (T - 2));
    for (int k = 1; k <= T - 2; k++)
      for (int j = 0; j < 2; j++)
        for (int b = 0; b < B; b++) {
          size_t i = (size_t)j * cap + b;
          double a =
              s * (r->vxy[k * S2 + i] - 2.0 * r->vxy[(k + 1) * S2 + i] + r->vxy[(k + 2) * S2 + i]);
          L.jerk += wj * a * a;
          double d = 2.0 * wj * a * s;
          r->vxy_bar[k * S2 + i] += d;
          r->vxy_bar[(k + 1) * S2 + i] -= 2.0 * d;
          r->vxy_bar[(k + 2) * S2 + i] += d;
        }
  }
  // muscle force and its difference
  const double wm = c->w_muscle / ((double)B * T);
  const double wmd = T >= 2 ? c->w_muscle_deriv / ((double)B * (T - 1)) : 0.0;
  const double sd = paper ? inv_dt : 1.0;
  for (int k = 1; k <= T; k++) {
    const double *f = r->arm[k].force;
    double *fb = r->force_bar + k * S6;
    for (int m = 0; m < REACH_NMUSCLE; m++)
      for (int b = 0; b < B; b++) {
        size_t i = (size_t)m * cap + b;
        if (paper) {
          L.muscle += wm * f[i] * f[i];
          fb[i] += 2.0 * wm * f[i];
        } else {
          L.muscle += wm * f[i];
          fb[i] += wm;
        }
        if (k < T) {
          double d = sd * (r->arm[k + 1].force[i] - f[i]);
          L.muscle_deriv += wmd * d * d;
          fb[i] -= 2.0 * wmd * d * sd;
          r->force_bar[(k + 1) * S6 + i] += 2.0 * wmd * d * sd;
        }
      }
  }
  // hidden state and its difference
  const double per_unit = paper ? 1.0 : 1.0 / H;
  const double wh = c->w_hidden * per_unit / ((double)B * T);
  const double whd = T >= 2 ? c->w_hidden_deriv * per_unit / ((double)B * (T - 1)) : 0.0;
  for (int k = 1; k <= T; k++) {
    const double *h = r->h + k * HB;
    double *hb = r->h_loss_bar + k * HB;
    for (size_t i = 0; i < (size_t)B * H; i++) {
      L.hidden += wh * h[i] * h[i];
      hb[i] += 2.0 * wh * h[i];
      if (k < T) {
        double d = sd * (h[HB + i] - h[i]);
        L.hidden_deriv += whd * d * d;
        hb[i] -= 2.0 * whd * d * sd;
        r->h_loss_bar[(k + 1) * HB + i] += 2.0 * whd * d * sd;
      }
    }
  }
  L.total = L.position + L.jerk + L.muscle + L.muscle_deriv + L.hidden + L.hidden_deriv;
  if (terms) *terms = L;
  return L.total;
}
