// SPDX-License-Identifier: GPL-3.0-or-later
// Rigid-tendon Hill muscle and first-order activation dynamics, per muscle, as inline kernels
// shared by the forward step (arm.c) and its adjoint (arm_adjoint.c). Spec §2.3-§2.4.
// Only the selected branch of each piecewise law is evaluated (spec §7): the unused Hill branch
// can divide by zero.
#ifndef REACH_MUSCLE_H
#define REACH_MUSCLE_H

#include "arm.h"

// The source writes f_L as 1 + (−l̃² + 2l̃ − 1)/0.66²; keep that form so rounding matches.
#define REACH_FL_WIDTH2 (0.66 * 0.66)
#define REACH_HILL_S 0.001
#define REACH_HILL_A 0.41
#define REACH_HILL_B 5.2

static inline double reach_clamp(double x, double lo, double hi) {
  return x < lo ? lo : (x > hi ? hi : x);
}

// torch.clamp passes gradient at equality with a bound, so "inside" is inclusive.
static inline double reach_clamp_pass(double x, double lo, double hi) {
  return (x >= lo && x <= hi) ? 1.0 : 0.0;
}

// Intermediate values of one Hill evaluation, kept for the adjoint.
typedef struct reach_hill {
  double lm, flpe, flce, factive, force;
  // for the adjoint
  double strain, ln, flce_raw, vn, arel, brel, fa_raw;
} reach_hill;

static inline void reach_hill_eval(const reach_arm_model *m, int i, double a, double lmt,
                                   double vmt, reach_hill *o) {
  double lm = lmt - m->l0_se[i];
  if (lm < 0.0) lm = 0.0;
  double strain = (lm - m->l0_pe[i]) / m->l0_ce[i];
  if (strain < 0.0) strain = 0.0;
  double flpe = m->k_pe[i] * strain * strain;
  double ln = lm / m->l0_ce[i];
  double flce_raw = 1.0 + (-ln * ln + 2.0 * ln - 1.0) / REACH_FL_WIDTH2;
  double flce = flce_raw > 0.01 ? flce_raw : 0.01;
  double vn = vmt / m->vmax[i];
  double arel = ln > 1.0 ? REACH_HILL_A * flce : REACH_HILL_A;
  double brel = REACH_HILL_B;
  if (a < 0.3) {
    double w = 1.0 - 0.9 * ((a - 0.3) / (0.005 - 0.3));
    brel = REACH_HILL_B * w * w;
  }
  double fa = flce * a;
  double fact;
  if (vn < 0.0) {
    fact = (vn * a * arel + fa * brel) / (brel - vn);
  } else {
    double slope0 = a * (flce + arel) / brel;
    double half = fa * 0.5;
    double den_p = REACH_HILL_S - 2.0 * slope0;
    double p1 = -half / den_p;
    double p2 = half * half / den_p;
    double p3 = -1.5 * fa;
    fact = (-p1 * p3 + p1 * REACH_HILL_S * vn + p2 - p3 * vn + REACH_HILL_S * vn * vn) / (p1 + vn);
  }
  o->fa_raw = fact;
  if (fact < 0.0) fact = 0.0;
  o->lm = lm;
  o->flpe = flpe;
  o->flce = flce;
  o->factive = fact;
  o->force = (fact + flpe) * m->fmax[i];
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
    const double c = 0.9 / (0.005 - 0.3);
    double w = 1.0 - c * (a - 0.3);
    a_b += brel_b * REACH_HILL_B * 2.0 * w * (-c);
  }
  if (h->ln > 1.0) flce_b += arel_b * REACH_HILL_A;
  double ln_b = 0.0;
  if (h->flce_raw > 0.01) ln_b += flce_b * (-2.0 * h->ln + 2.0) / REACH_FL_WIDTH2;
  double lm_b = lm_bar + ln_b / m->l0_ce[i];
  if (h->strain > 0.0) lm_b += flpe_bar * m->k_pe[i] * 2.0 * h->strain / m->l0_ce[i];
  *a_bar += a_b;
  if (lmt - m->l0_se[i] >= 0.0) *lmt_bar += lm_b;
  *vmt_bar += vn_b / m->vmax[i];
}

// Activation rate ȧ = (ũ − ã)/τ with ũ, ã clamped to [a_min, 1] (spec §2.3).
static inline double reach_activation_rate(const reach_arm_model *m, double u, double a) {
  double uc = reach_clamp(u, m->a_min, 1.0);
  double ac = reach_clamp(a, m->a_min, 1.0);
  double k = 0.5 + 1.5 * ac;
  double tau = uc > ac ? m->tau_act * k : m->tau_deact / k;
  return (uc - ac) / tau;
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
