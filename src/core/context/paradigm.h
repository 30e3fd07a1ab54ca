// SPDX-License-Identifier: GPL-3.0-or-later
// A paradigm for the context models: per trial a cue (control point 1 or 2) and a perturbation
// (±1 field, 0 null, NAN for a channel trial), read from CSV. Generators: paradigm_gen.h.
#ifndef REACH_PARADIGM_H
#define REACH_PARADIGM_H

#include "../base/error.h"

// Trial types beyond field/null/channel, for experiment 1's generalisation phase (spec §3.3):
// a channel trial probes either the exposure configuration or a translated one.
typedef enum reach_trial_type {
  REACH_TRIAL_PLAIN = 0,        // field, null, or a monitoring channel trial
  REACH_TRIAL_GEN_OBJECT_HAND,  // channel, object and hand translated
  REACH_TRIAL_GEN_HAND,         // channel, hand only translated
  REACH_TRIAL_GEN_OBJECT,       // channel, object only translated
} reach_trial_type;

typedef struct reach_paradigm {
  int n;          // number of trials
  int *cue;       // [n] 1 or 2
  double *pert;   // [n] perturbation; NAN marks a channel trial
  int *type;      // [n] reach_trial_type
  int *target;    // [n] target side shown (1 or 2); the cue, except where the model is given an
                  // uninformative cue (experiment 1, single control point)
  char name[64];  // e.g. the participant column it came from
} reach_paradigm;

reach_status reach_paradigm_init(reach_paradigm *p, int n, reach_error *err);
void reach_paradigm_free(reach_paradigm *p);
static inline int reach_paradigm_is_channel(const reach_paradigm *p, int t) {
  return p->pert[t] != p->pert[t];
}
// Number of channel trials with the given cue.
int reach_paradigm_channels(const reach_paradigm *p, int cue);

// A CSV with a header naming the columns `cue` and `perturbation` (others are ignored); an empty
// perturbation is a channel trial. Errors name file, line and column.
reach_status reach_paradigm_read(const char *path, reach_paradigm *p, reach_error *err);
// Writes trial,cue,perturbation,type,target atomically.
reach_status reach_paradigm_write(const char *path, const reach_paradigm *p, reach_error *err);

// Several participants: two CSVs with one column per participant (same header; a `trial`
// column is ignored), as paradigm_cues.csv / paradigm_perturbations.csv of the Heald 2018
// reference. Each paradigm is named after its column.
typedef struct reach_paradigm_set {
  int n;
  reach_paradigm *p;  // [n]
} reach_paradigm_set;

reach_status reach_paradigm_set_read(const char *cues_path, const char *perts_path,
                                     reach_paradigm_set *s, reach_error *err);
void reach_paradigm_set_free(reach_paradigm_set *s);

// Sign relation between the fields at the two cues: +1 if every field trial of cue 2 has the
// sign of cue 1's fields (same field), −1 if the opposite (opposing fields), 0 if there are no
// field trials at one cue or the signs are mixed.
int reach_paradigm_field_relation(const reach_paradigm *p);

#endif
