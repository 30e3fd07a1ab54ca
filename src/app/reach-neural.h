// SPDX-License-Identifier: GPL-3.0-or-later
// ReachNeural: what the Network page shows of one finished network (stage done), computed once
// by libreach's reach_network_analyse on the session's worker: the PCA trajectories of FF1 and
// FF2 batch 0, the TDR rings and uniform-shift projections of the four phases, and a private
// copy of the network with the NF2-final weights, so the uniform-shift push (the paper's causal
// test) can be replayed for any m on a GTask thread while the worker goes on training.
// Immutable after creation, except the private copy, which reach_neural_push serialises.
// A GObject (with the fields public, as the panels read them) so that a snapshot releases the
// analysis it carries with g_object_unref, without depending on this file.
#pragma once

#include <glib-object.h>

#include "reach-snapshot.h"

G_BEGIN_DECLS

enum { REACH_NEURAL_NPC = 3, REACH_NEURAL_NDOSE = 5 };

struct reach_savings;
typedef struct _ReachNeuralPusher ReachNeuralPusher;

#define REACH_TYPE_NEURAL (reach_neural_get_type())
G_DECLARE_FINAL_TYPE(ReachNeural, reach_neural, REACH, NEURAL, GObject)

struct _ReachNeural {
  GObject parent_instance;
  int targets, steps, units;
  int go_index;   // index into the pc arrays of t = 0, the go cue (code index 50)
  double *pc[2];  // [targets][steps][3] FF1 batch 0, FF2 batch 0 (code index 0..)
  double pca_ratio[REACH_NEURAL_NPC];  // variance ratio of FF1 batch 0 per component
  double *ring[REACH_NPHASE];          // [targets][2] preparatory states in the TDR plane
  double ring_rotation[REACH_NPHASE];  // rad, NF1 = 0
  double us_proj[REACH_NPHASE];        // uniform-shift projection, NF1 = 0, FF1 = 1
  double us_norm;                      // ‖uniform-shift vector‖
  double ld_ff1, ld_ff2;  // batch-0 mean LD (m): NF1-final in FF1's field, NF2-final in FF2's
  double field_ff2;       // N·s/m
  ReachArmTrace *ff1_b0, *ff2_b0;  // their reaches
  // The execution period (study/execution.h, reach_execution_analyse of the same analysis; issue
  // 19 item 6): trace indices of the go cue and the end of the reach, principal angles (rad) of
  // the movement-period subspaces, the separation along the uniform shift at every trace index
  // [steps + 1] and over the window (shift units), and how far each push m = dose_m[d] moves the
  // execution states (absolute, and over their spread). exec_error (nullable): why it failed,
  // the numbers then 0 and the arrays NULL.
  double dt;  // s per trace index
  int exec_window0, exec_window1;
  double exec_angle_ff[REACH_NEURAL_NPC], exec_angle_nf[REACH_NEURAL_NPC];
  double *exec_shift_ff, *exec_shift_nf;
  double exec_shift_ff_mean, exec_shift_nf_mean;
  double dose_m[REACH_NEURAL_NDOSE];
  double exec_dose_move[REACH_NEURAL_NDOSE], exec_dose_move_rel[REACH_NEURAL_NDOSE];
  char *exec_error;
  // Which network this is of, in words (the backend's label when it was analysed): a replay
  // goes on showing the finished run's analysis, and the page says so.
  char *label;
  ReachNeuralPusher *pusher;
};

// Analyses a network that has finished its four phases (e is left as it was), the execution
// period included; label (nullable) names the network. Slow (≈1 s for 32 units): call it on a
// worker thread. NULL with an error naming the failing step.
ReachNeural *reach_neural_new(struct reach_savings *e, const char *label, GError **error);
// g_object_ref / g_object_unref (NULL-safe), under the names the panels use.
ReachNeural *reach_neural_ref(ReachNeural *n);
void reach_neural_unref(ReachNeural *n);

// FF2 batch 0 with m × the uniform-shift vector added to the hidden state at
// REACH_NA_PUSH_INDEX, exactly as reach_network_analyse's dose–response does it. Any thread;
// calls are serialised. Returns the reaches (new reference) and their mean LD (m).
ReachArmTrace *reach_neural_push(ReachNeural *n, double m, double *mean_ld, GError **error);

// The numbers behind the Network page as CSV rows (for exports).
void reach_neural_append_csv(const ReachNeural *n, GString *csv);

G_END_DECLS
