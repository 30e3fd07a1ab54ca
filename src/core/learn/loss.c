// SPDX-License-Identifier: GPL-3.0-or-later
#include "loss.h"

#include <math.h>
#include <string.h>

#include "../base/pool.h"

static inline double sgn(double x) { return (x > 0.0) - (x < 0.0); }

// The hidden terms' weights (see reach_loss_eval).
typedef struct hidden_weights {
  double wh, whd, sd;
} hidden_weights;

static hidden_weights hidden_weights_of(const reach_rollout *r, const reach_loss_config *c,
                                        const reach_task_config *tc) {
  const int T = r->steps, H = r->units, B = r->batch;
  const bool paper = c->form == REACH_LOSS_PAPER;
  const double per_unit = paper ? 1.0 : 1.0 / H;
  return (hidden_weights){
      .wh = c->w_hidden * per_unit / ((double)B * T),
      .whd = T >= 2 ? c->w_hidden_deriv * per_unit / ((double)B * (T - 1)) : 0.0,
      .sd = paper ? 1.0 / tc->dt : 1.0,
  };
}

// The adjoint of both hidden terms for element i of state k (1 ≤ k ≤ T), formed alone by the
// operations (and in the order) of accumulating the terms step by step: the derivative term of
// step k − 1 first, then the state's own, then step k's derivative.
static inline double hidden_adjoint(const double *h, size_t i, size_t HB, int k, int T,
                                    hidden_weights w) {
  double v = 0.0;
  if (k > 1) {
    // (h - HB)[i], not h[i - HB]: i < HB, and an index that wraps below zero is undefined
    // pointer arithmetic (clang's UBSan, the fuzz stage), though it lands on the same element.
    const double d = w.sd * (h[i] - (h - HB)[i]);
    v += 2.0 * w.whd * d * w.sd;
  }
  v += 2.0 * w.wh * h[i];
  if (k < T) {
    const double d = w.sd * (h[HB + i] - h[i]);
    v -= 2.0 * w.whd * d * w.sd;
  }
  return v;
}

// The hidden sums asked for (sum[0]: the hidden term, sum[1]: its derivative term), each over
// steps and elements in order, with the adjoint of the states k in [k0, k1) written alongside
// (the sums are chains of dependent additions, so the adjoint costs little beside them).
static void hidden_sums(reach_rollout *r, hidden_weights w, bool hidden, bool deriv, int k0, int k1,
                        double sum[2]) {
  const int B = r->batch, T = r->steps, H = r->units, cap = r->capacity;
  const size_t HB = (size_t)cap * H, n = (size_t)B * H;
  double s0 = 0.0, s1 = 0.0;
  for (int k = 1; k <= T; k++) {
    const double *h = r->h + k * HB;
    double *hb = r->h_loss_bar + k * HB;
    const bool adjoint = k >= k0 && k < k1, dk = deriv && k < T;
    if (hidden && dk) {
      for (size_t i = 0; i < n; i++) {
        s0 += w.wh * h[i] * h[i];
        const double d = w.sd * (h[HB + i] - h[i]);
        s1 += w.whd * d * d;
        if (adjoint) hb[i] = hidden_adjoint(h, i, HB, k, T, w);
      }
    } else if (dk) {
      for (size_t i = 0; i < n; i++) {
        const double d = w.sd * (h[HB + i] - h[i]);
        s1 += w.whd * d * d;
        if (adjoint) hb[i] = hidden_adjoint(h, i, HB, k, T, w);
      }
    } else if (hidden) {
      for (size_t i = 0; i < n; i++) {
        s0 += w.wh * h[i] * h[i];
        if (adjoint) hb[i] = hidden_adjoint(h, i, HB, k, T, w);
      }
    } else if (adjoint) {
      for (size_t i = 0; i < n; i++) hb[i] = hidden_adjoint(h, i, HB, k, T, w);
    }
    if (adjoint) memset(hb + n, 0, (HB - n) * sizeof *hb);
  }
  sum[0] = s0;
  sum[1] = s1;
}

static void hand_and_muscle_terms(reach_rollout *r, const reach_loss_config *c,
                                  const reach_task_config *tc, reach_loss_terms *terms);

// Each term is one sum in step order, the same on any number of threads; on two the hidden
// derivative term and the later half of the hidden adjoint run beside the rest.
typedef struct loss_region {
  reach_rollout *r;
  const reach_loss_config *c;
  const reach_task_config *tc;
  hidden_weights w;
  reach_loss_terms L;
} loss_region;

static void loss_part(void *arg, int part, int parts) {
  loss_region *a = arg;
  reach_rollout *r = a->r;
  const int T = r->steps, half = 1 + T / 2;
  double sum[2];
  if (part == 0) {
    memset(r->h_loss_bar, 0, (size_t)r->capacity * r->units * sizeof *r->h_loss_bar);
    hand_and_muscle_terms(r, a->c, a->tc, &a->L);
    // One thread: both sums in one pass.
    hidden_sums(r, a->w, true, parts == 1, 1, parts == 1 ? T + 1 : half, sum);
    a->L.hidden = sum[0];
    if (parts == 1) a->L.hidden_deriv = sum[1];
  } else if (part == 1) {
    hidden_sums(r, a->w, false, true, half, T + 1, sum);
    a->L.hidden_deriv = sum[1];
  }
}

double reach_loss_eval(reach_rollout *r, const reach_loss_config *c, const reach_task_config *tc,
                       reach_loss_terms *terms) {
  loss_region region = {.r = r, .c = c, .tc = tc, .w = hidden_weights_of(r, c, tc)};
  reach_pool_run(r->pool, loss_part, &region);
  reach_loss_terms L = region.L;
  L.total = L.position + L.jerk + L.muscle + L.muscle_deriv + L.hidden + L.hidden_deriv;
  if (terms) *terms = L;
  return L.total;
}

// Position, jerk, muscle force and its difference, with their adjoints.
static void hand_and_muscle_terms(reach_rollout *r, const reach_loss_config *c,
                                  const reach_task_config *tc, reach_loss_terms *terms) {
  const int B = r->batch, T = r->steps, cap = r->capacity;
  const size_t S2 = 2 * (size_t)cap, S6 = REACH_NMUSCLE * (size_t)cap;
  const bool paper = c->form == REACH_LOSS_PAPER;
  const double inv_dt = 1.0 / tc->dt;
  memset(r->xy_bar, 0, (size_t)(T + 1) * S2 * sizeof *r->xy_bar);
  memset(r->vxy_bar, 0, (size_t)(T + 1) * S2 * sizeof *r->vxy_bar);
  memset(r->force_bar, 0, (size_t)(T + 1) * S6 * sizeof *r->force_bar);
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
  terms->position = L.position;
  terms->jerk = L.jerk;
  terms->muscle = L.muscle;
  terms->muscle_deriv = L.muscle_deriv;
}
