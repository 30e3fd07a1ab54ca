// SPDX-License-Identifier: GPL-3.0-or-later
// COIN, the contextual inference model of Heald, Lengyel & Wolpert 2021 (Nature 600:489): a
// particle filter over an unbounded set of contexts, with a sticky hierarchical Dirichlet
// process (Chinese restaurant franchise) prior on context transitions and a second one on cue
// emissions, and per context a scalar linear-Gaussian state whose retention and drift (and
// optionally a measurement bias) are sampled from their posteriors. Contract:
// shared/science/sssm-coin-spec.md §5; the algorithm follows the authors' COIN.m v1.0.0 step by
// step (differences: docs/coin.md).
//
// Model and data: reach_coin holds the parameters and every particle's state, allocated once by
// reach_coin_init for max_contexts (+1 slot for a new context) and the number of distinct cues;
// reach_coin_reset draws a run's initial parameters; reach_coin_trial advances one trial. Every
// random draw goes through the reach_rng passed in.
#ifndef REACH_COIN_H
#define REACH_COIN_H

#include <stdint.h>

#include "../base/error.h"
#include "../base/rng.h"
#include "../io/ini.h"

// Hard upper bound on max_contexts (the arrays of a record are sized by it); COIN.m's default
// is 10.
enum { REACH_COIN_MAX_CONTEXTS = 20, REACH_COIN_SLOTS = REACH_COIN_MAX_CONTEXTS + 1 };
// Upper bound on the number of distinct cues in a paradigm.
enum { REACH_COIN_MAX_CUES = 64 };

typedef struct reach_coin_params {
  double sigma_process_noise;                        // σ_q
  double sigma_sensory_noise;                        // σ_s
  double sigma_motor_noise;                          // σ_m
  double prior_mean_retention;                       // μ_a
  double prior_precision_retention;                  // λ_a; INFINITY fixes the retention at μ_a
  double prior_precision_drift;                      // λ_d; INFINITY fixes the drift at 0
  double gamma_context, alpha_context, rho_context;  // γ, α, ρ (κ = αρ/(1 − ρ))
  double gamma_cue, alpha_cue;                       // γ_e, α_e
  int infer_bias;                                    // 0 or 1
  double prior_precision_bias;                       // λ_b
  int particles;                                     // P
  int max_contexts;                                  // 1 .. REACH_COIN_MAX_CONTEXTS
} reach_coin_params;

// COIN.m's defaults (Heald et al. 2020, Table S1 (A)); spec §5.3.
reach_coin_params reach_coin_params_default(void);
// Checks ranges (noises > 0, 0 < μ_a < 1, precisions > 0, γ, α > 0, 0 ≤ ρ < 1, ...).
reach_status reach_coin_params_check(const reach_coin_params *p, reach_error *err);
// The [coin] key table: keys named as COIN.m's properties (= the fields above), with ranges and
// help (coin_params.c).
const reach_ini_table *reach_coin_params_table(void);
// Reads a parameter file (a group [coin]; keys not given keep what *p holds) over *p. Unknown
// groups or keys, repeats and bad values are errors naming FILE:LINE and the key; on error *p is
// unchanged.
reach_status reach_coin_params_read(const char *path, reach_coin_params *p, reach_error *err);

// What one trial produced, averaged over the particles. Context label j (0-based) is the j-th
// context a particle created, so per-label averages mix different contexts of different
// particles (COIN.m relabels for its plots; this does not).
typedef struct reach_coin_record {
  double motor_output;  // Σ_particles Σ_j p(c = j | cue) (E[x_j] + b_j) / P, before the feedback
  double state_feedback;  // the simulated y_t (perturbation + sensory + motor noise); NAN on a
                          // channel trial
  double n_contexts;      // instantiated contexts after the trial, mean over particles
  double predicted[REACH_COIN_SLOTS];       // cue-conditioned predicted probability of label j
  double responsibility[REACH_COIN_SLOTS];  // posterior of label j (after resampling)
  // E[x_j] over the particles weighted by their predicted probability of j (the predicted
  // state of label j given that label j is the context); NAN where no particle gives j mass.
  double state_mean[REACH_COIN_SLOTS];
} reach_coin_record;

