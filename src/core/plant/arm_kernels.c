// SPDX-License-Identifier: GPL-3.0-or-later
// The arm26 step and its adjoint over a chunk of arms, written once as portable C and compiled
// three times: for the baseline ISA (the portable path), for AVX2+FMA and for AVX-512. The code
// is a sequence of loops over arms with no branches and no calls, so the compiler vectorises
// each across the batch; the wider paths only change how many arms one instruction handles.
// Every operation is +, −, ×, ÷, fma() or a select, each rounded once by IEEE 754 and with
// contraction off (-ffp-contract=off in meson.build), so every path gives the same bits
// (tests/core/test_arm_isa.c checks it path against path). On the baseline x86-64 ISA fma() is
// a libm call (exact all the same), which keeps the portable path's sine loop scalar.
//
// Mutation testing: tests build this file a second time with -DREACH_ADJOINT_DROP=k (k = 1..4)
// to prove that the finite-difference test notices a missing term. 0 keeps every term.
#include <stddef.h>

#include "arm.h"
#include "arm_isa.h"
#include "muscle.h"
#include "sincos.h"
#include "skeleton.h"

#ifndef REACH_ADJOINT_DROP
#define REACH_ADJOINT_DROP 0
#endif
#define KEEP(k) (REACH_ADJOINT_DROP != (k))

#define INLINE __attribute__((always_inline)) static inline

enum { CHUNK = REACH_ARM_CHUNK };

// A loop, not memcpy: GCC expands a memcpy of unknown length inline as `rep movsq`, whose
// start-up cost (~50 cycles, 46 rows per chunk) dominated small batches; and the entry points
// keep it a loop (REACH_NO_MEMCPY below).
INLINE void copy_row(double *dst, const double *src, int nb) {
  for (int c = 0; c < nb; c++) dst[c] = src[c];
}

INLINE void zero_row(double *dst, int nb) {
  for (int c = 0; c < nb; c++) dst[c] = 0.0;
}

// sin and cos of q0 and q1 for nb arms, and the angle-sum identities (reach_trig_eval's).
INLINE void trig_chunk(const double *q0, const double *q1, int nb, double *s1, double *c1,
                       double *s2, double *c2, double *s12, double *c12) {
  int out_of_range = 0;
  for (int c = 0; c < nb; c++) {
    reach_sincos_kernel(q0[c], &s1[c], &c1[c]);
    reach_sincos_kernel(q1[c], &s2[c], &c2[c]);
    out_of_range |= !reach_sincos_in_range(q0[c]);
    out_of_range |= !reach_sincos_in_range(q1[c]);
  }
  if (out_of_range) {
    for (int c = 0; c < nb; c++) {
      reach_sincos(q0[c], &s1[c], &c1[c]);
      reach_sincos(q1[c], &s2[c], &c2[c]);
    }
  }
  for (int c = 0; c < nb; c++) {
    s12[c] = s1[c] * c2[c] + c1[c] * s2[c];
    c12[c] = c1[c] * c2[c] - s1[c] * s2[c];
  }
}

