// SPDX-License-Identifier: GPL-3.0-or-later
// Between COIN's particle filter (coin.c) and its samplers (coin_sample.c): the draws of the
// generative model's priors and posteriors. Private to context/. bench/coin_naive.c compiles both
// files again with REACH_COIN_NAIVE and renames these as it renames the public names.
#ifndef REACH_COIN_INTERNAL_H
#define REACH_COIN_INTERNAL_H

#include <gsl/gsl_rng.h>

#include "coin.h"

static inline double reach_coin_unif(reach_rng *r) { return gsl_rng_uniform(r->gen); }
static inline double reach_coin_gauss(reach_rng *r) { return reach_rng_gauss(r, 1.0); }

// Standard normal truncated to [l, u] (l < u, either may be infinite), exact.
double reach_coin_trunc_gauss(reach_rng *r, double l, double u);
// Binomial(n, p) by n uniforms.
int reach_coin_binomial(reach_rng *r, double p, int n);
// Dirichlet(alpha[0..n−1]) into x; a zero alpha gives a zero weight (Lightspeed's randgamma(0)).
void reach_coin_dirichlet(reach_rng *r, const double *alpha, int n, double *x);
// Beta(1, b) by inversion.
double reach_coin_beta1(reach_rng *r, double b);
// Retention a and drift d of one context from their posterior given its state-pair statistics
// ss1 = Σ x_t (x_{t−1}, 1), ss2 = Σ (x_{t−1}², x_{t−1}, 1); a truncated to (0, 1).
void reach_coin_sample_dynamics(const reach_coin *m, reach_rng *r, const double *ss1,
                                const double *ss2, double *a, double *d);
// The measurement bias of one context from its posterior (0 unless infer_bias).
void reach_coin_sample_bias(const reach_coin *m, reach_rng *r, double bs1, double bs2, double *b);
// Systematic resampling of P particles by their log weights lw: counts into cnt, w is work.
void reach_coin_systematic_counts(reach_rng *r, const double *lw, int P, double *w, int *cnt);

#endif
