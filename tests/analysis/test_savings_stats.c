// SPDX-License-Identifier: GPL-3.0-or-later
// Savings statistics against cases with known answers:
// - t-tests: Student's sleep data (Cushny & Peebles; R's `sleep`, whose documented paired test
//   gives t = -4.0621, df = 9, p = 0.002833). The reference values below were computed
//   independently with /usr/bin/python3 (no scipy on this machine): t from the textbook formula,
//   p by Simpson integration (200 000 panels) of the t density's tail in plain Python — not with
//   GSL. The paper's published (t, df = 39) → p pairs (R1, R2, R7, R9) are checked too.
// - rate fit: exact exponentials in both forms (block means and 5-batch moving averages of an
//   exponential are exponential again, with known amplitude), then the same with noise;
// - probability of savings: a 3-network case counted by hand, both the paired and the code's
//   cross-paired statistic; bootstrap CIs against the binomial standard error and for determinism.
#include <math.h>
#include <string.h>

#include "analysis/savings_stats.h"
#include "harness.h"

static const double sleep1[10] = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
static const double sleep2[10] = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

static void test_ttests(void) {
  reach_ttest t;
  reach_error err = {0};
  CHECK(reach_ttest_paired(sleep1, sleep2, 10, &t, &err) == REACH_OK, "paired sleep: ok %s",
        err.msg);
  CHECK_NEAR(t.t, -4.062127683382037, 1e-12, "paired sleep t (python: -4.062127683382037)");
  CHECK_NEAR(t.df, 9, 0, "paired sleep df");
  CHECK_NEAR(t.mean, -1.58, 1e-12, "paired sleep mean difference");
  CHECK_NEAR(t.sd, 1.2299954832798732, 1e-12, "paired sleep sd of differences");
  CHECK_NEAR(t.p, 0.002832890197384277, 1e-9, "paired sleep p (python Simpson: 0.0028328902)");

  CHECK(reach_ttest_one_sample(sleep2, 10, 0.0, &t, &err) == REACH_OK, "one-sample ok");
  CHECK_NEAR(t.t, 3.6799158947951884, 1e-12, "one-sample sleep2 vs 0: t");
  CHECK_NEAR(t.p, 0.005076132649772345, 1e-9, "one-sample sleep2 vs 0: p");
  CHECK(reach_ttest_one_sample(sleep2, 10, 1.0, &t, &err) == REACH_OK, "one-sample vs 1 ok");
  CHECK_NEAR(t.t, 2.100552849818713, 1e-12, "one-sample sleep2 vs 1: t");
  CHECK_NEAR(t.p, 0.06505988566809479, 1e-9, "one-sample sleep2 vs 1: p");
  CHECK_NEAR(t.mean, 2.33, 1e-12, "one-sample reports the mean of x");

  // NaN pairs are dropped: the sleep pairs plus two broken networks give the same test.
  double a[12], b[12];
  memcpy(a, sleep1, sizeof sleep1);
  memcpy(b, sleep2, sizeof sleep2);
  a[10] = NAN, b[10] = 1.0, a[11] = 2.0, b[11] = NAN;
  CHECK(reach_ttest_paired(a, b, 12, &t, &err) == REACH_OK && t.n == 10 && t.df == 9,
        "NaN pairs dropped: n %d, df %g", t.n, t.df);
  CHECK_NEAR(t.t, -4.062127683382037, 1e-12, "t with NaN pairs dropped");

  // The paper's t(39) values and their printed p: data with mean c and unit sd give t = c·√40.
  const double paper[][2] = {{10.940, 1.8917715219114881e-13},
                             {9.284, 2.008985798050176e-11},
                             {7.484, 4.682855012732992e-09},
                             {-4.918, 1.621753843382977e-05}};
  const double printed[] = {1.9e-13, 2.0e-11, 4.6e-9, 1.6e-5};
  double z[40];
  for (int i = 0; i < 40; i++) z[i] = (i % 2 ? 1.0 : -1.0) * sqrt(39.0 / 40.0);  // sd exactly 1
  for (int k = 0; k < 4; k++) {
    double x[40];
    for (int i = 0; i < 40; i++) x[i] = paper[k][0] / sqrt(40.0) + z[i];
    CHECK(reach_ttest_one_sample(x, 40, 0.0, &t, &err) == REACH_OK, "t(39) = %g ok", paper[k][0]);
    CHECK_NEAR(t.t, paper[k][0], 1e-9, "constructed t");
    CHECK(fabs(t.p / paper[k][1] - 1.0) < 1e-6,
          "t(39) = %.3f: p %.6g vs python %.6g (rel %.2g); paper prints %.2g", paper[k][0], t.p,
          paper[k][1], t.p / paper[k][1] - 1.0, printed[k]);
    CHECK(fabs(t.p / printed[k] - 1.0) < 0.03,
          "  within 3%% of the paper's rounded p %.2g (rel %.3f)", printed[k],
          t.p / printed[k] - 1.0);
  }

  const double one[1] = {1.0}, same[3] = {2.0, 2.0, 2.0};
  CHECK(reach_ttest_one_sample(one, 1, 0.0, &t, &err) == REACH_ERR_RANGE, "n = 1 is an error: %s",
        err.msg);
  CHECK(reach_ttest_one_sample(same, 3, 0.0, &t, &err) == REACH_ERR_RANGE, "sd = 0 is an error: %s",
        err.msg);
}