typedef struct reach_coin {
  reach_coin_params par;
  int n_cues;       // distinct cues the paradigm can show (0: no cues)
  int K, Qn;        // slots (max_contexts + 1), cue slots (n_cues + 1)
  int stride;       // doubles per particle block
  int off[20];      // offsets of the fields within a block (coin.c)
  double *blocks;   // [particles][stride], every particle's state (layout in coin.c)
  double *scratch;  // per-trial work arrays (weights, indices)
  int *idx;         // [particles] resampling counts/indices
  // run state
  int t;  // trials done
  int Q;  // cues seen so far
  double kappa, sigma_obs2;
} reach_coin;

// Allocates for par->particles particles, par->max_contexts contexts and n_cues distinct cues
// (0 = a paradigm without cues: cue probabilities are left out of the inference, as in COIN.m
// when its `cues` property is empty). Does not draw; call reach_coin_reset before trial 1.
reach_status reach_coin_init(reach_coin *m, const reach_coin_params *par, int n_cues,
                             reach_error *err);
void reach_coin_free(reach_coin *m);
// Back to before trial 1: no contexts, the parameters of the first context drawn from the prior.
void reach_coin_reset(reach_coin *m, reach_rng *rng);

// One trial. pert: the perturbation, NAN on a channel trial (no state feedback). cue: 0 when
// the model has no cues, else 1 .. n_cues, numbered in order of first appearance (a cue may
// only be k + 1 if cues 1..k have been seen; reach_coin_renumber_cues does this). stationary:
// replace the context prior by the stationary distribution of the transition matrix (e.g.
// after a working-memory task). rec may be NULL.
reach_status reach_coin_trial(reach_coin *m, reach_rng *rng, double pert, int cue, int stationary,
                              reach_coin_record *rec, reach_error *err);

// Copies src's run state (every particle, the trials and cues seen) into dst, which must have been
// initialised with the same parameters and number of cues: a trial played on the copy (e.g. to
// ask what COIN would predict for another cue) leaves src as it was.
void reach_coin_copy(reach_coin *dst, const reach_coin *src);

// Renumbers arbitrary positive cue labels in[n] into 1, 2, ... in order of first appearance
// (COIN.m's renumber_cues). Returns the number of distinct cues, or -1 if a label is < 1 or
// there are more than REACH_COIN_MAX_CUES distinct cues.
int reach_coin_renumber_cues(const int *in, int n, int *out);

// The number of tables after n customers of a Chinese restaurant with concentration a (the CRF's
// auxiliary variable; npbayes's randnumtable). Exposed for its distribution test.
int reach_coin_num_tables(reach_rng *r, double a, int n);

// Runs × particles over a paradigm. Run r draws from a reach_rng seeded with
// seed + r · 0x9E3779B97F4A7C15, so a run's numbers depend only on (seed, r).
typedef struct reach_coin_result {
  int n, runs;             // trials, runs
  double *motor_output;    // [runs][n]
  double *state_feedback;  // [runs][n]
  double *n_contexts;      // [runs][n]
  double *predicted;       // [runs][n][REACH_COIN_SLOTS]
  double *responsibility;  // [runs][n][REACH_COIN_SLOTS]
  double *state_mean;      // [runs][n][REACH_COIN_SLOTS]
} reach_coin_result;

// Called after every trial; a nonzero return cancels the run (REACH_ERR_USAGE, "cancelled").
typedef int (*reach_coin_progress)(void *user, int run, int trial);

// cue[n]: NULL for a paradigm without cues, else positive labels (renumbered here).
// stationary[n]: NULL or 1 on the trials whose prior is the stationary distribution.
reach_status reach_coin_run(const reach_coin_params *par, int n, const double *pert, const int *cue,
                            const unsigned char *stationary, int runs, uint64_t seed,
                            reach_coin_result *res, reach_coin_progress progress, void *user,
                            reach_error *err);
void reach_coin_result_free(reach_coin_result *res);

#endif
