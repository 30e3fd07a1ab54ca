// SPDX-License-Identifier: GPL-3.0-or-later
// COIN unit checks: with one context forced (max_contexts = 1) and the dynamics fixed (infinite
// prior precisions) COIN must be a single Kalman filter of the same parameters, to 1e-12, on the
// state feedback it drew itself; runs are reproducible by seed; probabilities are normalised
// (with cues and stationary trials); cue labels are renumbered; bad cues are refused; the [coin]
// parameter file reads inf precisions and refuses what it should, naming file and line.
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "reach.h"

enum { T = 200 };

static double pert_at(int t) {
  if (t < 30) return 0;
  if (t < 110) return t % 17 == 0 ? (double)NAN : 1.0;  // a few channel trials inside exposure
  if (t < 125) return -1;
  return (double)NAN;
}

static void kalman_equality(int with_cues) {
  reach_coin_params par = reach_coin_params_default();
  par.max_contexts = 1;
  par.prior_precision_retention = (double)INFINITY;
  par.prior_precision_drift = (double)INFINITY;
  par.prior_mean_retention = 0.93;
  par.particles = 7;
  reach_coin m;
  reach_error err = {0};
  reach_rng rng;
  reach_rng_init(&rng, 99);
  CHECK(reach_coin_init(&m, &par, with_cues ? 2 : 0, &err) == REACH_OK, "init %s", err.msg);
  reach_coin_reset(&m, &rng);
  const double a = par.prior_mean_retention, d = 0,
               q = par.sigma_process_noise * par.sigma_process_noise;
  const double r = par.sigma_sensory_noise * par.sigma_sensory_noise +
                   par.sigma_motor_noise * par.sigma_motor_noise;
  double x = d / (1 - a), v = q / (1 - a * a);  // trial 1: the stationary distribution
  double worst = 0, worst_p = 0;
  int ok_ctx = 1, nfb = 0;
  for (int t = 0; t < T; t++) {
    reach_coin_record rec;
    const int cue = with_cues ? (t < 2 ? t + 1 : 1 + (t / 3) % 2) : 0;
    if (reach_coin_trial(&m, &rng, pert_at(t), cue, t == 150, &rec, &err) != REACH_OK) {
      CHECK(0, "trial %d: %s", t + 1, err.msg);
      break;
    }
    if (t > 0) x = a * x + d, v = a * a * v + q;
    worst = fmax(worst, fabs(rec.motor_output - x));
    worst_p = fmax(worst_p, fmax(fabs(rec.predicted[0] - 1), fabs(rec.responsibility[0] - 1)));
    ok_ctx &= rec.n_contexts == 1;
    if (!isnan(rec.state_feedback)) {
      const double k = v / (v + r);
      x += k * (rec.state_feedback - x);
      v *= 1 - k;
      nfb++;
    } else {
      ok_ctx &= isnan(pert_at(t));
    }
  }
  CHECK(worst <= 1e-12,
        "one context, fixed dynamics%s: COIN's motor output equals a scalar Kalman filter on the "
        "same %d feedbacks over %d trials: max |diff| %.3g <= 1e-12",
        with_cues ? ", two cues" : "", nfb, T, worst);
  CHECK(worst_p <= 1e-12 && ok_ctx,
        "one context: predicted and responsibility of context 1 are 1 (max |p - 1| %.3g), one "
        "context throughout, feedback exactly on the non-channel trials",
        worst_p);
  reach_coin_free(&m);
  reach_rng_free(&rng);
}

