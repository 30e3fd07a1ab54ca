// SPDX-License-Identifier: GPL-3.0-or-later
#include "savings.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/pool.h"
#include "../learn/loss.h"
#include "../learn/optim.h"
#include "../learn/rollout.h"
#include "savings_internal.h"

// Streams: training trials and noise draw from `train`; the logged evaluation reaches from
// `eval`; reach_savings_trace from `show`, so watching a run never changes it.
enum { STREAM_TRAIN = 0, STREAM_EVAL = 1, STREAM_SHOW = 2 };

static uint64_t stream_seed(uint64_t seed, int stream) {
  return seed * 0x100000001b3ull + (uint64_t)stream * 0x9e3779b97f4a7c15ull;
}

static int phase_batch_size(const reach_config *c) {
  return c->task.n_targets * c->phase_batch_repeats;
}

static void build_masks(reach_savings *e) {
  const reach_gru *g = &e->gru;
  memset(e->mask_grow, 1, g->n_params);
  memset(e->mask_phase, 0, g->n_params);
  // After growing up only the recurrent weights, (by default) the recurrent biases and h0 learn
  // (savings-paper-spec §1.7; code: W_ih, b_ih, W_out, b_out frozen).
  reach_gru_block trainable[3] = {REACH_GRU_W_HH, REACH_GRU_B_HH, REACH_GRU_H0};
  bool on[3] = {true, !e->cfg.freeze_b_hh, !e->cfg.freeze_h0};
  for (int k = 0; k < 3; k++)
    if (on[k])
      memset(e->mask_phase + g->offset[trainable[k]], 1,
             g->offset[trainable[k] + 1] - g->offset[trainable[k]]);
}

reach_status reach_savings_create(const reach_config *c, reach_savings **out, reach_error *err) {
  *out = NULL;
  reach_status st = reach_config_validate(c, err);
  if (st) return st;
  reach_savings *e = calloc(1, sizeof *e);
  if (!e) return reach_error_set(err, REACH_ERR_NOMEM, "out of memory");
  e->cfg = *c;
  reach_arm_model_arm26(&e->arm);
  e->arm.dt = c->task.dt;
  reach_gru_layout(&e->gru, REACH_OBS, c->units, REACH_NMUSCLE);
  e->ctx = (reach_rollout_ctx){.arm = &e->arm, .gru = &e->gru, .task = &e->cfg.task};
  const size_t n = e->gru.n_params;
  const int pb = phase_batch_size(c);
  const int cap = c->grow_batch > pb ? c->grow_batch : pb;
  bool ok = true;
  e->theta = calloc(n, sizeof *e->theta);
  e->grad = calloc(n, sizeof *e->grad);
  e->theta_prev = calloc(n, sizeof *e->theta_prev);
  e->snapshot_block = calloc((REACH_NPHASE + 1) * n, sizeof *e->snapshot_block);
  for (int k = 0; k <= REACH_NPHASE && e->snapshot_block; k++)
    e->snapshot[k] = e->snapshot_block + (size_t)k * n;
  e->mask_grow = calloc(n, 1);
  e->mask_phase = calloc(n, 1);
  ok = e->theta && e->grad && e->theta_prev && e->snapshot_block && e->mask_grow && e->mask_phase;
  for (int s = 0; s < 3 && ok; s++) ok = !reach_rng_init(&e->rng[s], stream_seed(c->seed, s));
  for (int s = 0; s < 2 && ok; s++)
    ok = (e->grow_end_rng[s] = malloc(reach_rng_state_size(&e->rng[s]))) != NULL;
  ok = ok && (e->rng_saved = malloc(reach_rng_state_size(&e->rng[STREAM_TRAIN]))) != NULL;
  ok = ok && !reach_optim_init(&e->opt, n);
  ok = ok && !reach_trials_init(&e->train_trials, cap);
  ok = ok && !reach_trials_init(&e->eval_trials, c->task.n_targets);
  ok = ok && !reach_rollout_init(&e->grow_ro, c->grow_batch, c->task.steps, c->units);
  ok = ok && !reach_rollout_init(&e->phase_ro, pb, c->task.steps, c->units);
  ok = ok && !reach_rollout_init(&e->eval_ro, c->task.n_targets, c->task.steps, c->units);
  ok = ok && !reach_rollout_set_precision(&e->grow_ro, c->precision);
  ok = ok && !reach_rollout_set_precision(&e->phase_ro, c->precision);
  ok = ok && !reach_rollout_set_precision(&e->eval_ro, c->precision);
  ok = ok && (e->pool = reach_pool_create(c->threads)) != NULL;
  if (ok) {
    e->grow_ro.pool = e->phase_ro.pool = e->eval_ro.pool = e->pool;
    // The phases train only W_hh, b_hh and h0 (build_masks): the input and output blocks'
    // gradients would be masked to zero, so they are not formed.
    e->phase_ro.frozen_io = true;
  }
  e->grow_loss = calloc((size_t)c->grow_batches + 1, sizeof *e->grow_loss);
  ok = ok && e->grow_loss;
  for (int p = 0; p < REACH_NPHASE && ok; p++) {
    e->phase_ld[p] = calloc((size_t)c->phase_batches[p] + 1, sizeof *e->phase_ld[p]);
    e->phase_loss[p] = calloc((size_t)c->phase_batches[p] + 1, sizeof *e->phase_loss[p]);
    ok = e->phase_ld[p] && e->phase_loss[p];
  }
  if (!ok) {
    reach_savings_free(e);
    return reach_error_set(err, REACH_ERR_NOMEM,
                           "out of memory allocating a %d-unit network and its rollouts", c->units);
  }
  if (reach_gru_init(&e->gru, e->theta, -5.0, &e->rng[STREAM_TRAIN])) {
    reach_savings_free(e);
    return reach_error_set(err, REACH_ERR_NOMEM, "out of memory initialising the network");
  }
  build_masks(e);
  reach_trials_eval(&e->eval_trials, &e->arm, &e->cfg.task);
  e->stage = REACH_STAGE_GROW;
  e->batch = 0;
  reach_optim_reset(&e->opt, &c->grow_optim);
  reach_savings_advance(e);  // skips empty stages
  *out = e;
  return REACH_OK;
}

