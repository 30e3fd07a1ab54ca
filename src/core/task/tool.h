// SPDX-License-Identifier: GPL-3.0-or-later
// Heald et al. 2018 in the arm: the object with two control points held by arm26's hand, and the
// mapping from a paradigm trial (cue, perturbation or channel, trial type) to what the arm does
// (hand start and target, curl gain, channel) and what the screen shows (object, control points,
// centre cross, target). Contract: sssm-coin-spec.md §3.1 (apparatus) and §3.3 (experiment 1's
// generalisation trials). Geometry is in the arm's frame (m, shoulder at the origin, +y ahead).
//
// Every number of the apparatus is a named constant below with its source tag: [paper],
// [corrected] (an OCR digit restored, spec §3.8) or [unverified] (a best guess).
#ifndef REACH_TOOL_H
#define REACH_TOOL_H

#include <stdbool.h>

#include "../base/error.h"
#include "../context/paradigm.h"
#include "../context/paradigm_gen.h"
#include "config.h"
#include "../plant/arm.h"
#include "trials.h"

// §3.1 [paper]: the object is a 16 cm × 3 cm rectangle centred on the hand.
#define REACH_TOOL_OBJECT_WIDTH  0.16
#define REACH_TOOL_OBJECT_HEIGHT 0.03
// §3.1 [paper]: control points are discs of radius 0.4 cm at ±7 cm from the object centre.
#define REACH_TOOL_CP_OFFSET 0.07
#define REACH_TOOL_CP_RADIUS 0.004
// §3.1 [corrected; OCR "1 cm"]: targets appear 12 cm ahead (+y) of the cued control point; radius
// 0.5 cm [paper]. The hand's required end point is 12 cm straight ahead for either target.
#define REACH_TOOL_TARGET_DISTANCE 0.12
#define REACH_TOOL_TARGET_RADIUS   0.005
// §3.1 [paper]: home is a 0.5 cm circle; here it is the hand at the start posture.
#define REACH_TOOL_HOME_RADIUS 0.005
// §3.1 [paper]: curl field magnitude |g| = 15 N·s/m; which sign is CW is [unverified] in the
// paper (a lost minus), so a reach_tool's field_sign chooses it (counterbalanced in the study).
#define REACH_TOOL_FIELD_GAIN 15.0
// §3.3 [paper]: generalisation translations are 14 cm along x. Their direction is set by the
// target side (Fig. 2a); that the cued point is carried towards the other side (left cue → +x)
// is [unverified], chosen because then the translated control point starts where the other
// control point started in exposure.
#define REACH_TOOL_GEN_SHIFT 0.14
// §3.3 [corrected; OCR "A.5 s"]: generalisation channel trials start with a 2.5 s delay.
#define REACH_TOOL_GEN_DELAY 2.5
// §3.1 [corrected; OCR "0. s"]: delay between settling at home and the target appearing.
#define REACH_TOOL_TARGET_DELAY 0.2
// §3.1 [unverified: could be 250 ms]: trial end after 50 ms on the target.
#define REACH_TOOL_END_HOLD 0.05
// §3.1 [unverified: could be 52 and 72 cm/s]: the peak-speed window.
#define REACH_TOOL_SPEED_LO 0.50
#define REACH_TOOL_SPEED_HI 0.70

// Which point of the object the participant controls.
typedef enum reach_tool_group {
  REACH_TOOL_TWO_POINTS = 0,  // the cued (left/right) control point goes to its target
  REACH_TOOL_SINGLE_POINT,    // the centre cross goes to a central target; the lateral target is
                              // still drawn and sets the field (§3.3, single-control-point group)
} reach_tool_group;

// The group that plays experiment e: exp1-single's participants hold the single control point
// (their cue is the centre on every trial); every other experiment uses two points.
reach_tool_group reach_tool_experiment_group(reach_tool_experiment e);

// The apparatus of one participant.
typedef struct reach_tool {
  reach_tool_group group;
  double home[2];    // hand at the start posture (m)
  double q_home[2];  // that posture (rad)
  // Curl gain (N·s/m, + = CW as in field.h) of a perturbation of +1, i.e. of the cue-1 (left)
  // field: +REACH_TOOL_FIELD_GAIN or its negative (the counterbalanced mapping).
  double unit_gain;
} reach_tool;

// One trial as the arm plays it and the screen shows it.
typedef struct reach_tool_trial {
  int cue;                // the learner's cue (1 or 2; the paradigm's)
  int side;               // target side shown: 1 left, 2 right
  reach_trial_type type;  // plain or a generalisation configuration
  double pert;            // ±1, 0, or NAN on a channel trial (the paradigm's)
  bool channel;           // a channel along hand_start → hand_target
  double field_gain;      // curl gain b (N·s/m, + = CW); 0 on null and channel trials
  // Gain of the field tied to this trial's side in exposure, pert = +1 × unit_gain at side 1 and
  // that times the paradigm's field relation at side 2. The ideal compensatory force of a
  // channel trial (and so the sign of its adaptation) is taken against this field.
  double side_gain;
  double hand_start[2], hand_target[2];  // m
  double q_start[2];                     // start posture (rad)
  double object_offset[2];               // object centre − hand, fixed through the trial (m)
  double point[2];    // the controlled point − hand (m): a control point, or the centre
  double target[2];   // where the controlled point must go (drawn; m)
  double lateral[2];  // single-point group: the lateral cue target drawn; NAN otherwise
  double delay;       // extra wait before the target appears (s)
} reach_tool_trial;

// The apparatus with the hand at home at the task's start posture (task->home_deg). field_sign
// > 0 makes the cue-1 field clockwise. Fails if the hand cannot reach 12 cm ahead of home or of
// a translated start.
reach_status reach_tool_init(reach_tool *tool, reach_tool_group group, const reach_arm_model *m,
                             const reach_task_config *task, double field_sign, reach_error *err);

// Trial t of paradigm p. side_relation: the field relation of side 2 to side 1 (+1 same,
// −1 opposing), as reach_tool_side_relation returns for the whole paradigm. Fails if the start or
// target posture is out of reach or the trial's values are invalid.
reach_status reach_tool_trial_make(const reach_tool *tool, const reach_arm_model *m,
                                   const reach_paradigm *p, int t, int side_relation,
                                   reach_tool_trial *out, reach_error *err);

// The arm's side of trial tr as the one trial of batch b (capacity >= 1): its start posture and
// fingertip there, the hand target, the go time go (s) and its step; never a catch trial.
void reach_tool_trial_batch(const reach_tool_trial *tr, const reach_arm_model *m,
                            const reach_task_config *task, double go, reach_trials *b);

// Field relation of target side 2 to side 1 over the paradigm's field trials: +1 same, −1
// opposing; +1 if it cannot tell (no fields at one side). Unlike reach_paradigm_field_relation it
// keys on the side shown, so it also serves the single-point group whose cue is uninformative.
int reach_tool_side_relation(const reach_paradigm *p);

// What the screen shows with the hand at `hand`: the object's centre (its 16 × 3 cm rectangle is
// axis-aligned), both control points, the controlled point. Any output may be NULL.
void reach_tool_trial_scene(const reach_tool_trial *tr, const double hand[2], double centre[2],
                            double cp_left[2], double cp_right[2], double controlled[2]);

// Arm26 joint angles that put the fingertip at xy with the elbow flexed (q2 > 0, as at home).
// Fails (REACH_ERR_RANGE) outside the annulus the two links reach or outside the joint ranges.
reach_status reach_tool_arm_ik(const reach_arm_model *m, const double xy[2], double q[2],
                               reach_error *err);

#endif