static void reproducible(void) {
  reach_coin_params par = reach_coin_params_default();
  par.particles = 20;
  double pert[T];
  int cue[T];
  unsigned char stat[T] = {0};
  for (int t = 0; t < T; t++) pert[t] = pert_at(t), cue[t] = t < 60 ? 7 : 3 + 4 * (t % 2);
  stat[140] = 1;
  reach_coin_result a, b, c;
  reach_error err = {0};
  CHECK(reach_coin_run(&par, T, pert, cue, stat, 3, 5, &a, NULL, NULL, &err) == REACH_OK,
        "run a (%s)", err.msg);
  CHECK(reach_coin_run(&par, T, pert, cue, stat, 3, 5, &b, NULL, NULL, &err) == REACH_OK,
        "run b (%s)", err.msg);
  CHECK(reach_coin_run(&par, T, pert, cue, stat, 3, 6, &c, NULL, NULL, &err) == REACH_OK,
        "run c (%s)", err.msg);
  const size_t n = 3 * T;
  CHECK(memcmp(a.motor_output, b.motor_output, n * sizeof(double)) == 0 &&
            memcmp(a.predicted, b.predicted, n * REACH_COIN_SLOTS * sizeof(double)) == 0,
        "same seed: bitwise the same motor output and predicted probabilities (3 runs x %d trials)",
        T);
  double dmax = 0;
  for (size_t i = 0; i < n; i++) dmax = fmax(dmax, fabs(a.motor_output[i] - c.motor_output[i]));
  CHECK(dmax > 1e-3, "another seed: different outputs (max |diff| %.3g)", dmax);
  // run r depends only on (seed, r): the first run of a 1-run call equals run 1 here
  reach_coin_result one;
  CHECK(reach_coin_run(&par, T, pert, cue, stat, 1, 5, &one, NULL, NULL, &err) == REACH_OK,
        "run one");
  CHECK(memcmp(one.motor_output, a.motor_output, T * sizeof(double)) == 0,
        "run 1 of 3 equals the only run of a 1-run call with the same seed");
  double ps = 0, rs = 0, cmax = 0;
  for (size_t i = 0; i < n; i++) {
    double sp = 0, sr = 0;
    for (int j = 0; j < REACH_COIN_SLOTS; j++)
      sp += a.predicted[i * REACH_COIN_SLOTS + j], sr += a.responsibility[i * REACH_COIN_SLOTS + j];
    ps = fmax(ps, fabs(sp - 1)), rs = fmax(rs, fabs(sr - 1));
    cmax = fmax(cmax, a.n_contexts[i]);
  }
  CHECK(ps < 1e-12 && rs < 1e-12,
        "with cues and a stationary trial: predicted and responsibilities sum to 1 per trial "
        "(max |sum - 1| %.2g, %.2g)",
        ps, rs);
  CHECK(cmax > 1 && cmax <= par.max_contexts, "contexts are created (max mean count %.2f of %d)",
        cmax, par.max_contexts);
  reach_coin_result_free(&a);
  reach_coin_result_free(&b);
  reach_coin_result_free(&c);
  reach_coin_result_free(&one);
}

static void cues(void) {
  const int in[6] = {5, 5, 9, 2, 9, 5};
  int out[6];
  const int nq = reach_coin_renumber_cues(in, 6, out);
  CHECK(nq == 3 && out[0] == 1 && out[1] == 1 && out[2] == 2 && out[3] == 3 && out[4] == 2 &&
            out[5] == 1,
        "cues 5,5,9,2,9,5 renumbered by first appearance: %d,%d,%d,%d,%d,%d (%d distinct)", out[0],
        out[1], out[2], out[3], out[4], out[5], nq);
  const int bad[2] = {1, 0};
  CHECK(reach_coin_renumber_cues(bad, 2, out) == -1, "a cue label 0 is refused");
  reach_coin_params par = reach_coin_params_default();
  par.particles = 3;
  reach_coin m;
  reach_rng rng;
  reach_error err = {0};
  reach_rng_init(&rng, 1);
  reach_coin_init(&m, &par, 2, &err);
  reach_coin_reset(&m, &rng);
  reach_status st = reach_coin_trial(&m, &rng, 0, 2, 0, NULL, &err);
  CHECK(st == REACH_ERR_RANGE && strstr(err.msg, "first appearance"),
        "cue 2 before cue 1 is refused: \"%s\"", err.msg);
  reach_coin_free(&m);
  par.max_contexts = 0;
  st = reach_coin_init(&m, &par, 0, &err);
  CHECK(st == REACH_ERR_RANGE && strstr(err.msg, "max_contexts"), "max_contexts 0 refused: \"%s\"",
        err.msg);
  reach_coin_free(&m);
  reach_rng_free(&rng);
}

