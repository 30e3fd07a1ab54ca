// SPDX-License-Identifier: GPL-3.0-or-later
// The network as the tool study's learner (issue 8, study/tool_rnn.h), with the bundled grown-up
// network:
//  1. Folding the trial's constant cue inputs into the input bias steps the GRU as the 21-input
//     network does given [obs; cue].
//  2. The gradient of one trial's reach loss with respect to the cue columns of W_ih (BPTT
//     through the arm in a curl field) matches central differences; the columns of inputs that
//     are zero on the trial (the other cue) get exactly none.
//  3. The cue reaches the hand: with non-zero cue columns cue 1 and cue 2 make different paths
//     of the same reach; with the zero columns the learner starts from, or without the cue
//     (no_cue, the control), identical ones.
//  4. One step moves the trainable parameters only (the savings study's phase mask + the cue).
//  5. With learning rate 0 the learner replays the no-learning run (fixed ŷ = 0) exactly, trial
//     by trial; with the network's own rate it does not (so the comparison can tell).
// Nothing here tests the scientific outcome. Argument: the network file. Skips (77) without it.
#include <string.h>

#include "context/paradigm_gen.h"
#include "harness.h"
#include "learn/loss.h"
#include "learn/rollout.h"
#include "study/savings.h"
#include "tool_test_net.h"
#include "study/tool_rnn.h"
#include "study/tool_run.h"

typedef struct fixture {
  reach_arm_model arm;
  const reach_gru *gru;
  const double *theta;
  const reach_config *cfg;
  reach_tool tool;
  reach_rollout_ctx ctx;
  reach_rollout ro;
  reach_trials b;
} fixture;

// One trial of the two-point group at `side` with perturbation pert (±1, 0; NAN: channel).
static int make_trial(const fixture *f, int side, double pert, reach_tool_trial *tr) {
  int cue = side, type = 0;
  reach_paradigm p = {.n = 1, .cue = &cue, .pert = &pert, .type = &type, .target = &cue};
  reach_error err = {0};
  if (reach_tool_trial_make(&f->tool, &f->arm, &p, 0, -1, tr, &err)) {
    printf("trial: %s\n", err.msg);
    return -1;
  }
  return 0;
}

// Plays tr with the learner's parameters folded for extra inputs e; returns the trial's loss
// and, when grad is given, writes its gradient with respect to the extended parameters.
static double play(fixture *f, reach_tool_rnn *l, const reach_tool_trial *tr, const double *e,
                   double *grad) {
  const double curl = tr->field_gain, comp = 0.0;
  const bool channel = tr->channel;
  const reach_rollout_loads loads = {.curl = &curl, .comp = &comp, .channel = &channel};
  reach_tool_trial_batch(tr, &f->arm, &f->cfg->task, f->cfg->task.go_lo, &f->b);
  reach_rollout_forward_loads(&f->ro, &f->ctx, reach_tool_rnn_fold(l, e), &f->b, &loads, NULL);
  if (grad) return reach_tool_rnn_gradient(l, &f->ro, &f->ctx, grad);
  return reach_loss_eval(&f->ro, &f->cfg->loss, &f->cfg->task, NULL);
}

// Sets the cue columns of W_ih to uniform values in [-s, s) (s = 0: back to zero).
static void set_cue_columns(reach_tool_rnn *l, double s, reach_rng *rng) {
  const reach_gru *g = reach_tool_rnn_gru(l);
  double *w = reach_tool_rnn_params(l) + g->offset[REACH_GRU_W_IH];
  for (int i = 0; i < 3 * g->units; i++)
    for (int j = REACH_OBS; j < g->inputs; j++)
      w[(size_t)i * g->inputs + j] = s > 0.0 ? reach_rng_uniform(rng, -s, s) : 0.0;
}

static double path_diff(const double *a, const double *b, int n) {
  double d = 0.0;
  for (int i = 0; i < n; i++) d = fmax(d, fabs(a[i] - b[i]));
  return d;
}

