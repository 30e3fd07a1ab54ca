// SPDX-License-Identifier: GPL-3.0-or-later
// ReachPhaseBar: NF1 | FF1 | NF2 | FF2 (or the tool study's phases), the phase being run
// highlighted and filled as far as it has come; field phases are tinted.
#pragma once

#include <gtk/gtk.h>

#include "task/phase.h"

G_BEGIN_DECLS

#define REACH_TYPE_PHASE_BAR (reach_phase_bar_get_type())
G_DECLARE_FINAL_TYPE(ReachPhaseBar, reach_phase_bar, REACH, PHASE_BAR, GtkWidget)

GtkWidget *reach_phase_bar_new(void);
// stage: -1 growing up, 0..3 the phases, 4 done; batch: batches done in the stage.
void reach_phase_bar_set_state(ReachPhaseBar *self, int stage, int batch,
                               const int batches[REACH_NPHASE], const double field[REACH_NPHASE]);
// Any phases (up to 6; the tool study's): a name and a short description each, their lengths
// (trials or batches), whether a field is on in them; stage ≥ n means done, `done` counts the
// items done in the stage. Strings are copied.
void reach_phase_bar_set_phases(ReachPhaseBar *self, int n, const char *const names[],
                                const char *const kinds[], const int lengths[],
                                const gboolean field[], int stage, int done);
void reach_phase_bar_set_presentation(ReachPhaseBar *self, gboolean on);

G_END_DECLS
