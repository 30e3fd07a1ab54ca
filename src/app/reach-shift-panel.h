// SPDX-License-Identifier: GPL-3.0-or-later
// ReachShiftPanel: the paper's causal test as something to play with. A slider m ∈ [−2, 2] adds
// m × the uniform-shift vector to the hidden state of FF2 batch 0 (the NF2-final network meeting
// the field) once, before movement (reach_neural_push); the panel shows the eight resulting hand
// paths and their mean LD beside the unperturbed FF1 and FF2 batch-0 values. Each push runs on a
// GTask thread; slider moves coalesce (one push at a time, then the latest value).
#pragma once

#include <gtk/gtk.h>

#include "reach-neural.h"

G_BEGIN_DECLS

#define REACH_TYPE_SHIFT_PANEL (reach_shift_panel_get_type())
G_DECLARE_FINAL_TYPE(ReachShiftPanel, reach_shift_panel, REACH, SHIFT_PANEL, GtkWidget)

// Takes a new reference; NULL shows `why` (nullable).
void reach_shift_panel_set_neural(ReachShiftPanel *self, ReachNeural *n, const char *why);
void reach_shift_panel_set_presentation(ReachShiftPanel *self, gboolean on);
// Moves the slider (as the user would).
void reach_shift_panel_set_m(ReachShiftPanel *self, double m);
// The push on screen: its m and mean LD (m). FALSE when none has arrived yet.
gboolean reach_shift_panel_get_result(ReachShiftPanel *self, double *m, double *ld);
// Pushes computed since the panel was made, and whether one is running.
int reach_shift_panel_get_pushes(ReachShiftPanel *self);
gboolean reach_shift_panel_is_busy(ReachShiftPanel *self);
GtkWidget *reach_shift_panel_get_paths(ReachShiftPanel *self);

G_END_DECLS
