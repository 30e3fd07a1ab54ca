// SPDX-License-Identifier: GPL-3.0-or-later
// Backend 1: libreach's fixed feedback controller reaching to the eight centre-out targets.
// It does not learn, so its lateral deviation only follows the field: straight in the null
// phases, bowed clockwise in the field phases. That is the picture the trained network
// improves on.
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "reach-backend.h"

enum { NTARGET = 8, NSTEP = 100 };
#define REACH_DISTANCE 0.10  // m
#define DEG            (G_PI / 180.0)
// excitation noise (σ, excitation units): small enough to keep the reaches clean, large
// enough that the batches differ
#define EXCITATION_NOISE 0.004

typedef struct {
  ReachBackend parent;
  reach_arm_model m;
  reach_centre_out run;  // study/centre_out.h, as the CLI's `arm demo`
  reach_feedback_reach ctl;
  reach_rng rng;
  int stage, batch, total;
  int phase_batches[REACH_NPHASE];
  double phase_field[REACH_NPHASE];
  GArray *ld[REACH_NPHASE];
  ReachArmTrace *last;  // the latest batch's reaches
} Controller;

static void controller_free(ReachBackend *b) {
  Controller *c = (Controller *)b;
  reach_centre_out_free(&c->run);
  reach_rng_free(&c->rng);
  for (int i = 0; i < REACH_NPHASE; i++) g_array_unref(c->ld[i]);
  reach_arm_trace_unref(c->last);
}

// Eight reaches in a curl field of gain `field` (0 = null field), as the app's trace; NULL with
// err set if the arm's state became NaN.
static ReachArmTrace *simulate(Controller *c, double field, reach_error *err) {
  const int n = NTARGET;
  if (reach_centre_out_run(&c->run, &c->m, &c->ctl, field, EXCITATION_NOISE, &c->rng, err) !=
      REACH_OK)
    return NULL;
  ReachArmTrace *t = reach_arm_trace_new(n, NSTEP);
  t->dt = c->m.dt;
  t->l1 = c->m.l1;
  t->l2 = c->m.l2;
  t->start[0] = c->run.start[0];
  t->start[1] = c->run.start[1];
  t->field = field;
  t->go_step = (int)lround(c->ctl.t_go / c->m.dt);
  const gsize S = (gsize)NSTEP + 1;
  memcpy(t->target, c->run.target, sizeof(double) * 2 * (gsize)n);
  memcpy(t->xy, c->run.xy, sizeof(double) * S * (gsize)n * 2);
  memcpy(t->q, c->run.q, sizeof(double) * S * (gsize)n * 2);
  memcpy(t->act, c->run.act, sizeof(double) * S * (gsize)n * REACH_NMUSCLE);
  memcpy(t->ld, c->run.ld, sizeof(double) * (gsize)n);
  return t;
}

// One batch: the eight reaches in the field the user sees (the protocol's, unless switched by
// hand), logged as the batch's mean lateral deviation.
static gboolean controller_step(ReachBackend *b, double field, GError **error) {
  Controller *c = (Controller *)b;
  if (c->stage >= REACH_NPHASE) return TRUE;
  const int n = NTARGET;
  reach_error err = {0};
  ReachArmTrace *t = simulate(c, field, &err);
  if (!t) {
    g_set_error(error, REACH_APP_ERROR, REACH_APP_ERROR_NUMERIC,
                _("The arm's state became NaN in batch %d of %s; the run was stopped."), c->batch,
                c->stage >= 0 ? reach_phase_names[c->stage] : "?");
    return FALSE;
  }
  double mean = 0.0;
  for (int i = 0; i < n; i++) mean += t->ld[i] / n;
  g_array_append_val(c->ld[c->stage], mean);
  reach_arm_trace_unref(c->last);
  c->last = t;
  c->total++;
  if (++c->batch >= c->phase_batches[c->stage]) {
    c->batch = 0;
    do c->stage++;
    while (c->stage < REACH_NPHASE && c->phase_batches[c->stage] == 0);
  }
  return TRUE;
}

