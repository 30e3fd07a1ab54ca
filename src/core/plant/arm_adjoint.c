// SPDX-License-Identifier: GPL-3.0-or-later
// Reverse-mode derivative (vector-Jacobian product) of one arm26 step, written by hand. The
// forward quantities are recomputed from the stored input state rather than taped: the step is
// a few hundred flops, cheaper than the memory traffic of storing its intermediates.
#include <stddef.h>

#include "arm.h"
#include "muscle.h"
#include "skeleton.h"

// Mutation testing: tests build this file a second time with -DREACH_ADJOINT_DROP=k (k = 1..4)
// to prove that the finite-difference test notices a missing term. 0 keeps every term.
#ifndef REACH_ADJOINT_DROP
#define REACH_ADJOINT_DROP 0
#endif
#define KEEP(k) (REACH_ADJOINT_DROP != (k))

void reach_arm_step_vjp(const reach_arm_model *m, const reach_arm_state *s, const double *u,
                        const double *f_end, const reach_arm_adjoint *bar_out,
                        reach_arm_adjoint *bar_in, double *u_bar, double *f_end_bar) {
  const int n = s->batch;
  const size_t nz = (size_t)n;
  const double dt = m->dt;
  for (int b = 0; b < n; b++) {
    // recompute the forward step of arm b
    double q[2] = {s->q[b], s->q[nz + b]}, qd[2] = {s->qd[b], s->qd[nz + b]};
    double fe[2] = {0.0, 0.0};
    if (f_end) {
      fe[0] = f_end[b];
      fe[1] = f_end[nz + b];
    }
    double lmt[REACH_NMUSCLE], vmt[REACH_NMUSCLE], r0[REACH_NMUSCLE], r1[REACH_NMUSCLE];
    reach_arm_geometry(m, q, qd, lmt, vmt, r0, r1);
    double tau[2] = {0.0, 0.0}, a_raw[REACH_NMUSCLE];
    for (int i = 0; i < REACH_NMUSCLE; i++) {
      size_t k = (size_t)i * nz + (size_t)b;
      tau[0] -= s->force[k] * r0[i];
      tau[1] -= s->force[k] * r1[i];
      a_raw[i] = s->act[k] + dt * reach_activation_rate(m, u[k], s->act[k]);
    }
    reach_trig t;
    reach_trig_eval(&t, q);
    double qdd[2];
    reach_skeleton_accel(m, &t, qd, tau, fe, qdd);

    // adjoint of the outputs (read before writing: bar_in may alias bar_out)
    double qb_out[2] = {bar_out->q[b], bar_out->q[nz + b]};
    double qdb_out[2] = {bar_out->qd[b], bar_out->qd[nz + b]};
    double ab_out[REACH_NMUSCLE], fb_out[REACH_NMUSCLE], lmb_out[REACH_NMUSCLE],
        vmb_out[REACH_NMUSCLE];
    for (int i = 0; i < REACH_NMUSCLE; i++) {
      size_t k = (size_t)i * nz + (size_t)b;
      ab_out[i] = bar_out->act[k];
      fb_out[i] = bar_out->force[k];
      lmb_out[i] = bar_out->mlen[k];
      vmb_out[i] = bar_out->mvel[k];
    }

    // Euler update and joint limits
    double q_b[2], qd_b[2], qdd_b[2];
    for (int j = 0; j < 2; j++) {
      double qn = q[j] + dt * qd[j];
      double qdn = qd[j] + dt * qdd[j];
      double qdn_c = reach_clamp(qdn, -m->qd_lim, m->qd_lim);
      int stopped = (qn <= m->q_lo[j] && qdn_c < 0.0) || (qn >= m->q_hi[j] && qdn_c > 0.0);
      double qn_b = qb_out[j] * reach_clamp_pass(qn, m->q_lo[j], m->q_hi[j]);
      double qdn_b = stopped ? 0.0 : qdb_out[j] * reach_clamp_pass(qdn, -m->qd_lim, m->qd_lim);
      q_b[j] = qn_b;
      qd_b[j] = qdn_b + (KEEP(1) ? dt * qn_b : 0.0);
      qdd_b[j] = dt * qdn_b;
    }

    // new force = Hill(new activation, old geometry); activation Euler update
    double lmt_b[REACH_NMUSCLE], vmt_b[REACH_NMUSCLE], a_b[REACH_NMUSCLE], ub[REACH_NMUSCLE];
    for (int i = 0; i < REACH_NMUSCLE; i++) {
      size_t k = (size_t)i * nz + (size_t)b;
      double a_new = reach_clamp(a_raw[i], m->a_min, 1.0);
      reach_hill h;
      reach_hill_eval(reach_muscle_params_of(m, i), a_new, lmt[i], vmt[i], &h);
      double anew_b = ab_out[i];
      lmt_b[i] = 0.0;
      vmt_b[i] = vmb_out[i];
      double vmt_hill_b = 0.0;
      reach_hill_vjp(m, i, a_new, lmt[i], &h, fb_out[i], lmb_out[i], &anew_b, &lmt_b[i],
                     &vmt_hill_b);
      if (KEEP(3)) vmt_b[i] += vmt_hill_b;
      double araw_b = anew_b * reach_clamp_pass(a_raw[i], m->a_min, 1.0);
      a_b[i] = araw_b;
      ub[i] = 0.0;
      double a_rate_b = 0.0;
      reach_activation_rate_vjp(m, u[k], s->act[k], dt * araw_b, &ub[i], &a_rate_b);
      if (KEEP(4)) a_b[i] += a_rate_b;
    }

    // skeleton: q̈ = M⁻¹(τ + Jᵀ F_end − C)
    double tau_b[2] = {0.0, 0.0}, fe_b[2] = {0.0, 0.0};
    reach_skeleton_accel_vjp(m, &t, qd, tau, fe, qdd_b, q_b, qd_b, tau_b, fe_b);

    // τ = −Σ F·R with the stored force, then the geometry
    double phi_b[2] = {0.0, 0.0};
    for (int i = 0; i < REACH_NMUSCLE; i++) {
      size_t k = (size_t)i * nz + (size_t)b;
      double f = s->force[k];
      double f_b = -(tau_b[0] * r0[i] + tau_b[1] * r1[i]);
      double r0_b = vmt_b[i] * qd[0], r1_b = vmt_b[i] * qd[1];
      if (KEEP(2)) {
        r0_b += -tau_b[0] * f;
        r1_b += -tau_b[1] * f;
      }
      qd_b[0] += vmt_b[i] * r0[i];
      qd_b[1] += vmt_b[i] * r1[i];
      phi_b[0] += lmt_b[i] * r0[i] + 2.0 * m->g2[0][i] * r0_b;
      phi_b[1] += lmt_b[i] * r1[i] + 2.0 * m->g2[1][i] * r1_b;
      bar_in->force[k] = f_b;
      bar_in->act[k] = a_b[i];
      bar_in->mlen[k] = 0.0;  // the step reads mlen and mvel of s only as outputs, never as inputs
      bar_in->mvel[k] = 0.0;
      if (u_bar) u_bar[k] = ub[i];
    }
    q_b[0] += phi_b[0];
    q_b[1] += phi_b[1];
    bar_in->q[b] = q_b[0];
    bar_in->q[nz + b] = q_b[1];
    bar_in->qd[b] = qd_b[0];
    bar_in->qd[nz + b] = qd_b[1];
    if (f_end_bar) {
      f_end_bar[b] = fe_b[0];
      f_end_bar[nz + b] = fe_b[1];
    }
  }
}

