// SPDX-License-Identifier: GPL-3.0-or-later
#include "feedback_reach.h"

#include <math.h>

reach_feedback_reach reach_feedback_reach_default(void) {
  return (reach_feedback_reach){
      .kp = 150.0, .kd = 15.0, .t_go = 0.1, .t_move = 0.6, .lead = 0.04, .base_u = 0.05};
}

void reach_min_jerk(double t, double t_go, double t_move, const double start[2],
                    const double target[2], double pos[2], double vel[2], double acc[2]) {
  double tau = (t - t_go) / t_move;
  double s = 0.0, ds = 0.0, dds = 0.0;
  if (tau >= 1.0) {
    s = 1.0;
  } else if (tau > 0.0) {
    double t2 = tau * tau, t3 = t2 * tau;
    s = t3 * (10.0 - 15.0 * tau + 6.0 * t2);
    ds = 30.0 * t2 * (1.0 - 2.0 * tau + t2) / t_move;
    dds = 60.0 * tau * (1.0 - 3.0 * tau + 2.0 * t2) / (t_move * t_move);
  }
  for (int i = 0; i < 2; i++) {
    double d = target[i] - start[i];
    if (pos) pos[i] = start[i] + s * d;
    if (vel) vel[i] = ds * d;
    if (acc) acc[i] = dds * d;
  }
}

// Active force per unit excitation at the current fibre length: Fmax·f_L (steady state, no
// velocity effect), so a force demand becomes an excitation.
static double force_gain(const reach_arm_model *m, const reach_arm_state *s, int i, int b) {
  double flce = s->flce[(size_t)i * (size_t)s->batch + (size_t)b];
  return m->fmax[i] * (flce > 0.05 ? flce : 0.05);
}

void reach_feedback_reach_excite(const reach_feedback_reach *c, const reach_arm_model *m,
                                 const reach_arm_state *s, double t, const double *start,
                                 const double *target, double *u) {
  const int n = s->batch;
  // the mono-articular pair of each joint: (flexor, extensor)
  static const int pair[2][2] = {{REACH_PECTORALIS, REACH_DELTOID},
                                 {REACH_BRACHIORADIALIS, REACH_TRICEPS_LAT}};
  for (int b = 0; b < n; b++) {
    double q[2] = {s->q[b], s->q[n + b]}, qd[2] = {s->qd[b], s->qd[n + b]};
    double x[2], v[2], jac[4], r0[REACH_NMUSCLE], r1[REACH_NMUSCLE];
    reach_arm_fingertip(m, q, qd, x, v, jac);
    reach_arm_geometry(m, q, qd, NULL, NULL, r0, r1);
    double st[2] = {start[b], start[n + b]}, tg[2] = {target[b], target[n + b]};
    double xd[2], vd[2], ad[2];
    reach_min_jerk(t, c->t_go, c->t_move, st, tg, xd, vd, NULL);
    reach_min_jerk(t + c->lead, c->t_go, c->t_move, st, tg, NULL, NULL, ad);
    double f[2];
    for (int i = 0; i < 2; i++) f[i] = c->kp * (xd[i] - x[i]) + c->kd * (vd[i] - v[i]);
    // feedforward: q̈_d = J⁻¹(a_d − J̇q̇) along the led path, τ_ff = M q̈_d + C
    double c1 = cos(q[0]), s1 = sin(q[0]), c12 = cos(q[0] + q[1]), s12 = sin(q[0] + q[1]);
    double w = qd[0] + qd[1];
    double jdqd[2] = {-m->l1 * c1 * qd[0] * qd[0] - m->l2 * c12 * w * w,
                      -m->l1 * s1 * qd[0] * qd[0] - m->l2 * s12 * w * w};
    double det = jac[0] * jac[3] - jac[1] * jac[2];
    double acc[2] = {ad[0] - jdqd[0], ad[1] - jdqd[1]}, qdd[2] = {0.0, 0.0};
    if (fabs(det) > 1e-9) {
      qdd[0] = (jac[3] * acc[0] - jac[1] * acc[1]) / det;
      qdd[1] = (-jac[2] * acc[0] + jac[0] * acc[1]) / det;
    }
    double c2 = cos(q[1]), hs = m->h * sin(q[1]);
    double m11 = m->m11_c + m->m11_v * c2, m12 = m->m12_c + m->m12_v * c2;
    double tau[2] = {m11 * qdd[0] + m12 * qdd[1] - hs * (2.0 * qd[0] + qd[1]) * qd[1],
                     m12 * qdd[0] + m->m22 * qdd[1] + hs * qd[0] * qd[0]};
    // plus τ = Jᵀ F of the feedback, minus what the co-contraction already gives
    tau[0] += jac[0] * f[0] + jac[2] * f[1];
    tau[1] += jac[1] * f[0] + jac[3] * f[1];
    double uu[REACH_NMUSCLE];
    for (int i = 0; i < REACH_NMUSCLE; i++) {
      uu[i] = c->base_u;
      double fb = c->base_u * force_gain(m, s, i, b);
      tau[0] += fb * r0[i];  // muscle torque is −f·R, so remove it by adding f·R
      tau[1] += fb * r1[i];
    }
    const double *arms[2] = {r0, r1};
    for (int j = 0; j < 2; j++) {
      int k = tau[j] > 0.0 ? pair[j][0] : pair[j][1];  // the muscle whose −R has tau's sign
      double rk = fabs(arms[j][k]);
      if (rk > 1e-6) uu[k] += fabs(tau[j]) / rk / force_gain(m, s, k, b);
    }
    for (int i = 0; i < REACH_NMUSCLE; i++) {
      double e = uu[i];
      u[(size_t)i * (size_t)n + (size_t)b] = e < 0.0 ? 0.0 : (e > 1.0 ? 1.0 : e);
    }
  }
}
