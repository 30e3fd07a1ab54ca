// SPDX-License-Identifier: GPL-3.0-or-later
#include "tool_study.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "../io/csv.h"
#include "../io/h5.h"
#include "savings.h"

reach_status reach_tool_study_init(reach_tool_study *s, const char *network,
                                   const reach_paradigm *p, reach_tool_run_config cfg,
                                   const reach_tool_study_options *opt, reach_error *err) {
  memset(s, 0, sizeof *s);
  reach_savings *net = NULL;
  reach_status st = reach_savings_load(network, &net, err);
  if (st != REACH_OK) return st;
  const double *theta = reach_savings_snapshot(net, REACH_STAGE_GROW);
  if (!theta) {
    st = reach_error_set(err, REACH_ERR_USAGE, "%s has no grown-up weights (snapshots/growing_up)",
                         network);
  } else {
    const reach_config *c = reach_savings_config(net);
    s->task = c->task;
    s->units = c->units;
    s->rnn = reach_tool_rnn_config_of(c);
    if (opt) {
      s->rnn.no_cue = opt->no_cue;
      if (!isnan(opt->lr)) s->rnn.optim.lr = opt->lr;
      if (opt->rnn) cfg.rnn = &s->rnn;  // copied by the run
      if (opt->coin) {
        // particles 0: not given (a zero-initialised struct), so COIN.m's defaults
        s->coin = opt->coin_params.particles == 0 ? reach_coin_params_default() : opt->coin_params;
        cfg.coin = &s->coin;  // copied by the run
        cfg.coin_seed = opt->coin_seed;
      }
    }
    reach_arm_model arm;
    reach_arm_model_arm26(&arm);
    st =
        reach_tool_run_create(&arm, reach_savings_gru(net), theta, &c->task, p, &cfg, &s->run, err);
  }
  reach_savings_free(net);
  return st;
}

void reach_tool_study_free(reach_tool_study *s) {
  reach_tool_run_free(s->run);
  memset(s, 0, sizeof *s);
}

const char *reach_tool_trial_type_name(const reach_tool_result *r) {
  if (r->channel) {
    switch (r->type) {
      case REACH_TRIAL_GEN_OBJECT_HAND: return "channel-object-hand";
      case REACH_TRIAL_GEN_HAND: return "channel-hand";
      case REACH_TRIAL_GEN_OBJECT: return "channel-object";
      default: return "channel";
    }
  }
  return r->pert == 0.0 ? "null" : "field";
}

void reach_tool_csv_header(FILE *fp) {
  fputs(
      "trial,cue,type,perturbation,mpe_mm,adaptation_pct,yhat,side,field_gain,comp_gain,"
      "peak_speed_cm_s,loss,p_c1_given_q1,p_c1_given_q2\n",
      fp);
}

void reach_tool_csv_row(FILE *fp, const reach_tool_result *r, const double p_c1_given_q[2]) {
  fprintf(fp, "%d,%d,%s,", r->trial + 1, r->cue, reach_tool_trial_type_name(r));
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
  fputc(',', fp);
  if (p_c1_given_q && !isnan(p_c1_given_q[0])) fprintf(fp, "%.9g", p_c1_given_q[0]);
  fputc(',', fp);
  if (p_c1_given_q && !isnan(p_c1_given_q[1])) fprintf(fp, "%.9g", p_c1_given_q[1]);
  fputc('\n', fp);
}

