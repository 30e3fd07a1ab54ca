// SPDX-License-Identifier: GPL-3.0-or-later
// ReachLearningPage: the savings study's learning curves. The top plot shows the lateral
// deviation per batch across NF1, FF1, NF2 and FF2 (the training loss while the network grows
// up); the bottom one FF1 and FF2 from field onset, where savings is FF2 below FF1, with the
// batches each took to halve its error marked and the savings said in words underneath. A
// protocol with a visuomotor rotation shows the cursor's direction error (degrees) instead, or LD,
// by its Measure buttons; a pair of rotations starts in the direction error.
#pragma once

#include "reach-page.h"
#include "study/savings_compare.h"

G_BEGIN_DECLS

#define REACH_TYPE_LEARNING_PAGE (reach_learning_page_get_type())
G_DECLARE_FINAL_TYPE(ReachLearningPage, reach_learning_page, REACH, LEARNING_PAGE, GtkWidget)

// The savings sentence on show ("FF2 relearnt 1.3× faster than FF1"), for tests.
const char *reach_learning_page_get_savings_text(ReachLearningPage *self);
// The measure plotted when the protocol has a rotation phase (the Measure buttons): LD or the
// direction error; the protocol's next change goes back to its pair's measure.
void reach_learning_page_set_measure(ReachLearningPage *self, reach_compare_measure m);
// The measure on show (-1 before the first update).
reach_compare_measure reach_learning_page_get_measure(ReachLearningPage *self);

G_END_DECLS