// Forward step of arms b0 .. b0+nb−1 (nb ≤ CHUNK). Everything is computed into locals and
// copied to out at the end, so out may alias s and the compiler need not check.
INLINE void step_chunk(const reach_arm_model *m, const reach_arm_state *s, const double *u,
                       const double *f_end, reach_arm_state *out, int b0, int nb) {
  const size_t n = (size_t)s->batch;
  const double dt = m->dt;
  double lmt[REACH_NMUSCLE][CHUNK], vmt[REACH_NMUSCLE][CHUNK];
  double tau0[CHUNK], tau1[CHUNK], s1[CHUNK], c1[CHUNK], s2[CHUNK], c2[CHUNK], s12[CHUNK],
      c12[CHUNK], qdd0[CHUNK], qdd1[CHUNK];
  double o_q[2][CHUNK], o_qd[2][CHUNK];
  double o_act[REACH_NMUSCLE][CHUNK], o_force[REACH_NMUSCLE][CHUNK], o_mlen[REACH_NMUSCLE][CHUNK],
      o_flpe[REACH_NMUSCLE][CHUNK], o_flce[REACH_NMUSCLE][CHUNK], o_fact[REACH_NMUSCLE][CHUNK];
  const double *q0 = s->q + b0, *q1 = s->q + n + b0, *qd0 = s->qd + b0, *qd1 = s->qd + n + b0;

  // geometry at the old state, and the torque of the *stored* force (the one-step lag)
  for (int c = 0; c < nb; c++) tau0[c] = tau1[c] = 0.0;
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    const double g1a = m->g1[0][i], g1b = m->g1[1][i], g2a = m->g2[0][i], g2b = m->g2[1][i];
    const double g0 = m->g0[i], phi0a = m->phi0[0], phi0b = m->phi0[1];
    const double *f = s->force + (size_t)i * n + b0;
    for (int c = 0; c < nb; c++) {
      double p0 = q0[c] - phi0a, p1 = q1[c] - phi0b;
      double ra = g1a + 2.0 * g2a * p0, rb = g1b + 2.0 * g2b * p1;
      lmt[i][c] = g0 + ((g1a + g2a * p0) * p0 + (g1b + g2b * p1) * p1);
      vmt[i][c] = ra * qd0[c] + rb * qd1[c];
      tau0[c] -= f[c] * ra;
      tau1[c] -= f[c] * rb;
    }
  }
  // the joint accelerations use only the old state
  trig_chunk(q0, q1, nb, s1, c1, s2, c2, s12, c12);
  static const double no_load[CHUNK];
  const double *fx = f_end ? f_end + b0 : no_load, *fy = f_end ? f_end + n + b0 : no_load;
  for (int c = 0; c < nb; c++) {
    reach_trig t = {s1[c], c1[c], s2[c], c2[c], s12[c], c12[c]};
    double qd[2] = {qd0[c], qd1[c]}, tau[2] = {tau0[c], tau1[c]}, fe[2] = {fx[c], fy[c]}, qdd[2];
    reach_skeleton_accel(m, &t, qd, tau, fe, qdd);
    qdd0[c] = qdd[0];
    qdd1[c] = qdd[1];
  }
  // activation Euler update; the new force uses the new activation and the *old* geometry
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    const double *a = s->act + (size_t)i * n + b0, *ui = u + (size_t)i * n + b0;
    const reach_muscle_params mp = reach_muscle_params_of(m, i);
    for (int c = 0; c < nb; c++) {
      double an = reach_clamp(a[c] + dt * reach_activation_rate(m, ui[c], a[c]), m->a_min, 1.0);
      reach_hill h;
      reach_hill_eval(mp, an, lmt[i][c], vmt[i][c], &h);
      o_act[i][c] = an;
      o_force[i][c] = h.force;
      o_mlen[i][c] = h.lm;
      o_flpe[i][c] = h.flpe;
      o_flce[i][c] = h.flce;
      o_fact[i][c] = h.factive;
    }
  }
  // plain explicit Euler (the position uses the old velocity), then the joint limits
  for (int j = 0; j < 2; j++) {
    const double *q = j ? q1 : q0, *qd = j ? qd1 : qd0, *qdd = j ? qdd1 : qdd0;
    const double lo = m->q_lo[j], hi = m->q_hi[j], lim = m->qd_lim;
    for (int c = 0; c < nb; c++) {
      double qn = q[c] + dt * qd[c];
      double qdn = reach_clamp(qd[c] + dt * qdd[c], -lim, lim);
      qdn = (qn <= lo && qdn < 0.0) || (qn >= hi && qdn > 0.0) ? 0.0 : qdn;
      o_q[j][c] = reach_clamp(qn, lo, hi);
      o_qd[j][c] = qdn;
    }
  }
  for (int j = 0; j < 2; j++) {
    copy_row(out->q + (size_t)j * n + b0, o_q[j], nb);
    copy_row(out->qd + (size_t)j * n + b0, o_qd[j], nb);
  }
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    size_t k0 = (size_t)i * n + b0;
    copy_row(out->act + k0, o_act[i], nb);
    copy_row(out->force + k0, o_force[i], nb);
    copy_row(out->mlen + k0, o_mlen[i], nb);
    copy_row(out->mvel + k0, vmt[i], nb);
    copy_row(out->flpe + k0, o_flpe[i], nb);
    copy_row(out->flce + k0, o_flce[i], nb);
    copy_row(out->factive + k0, o_fact[i], nb);
  }
}

