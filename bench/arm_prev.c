// SPDX-License-Identifier: GPL-3.0-or-later
// The arm26 step and adjoint as they were before the per-ISA kernels (commit 52d414b): the
// chunked, auto-vectorised forward with libm's sin/cos, and the per-arm scalar adjoint; and the
// batched fingertip and its adjoint, one arm at a time. Kept
// verbatim (functions renamed, muscle.h and skeleton.h copied to arm_prev/) as the same-run
// baseline of bench/arm-step and as the "old arm" that tests/core/test_arm_isa.c measures the
// new one against.
#include "arm_prev.h"

#include <math.h>
#include <stddef.h>

#include "arm_prev/muscle.h"
#include "arm_prev/skeleton.h"

#define KEEP(k) 1

// The step runs in passes over chunks of arms, each pass a loop over arms with no branches, so
// that the compiler vectorises it across the batch (the structure-of-arrays layout makes each
// field contiguous). Scratch lives on the stack: a step never allocates.
enum { CHUNK = 32 };

static void step_chunk(const reach_arm_model *model, const reach_arm_state *s, const double *u,
                       const double *f_end, reach_arm_state *out, int b0, int nb) {
  // a local copy: the compiler can then keep constants in registers across stores to out
  const reach_arm_model local = *model, *m = &local;
  const size_t n = (size_t)s->batch;
  const double dt = m->dt;
  double lmt[REACH_NMUSCLE][CHUNK], vmt[REACH_NMUSCLE][CHUNK];
  double act[REACH_NMUSCLE][CHUNK];
  double tau0[CHUNK], tau1[CHUNK], s1[CHUNK], c1[CHUNK], s2[CHUNK], c2[CHUNK];
  const double *q0 = s->q + b0, *q1 = s->q + n + b0, *qd0 = s->qd + b0, *qd1 = s->qd + n + b0;

  // geometry at the old state, and the torque of the *stored* force (the one-step lag)
  for (int c = 0; c < nb; c++) tau0[c] = tau1[c] = 0.0;
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    const double g1a = m->g1[0][i], g1b = m->g1[1][i], g2a = m->g2[0][i], g2b = m->g2[1][i];
    const double *f = s->force + (size_t)i * n + b0;
    for (int c = 0; c < nb; c++) {
      double p0 = q0[c] - m->phi0[0], p1 = q1[c] - m->phi0[1];
      double ra = g1a + 2.0 * g2a * p0, rb = g1b + 2.0 * g2b * p1;
      lmt[i][c] = m->g0[i] + ((g1a + g2a * p0) * p0 + (g1b + g2b * p1) * p1);
      vmt[i][c] = ra * qd0[c] + rb * qd1[c];
      tau0[c] -= f[c] * ra;
      tau1[c] -= f[c] * rb;
    }
  }
  // activation Euler update
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    const double *a = s->act + (size_t)i * n + b0, *ui = u + (size_t)i * n + b0;
    for (int c = 0; c < nb; c++)
      act[i][c] = reach_clamp(a[c] + dt * reach_activation_rate(m, ui[c], a[c]), m->a_min, 1.0);
  }
  // the joint accelerations use only the old state, so take them before out is written
  double qdd0[CHUNK], qdd1[CHUNK];
  for (int c = 0; c < nb; c++) {
    s1[c] = sin(q0[c]);
    c1[c] = cos(q0[c]);
    s2[c] = sin(q1[c]);
    c2[c] = cos(q1[c]);
  }
  static const double no_load[CHUNK];
  const double *fx = f_end ? f_end + b0 : no_load, *fy = f_end ? f_end + n + b0 : no_load;
  for (int c = 0; c < nb; c++) {
    reach_trig t = {
        s1[c], c1[c], s2[c], c2[c], s1[c] * c2[c] + c1[c] * s2[c], c1[c] * c2[c] - s1[c] * s2[c]};
    double qd[2] = {qd0[c], qd1[c]}, tau[2] = {tau0[c], tau1[c]}, fe[2] = {fx[c], fy[c]}, qdd[2];
    reach_skeleton_accel(m, &t, qd, tau, fe, qdd);
    qdd0[c] = qdd[0];
    qdd1[c] = qdd[1];
  }
  // the new force uses the new activation and the *old* geometry
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    size_t k0 = (size_t)i * n + b0;
    double *o_act = out->act + k0, *o_force = out->force + k0, *o_mlen = out->mlen + k0,
           *o_mvel = out->mvel + k0, *o_flpe = out->flpe + k0, *o_flce = out->flce + k0,
           *o_fact = out->factive + k0;
    const double *ai = act[i], *li = lmt[i], *vi = vmt[i];
    const reach_muscle_params mp = reach_muscle_params_of(m, i);
    for (int c = 0; c < nb; c++) {
      reach_hill h;
      reach_hill_eval(mp, ai[c], li[c], vi[c], &h);
      o_act[c] = ai[c];
      o_force[c] = h.force;
      o_mlen[c] = h.lm;
      o_mvel[c] = vi[c];
      o_flpe[c] = h.flpe;
      o_flce[c] = h.flce;
      o_fact[c] = h.factive;
    }
  }
  // plain explicit Euler (the position uses the old velocity), then the joint limits
  for (int j = 0; j < 2; j++) {
    const double *q = j ? q1 : q0, *qd = j ? qd1 : qd0, *qdd = j ? qdd1 : qdd0;
    double *qo = out->q + (size_t)j * n + b0, *qdo = out->qd + (size_t)j * n + b0;
    const double lo = m->q_lo[j], hi = m->q_hi[j];
    for (int c = 0; c < nb; c++) {
      double qn = q[c] + dt * qd[c];
      double qdn = reach_clamp(qd[c] + dt * qdd[c], -m->qd_lim, m->qd_lim);
      qdn = (qn <= lo && qdn < 0.0) || (qn >= hi && qdn > 0.0) ? 0.0 : qdn;
      qo[c] = reach_clamp(qn, lo, hi);
      qdo[c] = qdn;
    }
  }
}

