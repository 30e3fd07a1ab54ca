// SPDX-License-Identifier: GPL-3.0-or-later
// Targeted dimensionality reduction of preparatory states onto early endpoint force
// (savings-paper-spec §2.1-§2.2, R8; Sun et al.'s recipe with TDR option 1, as the authors'
// tdr.build_tdr does it):
//   1. H_p [T][n]: the preparatory state (−340 ms) of each of T targets in each phase p of
//      NF1, FF1, NF2, FF2, every phase rolled out with its final weights in its own field;
//      μ = mean of all 4·T rows (the "global mean").
//   2. β = pinv(X)·(H_NF1 − μ), X = [F_NF1 (T × 2), 1]: β is 3 × n.
//   3. W = pinv(β), n × 3; keep the two force columns, Gram–Schmidt them without normalising,
//      so a projection (H − μ)·W is in the regression's force units (newtons).
// The uniform shift built on these axes is in uniform_shift.h.
#ifndef REACH_TDR_H
#define REACH_TDR_H

#include "../base/error.h"
#include "../plant/arm.h"
#include "../task/phase.h"
#include "../task/trace.h"

enum {
  // Time points in the authors' indexing (t = 0 at index 50, 10 ms steps): the code's hidden
  // index k is the state produced at loop iteration k, from the observation at k·dt.
  REACH_TDR_PREP_INDEX = 16,   // −340 ms: the preparatory state
  REACH_TDR_FORCE_INDEX = 59,  // +90 ms: endpoint force, near peak acceleration
};

// A reach_trace stores h0 at hidden[0] and the state after step t at hidden[t + 1] (rollout.h),
// and the arm state after step t at q[t + 1]; the code's index k is therefore trace index k + 1.
// [inferred from rollout.h and spec §1.4]
static inline int reach_tdr_trace_index(int code_index) { return code_index + 1; }

// Copies the hidden states of all B reaches of t at the code's index k into out[B][units].
// REACH_ERR_RANGE if k + 1 is outside the trace.
reach_status reach_trace_hidden_at(const reach_trace *t, int code_index, double *out,
                                   reach_error *err);

// The force the muscles exert at the hand (spec §2.1: τ = −Σ f·moment arm, F = J⁻ᵀτ; the code's
// task.get_endpoint_force), for B arms at joint angles q[B][2] with muscle forces mf[B][6] (N),
// into f[B][2] (N). REACH_ERR_NUMERIC naming the reach if J is singular there.
reach_status reach_endpoint_forces(const reach_arm_model *m, const double *q, const double *mf,
                                   int batch, double *f, reach_error *err);

typedef struct reach_tdr {
  int units, targets;
  double *mean;  // [units] μ over the 4 phases' preparatory states
  double *beta;  // [3][units] rows: Fx, Fy, intercept
  double *axes;  // [units][2] the two force columns of pinv(β), orthogonalised, not normalised
  double *block;
} reach_tdr;

// Fits the TDR axes. prep[p] is phase p's [targets][units] preparatory states; f_nf1 is NF1's
// [targets][2] endpoint forces. Needs targets ≥ 3 (three regressors). REACH_ERR_RANGE if the
// regression is rank-deficient (e.g. all forces collinear). t is zeroed on failure.
reach_status reach_tdr_fit(reach_tdr *t, const double *const prep[REACH_NPHASE],
                           const double *f_nf1, int targets, int units, reach_error *err);
void reach_tdr_free(reach_tdr *t);

// (h − μ)·axes for n states h[n][units] into out[n][2] (the ring of Fig. 5a).
void reach_tdr_project(const reach_tdr *t, const double *h, int n, double *out);

#endif
