// SPDX-License-Identifier: GPL-3.0-or-later
// A recorded batch of reaches: what the rollout writes, the analyses read and the app animates.
// It belongs to the task (what was asked and what the arm did), so the measures below the
// studies can take it without knowing who ran it.
#ifndef REACH_TRACE_H
#define REACH_TRACE_H

#include "../base/error.h"

typedef struct reach_trace {
  int batch, steps, units;  // B reaches of steps+1 states each
  double dt;
  double *q;       // [steps+1][B][2] joint angles
  double *xy;      // [steps+1][B][2] hand
  double *act;     // [steps+1][B][6] muscle activations
  double *hidden;  // [steps+1][B][units] GRU state (index 0 = h0)
  double *force;   // [steps+1][B][6] muscle forces (N)
  double *target;  // [B][2]
  double *ld;      // [B] lateral deviation (m)
  int go_step;     // step at which the go cue is shown to the network
  double field;    // curl gain used
  double *block;
} reach_trace;

reach_status reach_trace_init(reach_trace *t, int batch, int steps, int units);
// Distance (m) from reach b's hand at the last state to its target.
double reach_trace_end_error(const reach_trace *t, int b);
void reach_trace_free(reach_trace *t);

#endif
