// SPDX-License-Identifier: GPL-3.0-or-later
// The bridge from libreach's evaluation traces to the app's immutable ReachArmTrace
// (reach-snapshot.h). The network backend and the Network page's analysis (reach-neural.c) both
// turn core traces into what the arm view draws; neither owns the conversion.
#pragma once

#include "reach-snapshot.h"

G_BEGIN_DECLS

struct reach_config;
struct reach_trace;
// A libreach evaluation trace as the app's immutable ReachArmTrace (the arm of the configuration,
// starting at its home posture). New reference.
ReachArmTrace *reach_arm_trace_from_core(const struct reach_config *c,
                                         const struct reach_trace *tr);

G_END_DECLS
