// SPDX-License-Identifier: GPL-3.0-or-later
// COIN over a paradigm as the CLI runs it (docs/coin.md): the paradigm file COIN reads, the
// per-trial table over runs, and its files (CSV with a commented header, HDF5 with every run;
// docs/hdf5-layout.md). The model itself is context/coin.h.
#ifndef REACH_COIN_STUDY_H
#define REACH_COIN_STUDY_H

#include <stdint.h>

#include "../base/error.h"
#include "../context/coin.h"

// A paradigm as COIN reads it. A file with a `cue` column is read by the SSSM's reader
// (context/paradigm.h: cues 1 or 2, an empty perturbation is a channel trial); a file without
// one is a paradigm without cues (COIN then leaves cue probabilities out). Either may have a
// `channel` column (0/1; 1 marks a channel trial whatever its perturbation cell holds), as in the
// tables `sssm` and `coin` write, and a `stationary` column (0/1; 1 resets the context prior to
// the stationary distribution, COIN.m's stationary_trials, e.g. after a working-memory task).
typedef struct reach_coin_paradigm {
  int n, has_cues;
  double *pert;               // [n]; NAN on a channel trial
  int *cue;                   // [n]; 0 without cues
  unsigned char *stationary;  // NULL, or [n] with 1 where the context prior is reset
} reach_coin_paradigm;

// Errors name the file, the line and the column.
reach_status reach_coin_paradigm_read(const char *path, reach_coin_paradigm *p, reach_error *err);
void reach_coin_paradigm_free(reach_coin_paradigm *p);
// Drops the cues (the paradigm is then run without them).
void reach_coin_paradigm_drop_cues(reach_coin_paradigm *p);

// The per-trial table over the runs of a reach_coin_result, for context labels 1..L.
typedef struct reach_coin_summary {
  int n, L;                                             // trials, context labels
  double *mo_mean, *mo_sem, *mo_sd, *y_mean, *nc_mean;  // [n]; sem and sd NAN for one run
  double *pred, *resp, *state;                          // [n][L]
} reach_coin_summary;

// Means over runs (the state of label k weighted by its predicted probability). Allocates.
reach_status reach_coin_summarise(const reach_coin_result *r, int L, reach_coin_summary *s,
                                  reach_error *err);
void reach_coin_summary_free(reach_coin_summary *s);

// What produced the files: written into their headers.
typedef struct reach_coin_provenance {
  const char *creator;  // e.g. "reachlab-cli 0.9 coin"
  const char *source;   // e.g. "--paradigm FILE"
  int runs;
  uint64_t seed;
} reach_coin_provenance;

// The table as CSV: `#` lines giving each column's units and meaning, then
// trial,perturbation,channel,cue,motor_output,motor_output_sem,motor_output_sd,state_feedback,
// n_contexts,p_pred_ctx1..L,p_resp_ctx1..L,state_ctx1..L. Atomic.
reach_status reach_coin_write_csv(const char *path, const reach_coin_paradigm *pd,
                                  const reach_coin_summary *s, const reach_coin_params *par,
                                  const reach_coin_provenance *prov, reach_error *err);
// HDF5: /trials/<column> as in the CSV, /runs/<name> [runs][n] per run, /params/<key> (the
// [coin] keys), root attributes naming what produced it. Atomic.
reach_status reach_coin_write_h5(const char *path, const reach_coin_paradigm *pd,
                                 const reach_coin_summary *s, const reach_coin_result *r,
                                 const reach_coin_params *par, const reach_coin_provenance *prov,
                                 reach_error *err);

#endif
