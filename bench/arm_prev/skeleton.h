// SPDX-License-Identifier: GPL-3.0-or-later
// Two-joint planar skeleton (spec §1.3): M(q) q̈ = τ + Jᵀ F_end − C(q, q̇), solved with the explicit
// 2×2 inverse, and its adjoint. Inline kernels shared by arm.c and arm_adjoint.c.
#ifndef REACH_BENCH_PREV_SKELETON_H
#define REACH_BENCH_PREV_SKELETON_H

#include <math.h>

#include "plant/arm.h"

typedef struct reach_trig {
  double s1, c1, s2, c2, s12, c12;
} reach_trig;

// Two sin/cos pairs and the angle-sum identities instead of three pairs: the trigonometry is a
// third of a step's cost, and the identities differ from sin(q1+q2) by an ulp or two.
static inline void reach_trig_eval(reach_trig *t, const double q[2]) {
  t->s1 = sin(q[0]);
  t->c1 = cos(q[0]);
  t->s2 = sin(q[1]);
  t->c2 = cos(q[1]);
  t->s12 = t->s1 * t->c2 + t->c1 * t->s2;
  t->c12 = t->c1 * t->c2 - t->s1 * t->s2;
}

static inline void reach_skeleton_accel(const reach_arm_model *m, const reach_trig *t,
                                        const double qd[2], const double tau[2], const double fe[2],
                                        double qdd[2]) {
  double m11 = m->m11_c + m->m11_v * t->c2;
  double m12 = m->m12_c + m->m12_v * t->c2;
  double m22 = m->m22;
  double hs = m->h * t->s2;
  double cor0 = -hs * (2.0 * qd[0] + qd[1]) * qd[1];
  double cor1 = hs * qd[0] * qd[0];
  double j00 = -m->l1 * t->s1 - m->l2 * t->s12, j01 = -m->l2 * t->s12;
  double j10 = m->l1 * t->c1 + m->l2 * t->c12, j11 = m->l2 * t->c12;
  double r0 = tau[0] + (j00 * fe[0] + j10 * fe[1]) - cor0;
  double r1 = tau[1] + (j01 * fe[0] + j11 * fe[1]) - cor1;
  double det = m11 * m22 - m12 * m12;
  qdd[0] = (m22 * r0 - m12 * r1) / det;
  qdd[1] = (-m12 * r0 + m11 * r1) / det;
}

// Adjoint of reach_skeleton_accel: given qdd_bar, adds the pull-back to q_bar, qd_bar, tau_bar and
// fe_bar (all [2]).
static inline void reach_skeleton_accel_vjp(const reach_arm_model *m, const reach_trig *t,
                                            const double qd[2], const double tau[2],
                                            const double fe[2], const double qdd_bar[2],
                                            double q_bar[2], double qd_bar[2], double tau_bar[2],
                                            double fe_bar[2]) {
  double m11 = m->m11_c + m->m11_v * t->c2;
  double m12 = m->m12_c + m->m12_v * t->c2;
  double m22 = m->m22;
  double det = m11 * m22 - m12 * m12;
  double hs = m->h * t->s2, hc = m->h * t->c2;
  double cor0 = -hs * (2.0 * qd[0] + qd[1]) * qd[1];
  double cor1 = hs * qd[0] * qd[0];
  double j00 = -m->l1 * t->s1 - m->l2 * t->s12, j01 = -m->l2 * t->s12;
  double j10 = m->l1 * t->c1 + m->l2 * t->c12, j11 = m->l2 * t->c12;
  double r0 = tau[0] + (j00 * fe[0] + j10 * fe[1]) - cor0;
  double r1 = tau[1] + (j01 * fe[0] + j11 * fe[1]) - cor1;
  double qdd0 = (m22 * r0 - m12 * r1) / det;
  double qdd1 = (-m12 * r0 + m11 * r1) / det;

  // q̈ = M⁻¹ r: r̄ = M⁻ᵀ q̈̄ (M symmetric), M̄ = −r̄ q̈ᵀ
  double rb0 = (m22 * qdd_bar[0] - m12 * qdd_bar[1]) / det;
  double rb1 = (-m12 * qdd_bar[0] + m11 * qdd_bar[1]) / det;
  double mb11 = -rb0 * qdd0;
  double mb12 = -(rb0 * qdd1 + rb1 * qdd0);  // M12 and M21 are one variable
  // M11 = m11_c + m11_v cos q2, M12 = m12_c + m12_v cos q2
  q_bar[1] += -(mb11 * m->m11_v + mb12 * m->m12_v) * t->s2;

  tau_bar[0] += rb0;
  tau_bar[1] += rb1;

  // Jᵀ F_end
  fe_bar[0] += j00 * rb0 + j01 * rb1;
  fe_bar[1] += j10 * rb0 + j11 * rb1;
  double dj00_1 = -m->l1 * t->c1 - m->l2 * t->c12, dj00_2 = -m->l2 * t->c12;
  double dj01 = -m->l2 * t->c12;  // same for q1 and q2
  double dj10_1 = -m->l1 * t->s1 - m->l2 * t->s12, dj10_2 = -m->l2 * t->s12;
  double dj11 = -m->l2 * t->s12;
  q_bar[0] += rb0 * (dj00_1 * fe[0] + dj10_1 * fe[1]) + rb1 * (dj01 * fe[0] + dj11 * fe[1]);
  q_bar[1] += rb0 * (dj00_2 * fe[0] + dj10_2 * fe[1]) + rb1 * (dj01 * fe[0] + dj11 * fe[1]);

  // −C(q, q̇)
  double cb0 = -rb0, cb1 = -rb1;
  q_bar[1] += cb0 * (-hc * (2.0 * qd[0] + qd[1]) * qd[1]) + cb1 * (hc * qd[0] * qd[0]);
  qd_bar[0] += cb0 * (-2.0 * hs * qd[1]) + cb1 * (2.0 * hs * qd[0]);
  qd_bar[1] += cb0 * (-hs * (2.0 * qd[0] + 2.0 * qd[1]));
}

#endif
