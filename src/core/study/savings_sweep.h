// SPDX-License-Identifier: GPL-3.0-or-later
// A sweep of savings networks in one results directory (`reachlab-cli savings`): network i is
// DIR/network-NNNN.h5, trained with the sweep's configuration and seed i; a file already there is
// resumed or, when complete, kept; and one summary row per finished network.
#ifndef REACH_SAVINGS_SWEEP_H
#define REACH_SAVINGS_SWEEP_H

#include <stdbool.h>
#include <stdio.h>

#include "../base/error.h"
#include "savings.h"
#include "savings_run.h"

// "network-NNNN.h5", the file name of network i.
void reach_sweep_network_name(int i, char *buf, size_t len);

// Network i of a sweep with configuration base (seed i): loaded from path if the file exists,
// else created, from the grown-up network in the file `grown` if not NULL
// (reach_savings_from_grown_up, savings --grown-up-from). *complete: the loaded run has finished
// its phases. REACH_ERR_USAGE (with the first differing key) when the file was trained with
// another configuration or engine, or `grown` cannot start this run's phases: the file belongs to
// another sweep and must not be resumed or counted as this one's.
reach_status reach_sweep_open_network(const reach_config *base, int i, const char *path,
                                      const char *grown, reach_savings **out, bool *complete,
                                      reach_error *err);

// The header of a sweep's summary.csv (savings writes it, merge expects it).
#define REACH_SWEEP_SUMMARY_HEADER                                                            \
  "network,units,seed,nf1_final_ld_mm,ff1_ld0_mm,ff1_final_ld_mm,nf2_ld0_mm,nf2_final_ld_mm," \
  "ff2_ld0_mm,ff2_final_ld_mm"

// The summary table: network,units,seed,nf1_final_ld_mm,ff1_ld0_mm,ff1_final_ld_mm,nf2_ld0_mm,
// nf2_final_ld_mm,ff2_ld0_mm,ff2_final_ld_mm (final = the mean of the phase's last 10 batches;
// LD as logged, + = clockwise). The columns name the parts of the compared pair: ff1 and ff2 are
// the phases `compare` names (reach_savings_compare_pair; NULL or "": the default pair, FF1 and
// FF2 of the four-phase study), nf1 and nf2 the phases just before them (nan where none is).
// A row fails (nothing written, err says why) when the protocol has no such pair.
void reach_sweep_summary_header(FILE *fp);
reach_status reach_sweep_summary_row(FILE *fp, int i, const reach_savings *e, const char *compare,
                                     reach_error *err);

// Where reach_sweep_train_network stopped.
typedef enum reach_sweep_step {
  REACH_SWEEP_LOCK = 0,  // another process holds the file
  REACH_SWEEP_GROWN,     // a new network could not start from its grown-up file
  REACH_SWEEP_FOREIGN,   // the file belongs to another sweep (configuration or engine)
  REACH_SWEEP_OPEN,      // the file could not be read or the run created
  REACH_SWEEP_RUN,       // a batch failed (err: reach_savings_run's message)
  REACH_SWEEP_SAVE,      // the finished run could not be saved
} reach_sweep_step;

// Network i of a sweep, trained to its end in this process: its file DIR/network-NNNN.h5 locked
// for the run (a killed run's temporary files removed), opened as reach_sweep_open_network does
// (from grown_dir's network i when grown_dir is given and the file is new), run with `run`'s
// progress and checkpoints to the file (run->checkpoint is ignored), and saved. A complete file is
// kept (*kept). On failure *at says which step failed.
reach_status reach_sweep_train_network(const reach_config *base, const char *dir,
                                       const char *grown_dir, int i,
                                       const reach_savings_run_opts *run, bool *kept,
                                       reach_sweep_step *at, reach_error *err);

// The opposite-field control (savings-paper-spec §3.1) on c: the preset's field strength
// b = |FF1 field| in new directions. "opposite": FF1 +b, FF2 −b (the code's CW → NF → CCW);
// "opposite-paper": FF1 −b, FF2 +b. REACH_ERR_USAGE, the message starting with the name as given
// ("'x': expected opposite or opposite-paper", "opposite: the preset's FF1 field is 0").
reach_status reach_sweep_control(reach_config *c, const char *control, reach_error *err);

// Writes the summary table of a sweep directory (reach_sweep_summary_name in dir) with one row per
// network of idx[count] whose file is finished, comparing the pair `compare` names (NULL: the
// default; reach_sweep_summary_row); each that cannot be read or compared is left out and named
// to missing(i, why, user). Returns the write's status (the table is written either way).
reach_status reach_sweep_write_summary(const char *dir, int shard, int shards, const int *idx,
                                       int count, const char *compare,
                                       void (*missing)(int i, const char *why, void *), void *user,
                                       reach_error *err);

// The networks of shard k of n of a sweep of `networks`: i = k, k + n, ... below networks, in a
// malloc'ed array of *count (NULL when out of memory).
int *reach_sweep_shard(int networks, int shard, int shards, int *count);

// savings --grown-up-from: the grown-up directory `grown` is read, never written, so it must be a
// directory other than the sweep's `out`. REACH_ERR_USAGE, the message starting with
// "--grown-up-from GROWN".
reach_status reach_sweep_check_grown_dir(const char *grown, const char *out, reach_error *err);

// The summary file of a sweep (shard k of n: summary-shard-k-of-n.csv, else summary.csv).
void reach_sweep_summary_name(int shard, int shards, char *buf, size_t len);

#endif