static void test_fold(reach_tool_rnn *l, reach_rng *rng) {
  const reach_gru *ge = reach_tool_rnn_gru(l);
  reach_gru gb;
  reach_gru_layout(&gb, REACH_OBS, ge->units, ge->outputs);
  const int H = ge->units, IE = ge->inputs;
  set_cue_columns(l, 0.05, rng);
  double xe[REACH_OBS + REACH_TOOL_RNN_EXTRA];
  // sized by the network: the bundle is the paper's 128 units
  double *h = malloc(sizeof *h * (size_t)H), *he = malloc(sizeof *he * (size_t)H),
         *hb = malloc(sizeof *hb * (size_t)H),
         *work = malloc(sizeof *work * 6 * (size_t)H);  // [B][6H], gru.h
  for (int i = 0; i < REACH_OBS; i++) xe[i] = reach_rng_uniform(rng, -1.0, 1.0);
  for (int k = 0; k < H; k++) h[k] = reach_rng_uniform(rng, -0.5, 0.5);
  const double e[REACH_TOOL_RNN_EXTRA] = {0.0, 1.0, 0.07, 0.0};
  memcpy(xe + REACH_OBS, e, sizeof e);
  double *pe = calloc(reach_gru_packed_size(ge), sizeof *pe);
  double *pb = calloc(reach_gru_packed_size(&gb), sizeof *pb);
  reach_gru_pack(ge, reach_tool_rnn_params(l), pe);
  reach_gru_pack(&gb, reach_tool_rnn_fold(l, e), pb);
  reach_gru_step(ge, reach_tool_rnn_params(l), pe, 1, xe, h, he, work, NULL);
  reach_gru_step(&gb, reach_tool_rnn_fold(l, e), pb, 1, xe, h, hb, work, NULL);
  free(pe);
  free(pb);
  const double d = path_diff(he, hb, H), dh = path_diff(he, h, H);
  CHECK(d <= 1e-14 && dh > 1e-3,
        "folded step equals the %d-input step: max |h' diff| %.2e (tol 1e-14; the step moves "
        "h by %.3f)",
        IE, d, dh);
  free(h);
  free(he);
  free(hb);
  free(work);
  set_cue_columns(l, 0.0, NULL);
}

static void test_gradient(fixture *f, reach_tool_rnn *l, reach_rng *rng) {
  reach_tool_trial tr;
  if (make_trial(f, 1, 1.0, &tr)) {
    CHECK(0, "could not make a field trial");
    return;
  }
  const reach_gru *ge = reach_tool_rnn_gru(l);
  const size_t n = ge->n_params;
  double *grad = calloc(n, sizeof *grad);
  double *theta = reach_tool_rnn_params(l);
  double e[REACH_TOOL_RNN_EXTRA];
  reach_tool_rnn_inputs(l, &tr, e);
  printf("cue-1 field trial (gain %+.0f N s/m): extra inputs [%g, %g, %+.3f, %+.3f]\n",
         tr.field_gain, e[0], e[1], e[2], e[3]);
  // At the learner's start (zero columns) and at random non-zero ones.
  const double scales[2] = {0.0, 0.05};
  for (int s = 0; s < 2; s++) {
    set_cue_columns(l, scales[s], rng);
    const double loss = play(f, l, &tr, e, grad);
    double worst = 0.0, gmax = 0.0, absent = 0.0;
    int checked = 0;
    const int rows[] = {0, 5, ge->units + 3, ge->units + 17, 2 * ge->units + 1, 3 * ge->units - 1};
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
      for (int j = 0; j < REACH_TOOL_RNN_EXTRA; j++) {
        const size_t i = ge->offset[REACH_GRU_W_IH] + (size_t)rows[r] * ge->inputs + REACH_OBS + j;
        // the same 1e-6 step in the input bias the column drives (h·e_j), whatever e_j is
        const double h = e[j] != 0.0 ? 1e-6 / fabs(e[j]) : 1e-6, keep = theta[i];
        theta[i] = keep + h;
        const double lp = play(f, l, &tr, e, NULL);
        theta[i] = keep - h;
        const double lm = play(f, l, &tr, e, NULL);
        theta[i] = keep;
        const double fd = (lp - lm) / (2.0 * h);
        if (e[j] == 0.0) {
          absent = fmax(absent, fabs(grad[i]) + fabs(fd));
          continue;
        }
        const double rel = fabs(grad[i] - fd) / fmax(fabs(fd), 1e-6);
        worst = fmax(worst, rel);
        gmax = fmax(gmax, fabs(grad[i]));
        checked++;
      }
    CHECK(worst < 1e-4 && gmax > 1e-4,
          "cue columns %s: loss %.6f, %d entries, max |dL/dw| %.3e, worst relative "
          "difference to central differences %.2e (tol 1e-4)",
          s ? "random U(-0.05, 0.05)" : "zero", loss, checked, gmax, worst);
    CHECK(absent == 0.0,
          "columns of inputs that are 0 on this trial (cue 2, point y): max |analytic| + "
          "|numeric| = %g (expected 0)",
          absent);
  }
  set_cue_columns(l, 0.0, NULL);
  free(grad);
}

