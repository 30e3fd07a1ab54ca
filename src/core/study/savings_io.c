// SPDX-License-Identifier: GPL-3.0-or-later
// reach_savings in HDF5: everything needed to continue a run bit-identically (weights, optimiser
// state, the three random streams, stage and batch, configuration) plus its logs. Layout in
// docs/hdf5-layout.md ("Savings runs").
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/h5.h"
#include "../net/gemm.h"
#include "../plant/arm.h"
#include "savings_internal.h"

#define FORMAT_NAME    "reachlab-savings"
#define FORMAT_VERSION 1

// Snapshot k: growing up (0), then the phases by their names.
static const char *snapshot_name(const reach_savings *e, int k) {
  return k == 0 ? "growing_up" : e->phases[k - 1].name;
}
static const char *const stream_names[3] = {"rng/train", "rng/eval", "rng/show"};
static const char *const grow_end_rng_names[2] = {"rng_grown_up/train", "rng_grown_up/eval"};

#ifndef REACH_VERSION
#define REACH_VERSION "unknown"
#endif

void reach_savings_engine(const reach_config *c, char *buf, size_t len) {
  snprintf(buf, len,
           "reachlab " REACH_VERSION "; " REACH_GEMM_NUMERICS "; " REACH_ARM_NUMERICS "; %s",
           c->precision == REACH_PRECISION_SINGLE ? "single" : "double");
}

static int logged(const reach_savings *e, int phase) {
  return reach_savings_ld(e, phase, NULL, NULL);
}

static reach_status save_weights(const reach_savings *e, reach_h5w *w, reach_error *err) {
  const reach_gru *g = &e->gru;
  char name[64];
  for (int k = 0; k < REACH_GRU_NBLOCK; k++) {
    snprintf(name, sizeof name, "weights/%s", reach_gru_block_names[k]);
    size_t dims[2];
    int rank = reach_gru_block_shape(g, (reach_gru_block)k, dims);
    reach_status st = reach_h5_write_double(w, name, rank, dims, e->theta + g->offset[k], err);
    if (st) return st;
  }
  return REACH_OK;
}

