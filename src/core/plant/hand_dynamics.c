// SPDX-License-Identifier: GPL-3.0-or-later
// The hand's free acceleration and mobility (operational-space dynamics) and their adjoint.
#include "arm.h"
#include "skeleton.h"

// Everything of arm b the two functions share.
typedef struct hand_ctx {
  double q[2], qd[2], tau[2], r0[REACH_NMUSCLE], r1[REACH_NMUSCLE];
  reach_trig t;
  double jac[4];  // ∂(x,y)/∂q row-major
} hand_ctx;

static void hand_ctx_eval(const reach_arm_model *m, const reach_arm_state *s, int b, hand_ctx *c) {
  const size_t n = (size_t)s->batch;
  c->q[0] = s->q[b];
  c->q[1] = s->q[n + (size_t)b];
  c->qd[0] = s->qd[b];
  c->qd[1] = s->qd[n + (size_t)b];
  reach_arm_geometry(m, c->q, c->qd, NULL, NULL, c->r0, c->r1);
  c->tau[0] = c->tau[1] = 0.0;
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    double f = s->force[(size_t)i * n + (size_t)b];
    c->tau[0] -= f * c->r0[i];
    c->tau[1] -= f * c->r1[i];
  }
  reach_trig_eval(&c->t, c->q);
  c->jac[0] = -m->l1 * c->t.s1 - m->l2 * c->t.s12;
  c->jac[1] = -m->l2 * c->t.s12;
  c->jac[2] = m->l1 * c->t.c1 + m->l2 * c->t.c12;
  c->jac[3] = m->l2 * c->t.c12;
}

static void mass_inverse(const reach_arm_model *m, const reach_trig *t, double mi[3]) {
  double m11 = m->m11_c + m->m11_v * t->c2, m12 = m->m12_c + m->m12_v * t->c2, m22 = m->m22;
  double det = m11 * m22 - m12 * m12;
  mi[0] = m22 / det;   // (M⁻¹)11
  mi[1] = -m12 / det;  // (M⁻¹)12 = (M⁻¹)21
  mi[2] = m11 / det;   // (M⁻¹)22
}

void reach_arm_hand_dynamics(const reach_arm_model *m, const reach_arm_state *s, int b,
                             double acc_free[2], double mobility[4]) {
  hand_ctx c;
  hand_ctx_eval(m, s, b, &c);
  const double zero[2] = {0.0, 0.0};
  double qdd[2];
  reach_skeleton_accel(m, &c.t, c.qd, c.tau, zero, qdd);
  double w = c.qd[0] + c.qd[1];
  // J̇q̇
  double jdx = -m->l1 * c.t.c1 * c.qd[0] * c.qd[0] - m->l2 * c.t.c12 * w * w;
  double jdy = -m->l1 * c.t.s1 * c.qd[0] * c.qd[0] - m->l2 * c.t.s12 * w * w;
  acc_free[0] = c.jac[0] * qdd[0] + c.jac[1] * qdd[1] + jdx;
  acc_free[1] = c.jac[2] * qdd[0] + c.jac[3] * qdd[1] + jdy;
  double mi[3];
  mass_inverse(m, &c.t, mi);
  // J M⁻¹ Jᵀ
  double a0 = c.jac[0] * mi[0] + c.jac[1] * mi[1], a1 = c.jac[0] * mi[1] + c.jac[1] * mi[2];
  double b0 = c.jac[2] * mi[0] + c.jac[3] * mi[1], b1 = c.jac[2] * mi[1] + c.jac[3] * mi[2];
  mobility[0] = a0 * c.jac[0] + a1 * c.jac[1];
  mobility[1] = a0 * c.jac[2] + a1 * c.jac[3];
  mobility[2] = b0 * c.jac[0] + b1 * c.jac[1];
  mobility[3] = b0 * c.jac[2] + b1 * c.jac[3];
}