double reach_tool_channel_mean(const reach_tool_result *res, int n, int q, int k0, int k1) {
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

reach_status reach_tool_paths_write_h5(const char *path, const double *paths, int n_trials,
                                       int steps, double dt, reach_error *err) {
  const size_t n = (size_t)n_trials, ns = (size_t)steps + 1;
  const size_t per = ns * 4 + (size_t)steps * 2;
  double *buf = malloc((n ? n : 1) * ns * 2 * sizeof *buf);
  const char *names[3] = {"xy", "vel", "f_chan"};
  const char *what[3] = {"hand position (m), states 0..steps",
                         "hand velocity (m/s), states 0..steps",
                         "channel force on the hand (N) of each step (0 off channel trials)"};
  const size_t off[3] = {0, ns * 2, ns * 4}, len[3] = {ns, ns, (size_t)steps};
  reach_h5w h5 = {0};
  reach_status hs = buf ? reach_h5_create(&h5, path, err)
                        : reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
  for (int k = 0; k < 3 && hs == REACH_OK; k++) {
    for (size_t t = 0; t < n; t++)
      memcpy(buf + t * len[k] * 2, paths + t * per + off[k], len[k] * 2 * sizeof *buf);
    const size_t dims[3] = {n, len[k], 2};
    hs = reach_h5_write_double(&h5, names[k], 3, dims, buf, err);
    if (hs == REACH_OK)
      hs = reach_h5_attr_string(&h5, names[k], "description", what[k], REACH_H5_VLEN, err);
  }
  if (hs == REACH_OK) hs = reach_h5_attr_double(&h5, "/", "dt", dt, err);
  if (hs == REACH_OK) hs = reach_h5_commit(&h5, err);
  if (hs != REACH_OK && buf) reach_h5_abort(&h5);
  free(buf);
  return hs;
}

reach_status reach_tool_record_init(reach_tool_record *r, int n, int steps, reach_error *err) {
  memset(r, 0, sizeof *r);
  const size_t N = (size_t)(n > 0 ? n : 1);
  const size_t per = (size_t)(steps + 1) * 4 + (size_t)steps * 2;
  r->res = calloc(N, sizeof *r->res);
  r->p_c1 = malloc(N * 2 * sizeof *r->p_c1);
  r->paths = malloc(N * per * sizeof *r->paths);
  if (!r->res || !r->p_c1 || !r->paths) {
    reach_tool_record_free(r);
    return reach_error_set(err, REACH_ERR_NOMEM, "out of memory for %d trials' paths", n);
  }
  r->n = n;
  r->steps = steps;
  return REACH_OK;
}

void reach_tool_record_free(reach_tool_record *r) {
  free(r->res);
  free(r->p_c1);
  free(r->paths);
  memset(r, 0, sizeof *r);
}

void reach_tool_record_add(reach_tool_record *r, int t, const reach_tool_run *run,
                           const reach_tool_result *res) {
  const int T = r->steps;
  r->res[t] = *res;
  const reach_sssm_record *rec = reach_tool_run_context(run);
  r->p_c1[2 * t] = rec ? rec->p_c1_given_q[0] : (double)NAN;
  r->p_c1[2 * t + 1] = rec ? rec->p_c1_given_q[1] : (double)NAN;
  const double *xy, *vel, *fch;
  reach_tool_run_last(run, NULL, &xy, &vel, &fch);
  double *dst = r->paths + (size_t)t * ((size_t)(T + 1) * 4 + (size_t)T * 2);
  memcpy(dst, xy, (size_t)(T + 1) * 2 * sizeof *dst);
  memcpy(dst + (size_t)(T + 1) * 2, vel, (size_t)(T + 1) * 2 * sizeof *dst);
  memcpy(dst + (size_t)(T + 1) * 4, fch, (size_t)T * 2 * sizeof *dst);
}

reach_status reach_tool_record_write_csv(const reach_tool_record *r, int n, const char *path,
                                         reach_error *err) {
  reach_file f;
  reach_status st = reach_file_begin(&f, path, err);
  if (st != REACH_OK) return st;
  reach_tool_csv_header(f.fp);
  for (int t = 0; t < n; t++) reach_tool_csv_row(f.fp, &r->res[t], r->p_c1 + 2 * t);
  return reach_file_commit(&f, err);
}

int reach_tool_learner_parse(const char *name, reach_tool_run_config *cfg,
                             reach_tool_study_options *opt) {
  opt->rnn = strcmp(name, "rnn") == 0;
  opt->coin = strcmp(name, "coin") == 0;
  cfg->learner = REACH_CMODEL_SSSM;
  if (opt->rnn || opt->coin) return 0;
  const int m = reach_cmodel_find(name);
  if (m < 0) return -1;
  cfg->learner = (reach_cmodel)m;
  return 0;
}

reach_status reach_tool_study_play(reach_tool_study *s, reach_tool_record *rec,
                                   int (*progress)(void *user, int done, int n), void *user,
                                   reach_error *err) {
  const int n = reach_tool_run_total(s->run);
  reach_status st = reach_tool_record_init(rec, n, s->task.steps, err);
  for (int t = 0; t < n && st == REACH_OK; t++) {
    reach_tool_result r;
    st = reach_tool_run_step(s->run, &r, err);
    if (st != REACH_OK) {
      char msg[sizeof err->msg];
      snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
      st = reach_error_set(err, st, "trial %d: %s", t + 1, msg);
      break;
    }
    reach_tool_record_add(rec, t, s->run, &r);
    if (progress && progress(user, t + 1, n))
      st = reach_error_set(err, REACH_ERR_USAGE, "cancelled after trial %d", t + 1);
  }
  return st;
}

reach_status reach_tool_record_write_dir(const reach_tool_record *r, const char *dir, double dt,
                                         reach_error *err) {
  if (g_mkdir_with_parents(dir, 0755))
    return reach_error_set(err, REACH_ERR_IO, "cannot create directory %s", dir);
  char *csv = g_build_filename(dir, "trials.csv", NULL),
       *h5 = g_build_filename(dir, "trials.h5", NULL);
  reach_status st = reach_tool_record_write_csv(r, r->n, csv, err);
  if (st == REACH_OK) st = reach_tool_paths_write_h5(h5, r->paths, r->n, r->steps, dt, err);
  g_free(csv);
  g_free(h5);
  return st;
}

reach_tool_exp2_summary reach_tool_exp2_summarise(const reach_tool_result *res, int n) {
  reach_tool_exp2_summary s;
  for (int q = 0; q < 2; q++) {
    s.end[q] = reach_tool_channel_mean(res, n, q + 1, 25, 26);
    s.pre[q] = reach_tool_channel_mean(res, n, q + 1, 1, 2);
  }
  s.rebound =
      reach_tool_channel_mean(res, n, 2, 27, 27) - reach_tool_channel_mean(res, n, 1, 50, 51);
  s.rebound_net = s.rebound - (s.pre[1] - s.pre[0]);
  return s;
}

void reach_tool_exp1_generalisation(const reach_tool_result *res, int n, double pct[3][2],
                                    double monitor[2]) {
  int first = -1, last = -1;
  for (int t = 0; t < n; t++)
    if (res[t].channel && res[t].type != REACH_TRIAL_PLAIN) {
      if (first < 0) first = t;
      last = t;
    }
  double sum[4][2] = {{0}}, cnt[4][2] = {{0}};  // [plain, object-hand, hand, object][side]
  for (int t = first; t >= 0 && t <= last; t++) {
    if (!res[t].channel || res[t].side < 1 || res[t].side > 2 || isnan(res[t].adaptation)) continue;
    const int k = res[t].type == REACH_TRIAL_GEN_OBJECT_HAND ? 1
                  : res[t].type == REACH_TRIAL_GEN_HAND      ? 2
                  : res[t].type == REACH_TRIAL_GEN_OBJECT    ? 3
                                                             : 0;
    sum[k][res[t].side - 1] += res[t].adaptation;
    cnt[k][res[t].side - 1] += 1;
  }
  for (int s = 0; s < 2; s++) {
    monitor[s] = cnt[0][s] > 0 ? sum[0][s] / cnt[0][s] : (double)NAN;
    for (int k = 0; k < 3; k++)
      pct[k][s] =
          cnt[k + 1][s] > 0 ? 100 * (sum[k + 1][s] / cnt[k + 1][s]) / monitor[s] : (double)NAN;
  }
}

void reach_tool_study_learner_text(const reach_tool_study *s, reach_cmodel learner,
                                   const reach_tool_study_options *opt, char *buf, size_t len) {
  const reach_cmodel_info *info = reach_cmodel_get(learner);
  if (opt->rnn)
    snprintf(buf, len, "the network (SGD lr %g%s)", s->rnn.optim.lr, opt->no_cue ? ", no cue" : "");
  else if (opt->coin)
    snprintf(buf, len, "COIN (%d particles)", s->coin.particles);
  else
    snprintf(buf, len, "%s%s", info->name,
             info->reconstructed ? " [reconstruction of a lost table]" : "");
}
