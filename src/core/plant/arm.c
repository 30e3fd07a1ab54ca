// SPDX-License-Identifier: GPL-3.0-or-later
// arm26 forward dynamics: model constants, batched state, reset and the Euler step (spec §1-§3).
#include "arm.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arm_isa.h"
#include "muscle.h"
#include "skeleton.h"

#define REACH_PI 3.14159265358979323846

const char *const reach_muscle_names[REACH_NMUSCLE] = {
    "pectoralis", "deltoid", "brachioradialis", "tricepslat", "biceps", "tricepslong",
};

void reach_arm_model_arm26(reach_arm_model *m) {
  // RigidTendonArm26 builds its own TwoDofArm (the class defaults differ and are not used).
  static const reach_arm_model arm26 = {
      .dt = 0.01,
      .m1 = 1.82,
      .m2 = 1.43,
      .l1 = 0.309,
      .l2 = 0.333,
      .l1g = 0.135,
      .l2g = 0.165,
      .i1 = 0.051,
      .i2 = 0.057,
      .q_lo = {0.0, 0.0},
      .qd_lim = 1000.0,
      .fmax = {838., 1207., 1422., 1549., 414., 603.},
      .l0_ce = {0.134, 0.140, 0.092, 0.093, 0.137, 0.127},
      .l0_se = {0.039, 0.066, 0.172, 0.187, 0.204, 0.217},
      .a_min = 0.001,
      .tau_act = 0.015,
      .tau_deact = 0.05,
      .g0 = {0.151, 0.2322, 0.2859, 0.2355, 0.3329, 0.2989},
      .g1 = {{-.03, .03, 0., 0., -.03, .03}, {0., 0., -.014, .025, -.016, .03}},
      .g2 = {{0., 0., 0., 0., 0., 0.}, {0., 0., -4e-3, -2.2e-3, -5.7e-3, -3.2e-3}},
  };
  *m = arm26;
  // degrees to radians exactly as NumPy's deg2rad: x·(π/180)
  m->q_hi[0] = 135.0 * (REACH_PI / 180.0);
  m->q_hi[1] = 155.0 * (REACH_PI / 180.0);
  m->phi0[0] = REACH_PI / 2.0;
  m->phi0[1] = 0.0;
  reach_arm_model_finish(m);
}

void reach_arm_model_finish(reach_arm_model *m) {
  m->h = m->m2 * m->l1 * m->l2g;
  m->m11_c = m->m1 * m->l1g * m->l1g + m->i1 + m->m2 * (m->l2g * m->l2g + m->l1 * m->l1) + m->i2;
  m->m11_v = 2.0 * m->h;
  m->m12_c = m->m2 * m->l2g * m->l2g + m->i2;
  m->m12_v = m->h;
  m->m22 = m->m2 * m->l2g * m->l2g + m->i2;
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    m->l0_pe[i] = 1.4 * m->l0_ce[i];
    double d = 1.66 - m->l0_pe[i] / m->l0_ce[i];
    m->k_pe[i] = 1.0 / (d * d);
    m->vmax[i] = 10.0 * m->l0_ce[i];
    m->inv_l0_ce[i] = 1.0 / m->l0_ce[i];
    m->inv_vmax[i] = 1.0 / m->vmax[i];
  }
}

// Field pointers into one block, in the order of the struct (and of reach_arm_state_row).
static void state_bind(reach_arm_state *s, double *block, int batch) {
  size_t n = (size_t)batch;
  s->batch = batch;
  s->block = block;
  s->q = block;
  s->qd = s->q + 2 * n;
  s->act = s->qd + 2 * n;
  s->force = s->act + REACH_NMUSCLE * n;
  s->mlen = s->force + REACH_NMUSCLE * n;
  s->mvel = s->mlen + REACH_NMUSCLE * n;
  s->flpe = s->mvel + REACH_NMUSCLE * n;
  s->flce = s->flpe + REACH_NMUSCLE * n;
  s->factive = s->flce + REACH_NMUSCLE * n;
}

int reach_arm_state_init(reach_arm_state *s, int batch) {
  double *block = calloc((size_t)batch * REACH_ARM_STATE_ROWS, sizeof *block);
  if (!block) return -1;
  state_bind(s, block, batch);
  return 0;
}