static void controller_fill(ReachBackend *b, double field, ReachSnapshot *s) {
  (void)field;
  Controller *c = (Controller *)b;
  s->stage = c->stage >= REACH_NPHASE ? REACH_APP_STAGE_DONE : c->stage;
  s->batch = c->batch;
  s->total = c->total;
  for (int i = 0; i < REACH_NPHASE; i++) {
    s->phase_batches[i] = c->phase_batches[i];
    s->phase_field[i] = c->phase_field[i];
    s->n_ld[i] = (int)c->ld[i]->len;
    s->ld[i] = g_memdup2(c->ld[i]->data, sizeof(double) * c->ld[i]->len);
  }
  reach_snapshot_set_study_phases(s);
  s->trace = c->last ? reach_arm_trace_ref(c->last) : NULL;
}

static int controller_stage(ReachBackend *b) {
  const int st = ((Controller *)b)->stage;
  return st >= REACH_NPHASE ? REACH_APP_STAGE_DONE : st;
}
static int controller_total(ReachBackend *b) { return ((Controller *)b)->total; }

static const ReachBackendClass controller_class = {
    .name = "controller",
    .free = controller_free,
    .step = controller_step,
    .fill = controller_fill,
    .stage = controller_stage,
    .total = controller_total,
};

ReachBackend *reach_backend_controller_new(const ReachPreset *p, GError **error) {
  (void)error;
  Controller *c = g_new0(Controller, 1);
  c->parent.klass = &controller_class;
  c->parent.mode = REACH_SESSION_CONTROLLER;
  c->parent.label = g_strdup(_("Fixed feedback controller (no learning)"));
  c->parent.preset = p && p->path ? g_strdup(p->path) : NULL;
  reach_arm_model_arm26(&c->m);
  c->ctl = reach_feedback_reach_default();
  const double q0[2] = {60.0 * DEG, 90.0 * DEG};
  reach_error err = {0};
  if (reach_rng_init(&c->rng, 1) != 0 ||
      reach_centre_out_init(&c->run, &c->m, q0, NTARGET, REACH_DISTANCE, NSTEP, &err) != REACH_OK)
    g_error("out of memory");
  for (int i = 0; i < REACH_NPHASE; i++) {
    c->phase_batches[i] = p ? p->phase_batches[i] : 30;
    c->phase_field[i] = p ? p->phase_field[i] : (i % 2 ? 10.0 : 0.0);
    c->parent.phase_field[i] = c->phase_field[i];
    c->parent.nphase = REACH_NPHASE;
    c->ld[i] = g_array_new(FALSE, FALSE, sizeof(double));
  }
  // the first picture, before any batch: the reaches in the null field
  c->last = simulate(c, 0.0, &err);
  c->parent.config_text = g_strdup_printf(
      "[controller]\nkind = fixed feedback (libreach reach_feedback_reach_default)\n"
      "kp = %g\nkd = %g\nt_go = %g\nt_move = %g\nexcitation_noise = %g\nseed = 1\n"
      "[phases]\nnf1_batches = %d\nff1_batches = %d\nnf2_batches = %d\nff2_batches = %d\n",
      c->ctl.kp, c->ctl.kd, c->ctl.t_go, c->ctl.t_move, EXCITATION_NOISE, c->phase_batches[0],
      c->phase_batches[1], c->phase_batches[2], c->phase_batches[3]);
  c->stage = 0;
  while (c->stage < REACH_NPHASE && c->phase_batches[c->stage] == 0) c->stage++;
  return &c->parent;
}

void reach_backend_free(ReachBackend *b) {
  if (!b) return;
  b->klass->free(b);
  g_free(b->label);
  g_free(b->preset);
  g_free(b->config_text);
  g_free(b->engine);
  g_free(b);
}
