// SPDX-License-Identifier: GPL-3.0-or-later
// Backend 1: libreach's fixed feedback controller reaching to the eight centre-out targets.
// It does not learn, so its lateral deviation only follows the field: straight in the null
// phases, bowed clockwise in the field phases. That is the picture the trained network
// improves on.
#include <glib/gi18n.h>
#include <math.h>

#include "plant/arm.h"
#include "env/field.h"
#include "task/feedback_reach.h"
#include "reach-backend.h"

enum { NTARGET = 8, NSTEP = 100 };
#define REACH_DISTANCE 0.10  // m
#define DEG (G_PI / 180.0)
// excitation noise (σ, excitation units): small enough to keep the reaches clean, large
// enough that the batches differ
#define EXCITATION_NOISE 0.004

typedef struct {
  ReachBackend parent;
  reach_arm_model m;
  reach_arm_state s;
  double start[2 * NTARGET], target[2 * NTARGET];
  double x0[2];
  reach_feedback_reach ctl;
  GRand *rng;
  int stage, batch, total;
  int phase_batches[REACH_APP_NPHASE];
  double phase_field[REACH_APP_NPHASE];
  GArray *ld[REACH_APP_NPHASE];
  ReachArmTrace *last;  // the latest batch's reaches
} Controller;

double reach_path_lateral_deviation(const double *xy, int n, int stride, const double start[2],
                                    const double target[2]) {
  double dx = target[0] - start[0], dy = target[1] - start[1], len = hypot(dx, dy);
  double worst = 0.0;
  if (len <= 0.0) return 0.0;
  for (int k = 0; k < n; k++) {
    const double *p = xy + (gsize)k * (gsize)stride;
    // right of the direction (dx, dy) is (dy, −dx)
    double d = ((p[0] - start[0]) * dy - (p[1] - start[1]) * dx) / len;
    if (fabs(d) > fabs(worst)) worst = d;
  }
  return worst;
}

static void controller_free(ReachBackend *b) {
  Controller *c = (Controller *)b;
  reach_arm_state_free(&c->s);
  g_rand_free(c->rng);
  for (int i = 0; i < REACH_APP_NPHASE; i++) g_array_unref(c->ld[i]);
  reach_arm_trace_unref(c->last);
}

static double gauss(GRand *r) {
  double u1 = g_rand_double(r), u2 = g_rand_double(r);
  if (u1 < 1e-300) u1 = 1e-300;
  return sqrt(-2.0 * log(u1)) * cos(2.0 * G_PI * u2);
}

// Eight reaches in a curl field of gain `field` (0 = null field).
static ReachArmTrace *simulate(Controller *c, double field) {
  const int n = NTARGET;
  double q0[2] = {60.0 * DEG, 90.0 * DEG};
  reach_arm_reset(&c->m, &c->s, NULL, q0);
  ReachArmTrace *t = reach_arm_trace_new(n, NSTEP);
  t->dt = c->m.dt;
  t->l1 = c->m.l1;
  t->l2 = c->m.l2;
  t->start[0] = c->x0[0];
  t->start[1] = c->x0[1];
  t->field = field;
  t->go_step = (int)lround(c->ctl.t_go / c->m.dt);
  for (int i = 0; i < n; i++) {
    t->target[2 * i] = c->target[i];
    t->target[2 * i + 1] = c->target[n + i];
  }
  reach_field curl = reach_field_curl(field);
  double u[REACH_NMUSCLE * NTARGET], xy[2 * NTARGET], fe[2 * NTARGET];
  for (int k = 0; k <= NSTEP; k++) {
    reach_arm_fingertip_batch(&c->m, &c->s, xy, NULL);
    for (int i = 0; i < n; i++) {
      gsize at = (gsize)k * (gsize)n + (gsize)i;
      t->xy[2 * at] = xy[i];
      t->xy[2 * at + 1] = xy[n + i];
      t->q[2 * at] = c->s.q[i];
      t->q[2 * at + 1] = c->s.q[n + i];
      for (int j = 0; j < REACH_NMUSCLE; j++)
        t->act[REACH_NMUSCLE * at + (gsize)j] = c->s.act[j * n + i];
    }
    if (k == NSTEP) break;
    reach_feedback_reach_excite(&c->ctl, &c->m, &c->s, k * c->m.dt, c->start, c->target, u);
    for (int j = 0; j < REACH_NMUSCLE * n; j++) u[j] += EXCITATION_NOISE * gauss(c->rng);
    reach_field_load(&curl, &c->m, &c->s, NULL, NULL, NULL, fe);
    reach_arm_step(&c->m, &c->s, u, fe, &c->s);
  }
  for (int i = 0; i < n; i++)
    t->ld[i] = reach_path_lateral_deviation(t->xy + 2 * i, NSTEP + 1, 2 * n, t->start,
                                            t->target + 2 * i);
  return t;
}

