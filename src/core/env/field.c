// SPDX-License-Identifier: GPL-3.0-or-later
#include "field.h"

#include <math.h>

reach_field reach_field_null(void) { return (reach_field){.kind = REACH_FIELD_NULL}; }

reach_field reach_field_curl(double gain) {
  return (reach_field){.kind = REACH_FIELD_CURL, .gain = gain};
}

reach_field reach_field_channel(void) {
  return (reach_field){.kind = REACH_FIELD_CHANNEL,
                       .stiffness = REACH_CHANNEL_STIFFNESS,
                       .damping = REACH_CHANNEL_DAMPING};
}

// Unit normal to the start→target line of arm b (the line's direction turned by +90°); zero when
// start and target coincide (no line, no channel).
static void channel_normal(int batch, int b, const double *start, const double *target,
                           double nrm[2]) {
  double dx = target[b] - start[b], dy = target[batch + b] - start[batch + b];
  double len = hypot(dx, dy);
  if (len <= 0.0) {
    nrm[0] = nrm[1] = 0.0;
    return;
  }
  nrm[0] = -dy / len;
  nrm[1] = dx / len;
}

// The implicit channel of arm b, and what its adjoint needs.
typedef struct channel_eval {
  double nrm[2], d, vn, an, w, pn, num, den, f;
} channel_eval;

static void channel_force(const reach_field *f, const reach_arm_model *m, const reach_arm_state *s,
                          int b, const double *start, const double *target, const double *f_other,
                          channel_eval *e) {
  const int n = s->batch;
  double q[2] = {s->q[b], s->q[n + b]}, qd[2] = {s->qd[b], s->qd[n + b]}, x[2], v[2];
  reach_arm_fingertip(m, q, qd, x, v, NULL);
  channel_normal(n, b, start, target, e->nrm);
  double acc[2], mob[4];
  reach_arm_hand_dynamics(m, s, b, acc, mob);
  const double *nr = e->nrm;
  e->d = (x[0] - start[b]) * nr[0] + (x[1] - start[n + b]) * nr[1];
  e->vn = v[0] * nr[0] + v[1] * nr[1];
  e->an = acc[0] * nr[0] + acc[1] * nr[1];
  e->w = nr[0] * (mob[0] * nr[0] + mob[1] * nr[1]) + nr[1] * (mob[2] * nr[0] + mob[3] * nr[1]);
  // other loads act across the line through the same mobility
  e->pn = f_other ? f_other[b] * nr[0] + f_other[n + b] * nr[1] : 0.0;
  double c = f->stiffness * m->dt + f->damping;
  e->num = f->stiffness * e->d + c * (e->vn + m->dt * (e->an + e->w * e->pn));
  e->den = 1.0 + c * m->dt * e->w;
  e->f = -e->num / e->den;
}

void reach_field_load(const reach_field *f, const reach_arm_model *m, const reach_arm_state *s,
                      const double *start, const double *target, const double *f_other,
                      double *f_end) {
  const int n = s->batch;
  for (int b = 0; b < n; b++) {
    double fx = 0.0, fy = 0.0;
    if (f->kind == REACH_FIELD_CURL) {
      double q[2] = {s->q[b], s->q[n + b]}, qd[2] = {s->qd[b], s->qd[n + b]}, v[2];
      reach_arm_fingertip(m, q, qd, NULL, v, NULL);
      fx = f->gain * v[1];
      fy = -f->gain * v[0];
    } else if (f->kind == REACH_FIELD_CHANNEL) {
      channel_eval e;
      channel_force(f, m, s, b, start, target, f_other, &e);
      fx = e.f * e.nrm[0];
      fy = e.f * e.nrm[1];
    }
    f_end[b] = fx + (f_other ? f_other[b] : 0.0);
    f_end[n + b] = fy + (f_other ? f_other[n + b] : 0.0);
  }
}

void reach_field_load_vjp(const reach_field *f, const reach_arm_model *m, const reach_arm_state *s,
                          const double *start, const double *target, const double *f_other,
                          const double *f_end_bar, reach_arm_adjoint *bar, double *f_other_bar) {
  const int n = s->batch;
  for (int b = 0; b < n; b++) {
    double fxb = f_end_bar[b], fyb = f_end_bar[n + b];
    if (f_other_bar) {  // the total load passes f_other through
      f_other_bar[b] = fxb;
      f_other_bar[n + b] = fyb;
    }
    if (f->kind == REACH_FIELD_NULL) continue;
    double xb[2] = {0.0, 0.0}, vb[2] = {0.0, 0.0};
    if (f->kind == REACH_FIELD_CURL) {
      vb[1] = f->gain * fxb;
      vb[0] = -f->gain * fyb;
    } else {
      channel_eval e;
      channel_force(f, m, s, b, start, target, f_other, &e);
      const double *nr = e.nrm;
      double f_b = fxb * nr[0] + fyb * nr[1];
      // f = −num/den, num = K d + c (v_n + dt (a_n + w p_n)), den = 1 + c dt w
      double num_b = -f_b / e.den, den_b = -f_b * e.f / e.den;
      double c = f->stiffness * m->dt + f->damping;
      double d_b = f->stiffness * num_b, vn_b = c * num_b, an_b = c * m->dt * num_b;
      double w_b = c * m->dt * den_b + an_b * e.pn;
      if (f_other_bar) {
        double pn_b = an_b * e.w;
        f_other_bar[b] += pn_b * nr[0];
        f_other_bar[n + b] += pn_b * nr[1];
      }
      xb[0] = d_b * nr[0];
      xb[1] = d_b * nr[1];
      vb[0] = vn_b * nr[0];
      vb[1] = vn_b * nr[1];
      double acc_b[2] = {an_b * nr[0], an_b * nr[1]};
      double mob_b[4] = {w_b * nr[0] * nr[0], w_b * nr[0] * nr[1], w_b * nr[1] * nr[0],
                         w_b * nr[1] * nr[1]};
      reach_arm_hand_dynamics_vjp(m, s, b, acc_b, mob_b, bar);
    }
    // fingertip position and velocity of this arm back to q, q̇
    double q[2] = {s->q[b], s->q[n + b]}, qd[2] = {s->qd[b], s->qd[n + b]};
    double qb[2] = {0.0, 0.0}, qdb[2] = {0.0, 0.0};
    reach_arm_fingertip_vjp1(m, q, qd, xb, vb, qb, qdb);
    bar->q[b] += qb[0];
    bar->q[n + b] += qb[1];
    bar->qd[b] += qdb[0];
    bar->qd[n + b] += qdb[1];
  }
}