// Adjoint of one joint's Euler update and limits (step_chunk's last loop), given the output
// adjoints qn_bar, qdn_bar. Non-short-circuit & and | so that the loop stays branch-free.
INLINE void euler_vjp(double q, double qd, double qdd, double qn_bar, double qdn_bar, double lo,
                      double hi, double lim, double dt, double *q_b, double *qd_b, double *qdd_b) {
  double qn = q + dt * qd;
  double qdn = qd + dt * qdd;
  double qdn_c = reach_clamp(qdn, -lim, lim);
  int stopped = ((qn <= lo) & (qdn_c < 0.0)) | ((qn >= hi) & (qdn_c > 0.0));
  double qn_b = qn_bar * reach_clamp_pass(qn, lo, hi);
  double qdn_b = stopped ? 0.0 : qdn_bar * reach_clamp_pass(qdn, -lim, lim);
  *q_b = qn_b;
  *qd_b = qdn_b + (KEEP(1) ? dt * qn_b : 0.0);
  *qdd_b = dt * qdn_b;
}

// Adjoint of step_chunk. The forward quantities are recomputed from the input state rather than
// taped (a step is a few hundred flops, cheaper than the memory traffic of storing them), with
// the same code as the forward, so every select (clamp, branch, limit) goes the same way.
INLINE void vjp_chunk(const reach_arm_model *m, const reach_arm_state *s, const double *u,
                      const double *f_end, const reach_arm_adjoint *bar_out,
                      reach_arm_adjoint *bar_in, double *u_bar, double *f_end_bar, int b0, int nb) {
  const size_t n = (size_t)s->batch;
  const double dt = m->dt;
  double lmt[REACH_NMUSCLE][CHUNK], vmt[REACH_NMUSCLE][CHUNK];
  double tau0[CHUNK], tau1[CHUNK], s1[CHUNK], c1[CHUNK], s2[CHUNK], c2[CHUNK], s12[CHUNK],
      c12[CHUNK];
  double q_b[2][CHUNK], qd_b[2][CHUNK], tau_b[2][CHUNK], fe_b[2][CHUNK], phi_b[2][CHUNK];
  double o_act[REACH_NMUSCLE][CHUNK], o_force[REACH_NMUSCLE][CHUNK], o_u[REACH_NMUSCLE][CHUNK];
  const double *q0 = s->q + b0, *q1 = s->q + n + b0, *qd0 = s->qd + b0, *qd1 = s->qd + n + b0;

  // forward: geometry and the stored force's torque, as in step_chunk
  for (int c = 0; c < nb; c++) tau0[c] = tau1[c] = 0.0;
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    const double g1a = m->g1[0][i], g1b = m->g1[1][i], g2a = m->g2[0][i], g2b = m->g2[1][i];
    const double g0 = m->g0[i], phi0a = m->phi0[0], phi0b = m->phi0[1];
    const double *f = s->force + (size_t)i * n + b0;
    for (int c = 0; c < nb; c++) {
      double p0 = q0[c] - phi0a, p1 = q1[c] - phi0b;
      double ra = g1a + 2.0 * g2a * p0, rb = g1b + 2.0 * g2b * p1;
      lmt[i][c] = g0 + ((g1a + g2a * p0) * p0 + (g1b + g2b * p1) * p1);
      vmt[i][c] = ra * qd0[c] + rb * qd1[c];
      tau0[c] -= f[c] * ra;
      tau1[c] -= f[c] * rb;
    }
  }
  trig_chunk(q0, q1, nb, s1, c1, s2, c2, s12, c12);
  static const double no_load[CHUNK];
  const double *fx = f_end ? f_end + b0 : no_load, *fy = f_end ? f_end + n + b0 : no_load;

  // skeleton forward, Euler and limits adjoint, skeleton adjoint (reach_skeleton_accel_vjp's
  // algebra and order, sharing the forward's intermediates instead of recomputing them)
  const double m11_c = m->m11_c, m11_v = m->m11_v, m12_c = m->m12_c, m12_v = m->m12_v, m22 = m->m22,
               hh = m->h, l1 = m->l1, l2 = m->l2, lim = m->qd_lim;
  const double lo0 = m->q_lo[0], hi0 = m->q_hi[0], lo1 = m->q_lo[1], hi1 = m->q_hi[1];
  for (int c = 0; c < nb; c++) {
    double qd[2] = {qd0[c], qd1[c]}, fe[2] = {fx[c], fy[c]};
    double m11 = m11_c + m11_v * c2[c];
    double m12 = m12_c + m12_v * c2[c];
    double hs = hh * s2[c], hc = hh * c2[c];
    double cor0 = -hs * (2.0 * qd[0] + qd[1]) * qd[1];
    double cor1 = hs * qd[0] * qd[0];
    double j00 = -l1 * s1[c] - l2 * s12[c], j01 = -l2 * s12[c];
    double j10 = l1 * c1[c] + l2 * c12[c], j11 = l2 * c12[c];
    double r0 = tau0[c] + (j00 * fe[0] + j10 * fe[1]) - cor0;
    double r1 = tau1[c] + (j01 * fe[0] + j11 * fe[1]) - cor1;
    double det = m11 * m22 - m12 * m12;
    double qdd[2] = {(m22 * r0 - m12 * r1) / det, (-m12 * r0 + m11 * r1) / det};

    // Euler update and joint limits
    double qb[2], qdb[2], qddb[2];
    euler_vjp(q0[c], qd[0], qdd[0], bar_out->q[b0 + c], bar_out->qd[b0 + c], lo0, hi0, lim, dt,
              &qb[0], &qdb[0], &qddb[0]);
    euler_vjp(q1[c], qd[1], qdd[1], bar_out->q[n + b0 + c], bar_out->qd[n + b0 + c], lo1, hi1, lim,
              dt, &qb[1], &qdb[1], &qddb[1]);

    // q̈ = M⁻¹ r: r̄ = M⁻ᵀ q̈̄ (M symmetric), M̄ = −r̄ q̈ᵀ
    double rb0 = (m22 * qddb[0] - m12 * qddb[1]) / det;
    double rb1 = (-m12 * qddb[0] + m11 * qddb[1]) / det;
    double mb11 = -rb0 * qdd[0];
    double mb12 = -(rb0 * qdd[1] + rb1 * qdd[0]);  // M12 and M21 are one variable
    qb[1] += -(mb11 * m11_v + mb12 * m12_v) * s2[c];
    tau_b[0][c] = rb0;
    tau_b[1][c] = rb1;
    // Jᵀ F_end
    fe_b[0][c] = j00 * rb0 + j01 * rb1;
    fe_b[1][c] = j10 * rb0 + j11 * rb1;
    double dj00_1 = -l1 * c1[c] - l2 * c12[c], dj00_2 = -l2 * c12[c];
    double dj01 = -l2 * c12[c];  // same for q1 and q2
    double dj10_1 = -l1 * s1[c] - l2 * s12[c], dj10_2 = -l2 * s12[c];
    double dj11 = -l2 * s12[c];
    qb[0] += rb0 * (dj00_1 * fe[0] + dj10_1 * fe[1]) + rb1 * (dj01 * fe[0] + dj11 * fe[1]);
    qb[1] += rb0 * (dj00_2 * fe[0] + dj10_2 * fe[1]) + rb1 * (dj01 * fe[0] + dj11 * fe[1]);
    // −C(q, q̇)
    double cb0 = -rb0, cb1 = -rb1;
    qb[1] += cb0 * (-hc * (2.0 * qd[0] + qd[1]) * qd[1]) + cb1 * (hc * qd[0] * qd[0]);
    qdb[0] += cb0 * (-2.0 * hs * qd[1]) + cb1 * (2.0 * hs * qd[0]);
    qdb[1] += cb0 * (-hs * (2.0 * qd[0] + 2.0 * qd[1]));
    q_b[0][c] = qb[0];
    q_b[1][c] = qb[1];
    qd_b[0][c] = qdb[0];
    qd_b[1][c] = qdb[1];
    phi_b[0][c] = phi_b[1][c] = 0.0;
  }

  // per muscle: activation update and Hill force (forward), their adjoints, then τ = −Σ F·R and
  // the geometry
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    const size_t k0 = (size_t)i * n + b0;
    const double *a = s->act + k0, *ui = u + k0, *f = s->force + k0;
    const double *ab_out = bar_out->act + k0, *fb_out = bar_out->force + k0,
                 *lmb_out = bar_out->mlen + k0, *vmb_out = bar_out->mvel + k0;
    const reach_muscle_params mp = reach_muscle_params_of(m, i);
    const double g1a = m->g1[0][i], g1b = m->g1[1][i], g2a = m->g2[0][i], g2b = m->g2[1][i];
    const double phi0a = m->phi0[0], phi0b = m->phi0[1];
    for (int c = 0; c < nb; c++) {
      double a_raw = a[c] + dt * reach_activation_rate(m, ui[c], a[c]);
      double a_new = reach_clamp(a_raw, m->a_min, 1.0);
      reach_hill h;
      reach_hill_eval(mp, a_new, lmt[i][c], vmt[i][c], &h);
      double anew_b = ab_out[c], lmt_b, vmt_hill_b;
      reach_hill_vjp(mp, a_new, lmt[i][c], &h, fb_out[c], lmb_out[c], &anew_b, &lmt_b, &vmt_hill_b);
      double vmt_b = vmb_out[c] + (KEEP(3) ? vmt_hill_b : 0.0);
      double araw_b = anew_b * reach_clamp_pass(a_raw, m->a_min, 1.0);
      double ub, a_rate_b;
      reach_activation_rate_vjp(m, ui[c], a[c], dt * araw_b, &ub, &a_rate_b);
      o_act[i][c] = araw_b + (KEEP(4) ? a_rate_b : 0.0);
      o_u[i][c] = ub;

      double p0 = q0[c] - phi0a, p1 = q1[c] - phi0b;
      double ra = g1a + 2.0 * g2a * p0, rb = g1b + 2.0 * g2b * p1;
      o_force[i][c] = -(tau_b[0][c] * ra + tau_b[1][c] * rb);
      double ra_b = vmt_b * qd0[c], rb_b = vmt_b * qd1[c];
      if (KEEP(2)) {
        ra_b += -tau_b[0][c] * f[c];
        rb_b += -tau_b[1][c] * f[c];
      }
      qd_b[0][c] += vmt_b * ra;
      qd_b[1][c] += vmt_b * rb;
      phi_b[0][c] += lmt_b * ra + 2.0 * g2a * ra_b;
      phi_b[1][c] += lmt_b * rb + 2.0 * g2b * rb_b;
    }
  }

  for (int j = 0; j < 2; j++) {
    for (int c = 0; c < nb; c++) q_b[j][c] += phi_b[j][c];
    copy_row(bar_in->q + (size_t)j * n + b0, q_b[j], nb);
    copy_row(bar_in->qd + (size_t)j * n + b0, qd_b[j], nb);
    if (f_end_bar) copy_row(f_end_bar + (size_t)j * n + b0, fe_b[j], nb);
  }
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    size_t k0 = (size_t)i * n + b0;
    copy_row(bar_in->force + k0, o_force[i], nb);
    copy_row(bar_in->act + k0, o_act[i], nb);
    // the step reads mlen and mvel of s only as outputs, never as inputs
    zero_row(bar_in->mlen + k0, nb);
    zero_row(bar_in->mvel + k0, nb);
    if (u_bar) copy_row(u_bar + k0, o_u[i], nb);
  }
}