// Code form: y_b = A·exp(−ρ·b) + c per batch. A block mean over b = 5k … 5k+4 is
// A·S·exp(−5ρ·k) + c with S = (1/5)·Σ_{j<5} exp(−ρ·j): an exponential in k with rate 5ρ.
static void test_rate_code(reach_rng *rng) {
  enum { N = 3201 };  // the code's FF phase: 3201 logged batches → 640 blocks
  static double ld[N + 3];
  const double A = 0.035, rho = 0.0015, c = 0.002;
  double S = 0.0;
  for (int j = 0; j < 5; j++) S += exp(-rho * j) / 5.0;
  for (int b = 0; b < N; b++) ld[b] = A * exp(-rho * b) + c;
  reach_rate_fit f;
  reach_error err = {0};
  CHECK(reach_rate_fit_ld(ld, N, REACH_RATE_CODE, &f, &err) == REACH_OK, "code fit ok %s", err.msg);
  CHECK(f.points == 640, "3201 batches give %d blocks (expect 640)", f.points);
  CHECK(f.converged, "code fit converged in %d iterations, ‖r‖ %.3g", f.iterations, f.resid_norm);
  CHECK_NEAR(f.rate, 5 * rho, 1e-6 * 5 * rho, "exact: rate per block = 5ρ");
  CHECK_NEAR(f.rate_per_batch, rho, 1e-6 * rho, "exact: rate per batch = ρ");
  CHECK_NEAR(f.amplitude, A * S, 1e-6 * A, "exact: amplitude A·S");
  CHECK_NEAR(f.offset, c, 1e-7, "exact: offset c");

  // With 1 mm of noise per batch (block means: 0.45 mm) the rate comes back within 3 %.
  for (int b = 0; b < N; b++) ld[b] = A * exp(-rho * b) + c + reach_rng_gauss(rng, 0.001);
  CHECK(reach_rate_fit_ld(ld, N, REACH_RATE_CODE, &f, &err) == REACH_OK, "noisy code fit ok");
  CHECK(fabs(f.rate / (5 * rho) - 1.0) < 0.03, "noisy: rate %.6f vs 5ρ = %.6f (rel %.4f, tol 0.03)",
        f.rate, 5 * rho, f.rate / (5 * rho) - 1.0);
  CHECK_NEAR(f.offset, c, 2e-4, "noisy: offset");
  CHECK(fabs(f.resid_norm / (0.001 / sqrt(5.0) * sqrt(640.0)) - 1.0) < 0.1,
        "noisy: ‖r‖ %.5f ≈ σ_block·√640 = %.5f", f.resid_norm, 0.001 / sqrt(5.0) * sqrt(640.0));

  // A faster learner gets the larger rate: FF2 vs FF1 ordering survives the noise.
  static double fast[N];
  for (int b = 0; b < N; b++) fast[b] = A * exp(-2 * rho * b) + c + reach_rng_gauss(rng, 0.001);
  reach_rate_fit g;
  CHECK(reach_rate_fit_ld(fast, N, REACH_RATE_CODE, &g, &err) == REACH_OK &&
            g.rate > 1.8 * f.rate && g.rate < 2.2 * f.rate,
        "twice as fast: rate %.6f vs %.6f (ratio %.3f)", g.rate, f.rate, g.rate / f.rate);

  // 5-batch block structure: the 4 trailing batches of 3204 are dropped.
  for (int b = N; b < N + 3; b++) ld[b] = A * exp(-rho * b) + c;
  CHECK(reach_rate_fit_ld(ld, 3204, REACH_RATE_CODE, &f, &err) == REACH_OK && f.points == 640,
        "3204 batches: %d blocks", f.points);
}

