// SPDX-License-Identifier: GPL-3.0-or-later
// Running a savings experiment to its end: stepping, checkpoints and progress, as `train` and each
// `savings` worker run it. Progress goes to a callback (the core never prints): where the run is,
// its speed and its ETA, measured here so every face shows the same numbers.
#ifndef REACH_SAVINGS_RUN_H
#define REACH_SAVINGS_RUN_H

#include <stdbool.h>

#include "../base/error.h"
#include "savings.h"

typedef struct reach_savings_progress {
  reach_stage stage;   // the stage now (REACH_STAGE_DONE at the end)
  int batch;           // batches done in it
  int stage_batches;   // its length (0 when done)
  long done, total;    // batches stepped by this call, and all it will step (a resumed run
                       // counts from where it resumed)
  double elapsed_s;    // since the call began
  double rate;         // batches per second so far
  double eta_s;        // (total − done) / rate; NAN before the first batch
  double loss;         // last training batch
  double ld;           // last logged evaluation LD of the phase (m, + = clockwise); NAN in
                       // growing up or before the phase's first batch
  bool stage_changed;  // the last batch finished a stage
} reach_savings_progress;

// Called after a batch; e may be read (reach_savings_trace does not perturb the run), not stepped.
typedef void (*reach_savings_progress_fn)(reach_savings *e, const reach_savings_progress *p,
                                          void *user);

typedef struct reach_savings_run_opts {
  // Saved every [train] checkpoint_every batches and at every stage end (NULL: none).
  const char *checkpoint;
  reach_savings_progress_fn progress;  // NULL: none
  void *user;
  // Progress every `every` batches and at every stage change (0: only at stage changes).
  int every;
} reach_savings_run_opts;

// Steps e to the end. On a failed step err holds its message followed by "; the last good
// checkpoint is PATH" (or "; no checkpoint was written before this point"); on a failed save, the
// save's message. The parameters are as the failed step left them (reach_savings_step).
reach_status reach_savings_run(reach_savings *e, const reach_savings_run_opts *o, reach_error *err);

// Fills p for e as it is now (done, total, elapsed_s and rate as given); for a callback of one's
// own or a first line before the run starts.
void reach_savings_progress_fill(const reach_savings *e, long done, long total, double elapsed_s,
                                 reach_savings_progress *p);
// Batches left to the end of e's protocol.
long reach_savings_batches_left(const reach_savings *e);

// A phase's logged LD at its ends: *first = batch 0, *last = the mean of the last `k` batches (or
// of all when fewer); both NAN if nothing is logged. Returns how many batches *last averages.
int reach_savings_phase_ld_ends(const reach_savings *e, int phase, int k, double *first,
                                double *last);

#endif