// Largest |hand position difference| between the same null reach told it is at cue 1 (left
// point) or cue 2 (right point), with the cue columns set to U(-s, s).
static double cue_path_diff(fixture *f, reach_tool_rnn *l, double s, reach_rng *rng) {
  reach_tool_trial t1, t2;
  if (make_trial(f, 1, 0.0, &t1) || make_trial(f, 2, 0.0, &t2)) return NAN;
  const int T = f->cfg->task.steps, m = 2 * (T + 1);
  double *xy1 = malloc((size_t)m * sizeof *xy1);
  double e1[REACH_TOOL_RNN_EXTRA], e2[REACH_TOOL_RNN_EXTRA];
  reach_tool_rnn_inputs(l, &t1, e1);
  reach_tool_rnn_inputs(l, &t2, e2);
  set_cue_columns(l, s, rng);
  play(f, l, &t1, e1, NULL);
  memcpy(xy1, f->ro.xy, (size_t)m * sizeof *xy1);
  play(f, l, &t2, e2, NULL);
  const double d = path_diff(xy1, f->ro.xy, m);
  set_cue_columns(l, 0.0, NULL);
  free(xy1);
  return d;
}

static void test_cue_reaches_hand(fixture *f, reach_tool_rnn *l, reach_rng *rng) {
  const double d0 = cue_path_diff(f, l, 0.0, rng), d1 = cue_path_diff(f, l, 0.05, rng);
  CHECK(d0 == 0.0, "zero cue columns: cue 1 and cue 2 paths identical (max |diff| %g m)", d0);
  CHECK(d1 > 1e-4,
        "cue columns U(-0.05, 0.05): cue 1 and cue 2 paths differ by up to %.2f mm (> 0.1 mm)",
        1e3 * d1);
  // The control without the cue: the same columns, but its inputs are 0.
  reach_tool_rnn_config rc = {.loss = f->cfg->loss, .optim = f->cfg->phase_optim, .no_cue = true};
  reach_tool_rnn *blind = NULL;
  reach_error err = {0};
  if (reach_tool_rnn_create(f->gru, f->theta, &rc, &blind, &err)) {
    CHECK(0, "no-cue learner: %s", err.msg);
    return;
  }
  const double d2 = cue_path_diff(f, blind, 0.05, rng);
  CHECK(d2 == 0.0, "no_cue, cue columns U(-0.05, 0.05): paths identical (max |diff| %g m)", d2);
  reach_tool_rnn_free(blind);
}

