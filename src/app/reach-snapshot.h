// SPDX-License-Identifier: GPL-3.0-or-later
// What the worker hands to the main loop: immutable, reference-counted pictures of the run.
// The worker builds one, publishes it and never touches it again; widgets only read it. Every
// array is owned by the object that holds it.
#pragma once

#include <glib.h>

#include "study/context_compare.h"
#include "study/savings_compare.h"
#include "task/config.h"  // reach_phase, REACH_MAX_PHASES
#include "task/phase.h"   // REACH_NPHASE and the phase names, one table for core, CLI and app

G_BEGIN_DECLS

enum { REACH_APP_NMUSCLE = 6 };

typedef enum {
  REACH_SESSION_CONTROLLER = 0,  // the fixed feedback controller of libreach (no learning)
  REACH_SESSION_NETWORK,         // a GRU trained through the arm (reach_experiment)
} ReachSessionMode;

// A protocol's phases (issue 19): the study's four, or any list up to the core's limit.
enum { REACH_APP_MAXPHASE = REACH_MAX_PHASES };
// Stage of the protocol: -1 growing up, 0 .. nphase - 1 its phases (NF1, FF1, NF2, FF2 in the
// study), REACH_APP_STAGE_DONE done (whatever the protocol's length).
enum { REACH_APP_STAGE_GROW = -1, REACH_APP_STAGE_DONE = REACH_APP_MAXPHASE };

// The tool study (Heald et al. 2018): what the arm view draws around the hand on one trial,
// fixed through the trial (task/tool.h gives the geometry).
typedef struct {
  int side;        // target side shown: 1 left, 2 right
  int controlled;  // the point moved to the target: 0 the centre cross, 1 left, 2 right
  gboolean channel;
  double field_gain;        // curl gain of the trial (N·s/m, + = clockwise; 0 null or channel)
  double object_offset[2];  // object centre − hand (m)
  double point[2];          // controlled point − hand (m)
  double target[2];         // where the controlled point must go (m)
  double lateral[2];        // single-point group: the lateral target drawn; NAN otherwise
  double hand_start[2], hand_target[2];
  double home[2];  // the hand at home (untranslated): the view centres on it
} ReachToolPose;

// One evaluation: n reaches of steps+1 states each, in SI units (m, rad).
typedef struct {
  int n, steps;
  double dt;
  double shoulder[2];  // shoulder position (m); the arm's frame origin
  double l1, l2;       // segment lengths (m)
  double *q;           // [steps+1][n][2]
  double *xy;          // [steps+1][n][2] hand
  double *act;         // [steps+1][n][6] activation
  double *target;      // [n][2]
  double start[2];     // common start (m)
  double *ld;          // [n] signed lateral deviation (m), + = clockwise
  double field;        // curl gain used (N·s/m)
  int go_step;
  // network state along the reaches, for the neural-state panel (analysis issue); 0 and NULL
  // for the fixed controller
  int units;
  double *hidden;  // [steps+1][n][units]
  // the tool study: the object and its targets are drawn instead of the eight targets, and the
  // hand paths of the trials before this one, oldest first
  gboolean has_tool;
  ReachToolPose tool;
  int n_recent;
  double *recent_xy;  // [n_recent][steps+1][2]
  // the weights that made these reaches, for poking them live (study/live_reach.h); owned,
  // immutable, NULL when no network made them
  struct reach_live_model *policy;
} ReachArmTrace;

ReachArmTrace *reach_arm_trace_new(int n, int steps);
ReachArmTrace *reach_arm_trace_ref(ReachArmTrace *t);
void reach_arm_trace_unref(ReachArmTrace *t);

// The context models (the SSSM beside COIN) over experiment 2's two sequences, as libreach's
// study/context_compare.h computes them.
typedef struct {
  int n_runs;
  reach_context_compare run[2];  // opposing fields, same field
  unsigned long seed;
} ReachContextResult;

ReachContextResult *reach_context_result_new(void);
ReachContextResult *reach_context_result_ref(ReachContextResult *r);
void reach_context_result_unref(ReachContextResult *r);

// The tool study's trials played so far, per trial, as libreach measured them
// (learn/tool_run.h). Immutable once published.
enum { REACH_APP_TOOL_MAXPHASE = 4 };
typedef enum {
  REACH_TOOL_PHASE_PRE,      // null trials with channel probes
  REACH_TOOL_PHASE_EXPOSE,   // fields tied to the control points
  REACH_TOOL_PHASE_GENERAL,  // fields, channel probes of translated configurations
  REACH_TOOL_PHASE_DEADAPT,  // null and channel trials
} ReachToolPhase;

typedef struct {
  int experiment;       // reach_experiment (context/paradigm_gen.h)
  int learner;          // REACH_TOOL_LEARNER_* (reach-backend.h)
  char name[32];        // "exp2-opposing", …
  gboolean two_points;  // the cued control point moves (else the centre cross)
  gboolean sssm;        // the learner is the SSSM: p_c1_q is recorded
  unsigned long seed;   // of the generated sequence
  int n_total;          // trials in the experiment
  int n;                // trials played; the arrays hold n
  int n_phases;
  int phase_trials[REACH_APP_TOOL_MAXPHASE];
  ReachToolPhase phase_kind[REACH_APP_TOOL_MAXPHASE];
  int *cue, *side;  // [n] the learner's cue; the target side shown (1 left, 2 right)
  int *type;        // [n] reach_trial_type (generalisation probes are channel trials ≠ 0)
  gboolean *channel;
  double *pert;       // [n] ±1, 0, NAN on a channel trial
  double *mpe;        // [n] signed MPE (m); NAN on channel trials
  double *adapt;      // [n] adaptation (%); NAN off channel trials
  double *yhat;       // [n] the learner's prediction
  double *p_c1_q;     // [n][2] p(context 1 | cue 1, cue 2); NAN unless sssm
  double peak_speed;  // of the last trial (m/s)
  // [n] libreach's record of every trial as played: the export writes it with the CLI's schema
  // (reach_tool_csv_row, docs/exports.md).
  struct reach_tool_result *res;
} ReachToolHistory;

