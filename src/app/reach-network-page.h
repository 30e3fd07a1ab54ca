// SPDX-License-Identifier: GPL-3.0-or-later
// ReachNetworkPage: inside a network that has finished its four phases (reach-neural.h): the PCA
// trajectories (ReachNeuralView), the TDR rings and uniform-shift projections (ReachRingPanel)
// and the uniform-shift push (ReachShiftPanel) before movement, and what the network does during
// movement (ReachExecPanel) on a second view. A caption over both says which network the analysis
// is of (a replay goes on showing the finished run's). Before there is an analysis, each panel
// says why.
#pragma once

#include "reach-exec-panel.h"
#include "reach-neural-view.h"
#include "reach-page.h"
#include "reach-shift-panel.h"

G_BEGIN_DECLS

#define REACH_TYPE_NETWORK_PAGE (reach_network_page_get_type())
G_DECLARE_FINAL_TYPE(ReachNetworkPage, reach_network_page, REACH, NETWORK_PAGE, GtkWidget)

ReachNeuralView *reach_network_page_get_neural_view(ReachNetworkPage *self);
ReachShiftPanel *reach_network_page_get_shift_panel(ReachNetworkPage *self);
ReachExecPanel *reach_network_page_get_exec_panel(ReachNetworkPage *self);
// The caption's text: which network the analysis is of.
const char *reach_network_page_get_caption(ReachNetworkPage *self);
// "preparation" (before movement, the default) or "execution" (during movement).
void reach_network_page_show_view(ReachNetworkPage *self, const char *view);

G_END_DECLS
