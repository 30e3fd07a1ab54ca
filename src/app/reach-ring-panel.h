// SPDX-License-Identifier: GPL-3.0-or-later
// ReachRingPanel: the preparatory states of the eight targets in the TDR plane for NF1, FF1,
// NF2 and FF2 (rings, each with its rotation from NF1), and each phase's projection on the
// uniform-shift axis, NF1 = 0 and FF1 = 1 (savings-paper-spec R8, R9; Fig. 5).
#pragma once

#include <gtk/gtk.h>

#include "reach-neural.h"
#include "reach-plot.h"

G_BEGIN_DECLS

#define REACH_TYPE_RING_PANEL (reach_ring_panel_get_type())
G_DECLARE_FINAL_TYPE(ReachRingPanel, reach_ring_panel, REACH, RING_PANEL, GtkWidget)

// Takes a new reference; NULL shows `why` (nullable) as the plots' placeholder.
void reach_ring_panel_set_neural(ReachRingPanel *self, ReachNeural *n, const char *why);
void reach_ring_panel_set_presentation(ReachRingPanel *self, gboolean on);
ReachPlot *reach_ring_panel_get_ring_plot(ReachRingPanel *self);
ReachPlot *reach_ring_panel_get_shift_plot(ReachRingPanel *self);

G_END_DECLS
