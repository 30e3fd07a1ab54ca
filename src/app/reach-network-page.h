// SPDX-License-Identifier: GPL-3.0-or-later
// ReachNetworkPage: inside a network that has finished its four phases (reach-neural.h): the PCA
// trajectories (ReachNeuralView), the TDR rings and uniform-shift projections (ReachRingPanel)
// and the uniform-shift push (ReachShiftPanel). Before there is an analysis, each panel says why.
#pragma once

#include "reach-neural-view.h"
#include "reach-page.h"
#include "reach-shift-panel.h"

G_BEGIN_DECLS

#define REACH_TYPE_NETWORK_PAGE (reach_network_page_get_type())
G_DECLARE_FINAL_TYPE(ReachNetworkPage, reach_network_page, REACH, NETWORK_PAGE, GtkWidget)

ReachNeuralView *reach_network_page_get_neural_view(ReachNetworkPage *self);
ReachShiftPanel *reach_network_page_get_shift_panel(ReachNetworkPage *self);

G_END_DECLS