// The CRF table count is a sum of independent Bernoulli(a/(a + i)), i = 1..n−1, plus 1: its exact
// mean and variance are known. The sampler's blocked, thinned draw must reproduce both.
static void table_counts(void) {
  const struct {
    double a;
    int n;
  } cs[] = {{9.0, 300}, {0.5, 1000}, {30.0, 200}, {3.0, 20}, {2.5, 5000}};
  reach_rng rng;
  reach_rng_init(&rng, 4);
  enum { N = 40000 };
  for (size_t c = 0; c < sizeof cs / sizeof cs[0]; c++) {
    const double a = cs[c].a;
    const int n = cs[c].n;
    double mu = 1, var = 0;
    for (int i = 1; i < n; i++) {
      const double p = a / (a + i);
      mu += p, var += p * (1 - p);
    }
    double s = 0, s2 = 0;
    for (int k = 0; k < N; k++) {
      const double x = reach_coin_num_tables(&rng, a, n);
      s += x, s2 += x * x;
    }
    const double m = s / N, v = s2 / N - m * m;
    // s.e. of the sample variance ≈ var·√(2/N) for a near-normal count
    CHECK(fabs(m - mu) <= 4 * sqrt(var / N) && fabs(v - var) <= 4 * var * sqrt(2.0 / N) + 1e-9,
          "tables after %d customers, concentration %g: mean %.4f vs exact %.4f (s.e. %.4f), "
          "variance %.4f vs exact %.4f",
          n, a, m, mu, sqrt(var / N), v, var);
  }
  CHECK(reach_coin_num_tables(&rng, 5, 0) == 0 && reach_coin_num_tables(&rng, 5, 1) == 1 &&
            reach_coin_num_tables(&rng, 0, 50) == 1,
        "no customers no table; one customer one table; concentration 0 one table");
  reach_rng_free(&rng);
}

// The [coin] parameter file through its key table (context/coin_params.c, io/ini.c).
static void params_file(void) {
  char path[] = "/tmp/reach-coin-params-XXXXXX";
  const int fd = mkstemp(path);
  CHECK(fd >= 0, "temporary parameter file %s", path);
  if (fd < 0) return;
  close(fd);
  const struct {
    const char *text, *want;  // want NULL: reads
  } cases[] = {
      {"# fixed dynamics\n[coin]\nprior_precision_retention = inf\nrho_context = 0.5\n"
       "max_contexts = 3\n",
       NULL},
      {"[coin]\n\nrho = 0.3\n", ":3: [coin] unknown key 'rho'"},
      {"[coin]\nsigma_motor_noise = inf\n", ":2: [coin] sigma_motor_noise: expected a number > 0"},
      {"[coin]\nprior_precision_drift = 1e400\n", ":2: [coin] prior_precision_drift"},
      {"[coin]\nrho_context = 1\n", ":2: [coin] rho_context: expected a number in [0, 1)"},
      {"[coin]\nmax_contexts = 21\n", "expected an integer in [1, 20]"},
      {"[sssm]\na_s = 1\n", ":1: unknown section [sssm]"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    FILE *fp = fopen(path, "w");
    fputs(cases[i].text, fp);
    fclose(fp);
    reach_coin_params p = reach_coin_params_default(), p0 = p;
    reach_error err = {0};
    const reach_status st = reach_coin_params_read(path, &p, &err);
    if (!cases[i].want)
      CHECK(st == REACH_OK && isinf(p.prior_precision_retention) && p.rho_context == 0.5 &&
                p.max_contexts == 3 && p.alpha_context == p0.alpha_context,
            "reads inf, 0.5 and 3 and keeps the rest (%s)", st ? err.msg : "ok");
    else
      CHECK(st != REACH_OK && strstr(err.msg, path) && strstr(err.msg, cases[i].want) &&
                memcmp(&p, &p0, sizeof p) == 0,
            "refused, file unchanged: \"%s\"", err.msg);
  }
  remove(path);
}

int main(void) {
  params_file();
  table_counts();
  kalman_equality(0);
  kalman_equality(1);
  reproducible();
  cues();
  return reach_test_finish("coin-unit");
}