// One batch: the eight reaches in the field the user sees (the protocol's, unless switched by
// hand), logged as the batch's mean lateral deviation.
static gboolean controller_step(ReachBackend *b, double field, GError **error) {
  Controller *c = (Controller *)b;
  if (c->stage >= REACH_APP_STAGE_DONE) return TRUE;
  const int n = NTARGET;
  ReachArmTrace *t = simulate(c, field);
  double mean = 0.0;
  for (int i = 0; i < n; i++) mean += t->ld[i] / n;
  if (!isfinite(mean)) {
    g_set_error(error, REACH_APP_ERROR, REACH_APP_ERROR_NUMERIC,
                _("The arm's state became NaN in batch %d of %s; the run was stopped."),
                c->batch, c->stage >= 0 ? (const char *[]){"NF1", "FF1", "NF2", "FF2"}[c->stage] : "?");
    reach_arm_trace_unref(t);
    return FALSE;
  }
  g_array_append_val(c->ld[c->stage], mean);
  reach_arm_trace_unref(c->last);
  c->last = t;
  c->total++;
  if (++c->batch >= c->phase_batches[c->stage]) {
    c->batch = 0;
    do c->stage++;
    while (c->stage < REACH_APP_STAGE_DONE && c->phase_batches[c->stage] == 0);
  }
  return TRUE;
}

static void controller_fill(ReachBackend *b, double field, ReachSnapshot *s) {
  (void)field;
  Controller *c = (Controller *)b;
  s->stage = c->stage;
  s->batch = c->batch;
  s->total = c->total;
  for (int i = 0; i < REACH_APP_NPHASE; i++) {
    s->phase_batches[i] = c->phase_batches[i];
    s->phase_field[i] = c->phase_field[i];
    s->n_ld[i] = (int)c->ld[i]->len;
    s->ld[i] = g_memdup2(c->ld[i]->data, sizeof(double) * c->ld[i]->len);
  }
  s->trace = c->last ? reach_arm_trace_ref(c->last) : NULL;
}

static int controller_stage(ReachBackend *b) { return ((Controller *)b)->stage; }
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
  if (reach_arm_state_init(&c->s, NTARGET) != 0) g_error("out of memory");
  c->ctl = reach_feedback_reach_default();
  c->rng = g_rand_new_with_seed(1);
  double q0[2] = {60.0 * DEG, 90.0 * DEG}, qd0[2] = {0, 0};
  reach_arm_fingertip(&c->m, q0, qd0, c->x0, NULL, NULL);
  for (int i = 0; i < NTARGET; i++) {
    double ang = i * 2.0 * G_PI / NTARGET;
    c->start[i] = c->x0[0];
    c->start[NTARGET + i] = c->x0[1];
    c->target[i] = c->x0[0] + REACH_DISTANCE * cos(ang);
    c->target[NTARGET + i] = c->x0[1] + REACH_DISTANCE * sin(ang);
  }
  for (int i = 0; i < REACH_APP_NPHASE; i++) {
    c->phase_batches[i] = p ? p->phase_batches[i] : 30;
    c->phase_field[i] = p ? p->phase_field[i] : (i % 2 ? 10.0 : 0.0);
    c->parent.phase_field[i] = c->phase_field[i];
    c->ld[i] = g_array_new(FALSE, FALSE, sizeof(double));
  }
  // the first picture, before any batch: the reaches in the null field
  c->last = simulate(c, 0.0);
  c->parent.config_text = g_strdup_printf(
      "[controller]\nkind = fixed feedback (libreach reach_feedback_reach_default)\n"
      "kp = %g\nkd = %g\nt_go = %g\nt_move = %g\nexcitation_noise = %g\nseed = 1\n"
      "[phases]\nnf1_batches = %d\nff1_batches = %d\nnf2_batches = %d\nff2_batches = %d\n",
      c->ctl.kp, c->ctl.kd, c->ctl.t_go, c->ctl.t_move, EXCITATION_NOISE, c->phase_batches[0],
      c->phase_batches[1], c->phase_batches[2], c->phase_batches[3]);
  c->stage = 0;
  while (c->stage < REACH_APP_STAGE_DONE && c->phase_batches[c->stage] == 0) c->stage++;
  return &c->parent;
}

void reach_backend_free(ReachBackend *b) {
  if (!b) return;
  b->klass->free(b);
  g_free(b->label);
  g_free(b->preset);
  g_free(b->config_text);
  g_free(b);
}
