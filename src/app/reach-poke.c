// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-poke.h"

#include <math.h>
#include <string.h>

#include "study/live_reach.h"

// the hand's path since the reach began, at most this many states (the oldest are dropped)
enum { PATH_STATES = 600, EDGE_SIDE = 48 };

struct _ReachPoke {
  ReachArmTrace *trace;  // holds the weights (trace->policy) the reach runs with
  reach_live_reach *d;
  double home_q[2];
  double clicked[2];
  gboolean clamped, has_target, grabbed;
  double pointer[2];
  double pending;  // s of simulated time not yet stepped
  double path[PATH_STATES][2];
  int n_path;
  double act[REACH_POKE_WINDOW][REACH_APP_NMUSCLE];
  int n_act;
  double edge[4 * EDGE_SIDE + 1][2];
};

gboolean reach_poke_possible(const ReachArmTrace *t) {
  return t && t->policy && !t->has_tool && t->n > 0;
}

static void record(ReachPoke *p) {
  const reach_live_reach *d = p->d;
  if (p->n_path == PATH_STATES) {
    memmove(p->path, p->path + PATH_STATES / 2,
            (PATH_STATES - PATH_STATES / 2) * sizeof p->path[0]);
    p->n_path -= PATH_STATES / 2;
  }
  p->path[p->n_path][0] = d->xy[0];
  p->path[p->n_path][1] = d->xy[1];
  p->n_path++;
  if (p->n_act == REACH_POKE_WINDOW) {
    memmove(p->act, p->act + 1, (REACH_POKE_WINDOW - 1) * sizeof p->act[0]);
    p->n_act--;
  }
  memcpy(p->act[p->n_act++], d->act, sizeof p->act[0]);
}

ReachPoke *reach_poke_new(ReachArmTrace *t) {
  if (!reach_poke_possible(t)) return NULL;
  reach_error err = {0};
  reach_live_reach *d = NULL;
  if (reach_live_reach_create(t->policy, &d, &err) != REACH_OK) return NULL;
  ReachPoke *p = g_new0(ReachPoke, 1);
  p->trace = reach_arm_trace_ref(t);
  p->d = d;
  // where the trace's reaches start: its first state
  p->home_q[0] = t->q[0];
  p->home_q[1] = t->q[1];
  reach_live_reach_reset(t->policy, d, p->home_q);
  d->field = t->field;
  reach_live_workspace_edge(t->policy, EDGE_SIDE, &p->edge[0][0]);
  record(p);
  return p;
}

void reach_poke_free(ReachPoke *p) {
  if (!p) return;
  reach_live_reach_free(p->d);
  reach_arm_trace_unref(p->trace);
  g_free(p);
}

void reach_poke_set_trace(ReachPoke *p, ReachArmTrace *t) {
  if (!reach_poke_possible(t) || t == p->trace) return;
  if (t->policy->gru.units != p->trace->policy->gru.units) return;
  reach_arm_trace_unref(p->trace);
  p->trace = reach_arm_trace_ref(t);
  // the field switch acts at once, as on the hand of a subject
  p->d->field = t->field;
}

gboolean reach_poke_press(ReachPoke *p, const double xy[2]) {
  const reach_live_reach *d = p->d;
  if (hypot(xy[0] - d->xy[0], xy[1] - d->xy[1]) <= REACH_POKE_GRAB_RADIUS) {
    p->grabbed = TRUE;
    p->pointer[0] = xy[0];
    p->pointer[1] = xy[1];
    return TRUE;
  }
  double target[2];
  p->clicked[0] = xy[0];
  p->clicked[1] = xy[1];
  p->clamped = reach_live_clamp_target(p->trace->policy, xy, target);
  p->has_target = TRUE;
  reach_live_reach_begin(p->trace->policy, p->d, target, p->trace->field);
  // a new path from the hand; the muscle traces run on through the click
  p->path[0][0] = p->d->xy[0];
  p->path[0][1] = p->d->xy[1];
  p->n_path = 1;
  return FALSE;
}

