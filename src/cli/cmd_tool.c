// SPDX-License-Identifier: GPL-3.0-or-later
// `reachlab-cli tool`: the tool study of Heald et al. 2018 played in the arm by a grown-up
// network with a context model as the learner, or with the network itself learning (--learner
// rnn); the study is libreach's (study/tool_study.h), measured per trial as the paper measured
// people; writes DIR/trials.csv and DIR/trials.h5 (docs/exports.md).
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "reach.h"

// The channel summaries the paper reports for experiment 2 (sssm-coin-spec §4: E5-E8).
static void print_exp2_summary(const char *experiment, const reach_tool_result *res, int n) {
  printf("  end of exposure (channels 25-26): cue 1 %+.1f %%, cue 2 %+.1f %%\n",
         reach_tool_channel_mean(res, n, 1, 25, 26), reach_tool_channel_mean(res, n, 2, 25, 26));
  const double rebound =
      reach_tool_channel_mean(res, n, 2, 27, 27) - reach_tool_channel_mean(res, n, 1, 50, 51);
  printf("  rebound (cue-2 channel 27 - mean of cue-1 channels 50-51): %+.1f %% (paper: %s)\n",
         rebound, strcmp(experiment, "exp2-opposing") == 0 ? "+37.6 % (E7)" : "+9.4 %, n.s. (E8)");
  // The arm itself pushes on the channel wall a little before any learning, with opposite
  // signs on the two sides once signs follow each side's field; that bias does not cancel in
  // the rebound, so it is shown beside it (the paper's people had a baseline near zero).
  const double pre1 = reach_tool_channel_mean(res, n, 1, 1, 2);
  const double pre2 = reach_tool_channel_mean(res, n, 2, 1, 2);
  printf(
      "  pre-exposure (channels 1-2): cue 1 %+.1f %%, cue 2 %+.1f %%; rebound less this "
      "bias: %+.1f %%\n",
      pre1, pre2, rebound - (pre2 - pre1));
}

