// SPDX-License-Identifier: GPL-3.0-or-later
// The whole-rollout gradient (GRU → muscles → skeleton → curl field → delayed observations →
// loss) against central finite differences, on a random sample of every parameter block
// (issue 4: H = 8, B = 2, 30 steps, no noise, ≤ 1e-6 relative). Then the same check with the
// plant's backward path cut must fail: the test can tell a gradient through the policy only.
// Both loss forms are checked, the code's and the paper's. Then per-trial loads (issue 8): a
// learner's compensation on a field trial and on a force-channel trial, and a channel alone,
// through the same check; and a uniform gain given per trial reproduces the plain pass bit for bit.
// Then a visuomotor rotation (issue 19): the network's vision and the position loss see the hand
// rotated about the start, and the gradient through the rotation passes the same check; a
// rotation of 0 is the plain pass bit for bit.
#include <string.h>

#include "harness.h"
#include "rollout_fixture.h"

enum { H = 8, B = 2, T = 30, SAMPLES = 6 };

typedef rollout_fixture fixture;

static double loss_at(fixture *f, const double *theta) {
  rollout_fixture_forward(f, theta, NULL);
  return reach_loss_eval(&f->ro, &f->loss, &f->task, NULL);
}

// Worst relative error over the sampled entries of each block; returns the worst of all.
static double check_blocks(fixture *f, double *theta, const double *grad, reach_rng *pick,
                           bool print) {
  double worst_all = 0.0;
  for (int blk = 0; blk < REACH_GRU_NBLOCK; blk++) {
    size_t lo = f->gru.offset[blk], n = f->gru.offset[blk + 1] - lo;
    double gmax = 0.0;
    for (size_t i = 0; i < n; i++) gmax = fmax(gmax, fabs(grad[lo + i]));
    double worst = 0.0;
    int count = n < SAMPLES ? (int)n : SAMPLES;
    for (int s = 0; s < count; s++) {
      size_t i = lo + (n <= SAMPLES ? (size_t)s : reach_rng_below(pick, n));
      double keep = theta[i], h = 1e-5 * fmax(1.0, fabs(keep));
      theta[i] = keep + h;
      double lp = loss_at(f, theta);
      theta[i] = keep - h;
      double lm = loss_at(f, theta);
      theta[i] = keep;
      double fd = (lp - lm) / (2.0 * h);
      double denom = fmax(fmax(fabs(fd), fabs(grad[i])), 1e-3 * gmax + 1e-12);
      worst = fmax(worst, fabs(fd - grad[i]) / denom);
    }
    if (print)
      printf("        %-5s  %zu params, |grad|max %.3e, worst relative error %.2e\n",
             reach_gru_block_names[blk], n, gmax, worst);
    worst_all = fmax(worst_all, worst);
  }
  return worst_all;
}

