// SPDX-License-Identifier: GPL-3.0-or-later
// ReachContextPage: the context model (SSSM, Heald et al. 2018) on the experiment-2 paradigms,
// opposing and same field: p(context 1 | cue) per trial above, the adaptation on each cue's
// trials below, with the exposure phase shaded.
#pragma once

#include "reach-page.h"

G_BEGIN_DECLS

#define REACH_TYPE_CONTEXT_PAGE (reach_context_page_get_type())
G_DECLARE_FINAL_TYPE(ReachContextPage, reach_context_page, REACH, CONTEXT_PAGE, GtkWidget)

G_END_DECLS