int reach_cli_tool(int argc, char **argv) {
  char *experiment = NULL, *paradigm = NULL, *learner = NULL, *network = NULL, *out = NULL,
       *params = NULL;
  char *group = NULL, *field_dir = NULL;
  gint64 seed = 1;
  double lr = NAN;       // NAN: not given
  char *lr_text = NULL;  // read as text: a NaN typed by the user must not read as "not given"
  gboolean no_cue = FALSE;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
      {"experiment", 'e', 0, G_OPTION_ARG_STRING, &experiment,
       "A fresh sequence: exp1-two, exp1-single, exp2-opposing or exp2-same", "NAME"},
      {"paradigm", 'p', 0, G_OPTION_ARG_FILENAME, &paradigm,
       "Or a paradigm table (columns cue,perturbation; empty perturbation = channel trial)",
       "FILE.csv"},
      {"group", 0, 0, G_OPTION_ARG_STRING, &group,
       "With --paradigm: two (default; the cued control point is moved) or single (the centre)",
       "two|single"},
      {"seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of the generated sequence (default 1)",
       "N"},
      {"params", 0, 0, G_OPTION_ARG_FILENAME, &params,
       "the learner's parameters: INI with one group named after it, e.g. [sssm] a_s = 0.99 "
       "(keys not given keep the paper's values)",
       "FILE.ini"},
      {"learner", 'l', 0, G_OPTION_ARG_STRING, &learner,
       "sssm (default, Supplementary Table 2) or ssm1 ... ssm7 (a reconstruction of a lost "
       "table), each with its default parameters; or rnn: the network learns by itself, given "
       "the cue",
       "NAME"},
      {"lr", 0, 0, G_OPTION_ARG_STRING, &lr_text,
       "With --learner rnn: the SGD learning rate (default: the network file's phase SGD rate)",
       "RATE"},
      {"no-cue", 0, 0, G_OPTION_ARG_NONE, &no_cue,
       "With --learner rnn: a control without the cue (its extra inputs are 0 on every trial)",
       NULL},
      {"network", 'n', 0, G_OPTION_ARG_FILENAME, &network,
       "Network file whose grown-up weights reach (default: the bundled " REACH_BUNDLED_NETWORK ")",
       "FILE.h5"},
      {"field", 0, 0, G_OPTION_ARG_STRING, &field_dir,
       "Direction of the cue-1 field: cw (default) or ccw (the counterbalanced mapping)", "cw|ccw"},
      {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress line", NULL},
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
       "Output directory: trials.csv and trials.h5 (hand paths, velocities, channel forces)",
       "DIR"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  int status = reach_cli_parse_options(
      "tool", "- the tool study in the arm, with a context model as the learner",
      "Plays a Heald et al. 2018 paradigm trial by trial: a grown-up network reaches 12 cm\n"
      "ahead holding the object, meets the +-15 N s/m curl field tied to the cued control\n"
      "point (or a channel, or no field), and the context model's prediction yhat (in units of\n"
      "the cue-1 field) is added at the hand as the compensation -yhat x the cue-1 field.\n"
      "Writes DIR/trials.csv: trial,cue,type,perturbation,mpe_mm,adaptation_pct,yhat,side,\n"
      "field_gain,comp_gain,peak_speed_cm_s,loss,p_c1_given_q1,p_c1_given_q2 (MPE signed by the\n"
      "side's field, on field and null trials; adaptation = 100 x the zero-intercept slope of\n"
      "channel force on the field's force, on channel trials; p(context 1 | cue) from the SSSM;\n"
      "docs/exports.md). With --learner rnn the network itself learns, given the cue\n"
      "(one-hot) and the controlled point's position relative to the hand: one SGD step on the\n"
      "reach loss after each field or null trial, none after a channel trial; its yhat is the\n"
      "channel adaptation / 100 in units of the cue-1 field, loss its reach loss.",
      entries, &argc, &argv);
  reach_error err = {0};
  reach_paradigm p = {0};
  reach_tool_study study = {0};
  reach_tool_record rec = {0};
  char *csv = NULL, *h5path = NULL;
  if (status) goto done;
  if (!!experiment + !!paradigm != 1) {
    status = reach_cli_fail(2,
                            "tool: expected exactly one of --experiment NAME or --paradigm "
                            "FILE.csv (see --help)");
    goto done;
  }
  if (!out) {
    status = reach_cli_fail(2, "tool: --out DIR is required (see --help)");
    goto done;
  }
  reach_tool_run_config cfg = {.learner = REACH_CMODEL_SSSM, .field_sign = 1.0};
  const bool rnn = learner && strcmp(learner, "rnn") == 0;
  if (rnn && params) {
    status = reach_cli_fail(2, "tool: --params sets a context model; --learner rnn takes --lr");
    goto done;
  }
  if (lr_text) {
    char *end = NULL;
    lr = g_ascii_strtod(lr_text, &end);
    if (end == lr_text || *end || !isfinite(lr)) {
      status = reach_cli_fail(2, "tool: --lr: expected a finite number, found '%s'", lr_text);
      goto done;
    }
  }
  if (!isnan(lr) && (!rnn || !(lr >= 0.0 && lr <= 10.0))) {
    status = reach_cli_fail(2,
                            rnn ? "tool: --lr: expected a rate in [0, 10], found %g"
                                : "tool: --lr goes with --learner rnn",
                            lr);
    goto done;
  }
  if (no_cue && !rnn) {
    status = reach_cli_fail(2, "tool: --no-cue goes with --learner rnn");
    goto done;
  }
  if (learner && !rnn) {
    int m = reach_cmodel_find(learner);
    if (m < 0) {
      status = reach_cli_fail(2, "tool: --learner: expected sssm, ssm1 ... ssm7 or rnn, found '%s'",
                              learner);
      goto done;
    }
    cfg.learner = (reach_cmodel)m;
  }
  double learner_params[REACH_CMODEL_MAXP];
  if (params) {
    if ((status = reach_cli_model_params("tool", cfg.learner, params, learner_params))) goto done;
    cfg.params = learner_params;
  }
  if (field_dir && strcmp(field_dir, "cw") != 0) {
    if (strcmp(field_dir, "ccw") != 0) {
      status = reach_cli_fail(2, "tool: --field: expected cw or ccw, found '%s'", field_dir);
      goto done;
    }
    cfg.field_sign = -1.0;
  }
  if (group && strcmp(group, "two") != 0 && strcmp(group, "single") != 0) {
    status = reach_cli_fail(2, "tool: --group: expected two or single, found '%s'", group);
    goto done;
  }
  if (experiment && group && reach_tool_experiment_find(experiment) >= 0) {
    status = reach_cli_fail(2, "tool: --group goes with --paradigm; --experiment %s implies it",
                            experiment);
    goto done;
  }
  int e;
  if ((status = reach_cli_load_paradigm("tool", experiment, seed, paradigm, &p, &e))) goto done;
  cfg.group = e >= 0 ? reach_tool_experiment_group((reach_tool_experiment)e)
              : group && strcmp(group, "single") == 0 ? REACH_TOOL_SINGLE_POINT
                                                      : REACH_TOOL_TWO_POINTS;
  // the bundled network wherever the CLI is run from (it was a path relative to the source tree)
  const char *net_path = network ? network : reach_cli_data_path(REACH_BUNDLED_NETWORK);
  if (!net_path) {
    status = reach_cli_fail(1,
                            "tool: the bundled network %s is in neither %s nor %s; give "
                            "--network FILE",
                            REACH_BUNDLED_NETWORK, REACH_SOURCE_DATADIR, REACH_DATADIR);
    goto done;
  }
  const reach_tool_study_options opt = {.rnn = rnn, .lr = lr, .no_cue = no_cue};
  if (reach_tool_study_init(&study, net_path, &p, cfg, &opt, &err)) {
    status = reach_cli_fail(1, "tool: %s", err.msg);
    goto done;
  }
  if (g_mkdir_with_parents(out, 0755)) {
    status = reach_cli_fail(1, "tool: cannot create directory %s", out);
    goto done;
  }
  const int T = study.task.steps;
  if (reach_tool_record_init(&rec, p.n, T, &err)) {
    status = reach_cli_fail(1, "tool: %s", err.msg);
    goto done;
  }
  struct timespec t0, t1;
  const int tty = isatty(STDERR_FILENO);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int t = 0; t < p.n; t++) {
    reach_tool_result r;
    if (reach_tool_run_step(study.run, &r, &err)) {
      status = reach_cli_fail(1, "tool: trial %d: %s", t + 1, err.msg);
      goto done;
    }
    reach_tool_record_add(&rec, t, study.run, &r);
    // a line rewritten in place on a terminal, one line per step in a log (as `train` does)
    if (!quiet && ((t + 1) % 100 == 0 || t + 1 == p.n))
      fprintf(stderr, tty ? "\rtool: trial %d/%d" : "tool: trial %d/%d\n", t + 1, p.n);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (!quiet && tty) fputc('\n', stderr);
  csv = g_build_filename(out, "trials.csv", NULL);
  if (reach_tool_record_write_csv(&rec, p.n, csv, &err)) {
    status = reach_cli_fail(1, "tool: cannot write %s: %s", csv, err.msg);
    goto done;
  }
  // The hand paths and channel forces: DIR/trials.h5, datasets [trial][state][x, y].
  h5path = g_build_filename(out, "trials.h5", NULL);
  if (reach_tool_paths_write_h5(h5path, rec.paths, p.n, T, study.task.dt, &err)) {
    status = reach_cli_fail(1, "tool: %s: %s", h5path, err.msg);
    goto done;
  }
  const double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  const reach_cmodel_info *info = reach_cmodel_get(cfg.learner);
  char rnn_name[64];
  snprintf(rnn_name, sizeof rnn_name, "the network (SGD lr %g%s)", study.rnn.optim.lr,
           no_cue ? ", no cue" : "");
  printf("%s with %s%s: %d trials in %.2f s (%.0f trials/s) -> %s\n",
         experiment ? p.name : paradigm, rnn ? rnn_name : info->name,
         !rnn && info->reconstructed ? " [reconstruction of a lost table]" : "", p.n, secs,
         secs > 0 ? p.n / secs : 0.0, csv);
  if (experiment && strncmp(experiment, "exp2", 4) == 0)
    print_exp2_summary(experiment, rec.res, p.n);
done:
  reach_tool_record_free(&rec);
  g_free(h5path);
  g_free(csv);
  reach_tool_study_free(&study);
  reach_paradigm_free(&p);
  g_free(experiment);
  g_free(paradigm);
  g_free(learner);
  g_free(params);
  g_free(network);
  g_free(out);
  g_free(group);
  g_free(field_dir);
  g_free(lr_text);
  return status;
}
