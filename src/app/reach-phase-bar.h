// SPDX-License-Identifier: GPL-3.0-or-later
// ReachPhaseBar: NF1 | FF1 | NF2 | FF2, any protocol's list of phases, or the tool study's phases;
// the phase being run highlighted and filled as far as it has come. Each phase is tinted by its
// kind: null blue, a clockwise curl orange, a counter-clockwise one purple, a rotation green; a
// cued phase (context input on) has a stripe along its top in its cue's colour.
#pragma once

#include <gtk/gtk.h>

#include "task/config.h"

G_BEGIN_DECLS

#define REACH_TYPE_PHASE_BAR (reach_phase_bar_get_type())
G_DECLARE_FINAL_TYPE(ReachPhaseBar, reach_phase_bar, REACH, PHASE_BAR, GtkWidget)

GtkWidget *reach_phase_bar_new(void);
// The tint of a phase (reach_phase_bar_set_phases); TRUE is a (clockwise) field.
typedef enum {
  REACH_PHASE_TINT_NULL = 0,
  REACH_PHASE_TINT_CURL_CW = 1,
  REACH_PHASE_TINT_CURL_CCW,
  REACH_PHASE_TINT_ROTATION,
} ReachPhaseTint;

// A savings protocol's n phases (names, kinds, lengths, cues from the list); stage: -1 growing
// up, 0 .. n - 1 the phases, ≥ n done; batch: batches done in the stage.
void reach_phase_bar_set_state(ReachPhaseBar *self, int stage, int batch, int n,
                               const reach_phase phases[]);
// Any phases (up to REACH_MAX_PHASES; the tool study's): a name and a short description each,
// their lengths (trials or batches), their tint (ReachPhaseTint) and cue (0 none; nullable: none);
// stage ≥ n means done, `done` counts the items done in the stage. Strings are copied.
void reach_phase_bar_set_phases(ReachPhaseBar *self, int n, const char *const names[],
                                const char *const kinds[], const int lengths[], const int tint[],
                                const int cue[], int stage, int done);
// The phases shown and the name of phase i (NULL out of range): what the tests read.
int reach_phase_bar_get_n(ReachPhaseBar *self);
const char *reach_phase_bar_get_name(ReachPhaseBar *self, int i);
void reach_phase_bar_set_presentation(ReachPhaseBar *self, gboolean on);

G_END_DECLS
