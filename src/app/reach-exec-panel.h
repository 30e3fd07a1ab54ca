// SPDX-License-Identifier: GPL-3.0-or-later
// ReachExecPanel: what the network does during movement (issue 19 item 6; the reviewers' R1.3,
// R1.4b), from the go cue to the end of the reach, as libreach's reach_execution_analyse measures
// it for the Network page's network (ReachNeural's exec_* fields, computed on the worker):
//   E1 the principal angles between the movement-period subspaces, FF1 vs FF2 batch 0 and NF1 vs
//      NF2 final (0° = the same subspace);
//   E2 the separation along the uniform shift over time, FF2 − FF1 batch 0 and NF2 − NF1, in
//      units of the shift learning FF1 left before movement, the go cue marked;
//   E3 how far the push m × uniform shift (the shift panel's slider) moves the execution states,
//      over their spread.
// The panel draws and exports; it computes nothing.
#pragma once

#include <gtk/gtk.h>

#include "reach-neural.h"
#include "reach-plot.h"

G_BEGIN_DECLS

#define REACH_TYPE_EXEC_PANEL (reach_exec_panel_get_type())
G_DECLARE_FINAL_TYPE(ReachExecPanel, reach_exec_panel, REACH, EXEC_PANEL, GtkWidget)

// Takes a new reference; NULL shows `why` (nullable) as the plots' placeholder.
void reach_exec_panel_set_neural(ReachExecPanel *self, ReachNeural *n, const char *why);
void reach_exec_panel_set_presentation(ReachExecPanel *self, gboolean on);
ReachPlot *reach_exec_panel_get_angle_plot(ReachExecPanel *self);
ReachPlot *reach_exec_panel_get_shift_plot(ReachExecPanel *self);
ReachPlot *reach_exec_panel_get_dose_plot(ReachExecPanel *self);

// The execution-period numbers of n as CSV tables, units in their headers (docs/exports.md):
// the principal angles and mean separations per pair, the separation at every trace index with
// its time from the go cue, and the displacement per push. "." as the decimal point in any
// locale. FALSE (error set) if n has no execution-period analysis.
gboolean reach_exec_panel_append_csv(const ReachNeural *n, GString *csv, GError **error);

G_END_DECLS
