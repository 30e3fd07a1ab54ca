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

// The largest batch of the protocol's phases: the phases' rollout is sized for it.
static int phase_batch_size(const reach_config *c, const reach_phase *ph, int n) {
  int most = c->task.n_targets * c->phase_batch_repeats;
  for (int p = 0; p < n; p++)
    if (c->task.n_targets * ph[p].batch_repeats > most)
      most = c->task.n_targets * ph[p].batch_repeats;
  return most;
}

// theta_run: θ with the context columns of W_ih folded into b_ih (context k: b_ih + W_ih[:, 17 +
// k − 1]; 0: b_ih as it is). Only with context inputs.
void reach_savings_fold_context(reach_savings *e, int context) {
  const reach_gru *x = &e->gru, *b = &e->gru_run;
  if (x == b || e->theta_run == e->theta) return;
  const int I = b->inputs, IE = x->inputs, rows = 3 * b->units;
  const double *w = e->theta + x->offset[REACH_GRU_W_IH];
  const double *bias = e->theta + x->offset[REACH_GRU_B_IH];
  double *fw = e->theta_run + b->offset[REACH_GRU_W_IH];
  double *fb = e->theta_run + b->offset[REACH_GRU_B_IH];
  for (int i = 0; i < rows; i++) {
    memcpy(fw + (size_t)i * I, w + (size_t)i * IE, (size_t)I * sizeof *fw);
    fb[i] = context > 0 ? bias[i] + w[(size_t)i * IE + I + context - 1] : bias[i];
  }
  for (int k = REACH_GRU_W_HH; k < REACH_GRU_NBLOCK; k++)
    if (k != REACH_GRU_B_IH)
      memcpy(e->theta_run + b->offset[k], e->theta + x->offset[k],
             (b->offset[k + 1] - b->offset[k]) * sizeof *e->theta_run);
}

// The adjoint of fold_context: grad_run (the folded network's gradient) into grad. The context
// column that was on gets the gradient of b_ih, which a pass with frozen input blocks does not
// form: it is the sum of the input-side gate adjoints over the pass's steps and trials.
void reach_savings_unfold_grad(reach_savings *e, const reach_rollout *ro, int context) {
  const reach_gru *x = &e->gru, *b = &e->gru_run;
  if (e->grad_run == e->grad) return;
  const int I = b->inputs, IE = x->inputs, H = b->units, rows = 3 * H;
  const double *gw = e->grad_run + b->offset[REACH_GRU_W_IH];
  double *w = e->grad + x->offset[REACH_GRU_W_IH];
  for (int i = 0; i < rows; i++) {
    memcpy(w + (size_t)i * IE, gw + (size_t)i * I, (size_t)I * sizeof *w);
    memset(w + (size_t)i * IE + I, 0, (size_t)(IE - I) * sizeof *w);
  }
  for (int k = REACH_GRU_W_HH; k < REACH_GRU_NBLOCK; k++)
    memcpy(e->grad + x->offset[k], e->grad_run + b->offset[k],
           (b->offset[k + 1] - b->offset[k]) * sizeof *e->grad);
  if (context <= 0) return;
  const int B = ro->batch, T = ro->steps, cap = ro->capacity;
  const bool single = ro->precision == REACH_PRECISION_SINGLE;
  for (int i = 0; i < rows; i++) {
    double sum = 0.0;
    for (int t = 0; t < T; t++)
      for (int r = 0; r < B; r++) {
        const size_t at = ((size_t)t * cap + (size_t)r) * (size_t)rows + (size_t)i;
        sum += single ? (double)ro->gi_bar_f[at] : ro->gi_bar[at];
      }
    w[(size_t)i * IE + I + context - 1] = sum;
  }
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
  // The context columns learn in the phases too: without them the context could not matter.
  const int I = e->gru_run.inputs, K = g->inputs - I;
  for (int i = 0; K > 0 && i < 3 * g->units; i++)
    memset(e->mask_phase + g->offset[REACH_GRU_W_IH] + (size_t)i * g->inputs + I, 1, (size_t)K);
}

