// SPDX-License-Identifier: GPL-3.0-or-later
// Backend 3: the tool study of Heald et al. 2018 played live (issue 8). One step is one trial of
// libreach's tool study (study/tool_study.h): the bundled network's grown-up weights reach holding
// the object, and the trial is measured as the paper measured people. The learner is a context
// model (the SSSM, SSM1–SSM7 or COIN), whose prediction is added at the hand while the network
// stays as it is, or the network itself, which takes one SGD step after each field or null trial.
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "reach-backend.h"

#include "context/paradigm_gen.h"
#include "study/savings.h"
#include "task/tool.h"

// Hand paths of this many trials before the one shown are drawn faintly: one block of 8.
#define RECENT 7

typedef struct {
  ReachBackend parent;
  reach_tool_run *run;
  ReachToolHistory *hist;  // capacity n_total; n grows with every trial (worker-owned)
  ReachArmTrace *last;     // the arm view's picture of trial last_n (0: at rest before trial 1)
  int last_n;
  reach_arm_model arm;
  double dt;
  double home[2];  // the hand at home
  double *recent;  // ring of the last RECENT + 1 trials' hand paths [RECENT + 1][steps+1][2]
  int steps;
} Tool;

G_STATIC_ASSERT(REACH_TOOL_LEARNER_SSSM == (int)REACH_CMODEL_SSSM);
G_STATIC_ASSERT(REACH_TOOL_LEARNER_RNN == (int)REACH_CMODEL_COUNT);

static const char *const learner_ids[REACH_TOOL_LEARNER_COUNT] = {
    "sssm", "ssm1", "ssm2", "ssm3", "ssm4", "ssm5", "ssm6", "ssm7", "rnn", "coin"};

int reach_tool_learner_find(const char *id) {
  for (int i = 0; id && i < REACH_TOOL_LEARNER_COUNT; i++)
    if (g_str_equal(id, learner_ids[i])) return i;
  return -1;
}

const char *reach_tool_learner_id(int learner) {
  return learner >= 0 && learner < REACH_TOOL_LEARNER_COUNT ? learner_ids[learner] : NULL;
}

static void tool_free(ReachBackend *b) {
  Tool *t = (Tool *)b;
  reach_tool_run_free(t->run);
  reach_tool_history_unref(t->hist);
  reach_arm_trace_unref(t->last);
  g_free(t->recent);
}

static int tool_phase_start(const ReachToolHistory *h, int phase) {
  int k = 0;
  for (int i = 0; i < phase; i++) k += h->phase_trials[i];
  return k;
}

static int tool_stage(ReachBackend *b) {
  const ReachToolHistory *h = ((Tool *)b)->hist;
  if (h->n >= h->n_total) return REACH_APP_STAGE_DONE;
  for (int i = 0, end = 0; i < h->n_phases; i++) {
    end += h->phase_trials[i];
    if (h->n < end) return i;
  }
  return h->n_phases - 1;
}

static int tool_total(ReachBackend *b) { return ((Tool *)b)->hist->n; }

static gboolean tool_step(ReachBackend *b, double field, GError **error) {
  (void)field;  // the paradigm decides every trial's field
  Tool *t = (Tool *)b;
  ReachToolHistory *h = t->hist;
  if (h->n >= h->n_total) return TRUE;
  reach_tool_result r;
  reach_error err = {0};
  if (reach_tool_run_step(t->run, &r, &err) != REACH_OK) {
    g_set_error(error, REACH_APP_ERROR,
                err.code == REACH_ERR_NUMERIC ? REACH_APP_ERROR_NUMERIC : REACH_APP_ERROR_FAILED,
                _("Tool study %s, trial %d: %s"), h->name, h->n + 1, err.msg);
    return FALSE;
  }
  const int i = h->n;
  const reach_sssm_record *rec = reach_tool_run_context(t->run);
  h->cue[i] = r.cue;
  h->side[i] = r.side;
  h->type[i] = (int)r.type;
  h->channel[i] = r.channel;
  h->pert[i] = r.pert;
  h->mpe[i] = r.mpe;
  h->adapt[i] = r.adaptation;
  h->yhat[i] = r.yhat;
  h->p_c1_q[2 * i] = rec ? rec->p_c1_given_q[0] : NAN;
  h->p_c1_q[2 * i + 1] = rec ? rec->p_c1_given_q[1] : NAN;
  h->peak_speed = r.peak_speed;
  h->res[i] = r;
  const double *xy = NULL;
  reach_tool_run_last(t->run, NULL, &xy, NULL, NULL);
  const gsize len = 2 * (gsize)(t->steps + 1);
  memcpy(t->recent + (gsize)(i % (RECENT + 1)) * len, xy, len * sizeof *xy);
  h->n++;
  return TRUE;
}