// Paper form: y_b = α·exp(−r·b/1000). The centred 5-batch mean at x = i + 2 is
// α·K·exp(−r·x/1000) with K = (1/5)·Σ_{j=−2..2} exp(−r·j/1000).
static void test_rate_paper(reach_rng *rng) {
  enum { N = 3200 };
  static double ld[N];
  const double alpha = 0.034, r = 1.7;
  double K = 0.0;
  for (int j = -2; j <= 2; j++) K += exp(-r * j / 1000.0) / 5.0;
  for (int b = 0; b < N; b++) ld[b] = alpha * exp(-r * b / 1000.0);
  reach_rate_fit f;
  reach_error err = {0};
  CHECK(reach_rate_fit_ld(ld, N, REACH_RATE_PAPER, &f, &err) == REACH_OK, "paper fit ok %s",
        err.msg);
  CHECK(f.points == N - 4, "moving average: %d points (expect %d)", f.points, N - 4);
  CHECK_NEAR(f.rate, r, 1e-6 * r, "exact: r per 1000 batches");
  CHECK_NEAR(f.amplitude, alpha * K, 1e-6 * alpha, "exact: amplitude α·K");
  CHECK_NEAR(f.offset, 0.0, 0.0, "paper form has no offset");
  for (int b = 0; b < N; b++) ld[b] = alpha * exp(-r * b / 1000.0) + reach_rng_gauss(rng, 0.001);
  CHECK(reach_rate_fit_ld(ld, N, REACH_RATE_PAPER, &f, &err) == REACH_OK &&
            fabs(f.rate / r - 1.0) < 0.03,
        "noisy paper form: r %.4f vs %.4f (rel %.4f, tol 0.03)", f.rate, r, f.rate / r - 1.0);

  // Errors name what is wrong.
  double neg[20];
  for (int i = 0; i < 20; i++) neg[i] = -0.01;
  CHECK(reach_rate_fit_ld(neg, 20, REACH_RATE_CODE, &f, &err) == REACH_ERR_RANGE,
        "negative start LD: %s", err.msg);
  CHECK(reach_rate_fit_ld(ld, 14, REACH_RATE_CODE, &f, &err) == REACH_ERR_RANGE, "14 batches: %s",
        err.msg);
  ld[7] = NAN;
  CHECK(reach_rate_fit_ld(ld, 100, REACH_RATE_PAPER, &f, &err) == REACH_ERR_NUMERIC,
        "NaN in the log: %s", err.msg);
}

