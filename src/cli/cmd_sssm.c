// SPDX-License-Identifier: GPL-3.0-or-later
// `reachlab-cli sssm`: run the SSSM (or one of SSM1–SSM7) over one paradigm and write the
// per-trial table (study/context_table.h), with the column names of the reference
// sssm_trials.csv.
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "reach.h"

static int ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && g_ascii_strcasecmp(s + a - b, suffix) == 0;
}

int reach_cli_sssm(int argc, char **argv) {
  char *paradigm = NULL, *experiment = NULL, *params = NULL, *out = NULL, *model = NULL,
       *variant = NULL, *pdir = NULL;
  gint64 seed = 1;
  gboolean skip_cov = FALSE;
  GOptionEntry entries[] = {
      {"paradigm", 'p', 0, G_OPTION_ARG_FILENAME, &paradigm,
       "Trial table (CSV with a header and the columns cue,perturbation; an empty perturbation "
       "is a channel trial)",
       "FILE.csv"},
      {"experiment", 'e', 0, G_OPTION_ARG_STRING, &experiment,
       "Generate a fresh sequence instead: exp1-two, exp1-single, exp2-opposing or exp2-same",
       "NAME"},
      {"seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of the generated sequence (default 1)",
       "N"},
      {"paradigms", 0, 0, G_OPTION_ARG_FILENAME, &pdir,
       "Or every participant of a folder with paradigm_cues.csv and paradigm_perturbations.csv "
       "(one column each); rows then start with subject,group as in sssm_trials.csv",
       "DIR"},
      {"model", 'm', 0, G_OPTION_ARG_STRING, &model,
       "sssm (default) or ssm1 ... ssm7 (a reconstruction of a lost table)", "NAME"},
      {"params", 0, 0, G_OPTION_ARG_FILENAME, &params,
       "Parameters (INI, group [sssm] or [ssmN], keys as in 'reachlab-cli fit' output; missing "
       "keys keep the defaults: Supplementary Table 2 for the SSSM)",
       "FILE.ini"},
      {"variant", 0, 0, G_OPTION_ARG_STRING, &variant,
       "Which SSSM output goes in column yhat: paper (default, normalised prior) or code2021",
       "NAME"},
      {"skip-channel-covariance", 0, 0, G_OPTION_ARG_NONE, &skip_cov,
       "SSSM: do not reduce the covariance on channel trials (the authors' code does)", NULL},
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
       "Per-trial table to write: FILE.csv, or FILE.h5 for HDF5 (one dataset per column under "
       "/trials, parameters under /params; docs/hdf5-layout.md)",
       "FILE.csv|FILE.h5"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  int status = reach_cli_parse_options(
      "sssm", "- run a context model over a paradigm",
      "Runs the switching state-space model of Heald et al. 2018 (or SSM1-SSM7) over one\n"
      "paradigm and writes one row per trial: the output yhat (both SSSM variants), the prior\n"
      "and posterior of each context, the cue emission matrix phi used on the trial, p(context\n"
      "1 | cue) and the merged slow/fast states (column names as in the reference\n"
      "sssm_trials.csv). Perturbations are sign-normalised: +1 at cue 1.",
      entries, &argc, &argv);
  reach_error err = {0};
  reach_paradigm_set set = {0};
  reach_context_table tab = {0};
  if (status) goto done;
  if (!!paradigm + !!experiment + !!pdir != 1) {
    status = reach_cli_fail(2,
                            "sssm: expected exactly one of --paradigm FILE.csv, --experiment "
                            "NAME or --paradigms DIR (see --help)");
    goto done;
  }
  if (!out) {
    status =
        reach_cli_fail(2, "sssm: --out FILE.csv is required (or FILE.h5 for HDF5; see --help)");
    goto done;
  }
  const int h5 = ends_with(out, ".h5");
  if (!h5 && !ends_with(out, ".csv")) {
    status = reach_cli_fail(2, "sssm: --out %s: expected a file name ending in .csv or .h5", out);
    goto done;
  }
  int m = model ? reach_cmodel_find(model) : REACH_CMODEL_SSSM;
  if (m < 0) {
    status = reach_cli_fail(2, "sssm: --model: expected sssm or ssm1 ... ssm7, found '%s'", model);
    goto done;
  }
  reach_sssm_options opt = reach_sssm_options_default();
  if (variant && strcmp(variant, "paper") != 0) {
    if (strcmp(variant, "code2021") != 0) {
      status =
          reach_cli_fail(2, "sssm: --variant: expected paper or code2021, found '%s'", variant);
      goto done;
    }
    opt.yhat = REACH_SSSM_YHAT_CODE2021;
  }
  opt.skip_channel_covariance = skip_cov;
  if (m != REACH_CMODEL_SSSM && (variant || skip_cov)) {
    status = reach_cli_fail(2,
                            "sssm: --variant and --skip-channel-covariance apply to the SSSM "
                            "only, not to --model %s",
                            model);
    goto done;
  }
  double theta[REACH_CMODEL_MAXP];
  if ((status = reach_cli_model_params("sssm", (reach_cmodel)m, params, theta))) goto done;
  if (pdir) {
    if ((status = reach_cli_load_paradigm_set("sssm", pdir, &set))) goto done;
  } else {
    int e;
    if (!(set.p = calloc(1, sizeof *set.p))) {
      status = reach_cli_fail(1, "sssm: out of memory");
      goto done;
    }
    if ((status = reach_cli_load_paradigm("sssm", experiment, seed, paradigm, &set.p[0], &e)))
      goto done;
    set.n = 1;
  }

  char source[600];
  if (experiment)
    snprintf(source, sizeof source, "--experiment %s --seed %" G_GINT64_FORMAT, experiment, seed);
  else
    snprintf(source, sizeof source, "%s %s", paradigm ? "--paradigm" : "--paradigms",
             paradigm ? paradigm : pdir);
  reach_status wst = reach_context_table_run(&tab, &set, (reach_cmodel)m, theta, &opt, &err);
  if (wst == REACH_OK)
    wst = h5 ? reach_context_table_write_h5(out, &tab, (reach_cmodel)m, theta, &opt,
                                            "reachlab-cli " REACH_VERSION " sssm", source, &err)
             : reach_context_table_write_csv(out, &tab, &err);
  if (wst != REACH_OK) {
    status = reach_cli_fail(1, "sssm: %s", err.msg);
    goto done;
  }
  const reach_cmodel_info *info = reach_cmodel_get(m);
  if (info->reconstructed)
    fprintf(stderr, "reachlab-cli: note: %s\n", REACH_SSM_RECONSTRUCTED_NOTE);
  long ntr = 0;
  for (int i = 0; i < set.n; i++) ntr += set.p[i].n;
  printf("%s%s over %s: %d paradigm%s, %ld trials -> %s\n", info->name,
         info->reconstructed ? " [reconstruction of a lost table]" : "",
         experiment ? set.p[0].name
         : paradigm ? paradigm
                    : pdir,
         set.n, set.n > 1 ? "s" : "", ntr, out);
  for (int i = 0; i < info->k; i++) printf("  %-6s %.10g\n", info->pname[i], theta[i]);
done:
  reach_paradigm_set_free(&set);
  reach_context_table_free(&tab);
  g_free(pdir);
  g_free(paradigm);
  g_free(experiment);
  g_free(params);
  g_free(out);
  g_free(model);
  g_free(variant);
  return status;
}
