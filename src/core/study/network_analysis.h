// SPDX-License-Identifier: GPL-3.0-or-later
// The neural analyses of one trained network (savings-paper-spec §2.1-§2.5, R8-R11), from a
// finished reach_savings (e.g. reach_savings_load of a network file):
//   - each phase-final network (NF1, FF1, NF2, FF2) rolled out in its own phase's field
//     (spec §2: "each in its own field"); FF1 batch 0 = the NF1-final weights in FF1's field and
//     FF2 batch 0 = the NF2-final weights in FF2's field (the networks of Fig. 6 and Fig. 7);
//   - TDR of the NF1 preparatory states (code index 16, −340 ms) on NF1's endpoint force at +90 ms
//     (code index 59), the four phases' rings, and each ring's rotation from NF1's;
//   - the uniform-shift axis and the four phases' projections, NF1 = 0 and FF1 = 1 by
//     construction;
//   - PCA (3 components) of the FF1-batch-0 trajectories (code indices 0..steps−1, all targets),
//     with FF2 batch 0 projected on that basis;
//   - the perturbation dose–response: m ∈ {−2, −1, 0, 1, 2} × the unnormalised uniform-shift
//     vector added once to the hidden state of FF2 batch 0 (see REACH_NA_PUSH_INDEX), its mean LD
//     and its pre-movement muscle commands.
// Traces are deterministic for given weights (reach_savings_trace restarts its noise stream), so
// the analysis of a network file is reproducible, and the m = 0 trace equals the unpushed one.
#ifndef REACH_NETWORK_ANALYSIS_H
#define REACH_NETWORK_ANALYSIS_H

#include "../analysis/pca.h"
#include "savings.h"
#include "../analysis/tdr.h"
#include "../analysis/uniform_shift.h"

enum {
  REACH_NA_NDOSE = 5,  // m = −2, −1, 0, 1, 2
  REACH_NA_NPC = 3,    // PCA components (Fig. 6)
  // The push goes into trace index 16: the state entering the GRU step of loop iteration 16
  // (elapsed = 0.16 s), as spec §2.5 describes the code ("before the GRU step"); the code's
  // hidden index 16 (−340 ms, trace index 17) is then the first state computed from the pushed one.
  REACH_NA_PUSH_INDEX = 16,
  // Pre-movement window of the muscle commands (R11): trace indices from the push to t = 0
  // (code index 50 = trace index 51, exclusive); the hand has not left the start by then.
  REACH_NA_PREMOVE_END = 51,
};

extern const double reach_na_dose[REACH_NA_NDOSE];

typedef struct reach_network_analysis {
  int units, targets, steps;
  double field[REACH_NPHASE];  // curl gain each phase was rolled out in (N·s/m)
  // Phase-final networks in their own fields (trace k = phase k); trace[1] is NOT FF1 batch 0.
  reach_trace phase[REACH_NPHASE];
  reach_trace ff1_b0, ff2_b0;   // NF1-final in FF1's field, NF2-final in FF2's field
  double ff1_b0_ld, ff2_b0_ld;  // their mean LD over targets (m, + = clockwise)
  double *prep[REACH_NPHASE];   // [targets][units] code index 16 of each phase trace
  double *force_nf1;            // [targets][2] NF1 endpoint force at code index 59 (N)
  reach_tdr tdr;
  double *ring[REACH_NPHASE];              // [targets][2] (prep − μ)·axes (Fig. 5a)
  double ring_rotation[REACH_NPHASE];      // rad, + = counter-clockwise, NF1 = 0 (R8)
  reach_uniform_shift us;                  // us.proj[p]: NF1 = 0, FF1 = 1 (R9, Fig. 5c)
  reach_pca pca;                           // fit on FF1 batch 0
  double pca_ratio[REACH_NA_NPC];          // variance ratio of FF1 batch 0 per component
  double pca_ff2_explained[REACH_NA_NPC];  // share of FF2-batch-0 variance along each component
  double *pc_ff1, *pc_ff2;                 // [targets][steps][3] trajectories (code index 0..)
  // Dose–response (Fig. 7): dose[d] = reach_na_dose[d].
  double dose_ld[REACH_NA_NDOSE];             // mean LD over targets (m)
  double *dose_ld_target;                     // [NDOSE][targets] (m)
  double *dose_act;                           // [NDOSE][steps+1][targets][6] muscle activations
  double dose_act_change[REACH_NA_NDOSE];     // RMS(act_m − act_0) / RMS(act_0) in the window
  double dose_hidden_change[REACH_NA_NDOSE];  // RMS(h_m − h_0) / RMS(h_0) in the same window
  double *dose_hidden_dev;  // [NDOSE][steps+1] mean over targets of ‖h_m − h_0‖
  double *block;
} reach_network_analysis;

// Runs the whole pipeline on e, which must have finished all four phases (REACH_ERR_USAGE
// otherwise). e's current weights are restored before returning. On failure a is freed and
// err names the step that failed.
reach_status reach_network_analyse(reach_savings *e, reach_network_analysis *a, reach_error *err);
void reach_network_analysis_free(reach_network_analysis *a);

#endif