static void test_measures(void) {
  // Four phase logs with planted washout, after-effect and initial LDs.
  enum { NN = 400, NF = 320 };
  static double nf1[NN], ff1[NF], nf2[NN], ff2[NF];
  for (int b = 0; b < NN; b++) {
    nf1[b] = 0.0004 + 0.003 * exp(-b / 50.0);
    nf2[b] = 0.0005 - 0.012 * exp(-b / 30.0);  // after-effect −11.5 mm at batch 0
  }
  for (int b = 0; b < NF; b++) {
    ff1[b] = 0.034 * exp(-0.01 * b) + 0.002;
    ff2[b] = 0.028 * exp(-0.02 * b) + 0.002;
  }
  const double *ld[4] = {nf1, ff1, nf2, ff2};
  const int n[4] = {NN, NF, NN, NF};
  reach_savings_measures m;
  reach_error err = {0};
  CHECK(reach_savings_measures_compute(ld, n, 1, REACH_RATE_CODE, &m, &err) == REACH_OK,
        "measures ok %s", err.msg);
  CHECK_NEAR(m.ff1_ld0, 0.036, 1e-15, "FF1 batch-0 LD");
  CHECK_NEAR(m.ff2_ld0, 0.030, 1e-15, "FF2 batch-0 LD");
  CHECK_NEAR(m.after_effect, 0.0005 - 0.012, 1e-15, "after-effect = NF2 batch 0");
  CHECK_NEAR(m.washout_diff, nf2[NN - 1] - nf1[NN - 1], 1e-15, "washout: last NF2 − last NF1");
  CHECK_NEAR(m.ff1_rate.rate, 0.05, 1e-6, "FF1 rate per block (0.01/batch)");
  CHECK_NEAR(m.ff2_rate.rate, 0.10, 1e-6, "FF2 rate per block (0.02/batch)");
  CHECK(reach_savings_measures_compute(ld, n, 10, REACH_RATE_CODE, &m, &err) == REACH_OK,
        "tail 10 ok");
  double s1 = 0, s2 = 0;
  for (int b = NN - 10; b < NN; b++) s1 += nf1[b] / 10, s2 += nf2[b] / 10;
  CHECK_NEAR(m.nf1_final, s1, 1e-15, "NF1 final, mean of the last 10");
  CHECK_NEAR(m.washout_diff, s2 - s1, 1e-15, "washout diff over the last 10");
  const double *bad[4] = {nf1, nf2, nf2, ff2};  // FF1 replaced by a curve starting negative
  CHECK(reach_savings_measures_compute(bad, n, 1, REACH_RATE_CODE, &m, &err) == REACH_ERR_RANGE &&
            strncmp(err.msg, "FF1: ", 5) == 0,
        "the failing phase is named: %s", err.msg);
}

