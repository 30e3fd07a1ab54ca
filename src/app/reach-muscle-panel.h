// SPDX-License-Identifier: GPL-3.0-or-later
// ReachMusclePanel: the six muscle activations of the reach on screen as traces over time, one
// row per muscle in agonist–antagonist pairs (shoulder, elbow, both joints), named as in the
// core's arm26 model: the motor commands of the paper's Fig. 1, so the bursts of a reach and of a
// correction after a push show. The arm view feeds it as it animates or pokes.
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define REACH_TYPE_MUSCLE_PANEL (reach_muscle_panel_get_type())
G_DECLARE_FINAL_TYPE(ReachMusclePanel, reach_muscle_panel, REACH, MUSCLE_PANEL, GtkBox)

GtkWidget *reach_muscle_panel_new(void);
// Activations of n_shown states (state k's six at act + k·stride, in the core's muscle order),
// drawn on a time axis of n_axis states dt apart; the last state shown is "now". go_step: the
// state at which the go cue showed (a mark; < 0 none). Copies what it draws.
void reach_muscle_panel_show(ReachMusclePanel *self, const double *act, gsize stride, int n_shown,
                             int n_axis, double dt, int go_step);
void reach_muscle_panel_clear(ReachMusclePanel *self);
void reach_muscle_panel_set_presentation(ReachMusclePanel *self, gboolean on);
// The last activations shown (six, core order) and how many states; for tests.
int reach_muscle_panel_get_latest(ReachMusclePanel *self, double act[6]);

G_END_DECLS