static void pose_of(const reach_tool_trial *tr, const double home[2], ReachToolPose *p) {
  double dx = tr->point[0] - tr->object_offset[0];
  *p = (ReachToolPose){
      .side = tr->side,
      .controlled = fabs(dx) < 1e-9 ? 0
                    : dx < 0        ? 1
                                    : 2,
      .channel = tr->channel,
      .field_gain = tr->field_gain,
  };
  for (int j = 0; j < 2; j++) {
    p->object_offset[j] = tr->object_offset[j];
    p->point[j] = tr->point[j];
    p->target[j] = tr->target[j];
    p->lateral[j] = tr->lateral[j];
    p->hand_start[j] = tr->hand_start[j];
    p->hand_target[j] = tr->hand_target[j];
    p->home[j] = home[j];
  }
}

static ReachArmTrace *trace_new(const Tool *t, const reach_tool_trial *tr, int steps) {
  ReachArmTrace *c = reach_arm_trace_new(1, steps);
  c->dt = t->dt;
  c->l1 = t->arm.l1;
  c->l2 = t->arm.l2;
  c->field = tr->field_gain;
  for (int j = 0; j < 2; j++) {
    c->start[j] = tr->hand_start[j];
    c->target[j] = tr->hand_target[j];
  }
  c->has_tool = TRUE;
  pose_of(tr, t->home, &c->tool);
  return c;
}

// The last played trial as the arm view draws it (capacity-1 arm states: element [j]).
static ReachArmTrace *trace_of_last(const Tool *t) {
  int steps = 0;
  const double *xy = NULL;
  const reach_tool_trial *tr = reach_tool_run_last(t->run, &steps, &xy, NULL, NULL);
  const reach_arm_state *a = reach_tool_run_arm(t->run);
  ReachArmTrace *c = trace_new(t, tr, steps);
  for (int k = 0; k <= steps; k++) {
    for (int j = 0; j < 2; j++) c->q[2 * k + j] = a[k].q[j];
    for (int m = 0; m < REACH_APP_NMUSCLE; m++) c->act[REACH_APP_NMUSCLE * k + m] = a[k].act[m];
  }
  memcpy(c->xy, xy, sizeof(double) * 2 * (gsize)(steps + 1));
  const int n = t->hist->n;
  c->ld[0] = t->hist->mpe[n - 1];
  // the trials before it, oldest first, from the ring the steps fill
  const gsize len = 2 * (gsize)(steps + 1);
  c->n_recent = MIN(n - 1, RECENT);
  c->recent_xy = g_new(double, (gsize)MAX(c->n_recent, 1) * len);
  for (int k = 0; k < c->n_recent; k++) {
    const int trial = n - 1 - c->n_recent + k;
    memcpy(c->recent_xy + (gsize)k * len, t->recent + (gsize)(trial % (RECENT + 1)) * len,
           len * sizeof *c->recent_xy);
  }
  return c;
}