// reach_arm_fingertip over a chunk, with the same operations (so the same bits).
INLINE void fingertip_chunk(const reach_arm_model *m, const reach_arm_state *s, double *xy,
                            double *vxy, int b0, int nb) {
  const size_t n = (size_t)s->batch;
  double s1[CHUNK], c1[CHUNK], s2[CHUNK], c2[CHUNK], s12[CHUNK], c12[CHUNK];
  double o_xy[2][CHUNK], o_v[2][CHUNK];
  const double *q0 = s->q + b0, *q1 = s->q + n + b0, *qd0 = s->qd + b0, *qd1 = s->qd + n + b0;
  const double l1 = m->l1, l2 = m->l2;
  trig_chunk(q0, q1, nb, s1, c1, s2, c2, s12, c12);
  for (int c = 0; c < nb; c++) {
    double j00 = -l1 * s1[c] - l2 * s12[c], j01 = -l2 * s12[c];
    double j10 = l1 * c1[c] + l2 * c12[c], j11 = l2 * c12[c];
    o_xy[0][c] = l1 * c1[c] + l2 * c12[c];
    o_xy[1][c] = l1 * s1[c] + l2 * s12[c];
    o_v[0][c] = j00 * qd0[c] + j01 * qd1[c];
    o_v[1][c] = j10 * qd0[c] + j11 * qd1[c];
  }
  for (int j = 0; j < 2; j++) {
    if (xy) copy_row(xy + (size_t)j * n + b0, o_xy[j], nb);
    if (vxy) copy_row(vxy + (size_t)j * n + b0, o_v[j], nb);
  }
}

