// SPDX-License-Identifier: GPL-3.0-or-later
// COIN as the tool study's learner (issue 20; study/tool_run.h, study/tool_study.h), played by
// the bundled grown-up network:
//  1. ŷ on every trial is COIN's motor output for the trial's cue: a stand-alone COIN of the same
//     parameters and seed, given the same cues and perturbations, predicts the same numbers.
//  2. On experiment 2's opposing fields (one field per control point) COIN learns both: each
//     side's end-of-exposure channel adaptation (channels 25-26) is above 40 % of its own field,
//     with at least two contexts instantiated; with one context forced (max_contexts = 1) it
//     cannot (the two fields cancel in the one state: both below 25 %).
//  3. Forced to one context with fixed dynamics (infinite prior precisions), COIN's ŷ path is a
//     scalar Kalman filter run on the feedback COIN drew, to 1e-12.
// Argument: the network file. Skips (77) without it.
#include <math.h>
#include <string.h>

#include "harness.h"
#include "reach.h"
#include "tool_test_net.h"

// Plays p with COIN (par) as the learner: ŷ, the feedback, the contexts per trial into the arrays.
static int play(const char *network, const reach_paradigm *p, const reach_coin_params *par,
                reach_tool_result *res, double *y, double *nctx) {
  reach_error err = {0};
  reach_tool_study s;
  const reach_tool_study_options opt = {
      .lr = NAN, .coin = true, .coin_params = *par, .coin_seed = 7};
  const reach_tool_run_config cfg = {.group = REACH_TOOL_TWO_POINTS};
  if (reach_tool_study_init(&s, network, p, cfg, &opt, &err)) {
    printf("%s\n", err.msg);
    return -1;
  }
  for (int t = 0; t < p->n; t++) {
    if (reach_tool_run_step(s.run, &res[t], &err)) {
      printf("trial %d: %s\n", t + 1, err.msg);
      reach_tool_study_free(&s);
      return -1;
    }
    const reach_coin_record *rec = reach_tool_run_coin(s.run);
    y[t] = rec ? rec->state_feedback : (double)NAN;
    nctx[t] = rec ? rec->n_contexts : -1;
  }
  reach_tool_study_free(&s);
  return 0;
}

int main(int argc, char **argv) {
  reach_savings_free(reach_tool_test_load(argc, argv, "test-tool-coin"));
  reach_error err = {0};
  reach_paradigm p;
  if (reach_paradigm_generate(REACH_EXP2_OPPOSING, 1, &p, &err)) {
    printf("%s\n", err.msg);
    return 1;
  }
  const int n = p.n;
  reach_tool_result *res = calloc((size_t)n, sizeof *res);
  double *y = calloc((size_t)n, sizeof *y), *nc = calloc((size_t)n, sizeof *nc);
  reach_coin_params par = reach_coin_params_default();
  par.particles = 40;
  CHECK(play(argv[1], &p, &par, res, y, nc) == 0,
        "exp2-opposing, %d trials, COIN with %d particles", n, par.particles);

  // 1. the same numbers as COIN alone
  {
    int *q = malloc((size_t)n * sizeof *q);
    const int nq = reach_coin_renumber_cues(p.cue, n, q);
    reach_coin m;
    reach_rng rng;
    reach_rng_init(&rng, 7);
    reach_coin_init(&m, &par, nq, &err);
    reach_coin_reset(&m, &rng);
    double worst = 0;
    for (int t = 0; t < n; t++) {
      reach_coin_record rec;
      reach_coin_trial(&m, &rng, p.pert[t], q[t], 0, &rec, &err);
      worst = fmax(worst, fabs(rec.motor_output - res[t].yhat));
    }
    CHECK(worst == 0,
          "yhat per trial = a stand-alone COIN's motor output (same seed, cues "
          "renumbered): largest difference %.3g over %d trials",
          worst, n);
    reach_coin_free(&m);
    reach_rng_free(&rng);
    free(q);
  }

  // 2. both fields learnt, with two or more contexts; one context cannot
  const double a1 = reach_tool_channel_mean(res, n, 1, 25, 26),
               a2 = reach_tool_channel_mean(res, n, 2, 25, 26);
  int t_end = 0;  // the last trial before cue 1's 27th channel (the start of de-adaptation)
  for (int t = 0, k = 0; t < n; t++)
    if (res[t].channel && res[t].cue == 1 && res[t].type == REACH_TRIAL_PLAIN && ++k == 27) {
      t_end = t - 1;
      break;
    }
  CHECK(
      a1 > 40 && a2 > 40 && nc[t_end] >= 2,
      "opposing fields: end-of-exposure adaptation cue 1 %+.1f %%, cue 2 %+.1f %% (both > 40 %%), "
      "%.2f contexts at trial %d (>= 2)",
      a1, a2, nc[t_end], t_end + 1);
  reach_coin_params one = par;
  one.max_contexts = 1;
  CHECK(play(argv[1], &p, &one, res, y, nc) == 0, "COIN forced to one context");
  const double b1 = reach_tool_channel_mean(res, n, 1, 25, 26),
               b2 = reach_tool_channel_mean(res, n, 2, 25, 26);
  CHECK(fabs(b1) < 25 && fabs(b2) < 25,
        "one context: the opposing fields cancel, adaptation cue 1 %+.1f %%, cue 2 %+.1f %% (both "
        "|.| < 25 %%)",
        b1, b2);

  // 3. one context, fixed dynamics: a Kalman filter on COIN's own feedback
  one.prior_precision_retention = (double)INFINITY;
  one.prior_precision_drift = (double)INFINITY;
  CHECK(play(argv[1], &p, &one, res, y, nc) == 0, "COIN forced to one context, fixed dynamics");
  const double a = one.prior_mean_retention, qv = one.sigma_process_noise * one.sigma_process_noise,
               r = one.sigma_sensory_noise * one.sigma_sensory_noise +
                   one.sigma_motor_noise * one.sigma_motor_noise;
  double x = 0, v = qv / (1 - a * a), worst = 0;
  int nfb = 0;
  for (int t = 0; t < n; t++) {
    if (t > 0) x = a * x, v = a * a * v + qv;
    worst = fmax(worst, fabs(res[t].yhat - x));
    if (!isnan(y[t])) {
      const double k = v / (v + r);
      x += k * (y[t] - x), v *= 1 - k, nfb++;
    }
  }
  CHECK(worst <= 1e-12,
        "one context, fixed dynamics: yhat = a scalar Kalman filter on COIN's %d feedbacks over %d "
        "trials, max |diff| %.3g <= 1e-12",
        nfb, n, worst);
  free(res), free(y), free(nc);
  reach_paradigm_free(&p);
  return reach_test_finish("tool-coin");
}
