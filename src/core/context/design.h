// SPDX-License-Identifier: GPL-3.0-or-later
// The model-comparison design of Heald et al. 2018 (spec §1.7): every participant is simulated
// on their own sequence, channel-trial outputs are averaged per group (same / opposing field)
// and per control point, giving groups × 2 × (channel trials per cue) points (204 for
// experiment 2). Control point 2 of the opposing group is sign-inverted, as in Fig. 3 and the
// reference sssm_channel_group_means.csv.
#ifndef REACH_DESIGN_H
#define REACH_DESIGN_H

#include "../base/error.h"
#include "model.h"
#include "paradigm.h"
#include "sssm.h"

enum { REACH_GROUP_SAME = 0, REACH_GROUP_OPPOSING = 1 };

typedef struct reach_design {
  const reach_paradigm_set *set;  // borrowed; must outlive the design
  int nch;                        // channel trials per cue, the same for every participant
  int ngroup;                     // groups present (1 or 2), in order same, opposing
  int gid[2];                     // REACH_GROUP_* of each present group
  int nsubj[2];                   // participants per present group
  int *group;                     // [set->n] index into gid
  int *chtrial;                   // [set->n][2][nch] trial index (0-based) of each channel trial
  int npoints;                    // ngroup × 2 × nch
  int maxn;                       // longest paradigm
  double *yhat;                   // workspace [set->n][maxn]
  reach_sssm *sssm;               // workspace [set->n]
  double *x;                      // workspace [set->n][4]
} reach_design;

// Groups come from the sign relation of the two cues' fields (reach_paradigm_field_relation);
// fails if a participant's group cannot be told or channel counts differ.
reach_status reach_design_init(reach_design *d, const reach_paradigm_set *set, reach_error *err);
void reach_design_free(reach_design *d);
// What point i is: group (REACH_GROUP_*), cue 1/2, channel index 1..nch.
void reach_design_point(const reach_design *d, int i, int *group, int *cue, int *index);
// Mean trial number (1-based) of point i over its group's participants.
double reach_design_mean_trial(const reach_design *d, int i);
static inline const char *reach_group_name(int g) {
  return g == REACH_GROUP_SAME ? "same" : "opposing";
}

// Group-mean channel outputs of model m with parameters theta: means[npoints]. sssm_opt
// (nullable) selects the SSSM options (default: paper ŷ).
reach_status reach_design_predict(reach_design *d, reach_cmodel m, const double *theta,
                                  const reach_sssm_options *sssm_opt, double *means,
                                  reach_error *err);

#endif
