// SPDX-License-Identifier: GPL-3.0-or-later
// COIN's samplers (coin_internal.h): the draws of its generative model's priors and
// posteriors, apart from the particle filter (coin.c) that calls them. Every draw goes through
// the run's reach_rng.
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>

#include "coin_internal.h"

// Standard normal truncated to [l, u] (l < u, either may be infinite), exact: plain rejection
// when the interval holds enough mass, otherwise uniform proposals on a short interval or
// Robert's (1995) exponential proposals in a tail.
double reach_coin_trunc_gauss(reach_rng *r, double l, double u) {
  if (l > 0 || u < 0) {  // wholly in one tail: mirror to the upper one
    const int neg = u < 0;
    const double a = neg ? -u : l, b = neg ? -l : u;
    double x;
    if ((b - a) * (a + b) < 2) {
      // short interval: uniform proposal, accepted with exp((a² − x²)/2) ≥ e⁻¹
      do x = a + (b - a) * reach_coin_unif(r);
      while (reach_coin_unif(r) > exp(0.5 * (a * a - x * x)));
    } else {  // (b − a)λ ≳ 1, so few proposals fall beyond b
      const double lam = 0.5 * (a + sqrt(a * a + 4));  // optimal exponential rate
      do x = a - log(1 - reach_coin_unif(r)) / lam;
      while (x > b || reach_coin_unif(r) > exp(-0.5 * (x - lam) * (x - lam)));
    }
    return neg ? -x : x;
  }
  // the interval contains 0
  if (u - l < 1.0) {
    double x;
    do x = l + (u - l) * reach_coin_unif(r);
    while (reach_coin_unif(r) > exp(-0.5 * x * x));
    return x;
  }
  double x;
  do x = reach_coin_gauss(r);
  while (x < l || x > u);
  return x;
}

// Number of tables after n customers in a Chinese restaurant with concentration a (npbayes's
// randnumtable): the first customer opens a table, customer i + 1 opens one with probability
// p_i = a/(a + i). Drawing this is most of COIN's cost (the diagonal counts grow with the
// trials), so past the first customers, where p_i is large, the customers are taken in blocks
// [L, 2L): candidates are Bernoulli(p_L) trials found by geometric skips, and a candidate i is
// kept with probability p_i/p_L. That is exact and needs about a draws per block instead of L.
static int num_tables_direct(reach_rng *r, double a, int n) {
  if (n <= 0) return 0;
  int m = 1;
#ifdef REACH_COIN_NAIVE
  for (int i = 1; i < n; i++) m += reach_coin_unif(r) * (a + i) < a;
#else
  // Each customer's uniform U is decided by its first byte u8 (four per 32-bit output of the
  // generator) unless u8 is the byte of the threshold itself (1 in 256), when the rest of U is
  // drawn: U = (u8 + V)/256 < a/(a + i) ⟺ u8 + V < 256a/(a + i).
  const double A = 256 * a;
  unsigned long w = 0;
  int left = 0;
  for (int i = 1; i < n; i++) {
    if (!left) w = gsl_rng_get(r->gen), left = 4;
    const double ai = a + i, lo = (double)(int)(w & 255u) * ai;
    w >>= 8, left--;
    // both comparisons as values, so the only branch is the rare (predictable) tie
    const int below = lo + ai <= A, tie = (lo < A) - below;
    m += below;
    if (tie) m += reach_coin_unif(r) * ai < A - lo;
  }
#endif
  return m;
}

int reach_coin_num_tables(reach_rng *r, double a, int n) {
#ifdef REACH_COIN_NAIVE
  return num_tables_direct(r, a, n);
#else
  // Up to ~8a a byte per customer (~3 ns) costs less than the thinned candidates of a block (two
  // uniforms and a log each, ~25 ns, about a/(1 + a/L) of them per block).
  const double direct_at = 8 * a + 32;  // in double: a may exceed INT_MAX (κ at ρ near 1)
  if (!(a > 0) || n <= direct_at) return num_tables_direct(r, a, n);
  const int direct = (int)direct_at;
  int m = num_tables_direct(r, a, direct);
  for (long L = direct, U; L < n; L = U) {
    U = 2 * L < n ? 2 * L : n;
    const double lq = log1p(-a / (a + (double)L));  // log(1 − p_L)
    double j = (double)L - 1;
    for (;;) {
      j += 1 + floor(log1p(-reach_coin_unif(r)) / lq);  // failures before the next candidate
      if (j >= (double)U) break;
      m += reach_coin_unif(r) * (a + j) <
           a + (double)L;  // keep with probability p_j/p_L = (a + L)/(a + j)
    }
  }
  return m;
#endif
}

