// SPDX-License-Identifier: GPL-3.0-or-later
// What the window says in words about a snapshot, for either study: the stage ("FF1, batch 12 of
// 300", "Exposure, trial 40 of 1112"), the window subtitle, the run rows of the side panel, the
// label over the arm and the presentation caption that tells a hall what is happening. Pure
// functions of the snapshot, so the shell only puts the texts where they go.
#pragma once

#include "reach-snapshot.h"

G_BEGIN_DECLS

typedef struct {
  char *subtitle;       // "<model> — <stage>"
  char *done;           // the Batches done / Trials done row
  char *last;           // the Lateral deviation / Last trial row
  char *arm_label;      // over the arm
  const char *caption;  // presentation mode's caption (static, or caption_text)
  char *caption_text;   // a protocol's caption, which names its phase (nullable)
} ReachCaptions;

void reach_captions_init(ReachCaptions *c, const ReachSnapshot *s);
void reach_captions_clear(ReachCaptions *c);

// The tool study's phases as the phase bar names them: "Exposure", and what it holds ("opposing
// fields").
const char *reach_tool_phase_name(ReachToolPhase k);
const char *reach_tool_phase_kind(const ReachToolHistory *h, ReachToolPhase k);

G_END_DECLS