// reach_arm_fingertip_vjp over a chunk: reach_arm_fingertip_vjp1's operations in its order.
INLINE void fingertip_vjp_chunk(const reach_arm_model *m, const reach_arm_state *s,
                                const double *xy_bar, const double *vxy_bar, double *bar_q,
                                double *bar_qd, int b0, int nb) {
  const size_t n = (size_t)s->batch;
  double s1[CHUNK], c1[CHUNK], s2[CHUNK], c2[CHUNK], s12[CHUNK], c12[CHUNK];
  double o_q[2][CHUNK], o_qd[2][CHUNK];
  const double *q0 = s->q + b0, *q1 = s->q + n + b0, *qd0 = s->qd + b0, *qd1 = s->qd + n + b0;
  const double l1 = m->l1, l2 = m->l2;
  trig_chunk(q0, q1, nb, s1, c1, s2, c2, s12, c12);
  static const double zero[CHUNK];
  const double *px = xy_bar ? xy_bar + b0 : zero, *py = xy_bar ? xy_bar + n + b0 : zero;
  const double *vx = vxy_bar ? vxy_bar + b0 : zero, *vy = vxy_bar ? vxy_bar + n + b0 : zero;
  for (int c = 0; c < nb; c++) {
    double j00 = -l1 * s1[c] - l2 * s12[c], j01 = -l2 * s12[c];
    double j10 = l1 * c1[c] + l2 * c12[c], j11 = l2 * c12[c];
    double qb0 = 0.0, qb1 = 0.0, qdb0 = 0.0, qdb1 = 0.0;
    if (xy_bar) {
      qb0 += px[c] * j00 + py[c] * j10;
      qb1 += px[c] * j01 + py[c] * j11;
    }
    if (vxy_bar) {
      double vxb = vx[c], vyb = vy[c], w = qd0[c] + qd1[c];
      qdb0 += vxb * j00 + vyb * j10;
      qdb1 += vxb * j01 + vyb * j11;
      qb0 += vxb * (-l1 * c1[c] * qd0[c] - l2 * c12[c] * w) +
             vyb * (-l1 * s1[c] * qd0[c] - l2 * s12[c] * w);
      qb1 += vxb * (-l2 * c12[c] * w) + vyb * (-l2 * s12[c] * w);
    }
    o_q[0][c] = qb0;
    o_q[1][c] = qb1;
    o_qd[0][c] = qdb0;
    o_qd[1][c] = qdb1;
  }
  for (int j = 0; j < 2; j++) {
    double *dq = bar_q + (size_t)j * n + b0, *dqd = bar_qd + (size_t)j * n + b0;
    for (int c = 0; c < nb; c++) dq[c] += o_q[j][c];
    for (int c = 0; c < nb; c++) dqd[c] += o_qd[j][c];
  }
}