void reach_savings_free(reach_savings *e) {
  if (!e) return;
  for (int s = 0; s < 3; s++) reach_rng_free(&e->rng[s]);
  reach_optim_free(&e->opt);
  reach_trials_free(&e->train_trials);
  reach_trials_free(&e->eval_trials);
  reach_rollout_free(&e->grow_ro);
  reach_rollout_free(&e->phase_ro);
  reach_rollout_free(&e->eval_ro);
  reach_pool_free(e->pool);
  free(e->grow_loss);
  for (int p = 0; p < REACH_NPHASE; p++) {
    free(e->phase_ld[p]);
    free(e->phase_loss[p]);
  }
  free(e->theta);
  free(e->grad);
  free(e->theta_prev);
  free(e->snapshot_block);
  free(e->mask_grow);
  free(e->mask_phase);
  for (int s = 0; s < 2; s++) free(e->grow_end_rng[s]);
  free(e->rng_saved);
  free(e);
}

const reach_config *reach_savings_config(const reach_savings *e) { return &e->cfg; }
reach_stage reach_savings_stage(const reach_savings *e) { return e->stage; }
int reach_savings_batch(const reach_savings *e) { return e->batch; }
const double *reach_savings_params(const reach_savings *e, size_t *n) {
  if (n) *n = e->gru.n_params;
  return e->theta;
}
const reach_gru *reach_savings_gru(const reach_savings *e) { return &e->gru; }

const double *reach_savings_snapshot(const reach_savings *e, reach_stage s) {
  if (s < REACH_STAGE_GROW || s > REACH_STAGE_FF2 || !e->snapshot_done[s + 1]) return NULL;
  return e->snapshot[s + 1];
}

void reach_savings_set_params(reach_savings *e, const double *theta) {
  memmove(e->theta, theta, e->gru.n_params * sizeof *theta);
}

static int stage_length(const reach_savings *e, reach_stage s) {
  if (s == REACH_STAGE_GROW) return e->cfg.grow_batches;
  if (s >= REACH_STAGE_NF1 && s <= REACH_STAGE_FF2) return e->cfg.phase_batches[s];
  return 0;
}