reach_status reach_savings_save(const reach_savings *e, const char *path, reach_error *err) {
  reach_h5w w = {0};
  reach_status st = reach_h5_create(&w, path, err);
  if (st) return st;
  char *ini = reach_config_to_string(&e->cfg);
  const size_t n = e->gru.n_params;
  // Done is stored as the number of phases (4 in every four-phase file).
  const int64_t stage = e->stage == REACH_STAGE_DONE ? e->nphase : e->stage;
  const int64_t batch = e->batch, step = e->opt.step;
  const int64_t seed = (int64_t)e->cfg.seed;
#define TRY(call)      \
  do {                 \
    st = (call);       \
    if (st) goto fail; \
  } while (0)
  if (!ini) {
    st = reach_error_set(err, REACH_ERR_NOMEM, "out of memory");
    goto fail;
  }
  TRY(reach_h5_attr_string(&w, "/", "format", FORMAT_NAME, REACH_H5_VLEN, err));
  TRY(reach_h5_attr_int64(&w, "/", "format_version", FORMAT_VERSION, err));
  char engine[160];
  reach_savings_engine(&e->cfg, engine, sizeof engine);
  TRY(reach_h5_attr_string(&w, "/", "engine", engine, REACH_H5_VLEN, err));
  TRY(reach_h5_write_string(&w, "config", ini, REACH_H5_VLEN, err));
  TRY(reach_h5_write_int64(&w, "seed", 0, NULL, &seed, err));
  TRY(reach_h5_write_int64(&w, "state/stage", 0, NULL, &stage, err));
  {
    char meaning[REACH_MAX_PHASES * (REACH_PHASE_NAME + 8) + 32] = "-1 growing up";
    size_t used = strlen(meaning);
    for (int p = 0; p < e->nphase; p++)
      used +=
          (size_t)snprintf(meaning + used, sizeof meaning - used, ", %d %s", p, e->phases[p].name);
    snprintf(meaning + used, sizeof meaning - used, ", %d done", e->nphase);
    TRY(reach_h5_attr_string(&w, "state/stage", "meaning", meaning, REACH_H5_VLEN, err));
  }
  TRY(reach_h5_write_int64(&w, "state/batch", 0, NULL, &batch, err));
  TRY(save_weights(e, &w, err));
  TRY(reach_h5_write_string(&w, "optimizer/kind",
                            e->opt.cfg.kind == REACH_OPT_ADAM ? "adam" : "sgd", REACH_H5_VLEN,
                            err));
  TRY(reach_h5_write_double(&w, "optimizer/lr", 0, NULL, &e->opt.lr, err));
  TRY(reach_h5_write_int64(&w, "optimizer/step", 0, NULL, &step, err));
  TRY(reach_h5_write_double(&w, "optimizer/m", 1, &n, e->opt.m, err));
  TRY(reach_h5_write_double(&w, "optimizer/v", 1, &n, e->opt.v, err));
  for (int s = 0; s < 3; s++)
    TRY(reach_h5_write_bytes(&w, stream_names[s], reach_rng_state(&e->rng[s]),
                             reach_rng_state_size(&e->rng[s]), err));
  TRY(reach_h5_attr_string(&w, "rng", "generator", "GSL mt19937 state (gsl_rng_state bytes)",
                           REACH_H5_VLEN, err));
  for (int k = 0; k <= e->nphase; k++) {
    if (!e->snapshot_done[k]) continue;
    char name[64];
    snprintf(name, sizeof name, "snapshots/%s", snapshot_name(e, k));
    TRY(reach_h5_write_double(&w, name, 1, &n, e->snapshot[k], err));
  }
  for (int s = 0; s < 2 && e->grow_end_rng_done; s++)
    TRY(reach_h5_write_bytes(&w, grow_end_rng_names[s], e->grow_end_rng[s],
                             reach_rng_state_size(&e->rng[s]), err));
  size_t ng = (size_t)reach_savings_grow_loss(e, NULL);
  TRY(reach_h5_write_double(&w, "log/grow_loss", 1, &ng, e->grow_loss, err));
  for (int p = 0; p < e->nphase; p++) {
    char name[64];
    const char *pn = e->phases[p].name;
    size_t np = (size_t)logged(e, p);
    snprintf(name, sizeof name, "log/%s/ld", pn);
    TRY(reach_h5_write_double(&w, name, 1, &np, e->phase_ld[p], err));
    TRY(reach_h5_attr_string(&w, name, "units", "m", REACH_H5_VLEN, err));
    TRY(reach_h5_attr_string(&w, name, "meaning",
                             "mean signed lateral deviation of the evaluation reaches logged "
                             "before each update (+ = clockwise)",
                             REACH_H5_VLEN, err));
    snprintf(name, sizeof name, "log/%s/direction_error", pn);
    TRY(reach_h5_write_double(&w, name, 1, &np, e->phase_dir[p], err));
    TRY(reach_h5_attr_string(&w, name, "units", "degrees", REACH_H5_VLEN, err));
    TRY(reach_h5_attr_string(&w, name, "meaning",
                             "mean direction error of the evaluation reaches' cursor at peak "
                             "speed, logged before each update (+ = clockwise); NaN where a "
                             "file from before this log was continued",
                             REACH_H5_VLEN, err));
    snprintf(name, sizeof name, "log/%s/loss", pn);
    TRY(reach_h5_write_double(&w, name, 1, &np, e->phase_loss[p], err));
    snprintf(name, sizeof name, "log/%s", pn);
    const reach_phase *q = &e->phases[p];
    TRY(reach_h5_attr_double(&w, name, "field", q->kind == REACH_PHASE_CURL ? q->gain : 0.0, err));
    if (q->kind == REACH_PHASE_ROTATION)
      TRY(reach_h5_attr_double(&w, name, "rotation_deg", q->angle_deg, err));
    if (q->context > 0) TRY(reach_h5_attr_int64(&w, name, "context", q->context, err));
  }
#undef TRY
  free(ini);
  return reach_h5_commit(&w, err);
fail:
  free(ini);
  reach_h5_abort(&w);
  return st;
}

