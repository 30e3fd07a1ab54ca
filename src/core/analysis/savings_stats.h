// SPDX-License-Identifier: GPL-3.0-or-later
// Savings measures of trained networks and the statistics across networks
// (savings-paper-spec §1.8-§1.10, results R1-R6; paper-vs-code §8 items 6 and 7).
//
// Per network, from the per-batch mean-LD logs of the four phases (m, + = clockwise):
//   - initial LD: batch 0 of FF1 and of FF2 (the code's get_initial_loss: index 0 of FF phases);
//   - learning rate: an exponential fitted to the LD curve, in the code's form by default and
//     the paper's as a switch (reach_rate_form);
//   - washout: the final LD of NF2 against NF1 (index −1 of NF phases in the code) and the
//     after-effect, the LD of NF2 batch 0 (opposite in sign to the field, R4).
// Across networks: paired and one-sample t-tests with GSL's t distribution, and the probability
// of savings both per network (paired, the caption's reading) and as the code's cross-paired
// statistic (all FF1 × FF2 pairs), each with a bootstrap percentile CI from a seeded reach_rng.
#ifndef REACH_SAVINGS_STATS_H
#define REACH_SAVINGS_STATS_H

#include <stdbool.h>

#include "../base/error.h"
#include "../base/rng.h"
#include "../task/phase.h"

// ---- t-tests ------------------------------------------------------------------------------

typedef struct reach_ttest {
  int n;            // observations (pairs for the paired test)
  double mean;      // mean of x (one-sample) or of the differences a − b (paired)
  double sd;        // sample standard deviation (divisor n − 1) of the same
  double t, df, p;  // statistic, degrees of freedom (n − 1), two-sided p
} reach_ttest;

// Paired t-test of a − b (scipy.stats.ttest_rel(a, b)): t = mean(d)/(sd(d)/√n), df = n − 1,
// p = 2·P(T_df ≤ −|t|). The lower tail is used so that tiny p (R1: 1.9e-13) keeps its
// precision. Pairs where either value is NaN are dropped (networks whose training stopped, like
// the code's return_ignore); out->n says how many were used. REACH_ERR_RANGE if fewer than 2
// remain or every difference is identical (sd = 0, t undefined).
reach_status reach_ttest_paired(const double *a, const double *b, int n, reach_ttest *out,
                                reach_error *err);
// One-sample t-test of x against mu0 (R9: the normalised NF2 shift against 0). NaNs dropped.
reach_status reach_ttest_one_sample(const double *x, int n, double mu0, reach_ttest *out,
                                    reach_error *err);

// ---- learning rate ------------------------------------------------------------------------

typedef enum reach_rate_form {
  // The code (utils.get_rate): y = non-overlapping 5-batch block means (a trailing remainder of
  // fewer than 5 batches is dropped: 3201 batches → 640 blocks), k = block index 0, 1, ...;
  // ŷ = exp(θ0)·exp(−exp(θ1)·k) + θ2, Nelder–Mead on ‖y − ŷ‖₂ from θ = (ln y0, ln 0.004,
  // y_last). rate = exp(θ1), per block.
  REACH_RATE_CODE = 0,
  // The paper (Methods): y = 5-batch moving average (overlapping, n − 4 points, placed at the
  // window's centre batch x = i + 2); ŷ = α·exp(−r·x/1000), no offset. Fitted the same way with
  // θ = (ln α, ln r) from (ln y0, ln 0.8), 0.8 per 1000 batches being the code's start 0.004
  // per 5-batch block. rate = r, per 1000 batches.
  REACH_RATE_PAPER = 1,
} reach_rate_form;

typedef struct reach_rate_fit {
  reach_rate_form form;
  double rate;            // in the form's own unit (per block, or per 1000 batches)
  double rate_per_batch;  // the same rate per batch, to compare the forms
  double amplitude;       // exp(θ0) or α
  double offset;          // θ2 (0 in the paper's form)
  double resid_norm;      // ‖y − ŷ‖₂ at the minimum
  int points;             // fitted points
  int iterations;
  bool converged;  // simplex size fell below the tolerance within the iteration cap
} reach_rate_fit;

