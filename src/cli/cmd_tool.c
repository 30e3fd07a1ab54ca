// SPDX-License-Identifier: GPL-3.0-or-later
// `reachlab-cli tool`: the tool study of Heald et al. 2018 played in the arm by a grown-up
// network with a context model as the learner (learn/tool_run.h), or with the network itself
// learning (--learner rnn, learn/tool_rnn.h), measured per trial as the paper measured people;
// writes DIR/trials.csv.
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "analysis/channel.h"
#include "cli.h"
#include "io/h5.h"
#include "learn/tool_run.h"
#include "reach.h"
#include "task/tool.h"

static const char *type_name(const reach_tool_result *r) {
  if (r->channel) {
    switch (r->type) {
      case REACH_TRIAL_GEN_OBJECT_HAND:
        return "channel-object-hand";
      case REACH_TRIAL_GEN_HAND:
        return "channel-hand";
      case REACH_TRIAL_GEN_OBJECT:
        return "channel-object";
      default:
        return "channel";
    }
  }
  return r->pert == 0.0 ? "null" : "field";
}

// One row: trial,cue,type,perturbation,mpe_mm,adaptation_pct,yhat,side,field_gain,comp_gain,
// peak_speed_cm_s,loss (empty where a measure does not apply; the network learner's yhat is its
// channel adaptation / 100 in units of the cue-1 field, and loss its reach loss on the trials
// it learns from).
static void write_row(FILE *fp, const reach_tool_result *r) {
  fprintf(fp, "%d,%d,%s,", r->trial + 1, r->cue, type_name(r));
  if (!r->channel) fprintf(fp, "%g", r->pert);
  fputc(',', fp);
  if (!isnan(r->mpe)) fprintf(fp, "%.6g", 1e3 * r->mpe);
  fputc(',', fp);
  if (!isnan(r->adaptation)) fprintf(fp, "%.6g", r->adaptation);
  fputc(',', fp);
  // + 0.0: no "-0" where the learner predicts nothing
  if (!isnan(r->yhat)) fprintf(fp, "%.10g", r->yhat + 0.0);
  fprintf(fp, ",%d,%g,%.10g,%.6g,", r->side, r->field_gain + 0.0, r->comp_gain + 0.0,
          1e2 * r->peak_speed);
  if (!isnan(r->loss)) fprintf(fp, "%.8g", r->loss);
  fputc('\n', fp);
}

// Mean adaptation of cue q's channel trials with 1-based indices [k0, k1] (NAN if none).
static double channel_mean(const reach_tool_result *res, int n, int q, int k0, int k1) {
  double s = 0.0;
  int k = 0, m = 0;
  for (int t = 0; t < n; t++)
    if (res[t].channel && res[t].cue == q && res[t].type == REACH_TRIAL_PLAIN) {
      k++;
      if (k >= k0 && k <= k1) {
        s += res[t].adaptation;
        m++;
      }
    }
  return m ? s / m : (double)NAN;
}

