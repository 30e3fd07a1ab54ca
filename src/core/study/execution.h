// SPDX-License-Identifier: GPL-3.0-or-later
// The execution-period analysis (issue 19 item 6; the reviewers' R1.3, R1.4b): what the network
// does during movement, rather than before it, from a finished reach_network_analysis. The window
// runs from the go step of the evaluation reaches (trace index go_step) to the end of the trial
// (index steps), all targets:
//   - principal angles between the 3-dimensional PCA subspaces of the hidden states in that window,
//     FF1 batch 0 against FF2 batch 0, and NF1-final against NF2-final (each in its own field);
//   - the separation along the uniform shift over time: at each trace index, the mean over
//     targets of (h_FF2b0 − h_FF1b0)·û / ‖us‖ (û the unit uniform-shift axis, ‖us‖ its length:
//     in units of the shift that learning FF1 produced before movement; the same for NF2 − NF1);
//     and its mean over the window;
//   - for the dose–response push: the mean over the window of the mean over targets of
//     ‖h_m − h_0‖, absolute and relative to the mean ‖h_0 − h̄‖ of the unpushed execution states
//     about their own mean (how far the execution trajectories move with m).
#ifndef REACH_EXECUTION_H
#define REACH_EXECUTION_H

#include "network_analysis.h"

enum { REACH_EX_K = 3 };

typedef struct reach_execution {
  int window0, window1;                  // trace indices [window0, window1]
  double angle_ff[REACH_EX_K];           // rad, FF1 batch 0 vs FF2 batch 0, ascending
  double angle_nf[REACH_EX_K];           // rad, NF1-final vs NF2-final
  double *shift_ff, *shift_nf;           // [steps+1] separation along û in units of ‖us‖
  double shift_ff_mean, shift_nf_mean;   // over the window
  double dose_move[REACH_NA_NDOSE];      // mean ‖h_m − h_0‖ over the window
  double dose_move_rel[REACH_NA_NDOSE];  // the same over the mean ‖h_0 − h̄‖
  double *block;
} reach_execution;

reach_status reach_execution_analyse(const reach_network_analysis *a, reach_execution *x,
                                     reach_error *err);
void reach_execution_free(reach_execution *x);

#endif
