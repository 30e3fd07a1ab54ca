// SPDX-License-Identifier: GPL-3.0-or-later
// Fresh, paradigm-faithful trial sequences for the experiments of Heald et al. 2018, from a seed,
// following the block rules of spec §3.2–§3.4. Perturbations are sign-normalised as in
// paradigm.mat: +1 at cue 1; at cue 2 −1 (opposing fields) or +1 (same field).
#ifndef REACH_PARADIGM_GEN_H
#define REACH_PARADIGM_GEN_H

#include "../base/error.h"
#include "paradigm.h"

typedef enum reach_tool_experiment {
  // Experiment 1, two control points: pre 4 blocks, exposure 52 (rest after 12, 25, 38, 51),
  // generalisation 71 (8 channel types × 8, rest every 9 blocks from block 8), de-adaptation 12.
  REACH_EXP1_TWO = 0,
  // Experiment 1, single control point: the lateral target (`target`) sets the field, but the
  // model gets one uninformative cue (cue 1 throughout), so only one memory can form (§3.3).
  REACH_EXP1_SINGLE,
  REACH_EXP2_OPPOSING,  // experiment 2: pre 4, exposure 51 (rest after 12, 25, 38), 50 × 2 washout
  REACH_EXP2_SAME,
  REACH_TOOL_EXPERIMENT_COUNT
} reach_tool_experiment;

// "exp1-two", "exp1-single", "exp2-opposing", "exp2-same"
const char *reach_tool_experiment_name(reach_tool_experiment e);
int reach_tool_experiment_find(const char *name);  // -1 if unknown

// Block layout of an experiment, for generators and their tests.
typedef struct reach_tool_experiment_layout {
  int pre_blocks, exposure_blocks, gen_blocks, deadapt_blocks;  // 8-trial blocks...
  int deadapt_pairs;  // ...or, for experiment 2, 2-trial (null, channel) de-adaptation blocks
  int ntrials;
  // 0-based overall indices of the 8-trial blocks without a channel trial (after rest breaks)
  int npure, pure[16];
} reach_tool_experiment_layout;

reach_status reach_tool_experiment_layout_get(reach_tool_experiment e,
                                              reach_tool_experiment_layout *l, reach_error *err);

// Allocates and fills p (free with reach_paradigm_free). Same seed, same sequence.
reach_status reach_paradigm_generate(reach_tool_experiment e, unsigned long seed, reach_paradigm *p,
                                     reach_error *err);

// The old name, for the app's window until the app branch adopts the new one (issue 15).

#endif