// Fits ld[n] (one phase's per-batch mean LD). REACH_ERR_RANGE if there are fewer than 3
// points after smoothing or the first point is not positive (its logarithm is the start value;
// the phases compared, FF1 and FF2, begin with a positive LD in a clockwise field — a sign-flipped
// control must be flipped before fitting); REACH_ERR_NUMERIC if ld holds NaN/Inf.
reach_status reach_rate_fit_ld(const double *ld, int n, reach_rate_form form, reach_rate_fit *out,
                               reach_error *err);

// ---- per-network measures -----------------------------------------------------------------

typedef struct reach_savings_measures {
  double ff1_ld0, ff2_ld0;  // batch-0 LD (m)
  reach_rate_fit ff1_rate, ff2_rate;
  double nf1_final, nf2_final;  // mean LD of the last `tail` batches of NF1 and NF2 (m)
  double washout_diff;          // nf2_final − nf1_final (R3: within ≈0.1 mm)
  double after_effect;          // NF2 batch-0 LD (R4: negative after a CW field)
} reach_savings_measures;

// From the four phases' logs ld[p][n[p]] (p = NF1, FF1, NF2, FF2). tail = 1 is the code's
// (the last batch only). Errors of the rate fits are passed on, naming the phase; the LD fields
// (everything but the rates) are filled before the fits, so a caller may keep them and mark the
// rates NaN for that network.
reach_status reach_savings_measures_compute(const double *const ld[REACH_NPHASE],
                                            const int n[REACH_NPHASE], int tail,
                                            reach_rate_form form, reach_savings_measures *out,
                                            reach_error *err);

// ---- probability of savings ---------------------------------------------------------------

typedef struct reach_prob_ci {
  double p;       // the statistic
  double lo, hi;  // bootstrap percentile CI at the requested level
  int pairs;      // comparisons the statistic averages over
} reach_prob_ci;

// Which way is savings: FF2 LD smaller than FF1 (initial LD), or FF2 rate larger (rate).
// Comparisons are strict, as in the code ((ff2 < ff1) in pandas): a tie is not savings.
typedef enum reach_savings_dir {
  REACH_SAVINGS_LOWER = 0,
  REACH_SAVINGS_HIGHER = 1,
} reach_savings_dir;

// Paired (the caption's reading): the fraction of networks i whose ff2[i] beats ff1[i]; the CI
// resamples networks with replacement (n_boot resamples). NaN pairs are dropped.
reach_status reach_savings_prob_paired(const double *ff1, const double *ff2, int n,
                                       reach_savings_dir dir, int n_boot, double level,
                                       reach_rng *rng, reach_prob_ci *out, reach_error *err);
// The code's statistic (result_behav.ipynb merges the FF1 and FF2 tables on size only): all
// n1 × n2 pairs (i, j), the fraction where ff2[j] beats ff1[i], i.e. P(a random network's FF2
// beats a random network's FF1). The CI is the code's: a percentile bootstrap of the mean over
// the n1·n2 pair rows resampled as if independent (seaborn's default, 1000 resamples in the
// code). NaNs dropped from either side.
reach_status reach_savings_prob_cross(const double *ff1, int n1, const double *ff2, int n2,
                                      reach_savings_dir dir, int n_boot, double level,
                                      reach_rng *rng, reach_prob_ci *out, reach_error *err);

// ---- halving ------------------------------------------------------------------------------

// The batches a phase took to halve its error: the first batch c whose 5-batch mean centred on c
// (ld[c − 2 .. c + 2], cut at the phase's start) is at most half of ld[0], the batch-0 LD the
// savings measures compare. Averaging keeps one noisy batch from deciding it, and requiring
// ld[c + 2] to exist means the answer never changes as more batches arrive (a live curve gives
// the value the finished one will). −1 if not reached in n batches, or if ld[0] is not positive
// (sign a counter-clockwise phase first, as for reach_rate_fit_ld) or not finite.
int reach_ld_halving_batch(const double *ld, int n);

#endif
