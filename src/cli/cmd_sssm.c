// SPDX-License-Identifier: GPL-3.0-or-later
// `reachlab-cli sssm`: run the SSSM (or one of SSM1–SSM7) over one paradigm and write the
// per-trial table, with the column names of the reference sssm_trials.csv.
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "reach.h"

// Reads [<model>] key = value from an INI file into theta (keys not given keep their value).
// Unknown groups or keys are errors, so a typo never silently runs the default.
static int read_params(const char *path, reach_cmodel m, double *theta, char *why, size_t len) {
  const reach_cmodel_info *info = reach_cmodel_get(m);
  GKeyFile *kf = g_key_file_new();
  GError *gerr = NULL;
  int rc = -1;
  char group[16];
  snprintf(group, sizeof group, "%s", info->name);
  for (char *c = group; *c; c++) *c = (char)g_ascii_tolower(*c);
  if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &gerr)) {
    snprintf(why, len, "%s: %s", path, gerr->message);
    goto done;
  }
  gsize ng = 0;
  gchar **groups = g_key_file_get_groups(kf, &ng);
  for (gsize g = 0; g < ng; g++) {
    if (g_ascii_strcasecmp(groups[g], group) != 0) {
      snprintf(why, len, "%s: unexpected group [%s]; expected [%s] for --model %s", path,
               groups[g], group, info->name);
      g_strfreev(groups);
      goto done;
    }
    gsize nk = 0;
    gchar **keys = g_key_file_get_keys(kf, groups[g], &nk, NULL);
    for (gsize k = 0; k < nk; k++) {
      int idx = -1;
      for (int i = 0; i < info->k; i++)
        if (strcmp(keys[k], info->pname[i]) == 0) idx = i;
      if (idx < 0) {
        GString *names = g_string_new(NULL);
        for (int i = 0; i < info->k; i++)
          g_string_append_printf(names, "%s%s", i ? ", " : "", info->pname[i]);
        snprintf(why, len, "%s: [%s] has unknown key '%s'; expected one of %s", path, groups[g],
                 keys[k], names->str);
        g_string_free(names, TRUE);
        g_strfreev(keys);
        g_strfreev(groups);
        goto done;
      }
      double v = g_key_file_get_double(kf, groups[g], keys[k], &gerr);
      if (gerr) {
        snprintf(why, len, "%s: [%s] %s: expected a number (%s)", path, groups[g], keys[k],
                 gerr->message);
        g_strfreev(keys);
        g_strfreev(groups);
        goto done;
      }
      theta[idx] = v;
    }
    g_strfreev(keys);
  }
  g_strfreev(groups);
  rc = 0;
done:
  if (gerr) g_error_free(gerr);
  g_key_file_free(kf);
  return rc;
}

static int ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && g_ascii_strcasecmp(s + a - b, suffix) == 0;
}

static const char sssm_cols[] =
    "trial,cue,perturbation,channel,yhat,yhat_paper,yhat_code2021,prior_c1,prior_c2,post_c1,"
    "post_c2,phi_q1_c1,phi_q2_c1,phi_q1_c2,phi_q2_c2,p_c1_given_q1,p_c1_given_q2,xs1,xf1,xs2,xf2,"
    "type,target\n";
// x is the state before the trial's update, the one the output is read from
static const char ssm_cols[] = "trial,cue,perturbation,channel,yhat,xs1,xf1,xs2,xf2,type,target\n";

// The columns every row starts with: [subject,group,]trial,cue,perturbation,channel
static void put_trial(FILE *fp, int subject, const char *group, const reach_paradigm *p, int t) {
  const int ch = reach_paradigm_is_channel(p, t);
  if (subject > 0) fprintf(fp, "%d,%s,", subject, group);
  fprintf(fp, "%d,%d,", t + 1, p->cue[t]);
  if (ch)
    fputs(",", fp);
  else
    reach_csv_put(fp, p->pert[t], 0);
  fprintf(fp, "%d,", ch);
}