void reach_savings_keep_grow_end_rng(reach_savings *e) {
  for (int s = 0; s < 2; s++)
    memcpy(e->grow_end_rng[s], reach_rng_state(&e->rng[s]), reach_rng_state_size(&e->rng[s]));
  e->grow_end_rng_done = true;
}

void reach_savings_advance(reach_savings *e) {
  while (e->stage != REACH_STAGE_DONE && e->batch >= stage_length(e, e->stage)) {
    // Keep the stage's final weights: FF1 batch 0 is the NF1-final network, and the analyses
    // and the app's replay read each phase's end.
    memcpy(e->snapshot[e->stage + 1], e->theta, e->gru.n_params * sizeof *e->theta);
    e->snapshot_done[e->stage + 1] = true;
    if (e->stage == REACH_STAGE_GROW) reach_savings_keep_grow_end_rng(e);
    e->stage = (reach_stage)(e->stage + 1);
    e->batch = 0;
    // Each phase restarts its optimiser, as the code builds a new one per phase.
    if (e->stage >= REACH_STAGE_NF1 && e->stage <= REACH_STAGE_FF2)
      reach_optim_reset(&e->opt, &e->cfg.phase_optim);
  }
}

reach_status reach_savings_set_threads(reach_savings *e, int n, reach_error *err) {
  if (n < 1) n = 1;
  if (n == reach_pool_threads(e->pool)) {
    e->cfg.threads = n;
    return REACH_OK;
  }
  reach_pool *p = reach_pool_create(n);
  if (!p) return reach_error_set(err, REACH_ERR_NOMEM, "cannot start %d training threads", n);
  reach_pool_free(e->pool);
  e->pool = e->grow_ro.pool = e->phase_ro.pool = e->eval_ro.pool = p;
  e->cfg.threads = n;
  return REACH_OK;
}

void reach_savings_skip_growing_up(reach_savings *e) {
  if (e->stage != REACH_STAGE_GROW) return;
  e->batch = e->cfg.grow_batches;
  reach_savings_advance(e);
}

static const char *stage_name(reach_stage s) {
  if (s == REACH_STAGE_GROW) return "growing up";
  if (s == REACH_STAGE_DONE) return "done";
  return reach_phase_names[s];
}

// Names the first block holding a non-finite value, or NULL when all are finite.
static const char *nonfinite_block(const reach_gru *g, const double *grad) {
  for (int k = 0; k < REACH_GRU_NBLOCK; k++)
    for (size_t i = g->offset[k]; i < g->offset[k + 1]; i++)
      if (!isfinite(grad[i])) return reach_gru_block_names[k];
  return NULL;
}

double reach_savings_eval_ld(reach_savings *e, reach_rollout *ro, double field, reach_rng *noise) {
  reach_rollout_forward(ro, &e->ctx, e->theta, &e->eval_trials, field, noise);
  double ld[64], sum = 0.0;
  const int B = e->eval_trials.batch;
  double *buf = B <= 64 ? ld : malloc((size_t)B * sizeof *buf);
  if (!buf) return NAN;
  reach_rollout_lateral(ro, &e->cfg.task, buf);
  for (int b = 0; b < B; b++) sum += buf[b];
  if (buf != ld) free(buf);
  return sum / B;
}

// The training half of a batch, up to its gradient: trials and forward pass (train_forward),
// loss and backward pass (train_gradient).
typedef struct train_part {
  reach_savings *e;
  double field, loss;
} train_part;

static void train_forward(train_part *a) {
  reach_savings *e = a->e;
  const reach_config *c = &e->cfg;
  const bool grow = e->stage == REACH_STAGE_GROW;
  reach_rng *rng = &e->rng[STREAM_TRAIN];
  if (grow) {
    e->train_trials.batch = c->grow_batch;
    reach_trials_random(&e->train_trials, &e->arm, &c->task, rng);
  } else {
    reach_trials_centre_out(&e->train_trials, &e->arm, &c->task, c->phase_batch_repeats,
                            c->phase_catch, rng);
  }
  reach_rollout *ro = grow ? &e->grow_ro : &e->phase_ro;
  reach_rollout_forward(ro, &e->ctx, e->theta, &e->train_trials, a->field, rng);
}

