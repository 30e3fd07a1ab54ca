// SPDX-License-Identifier: GPL-3.0-or-later
// Rigid-tendon Hill muscle and first-order activation dynamics, per muscle, as inline kernels
// shared by the reset (arm.c) and the batched step and adjoint (arm_kernels.c). Spec §2.3-§2.4.
// Piecewise laws are selects, so both sides are evaluated (-fno-trapping-math), but a division
// divides the selected numerator by the selected denominator: the unused Hill branch's
// denominator, which can be zero (spec §7), is never divided by.
#ifndef REACH_MUSCLE_H
#define REACH_MUSCLE_H

#include "arm.h"

// The source writes f_L as 1 + (−l̃² + 2l̃ − 1)/0.66²; keep that form (as a product with the
// reciprocal: divisions dominate the step's cost, and the rounding differs by an ulp).
#define REACH_FL_WIDTH2     (0.66 * 0.66)
#define REACH_FL_INV_WIDTH2 (1.0 / (0.66 * 0.66))
#define REACH_BREL_SLOPE    (0.9 / (0.005 - 0.3))
#define REACH_HILL_S        0.001
#define REACH_HILL_A        0.41
#define REACH_HILL_B        5.2

__attribute__((always_inline)) static inline double reach_clamp(double x, double lo, double hi) {
  x = x < lo ? lo : x;
  return x > hi ? hi : x;
}

// torch.clamp passes gradient at equality with a bound, so "inside" is inclusive.
__attribute__((always_inline)) static inline double reach_clamp_pass(double x, double lo,
                                                                     double hi) {
  return (x >= lo && x <= hi) ? 1.0 : 0.0;
}

// The constants of muscle i, gathered so a loop over arms holds them in registers.
typedef struct reach_muscle_params {
  double l0_se, l0_pe, inv_l0_ce, k_pe, inv_vmax, fmax;
} reach_muscle_params;

__attribute__((always_inline)) static inline reach_muscle_params reach_muscle_params_of(
    const reach_arm_model *m, int i) {
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

// Adjoint of reach_hill_eval at the same (a, lmt, vmt), given ∂/∂force (force_bar) and ∂/∂lm
// (lm_bar). No branch (both laws' partials are formed and one is selected, so the batched loop
// vectorises) and one division, where the per-law chain rule through p1, p2, p3 took a dozen:
// the active force is N/D with N and D the numerator and denominator the forward computes (the
// eccentric pair already multiplied through by P·B), so ∂f_A = (∂N − f_A ∂D)/D for either law.
// Writes (not adds) *lmt_bar and *vmt_bar; adds to *a_bar.
__attribute__((always_inline)) static inline void reach_hill_vjp(reach_muscle_params p, double a,
                                                                 double lmt, const reach_hill *h,
                                                                 double force_bar, double lm_bar,
                                                                 double *a_bar, double *lmt_bar,
                                                                 double *vmt_bar) {
  const double s = REACH_HILL_S;
  double flce = h->flce, arel = h->arel, brel = h->brel, vn = h->vn, fact = h->fa_raw;
  double fact_bar = fact > 0.0 ? force_bar * p.fmax : 0.0;
  double flpe_bar = force_bar * p.fmax;
  double fa = flce * a;
  // the forward's denominators, recomputed with the same operations
  double half = fa * 0.5;
  double e = s * brel - 2.0 * a * (flce + arel);
  double den_c = brel - vn, den_e = vn * e - half * brel;
  int conc = vn < 0.0;
  double g = fact_bar / (conc ? den_c : den_e);  // ∂L/∂N
  double gd = -g * fact;                         // ∂L/∂D
  // concentric: N = ṽ a A + f_a B, D = B − ṽ
  double vn_c = g * (a * arel) - gd;
  double a_c = g * (vn * arel + flce * brel);
  double arel_c = g * (vn * a);
  double flce_c = g * (a * brel);
  double brel_c = g * fa + gd;
  // eccentric: N = B(−f_a²/2 − s f_a ṽ/2) + e(s ṽ² + 1.5 f_a ṽ), D = ṽ e − f_a B/2,
  // e = s B − 2a(f_L + A)
  double n_fa = brel * (-fa - 0.5 * s * vn) + e * (1.5 * vn);
  double n_e = s * vn * vn + 1.5 * fa * vn;
  double n_brel = -0.5 * fa * fa - 0.5 * s * fa * vn;
  double n_vn = brel * (-0.5 * s * fa) + e * (2.0 * s * vn + 1.5 * fa);
  double fa_e = g * n_fa + gd * (-0.5 * brel);
  double e_e = g * n_e + gd * vn;
  double brel_e = g * n_brel + gd * (-0.5 * fa) + e_e * s;
  double vn_e = g * n_vn + gd * e;
  double a_e = fa_e * flce + e_e * (-2.0 * (flce + arel));
  double flce_e = fa_e * a + e_e * (-2.0 * a);
  double arel_e = e_e * (-2.0 * a);

  double a_b = conc ? a_c : a_e;
  double flce_b = conc ? flce_c : flce_e;
  double arel_b = conc ? arel_c : arel_e;
  double brel_b = conc ? brel_c : brel_e;
  double vn_b = conc ? vn_c : vn_e;

  const double c = REACH_BREL_SLOPE;
  double w = 1.0 - c * (a - 0.3);
  a_b += a < 0.3 ? brel_b * REACH_HILL_B * 2.0 * w * (-c) : 0.0;
  flce_b += h->ln > 1.0 ? arel_b * REACH_HILL_A : 0.0;
  double ln_b = h->flce_raw > 0.01 ? flce_b * (-2.0 * h->ln + 2.0) * REACH_FL_INV_WIDTH2 : 0.0;
  double lm_b = lm_bar + ln_b * p.inv_l0_ce;
  lm_b += h->strain > 0.0 ? flpe_bar * p.k_pe * 2.0 * h->strain * p.inv_l0_ce : 0.0;
  *a_bar += a_b;
  *lmt_bar = lmt - p.l0_se >= 0.0 ? lm_b : 0.0;
  *vmt_bar = vn_b * p.inv_vmax;
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

// Adjoint of reach_activation_rate: the derivative of exactly what it computes, (ũ − ã)·(1/τ),
// with no branch and no division beyond the forward's. Writes rate_bar·∂ȧ/∂u to *u_bar and
// rate_bar·∂ȧ/∂a to *a_bar.
__attribute__((always_inline)) static inline void reach_activation_rate_vjp(
    const reach_arm_model *m, double u, double a, double rate_bar, double *u_bar, double *a_bar) {
  double uc = reach_clamp(u, m->a_min, 1.0);
  double ac = reach_clamp(a, m->a_min, 1.0);
  double k = 0.5 + 1.5 * ac;
  double inv_deact_c = 1.0 / m->tau_deact;
  double inv_act = 1.0 / (m->tau_act * k), inv_deact = k * inv_deact_c;
  int rising = uc > ac;
  double inv_tau = rising ? inv_act : inv_deact;
  // ∂(1/τ)/∂ã: −1.5 τ_act/(τ_act k)² rising, 1.5/τ_deact falling
  double dinv = rising ? -1.5 * m->tau_act * inv_act * inv_act : 1.5 * inv_deact_c;
  *u_bar = rate_bar * inv_tau * reach_clamp_pass(u, m->a_min, 1.0);
  *a_bar = rate_bar * (-inv_tau + (uc - ac) * dinv) * reach_clamp_pass(a, m->a_min, 1.0);
}

#endif
