// SPDX-License-Identifier: GPL-3.0-or-later
// The single-precision training path ([train] precision = single, issue 4 speed) against the
// double one, which test_rollout_grad checks against finite differences:
//  - the same noisy batch (H = 32, B = 8, 100 steps, curl field on) in both precisions: the
//    loss and the gradient of every parameter block agree to float accuracy;
//  - the comparison can fail: the double gradient with the plant's path cut is far outside it;
//  - a savings run with [train] precision = single trains and evaluates in float: its first
//    loss and first logged LD agree with the double run's to the same tolerance, and differ;
//  - training in single precision (Adam, 60 batches) lowers the loss as the double path does:
//    by at least half as many orders of magnitude (the two runs part ways after a few batches,
//    as any two noisy runs do, so their end values are not compared).
//
// Tolerance. Float's unit roundoff is u = 2^-24 = 6.0e-8. One step rounds each GEMM sum of
// K ≤ 3H = 96 terms (a relative error of at most K·u ≈ 6e-6, and about √K·u ≈ 6e-7 typically),
// then the gates. BPTT adds up the errors of 100 steps, so the gradient error is at most of
// order 100 · 6e-7 = 6e-5 of its norm when the errors do not cancel: we allow 1e-4 per block
// (norm-relative) and on the loss. A missing or wrong term of the gradient gives an error of
// order 1 (the cut plant below).
#include <string.h>

#include "harness.h"
#include "learn/optim.h"
#include "reach.h"
#include "rollout_fixture.h"

enum { H = 32, B = 8, T = 100, TRAIN_BATCHES = 60 };

typedef rollout_fixture fixture;

// One noisy batch at theta (noise seeded by `seed`): returns the loss, writes the gradient.
static double batch(fixture *f, const double *theta, uint64_t seed, bool plant, double *grad) {
  reach_rng noise;
  reach_rng_init(&noise, seed);
  rollout_fixture_forward(f, theta, &noise);
  double loss = reach_loss_eval(&f->ro, &f->loss, &f->task, NULL);
  memset(grad, 0, f->gru.n_params * sizeof *grad);
  reach_rollout_backward(&f->ro, &f->ctx, theta, grad, plant);
  reach_rng_free(&noise);
  return loss;
}

// Largest over the blocks of ‖a − b‖/‖b‖ (a block's error relative to its own size).
static double worst_block_error(const reach_gru *g, const double *a, const double *b, bool print) {
  double worst = 0.0;
  for (int blk = 0; blk < REACH_GRU_NBLOCK; blk++) {
    double d2 = 0.0, n2 = 0.0;
    for (size_t i = g->offset[blk]; i < g->offset[blk + 1]; i++) {
      d2 += (a[i] - b[i]) * (a[i] - b[i]);
      n2 += b[i] * b[i];
    }
    double e = sqrt(d2) / fmax(sqrt(n2), 1e-300);
    if (print)
      printf("        %-5s  |grad| %.3e, relative difference single vs double %.2e\n",
             reach_gru_block_names[blk], sqrt(n2), e);
    worst = fmax(worst, e);
  }
  return worst;
}

// A tiny savings run (4 growing-up batches, 2 per phase) in precision p; returns the first
// growing-up loss and the first logged LD of FF1, or NAN if a step failed.
static void savings_run(reach_precision p, double *loss0, double *ld0) {
  reach_config c;
  reach_config_default(&c);
  c.units = 16;
  c.seed = 4;
  c.grow_batches = 4;
  c.grow_batch = 8;
  for (int k = 0; k < REACH_NPHASE; k++) c.phase_batches[k] = 2;
  c.precision = p;
  reach_error err = {0};
  reach_savings *e = NULL;
  *loss0 = *ld0 = NAN;
  if (reach_savings_create(&c, &e, &err)) {
    printf("        %s\n", err.msg);
    return;
  }
  bool ok = true;
  while (ok && reach_savings_stage(e) != REACH_STAGE_DONE) {
    ok = reach_savings_step(e, &err) == REACH_OK;
    if (ok && reach_savings_stage(e) == REACH_STAGE_GROW && reach_savings_batch(e) == 1)
      *loss0 = reach_savings_last_loss(e);
  }
  const double *ld;
  if (ok && reach_savings_ld(e, 1, &ld, NULL) > 0) *ld0 = ld[0];
  if (!ok) printf("        %s\n", err.msg);
  reach_savings_free(e);
}

static double train(fixture *f, double *theta, double *grad, reach_precision p, double *first,
                    double *last) {
  reach_optim opt;
  const reach_optim_config adam = {.kind = REACH_OPT_ADAM,
                                   .lr = 3e-3,
                                   .lr_decay = 1.0,
                                   .clip = 1.0,
                                   .beta1 = 0.9,
                                   .beta2 = 0.999,
                                   .eps = 1e-8};
  if (reach_optim_init(&opt, f->gru.n_params)) return NAN;
  reach_optim_reset(&opt, &adam);
  reach_rollout_set_precision(&f->ro, p);
  reach_rng trial_rng;
  reach_rng_init(&trial_rng, 21);
  *first = *last = 0.0;
  for (int k = 0; k < TRAIN_BATCHES; k++) {
    reach_trials_random(&f->trials, &f->arm, &f->task, &trial_rng);
    double loss = batch(f, theta, 100 + (uint64_t)k, true, grad);
    if (k < 5) *first += loss / 5;
    if (k >= TRAIN_BATCHES - 5) *last += loss / 5;
    reach_optim_update(&opt, theta, grad, NULL);
  }
  reach_rng_free(&trial_rng);
  reach_optim_free(&opt);
  return *last;
}