void reach_arm_state_free(reach_arm_state *s) {
  free(s->block);
  memset(s, 0, sizeof *s);
}

void reach_arm_state_copy(reach_arm_state *dst, const reach_arm_state *src) {
  memcpy(dst->block, src->block, (size_t)src->batch * REACH_ARM_STATE_ROWS * sizeof(double));
}

void reach_arm_state_row(const reach_arm_state *s, int b, double row[REACH_ARM_STATE_ROWS]) {
  size_t n = (size_t)s->batch;
  for (int r = 0; r < REACH_ARM_STATE_ROWS; r++) row[r] = s->block[(size_t)r * n + (size_t)b];
}

int reach_arm_adjoint_init(reach_arm_adjoint *a, int batch) {
  size_t n = (size_t)batch;
  double *block = calloc(n * REACH_ARM_ADJOINT_ROWS, sizeof *block);
  if (!block) return -1;
  a->batch = batch;
  a->block = block;
  a->q = block;
  a->qd = a->q + 2 * n;
  a->act = a->qd + 2 * n;
  a->force = a->act + REACH_NMUSCLE * n;
  a->mlen = a->force + REACH_NMUSCLE * n;
  a->mvel = a->mlen + REACH_NMUSCLE * n;
  return 0;
}

void reach_arm_adjoint_free(reach_arm_adjoint *a) {
  free(a->block);
  memset(a, 0, sizeof *a);
}

void reach_arm_adjoint_zero(reach_arm_adjoint *a) {
  memset(a->block, 0, (size_t)a->batch * REACH_ARM_ADJOINT_ROWS * sizeof(double));
}

void reach_arm_geometry(const reach_arm_model *m, const double q[REACH_NJOINT],
                        const double qd[REACH_NJOINT], double lmt[REACH_NMUSCLE],
                        double vmt[REACH_NMUSCLE], double arm_sho[REACH_NMUSCLE],
                        double arm_elb[REACH_NMUSCLE]) {
  double phi0 = q[0] - m->phi0[0], phi1 = q[1] - m->phi0[1];
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    double r0 = m->g1[0][i] + 2.0 * m->g2[0][i] * phi0;
    double r1 = m->g1[1][i] + 2.0 * m->g2[1][i] * phi1;
    if (lmt) {
      lmt[i] = m->g0[i] + ((m->g1[0][i] + m->g2[0][i] * phi0) * phi0 +
                           (m->g1[1][i] + m->g2[1][i] * phi1) * phi1);
    }
    if (vmt) vmt[i] = r0 * qd[0] + r1 * qd[1];
    if (arm_sho) arm_sho[i] = r0;
    if (arm_elb) arm_elb[i] = r1;
  }
}

void reach_arm_fingertip(const reach_arm_model *m, const double q[REACH_NJOINT],
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

// Hill evaluation for all six muscles of arm b at activation act and geometry (lmt, vmt), written
// into the muscle-state fields of out.
static void muscle_state_write(const reach_arm_model *m, reach_arm_state *out, int b,
                               const double act[REACH_NMUSCLE], const double lmt[REACH_NMUSCLE],
                               const double vmt[REACH_NMUSCLE]) {
  const size_t n = (size_t)out->batch;
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    reach_hill h;
    reach_hill_eval(reach_muscle_params_of(m, i), act[i], lmt[i], vmt[i], &h);
    size_t k = (size_t)i * n + (size_t)b;
    out->act[k] = act[i];
    out->force[k] = h.force;
    out->mlen[k] = h.lm;
    out->mvel[k] = vmt[i];
    out->flpe[k] = h.flpe;
    out->flce[k] = h.flce;
    out->factive[k] = h.factive;
  }
}

