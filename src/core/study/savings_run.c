// SPDX-License-Identifier: GPL-3.0-or-later
#include "savings_run.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

long reach_savings_batches_left(const reach_savings *e) {
  const reach_config *c = reach_savings_config(e);
  const reach_stage at = reach_savings_stage(e);
  long n = -(long)reach_savings_batch(e);
  if (at == REACH_STAGE_DONE) return 0;
  int np = 0;
  const reach_phase *ph = reach_savings_phases(e, &np);
  if (at == REACH_STAGE_GROW) n += c->grow_batches;
  for (int p = at == REACH_STAGE_GROW ? 0 : (int)at; p < np; p++) n += ph[p].batches;
  return n;
}

void reach_savings_progress_fill(const reach_savings *e, long done, long total, double elapsed_s,
                                 reach_savings_progress *p) {
  const reach_config *c = reach_savings_config(e);
  const reach_stage s = reach_savings_stage(e);
  *p = (reach_savings_progress){.stage = s,
                                .batch = reach_savings_batch(e),
                                .done = done,
                                .total = total,
                                .elapsed_s = elapsed_s,
                                .loss = reach_savings_last_loss(e),
                                .ld = (double)NAN,
                                .eta_s = (double)NAN};
  if (s == REACH_STAGE_GROW) p->stage_batches = c->grow_batches;
  int np = 0;
  const reach_phase *ph = reach_savings_phases(e, &np);
  if (s != REACH_STAGE_GROW && s != REACH_STAGE_DONE && (int)s < np) {
    p->stage_batches = ph[s].batches;
    const double *ld;
    const int n = reach_savings_ld(e, s, &ld, NULL);
    if (n > 0) p->ld = ld[n - 1];
  }
  p->rate = done > 0 && elapsed_s > 0 ? done / elapsed_s : 0.0;
  if (p->rate > 0) p->eta_s = (total - done) / p->rate;
  if (done >= total) p->eta_s = 0.0;
}

reach_status reach_savings_run(reach_savings *e, const reach_savings_run_opts *o,
                               reach_error *err) {
  const reach_config *cfg = reach_savings_config(e);
  const double t0 = now();
  const long total = reach_savings_batches_left(e);
  long done = 0;
  int since = 0;
  reach_stage last = reach_savings_stage(e);
  // Only a file this run wrote, or resumed from, is a checkpoint to point at after a failure.
  FILE *probe = o->checkpoint ? fopen(o->checkpoint, "rb") : NULL;
  bool saved = probe != NULL;
  if (probe) fclose(probe);
  while (reach_savings_stage(e) != REACH_STAGE_DONE) {
    reach_status st = reach_savings_step(e, err);
    if (st != REACH_OK) {
      char msg[sizeof err->msg];
      snprintf(msg, sizeof msg, "%s", err->msg);
      return reach_error_set(
          err, st, "%s; %s%s", msg,
          saved ? "the last good checkpoint is " : "no checkpoint was written before this point",
          saved ? o->checkpoint : "");
    }
    done++, since++;
    const bool changed = reach_savings_stage(e) != last;
    last = reach_savings_stage(e);
    if (o->progress && (changed || (o->every > 0 && done % o->every == 0))) {
      reach_savings_progress p;
      reach_savings_progress_fill(e, done, total, now() - t0, &p);
      p.stage_changed = changed;
      o->progress(e, &p, o->user);
    }
    if (o->checkpoint &&
        (changed || (cfg->checkpoint_every > 0 && since >= cfg->checkpoint_every))) {
      since = 0;
      st = reach_savings_save(e, o->checkpoint, err);
      if (st != REACH_OK) return st;
      saved = true;
    }
  }
  return REACH_OK;
}

int reach_savings_phase_ld_ends(const reach_savings *e, int phase, int k, double *first,
                                double *last) {
  const double *ld;
  const int n = reach_savings_ld(e, phase, &ld, NULL);
  const int m = n < k ? n : k;
  double sum = 0.0;
  for (int i = n - m; i < n; i++) sum += ld[i];
  *first = n ? ld[0] : (double)NAN;
  *last = m ? sum / m : (double)NAN;
  return m;
}
