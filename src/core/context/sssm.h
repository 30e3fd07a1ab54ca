// SPDX-License-Identifier: GPL-3.0-or-later
// The switching state-space model (SSSM) of Heald, Ingram, Flanagan & Wolpert 2018: two contexts,
// a slow and a fast state per context, a Kalman filter per context sharing one prediction, a
// cue-conditioned context prior from the learnt cue emission matrix Φ, a GPB1 moment-matching
// merge and a stochastic EM update of Φ. Contract: shared/science/sssm-coin-spec.md §1.
#ifndef REACH_SSSM_H
#define REACH_SSSM_H

#include "../base/error.h"

// Free parameters (k = 6 for BIC). Values of Supplementary Table 2: reach_sssm_params_table_s2().
typedef struct reach_sssm_params {
  double a_s, a_f;  // slow and fast retention
  double q_s, q_f;  // slow and fast process-noise variance
  double r;         // observation-noise variance
  double alpha;     // stochastic-EM step-size parameter: η_t = α/(α + t − 1)
} reach_sssm_params;

typedef enum reach_sssm_yhat {
  // ρ is the normalised cue row of Φ (paper eq. 12, the 2018 code, the reference column
  // yhat_paper). The default.
  REACH_SSSM_YHAT_PAPER = 0,
  // The 2021 class multiplies by the unnormalised cue row (reference column yhat_code2021).
  REACH_SSSM_YHAT_CODE2021 = 1,
} reach_sssm_yhat;

typedef struct reach_sssm_options {
  reach_sssm_yhat yhat;  // which ŷ the record's `yhat` carries (both are always recorded)
  // Non-default: skip the covariance update on channel trials. The authors' code updates V on
  // channel trials as if an observation had been made, and the reference outputs need that.
  int skip_channel_covariance;
  double beta;     // initial diagonal of Φ; the 1e-6 jitter decides which label binds to which cue
  int mstep_from;  // first trial (1-based) whose end runs the M step; the paper's value is 8
} reach_sssm_options;

// Everything a plot of one trial needs. Context index j = 0, 1 stands for contexts 1, 2.
typedef struct reach_sssm_record {
  int cue;      // 1 or 2
  double y;     // observed perturbation; NAN on a channel trial
  double yhat;  // output of the selected variant
  double yhat_paper, yhat_code2021;
  double prior[2];         // ρ_t(j): cue-conditioned context prior
  double post[2];          // γ_t(j): posterior context probability
  double phi[2][2];        // Φ_t[k][j] = estimate of p(q = k+1 | c = j+1) used on this trial
  double p_c1_given_q[2];  // p(c = 1 | q = k+1): normalised rows of Φ_t (Fig. 4)
  double x[4];             // merged posterior mean (x_s1, x_f1, x_s2, x_f2) after the trial
} reach_sssm_record;

// Model (parameters, fixed structure) and data (the mutable filter state) in one small struct;
// the V₁ initial covariance is computed once at init.
typedef struct reach_sssm {
  reach_sssm_params par;
  reach_sssm_options opt;
  double V1[16];  // V_{1|0}: ½(P(1) + P(2)) from the Riccati steady state, row-major 4×4
  // state after trial t
  int t;
  double x[4], V[16];  // merged posterior x̂_{t|t}, V_{t|t}
  double yhat;         // output of trial t (selected variant), for callers without a record
  double phi[2][2];    // Φ_{t+1}, to be used on the next trial
  double S[2][2];      // running sufficient statistic (joint p(q, c))
} reach_sssm;

reach_sssm_params reach_sssm_params_table_s2(void);
reach_sssm_options reach_sssm_options_default(void);

// Checks the parameters (0 ≤ a < 1, variances > 0, α > 0), solves the Riccati steady state and
// resets the filter to before trial 1. opt may be NULL for the defaults.
reach_status reach_sssm_init(reach_sssm *m, const reach_sssm_params *par,
                             const reach_sssm_options *opt, reach_error *err);
// Back to before trial 1 with the same parameters.
void reach_sssm_reset(reach_sssm *m);

// One trial: cue 1 or 2, y the perturbation (±1 field, 0 null) or NAN for a channel trial.
// rec may be NULL. Fails (REACH_ERR_RANGE) if the cue is not 1 or 2, or if Φ gives the cue zero
// probability under every context (a cue first seen after the M step began).
reach_status reach_sssm_trial(reach_sssm *m, int cue, double y, reach_sssm_record *rec,
                              reach_error *err);

// Steady-state predicted covariance of one context's observed 2×2 block (h = (1 1)), by
// iterating the Riccati recursion to convergence. P is row-major 2×2.
reach_status reach_sssm_riccati(const reach_sssm_params *par, double P[4], reach_error *err);

#endif