static void test_probability(reach_rng *rng) {
  // Hand count. Pairs (FF1, FF2): (3, 2), (1, 0.5), (2, 2).
  const double ff1[3] = {3.0, 1.0, 2.0}, ff2[3] = {2.0, 0.5, 2.0};
  reach_prob_ci pc;
  reach_error err = {0};
  // Paired, lower is savings: 2 < 3 yes, 0.5 < 1 yes, 2 < 2 no (strict) → 2/3.
  CHECK(reach_savings_prob_paired(ff1, ff2, 3, REACH_SAVINGS_LOWER, 200, 0.95, rng, &pc, &err) ==
            REACH_OK,
        "paired ok");
  CHECK_NEAR(pc.p, 2.0 / 3.0, 1e-15, "paired LD: 2 of 3 networks");
  // Cross, lower: FF1 = 3 beaten by {2, 0.5, 2} (3); FF1 = 1 by {0.5} (1); FF1 = 2 by {0.5} (1)
  // → 5 of 9.
  CHECK(reach_savings_prob_cross(ff1, 3, ff2, 3, REACH_SAVINGS_LOWER, 200, 0.95, rng, &pc, &err) ==
                REACH_OK &&
            pc.pairs == 9,
        "cross ok, %d pairs", pc.pairs);
  CHECK_NEAR(pc.p, 5.0 / 9.0, 1e-15, "cross LD: 5 of 9 pairs");
  // Cross, higher (rate): FF1 = 1 is beaten by 2 and 2; nothing beats 3, and 2 is not > 2 → 2/9.
  CHECK(reach_savings_prob_cross(ff1, 3, ff2, 3, REACH_SAVINGS_HIGHER, 200, 0.95, rng, &pc, &err) ==
            REACH_OK,
        "cross rate ok");
  CHECK_NEAR(pc.p, 2.0 / 9.0, 1e-15, "cross rate: 2 of 9 pairs");
  // Unequal sizes and a NaN: FF1 {3, NaN}, FF2 {2, 4, 1, 5} → 2 of 4.
  const double a[2] = {3.0, NAN}, b[4] = {2.0, 4.0, 1.0, 5.0};
  CHECK(reach_savings_prob_cross(a, 2, b, 4, REACH_SAVINGS_LOWER, 100, 0.95, rng, &pc, &err) ==
                REACH_OK &&
            pc.pairs == 4,
        "NaN network dropped: %d pairs", pc.pairs);
  CHECK_NEAR(pc.p, 0.5, 1e-15, "cross with NaN: 2 of 4");

  // Bootstrap CI width against the binomial standard error: 40 networks, 30 with savings.
  double x1[40], x2[40];
  for (int i = 0; i < 40; i++) x1[i] = 1.0, x2[i] = i < 30 ? 0.0 : 2.0;
  CHECK(reach_savings_prob_paired(x1, x2, 40, REACH_SAVINGS_LOWER, 4000, 0.95, rng, &pc, &err) ==
            REACH_OK,
        "paired 30/40 ok");
  const double half = 1.96 * sqrt(0.75 * 0.25 / 40);
  CHECK(pc.lo <= pc.p && pc.p <= pc.hi, "CI [%.4f, %.4f] contains %.4f", pc.lo, pc.hi, pc.p);
  CHECK(fabs((pc.hi - pc.lo) / (2 * half) - 1.0) < 0.2, "CI width %.4f vs 2·1.96·√(pq/n) = %.4f",
        pc.hi - pc.lo, 2 * half);
  // Same seed, same CI.
  reach_rng r1, r2;
  reach_rng_init(&r1, 7);
  reach_rng_init(&r2, 7);
  reach_prob_ci c1, c2;
  reach_savings_prob_cross(x1, 40, x2, 40, REACH_SAVINGS_LOWER, 1000, 0.95, &r1, &c1, &err);
  reach_savings_prob_cross(x1, 40, x2, 40, REACH_SAVINGS_LOWER, 1000, 0.95, &r2, &c2, &err);
  CHECK(c1.lo == c2.lo && c1.hi == c2.hi, "seeded bootstrap repeats: [%.5f, %.5f] twice", c1.lo,
        c1.hi);
  // The code's cross CI treats the 1600 rows as independent: width ≈ 2·1.96·√(pq/1600).
  const double half_x = 1.96 * sqrt(0.75 * 0.25 / 1600);
  CHECK(fabs((c1.hi - c1.lo) / (2 * half_x) - 1.0) < 0.2,
        "cross CI width %.4f vs %.4f (the code's: rows as if independent)", c1.hi - c1.lo,
        2 * half_x);
  reach_rng_free(&r1);
  reach_rng_free(&r2);
  CHECK(reach_savings_prob_paired(x1, x2, 40, REACH_SAVINGS_LOWER, 0, 0.95, rng, &pc, &err) ==
            REACH_ERR_USAGE,
        "n_boot 0: %s", err.msg);
}

int main(void) {
  reach_rng rng;
  if (reach_rng_init(&rng, 2024)) return 2;
  test_ttests();
  test_rate_code(&rng);
  test_rate_paper(&rng);
  test_measures();
  test_probability(&rng);
  reach_rng_free(&rng);
  return reach_test_finish("savings-stats");
}
