// SPDX-License-Identifier: GPL-3.0-or-later
// ReachToolPage: the tool study's page of plots, following the trial being played: MPE per
// control point in blocks of 8 trials and channel-trial adaptation per control point, as Heald
// et al. 2018 plot them (sssm-coin-spec §3.4–§3.5), and the live SSSM's p(context 1 | cue).
// A ReachPage: its update takes the snapshot's tool history.
#pragma once

#include "reach-page.h"

G_BEGIN_DECLS

#define REACH_TYPE_TOOL_PAGE (reach_tool_page_get_type())
G_DECLARE_FINAL_TYPE(ReachToolPage, reach_tool_page, REACH, TOOL_PAGE, GtkWidget)

GtkWidget *reach_tool_page_new(void);
// Takes a new reference (nullable); the plots change only when trials were added.
void reach_tool_page_set_history(ReachToolPage *self, ReachToolHistory *h);
void reach_tool_page_set_presentation(ReachToolPage *self, gboolean on);
// "mpe", "adaptation" or "context"; NULL for another name.
ReachPlot *reach_tool_page_get_plot(ReachToolPage *self, const char *name);
// What the adaptation plot shows for target side 1 (left) or 2 (right): the 1-based trial
// numbers and adaptations (%) of that side's channel trials in the exposure configuration.
// Arrays borrowed until the next update.
int reach_tool_page_get_adaptation(ReachToolPage *self, int side, const double **trial,
                                   const double **percent);

// Blocks of 8 trials: the mean signed MPE (mm) of side's field and null trials in each block
// that has one, at the block's last trial number (1-based; a block still being played counts
// as far as it goes). x and mm hold (h->n + 7) / 8; returns the number of blocks written.
int reach_tool_mpe_blocks(const ReachToolHistory *h, int side, double *x, double *mm);

G_END_DECLS