// Every restored number must be one a run can reach: a NaN weight or a negative optimiser step
// would otherwise surface batches later as a wrong diagnosis ("the update made W_ih non-finite").
static reach_status check_finite(const char *path, const char *name, const double *x, size_t n,
                                 reach_error *err) {
  for (size_t i = 0; i < n; i++)
    if (!isfinite(x[i]))
      return reach_error_set(err, REACH_ERR_RANGE,
                             "%s: dataset '%s': element %zu of %zu is %g; expected finite values",
                             path, name, i, n, x[i]);
  return REACH_OK;
}

// Weights beyond this are not a trained network (the largest trained weights are O(10)); 1e308
// would overflow to inf in the first matrix product.
#define WEIGHT_LIMIT 1e6

static reach_status check_weights(const char *path, const char *name, const double *x, size_t n,
                                  reach_error *err) {
  reach_status st = check_finite(path, name, x, n, err);
  for (size_t i = 0; st == REACH_OK && i < n; i++)
    if (fabs(x[i]) > WEIGHT_LIMIT)
      return reach_error_set(err, REACH_ERR_RANGE,
                             "%s: dataset '%s': element %zu of %zu is %g; expected weights of "
                             "magnitude at most %g",
                             path, name, i, n, x[i], WEIGHT_LIMIT);
  return st;
}

static reach_status check_optimizer(const char *path, const reach_optim *o, const char *kind,
                                    reach_error *err) {
  const char *want = o->cfg.kind == REACH_OPT_ADAM ? "adam" : "sgd";
  if (strcmp(kind, want) != 0)
    return reach_error_set(err, REACH_ERR_RANGE,
                           "%s: dataset 'optimizer/kind': '%s', but the stored configuration "
                           "trains this stage with %s",
                           path, kind, want);
  if (o->step < 0)
    return reach_error_set(err, REACH_ERR_RANGE,
                           "%s: dataset 'optimizer/step': %lld; expected a count of updates "
                           ">= 0",
                           path, (long long)o->step);
  // lr starts at the configured rate and is multiplied by lr_decay after every update.
  const double top = o->cfg.lr_decay > 1.0 ? (double)INFINITY : o->cfg.lr * (1.0 + 1e-12);
  if (!isfinite(o->lr) || !(o->lr > 0.0) || o->lr > top)
    return reach_error_set(err, REACH_ERR_RANGE,
                           "%s: dataset 'optimizer/lr': %g; expected a rate in (0, %g] (the "
                           "configured rate, decayed)",
                           path, o->lr, o->cfg.lr);
  return REACH_OK;
}

const char *reach_savings_file_engine(const reach_savings *e) { return e->file_engine; }

reach_status reach_savings_check_engine(const reach_savings *e, const char *path,
                                        reach_error *err) {
  char want[160];
  reach_savings_engine(&e->cfg, want, sizeof want);
  if (strcmp(e->file_engine, want) == 0) return REACH_OK;
  // Continuing or counting another engine's run would mix two roundings in one study.
  return reach_error_set(err, REACH_ERR_PARSE,
                         "%s was written by engine '%s', this is engine '%s': its results would "
                         "not be reproduced bit for bit (retrain it, or use the engine that "
                         "wrote it)",
                         path, e->file_engine[0] ? e->file_engine : "(none: before engine stamps)",
                         want);
}