static void put_sssm(FILE *fp, const reach_sssm_record *r) {
  const double v[] = {r->yhat,       r->yhat_paper,  r->yhat_code2021, r->prior[0],
                      r->prior[1],   r->post[0],     r->post[1],       r->phi[0][0],
                      r->phi[1][0],  r->phi[0][1],   r->phi[1][1],     r->p_c1_given_q[0],
                      r->p_c1_given_q[1], r->x[0],   r->x[1],          r->x[2],
                      r->x[3]};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) reach_csv_put(fp, v[i], 0);
}

static const char *group_of(const reach_paradigm *p) {
  int r = reach_paradigm_field_relation(p);
  return r > 0 ? "same" : r < 0 ? "opposing" : "none";
}

// Runs model m over every paradigm of the set and writes one table; with more than one
// paradigm the rows start with subject,group as in the reference sssm_trials.csv.
static reach_status run_and_write(const char *path, const reach_paradigm_set *set, int m,
                                  const double *theta, const reach_sssm_options *opt,
                                  reach_error *err) {
  reach_sssm sssm;
  reach_ssm ssm;
  reach_status st;
  if (m == REACH_CMODEL_SSSM) {
    const reach_sssm_params par = {theta[0], theta[1], theta[2], theta[3], theta[4], theta[5]};
    st = reach_sssm_init(&sssm, &par, opt, err);
  } else {
    st = reach_ssm_init(&ssm, m, theta, err);
  }
  if (st != REACH_OK) return st;
  reach_file f;
  st = reach_file_begin(&f, path, err);
  if (st != REACH_OK) return st;
  const int multi = set->n > 1;
  if (multi) fputs("subject,group,", f.fp);
  fputs(m == REACH_CMODEL_SSSM ? sssm_cols : ssm_cols, f.fp);
  for (int s = 0; s < set->n && st == REACH_OK; s++) {
    const reach_paradigm *p = &set->p[s];
    const char *grp = group_of(p);
    if (m == REACH_CMODEL_SSSM) {
      reach_sssm_reset(&sssm);
      for (int t = 0; t < p->n; t++) {
        reach_sssm_record r;
        st = reach_sssm_trial(&sssm, p->cue[t], p->pert[t], &r, err);
        if (st != REACH_OK) break;
        put_trial(f.fp, multi ? s + 1 : 0, grp, p, t);
        put_sssm(f.fp, &r);
        fprintf(f.fp, "%d,%d\n", p->type[t], p->target[t]);
      }
    } else {
      double x[4] = {0, 0, 0, 0};
      for (int t = 0; t < p->n; t++) {
        double before[4];
        memcpy(before, x, sizeof before);
        const double y = reach_ssm_step(&ssm, x, p->cue[t], p->pert[t]);
        put_trial(f.fp, multi ? s + 1 : 0, grp, p, t);
        reach_csv_put(f.fp, y, 0);
        for (int i = 0; i < 4; i++) reach_csv_put(f.fp, before[i], 0);
        fprintf(f.fp, "%d,%d\n", p->type[t], p->target[t]);
      }
    }
    if (st != REACH_OK) {
      char msg[sizeof err->msg];
      snprintf(msg, sizeof msg, "%s", err->msg);
      reach_error_set(err, st, "%s: %s", p->name, msg);
    }
  }
  if (st != REACH_OK) {
    reach_file_abort(&f);
    return st;
  }
  return reach_file_commit(&f, err);
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
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Per-trial table to write", "FILE.csv"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  GOptionContext *ctx = g_option_context_new("- run a context model over a paradigm");
  g_option_context_set_summary(
      ctx,
      "Runs the switching state-space model of Heald et al. 2018 (or SSM1-SSM7) over one\n"
      "paradigm and writes one row per trial: the output yhat (both SSSM variants), the prior\n"
      "and posterior of each context, the cue emission matrix phi used on the trial, p(context\n"
      "1 | cue) and the merged slow/fast states (column names as in the reference\n"
      "sssm_trials.csv). Perturbations are sign-normalised: +1 at cue 1.");
  g_option_context_add_main_entries(ctx, entries, NULL);
  GError *gerr = NULL;
  int status = 0;
  reach_error err = {0};
  reach_paradigm_set set = {0};
  char *cues = NULL, *perts = NULL;
  char why[512];
  if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
    status = reach_cli_fail(2, "sssm: %s", gerr->message);
    goto done;
  }
  if (argc > 1) {
    status = reach_cli_fail(2, "sssm: unexpected argument '%s'", argv[1]);
    goto done;
  }
  if (!!paradigm + !!experiment + !!pdir != 1) {
    status = reach_cli_fail(2, "sssm: expected exactly one of --paradigm FILE.csv, --experiment "
                               "NAME or --paradigms DIR (see --help)");
    goto done;
  }
  if (!out) {
    status = reach_cli_fail(2, "sssm: --out FILE.csv is required (see --help)");
    goto done;
  }
  if (ends_with(out, ".h5")) {
    status = reach_cli_fail(2, "sssm: --out %s: HDF5 output is not available yet; use a .csv "
                               "file", out);
    goto done;
  }
  if (!ends_with(out, ".csv")) {
    status = reach_cli_fail(2, "sssm: --out %s: expected a file name ending in .csv", out);
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
      status = reach_cli_fail(2, "sssm: --variant: expected paper or code2021, found '%s'",
                              variant);
      goto done;
    }
    opt.yhat = REACH_SSSM_YHAT_CODE2021;
  }
  opt.skip_channel_covariance = skip_cov;
  if (m != REACH_CMODEL_SSSM && (variant || skip_cov)) {
    status = reach_cli_fail(2, "sssm: --variant and --skip-channel-covariance apply to the SSSM "
                               "only, not to --model %s", model);
    goto done;
  }
  double theta[REACH_CMODEL_MAXP];
  reach_cmodel_default_params(m, theta);
  if (params && read_params(params, m, theta, why, sizeof why) != 0) {
    status = reach_cli_fail(2, "sssm: --params %s", why);
    goto done;
  }
  if (experiment) {
    int e = reach_experiment_find(experiment);
    if (e < 0) {
      status = reach_cli_fail(2, "sssm: --experiment: expected exp1-two, exp1-single, "
                                 "exp2-opposing or exp2-same, found '%s'", experiment);
      goto done;
    }
    if (seed < 0) {
      status = reach_cli_fail(2, "sssm: --seed: expected a number >= 0, found %" G_GINT64_FORMAT,
                              seed);
      goto done;
    }
    set.p = calloc(1, sizeof *set.p);
    if (!set.p || reach_paradigm_generate(e, (unsigned long)seed, &set.p[0], &err) != REACH_OK) {
      status = reach_cli_fail(1, "sssm: %s", set.p ? err.msg : "out of memory");
      goto done;
    }
    set.n = 1;
  } else if (paradigm) {
    set.p = calloc(1, sizeof *set.p);
    if (!set.p || reach_paradigm_read(paradigm, &set.p[0], &err) != REACH_OK) {
      status = reach_cli_fail(1, "sssm: %s", set.p ? err.msg : "out of memory");
      goto done;
    }
    set.n = 1;
  } else {
    cues = g_build_filename(pdir, "paradigm_cues.csv", NULL);
    perts = g_build_filename(pdir, "paradigm_perturbations.csv", NULL);
    if (reach_paradigm_set_read(cues, perts, &set, &err) != REACH_OK) {
      status = reach_cli_fail(1, "sssm: %s", err.msg);
      goto done;
    }
  }

  if (run_and_write(out, &set, m, theta, &opt, &err) != REACH_OK) {
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
         experiment ? set.p[0].name : paradigm ? paradigm : pdir, set.n, set.n > 1 ? "s" : "",
         ntr, out);
  for (int i = 0; i < info->k; i++) printf("  %-6s %.10g\n", info->pname[i], theta[i]);
done:
  if (gerr) g_error_free(gerr);
  g_option_context_free(ctx);
  reach_paradigm_set_free(&set);
  g_free(cues);
  g_free(perts);
  g_free(pdir);
  g_free(paradigm);
  g_free(experiment);
  g_free(params);
  g_free(out);
  g_free(model);
  g_free(variant);
  return status;
}
