// SPDX-License-Identifier: GPL-3.0-or-later
// The tool study as the CLI and the app run it: the grown-up weights of a trained network file
// play a paradigm (study/tool_run.h) with a context model or the network itself as the learner;
// its per-trial table and hand paths in one schema each (docs/exports.md); and the channel
// summaries the paper reports.
#ifndef REACH_TOOL_STUDY_H
#define REACH_TOOL_STUDY_H

#include <stdbool.h>
#include <stdio.h>

#include "../base/error.h"
#include "../task/config.h"
#include "tool_rnn.h"
#include "tool_run.h"

// How the network learns when it is the learner (ignored otherwise).
// Or how COIN learns.
typedef struct reach_tool_study_options {
  bool rnn;     // the network itself learns (reach_tool_rnn_config_of its configuration)
  double lr;    // its SGD rate; NaN = the network file's phase rate
  bool no_cue;  // the control without the cue inputs
  bool coin;    // COIN learns, with coin_params (particles 0: COIN.m's defaults), its draws
                // from coin_seed
  reach_coin_params coin_params;
  uint64_t coin_seed;
} reach_tool_study_options;

typedef struct reach_tool_study {
  reach_tool_run *run;
  reach_task_config task;     // the network's task: dt, steps
  reach_tool_rnn_config rnn;  // the network learner's settings (also when it does not learn)
  int units;                  // GRU units
  reach_coin_params coin;     // COIN's parameters when it learns
} reach_tool_study;

// Loads `network` (a savings file with grown-up weights) and sets up paradigm p played with cfg
// (cfg.rnn is set from opt). Errors name the file, or the paradigm and what failed.
reach_status reach_tool_study_init(reach_tool_study *s, const char *network,
                                   const reach_paradigm *p, reach_tool_run_config cfg,
                                   const reach_tool_study_options *opt, reach_error *err);
void reach_tool_study_free(reach_tool_study *s);

// The learner by its name on the command line and in the app: "sssm", "ssm1" ... "ssm7", "coin"
// or "rnn". Sets cfg->learner and opt->rnn / opt->coin; -1 if the name is unknown.
int reach_tool_learner_parse(const char *name, reach_tool_run_config *cfg,
                             reach_tool_study_options *opt);

// The learner that played s, as the CLI names it in its summary line: "the network (SGD lr R)"
// (", no cue" added for the control), "COIN (N particles)", or the context model's name
// ("SSM3 [reconstruction of a lost table]" for SSM1-SSM7).
void reach_tool_study_learner_text(const reach_tool_study *s, reach_cmodel learner,
                                   const reach_tool_study_options *opt, char *buf, size_t len);

// The trial table: trial,cue,type,perturbation,mpe_mm,adaptation_pct,yhat,side,field_gain,
// comp_gain,peak_speed_cm_s,loss,p_c1_given_q1,p_c1_given_q2 (empty where a measure does not
// apply; p_c1 from the SSSM's record, empty for the other learners).
void reach_tool_csv_header(FILE *fp);
void reach_tool_csv_row(FILE *fp, const reach_tool_result *r, const double p_c1_given_q[2]);
// "null", "field", "channel", or for a generalisation channel "channel-object-hand",
// "channel-hand", "channel-object".
const char *reach_tool_trial_type_name(const reach_tool_result *r);

// Mean adaptation (%) of cue q's plain channel trials with 1-based channel indices [k0, k1]
// among that cue's channels; NaN if none.
double reach_tool_channel_mean(const reach_tool_result *res, int n, int q, int k0, int k1);

// The played trials as the files keep them: each trial's result, the SSSM's p(c1 | q1),
// p(c1 | q2) (NaN for other learners) and the hand path: xy [steps+1][2], vel [steps+1][2],
// f_chan [steps][2] per trial.
typedef struct reach_tool_record {
  int n, steps;
  reach_tool_result *res;  // [n]
  double *p_c1;            // [n][2]
  double *paths;           // [n][(steps+1)·4 + steps·2]
} reach_tool_record;

reach_status reach_tool_record_init(reach_tool_record *r, int n, int steps, reach_error *err);
void reach_tool_record_free(reach_tool_record *r);
// Keeps trial t: its result res and what the run's last trial left (path, SSSM record).
void reach_tool_record_add(reach_tool_record *r, int t, const reach_tool_run *run,
                           const reach_tool_result *res);
// The trial table (reach_tool_csv_header/row) of the first n trials, atomic.
reach_status reach_tool_record_write_csv(const reach_tool_record *r, int n, const char *path,
                                         reach_error *err);

// Plays every trial of s into rec (initialised here). progress, if given, is called after each
// trial with (trial + 1, n); a nonzero return cancels (REACH_ERR_USAGE). Errors name the trial.
reach_status reach_tool_study_play(reach_tool_study *s, reach_tool_record *rec,
                                   int (*progress)(void *user, int done, int n), void *user,
                                   reach_error *err);
// DIR/trials.csv (the trial table) and DIR/trials.h5 (the hand paths), DIR created if need be.
reach_status reach_tool_record_write_dir(const reach_tool_record *r, const char *dir, double dt,
                                         reach_error *err);

// The channel summaries the paper reports for experiment 2 (spec §4, E5-E8), in %.
typedef struct reach_tool_exp2_summary {
  double end[2];       // end of exposure: mean of channels 25-26 of cue 1, cue 2
  double rebound;      // cue-2 channel 27 − mean of cue-1 channels 50-51 (E7, E8)
  double pre[2];       // pre-exposure: channels 1-2 of cue 1, cue 2 (the arm's own push)
  double rebound_net;  // rebound − (pre[1] − pre[0])
} reach_tool_exp2_summary;
reach_tool_exp2_summary reach_tool_exp2_summarise(const reach_tool_result *res, int n);

// Experiment 1's generalisation (spec §4, E4): for each translated configuration (0 object and
// hand, 1 hand, 2 object) and target side (0 left, 1 right), 100 × the mean adaptation of those
// channel trials / the mean adaptation of the same side's monitoring (untranslated) channels in
// the generalisation phase (from the first to the last translated trial), as the paper reports
// transfer in % of the exposure compensation; monitor[side] is that denominator (%). NaN where
// there are none.
void reach_tool_exp1_generalisation(const reach_tool_result *res, int n, double pct[3][2],
                                    double monitor[2]);

// The hand paths of n trials as HDF5 (datasets xy, vel [trial][state][2], f_chan
// [trial][step][2], attribute dt); paths holds per trial xy [steps+1][2], vel [steps+1][2],
// f_chan [steps][2]. Atomic.
reach_status reach_tool_paths_write_h5(const char *path, const double *paths, int n, int steps,
                                       double dt, reach_error *err);

#endif