static void tool_fill(ReachBackend *b, double field, ReachSnapshot *s) {
  (void)field;
  Tool *t = (Tool *)b;
  const ReachToolHistory *h = t->hist;
  s->stage = tool_stage(b);
  s->total = h->n;
  s->batch = s->stage < REACH_APP_STAGE_DONE ? h->n - tool_phase_start(h, s->stage) : 0;
  for (int i = 0; i < REACH_NPHASE; i++) {
    s->phase_batches[i] = i < h->n_phases ? h->phase_trials[i] : 0;
    s->phase_field[i] = i < h->n_phases && (h->phase_kind[i] == REACH_TOOL_PHASE_EXPOSE ||
                                            h->phase_kind[i] == REACH_TOOL_PHASE_GENERAL)
                            ? REACH_TOOL_FIELD_GAIN
                            : 0.0;
  }
  s->tool = reach_tool_history_copy(h);
  // a trace only when a new trial is published: the arm view takes one per reach it animates
  if (h->n > 0 && t->last_n != h->n) {
    reach_arm_trace_unref(t->last);
    t->last = trace_of_last(t);
    t->last_n = h->n;
  }
  s->trace = reach_arm_trace_ref(t->last);
}

static const ReachBackendClass tool_class = {
    .name = "tool",
    .free = tool_free,
    .step = tool_step,
    .fill = tool_fill,
    .stage = tool_stage,
    .total = tool_total,
};

// Phases of an experiment from its block layout (spec §3.3, §3.4).
static void set_phases(ReachToolHistory *h, const reach_tool_experiment_layout *l) {
  const int trials[4] = {8 * l->pre_blocks, 8 * l->exposure_blocks, 8 * l->gen_blocks,
                         8 * l->deadapt_blocks + 2 * l->deadapt_pairs};
  const ReachToolPhase kind[4] = {REACH_TOOL_PHASE_PRE, REACH_TOOL_PHASE_EXPOSE,
                                  REACH_TOOL_PHASE_GENERAL, REACH_TOOL_PHASE_DEADAPT};
  h->n_phases = 0;
  for (int i = 0; i < 4; i++)
    if (trials[i] > 0) {
      h->phase_trials[h->n_phases] = trials[i];
      h->phase_kind[h->n_phases++] = kind[i];
    }
}

// Before trial 1: the arm at rest at trial 1's start, holding the object.
static gboolean rest_trace(Tool *t, const reach_paradigm *p, const reach_task_config *task,
                           reach_tool_group group, reach_error *err) {
  reach_tool tool;
  reach_tool_trial tr;
  if (reach_tool_init(&tool, group, &t->arm, task, 1.0, err) != REACH_OK ||
      reach_tool_trial_make(&tool, &t->arm, p, 0, reach_tool_side_relation(p), &tr, err) !=
          REACH_OK)
    return FALSE;
  t->home[0] = tool.home[0];
  t->home[1] = tool.home[1];
  ReachArmTrace *c = trace_new(t, &tr, task->steps);
  const double qd[2] = {0, 0};
  double hand[2];
  reach_arm_fingertip(&t->arm, tr.q_start, qd, hand, NULL, NULL);
  for (int k = 0; k <= task->steps; k++)
    for (int j = 0; j < 2; j++) {
      c->q[2 * k + j] = tr.q_start[j];
      c->xy[2 * k + j] = hand[j];
    }
  c->ld[0] = NAN;
  t->last = c;
  t->last_n = 0;
  return TRUE;
}

// What the window title says of the learner (translated; free with g_free).
static char *learner_label(int learner, const reach_tool_rnn_config *rnn) {
  if (learner == REACH_TOOL_LEARNER_RNN)
    return g_strdup_printf(_("the network learns (SGD, rate %g)"), rnn->optim.lr);
  if (learner == REACH_TOOL_LEARNER_COIN) return g_strdup(_("COIN learner"));
  const reach_cmodel_info *info = reach_cmodel_get((reach_cmodel)learner);
  return info->reconstructed ? g_strdup_printf(_("%s learner (reconstructed)"), info->name)
                             : g_strdup_printf(_("%s learner"), info->name);
}

