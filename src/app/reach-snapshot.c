// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-snapshot.h"

#include <glib-object.h>
#include <math.h>
#include <string.h>

#include "study/live_reach.h"
#include "study/tool_run.h"

static void trace_clear(gpointer p) {
  ReachArmTrace *t = p;
  g_free(t->q);
  g_free(t->xy);
  g_free(t->act);
  g_free(t->target);
  g_free(t->ld);
  g_free(t->hidden);
  g_free(t->recent_xy);
  reach_live_model_free(t->policy);
}

ReachArmTrace *reach_arm_trace_new(int n, int steps) {
  ReachArmTrace *t = g_atomic_rc_box_new0(ReachArmTrace);
  t->n = n;
  t->steps = steps;
  gsize states = (gsize)(steps + 1) * (gsize)n;
  t->q = g_new0(double, states * 2);
  t->xy = g_new0(double, states * 2);
  t->act = g_new0(double, states *REACH_APP_NMUSCLE);
  t->target = g_new0(double, (gsize)n * 2);
  t->ld = g_new0(double, (gsize)n);
  return t;
}

ReachArmTrace *reach_arm_trace_ref(ReachArmTrace *t) { return g_atomic_rc_box_acquire(t); }

void reach_arm_trace_unref(ReachArmTrace *t) {
  if (t) g_atomic_rc_box_release_full(t, trace_clear);
}

static void context_clear(gpointer p) {
  ReachContextResult *r = p;
  for (int i = 0; i < 2; i++) reach_context_compare_free(&r->run[i]);
}

ReachContextResult *reach_context_result_new(void) {
  return g_atomic_rc_box_new0(ReachContextResult);
}

ReachContextResult *reach_context_result_ref(ReachContextResult *r) {
  return g_atomic_rc_box_acquire(r);
}

void reach_context_result_unref(ReachContextResult *r) {
  if (r) g_atomic_rc_box_release_full(r, context_clear);
}

static void tool_clear(gpointer p) {
  ReachToolHistory *h = p;
  g_free(h->cue);
  g_free(h->side);
  g_free(h->type);
  g_free(h->channel);
  g_free(h->pert);
  g_free(h->mpe);
  g_free(h->adapt);
  g_free(h->yhat);
  g_free(h->p_c1_q);
  g_free(h->res);
}

static void tool_alloc(ReachToolHistory *h, int capacity) {
  gsize c = (gsize)MAX(capacity, 1);
  h->cue = g_new0(int, c);
  h->side = g_new0(int, c);
  h->type = g_new0(int, c);
  h->channel = g_new0(gboolean, c);
  h->pert = g_new0(double, c);
  h->mpe = g_new0(double, c);
  h->adapt = g_new0(double, c);
  h->yhat = g_new0(double, c);
  h->p_c1_q = g_new0(double, 2 * c);
  h->res = g_new0(reach_tool_result, c);
}

ReachToolHistory *reach_tool_history_new(int capacity) {
  ReachToolHistory *h = g_atomic_rc_box_new0(ReachToolHistory);
  tool_alloc(h, capacity);
  return h;
}

ReachToolHistory *reach_tool_history_copy(const ReachToolHistory *h) {
  ReachToolHistory *c = g_atomic_rc_box_new0(ReachToolHistory);
  *c = *h;  // the scalars; the arrays are replaced below
  tool_alloc(c, h->n);
  gsize n = (gsize)h->n;
  memcpy(c->cue, h->cue, n * sizeof *c->cue);
  memcpy(c->side, h->side, n * sizeof *c->side);
  memcpy(c->type, h->type, n * sizeof *c->type);
  memcpy(c->channel, h->channel, n * sizeof *c->channel);
  memcpy(c->pert, h->pert, n * sizeof *c->pert);
  memcpy(c->mpe, h->mpe, n * sizeof *c->mpe);
  memcpy(c->adapt, h->adapt, n * sizeof *c->adapt);
  memcpy(c->yhat, h->yhat, n * sizeof *c->yhat);
  memcpy(c->p_c1_q, h->p_c1_q, 2 * n * sizeof *c->p_c1_q);
  memcpy(c->res, h->res, n * sizeof *c->res);
  return c;
}

ReachToolHistory *reach_tool_history_ref(ReachToolHistory *h) { return g_atomic_rc_box_acquire(h); }

void reach_tool_history_unref(ReachToolHistory *h) {
  if (h) g_atomic_rc_box_release_full(h, tool_clear);
}

static void snapshot_clear(gpointer p) {
  ReachSnapshot *s = p;
  g_free(s->model_label);
  g_free(s->preset);
  g_free(s->config_text);
  g_free(s->error);
  for (int i = 0; i < REACH_APP_MAXPHASE; i++) {
    g_free(s->ld[i]), g_free(s->ref_ld[i]);
    g_free(s->dir[i]), g_free(s->ref_dir[i]);
  }
  g_free(s->protocol);
  g_free(s->grow_loss);
  reach_arm_trace_unref(s->trace);
  reach_context_result_unref(s->context);
  reach_tool_history_unref(s->tool);
  if (s->neural) g_object_unref(s->neural);  // a ReachNeural (reach-neural.h)
  g_free(s->neural_error);
  g_free(s->engine);
}

ReachSnapshot *reach_snapshot_new(void) {
  ReachSnapshot *s = g_atomic_rc_box_new0(ReachSnapshot);
  s->cmp_first = s->cmp_second = -1;
  return s;
}

void reach_snapshot_set_study_phases(ReachSnapshot *s) {
  s->nphase = REACH_NPHASE;
  s->study = TRUE;
  s->cmp_first = 1;
  s->cmp_second = 3;
  for (int i = 0; i < REACH_NPHASE; i++) {
    reach_phase *p = &s->phases[i];
    *p = (reach_phase){.kind = s->phase_field[i] != 0.0 ? REACH_PHASE_CURL : REACH_PHASE_NULL,
                       .gain = s->phase_field[i],
                       .batches = s->phase_batches[i]};
    g_strlcpy(p->name, reach_phase_names[i], sizeof p->name);
  }
}

ReachSnapshot *reach_snapshot_ref(ReachSnapshot *s) { return g_atomic_rc_box_acquire(s); }

void reach_snapshot_unref(ReachSnapshot *s) {
  if (s) g_atomic_rc_box_release_full(s, snapshot_clear);
}