int reach_cli_tool(int argc, char **argv) {
  char *experiment = NULL, *paradigm = NULL, *learner = NULL, *network = NULL, *out = NULL,
       *params = NULL;
  char *group = NULL, *field_dir = NULL;
  gint64 seed = 1;
  double lr = NAN;  // NAN: not given
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
       "Network file whose grown-up weights reach (default: the bundled "
       REACH_BUNDLED_NETWORK ")",
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
      "field_gain,comp_gain,peak_speed_cm_s,loss (MPE signed by the side's field, on field and\n"
      "null trials; adaptation = 100 x the zero-intercept slope of channel force on the field's\n"
      "force, on channel trials). With --learner rnn the network itself learns, given the cue\n"
      "(one-hot) and the controlled point's position relative to the hand: one SGD step on the\n"
      "reach loss after each field or null trial, none after a channel trial; its yhat is the\n"
      "channel adaptation / 100 in units of the cue-1 field, loss its reach loss.",
      entries, &argc, &argv);
  reach_error err = {0};
  reach_paradigm p = {0};
  reach_savings *net = NULL;
  reach_tool_run *run = NULL;
  reach_tool_result *res = NULL;
  char *csv = NULL, *tmp = NULL, *h5path = NULL;
  double *paths = NULL;  // per trial: xy [T+1][2], vel [T+1][2], f_chan [T][2]
  reach_h5w h5 = {0};
  FILE *fp = NULL;
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
    char why[512];
    reach_cmodel_default_params(cfg.learner, learner_params);
    if (reach_cli_read_model_params(params, cfg.learner, learner_params, why, sizeof why)) {
      status = reach_cli_fail(2, "tool: --params %s", why);
      goto done;
    }
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
  if (experiment) {
    int e = reach_experiment_find(experiment);
    if (e < 0) {
      status = reach_cli_fail(2,
                              "tool: --experiment: expected exp1-two, exp1-single, "
                              "exp2-opposing or exp2-same, found '%s'",
                              experiment);
      goto done;
    }
    if (group) {
      status = reach_cli_fail(2, "tool: --group goes with --paradigm; --experiment %s implies it",
                              experiment);
      goto done;
    }
    if (seed < 0) {
      status =
          reach_cli_fail(2, "tool: --seed: expected a number >= 0, found %" G_GINT64_FORMAT, seed);
      goto done;
    }
    if (reach_paradigm_generate((reach_experiment)e, (unsigned long)seed, &p, &err)) {
      status = reach_cli_fail(1, "tool: %s", err.msg);
      goto done;
    }
    cfg.group = reach_tool_experiment_group((reach_experiment)e);
  } else {
    if (reach_paradigm_read(paradigm, &p, &err)) {
      status = reach_cli_fail(1, "tool: %s", err.msg);
      goto done;
    }
    cfg.group =
        group && strcmp(group, "single") == 0 ? REACH_TOOL_SINGLE_POINT : REACH_TOOL_TWO_POINTS;
  }
  // the bundled network wherever the CLI is run from (it was a path relative to the source tree)
  const char *net_path = network ? network : reach_cli_data_path(REACH_BUNDLED_NETWORK);
  if (!net_path) {
    status = reach_cli_fail(1, "tool: the bundled network %s is in neither %s nor %s; give "
                            "--network FILE", REACH_BUNDLED_NETWORK, REACH_DATADIR,
                            REACH_SOURCE_DATADIR);
    goto done;
  }
  if (reach_savings_load(net_path, &net, &err)) {
    status = reach_cli_fail(1, "tool: --network: %s", err.msg);
    goto done;
  }
  const double *theta = reach_savings_snapshot(net, REACH_STAGE_GROW);
  if (!theta) {
    status =
        reach_cli_fail(1, "tool: --network %s has no grown-up weights (snapshots/growing_up)",
                       net_path);
    goto done;
  }
  const reach_config *ncfg = reach_savings_config(net);
  reach_tool_rnn_config rnn_cfg = reach_tool_rnn_config_of(ncfg);
  rnn_cfg.no_cue = no_cue;
  if (!isnan(lr)) rnn_cfg.optim.lr = lr;
  if (rnn) cfg.rnn = &rnn_cfg;
  reach_arm_model arm;
  reach_arm_model_arm26(&arm);
  if (reach_tool_run_create(&arm, reach_savings_gru(net), theta, &reach_savings_config(net)->task,
                            &p, &cfg, &run, &err)) {
    status = reach_cli_fail(1, "tool: %s", err.msg);
    goto done;
  }
  if (g_mkdir_with_parents(out, 0755)) {
    status = reach_cli_fail(1, "tool: cannot create directory %s", out);
    goto done;
  }
  csv = g_build_filename(out, "trials.csv", NULL);
  tmp = g_strconcat(csv, ".tmp", NULL);
  fp = fopen(tmp, "w");
  res = calloc((size_t)(p.n > 0 ? p.n : 1), sizeof *res);
  if (!fp || !res) {
    status = reach_cli_fail(1, "tool: cannot write %s", tmp);
    goto done;
  }
  const int T = reach_savings_config(net)->task.steps;
  const size_t per = (size_t)(T + 1) * 4 + (size_t)T * 2;
  paths = malloc((size_t)(p.n > 0 ? p.n : 1) * per * sizeof *paths);
  if (!paths) {
    status = reach_cli_fail(1, "tool: out of memory for %d trials' paths", p.n);
    goto done;
  }
  fputs(
      "trial,cue,type,perturbation,mpe_mm,adaptation_pct,yhat,side,field_gain,comp_gain,"
      "peak_speed_cm_s,loss\n",
      fp);
  struct timespec t0, t1;
  const int tty = isatty(STDERR_FILENO);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int t = 0; t < p.n; t++) {
    if (reach_tool_run_step(run, &res[t], &err)) {
      status = reach_cli_fail(1, "tool: trial %d: %s", t + 1, err.msg);
      goto done;
    }
    write_row(fp, &res[t]);
    const double *xy, *vel, *fch;
    reach_tool_run_last(run, NULL, &xy, &vel, &fch);
    double *dst = paths + (size_t)t * per;
    memcpy(dst, xy, (size_t)(T + 1) * 2 * sizeof *dst);
    memcpy(dst + (size_t)(T + 1) * 2, vel, (size_t)(T + 1) * 2 * sizeof *dst);
    memcpy(dst + (size_t)(T + 1) * 4, fch, (size_t)T * 2 * sizeof *dst);
    // a line rewritten in place on a terminal, one line per step in a log (as `train` does)
    if (!quiet && ((t + 1) % 100 == 0 || t + 1 == p.n))
      fprintf(stderr, tty ? "\rtool: trial %d/%d" : "tool: trial %d/%d\n", t + 1, p.n);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (!quiet && tty) fputc('\n', stderr);
  if (ferror(fp) | fclose(fp) || g_rename(tmp, csv) != 0) {
    fp = NULL;
    status = reach_cli_fail(1, "tool: cannot write %s", csv);
    goto done;
  }
  fp = NULL;
  // The hand paths and channel forces: DIR/trials.h5, datasets [trial][state][x, y].
  h5path = g_build_filename(out, "trials.h5", NULL);
  {
    const size_t n = (size_t)p.n, ns = (size_t)T + 1;
    double *buf = malloc((n ? n : 1) * ns * 2 * sizeof *buf);
    const char *names[3] = {"xy", "vel", "f_chan"};
    const char *what[3] = {"hand position (m), states 0..steps",
                           "hand velocity (m/s), states 0..steps",
                           "channel force on the hand (N) of each step (0 off channel trials)"};
    const size_t off[3] = {0, ns * 2, ns * 4}, len[3] = {ns, ns, (size_t)T};
    reach_status hs = buf ? reach_h5_create(&h5, h5path, &err)
                          : reach_error_set(&err, REACH_ERR_NOMEM, "out of memory");
    for (int k = 0; k < 3 && hs == REACH_OK; k++) {
      for (size_t t = 0; t < n; t++)
        memcpy(buf + t * len[k] * 2, paths + t * per + off[k], len[k] * 2 * sizeof *buf);
      const size_t dims[3] = {n, len[k], 2};
      hs = reach_h5_write_double(&h5, names[k], 3, dims, buf, &err);
      if (hs == REACH_OK)
        hs = reach_h5_attr_string(&h5, names[k], "description", what[k], REACH_H5_VLEN, &err);
    }
    if (hs == REACH_OK)
      hs = reach_h5_attr_double(&h5, "/", "dt", reach_savings_config(net)->task.dt, &err);
    if (hs == REACH_OK) hs = reach_h5_commit(&h5, &err);
    free(buf);
    if (hs != REACH_OK) {
      reach_h5_abort(&h5);
      status = reach_cli_fail(1, "tool: %s: %s", h5path, err.msg);
      goto done;
    }
  }
  const double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  const reach_cmodel_info *info = reach_cmodel_get(cfg.learner);
  char rnn_name[64];
  snprintf(rnn_name, sizeof rnn_name, "the network (SGD lr %g%s)", rnn_cfg.optim.lr,
           no_cue ? ", no cue" : "");
  printf("%s with %s%s: %d trials in %.2f s (%.0f trials/s) -> %s\n",
         experiment ? p.name : paradigm, rnn ? rnn_name : info->name,
         !rnn && info->reconstructed ? " [reconstruction of a lost table]" : "", p.n, secs,
         secs > 0 ? p.n / secs : 0.0, csv);
  // Group summaries the paper reports: channel adaptation at the end of exposure and, for
  // experiment 2, the rebound (E5-E8 of sssm-coin-spec §4).
  if (experiment && strncmp(experiment, "exp2", 4) == 0) {
    printf("  end of exposure (channels 25-26): cue 1 %+.1f %%, cue 2 %+.1f %%\n",
           channel_mean(res, p.n, 1, 25, 26), channel_mean(res, p.n, 2, 25, 26));
    const double rebound = channel_mean(res, p.n, 2, 27, 27) - channel_mean(res, p.n, 1, 50, 51);
    printf("  rebound (cue-2 channel 27 - mean of cue-1 channels 50-51): %+.1f %% (paper: %s)\n",
           rebound,
           strcmp(experiment, "exp2-opposing") == 0 ? "+37.6 % (E7)" : "+9.4 %, n.s. (E8)");
    // The arm itself pushes on the channel wall a little before any learning, with opposite
    // signs on the two sides once signs follow each side's field; that bias does not cancel in
    // the rebound, so it is shown beside it (the paper's people had a baseline near zero).
    const double pre1 = channel_mean(res, p.n, 1, 1, 2), pre2 = channel_mean(res, p.n, 2, 1, 2);
    printf("  pre-exposure (channels 1-2): cue 1 %+.1f %%, cue 2 %+.1f %%; rebound less this "
           "bias: %+.1f %%\n", pre1, pre2, rebound - (pre2 - pre1));
  }
done:
  if (fp) fclose(fp);
  if (tmp && status) g_remove(tmp);
  free(res);
  free(paths);
  g_free(h5path);
  g_free(csv);
  g_free(tmp);
  reach_tool_run_free(run);
  reach_savings_free(net);
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
