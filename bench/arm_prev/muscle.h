// SPDX-License-Identifier: GPL-3.0-or-later
// Rigid-tendon Hill muscle and first-order activation dynamics, per muscle, as inline kernels
// shared by the forward step (arm.c) and its adjoint (arm_adjoint.c). Spec §2.3-§2.4.
// Only the selected branch of each piecewise law is evaluated (spec §7): the unused Hill branch
// can divide by zero.
#ifndef REACH_BENCH_PREV_MUSCLE_H
#define REACH_BENCH_PREV_MUSCLE_H

#include "plant/arm.h"

// The source writes f_L as 1 + (−l̃² + 2l̃ − 1)/0.66²; keep that form (as a product with the
// reciprocal: divisions dominate the step's cost, and the rounding differs by an ulp).
#define REACH_FL_WIDTH2     (0.66 * 0.66)
#define REACH_FL_INV_WIDTH2 (1.0 / (0.66 * 0.66))
#define REACH_BREL_SLOPE    (0.9 / (0.005 - 0.3))
#define REACH_HILL_S        0.001
#define REACH_HILL_A        0.41
#define REACH_HILL_B        5.2

static inline double reach_clamp(double x, double lo, double hi) {
  x = x < lo ? lo : x;
  return x > hi ? hi : x;
}

// torch.clamp passes gradient at equality with a bound, so "inside" is inclusive.
static inline double reach_clamp_pass(double x, double lo, double hi) {
  return (x >= lo && x <= hi) ? 1.0 : 0.0;
}

// The constants of muscle i, gathered so a loop over arms holds them in registers.
typedef struct reach_muscle_params {
  double l0_se, l0_pe, inv_l0_ce, k_pe, inv_vmax, fmax;
} reach_muscle_params;

static inline reach_muscle_params reach_muscle_params_of(const reach_arm_model *m, int i) {
  return (reach_muscle_params){m->l0_se[i], m->l0_pe[i],    m->inv_l0_ce[i],
                               m->k_pe[i],  m->inv_vmax[i], m->fmax[i]};
}

// Intermediate values of one Hill evaluation, kept for the adjoint.
typedef struct reach_hill {
  double lm, flpe, flce, factive, force;
  // for the adjoint
  double strain, ln, flce_raw, vn, arel, brel, fa_raw;
} reach_hill;

// Branch-free (every piecewise choice is a select), so the batched step's loop over arms
// vectorises. Only the selected branch's division is evaluated.
__attribute__((always_inline)) static inline void reach_hill_eval(reach_muscle_params p, double a,
                                                                  double lmt, double vmt,
                                                                  reach_hill *o) {
  double lm = lmt - p.l0_se;
  lm = lm < 0.0 ? 0.0 : lm;
  double strain = (lm - p.l0_pe) * p.inv_l0_ce;
  strain = strain < 0.0 ? 0.0 : strain;
  double flpe = p.k_pe * strain * strain;
  double ln = lm * p.inv_l0_ce;
  double flce_raw = 1.0 + (-ln * ln + 2.0 * ln - 1.0) * REACH_FL_INV_WIDTH2;
  double flce = flce_raw > 0.01 ? flce_raw : 0.01;
  double vn = vmt * p.inv_vmax;
  double arel_long = REACH_HILL_A * flce;
  double arel = ln > 1.0 ? arel_long : REACH_HILL_A;
  double w = 1.0 - REACH_BREL_SLOPE * (a - 0.3);
  double brel_low = REACH_HILL_B * w * w;
  double brel = a < 0.3 ? brel_low : REACH_HILL_B;
  double fa = flce * a;
  // concentric (ṽ < 0): (ṽ a A + fa B)/(B − ṽ)
  double num_c = vn * a * arel + fa * brel, den_c = brel - vn;
  // Eccentric: (−p1 p3 + p1 s ṽ + p2 − p3 ṽ + s ṽ²)/(p1 + ṽ) with p1 = −h/P, p2 = h²/P,
  // h = fa/2, P = s − 2a(f_L + A)/B, multiplied through by P·B so that it takes one division
  // instead of four (the step's cost is its division chain). Every term of the numerator and of
  // the denominator has one sign, so nothing cancels.
  const double s = REACH_HILL_S;
  double half = fa * 0.5, p3 = -1.5 * fa;
  double e = s * brel - 2.0 * a * (flce + arel);  // P·B
  double num_e = brel * (half * p3 - half * s * vn + half * half) + e * (s * vn * vn - p3 * vn);
  double den_e = vn * e - half * brel;
  double fact = (vn < 0.0 ? num_c : num_e) / (vn < 0.0 ? den_c : den_e);
  o->fa_raw = fact;
  fact = fact < 0.0 ? 0.0 : fact;
  o->lm = lm;
  o->flpe = flpe;
  o->flce = flce;
  o->factive = fact;
  o->force = (fact + flpe) * p.fmax;
  o->strain = strain;
  o->ln = ln;
  o->flce_raw = flce_raw;
  o->vn = vn;
  o->arel = arel;
  o->brel = brel;
}

