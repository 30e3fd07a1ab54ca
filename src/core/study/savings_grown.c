// SPDX-License-Identifier: GPL-3.0-or-later
// Phases on networks that grew up already (reachlab-cli savings --grown-up-from): growing up is
// most of a network's cost (about 70 % of a 32-unit small.ini run), and a control, another field
// or another phase length changes nothing before NF1. The new run takes the grown-up weights, the
// growing-up loss log and the random streams as they were when growing up ended, so it is the
// run reach_savings_create would have trained, bit for bit.
#include <stdbool.h>
#include <string.h>

#include "savings_internal.h"

// c with every [phases] key taken from `phases`: what a grown-up network has to match.
static reach_config with_phases_of(const reach_config *c, const reach_config *phases) {
  reach_config r = *c;
  memcpy(r.phase_batches, phases->phase_batches, sizeof r.phase_batches);
  memcpy(r.phase_field, phases->phase_field, sizeof r.phase_field);
  r.phase_batch_repeats = phases->phase_batch_repeats;
  r.phase_catch = phases->phase_catch;
  r.phase_optim = phases->phase_optim;
  r.freeze_h0 = phases->freeze_h0;
  r.freeze_b_hh = phases->freeze_b_hh;
  r.nphase = phases->nphase;
  memcpy(r.phase, phases->phase, sizeof r.phase);
  // Context inputs start at zero and are never on while growing up: any K grows up alike.
  r.context_inputs = phases->context_inputs;
  return r;
}

// The run of configuration c from src's grown-up network: src's growing-up snapshot (its context
// columns, which c may have more of, zero: they were never on), growing-up loss and, where src
// kept them, the random streams as growing up ended. `origin` names src in messages. Without the
// streams (need_streams false) the phases start from c's own seeded streams: the same network,
// other batches.
static reach_status start_from_grown(const reach_config *c, const reach_savings *src,
                                     const char *origin, bool need_streams, reach_savings **out,
                                     reach_error *err) {
  *out = NULL;
  if (!src->snapshot_done[0])
    return reach_error_set(err, REACH_ERR_USAGE,
                           "%s has not finished growing up (batch %d of %d): no "
                           "snapshots/growing_up to start the phases from",
                           origin, src->stage == REACH_STAGE_GROW ? src->batch : 0,
                           src->cfg.grow_batches);
  if (need_streams && !src->grow_end_rng_done)
    return reach_error_set(err, REACH_ERR_USAGE,
                           "%s: no rng_grown_up (the random streams when growing up "
                           "ended), and phase batches have run since, so they cannot be "
                           "recovered; grow the network up again with this version",
                           origin);
  reach_savings *e = NULL;
  reach_status st = reach_savings_create(c, &e, err);
  if (st) return st;
  // The grown-up weights in this run's layout: W_ih row by row, the other blocks as they are.
  const reach_gru *to = &e->gru, *from = &src->gru;
  const int I = e->gru_run.inputs;
  memset(e->theta, 0, to->n_params * sizeof *e->theta);
  for (int i = 0; i < 3 * to->units; i++)
    memcpy(e->theta + to->offset[REACH_GRU_W_IH] + (size_t)i * to->inputs,
           src->snapshot[0] + from->offset[REACH_GRU_W_IH] + (size_t)i * from->inputs,
           (size_t)I * sizeof *e->theta);
  for (int k = REACH_GRU_W_HH; k < REACH_GRU_NBLOCK; k++)
    memcpy(e->theta + to->offset[k], src->snapshot[0] + from->offset[k],
           (to->offset[k + 1] - to->offset[k]) * sizeof *e->theta);
  memcpy(e->grow_loss, src->grow_loss, (size_t)c->grow_batches * sizeof *e->grow_loss);
  if (src->grow_end_rng_done)
    for (int s = 0; s < 2; s++)
      reach_rng_set_state(&e->rng[s], src->grow_end_rng[s], reach_rng_state_size(&e->rng[s]));
  // reach_savings_create is still in growing up (or past it if it has no batches): this makes the
  // end-of-growing-up transition exactly as stepping would (snapshot, streams, phase optimiser).
  e->stage = REACH_STAGE_GROW;
  e->batch = c->grow_batches;
  reach_savings_advance(e);
  *out = e;
  return REACH_OK;
}

reach_status reach_savings_from_grown_up(const reach_config *c, const char *path,
                                         reach_savings **out, reach_error *err) {
  *out = NULL;
  reach_savings *src = NULL;
  reach_status st = reach_savings_load(path, &src, err);
  if (st) return st;
  // Every key growing up reads (seed, units, task, loss, [growing_up], precision) must agree;
  // only the [phases] keys (and checkpoint_every) may change.
  reach_config grown = with_phases_of(&src->cfg, c);
  char why[300];
  if (reach_config_differ(&grown, c, why, sizeof why))
    st = reach_error_set(err, REACH_ERR_USAGE,
                         "%s grew up with another configuration (%s): its phases cannot be "
                         "this run's",
                         path, why);
  // Phases on another engine's grown-up weights would not be the run a from-scratch one gives.
  else if (reach_savings_check_engine(src, path, err) != REACH_OK)
    st = REACH_ERR_USAGE;
  else
    st = start_from_grown(c, src, path, true, out, err);
  reach_savings_free(src);
  return st;
}

reach_status reach_savings_with_protocol(const reach_savings *src, const reach_config *protocol,
                                         const char *origin, reach_savings **out,
                                         reach_error *err) {
  *out = NULL;
  if (!src->snapshot_done[0])
    return reach_error_set(err, REACH_ERR_USAGE,
                           "%s: the network has not finished growing up (batch %d of %d), and "
                           "the protocol's phases start from its grown-up weights",
                           origin, src->stage == REACH_STAGE_GROW ? src->batch : 0,
                           src->cfg.grow_batches);
  // Context columns src trained would be dropped with a smaller K: its memories, not a zero start.
  if (protocol->context_inputs < src->cfg.context_inputs)
    return reach_error_set(err, REACH_ERR_USAGE,
                           "%s: [network] context_inputs = %d, but the network has %d trained "
                           "context inputs: expected at least %d",
                           origin, protocol->context_inputs, src->cfg.context_inputs,
                           src->cfg.context_inputs);
  reach_config c = with_phases_of(&src->cfg, protocol);
  c.threads = src->cfg.threads;
  reach_status st = reach_config_validate(&c, err);
  if (st) return st;
  return start_from_grown(&c, src, origin, false, out, err);
}