ReachBackend *reach_backend_tool_new(int experiment, int learner, unsigned long seed,
                                     GError **error) {
  if (experiment < 0 || experiment >= REACH_TOOL_EXPERIMENT_COUNT) {
    g_set_error(error, REACH_APP_ERROR, REACH_APP_ERROR_FAILED,
                _("Tool study: unknown experiment %d (expected 0 to %d)"), experiment,
                REACH_TOOL_EXPERIMENT_COUNT - 1);
    return NULL;
  }
  if (!reach_tool_learner_id(learner)) {
    g_set_error(error, REACH_APP_ERROR, REACH_APP_ERROR_FAILED,
                _("Tool study: unknown learner %d (expected 0 to %d)"), learner,
                REACH_TOOL_LEARNER_COUNT - 1);
    return NULL;
  }
  const reach_tool_experiment e = (reach_tool_experiment)experiment;
  g_autofree char *path = reach_data_path(REACH_BUNDLED_NETWORK);
  reach_error err = {0};
  reach_paradigm p = {0};
  reach_tool_experiment_layout lay;
  reach_tool_study study = {0};
  Tool *t = g_new0(Tool, 1);
  g_autofree char *who = NULL, *lr = NULL;  // before the first goto
  gboolean ok = FALSE;
  if (reach_paradigm_generate(e, seed, &p, &err) != REACH_OK ||
      reach_tool_experiment_layout_get(e, &lay, &err) != REACH_OK)
    goto done;
  // the study as `reachlab-cli tool` sets it up (study/tool_study.h)
  const gboolean is_rnn = learner == REACH_TOOL_LEARNER_RNN,
                 is_coin = learner == REACH_TOOL_LEARNER_COIN;
  const reach_tool_run_config cfg = {
      .learner = is_rnn || is_coin ? REACH_CMODEL_SSSM : (reach_cmodel)learner,
      .group = reach_tool_experiment_group(e),
      .field_sign = 1.0,
  };
  // COIN draws from the sequence's seed, as `reachlab-cli tool --learner coin --seed` does
  const reach_tool_study_options opt = {
      .rnn = is_rnn, .lr = NAN, .coin = is_coin, .coin_seed = seed};
  if (reach_tool_study_init(&study, path, &p, cfg, &opt, &err) != REACH_OK) goto done;
  t->run = study.run;  // the backend owns the run from here
  const reach_task_config *task = &study.task;
  const reach_tool_rnn_config rnn = study.rnn;
  reach_arm_model_arm26(&t->arm);
  t->dt = task->dt;
  t->steps = task->steps;
  t->recent = g_new0(double, (RECENT + 1) * 2 * (gsize)(task->steps + 1));
  if (!rest_trace(t, &p, task, cfg.group, &err)) goto done;
  ReachToolHistory *h = t->hist = reach_tool_history_new(p.n);
  h->experiment = experiment;
  g_strlcpy(h->name, reach_tool_experiment_name(e), sizeof h->name);
  h->two_points = cfg.group == REACH_TOOL_TWO_POINTS;
  h->learner = learner;
  h->sssm = learner == REACH_TOOL_LEARNER_SSSM;
  h->seed = seed;
  h->n_total = p.n;
  set_phases(h, &lay);
  t->parent.klass = &tool_class;
  t->parent.mode = REACH_SESSION_NETWORK;
  t->parent.nphase = h->n_phases;
  who = learner_label(learner, &rnn);
  t->parent.label =
      g_strdup_printf(_("Tool study %s: %s, grown-up GRU (%d units)"), h->name, who, study.units);
  lr = is_rnn ? g_strdup_printf("lr = %.17g\n", rnn.optim.lr) : g_strdup("");
  t->parent.config_text = g_strdup_printf(
      "[tool]\nexperiment = %s\nseed = %lu\nlearner = %s\n%sfield = cw\nnetwork = %s\n", h->name,
      seed, learner_ids[learner], lr, REACH_BUNDLED_NETWORK);
  ok = TRUE;
done:
  reach_paradigm_free(&p);
  if (!ok) {
    g_set_error(error, REACH_APP_ERROR, REACH_APP_ERROR_FAILED, _("Tool study %s: %s"),
                reach_tool_experiment_name(e), err.msg);
    tool_free(&t->parent);
    g_free(t);
    return NULL;
  }
  return &t->parent;
}
