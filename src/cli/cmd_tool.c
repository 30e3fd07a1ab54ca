// SPDX-License-Identifier: GPL-3.0-or-later
// `reachlab-cli tool`: the tool study of Heald et al. 2018 played in the arm by a grown-up
// network with a context model (SSSM, SSM1-SSM7, COIN) as the learner, or with the network
// itself learning (--learner rnn); the study is libreach's (study/tool_study.h), measured per
// trial as the paper measured people; writes DIR/trials.csv and DIR/trials.h5 (docs/exports.md).
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "reach.h"

int reach_cli_tool(int argc, char **argv) {
  char *experiment = NULL, *paradigm = NULL, *learner = NULL, *network = NULL, *out = NULL,
       *params = NULL, *group = NULL, *field_dir = NULL, *lr_text = NULL;
  gint64 seed = 1;
  gboolean no_cue = FALSE, quiet = FALSE;
  char *gen_rule = NULL;
  GOptionEntry entries[] = {
      {"experiment", 'e', 0, G_OPTION_ARG_STRING, &experiment,
       "A fresh sequence: exp1-two, exp1-single, exp2-opposing or exp2-same", "NAME"},
      {"paradigm", 'p', 0, G_OPTION_ARG_FILENAME, &paradigm,
       "Or a paradigm table (columns cue,perturbation; empty perturbation = channel trial)",
       "FILE.csv"},
      {"group", 0, 0, G_OPTION_ARG_STRING, &group,
       "With --paradigm: two (default; the cued control point is moved) or single (the centre)",
       "two|single"},
      {"seed", 's', 0, G_OPTION_ARG_INT64, &seed,
       "Seed of the generated sequence, and of COIN's draws (default 1)", "N"},
      {"params", 0, 0, G_OPTION_ARG_FILENAME, &params,
       "the learner's parameters: INI with one group named after it, e.g. [sssm] a_s = 0.99 or "
       "[coin] rho_context = 0.5 (keys not given keep the published values)",
       "FILE.ini"},
      {"learner", 'l', 0, G_OPTION_ARG_STRING, &learner,
       "sssm (default, Supplementary Table 2), ssm1 ... ssm7 (a reconstruction of a lost "
       "table), coin (COIN.m's defaults, 100 particles), each with its default parameters; or "
       "rnn: the network learns by itself, given the cue",
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
      {"gen-rule", 0, 0, G_OPTION_ARG_STRING, &gen_rule,
       "What the learner is given on experiment 1's translated channel trials: side (default: the "
       "target side's cue, the whole state) or geometry (a cue from the controlled point relative "
       "to the hand, a state that transfers less the further the hand moved; study/tool_run.h)",
       "side|geometry"},
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
      "the cue-1 field; COIN's motor output) is added at the hand as the compensation -yhat x\n"
      "the cue-1 field. Writes DIR/trials.csv: trial,cue,type,perturbation,mpe_mm,\n"
      "adaptation_pct,yhat,side,field_gain,comp_gain,peak_speed_cm_s,loss,p_c1_given_q1,\n"
      "p_c1_given_q2 (MPE signed by the side's field, on field and null trials; adaptation =\n"
      "100 x the zero-intercept slope of channel force on the field's force, on channel trials;\n"
      "p(context 1 | cue) from the SSSM; docs/exports.md). With --learner rnn the network\n"
      "itself learns, given the cue (one-hot) and the controlled point's position relative to\n"
      "the hand: one SGD step on the reach loss after each field or null trial, none after a\n"
      "channel trial; its yhat is the channel adaptation / 100, loss its reach loss.",
      entries, &argc, &argv);
  reach_error err = {0};
  reach_paradigm p = {0};
  reach_tool_study study = {0};
  reach_tool_record rec = {0};
  reach_tool_run_config cfg = {.learner = REACH_CMODEL_SSSM, .field_sign = 1.0};
  reach_tool_study_options opt = {.lr = NAN, .no_cue = no_cue, .coin_seed = (uint64_t)seed};
  const char *bad = NULL;  // the usage error, if any
  char why[200];
  if (status) goto done;
  if (learner && reach_tool_learner_parse(learner, &cfg, &opt) < 0) {
    snprintf(why, sizeof why, "--learner: expected sssm, ssm1 ... ssm7, coin or rnn, found '%s'",
             learner);
    bad = why;
  } else if (!!experiment + !!paradigm != 1)
    bad = "expected exactly one of --experiment NAME or --paradigm FILE.csv (see --help)";
  else if (!out)
    bad = "--out DIR is required (see --help)";
  else if (opt.rnn && params)
    bad = "--params sets a context model; --learner rnn takes --lr";
  else if (lr_text && !opt.rnn)
    bad = "--lr goes with --learner rnn";
  else if (no_cue && !opt.rnn)
    bad = "--no-cue goes with --learner rnn";
  else if (field_dir && strcmp(field_dir, "cw") != 0 && strcmp(field_dir, "ccw") != 0)
    bad = "--field: expected cw or ccw";
  else if (group && strcmp(group, "two") != 0 && strcmp(group, "single") != 0)
    bad = "--group: expected two or single";
  else if (gen_rule && strcmp(gen_rule, "side") != 0 && strcmp(gen_rule, "geometry") != 0)
    bad = "--gen-rule: expected side or geometry";
  else if (experiment && group)
    bad = "--group goes with --paradigm; --experiment implies it";
  if (!bad && lr_text) {
    char *end = NULL;
    opt.lr = g_ascii_strtod(lr_text, &end);
    if (end == lr_text || *end || !isfinite(opt.lr))
      snprintf(why, sizeof why, "--lr: expected a finite number, found '%s'", lr_text), bad = why;
    else if (!(opt.lr >= 0.0 && opt.lr <= 10.0))
      snprintf(why, sizeof why, "--lr: expected a rate in [0, 10], found %g", opt.lr), bad = why;
  }
  if (bad) {
    status = reach_cli_fail(2, "tool: %s", bad);
    goto done;
  }
  double learner_params[REACH_CMODEL_MAXP];
  if (params && (status = reach_cli_tool_params(params, &cfg, &opt, learner_params))) goto done;
  if (field_dir && strcmp(field_dir, "ccw") == 0) cfg.field_sign = -1.0;
  if (gen_rule && strcmp(gen_rule, "geometry") == 0) cfg.gen_rule = REACH_TOOL_GEN_GEOMETRY;
  int e;
  if ((status = reach_cli_load_paradigm("tool", experiment, seed, paradigm, &p, &e))) goto done;
  cfg.group = e >= 0 ? reach_tool_experiment_group((reach_tool_experiment)e)
              : group && strcmp(group, "single") == 0 ? REACH_TOOL_SINGLE_POINT
                                                      : REACH_TOOL_TWO_POINTS;
  const char *net_path = network ? network : reach_cli_bundled_network("tool");
  if (!net_path) {
    status = 1;
    goto done;
  }
  int tty = isatty(STDERR_FILENO);
  gint64 t0 = g_get_monotonic_time();
  if (reach_tool_study_init(&study, net_path, &p, cfg, &opt, &err) ||
      reach_tool_study_play(&study, &rec, quiet ? NULL : reach_cli_tool_progress, &tty, &err) ||
      reach_tool_record_write_dir(&rec, out, study.task.dt, &err)) {
    status = reach_cli_fail(1, "tool: %s", err.msg);
    goto done;
  }
  const double secs = 1e-6 * (double)(g_get_monotonic_time() - t0);
  char who[96];
  reach_tool_study_learner_text(&study, cfg.learner, &opt, who, sizeof who);
  printf("%s with %s: %d trials in %.2f s (%.0f trials/s) -> %s/trials.csv\n",
         experiment ? p.name : paradigm, who, p.n, secs, secs > 0 ? p.n / secs : 0.0, out);
  if (experiment) reach_cli_tool_summary(experiment, rec.res, p.n);
done:
  reach_tool_record_free(&rec);
  reach_tool_study_free(&study);
  reach_paradigm_free(&p);
  g_free(experiment), g_free(paradigm), g_free(learner), g_free(params), g_free(network);
  g_free(out), g_free(group), g_free(field_dir), g_free(lr_text), g_free(gen_rule);
  return status;
}
