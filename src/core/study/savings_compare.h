// SPDX-License-Identifier: GPL-3.0-or-later
// FF2 against FF1 for one network: the savings a lecture points at, from the four phases' LD logs
// as they stand (a phase may still be running). The measures are `reachlab-cli report`'s per
// network (reach_report_network_load): each field phase's LD signed so its field's direction is
// positive, the batch-0 LD, and the code's exponential rate fit (REACH_RATE_CODE); beside them
// the batches each phase took to halve its batch-0 LD (reach_ld_halving_batch). The app shows
// these and computes none of them itself.
#ifndef REACH_SAVINGS_COMPARE_H
#define REACH_SAVINGS_COMPARE_H

#include <stdbool.h>

#include "../analysis/savings_stats.h"

// What a comparison measures: the lateral deviation (m), or for a visuomotor rotation the
// cursor's direction error at peak speed (degrees; reach_savings_direction_error), which the
// protocol files name as a rotation's adaptation measure.
typedef enum {
  REACH_COMPARE_LD = 0,
  REACH_COMPARE_DIRECTION,
} reach_compare_measure;

typedef struct reach_savings_compare {
  reach_compare_measure measure;  // the unit of ff1_ld0, ff2_ld0: m (LD) or degrees (direction)
  int n_ff1, n_ff2;               // batches logged in FF1 and FF2
  double sign_ff1, sign_ff2;      // +1 for a clockwise (or no) field, −1 counter-clockwise
  double ff1_ld0, ff2_ld0;        // batch-0 LD, signed (m); NaN before the phase's first batch
  int ff1_halving, ff2_halving;   // batches to halve the batch-0 LD; −1 not (yet) reached
  // The code's rate (per 5-batch block) of each phase over its first `rate_batches` batches: as
  // many as FF2 has so far (at most FF1's), so that a live FF2 is compared with FF1 at the same
  // point. For a finished run whose FF1 and FF2 have one length these are report's rates.
  int rate_batches;
  bool rates_ok;  // both fitted (≥ 15 batches, a positive first block)
  double ff1_rate, ff2_rate;
  double rate_ratio;  // ff2_rate / ff1_rate: > 1 is faster relearning (NaN unless rates_ok)
} reach_savings_compare;

// ld[p] (n[p] entries, m, + = clockwise) and the curl gain of each phase field[p]. Never fails:
// what cannot be computed yet is NaN or −1.
void reach_savings_compare_compute(const double *const ld[REACH_NPHASE], const int n[REACH_NPHASE],
                                   const double field[REACH_NPHASE], reach_savings_compare *out);
// The same measures on the direction error deg[p] (degrees, + = clockwise; NaN where a file from
// before that log was loaded, which leaves what depends on it NaN or −1), each phase's error
// multiplied by sign[p] (reach_compare's sign_first, sign_second: a counter-clockwise rotation's
// error, negative, counts positive). ff1_ld0 and ff2_ld0 are then in degrees, and measure says so.
// The halving batch and the rate fit are the LD comparison's, which do not depend on the unit.
void reach_savings_compare_direction(const double *const deg[REACH_NPHASE],
                                     const int n[REACH_NPHASE], const double sign[REACH_NPHASE],
                                     reach_savings_compare *out);

#endif