// One learning step on a cue-1 field trial moves exactly the trainable parameters: W_hh, b_hh,
// h0 and the cue columns of inputs present on the trial; W_ih's observation columns, b_ih,
// W_out, b_out and the absent cue's column stay bit for bit.
static void test_mask(fixture *f, reach_tool_rnn *l) {
  reach_tool_trial tr;
  if (make_trial(f, 1, 1.0, &tr)) {
    CHECK(0, "could not make a field trial");
    return;
  }
  const reach_gru *g = reach_tool_rnn_gru(l);
  double *theta = reach_tool_rnn_params(l);
  double *before = malloc(g->n_params * sizeof *before);
  memcpy(before, theta, g->n_params * sizeof *before);
  double e[REACH_TOOL_RNN_EXTRA];
  reach_tool_rnn_inputs(l, &tr, e);
  play(f, l, &tr, e, NULL);
  reach_tool_rnn_gradient(l, &f->ro, &f->ctx, NULL);
  const double norm = reach_tool_rnn_update(l);
  // moved entries per block; the W_ih block split into observation and the four extra columns
  int moved[REACH_GRU_NBLOCK] = {0}, moved_col[REACH_TOOL_RNN_EXTRA] = {0};
  double step = 0.0;
  for (int k = 0; k < REACH_GRU_NBLOCK; k++)
    for (size_t i = g->offset[k]; i < g->offset[k + 1]; i++) {
      const double d = theta[i] - before[i];
      step += d * d;
      if (d == 0.0) continue;
      const int col = (int)((i - g->offset[k]) % (size_t)g->inputs) - REACH_OBS;
      if (k == REACH_GRU_W_IH && col >= 0)
        moved_col[col]++;
      else
        moved[k]++;
    }
  const int H = g->units;
  printf(
      "one step (gradient norm %.3g, clip %g, lr %g): |step| %.4g; moved: W_ih obs %d, "
      "cue-1 %d, cue-2 %d, point x %d, point y %d, W_hh %d, b_ih %d, b_hh %d, W_out %d, "
      "b_out %d, h0 %d\n",
      norm, f->cfg->phase_optim.clip, f->cfg->phase_optim.lr, sqrt(step), moved[REACH_GRU_W_IH],
      moved_col[0], moved_col[1], moved_col[2], moved_col[3], moved[REACH_GRU_W_HH],
      moved[REACH_GRU_B_IH], moved[REACH_GRU_B_HH], moved[REACH_GRU_W_OUT], moved[REACH_GRU_B_OUT],
      moved[REACH_GRU_H0]);
  CHECK(moved[REACH_GRU_W_IH] + moved[REACH_GRU_B_IH] + moved[REACH_GRU_W_OUT] +
                moved[REACH_GRU_B_OUT] + moved_col[1] + moved_col[3] ==
            0,
        "frozen: W_ih observation columns, b_ih, W_out, b_out and the columns of absent inputs "
        "(cue 2, point y) unchanged");
  CHECK(moved_col[0] > 3 * H / 2 && moved_col[2] > 3 * H / 2 && moved[REACH_GRU_W_HH] > H * H,
        "trained: cue-1 column %d and point-x column %d of %d rows, W_hh %d of %d entries move",
        moved_col[0], moved_col[2], 3 * H, moved[REACH_GRU_W_HH], 3 * H * H);
  memcpy(theta, before, g->n_params * sizeof *before);
  free(before);
}

// Plays paradigm p with the given configuration into res [n]. With max_diff: the largest |hand
// position difference| of any trial against all_xy [n][T+1][2]; without: records into all_xy.
static int run(const fixture *f, const reach_paradigm *p, const reach_tool_run_config *cfg,
               reach_tool_result *res, double *all_xy, double *max_diff) {
  reach_error err = {0};
  reach_tool_run *r;
  if (reach_tool_run_create(&f->arm, f->gru, f->theta, &f->cfg->task, p, cfg, &r, &err)) {
    printf("tool run: %s\n", err.msg);
    return -1;
  }
  const int T = f->cfg->task.steps, m = 2 * (T + 1);
  if (max_diff) *max_diff = 0.0;
  for (int t = 0; t < p->n; t++) {
    if (reach_tool_run_step(r, &res[t], &err)) {
      printf("trial %d: %s\n", t + 1, err.msg);
      reach_tool_run_free(r);
      return -1;
    }
    const double *xy;
    reach_tool_run_last(r, NULL, &xy, NULL, NULL);
    if (max_diff)
      *max_diff = fmax(*max_diff, path_diff(xy, all_xy + (size_t)t * m, m));
    else
      memcpy(all_xy + (size_t)t * m, xy, (size_t)m * sizeof *xy);
  }
  reach_tool_run_free(r);
  return 0;
}