void reach_arm_reset(const reach_arm_model *m, reach_arm_state *s, const double *q0,
                     const double q_default[REACH_NJOINT]) {
  const int n = s->batch;
  for (int b = 0; b < n; b++) {
    double q[2], qd[2] = {0.0, 0.0};
    q[0] = q0 ? q0[b] : q_default[0];
    q[1] = q0 ? q0[n + b] : q_default[1];
    s->q[b] = q[0];
    s->q[n + b] = q[1];
    s->qd[b] = 0.0;
    s->qd[n + b] = 0.0;
    double lmt[REACH_NMUSCLE], vmt[REACH_NMUSCLE], act[REACH_NMUSCLE];
    reach_arm_geometry(m, q, qd, lmt, vmt, NULL, NULL);
    for (int i = 0; i < REACH_NMUSCLE; i++) act[i] = m->a_min;
    muscle_state_write(m, s, b, act, lmt, vmt);
  }
}

// The step itself is in arm_kernels.c, once per ISA; all paths give the same bits, so the
// choice only changes the speed.
int reach_arm_isa_available(reach_arm_isa isa) {
  switch (isa) {
    case REACH_ARM_ISA_PORTABLE: return 1;
#if REACH_ARM_HAVE_X86_PATHS
    case REACH_ARM_ISA_AVX2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case REACH_ARM_ISA_AVX512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
             __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx2") &&
             __builtin_cpu_supports("fma");
#endif
    default: return 0;
  }
}

reach_arm_isa reach_arm_isa_best(void) {
  // AVX-512 wins on the Sapphire Rapids class this was measured on (bench/arm_step.c prints
  // every path), AVX2 next.
  if (reach_arm_isa_available(REACH_ARM_ISA_AVX512)) return REACH_ARM_ISA_AVX512;
  if (reach_arm_isa_available(REACH_ARM_ISA_AVX2)) return REACH_ARM_ISA_AVX2;
  return REACH_ARM_ISA_PORTABLE;
}

const char *reach_arm_isa_name(reach_arm_isa isa) {
  switch (isa) {
    case REACH_ARM_ISA_PORTABLE: return "portable";
    case REACH_ARM_ISA_AVX2: return "avx2";
    case REACH_ARM_ISA_AVX512: return "avx512";
    default: return "?";
  }
}

static reach_arm_isa isa_resolve(reach_arm_isa isa) {
  if (isa == REACH_ARM_ISA_BEST) return reach_arm_isa_best();
  return reach_arm_isa_available(isa) ? isa : REACH_ARM_ISA_PORTABLE;
}

void reach_arm_step_isa(reach_arm_isa isa, const reach_arm_model *m, const reach_arm_state *s,
                        const double *u, const double *f_end, reach_arm_state *out) {
  switch (isa_resolve(isa)) {
#if REACH_ARM_HAVE_X86_PATHS
    case REACH_ARM_ISA_AVX512: reach_arm_step_avx512(m, s, u, f_end, out); return;
    case REACH_ARM_ISA_AVX2: reach_arm_step_avx2(m, s, u, f_end, out); return;
#endif
    default: reach_arm_step_portable(m, s, u, f_end, out);
  }
}

void reach_arm_step_vjp_isa(reach_arm_isa isa, const reach_arm_model *m, const reach_arm_state *s,
                            const double *u, const double *f_end, const reach_arm_adjoint *bar_out,
                            reach_arm_adjoint *bar_in, double *u_bar, double *f_end_bar) {
  switch (isa_resolve(isa)) {
#if REACH_ARM_HAVE_X86_PATHS
    case REACH_ARM_ISA_AVX512:
      reach_arm_step_vjp_avx512(m, s, u, f_end, bar_out, bar_in, u_bar, f_end_bar);
      return;
    case REACH_ARM_ISA_AVX2:
      reach_arm_step_vjp_avx2(m, s, u, f_end, bar_out, bar_in, u_bar, f_end_bar);
      return;
#endif
    default: reach_arm_step_vjp_portable(m, s, u, f_end, bar_out, bar_in, u_bar, f_end_bar);
  }
}

void reach_arm_fingertip_batch_isa(reach_arm_isa isa, const reach_arm_model *m,
                                   const reach_arm_state *s, double *xy, double *vxy) {
  switch (isa_resolve(isa)) {
#if REACH_ARM_HAVE_X86_PATHS
    case REACH_ARM_ISA_AVX512: reach_arm_fingertip_batch_avx512(m, s, xy, vxy); return;
    case REACH_ARM_ISA_AVX2: reach_arm_fingertip_batch_avx2(m, s, xy, vxy); return;
#endif
    default: reach_arm_fingertip_batch_portable(m, s, xy, vxy);
  }
}