void reach_arm_hand_dynamics_vjp(const reach_arm_model *m, const reach_arm_state *s, int b,
                                 const double acc_bar[2], const double mob_bar[4],
                                 reach_arm_adjoint *bar) {
  const size_t n = (size_t)s->batch;
  hand_ctx c;
  hand_ctx_eval(m, s, b, &c);
  const double zero[2] = {0.0, 0.0};
  double qdd[2];
  reach_skeleton_accel(m, &c.t, c.qd, c.tau, zero, qdd);
  double q_b[2] = {0.0, 0.0}, qd_b[2] = {0.0, 0.0}, jac_b[4];
  const double *J = c.jac;

  // acc = J q̈ + J̇q̇
  jac_b[0] = acc_bar[0] * qdd[0];
  jac_b[1] = acc_bar[0] * qdd[1];
  jac_b[2] = acc_bar[1] * qdd[0];
  jac_b[3] = acc_bar[1] * qdd[1];
  double qdd_b[2] = {J[0] * acc_bar[0] + J[2] * acc_bar[1], J[1] * acc_bar[0] + J[3] * acc_bar[1]};
  double w = c.qd[0] + c.qd[1];
  double l1 = m->l1, l2 = m->l2, s1 = c.t.s1, c1 = c.t.c1, s12 = c.t.s12, c12 = c.t.c12;
  // J̇q̇ = (−l1 c1 q̇1² − l2 c12 w², −l1 s1 q̇1² − l2 s12 w²)
  q_b[0] += acc_bar[0] * (l1 * s1 * c.qd[0] * c.qd[0] + l2 * s12 * w * w) +
            acc_bar[1] * (-l1 * c1 * c.qd[0] * c.qd[0] - l2 * c12 * w * w);
  q_b[1] += acc_bar[0] * (l2 * s12 * w * w) + acc_bar[1] * (-l2 * c12 * w * w);
  qd_b[0] += acc_bar[0] * (-2.0 * l1 * c1 * c.qd[0] - 2.0 * l2 * c12 * w) +
             acc_bar[1] * (-2.0 * l1 * s1 * c.qd[0] - 2.0 * l2 * s12 * w);
  qd_b[1] += acc_bar[0] * (-2.0 * l2 * c12 * w) + acc_bar[1] * (-2.0 * l2 * s12 * w);

  // mobility = J M⁻¹ Jᵀ: J̄ += (M̄ob + M̄obᵀ) J M⁻¹, (M⁻¹)̄ = Jᵀ M̄ob J, then M̄ = −M⁻¹ (M⁻¹)̄ M⁻¹
  double mi[3];
  mass_inverse(m, &c.t, mi);
  double S[4] = {mob_bar[0] + mob_bar[0], mob_bar[1] + mob_bar[2], mob_bar[2] + mob_bar[1],
                 mob_bar[3] + mob_bar[3]};
  double JM[4] = {J[0] * mi[0] + J[1] * mi[1], J[0] * mi[1] + J[1] * mi[2],
                  J[2] * mi[0] + J[3] * mi[1], J[2] * mi[1] + J[3] * mi[2]};
  jac_b[0] += S[0] * JM[0] + S[1] * JM[2];
  jac_b[1] += S[0] * JM[1] + S[1] * JM[3];
  jac_b[2] += S[2] * JM[0] + S[3] * JM[2];
  jac_b[3] += S[2] * JM[1] + S[3] * JM[3];
  // Jᵀ M̄ob J (2×2 over joints)
  double P[4];
  for (int i = 0; i < 2; i++) {
    for (int j = 0; j < 2; j++) {
      double acc = 0.0;
      for (int r = 0; r < 2; r++)
        for (int k = 0; k < 2; k++) acc += J[r * 2 + i] * mob_bar[r * 2 + k] * J[k * 2 + j];
      P[i * 2 + j] = acc;
    }
  }
  double Mi[4] = {mi[0], mi[1], mi[1], mi[2]};
  // M̄ = −M⁻ᵀ P M⁻ᵀ; M symmetric with M11, M12 = M21 depending on q2
  double T[4], Mb[4];
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++) T[i * 2 + j] = Mi[i * 2] * P[j] + Mi[i * 2 + 1] * P[2 + j];
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++) Mb[i * 2 + j] = -(T[i * 2] * Mi[j] + T[i * 2 + 1] * Mi[2 + j]);
  q_b[1] += -(Mb[0] * m->m11_v + (Mb[1] + Mb[2]) * m->m12_v) * c.t.s2;

  // q̈ = M⁻¹(τ − C): the skeleton adjoint, with no endpoint load
  double tau_b[2] = {0.0, 0.0}, fe_b[2] = {0.0, 0.0};
  reach_skeleton_accel_vjp(m, &c.t, c.qd, c.tau, zero, qdd_b, q_b, qd_b, tau_b, fe_b);

  // J(q)
  double dj00_1 = -l1 * c1 - l2 * c12, dj00_2 = -l2 * c12, dj01 = -l2 * c12;
  double dj10_1 = -l1 * s1 - l2 * s12, dj10_2 = -l2 * s12, dj11 = -l2 * s12;
  q_b[0] += jac_b[0] * dj00_1 + jac_b[1] * dj01 + jac_b[2] * dj10_1 + jac_b[3] * dj11;
  q_b[1] += jac_b[0] * dj00_2 + jac_b[1] * dj01 + jac_b[2] * dj10_2 + jac_b[3] * dj11;

  // τ = −Σ F·R(q)
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    size_t k = (size_t)i * n + (size_t)b;
    double f = s->force[k];
    bar->force[k] += -(tau_b[0] * c.r0[i] + tau_b[1] * c.r1[i]);
    q_b[0] += 2.0 * m->g2[0][i] * (-tau_b[0] * f);
    q_b[1] += 2.0 * m->g2[1][i] * (-tau_b[1] * f);
  }
  bar->q[b] += q_b[0];
  bar->q[n + (size_t)b] += q_b[1];
  bar->qd[b] += qd_b[0];
  bar->qd[n + (size_t)b] += qd_b[1];
}