static void train_gradient(train_part *a) {
  reach_savings *e = a->e;
  const reach_config *c = &e->cfg;
  reach_rollout *ro = e->stage == REACH_STAGE_GROW ? &e->grow_ro : &e->phase_ro;
  a->loss = reach_loss_eval(ro, &c->loss, &c->task, NULL);
  if (!isfinite(a->loss)) return;
  memset(e->grad, 0, e->gru.n_params * sizeof *e->grad);
  reach_rollout_backward(ro, &e->ctx, e->theta, e->grad, true);
}

// A phase batch's evaluation reaches and its training batch are independent until the update:
// both read θ, each draws from its own stream (evaluation, training) and writes its own rollout.
// On two threads a small phase batch (its rows split too thin to gain from sharing the steps)
// runs its forward pass beside the evaluation reaches' (the same length of work), each on one
// thread, instead of one after the other on both; its loss and backward pass then use both.
enum { SIDE_BY_SIDE_MAX_ROWS = 16 };

typedef struct phase_region {
  train_part train;
  double ld;
} phase_region;

static void phase_part(void *arg, int part, int parts) {
  (void)parts;
  phase_region *a = arg;
  reach_savings *e = a->train.e;
  if (part == 0)
    train_forward(&a->train);
  else if (part == 1)
    a->ld = reach_savings_eval_ld(e, &e->eval_ro, a->train.field, &e->rng[STREAM_EVAL]);
}

reach_status reach_savings_step(reach_savings *e, reach_error *err) {
  if (e->stage == REACH_STAGE_DONE)
    return reach_error_set(err, REACH_ERR_USAGE, "the experiment is complete");
  const reach_config *c = &e->cfg;
  const bool grow = e->stage == REACH_STAGE_GROW;
  const double field = grow ? 0.0 : c->phase_field[e->stage];
  reach_rng *rng = &e->rng[STREAM_TRAIN];
  const bool side_by_side =
      !grow && reach_pool_threads(e->pool) >= 2 && phase_batch_size(c) <= SIDE_BY_SIDE_MAX_ROWS;

  phase_region region = {.train = {.e = e, .field = field}, .ld = NAN};
  if (side_by_side) {
    // The training stream as it was, for a batch whose evaluation fails (as if the training had
    // not begun).
    memcpy(e->rng_saved, reach_rng_state(rng), reach_rng_state_size(rng));
    // Each half runs on one thread: the rollouts must not start regions of their own.
    e->phase_ro.pool = e->eval_ro.pool = NULL;
    reach_pool_run(e->pool, phase_part, &region);
    e->phase_ro.pool = e->eval_ro.pool = e->pool;
  } else if (!grow) {
    region.ld = reach_savings_eval_ld(e, &e->eval_ro, field, &e->rng[STREAM_EVAL]);
  }
  if (!grow) {
    const double ld = region.ld;
    if (!isfinite(ld)) {
      if (side_by_side) reach_rng_set_state(rng, e->rng_saved, reach_rng_state_size(rng));
      return reach_error_set(err, REACH_ERR_NUMERIC,
                             "%s batch %d: the evaluation reaches' lateral deviation is %g "
                             "(the network diverged); parameters kept from before this batch",
                             stage_name(e->stage), e->batch, ld);
    }
    e->phase_ld[e->stage][e->batch] = ld;
  }
  if (!side_by_side) train_forward(&region.train);
  train_gradient(&region.train);
  const double loss = region.train.loss;
  if (!isfinite(loss))
    return reach_error_set(err, REACH_ERR_NUMERIC,
                           "%s batch %d: the loss is %g; training stopped, parameters kept from "
                           "before this batch",
                           stage_name(e->stage), e->batch, loss);
  const char *bad = nonfinite_block(&e->gru, e->grad);
  if (bad)
    return reach_error_set(err, REACH_ERR_NUMERIC,
                           "%s batch %d: the gradient of %s is not finite; training stopped, "
                           "parameters kept from before this batch",
                           stage_name(e->stage), e->batch, bad);
  memcpy(e->theta_prev, e->theta, e->gru.n_params * sizeof *e->theta);
  e->last_grad_norm = reach_optim_update_pool(&e->opt, e->theta, e->grad,
                                              grow ? e->mask_grow : e->mask_phase, e->pool);
  bad = nonfinite_block(&e->gru, e->theta);
  if (bad) {
    memcpy(e->theta, e->theta_prev, e->gru.n_params * sizeof *e->theta);
    return reach_error_set(err, REACH_ERR_NUMERIC,
                           "%s batch %d: the update made %s non-finite (gradient norm %g); "
                           "training stopped, parameters kept from before this batch",
                           stage_name(e->stage), e->batch, bad, e->last_grad_norm);
  }
  if (grow)
    e->grow_loss[e->batch] = loss;
  else
    e->phase_loss[e->stage][e->batch] = loss;
  e->last_loss = loss;
  e->batch++;
  reach_savings_advance(e);
  return REACH_OK;
}