void reach_arm_fingertip_vjp_isa(reach_arm_isa isa, const reach_arm_model *m,
                                 const reach_arm_state *s, const double *xy_bar,
                                 const double *vxy_bar, double *bar_q, double *bar_qd) {
  switch (isa_resolve(isa)) {
#if REACH_ARM_HAVE_X86_PATHS
    case REACH_ARM_ISA_AVX512:
      reach_arm_fingertip_vjp_avx512(m, s, xy_bar, vxy_bar, bar_q, bar_qd);
      return;
    case REACH_ARM_ISA_AVX2:
      reach_arm_fingertip_vjp_avx2(m, s, xy_bar, vxy_bar, bar_q, bar_qd);
      return;
#endif
    default: reach_arm_fingertip_vjp_portable(m, s, xy_bar, vxy_bar, bar_q, bar_qd);
  }
}

// The fastest path for a batch size (bench/arm_step.c, Sapphire Rapids class): one arm goes
// fastest without vectors at all, a few arms with AVX2's narrower vectors (less masked tail).
// Every path gives the same bits, so this changes only the speed.
static reach_arm_isa isa_for_batch(int batch) {
  reach_arm_isa best = reach_arm_isa_best();
  if (batch <= 1) return REACH_ARM_ISA_PORTABLE;
  if (batch < 8 && best == REACH_ARM_ISA_AVX512) return REACH_ARM_ISA_AVX2;
  return best;
}

void reach_arm_step(const reach_arm_model *m, const reach_arm_state *s, const double *u,
                    const double *f_end, reach_arm_state *out) {
  reach_arm_step_isa(isa_for_batch(s->batch), m, s, u, f_end, out);
}

void reach_arm_step_vjp(const reach_arm_model *m, const reach_arm_state *s, const double *u,
                        const double *f_end, const reach_arm_adjoint *bar_out,
                        reach_arm_adjoint *bar_in, double *u_bar, double *f_end_bar) {
  reach_arm_step_vjp_isa(isa_for_batch(s->batch), m, s, u, f_end, bar_out, bar_in, u_bar,
                         f_end_bar);
}

void reach_arm_fingertip_batch(const reach_arm_model *m, const reach_arm_state *s, double *xy,
                               double *vxy) {
  reach_arm_fingertip_batch_isa(isa_for_batch(s->batch), m, s, xy, vxy);
}

void reach_arm_fingertip_vjp(const reach_arm_model *m, const reach_arm_state *s,
                             const double *xy_bar, const double *vxy_bar, double *bar_q,
                             double *bar_qd) {
  reach_arm_fingertip_vjp_isa(isa_for_batch(s->batch), m, s, xy_bar, vxy_bar, bar_q, bar_qd);
}

int reach_arm_endpoint_force(const reach_arm_model *m, const reach_arm_state *s, int b,
                             double f[2]) {
  const int n = s->batch;
  double q[2] = {s->q[b], s->q[n + b]}, qd[2] = {s->qd[b], s->qd[n + b]};
  double r0[REACH_NMUSCLE], r1[REACH_NMUSCLE], jac[4];
  reach_arm_geometry(m, q, qd, NULL, NULL, r0, r1);
  reach_arm_fingertip(m, q, qd, NULL, NULL, jac);
  double tau0 = 0.0, tau1 = 0.0;
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    double fi = s->force[(size_t)i * (size_t)n + (size_t)b];
    tau0 -= fi * r0[i];
    tau1 -= fi * r1[i];
  }
  // solve Jᵀ F = τ
  double det = jac[0] * jac[3] - jac[1] * jac[2];
  f[0] = f[1] = 0.0;
  if (fabs(det) < 1e-12) return -1;
  f[0] = (jac[3] * tau0 - jac[2] * tau1) / det;
  f[1] = (-jac[1] * tau0 + jac[0] * tau1) / det;
  return 0;
}
