// SPDX-License-Identifier: GPL-3.0-or-later
// The SSSM beside COIN on one generated tool-study sequence (issue 20; the app's Context page):
// per trial the SSSM's (Table S2) output, p(context 1 | cue), posterior and states, and COIN's
// (COIN.m's defaults) motor output, number of contexts and predicted probability of its first
// context labels, means over runs. The page's CSV is reach_context_compare_csv (docs/exports.md).
#ifndef REACH_CONTEXT_COMPARE_H
#define REACH_CONTEXT_COMPARE_H

#include <stdint.h>
#include <stdio.h>

#include "../base/error.h"
#include "../context/paradigm_gen.h"

// COIN's context labels kept per trial (label k: the k-th context a particle created).
enum { REACH_CONTEXT_COMPARE_LABELS = 3 };

typedef struct reach_context_compare {
  char name[32];  // the experiment, e.g. "exp2-opposing"
  int n;          // trials
  int *cue;       // [n] 1 or 2
  double *pert;   // [n] ±1, 0, NAN on a channel trial
  // the SSSM
  double *sssm_yhat;    // [n]
  double *sssm_p_c1_q;  // [n][2] p(context 1 | cue 1, cue 2) after the trial
  double *sssm_post;    // [n][2] posterior of context 1, 2
  double *sssm_x;       // [n][4] slow/fast states of context 1, then 2
  // COIN, means over coin_runs runs of coin_particles particles, draws from coin_seed
  int coin_runs, coin_particles;
  uint64_t coin_seed;
  double *coin_output;    // [n] motor output (prediction before the feedback)
  double *coin_contexts;  // [n] instantiated contexts after the trial
  double *coin_pred;      // [n][REACH_CONTEXT_COMPARE_LABELS] p(label k | the trial's cue)
} reach_context_compare;

// Experiment e's sequence from `seed`; COIN with coin_runs runs × coin_particles particles.
reach_status reach_context_compare_run(reach_tool_experiment e, uint64_t seed, int coin_runs,
                                       int coin_particles, reach_context_compare *c,
                                       reach_error *err);
void reach_context_compare_free(reach_context_compare *c);

// The CSV of n comparisons, one row per paradigm and trial: paradigm,trial,cue,perturbation,
// yhat,p_c1_given_q1,p_c1_given_q2,coin_output,coin_n_contexts,coin_p_ctx1..3 (perturbation
// empty on a channel trial), after `#` lines saying what ran.
void reach_context_compare_csv(FILE *fp, const reach_context_compare *c, int n);

#endif