int reach_savings_ld(const reach_savings *e, int phase, const double **ld, const double **loss) {
  if (phase < 0 || phase >= REACH_NPHASE) return 0;
  if (ld) *ld = e->phase_ld[phase];
  if (loss) *loss = e->phase_loss[phase];
  if (e->stage == REACH_STAGE_DONE || (int)e->stage > phase) return e->cfg.phase_batches[phase];
  if ((int)e->stage == phase) return e->batch;
  return 0;
}

int reach_savings_grow_loss(const reach_savings *e, const double **loss) {
  if (loss) *loss = e->grow_loss;
  return e->stage == REACH_STAGE_GROW ? e->batch : e->cfg.grow_batches;
}

double reach_savings_last_loss(const reach_savings *e) { return e->last_loss; }

reach_status reach_savings_trace(reach_savings *e, double field, reach_trace *t, reach_error *err) {
  return reach_savings_trace_pushed(e, field, 0, NULL, t, err);
}

reach_status reach_savings_trace_pushed(reach_savings *e, double field, int index,
                                        const double *push, reach_trace *t, reach_error *err) {
  const reach_config *c = &e->cfg;
  const int B = c->task.n_targets, T = c->task.steps, H = c->units;
  if (t->batch != B || t->steps != T || t->units != H)
    return reach_error_set(err, REACH_ERR_USAGE,
                           "trace sized %d reaches × %d steps × %d units, the experiment has "
                           "%d × %d × %d",
                           t->batch, t->steps, t->units, B, T, H);
  if (push && (index < 1 || index > T))
    return reach_error_set(err, REACH_ERR_RANGE, "hidden-state push at index %d: expected 1..%d",
                           index, T);
  // Every trace replays the same noise, so a trace is a function of weights, field and push alone:
  // traces of different networks or pushes differ only by what changed.
  reach_rng_seed(&e->rng[STREAM_SHOW], stream_seed(c->seed, STREAM_SHOW));
  reach_rollout *ro = &e->eval_ro;
  ro->push = push;
  ro->push_index = index;
  reach_rollout_forward(ro, &e->ctx, e->theta, &e->eval_trials, field, &e->rng[STREAM_SHOW]);
  ro->push = NULL;
  reach_rollout_lateral(ro, &c->task, t->ld);
  const int cap = ro->capacity;
  for (int k = 0; k <= T; k++) {
    const reach_arm_state *s = &ro->arm[k];
    for (int b = 0; b < B; b++) {
      size_t i = (size_t)k * B + (size_t)b;
      for (int j = 0; j < 2; j++) {
        t->q[2 * i + j] = s->q[j * cap + b];
        t->xy[2 * i + j] = ro->xy[(size_t)k * 2 * cap + (size_t)j * cap + (size_t)b];
      }
      for (int m = 0; m < REACH_NMUSCLE; m++) {
        t->act[6 * i + m] = s->act[m * cap + b];
        t->force[6 * i + m] = s->force[m * cap + b];
      }
    }
  }
  memcpy(t->hidden, ro->h, (size_t)(T + 1) * B * H * sizeof *t->hidden);
  memcpy(t->target, e->eval_trials.target, (size_t)B * 2 * sizeof *t->target);
  t->go_step = e->eval_trials.go_step[0];
  t->dt = c->task.dt;
  t->field = field;
  return REACH_OK;
}