static void test_lr_zero(const fixture *f) {
  reach_paradigm p = {0};
  reach_error err = {0};
  if (reach_paradigm_generate(REACH_EXP2_OPPOSING, 3, &p, &err)) {
    CHECK(0, "paradigm: %s", err.msg);
    return;
  }
  p.n = 160;  // enough for the first exposure: keeps the test fast
  const int T = f->cfg->task.steps, m = 2 * (T + 1);
  double *xy = malloc((size_t)p.n * m * sizeof *xy);
  double *zero = calloc((size_t)p.n, sizeof *zero);
  reach_tool_result *ref = calloc((size_t)p.n, sizeof *ref);
  reach_tool_result *res = calloc((size_t)p.n, sizeof *res);
  const reach_tool_run_config fixed = {.yhat = zero};
  if (run(f, &p, &fixed, ref, xy, NULL)) goto done;
  const double rates[2] = {0.0, f->cfg->phase_optim.lr};
  for (int k = 0; k < 2; k++) {
    reach_tool_rnn_config rc = {.loss = f->cfg->loss, .optim = f->cfg->phase_optim};
    rc.optim.lr = rates[k];
    const reach_tool_run_config cfg = {.rnn = &rc};
    double dmax;
    if (run(f, &p, &cfg, res, xy, &dmax)) goto done;
    int differ = 0, learned = 0, nch = 0;
    for (int t = 0; t < p.n; t++) {
      const bool same =
          res[t].channel ? res[t].adaptation == ref[t].adaptation : res[t].mpe == ref[t].mpe;
      differ += !same;
      learned += !res[t].channel && isfinite(res[t].loss);
      nch += res[t].channel;
    }
    if (k == 0)
      CHECK(differ == 0 && dmax == 0.0 && learned == p.n - nch,
            "lr 0: %d trials (%d channel) replay the no-learning run: %d measures differ, max "
            "|hand position diff| %g m, %d trials learned from (expected %d)",
            p.n, nch, differ, dmax, learned, p.n - nch);
    else
      CHECK(differ > 0 && dmax > 0.0,
            "lr %g: the run departs from the no-learning one (%d of %d measures differ, max "
            "|hand position diff| %.2f mm)",
            rates[k], differ, p.n, 1e3 * dmax);
  }
done:
  free(xy);
  free(zero);
  free(ref);
  free(res);
  reach_paradigm_free(&p);
}

int main(int argc, char **argv) {
  reach_savings *e = reach_tool_test_load(argc, argv, "test-tool-rnn");
  fixture f = {.gru = reach_savings_gru(e),
               .theta = reach_savings_snapshot(e, REACH_STAGE_GROW),
               .cfg = reach_savings_config(e)};
  reach_arm_model_arm26(&f.arm);
  f.arm.dt = f.cfg->task.dt;
  reach_error err = {0};
  reach_tool_rnn *l = NULL;
  const reach_tool_rnn_config rc = {.loss = f.cfg->loss, .optim = f.cfg->phase_optim};
  reach_rng rng;
  if (!f.theta ||
      reach_tool_init(&f.tool, REACH_TOOL_TWO_POINTS, &f.arm, &f.cfg->task, 1.0, &err) ||
      reach_tool_rnn_create(f.gru, f.theta, &rc, &l, &err) || reach_rng_init(&rng, 7) ||
      reach_rollout_init(&f.ro, 1, f.cfg->task.steps, f.gru->units) || reach_trials_init(&f.b, 1)) {
    printf("setup failed: %s\n", f.theta ? err.msg : "no grown-up snapshot");
    return 1;
  }
  f.ctx = (reach_rollout_ctx){.arm = &f.arm, .gru = f.gru, .task = &f.cfg->task};
  printf("network %s: %d units, %d + %d inputs\n", argv[1], f.gru->units, REACH_OBS,
         REACH_TOOL_RNN_EXTRA);

  test_fold(l, &rng);
  test_gradient(&f, l, &rng);
  test_cue_reaches_hand(&f, l, &rng);
  test_mask(&f, l);
  test_lr_zero(&f);

  reach_rng_free(&rng);
  reach_trials_free(&f.b);
  reach_rollout_free(&f.ro);
  reach_tool_rnn_free(l);
  reach_savings_free(e);
  return reach_test_finish("tool-rnn");
}