reach_status reach_savings_create(const reach_config *c, reach_savings **out, reach_error *err) {
  *out = NULL;
  reach_status st = reach_config_validate(c, err);
  if (st) return st;
  reach_savings *e = calloc(1, sizeof *e);
  if (!e) return reach_error_set(err, REACH_ERR_NOMEM, "out of memory");
  e->cfg = *c;
  e->nphase = reach_config_phases(c, e->phases);
  reach_arm_model_arm26(&e->arm);
  e->arm.dt = c->task.dt;
  reach_gru_layout(&e->gru, REACH_OBS + c->context_inputs, c->units, REACH_NMUSCLE);
  reach_gru_layout(&e->gru_run, REACH_OBS, c->units, REACH_NMUSCLE);
  e->ctx = (reach_rollout_ctx){.arm = &e->arm, .gru = &e->gru_run, .task = &e->cfg.task};
  const size_t n = e->gru.n_params;
  const int pb = phase_batch_size(c, e->phases, e->nphase);
  const int cap = c->grow_batch > pb ? c->grow_batch : pb;
  bool ok = true;
  e->theta = calloc(n, sizeof *e->theta);
  e->grad = calloc(n, sizeof *e->grad);
  e->theta_prev = calloc(n, sizeof *e->theta_prev);
  e->snapshot_block = calloc((size_t)(e->nphase + 1) * n, sizeof *e->snapshot_block);
  for (int k = 0; k <= e->nphase && e->snapshot_block; k++)
    e->snapshot[k] = e->snapshot_block + (size_t)k * n;
  if (c->context_inputs > 0) {
    e->theta_run = calloc(e->gru_run.n_params, sizeof *e->theta_run);
    e->grad_run = calloc(e->gru_run.n_params, sizeof *e->grad_run);
  }
  e->mask_grow = calloc(n, 1);
  e->mask_phase = calloc(n, 1);
  ok = e->theta && e->grad && e->theta_prev && e->snapshot_block && e->mask_grow && e->mask_phase;
  if (c->context_inputs == 0) {
    e->theta_run = e->theta;
    e->grad_run = e->grad;
  }
  ok = ok && e->theta_run && e->grad_run;
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
  for (int p = 0; p < e->nphase && ok; p++) {
    const size_t nb = (size_t)e->phases[p].batches + 1;
    e->phase_ld[p] = calloc(nb, sizeof *e->phase_ld[p]);
    e->phase_dir[p] = calloc(nb, sizeof *e->phase_dir[p]);
    e->phase_loss[p] = calloc(nb, sizeof *e->phase_loss[p]);
    ok = e->phase_ld[p] && e->phase_dir[p] && e->phase_loss[p];
  }
  if (!ok) {
    reach_savings_free(e);
    return reach_error_set(err, REACH_ERR_NOMEM,
                           "out of memory allocating a %d-unit network and its rollouts", c->units);
  }
  // Initialised as the 17-input network (the same draws), the context columns then zero: a
  // network with context inputs grows up to the one without, bit for bit, since its context is
  // never on there.
  if (reach_gru_init(&e->gru_run, e->theta_run, -5.0, &e->rng[STREAM_TRAIN])) {
    reach_savings_free(e);
    return reach_error_set(err, REACH_ERR_NOMEM, "out of memory initialising the network");
  }
  if (e->theta_run != e->theta) {
    const reach_gru *x = &e->gru, *b = &e->gru_run;
    for (int i = 0; i < 3 * b->units; i++)
      memcpy(e->theta + x->offset[REACH_GRU_W_IH] + (size_t)i * x->inputs,
             e->theta_run + b->offset[REACH_GRU_W_IH] + (size_t)i * b->inputs,
             (size_t)b->inputs * sizeof *e->theta);
    for (int k = REACH_GRU_W_HH; k < REACH_GRU_NBLOCK; k++)
      memcpy(e->theta + x->offset[k], e->theta_run + b->offset[k],
             (b->offset[k + 1] - b->offset[k]) * sizeof *e->theta);
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
  for (int p = 0; p < REACH_MAX_PHASES; p++) {
    free(e->phase_ld[p]);
    free(e->phase_dir[p]);
    free(e->phase_loss[p]);
  }
  if (e->theta_run != e->theta) free(e->theta_run);
  if (e->grad_run != e->grad) free(e->grad_run);
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
const reach_phase *reach_savings_phases(const reach_savings *e, int *n) {
  if (n) *n = e->nphase;
  return e->phases;
}
reach_stage reach_savings_stage(const reach_savings *e) { return e->stage; }
int reach_savings_batch(const reach_savings *e) { return e->batch; }
const double *reach_savings_params(const reach_savings *e, size_t *n) {
  if (n) *n = e->gru.n_params;
  return e->theta;
}
const reach_gru *reach_savings_gru(const reach_savings *e) { return &e->gru; }

const double *reach_savings_snapshot(const reach_savings *e, reach_stage s) {
  if (s < REACH_STAGE_GROW || (int)s >= e->nphase || !e->snapshot_done[s + 1]) return NULL;
  return e->snapshot[s + 1];
}

void reach_savings_set_params(reach_savings *e, const double *theta) {
  memmove(e->theta, theta, e->gru.n_params * sizeof *theta);
}

static int stage_length(const reach_savings *e, reach_stage s) {
  if (s == REACH_STAGE_GROW) return e->cfg.grow_batches;
  if (s >= REACH_STAGE_NF1 && (int)s < e->nphase) return e->phases[s].batches;
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
    e->stage = (int)e->stage + 1 >= e->nphase ? REACH_STAGE_DONE : (reach_stage)(e->stage + 1);
    e->batch = 0;
    // Each phase restarts its optimiser, as the code builds a new one per phase.
    if (e->stage != REACH_STAGE_DONE) {
      reach_optim_config oc = e->cfg.phase_optim;
      oc.kind = e->phases[e->stage].optimizer;
      oc.lr = e->phases[e->stage].lr;
      reach_optim_reset(&e->opt, &oc);
    }
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

const char *reach_savings_stage_name(const reach_savings *e, reach_stage s) {
  if (s == REACH_STAGE_GROW) return "growing up";
  if (s == REACH_STAGE_DONE || (int)s >= e->nphase) return "done";
  return e->phases[s].name;
}
#define stage_name(s) reach_savings_stage_name(e, (s))

// Names the first block holding a non-finite value, or NULL when all are finite.
static const char *nonfinite_block(const reach_gru *g, const double *grad) {
  for (int k = 0; k < REACH_GRU_NBLOCK; k++)
    for (size_t i = g->offset[k]; i < g->offset[k + 1]; i++)
      if (!isfinite(grad[i])) return reach_gru_block_names[k];
  return NULL;
}

// The perturbation of phase p (< 0: none) on rollout ro: its curl gain, and its rotation set.
static double perturb(reach_savings *e, reach_rollout *ro, int p) {
  const reach_phase *q = p >= 0 && p < e->nphase ? &e->phases[p] : NULL;
  reach_rollout_set_rotation(ro, q && q->kind == REACH_PHASE_ROTATION ? q->angle_deg : 0.0);
  reach_savings_fold_context(e, q ? q->context : 0);
  return q && q->kind == REACH_PHASE_CURL ? q->gain : 0.0;
}

double reach_savings_eval_ld(reach_savings *e, reach_rollout *ro, int p, reach_rng *noise,
                             double *dir) {
  const double field = perturb(e, ro, p);
  reach_rollout_forward(ro, &e->ctx, e->theta_run, &e->eval_trials, field, noise);
  double ld[64], sum = 0.0;
  const int B = e->eval_trials.batch;
  double *buf = B <= 64 ? ld : malloc((size_t)B * sizeof *buf);
  if (!buf) return NAN;
  reach_rollout_lateral(ro, &e->cfg.task, buf);
  for (int b = 0; b < B; b++) sum += buf[b];
  if (dir) {
    double d = 0.0;
    reach_rollout_direction_error(ro, buf);
    for (int b = 0; b < B; b++) d += buf[b];
    *dir = d / B;
  }
  if (buf != ld) free(buf);
  return sum / B;
}

// The training half of a batch, up to its gradient: trials and forward pass (train_forward),
// loss and backward pass (train_gradient).
typedef struct train_part {
  reach_savings *e;
  double loss;
} train_part;

static void train_forward(train_part *a) {
  reach_savings *e = a->e;
  const reach_config *c = &e->cfg;
  const bool grow = e->stage == REACH_STAGE_GROW;
  const reach_phase *ph = grow ? NULL : &e->phases[e->stage];
  reach_rng *rng = &e->rng[STREAM_TRAIN];
  if (grow) {
    e->train_trials.batch = c->grow_batch;
    reach_trials_random(&e->train_trials, &e->arm, &c->task, rng);
  } else {
    reach_trials_centre_out(&e->train_trials, &e->arm, &c->task, ph->batch_repeats,
                            ph->catch_trials, rng);
  }
  reach_rollout *ro = grow ? &e->grow_ro : &e->phase_ro;
  const double field = perturb(e, ro, grow ? -1 : e->stage);
  reach_rollout_forward(ro, &e->ctx, e->theta_run, &e->train_trials, field, rng);
}

static void train_gradient(train_part *a) {
  reach_savings *e = a->e;
  const reach_config *c = &e->cfg;
  const bool grow = e->stage == REACH_STAGE_GROW;
  reach_rollout *ro = grow ? &e->grow_ro : &e->phase_ro;
  a->loss = reach_loss_eval(ro, &c->loss, &c->task, NULL);
  if (!isfinite(a->loss)) return;
  memset(e->grad_run, 0, e->gru_run.n_params * sizeof *e->grad_run);
  reach_rollout_backward(ro, &e->ctx, e->theta_run, e->grad_run, true);
  reach_savings_unfold_grad(e, ro, grow ? 0 : e->phases[e->stage].context);
}

// A phase batch's evaluation reaches and its training batch are independent until the update:
// both read θ, each draws from its own stream (evaluation, training) and writes its own rollout.
// On two threads a small phase batch (its rows split too thin to gain from sharing the steps)
// runs its forward pass beside the evaluation reaches' (the same length of work), each on one
// thread, instead of one after the other on both; its loss and backward pass then use both.
// Not with context inputs: both halves would fold the phase's context into the same θ_run.
enum { SIDE_BY_SIDE_MAX_ROWS = 16 };

typedef struct phase_region {
  train_part train;
  double ld, dir;
} phase_region;

static void phase_part(void *arg, int part, int parts) {
  (void)parts;
  phase_region *a = arg;
  reach_savings *e = a->train.e;
  if (part == 0)
    train_forward(&a->train);
  else if (part == 1)
    a->ld = reach_savings_eval_ld(e, &e->eval_ro, e->stage, &e->rng[STREAM_EVAL], &a->dir);
}

reach_status reach_savings_step(reach_savings *e, reach_error *err) {
  if (e->stage == REACH_STAGE_DONE)
    return reach_error_set(err, REACH_ERR_USAGE, "the experiment is complete");
  const bool grow = e->stage == REACH_STAGE_GROW;
  reach_rng *rng = &e->rng[STREAM_TRAIN];
  const bool side_by_side =
      !grow && reach_pool_threads(e->pool) >= 2 && e->theta_run == e->theta &&
      e->phases[e->stage].batch_repeats * e->cfg.task.n_targets <= SIDE_BY_SIDE_MAX_ROWS;

  phase_region region = {.train = {.e = e}, .ld = NAN, .dir = NAN};
  if (side_by_side) {
    // The training stream as it was, for a batch whose evaluation fails (as if the training had
    // not begun).
    memcpy(e->rng_saved, reach_rng_state(rng), reach_rng_state_size(rng));
    // Each half runs on one thread: the rollouts must not start regions of their own.
    e->phase_ro.pool = e->eval_ro.pool = NULL;
    reach_pool_run(e->pool, phase_part, &region);
    e->phase_ro.pool = e->eval_ro.pool = e->pool;
  } else if (!grow) {
    region.ld = reach_savings_eval_ld(e, &e->eval_ro, e->stage, &e->rng[STREAM_EVAL], &region.dir);
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
    e->phase_dir[e->stage][e->batch] = region.dir;
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
  if (phase < 0 || phase >= e->nphase) return 0;
  if (ld) *ld = e->phase_ld[phase];
  if (loss) *loss = e->phase_loss[phase];
  if (e->stage == REACH_STAGE_DONE || (int)e->stage > phase) return e->phases[phase].batches;
  if ((int)e->stage == phase) return e->batch;
  return 0;
}

int reach_savings_direction_error(const reach_savings *e, int phase, const double **deg) {
  const int n = reach_savings_ld(e, phase, NULL, NULL);
  if (deg) *deg = phase >= 0 && phase < e->nphase ? e->phase_dir[phase] : NULL;
  return n;
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
  perturb(e, ro, -1);  // a trace is in the field given, unrotated, without context
  reach_rollout_forward(ro, &e->ctx, e->theta_run, &e->eval_trials, field, &e->rng[STREAM_SHOW]);
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
