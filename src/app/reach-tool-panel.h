// SPDX-License-Identifier: GPL-3.0-or-later
// ReachToolPanel: the tool study's plots, following the trial being played: MPE per control
// point in blocks of 8 trials and channel-trial adaptation per control point, as Heald et al.
// 2018 plot them (sssm-coin-spec §3.4–§3.5), and the live SSSM's p(context 1 | cue).
#pragma once

#include <gtk/gtk.h>

#include "reach-plot.h"
#include "reach-snapshot.h"

G_BEGIN_DECLS

#define REACH_TYPE_TOOL_PANEL (reach_tool_panel_get_type())
G_DECLARE_FINAL_TYPE(ReachToolPanel, reach_tool_panel, REACH, TOOL_PANEL, GtkWidget)

GtkWidget *reach_tool_panel_new(void);
// Takes a new reference (nullable); the plots change only when trials were added.
void reach_tool_panel_set_history(ReachToolPanel *self, ReachToolHistory *h);
void reach_tool_panel_set_presentation(ReachToolPanel *self, gboolean on);
// "mpe", "adaptation" or "context"; NULL for another name.
ReachPlot *reach_tool_panel_get_plot(ReachToolPanel *self, const char *name);
// What the adaptation plot shows for target side 1 (left) or 2 (right): the 1-based trial
// numbers and adaptations (%) of that side's channel trials in the exposure configuration.
// Arrays borrowed until the next update.
int reach_tool_panel_get_adaptation(ReachToolPanel *self, int side, const double **trial,
                                    const double **percent);

// Blocks of 8 trials: the mean signed MPE (mm) of side's field and null trials in each block
// that has one, at the block's last trial number (1-based; a block still being played counts
// as far as it goes). x and mm hold (h->n + 7) / 8; returns the number of blocks written.
int reach_tool_mpe_blocks(const ReachToolHistory *h, int side, double *x, double *mm);

G_END_DECLS