// One entry point per ISA; full chunks get a constant trip count. The kernels store only into
// locals until their final copy, so the model's constants stay in registers without a local
// copy of the model (whose `rep movsq` cost more than a one-arm step).
#define REACH_ARM_PATH(suffix, attr)                                                               \
  attr void reach_arm_step_##suffix(const reach_arm_model *model, const reach_arm_state *s,        \
                                    const double *u, const double *f_end, reach_arm_state *out) {  \
    for (int b0 = 0; b0 < s->batch; b0 += CHUNK) {                                                 \
      int nb = s->batch - b0;                                                                      \
      if (nb >= CHUNK)                                                                             \
        step_chunk(model, s, u, f_end, out, b0, CHUNK);                                            \
      else                                                                                         \
        step_chunk(model, s, u, f_end, out, b0, nb);                                               \
    }                                                                                              \
  }                                                                                                \
  attr void reach_arm_step_vjp_##suffix(                                                           \
      const reach_arm_model *model, const reach_arm_state *s, const double *u,                     \
      const double *f_end, const reach_arm_adjoint *bar_out, reach_arm_adjoint *bar_in,            \
      double *u_bar, double *f_end_bar) {                                                          \
    for (int b0 = 0; b0 < s->batch; b0 += CHUNK) {                                                 \
      int nb = s->batch - b0;                                                                      \
      if (nb >= CHUNK)                                                                             \
        vjp_chunk(model, s, u, f_end, bar_out, bar_in, u_bar, f_end_bar, b0, CHUNK);               \
      else                                                                                         \
        vjp_chunk(model, s, u, f_end, bar_out, bar_in, u_bar, f_end_bar, b0, nb);                  \
    }                                                                                              \
  }                                                                                                \
  attr void reach_arm_fingertip_batch_##suffix(const reach_arm_model *m, const reach_arm_state *s, \
                                               double *xy, double *vxy) {                          \
    for (int b0 = 0; b0 < s->batch; b0 += CHUNK) {                                                 \
      int nb = s->batch - b0;                                                                      \
      if (nb >= CHUNK)                                                                             \
        fingertip_chunk(m, s, xy, vxy, b0, CHUNK);                                                 \
      else                                                                                         \
        fingertip_chunk(m, s, xy, vxy, b0, nb);                                                    \
    }                                                                                              \
  }                                                                                                \
  attr void reach_arm_fingertip_vjp_##suffix(const reach_arm_model *m, const reach_arm_state *s,   \
                                             const double *xy_bar, const double *vxy_bar,          \
                                             double *bar_q, double *bar_qd) {                      \
    for (int b0 = 0; b0 < s->batch; b0 += CHUNK) {                                                 \
      int nb = s->batch - b0;                                                                      \
      if (nb >= CHUNK)                                                                             \
        fingertip_vjp_chunk(m, s, xy_bar, vxy_bar, bar_q, bar_qd, b0, CHUNK);                      \
      else                                                                                         \
        fingertip_vjp_chunk(m, s, xy_bar, vxy_bar, bar_q, bar_qd, b0, nb);                         \
    }                                                                                              \
  }

// The copy loops of partial chunks must stay loops (see copy_row); GCC would make each a call
// to memcpy, 46 calls per chunk, a quarter of a one-arm step.
#if defined(__GNUC__) && !defined(__clang__)
#define REACH_NO_MEMCPY __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define REACH_NO_MEMCPY
#endif
REACH_ARM_PATH(portable, REACH_NO_MEMCPY)
#if REACH_ARM_HAVE_X86_PATHS
// GCC's generic tuning would use 256-bit vectors for AVX-512 code; 512 bits win here (bench).
#if defined(__clang__)
#define REACH_AVX512 \
  __attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma"), min_vector_width(512)))
#else
#define REACH_AVX512 \
  __attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma,prefer-vector-width=512")))
#endif
REACH_ARM_PATH(avx2, REACH_NO_MEMCPY __attribute__((target("avx2,fma"))))
REACH_ARM_PATH(avx512, REACH_NO_MEMCPY REACH_AVX512)
#endif