int reach_coin_binomial(reach_rng *r, double p, int n) {
  int k = 0;
  for (int i = 0; i < n; i++) k += reach_coin_unif(r) < p;
  return k;
}

// Dirichlet(alpha[0..n−1]) into x; a zero alpha gives a zero weight (Lightspeed's randgamma(0)).
void reach_coin_dirichlet(reach_rng *r, const double *alpha, int n, double *x) {
  double s = 0;
  for (int j = 0; j < n; j++) {
    x[j] = alpha[j] > 0 ? gsl_ran_gamma(r->gen, alpha[j], 1.0) : 0.0;
    s += x[j];
  }
  for (int j = 0; j < n; j++) x[j] /= s;
}

// Beta(1, b) by inversion: its CDF is 1 − (1 − x)^b.
double reach_coin_beta1(reach_rng *r, double b) { return 1 - pow(1 - reach_coin_unif(r), 1 / b); }

// ---------------------------------------------------------------------------------------------

// Retention and drift of slot j from their posterior (prior N((μ_a, 0), diag(λ_a, λ_d))⁻¹ and
// the statistics of the sampled state pairs), the retention truncated to (0, 1). An infinite
// precision pins that parameter at its prior mean and the other is drawn given it.
void reach_coin_sample_dynamics(const reach_coin *m, reach_rng *r, const double *ss1,
                                const double *ss2, double *a, double *d) {
  const reach_coin_params *p = &m->par;
  const double iq = 1 / (p->sigma_process_noise * p->sigma_process_noise);
  const int fix_a = isinf(p->prior_precision_retention), fix_d = isinf(p->prior_precision_drift);
  if (fix_a && fix_d) {
    *a = p->prior_mean_retention, *d = 0;
  } else if (fix_a) {
    *a = p->prior_mean_retention;
    const double prec = p->prior_precision_drift + ss2[2] * iq;
    *d = (ss1[1] - *a * ss2[1]) * iq / prec + reach_coin_gauss(r) / sqrt(prec);
  } else if (fix_d) {
    *d = 0;
    const double prec = p->prior_precision_retention + ss2[0] * iq;
    const double mu = (p->prior_precision_retention * p->prior_mean_retention + ss1[0] * iq) / prec;
    const double s = 1 / sqrt(prec);
    *a = mu + s * reach_coin_trunc_gauss(r, (0 - mu) / s, (1 - mu) / s);
  } else {
    // precision Λ = diag(λ_a, λ_d) + S2/σ_q², covariance Σ = Λ⁻¹, mean Σ(λ_a μ_a, 0)' + Σ S1/σ_q²
    const double l00 = p->prior_precision_retention + ss2[0] * iq, l01 = ss2[1] * iq,
                 l11 = p->prior_precision_drift + ss2[2] * iq;
    const double det = l00 * l11 - l01 * l01;
    const double s00 = l11 / det, s01 = -l01 / det, s11 = l00 / det;
    const double h0 = p->prior_precision_retention * p->prior_mean_retention + ss1[0] * iq,
                 h1 = ss1[1] * iq;
    const double mu0 = s00 * h0 + s01 * h1, mu1 = s01 * h0 + s11 * h1;
    const double c00 = sqrt(s00), c10 = s01 / c00, c11 = sqrt(fmax(s11 - c10 * c10, 0));
    const double z0 = reach_coin_trunc_gauss(r, (0 - mu0) / c00, (1 - mu0) / c00),
                 z1 = reach_coin_gauss(r);
    *a = mu0 + c00 * z0;
    *d = mu1 + c10 * z0 + c11 * z1;
  }
}

void reach_coin_sample_bias(const reach_coin *m, reach_rng *r, double bs1, double bs2, double *b) {
  if (!m->par.infer_bias) {
    *b = 0;
    return;
  }
  const double var = 1 / (m->par.prior_precision_bias + bs2 / m->sigma_obs2);
  *b = var * bs1 / m->sigma_obs2 + sqrt(var) * reach_coin_gauss(r);
}

// Systematic resampling of the particles by their log weights lw[P]: counts into cnt[P].
void reach_coin_systematic_counts(reach_rng *r, const double *lw, int P, double *w, int *cnt) {
  double mx = -HUGE_VAL, s = 0;
  for (int p = 0; p < P; p++) mx = fmax(mx, lw[p]);
  for (int p = 0; p < P; p++) s += (w[p] = exp(lw[p] - mx));
  const double u0 = reach_coin_unif(r) / P;
  double cum = w[0] / s;
  int j = 0;
  for (int p = 0; p < P; p++) cnt[p] = 0;
  for (int i = 0; i < P; i++) {
    const double y = u0 + (double)i / P;
    while (cum < y && j < P - 1) cum += w[++j] / s;
    cnt[j]++;
  }
}