int main(void) {
  const reach_task_config task = {.dt = 0.01,
                                  .steps = T,
                                  .proprio_delay = 0.02,
                                  .vision_delay = 0.07,
                                  .go_lo = 0.05,
                                  .go_hi = 0.10,
                                  .catch_fraction = 0.0,
                                  .home_deg = {60, 90},
                                  .target_distance = 0.1,
                                  .n_targets = 8,
                                  .ld_start_index = 5};
  fixture f;
  if (rollout_fixture_init(&f, &task, B, H, 8.0, 7)) return 1;
  reach_trials_random(&f.trials, &f.arm, &f.task, &f.rng);
  printf("go steps %d, %d (field on from there; 30 steps)\n", f.trials.go_step[0],
         f.trials.go_step[1]);

  double *theta = calloc(f.gru.n_params, sizeof *theta);
  double *grad = calloc(f.gru.n_params, sizeof *grad);
  double *grad_cut = calloc(f.gru.n_params, sizeof *grad_cut);
  rollout_fixture_moving_theta(&f.gru, theta, &f.rng);
  for (size_t i = f.gru.offset[REACH_GRU_W_OUT]; i < f.gru.offset[REACH_GRU_B_OUT]; i++)
    theta[i] *= 4.0;

  // Both forms with all terms, then each term alone (the jerk term dwarfs the hidden terms in
  // the full loss, so only alone would an error in their adjoint stand out).
  const reach_loss_config code = rollout_fixture_code_loss;
  reach_loss_config cases[8];
  const char *names[8] = {"code form",      "paper form",
                          "position alone", "jerk alone",
                          "muscle alone",   "muscle-derivative alone",
                          "hidden alone",   "hidden-derivative alone"};
  cases[0] = code;
  cases[1] = code;
  cases[1].form = REACH_LOSS_PAPER;
  cases[1].w_jerk = 1e-3;  // the literal jerk (Δ²v/dt²)² is 1e8 larger: keep terms comparable
  for (int k = 0; k < 6; k++) {
    reach_loss_config one = {.form = REACH_LOSS_CODE};
    double *w[6] = {&one.w_position,     &one.w_jerk,   &one.w_muscle,
                    &one.w_muscle_deriv, &one.w_hidden, &one.w_hidden_deriv};
    *w[k] = 1.0;
    cases[2 + k] = one;
  }
  for (int fi = 0; fi < 8; fi++) {
    f.loss = cases[fi];
    reach_loss_terms terms;
    reach_rollout_forward(&f.ro, &f.ctx, theta, &f.trials, f.field, NULL);
    double l0 = reach_loss_eval(&f.ro, &f.loss, &f.task, &terms);
    printf(
        "%s: loss %.6g (position %.4g jerk %.4g muscle %.4g dmuscle %.4g hidden %.4g "
        "dhidden %.4g)\n",
        names[fi], l0, terms.position, terms.jerk, terms.muscle, terms.muscle_deriv, terms.hidden,
        terms.hidden_deriv);
    memset(grad, 0, f.gru.n_params * sizeof *grad);
    reach_rollout_backward(&f.ro, &f.ctx, theta, grad, true);

    reach_rng pick;
    reach_rng_init(&pick, 11 + (uint64_t)fi);
    double worst = check_blocks(&f, theta, grad, &pick, fi < 2);
    CHECK(worst <= 1e-6,
          "%s: whole-rollout gradient vs central differences, worst "
          "relative error %.2e over %d blocks (tolerance 1e-6)",
          names[fi], worst, REACH_GRU_NBLOCK);
    if (fi < 2) {
      // Cut the plant's adjoint: the gradient through the policy alone must be caught.
      reach_rollout_forward(&f.ro, &f.ctx, theta, &f.trials, f.field, NULL);
      reach_loss_eval(&f.ro, &f.loss, &f.task, NULL);
      memset(grad_cut, 0, f.gru.n_params * sizeof *grad_cut);
      reach_rollout_backward(&f.ro, &f.ctx, theta, grad_cut, false);
      reach_rng_seed(&pick, 11 + (uint64_t)fi);
      double worst_cut = check_blocks(&f, theta, grad_cut, &pick, false);
      CHECK(worst_cut > 1e-2,
            "%s: with the plant's backward path cut the same check "
            "reports %.2e (must be far above 1e-6)",
            names[fi], worst_cut);
    }
    reach_rng_free(&pick);
  }

  // The weight gradients formed step by step during the reverse pass (the form of batches of
  // 16 rows and more) pass the same check, and differ from the all-at-once form by rounding only.
  {
    f.loss = code;
    reach_rollout_forward(&f.ro, &f.ctx, theta, &f.trials, f.field, NULL);
    reach_loss_eval(&f.ro, &f.loss, &f.task, NULL);
    memset(grad, 0, f.gru.n_params * sizeof *grad);
    reach_rollout_backward(&f.ro, &f.ctx, theta, grad, true);
    f.ro.pipeline_rows = 1;
    reach_rollout_forward(&f.ro, &f.ctx, theta, &f.trials, f.field, NULL);
    reach_loss_eval(&f.ro, &f.loss, &f.task, NULL);
    memset(grad_cut, 0, f.gru.n_params * sizeof *grad_cut);
    reach_rollout_backward(&f.ro, &f.ctx, theta, grad_cut, true);
    double rel = 0.0;
    for (size_t i = 0; i < f.gru.n_params; i++)
      rel = fmax(rel, fabs(grad_cut[i] - grad[i]) / fmax(fabs(grad[i]), 1e-300));
    reach_rng pick;
    reach_rng_init(&pick, 11);
    double worst = check_blocks(&f, theta, grad_cut, &pick, false);
    CHECK(worst <= 1e-6 && rel <= 1e-12,
          "code form, weight gradients step by step: vs central differences %.2e (tolerance "
          "1e-6), vs all at once max relative %.1e (rounding, tolerance 1e-12)",
          worst, rel);
    reach_rng_free(&pick);
    f.ro.pipeline_rows = 16;
  }

  // Per-trial loads. Trial 0: channel along its start → target line carrying a compensation
  // c = −6 N·s/m; trial 1: curl 8 N·s/m with compensation −5 (a learner at ŷ = 5/8). Then both
  // trials channels with no compensation, and both compensation-only.
  f.loss = code;
  const double curl_a[B] = {0.0, 8.0}, comp_a[B] = {-6.0, -5.0}, comp_c[B] = {4.0, -7.0};
  const bool chan_a[B] = {true, false}, chan_b[B] = {true, true};
  const reach_rollout_loads load_cases[3] = {
      {.curl = curl_a, .comp = comp_a, .channel = chan_a},
      {.channel = chan_b},
      {.comp = comp_c},
  };
  const char *load_names[3] = {"channel+compensation | curl+compensation", "channel | channel",
                               "compensation | compensation"};
  reach_rollout_forward(&f.ro, &f.ctx, theta, &f.trials, 0.0, NULL);
  double l_null = reach_loss_eval(&f.ro, &f.loss, &f.task, NULL);
  for (int li = 0; li < 3; li++) {
    f.loads = &load_cases[li];
    rollout_fixture_forward(&f, theta, NULL);
    double l0 = reach_loss_eval(&f.ro, &f.loss, &f.task, NULL);
    // the largest channel force on the hand, so the check is not on a load that does nothing
    double fmax_ch = 0.0;
    for (int t = 0; t < T; t++)
      for (int b = 0; b < B; b++)
        if (f.loads->channel && f.loads->channel[b])
          for (int i = 0; i < 2; i++) {
            size_t k = ((size_t)t * 2 + (size_t)i) * B + (size_t)b;
            fmax_ch = fmax(fmax_ch, fabs(f.ro.f_end[k] - f.ro.f_other[k]));
          }
    printf("%s: loss %.6g (null field %.6g), largest channel force %.3g N\n", load_names[li], l0,
           l_null, fmax_ch);
    CHECK(fabs(l0 - l_null) > 1e-6 * fabs(l_null),
          "%s: the loads change the loss (%.6g vs "
          "%.6g)",
          load_names[li], l0, l_null);
    memset(grad, 0, f.gru.n_params * sizeof *grad);
    reach_rollout_backward(&f.ro, &f.ctx, theta, grad, true);
    reach_rng pick;
    reach_rng_init(&pick, 31 + (uint64_t)li);
    double worst = check_blocks(&f, theta, grad, &pick, true);
    CHECK(worst <= 1e-6,
          "%s: whole-rollout gradient vs central differences, worst relative "
          "error %.2e over %d blocks (tolerance 1e-6)",
          load_names[li], worst, REACH_GRU_NBLOCK);
    reach_rng_free(&pick);
  }
  // A uniform gain given per trial is the plain pass, bit for bit (paths and gradient).
  const double curl_u[B] = {8.0, 8.0};
  const reach_rollout_loads uniform = {.curl = curl_u};
  size_t nxy = (size_t)(T + 1) * 2 * B;
  double *xy_plain = malloc(nxy * sizeof *xy_plain);
  f.loads = NULL;
  f.field = 8.0;
  rollout_fixture_forward(&f, theta, NULL);
  memcpy(xy_plain, f.ro.xy, nxy * sizeof *xy_plain);
  reach_loss_eval(&f.ro, &f.loss, &f.task, NULL);
  memset(grad, 0, f.gru.n_params * sizeof *grad);
  reach_rollout_backward(&f.ro, &f.ctx, theta, grad, true);
  f.loads = &uniform;
  rollout_fixture_forward(&f, theta, NULL);
  reach_loss_eval(&f.ro, &f.loss, &f.task, NULL);
  memset(grad_cut, 0, f.gru.n_params * sizeof *grad_cut);
  reach_rollout_backward(&f.ro, &f.ctx, theta, grad_cut, true);
  CHECK(!memcmp(xy_plain, f.ro.xy, nxy * sizeof *xy_plain) &&
            !memcmp(grad, grad_cut, f.gru.n_params * sizeof *grad),
        "uniform curl 8 N s/m given per trial: hand paths and gradient bit-identical to "
        "reach_rollout_forward's");

  // Visuomotor rotation of 30 and -45 degrees (curl field off, then on): the whole loss and the
  // position term alone, whose adjoint is the one the rotation changes (with vision's).
  f.loads = NULL;
  const double angles[3] = {30.0, -45.0, 30.0};
  const double fields[3] = {0.0, 0.0, 8.0};
  for (int ai = 0; ai < 3; ai++) {
    for (int form = 0; form < 2; form++) {
      f.loss = code;
      if (form == 1) f.loss = cases[2];  // position alone
      f.field = fields[ai];
      reach_rollout_set_rotation(&f.ro, 0.0);
      rollout_fixture_forward(&f, theta, NULL);
      const double l_plain = reach_loss_eval(&f.ro, &f.loss, &f.task, NULL);
      reach_rollout_set_rotation(&f.ro, angles[ai]);
      rollout_fixture_forward(&f, theta, NULL);
      const double l_rot = reach_loss_eval(&f.ro, &f.loss, &f.task, NULL);
      memset(grad, 0, f.gru.n_params * sizeof *grad);
      reach_rollout_backward(&f.ro, &f.ctx, theta, grad, true);
      reach_rng pick;
      reach_rng_init(&pick, 51 + (uint64_t)(2 * ai + form));
      printf("rotation %g deg, field %g, %s: loss %.6g (unrotated %.6g)\n", angles[ai], fields[ai],
             form ? "position alone" : "code form", l_rot, l_plain);
      double worst = check_blocks(&f, theta, grad, &pick, true);
      CHECK(fabs(l_rot - l_plain) > 1e-6 * fabs(l_plain) && worst <= 1e-6,
            "rotation %g deg, field %g, %s: the rotation changes the loss (%.6g vs %.6g); "
            "gradient vs central differences, worst relative error %.2e over %d blocks "
            "(tolerance 1e-6)",
            angles[ai], fields[ai], form ? "position alone" : "code form", l_rot, l_plain, worst,
            REACH_GRU_NBLOCK);
      reach_rng_free(&pick);
    }
  }
  reach_rollout_set_rotation(&f.ro, 0.0);
  f.loss = code;
  f.field = 8.0;
  rollout_fixture_forward(&f, theta, NULL);
  CHECK(!memcmp(xy_plain, f.ro.xy, nxy * sizeof *xy_plain) && !f.ro.rotated,
        "rotation set back to 0 deg: hand paths bit-identical to the plain pass");
  free(xy_plain);

  free(theta);
  free(grad);
  free(grad_cut);
  rollout_fixture_free(&f);
  return reach_test_finish("rollout-grad");
}
