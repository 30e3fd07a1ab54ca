// SPDX-License-Identifier: GPL-3.0-or-later
// A trained network's centre-out behaviour (savings-paper-spec R12; the paper's Fig. 1 and
// Fig. 2b-c): the evaluation reaches of a savings run (its n_targets targets, go at eval_go)
// played with the weights of one finished stage, recording the hand path, the hand speed
// (|J(q)·q̇|, the arm's own fingertip velocity, not a difference of the path; since the arm steps
// q[k+1] = q[k] + dt·q̇[k], it agrees with (xy[k+1] − xy[k]) / dt) and the six muscle
// activations. `reachlab-cli behaviour` writes it (docs/exports.md, "Centre-out behaviour").
#ifndef REACH_BEHAVIOUR_H
#define REACH_BEHAVIOUR_H

#include <stdbool.h>
#include <stdio.h>

#include "../base/error.h"
#include "savings.h"

typedef struct reach_behaviour {
  int targets, steps;
  reach_stage weights;  // whose weights: REACH_STAGE_GROW (grown up), a phase, or DONE (current)
  double dt;            // s per step; state k is at t = k·dt
  double go_s;          // s, when the go cue is shown to the network (eval_go + vision delay)
  double field;         // curl gain the reaches ran in (N·s/m, + = clockwise)
  bool noise;           // the task's sensory and motor noise on (from the run's display stream)
  double *target;       // [targets][2] m
  double *xy;           // [steps+1][targets][2] hand, m
  double *speed;        // [steps+1][targets] hand speed, m/s
  double *act;          // [steps+1][targets][6] muscle activation (reach_muscle_names order)
  double *end_error;    // [targets] distance from the last hand position to the target, m
  double *ld;           // [targets] lateral deviation, m (+ = clockwise, analysis/lateral.h)
  double *block;
} reach_behaviour;

// The stage whose weights `name` names: "grown-up" (end of growing up), "NF1", "FF1", "NF2",
// "FF2" (end of that phase; case ignored) or "final" (the current weights, REACH_STAGE_DONE).
// -2 if the name is none of these.
int reach_behaviour_stage_find(const char *name);
// The name of a stage as reach_behaviour_stage_find reads it.
const char *reach_behaviour_stage_name(reach_stage s);

// Plays e's evaluation reaches with the weights at the end of stage `weights` (REACH_STAGE_DONE:
// the current weights) in a curl field of gain `field`, noise-free unless `noise` (then the run's
// display stream, restarted, as reach_savings_trace uses it). e's weights and training streams
// are not changed. REACH_ERR_USAGE, naming the stage, if that stage has not finished in e.
// b is allocated here; free it with reach_behaviour_free.
reach_status reach_behaviour_run(reach_savings *e, reach_stage weights, double field, bool noise,
                                 reach_behaviour *b, reach_error *err);
void reach_behaviour_free(reach_behaviour *b);

// The CSV schema (docs/exports.md): one row per target and state,
//   target,target_x_m,target_y_m,t_s,x_m,y_m,speed_m_per_s,act_<muscle>×6
void reach_behaviour_csv_header(FILE *fp);
void reach_behaviour_csv_rows(FILE *fp, const reach_behaviour *b);
// Header and rows to path (atomic).
reach_status reach_behaviour_write_csv(const reach_behaviour *b, const char *path,
                                       reach_error *err);

#endif