void arm_prev_step(const reach_arm_model *m, const reach_arm_state *s, const double *u,
                   const double *f_end, reach_arm_state *out) {
  for (int b0 = 0; b0 < s->batch; b0 += CHUNK) {
    int nb = s->batch - b0 < CHUNK ? s->batch - b0 : CHUNK;
    step_chunk(m, s, u, f_end, out, b0, nb);
  }
}

void arm_prev_step_vjp(const reach_arm_model *m, const reach_arm_state *s, const double *u,
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

static void prev_fingertip(const reach_arm_model *m, const double q[REACH_NJOINT],
                           const double qd[REACH_NJOINT], double pos[2], double vel[2],
                           double jac[4]) {
  reach_trig t;
  reach_trig_eval(&t, q);
  double j00 = -m->l1 * t.s1 - m->l2 * t.s12, j01 = -m->l2 * t.s12;
  double j10 = m->l1 * t.c1 + m->l2 * t.c12, j11 = m->l2 * t.c12;
  if (pos) {
    pos[0] = m->l1 * t.c1 + m->l2 * t.c12;
    pos[1] = m->l1 * t.s1 + m->l2 * t.s12;
  }
  if (vel) {
    vel[0] = j00 * qd[0] + j01 * qd[1];
    vel[1] = j10 * qd[0] + j11 * qd[1];
  }
  if (jac) {
    jac[0] = j00;
    jac[1] = j01;
    jac[2] = j10;
    jac[3] = j11;
  }
}
void arm_prev_fingertip_batch(const reach_arm_model *m, const reach_arm_state *s, double *xy,
                              double *vxy) {
  const int n = s->batch;
  for (int b = 0; b < n; b++) {
    double q[2] = {s->q[b], s->q[n + b]}, qd[2] = {s->qd[b], s->qd[n + b]};
    double p[2], v[2];
    prev_fingertip(m, q, qd, p, v, NULL);
    if (xy) {
      xy[b] = p[0];
      xy[n + b] = p[1];
    }
    if (vxy) {
      vxy[b] = v[0];
      vxy[n + b] = v[1];
    }
  }
}
static void prev_fingertip_vjp1(const reach_arm_model *m, const double q[REACH_NJOINT],
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
void arm_prev_fingertip_vjp(const reach_arm_model *m, const reach_arm_state *s,
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
    prev_fingertip_vjp1(m, q, qd, xy_bar ? pb : NULL, vxy_bar ? vb : NULL, qb, qdb);
    bar_q[b] += qb[0];
    bar_q[n + b] += qb[1];
    bar_qd[b] += qdb[0];
    bar_qd[n + b] += qdb[1];
  }
}