void reach_arm_fingertip_vjp1(const reach_arm_model *m, const double q[REACH_NJOINT],
                              const double qd[REACH_NJOINT], const double pos_bar[2],
                              const double vel_bar[2], double q_bar[2], double qd_bar[2]) {
  reach_trig t;
  reach_trig_eval(&t, q);
  double j00 = -m->l1 * t.s1 - m->l2 * t.s12, j01 = -m->l2 * t.s12;
  double j10 = m->l1 * t.c1 + m->l2 * t.c12, j11 = m->l2 * t.c12;
  if (pos_bar) {
    // ∂(x, y)/∂q = J
    q_bar[0] += pos_bar[0] * j00 + pos_bar[1] * j10;
    q_bar[1] += pos_bar[0] * j01 + pos_bar[1] * j11;
  }
  if (vel_bar) {
    // v = J q̇: ∂v/∂q̇ = J, ∂v/∂q = (∂J/∂q) q̇
    double vxb = vel_bar[0], vyb = vel_bar[1], w = qd[0] + qd[1];
    qd_bar[0] += vxb * j00 + vyb * j10;
    qd_bar[1] += vxb * j01 + vyb * j11;
    // ẋ = −l1 s1 q̇1 − l2 s12 (q̇1+q̇2), ẏ = l1 c1 q̇1 + l2 c12 (q̇1+q̇2)
    q_bar[0] += vxb * (-m->l1 * t.c1 * qd[0] - m->l2 * t.c12 * w) +
                vyb * (-m->l1 * t.s1 * qd[0] - m->l2 * t.s12 * w);
    q_bar[1] += vxb * (-m->l2 * t.c12 * w) + vyb * (-m->l2 * t.s12 * w);
  }
}

void reach_arm_fingertip_vjp(const reach_arm_model *m, const reach_arm_state *s,
                             const double *xy_bar, const double *vxy_bar, double *bar_q,
                             double *bar_qd) {
  const int n = s->batch;
  for (int b = 0; b < n; b++) {
    double q[2] = {s->q[b], s->q[n + b]}, qd[2] = {s->qd[b], s->qd[n + b]};
    double pb[2], vb[2], qb[2] = {0.0, 0.0}, qdb[2] = {0.0, 0.0};
    if (xy_bar) {
      pb[0] = xy_bar[b];
      pb[1] = xy_bar[n + b];
    }
    if (vxy_bar) {
      vb[0] = vxy_bar[b];
      vb[1] = vxy_bar[n + b];
    }
    reach_arm_fingertip_vjp1(m, q, qd, xy_bar ? pb : NULL, vxy_bar ? vb : NULL, qb, qdb);
    bar_q[b] += qb[0];
    bar_q[n + b] += qb[1];
    bar_qd[b] += qdb[0];
    bar_qd[n + b] += qdb[1];
  }
}