void reach_poke_drag(ReachPoke *p, const double xy[2]) {
  p->pointer[0] = xy[0];
  p->pointer[1] = xy[1];
}

void reach_poke_release(ReachPoke *p) {
  if (!p->grabbed) return;
  p->grabbed = FALSE;
  reach_live_reach_push(p->trace->policy, p->d, (const double[2]){0.0, 0.0}, 0.0);
}

void reach_poke_pulse(ReachPoke *p, const double force[2], double duration) {
  reach_live_reach_push(p->trace->policy, p->d, force, duration);
}

gboolean reach_poke_clamped(const ReachPoke *p) { return p->has_target && p->clamped; }

gboolean reach_poke_grabbed(const ReachPoke *p) { return p->grabbed; }

// The spring from the hand to the pointer, capped.
static void spring(const ReachPoke *p, double f[2]) {
  f[0] = REACH_POKE_STIFFNESS * (p->pointer[0] - p->d->xy[0]);
  f[1] = REACH_POKE_STIFFNESS * (p->pointer[1] - p->d->xy[1]);
  double n = hypot(f[0], f[1]);
  if (n > REACH_POKE_MAX_FORCE) {
    f[0] *= REACH_POKE_MAX_FORCE / n;
    f[1] *= REACH_POKE_MAX_FORCE / n;
  }
}

int reach_poke_advance(ReachPoke *p, double seconds, double speed) {
  const reach_live_model *m = p->trace->policy;
  const double dt = m->task.dt;
  // a stalled frame (a window moved, a debugger) would otherwise be caught up all at once
  p->pending = MIN(p->pending + seconds * speed, 0.1);
  int steps = 0;
  // (a step is due within rounding: 12 frames of 0.1 s are 120 steps, not 119)
  while (p->pending >= dt * (1.0 - 1e-9)) {
    if (p->grabbed) {
      double f[2];
      spring(p, f);
      reach_live_reach_push(m, p->d, f, dt);
    }
    reach_live_reach_step(m, p->d);
    record(p);
    p->pending -= dt;
    steps++;
  }
  return steps;
}

void reach_poke_get_hand(const ReachPoke *p, double xy[2], int *t) {
  if (xy) {
    xy[0] = p->d->xy[0];
    xy[1] = p->d->xy[1];
  }
  if (t) *t = p->d->t;
}

void reach_poke_picture(const ReachPoke *p, ReachPokePicture *out) {
  const reach_live_reach *d = p->d;
  const ReachArmTrace *t = p->trace;
  memset(out, 0, sizeof *out);
  out->shoulder[0] = t->shoulder[0];
  out->shoulder[1] = t->shoulder[1];
  out->l1 = t->l1;
  out->l2 = t->l2;
  out->q[0] = d->q[0];
  out->q[1] = d->q[1];
  memcpy(out->act, d->act, sizeof out->act);
  out->path = &p->path[0][0];
  out->n_path = p->n_path;
  out->edge = &p->edge[0][0];
  out->n_edge = 4 * EDGE_SIDE + 1;
  out->has_target = p->has_target;
  out->clamped = p->clamped;
  memcpy(out->target, d->target, sizeof out->target);
  memcpy(out->clicked, p->clicked, sizeof out->clicked);
  out->field = d->field;
  memcpy(out->f_field, d->f_field, sizeof out->f_field);
  memcpy(out->f_push, d->f_push, sizeof out->f_push);
  // while the hand is held, the spring's force shows even between steps
  if (p->grabbed) spring(p, out->f_push);
  out->aiming = p->grabbed;
  memcpy(out->pointer, p->pointer, sizeof out->pointer);
}

const double *reach_poke_activations(const ReachPoke *p, int *n, double *dt) {
  *n = p->n_act;
  *dt = p->trace->policy->task.dt;
  return &p->act[0][0];
}