int main(void) {
  const reach_task_config task = {.dt = 0.01,
                                  .steps = T,
                                  .proprio_delay = 0.02,
                                  .vision_delay = 0.07,
                                  .noise_action = 1e-4,
                                  .noise_proprio = 1e-3,
                                  .noise_vision = 1e-4,
                                  .go_lo = 0.1,
                                  .go_hi = 0.3,
                                  .catch_fraction = 0.25,
                                  .home_deg = {60, 90},
                                  .target_distance = 0.1,
                                  .n_targets = 8,
                                  .ld_start_index = 25};
  fixture f;
  if (rollout_fixture_init(&f, &task, B, H, 8.0, 3)) return 1;
  f.loss = rollout_fixture_code_loss;
  const size_t n = f.gru.n_params;
  double *theta = calloc(n, sizeof *theta), *theta_s = calloc(n, sizeof *theta_s);
  double *g_d = calloc(n, sizeof *g_d), *g_s = calloc(n, sizeof *g_s);
  double *g_cut = calloc(n, sizeof *g_cut);
  rollout_fixture_moving_theta(&f.gru, theta, &f.rng);
  reach_trials_random(&f.trials, &f.arm, &f.task, &f.rng);

  CHECK(f.ro.precision == REACH_PRECISION_DOUBLE && !f.ro.fblock,
        "a new rollout computes in double and holds no float buffers");
  double l_d = batch(&f, theta, 9, true, g_d);
  batch(&f, theta, 9, false, g_cut);
  CHECK(reach_rollout_set_precision(&f.ro, REACH_PRECISION_SINGLE) == 0 && f.ro.fblock,
        "switching to single allocates the float buffers");
  double l_s = batch(&f, theta, 9, true, g_s);
  double dl = fabs(l_s - l_d) / fabs(l_d);
  CHECK(dl <= 1e-4 && dl > 0.0,
        "loss of one noisy batch: single %.9g, double %.9g, relative "
        "difference %.2e (float arithmetic ran: > 0; tolerance 1e-4)",
        l_s, l_d, dl);
  double e = worst_block_error(&f.gru, g_s, g_d, true);
  CHECK(e <= 1e-4,
        "gradient, single vs double: worst block relative difference %.2e "
        "(tolerance 1e-4)",
        e);
  double e_cut = worst_block_error(&f.gru, g_cut, g_d, false);
  CHECK(e_cut > 1e3 * 1e-4,
        "the comparison can tell: the gradient with the plant cut differs "
        "by %.2e (> 1000 x the tolerance)",
        e_cut);
  // Back to double: the double pass is what it was (the float buffers do not leak into it).
  reach_rollout_set_precision(&f.ro, REACH_PRECISION_DOUBLE);
  double l_d2 = batch(&f, theta, 9, true, g_s);
  CHECK(l_d2 == l_d && memcmp(g_s, g_d, n * sizeof *g_d) == 0,
        "switching back to double reproduces the double loss and gradient bit for bit");

  // The configuration key reaches the savings engine's rollouts (growing up, phases, evaluation).
  double loss_d, ld_d, loss_s, ld_s;
  savings_run(REACH_PRECISION_DOUBLE, &loss_d, &ld_d);
  savings_run(REACH_PRECISION_SINGLE, &loss_s, &ld_s);
  const double dloss = fabs(loss_s - loss_d) / fabs(loss_d), dld = fabs(ld_s - ld_d) / fabs(ld_d);
  CHECK(dloss <= 1e-4 && dloss > 0.0,
        "savings run, [train] precision = single: first growing-up "
        "loss %.9g vs double %.9g, relative difference %.2e (> 0, tolerance 1e-4)",
        loss_s, loss_d, dloss);
  CHECK(dld <= 1e-4 && dld > 0.0,
        "and the first logged LD of FF1 (after 4 + 2 batches): %.6f mm "
        "vs %.6f mm, relative difference %.2e (> 0, tolerance 1e-4)",
        1e3 * ld_s, 1e3 * ld_d, dld);

  // Training from the same start in both precisions.
  memcpy(theta_s, theta, n * sizeof *theta);
  double first_d, last_d, first_s, last_s;
  train(&f, theta, g_d, REACH_PRECISION_DOUBLE, &first_d, &last_d);
  train(&f, theta_s, g_s, REACH_PRECISION_SINGLE, &first_s, &last_s);
  printf(
      "        mean loss of the first and last 5 of %d batches: double %.5g -> %.5g, single "
      "%.5g -> %.5g\n",
      TRAIN_BATCHES, first_d, last_d, first_s, last_s);
  const double orders_d = log10(first_d / last_d), orders_s = log10(first_s / last_s);
  CHECK(orders_s > 0.0 && orders_s >= 0.5 * orders_d,
        "training in single precision lowers the "
        "loss by %.2f orders of magnitude (double: %.2f; at least half of it)",
        orders_s, orders_d);

  free(theta);
  free(theta_s);
  free(g_d);
  free(g_s);
  free(g_cut);
  rollout_fixture_free(&f);
  return reach_test_finish("rollout-single");
}