// Arrays for `capacity` trials, n = 0.
ReachToolHistory *reach_tool_history_new(int capacity);
// A copy holding the first n trials of h.
ReachToolHistory *reach_tool_history_copy(const ReachToolHistory *h);
ReachToolHistory *reach_tool_history_ref(ReachToolHistory *h);
void reach_tool_history_unref(ReachToolHistory *h);
// The Network page's analysis of a finished network (reach-neural.h).
typedef struct _ReachNeural ReachNeural;

typedef struct {
  guint64 serial;  // increases with every snapshot
  ReachSessionMode mode;
  char *model_label;  // e.g. "Fixed feedback controller"
  char *preset;       // preset file the run came from (nullable)
  char *config_text;  // the run's full configuration as INI text, seed included (exports carry it)
  char *engine;       // the engine that computes the run (reach_savings_engine; nullable)
  gboolean running;
  int stage;  // see above
  int batch;  // batches done in the stage
  int total;  // batches done overall
  // The protocol: nphase phases, each with its name, kind (null, curl, rotation), curl gain,
  // rotation angle and context (reach_phase); phase_batches and phase_field repeat their lengths
  // and curl gains (0 for a null phase or a rotation).
  int nphase;
  reach_phase phases[REACH_APP_MAXPHASE];
  int phase_batches[REACH_APP_MAXPHASE];
  double phase_field[REACH_APP_MAXPHASE];
  // The protocol chosen in the savings study: NULL the study (NF1, FF1, NF2, FF2) of the network
  // loaded, else the protocol file's path.
  char *protocol;
  // The two phases compared for savings (reach_compare_choose's default: FF1 and FF2 in the
  // study), -1 when the protocol has no such pair; savings below compares them.
  int cmp_first, cmp_second;
  // The four-phase curl study (NF1, FF1, NF2, FF2): the Network page's TDR ring, uniform shift and
  // dose response are its analysis and are computed only then.
  gboolean study;
  gboolean field_on;
  double gain;      // N·s/m
  double speed;     // batches per second; 0 = as fast as possible
  double batch_ms;  // wall time of the last batch on the worker
  guint64 work;     // batches the worker has run since it started (across resets)
  int n_ld[REACH_APP_MAXPHASE];
  double *ld[REACH_APP_MAXPHASE];  // per-batch mean LD (m)
  // per-batch mean direction error of the cursor at peak speed (degrees, + = clockwise;
  // reach_savings_direction_error), n_ld entries; NaN where the file opened had no such log, and
  // NULL for a backend that logs none (the fixed controller)
  double *dir[REACH_APP_MAXPHASE];
  // the measure of the pair's adaptation (reach_compare_measure_of): the direction error for a
  // pair of rotations, else LD (what the Learning page shows first)
  reach_compare_measure measure;
  // FF2 against FF1 (the pair cmp_first, cmp_second) as libreach measures it
  // (study/savings_compare.h), for the run shown
  gboolean have_savings;
  reach_savings_compare savings;
  // the same pair compared on its direction errors (reach_savings_compare_direction), when the
  // protocol has a rotation phase: have_savings_dir
  gboolean have_savings_dir;
  reach_savings_compare savings_dir;
  // The network a replay started from (the file opened, or the run before): its LD per phase,
  // drawn faded under the live curves; n_ref 0 when there is none. start_phase: the phase a
  // replay starts from (0 .. nphase - 1).
  int n_ref[REACH_APP_MAXPHASE];
  double *ref_ld[REACH_APP_MAXPHASE];
  double *ref_dir[REACH_APP_MAXPHASE];  // its direction errors (deg), n_ref entries (nullable)
  int start_phase;
  int grow_batches, n_grow;     // growing up: length and batches done
  double *grow_loss;            // [n_grow] training loss while growing up
  ReachArmTrace *trace;         // latest evaluation (nullable)
  ReachContextResult *context;  // nullable
  ReachToolHistory *tool;       // the tool study's trials (nullable: the savings study)
  ReachNeural *neural;          // nullable: a network that has finished the study's phases
  char *neural_error;           // why the analysis of a finished network failed (nullable)
  guint error_serial;           // increases when a new error is reported
  char *error;                  // last error message (nullable)
} ReachSnapshot;

ReachSnapshot *reach_snapshot_new(void);
// The study's four phases (NF1 … FF2, curl where phase_field is not 0) from phase_batches and
// phase_field: what a backend without a protocol list (the controller, the tool study) shows.
void reach_snapshot_set_study_phases(ReachSnapshot *s);
ReachSnapshot *reach_snapshot_ref(ReachSnapshot *s);
void reach_snapshot_unref(ReachSnapshot *s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ReachSnapshot, reach_snapshot_unref)

G_END_DECLS