// Adjoint of reach_hill_eval: given ∂/∂force (force_bar) and ∂/∂lm (lm_bar), adds the pull-back
// to *a_bar, *lmt_bar and *vmt_bar. h must come from reach_hill_eval at the same (a, lmt, vmt).
static inline void reach_hill_vjp(const reach_arm_model *m, int i, double a, double lmt,
                                  const reach_hill *h, double force_bar, double lm_bar,
                                  double *a_bar, double *lmt_bar, double *vmt_bar) {
  double fact_bar = h->fa_raw > 0.0 ? force_bar * m->fmax[i] : 0.0;
  double flpe_bar = force_bar * m->fmax[i];
  double flce = h->flce, arel = h->arel, brel = h->brel, vn = h->vn;
  double fa = flce * a;

  // partials of the active force with respect to (a direct, flce, arel, brel, vn)
  double d_a, d_flce, d_arel, d_brel, d_vn;
  if (vn < 0.0) {
    double num = vn * a * arel + fa * brel;
    double den = brel - vn;
    double q = num / (den * den);
    d_vn = a * arel / den + q;
    d_a = (vn * arel + flce * brel) / den;
    d_arel = vn * a / den;
    d_flce = a * brel / den;
    d_brel = fa / den - q;
  } else {
    const double s = REACH_HILL_S;
    double slope0 = a * (flce + arel) / brel;
    double half = fa * 0.5;
    double den_p = s - 2.0 * slope0;
    double p1 = -half / den_p;
    double p2 = half * half / den_p;
    double p3 = -1.5 * fa;
    double num = -p1 * p3 + p1 * s * vn + p2 - p3 * vn + s * vn * vn;
    double den = p1 + vn;
    double q = num / (den * den);
    d_vn = (p1 * s - p3 + 2.0 * s * vn) / den - q;
    double d_p1 = (-p3 + s * vn) / den - q;
    double d_p2 = 1.0 / den;
    double d_p3 = -1.0;  // (−p1 − vn)/(p1 + vn)
    // p1 = −half/den_p, p2 = half²/den_p, p3 = −1.5·fa, half = fa/2, den_p = s − 2·slope0
    double d_half = d_p1 * (-1.0 / den_p) + d_p2 * (2.0 * half / den_p);
    double d_denp = d_p1 * (half / (den_p * den_p)) + d_p2 * (-half * half / (den_p * den_p));
    double d_fa = 0.5 * d_half - 1.5 * d_p3;
    double d_slope0 = -2.0 * d_denp;
    // slope0 = a (flce + arel)/brel, fa = flce·a
    d_a = d_fa * flce + d_slope0 * (flce + arel) / brel;
    d_flce = d_fa * a + d_slope0 * a / brel;
    d_arel = d_slope0 * a / brel;
    d_brel = -d_slope0 * slope0 / brel;
  }

  double a_b = fact_bar * d_a;
  double flce_b = fact_bar * d_flce;
  double arel_b = fact_bar * d_arel;
  double brel_b = fact_bar * d_brel;
  double vn_b = fact_bar * d_vn;

  if (a < 0.3) {
    const double c = REACH_BREL_SLOPE;
    double w = 1.0 - c * (a - 0.3);
    a_b += brel_b * REACH_HILL_B * 2.0 * w * (-c);
  }
  if (h->ln > 1.0) flce_b += arel_b * REACH_HILL_A;
  double ln_b = 0.0;
  if (h->flce_raw > 0.01) ln_b += flce_b * (-2.0 * h->ln + 2.0) * REACH_FL_INV_WIDTH2;
  double lm_b = lm_bar + ln_b * m->inv_l0_ce[i];
  if (h->strain > 0.0) lm_b += flpe_bar * m->k_pe[i] * 2.0 * h->strain * m->inv_l0_ce[i];
  *a_bar += a_b;
  if (lmt - m->l0_se[i] >= 0.0) *lmt_bar += lm_b;
  *vmt_bar += vn_b * m->inv_vmax[i];
}

// Activation rate ȧ = (ũ − ã)/τ with ũ, ã clamped to [a_min, 1] (spec §2.3).
__attribute__((always_inline)) static inline double reach_activation_rate(const reach_arm_model *m,
                                                                          double u, double a) {
  double uc = reach_clamp(u, m->a_min, 1.0);
  double ac = reach_clamp(a, m->a_min, 1.0);
  double k = 0.5 + 1.5 * ac;
  // 1/τ of both laws, then a select, so that the batched loop vectorises
  double inv_act = 1.0 / (m->tau_act * k), inv_deact = k * (1.0 / m->tau_deact);
  double inv_tau = uc > ac ? inv_act : inv_deact;
  return (uc - ac) * inv_tau;
}

// Adjoint of reach_activation_rate: adds rate_bar·∂ȧ/∂u to *u_bar and rate_bar·∂ȧ/∂a to *a_bar.
static inline void reach_activation_rate_vjp(const reach_arm_model *m, double u, double a,
                                             double rate_bar, double *u_bar, double *a_bar) {
  double uc = reach_clamp(u, m->a_min, 1.0);
  double ac = reach_clamp(a, m->a_min, 1.0);
  double k = 0.5 + 1.5 * ac;
  double tau, dtau_dac;
  if (uc > ac) {
    tau = m->tau_act * k;
    dtau_dac = 1.5 * m->tau_act;
  } else {
    tau = m->tau_deact / k;
    dtau_dac = -1.5 * m->tau_deact / (k * k);
  }
  double uc_b = rate_bar / tau;
  double ac_b = rate_bar * (-1.0 / tau - (uc - ac) / (tau * tau) * dtau_dac);
  *u_bar += uc_b * reach_clamp_pass(u, m->a_min, 1.0);
  *a_bar += ac_b * reach_clamp_pass(a, m->a_min, 1.0);
}

#endif