reach_status reach_savings_load(const char *path, reach_savings **out, reach_error *err) {
  *out = NULL;
  reach_h5r r = {0};
  reach_status st = reach_h5_open(&r, path, err);
  if (st) return st;
  char *fmt = NULL, *ini = NULL, *kind = NULL;
  reach_savings *e = NULL;
  reach_config cfg;
#define TRY(call)      \
  do {                 \
    st = (call);       \
    if (st) goto done; \
  } while (0)
  TRY(reach_h5_read_attr_string(&r, "/", "format", &fmt, err));
  if (strcmp(fmt, FORMAT_NAME) != 0) {
    st = reach_error_set(err, REACH_ERR_PARSE,
                         "%s: not a ReachLab savings run (format '%s', "
                         "expected '" FORMAT_NAME "')",
                         path, fmt);
    goto done;
  }
  TRY(reach_h5_read_string(&r, "config", &ini, err));
  char origin[4200];
  snprintf(origin, sizeof origin, "%s:/config", path);
  TRY(reach_config_load_data(&cfg, ini, origin, err));
  TRY(reach_savings_create(&cfg, &e, err));
  {
    char *engine = NULL;
    if (reach_h5_read_attr_string(&r, "/", "engine", &engine, NULL) == REACH_OK && engine)
      snprintf(e->file_engine, sizeof e->file_engine, "%s", engine);
    free(engine);
  }
  int64_t stage, batch, step;
  TRY(reach_h5_read_int64(&r, "state/stage", 0, NULL, &stage, err));
  TRY(reach_h5_read_int64(&r, "state/batch", 0, NULL, &batch, err));
  if (stage < REACH_STAGE_GROW || stage > e->nphase || batch < 0 ||
      (stage == REACH_STAGE_GROW && batch > cfg.grow_batches) ||
      (stage >= 0 && stage < e->nphase && batch > e->phases[stage].batches)) {
    st = reach_error_set(err, REACH_ERR_RANGE,
                         "%s: state/stage %lld, state/batch %lld do not fit "
                         "the stored configuration",
                         path, (long long)stage, (long long)batch);
    goto done;
  }
  e->stage = stage == e->nphase ? REACH_STAGE_DONE : (reach_stage)stage;
  e->batch = (int)batch;
  const reach_gru *g = &e->gru;
  for (int k = 0; k < REACH_GRU_NBLOCK; k++) {
    char name[64];
    snprintf(name, sizeof name, "weights/%s", reach_gru_block_names[k]);
    size_t dims[2];
    int rank = reach_gru_block_shape(g, (reach_gru_block)k, dims);
    TRY(reach_h5_read_double(&r, name, rank, dims, e->theta + g->offset[k], err));
    TRY(check_weights(path, name, e->theta + g->offset[k], g->offset[k + 1] - g->offset[k], err));
  }
  // The optimiser of the stage the run is in, with its saved state.
  reach_optim_config oc = cfg.phase_optim;
  if (e->stage >= 0 && (int)e->stage < e->nphase) {
    oc.kind = e->phases[e->stage].optimizer;
    oc.lr = e->phases[e->stage].lr;
  }
  reach_optim_reset(&e->opt, e->stage == REACH_STAGE_GROW ? &cfg.grow_optim : &oc);
  const size_t n = g->n_params;
  TRY(reach_h5_read_string(&r, "optimizer/kind", &kind, err));
  TRY(reach_h5_read_double(&r, "optimizer/lr", 0, NULL, &e->opt.lr, err));
  TRY(reach_h5_read_int64(&r, "optimizer/step", 0, NULL, &step, err));
  e->opt.step = step;
  TRY(check_optimizer(path, &e->opt, kind, err));
  TRY(reach_h5_read_double(&r, "optimizer/m", 1, &n, e->opt.m, err));
  TRY(check_finite(path, "optimizer/m", e->opt.m, n, err));
  TRY(reach_h5_read_double(&r, "optimizer/v", 1, &n, e->opt.v, err));
  TRY(check_finite(path, "optimizer/v", e->opt.v, n, err));
  for (size_t i = 0; i < n; i++)
    if (e->opt.v[i] < 0.0) {
      st = reach_error_set(err, REACH_ERR_RANGE,
                           "%s: dataset 'optimizer/v': element %zu of %zu "
                           "is %g; Adam's second moments are >= 0",
                           path, i, n, e->opt.v[i]);
      goto done;
    }
  char *gen = NULL;
  TRY(reach_h5_read_attr_string(&r, "rng", "generator", &gen, err));
  const bool mt = strstr(gen, "mt19937") != NULL;
  if (!mt)
    st = reach_error_set(err, REACH_ERR_PARSE,
                         "%s: attribute 'generator' of 'rng': '%s'; "
                         "expected GSL mt19937 state",
                         path, gen);
  free(gen);
  if (st) goto done;
  for (int s = 0; s < 3; s++) {
    size_t sz = reach_rng_state_size(&e->rng[s]);
    void *buf = malloc(sz);
    if (!buf) {
      st = reach_error_set(err, REACH_ERR_NOMEM, "out of memory");
      goto done;
    }
    st = reach_h5_read_bytes(&r, stream_names[s], buf, sz, err);
    char why[200];
    if (!st && reach_rng_check_state(&e->rng[s], buf, sz, why, sizeof why))
      st = reach_error_set(err, REACH_ERR_RANGE,
                           "%s: dataset '%s': not a random-number generator state (%s)", path,
                           stream_names[s], why);
    if (!st) reach_rng_set_state(&e->rng[s], buf, sz);
    free(buf);
    if (st) goto done;
  }
  for (int k = 0; k <= e->nphase; k++) {
    char name[64];
    snprintf(name, sizeof name, "snapshots/%s", snapshot_name(e, k));
    // A stage's snapshot is written when the stage ends: every finished stage has one.
    const bool finished = (int)e->stage > k - 1;
    if (!reach_h5_exists(&r, name)) {
      if (!finished) continue;
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s: no dataset '%s', although state/stage says "
                           "%s is finished",
                           path, name, k == 0 ? "growing up" : e->phases[k - 1].name);
      goto done;
    }
    TRY(reach_h5_read_double(&r, name, 1, &n, e->snapshot[k], err));
    TRY(check_weights(path, name, e->snapshot[k], n, err));
    e->snapshot_done[k] = true;
  }
  size_t ng = (size_t)reach_savings_grow_loss(e, NULL);
  TRY(reach_h5_read_double(&r, "log/grow_loss", 1, &ng, e->grow_loss, err));
  TRY(check_finite(path, "log/grow_loss", e->grow_loss, ng, err));
  for (int p = 0; p < e->nphase; p++) {
    char name[64];
    const char *pn = e->phases[p].name;
    size_t np = (size_t)logged(e, p);
    snprintf(name, sizeof name, "log/%s/ld", pn);
    TRY(reach_h5_read_double(&r, name, 1, &np, e->phase_ld[p], err));
    TRY(check_finite(path, name, e->phase_ld[p], np, err));
    // Files from before the direction-error log: NaN where it was not measured.
    snprintf(name, sizeof name, "log/%s/direction_error", pn);
    if (reach_h5_exists(&r, name))
      TRY(reach_h5_read_double(&r, name, 1, &np, e->phase_dir[p], err));
    else
      for (size_t i = 0; i < np; i++) e->phase_dir[p][i] = NAN;
    snprintf(name, sizeof name, "log/%s/loss", pn);
    TRY(reach_h5_read_double(&r, name, 1, &np, e->phase_loss[p], err));
    TRY(check_finite(path, name, e->phase_loss[p], np, err));
  }
  if (reach_h5_exists(&r, grow_end_rng_names[0])) {
    for (int s = 0; s < 2; s++)
      TRY(reach_h5_read_bytes(&r, grow_end_rng_names[s], e->grow_end_rng[s],
                              reach_rng_state_size(&e->rng[s]), err));
    e->grow_end_rng_done = true;
  } else if (e->snapshot_done[0]) {
    // A file from before these datasets existed: if no phase batch has run since growing up
    // ended, its streams are still in their end-of-growing-up states.
    bool untouched = true;
    for (int p = 0; p < e->nphase; p++) untouched = untouched && logged(e, p) == 0;
    if (untouched) reach_savings_keep_grow_end_rng(e);
  }
#undef TRY
done:
  free(kind);
  free(fmt);
  free(ini);
  reach_h5_close(&r);
  if (st) {
    reach_savings_free(e);
    return st;
  }
  *out = e;
  return REACH_OK;
}
