// SPDX-License-Identifier: GPL-3.0-or-later
// A finished run replayed from any of its phases (reach_savings_from_phase): the app's "start
// from NF1 / FF1 / NF2 / FF2", which relearns a phase live without growing the network up again.
#include <string.h>

#include "savings_internal.h"

reach_status reach_savings_from_phase(const reach_savings *src, reach_stage phase,
                                      reach_savings **out, reach_error *err) {
  *out = NULL;
  if (phase < REACH_STAGE_NF1 || (int)phase >= src->nphase)
    return reach_error_set(err, REACH_ERR_USAGE, "start from phase: %d is not a phase (0-%d)",
                           (int)phase, src->nphase - 1);
  // snapshot[k] holds the end of stage k − 1: the stage before `phase` is index `phase`.
  if (!src->snapshot_done[phase])
    return reach_error_set(err, REACH_ERR_USAGE,
                           "start from %s: the run has not finished %s, whose final weights "
                           "%s starts from",
                           src->phases[phase].name,
                           phase == REACH_STAGE_NF1 ? "growing up" : src->phases[phase - 1].name,
                           src->phases[phase].name);
  reach_savings *e = NULL;
  reach_status st = reach_savings_create(&src->cfg, &e, err);
  if (st) return st;
  const size_t n = e->gru.n_params;
  for (int k = 0; k <= (int)phase; k++) {
    memcpy(e->snapshot[k], src->snapshot[k], n * sizeof *e->theta);
    e->snapshot_done[k] = true;
  }
  memcpy(e->theta, src->snapshot[phase], n * sizeof *e->theta);
  memcpy(e->grow_loss, src->grow_loss, (size_t)src->cfg.grow_batches * sizeof *e->grow_loss);
  for (int p = 0; p < (int)phase; p++) {
    const size_t len = (size_t)src->phases[p].batches;
    memcpy(e->phase_ld[p], src->phase_ld[p], len * sizeof *e->phase_ld[p]);
    memcpy(e->phase_dir[p], src->phase_dir[p], len * sizeof *e->phase_dir[p]);
    memcpy(e->phase_loss[p], src->phase_loss[p], len * sizeof *e->phase_loss[p]);
  }
  if (src->grow_end_rng_done)
    for (int s = 0; s < 2; s++)
      reach_rng_set_state(&e->rng[s], src->grow_end_rng[s], reach_rng_state_size(&e->rng[s]));
  // At the end of the stage before `phase`, so that stepping into it is the transition a run
  // makes (the phase's optimiser reset, the stage's snapshot).
  e->stage = (reach_stage)(phase - 1);
  e->batch = phase == REACH_STAGE_NF1 ? src->cfg.grow_batches : src->phases[phase - 1].batches;
  reach_savings_advance(e);
  *out = e;
  return REACH_OK;
}
