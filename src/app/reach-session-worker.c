// SPDX-License-Identifier: GPL-3.0-or-later
// ReachSession's worker thread: it takes the commands off the queue, steps the backend and
// publishes immutable snapshots through the one coalescing idle (reach-session.h).
#include <glib/gi18n.h>
#include <math.h>

#include "reach-session-private.h"

// Snapshots while running go out at most this often; the window draws at most once per frame.
#define PUBLISH_INTERVAL_US (G_USEC_PER_SEC / 10)
// The tool study's sequence: the CLI's default seed, so `reachlab-cli tool` replays it.
#define TOOL_SEED 1

static void set_error(Worker *w, const char *msg) {
  g_free(w->error);
  w->error = g_strdup(msg);
  w->error_serial++;
}

static void publish(ReachSession *self) {
  Worker *w = &self->w;
  ReachSnapshot *s = reach_snapshot_new();
  s->mode = w->backend->mode;
  s->model_label = g_strdup(w->backend->label);
  s->preset = g_strdup(w->backend->preset);
  s->config_text = g_strdup(w->backend->config_text);
  s->engine = g_strdup(w->backend->engine);
  s->running = w->running;
  s->field_on = w->field_on;
  s->gain = w->gain;
  s->speed = w->speed;
  s->batch_ms = w->batch_ms;
  s->work = w->work;
  s->serial = w->serial;
  s->error_serial = w->error_serial;
  s->error = g_strdup(w->error);
  s->context = w->context ? reach_context_result_ref(w->context) : NULL;
  w->backend->running = w->running;
  w->backend->klass->fill(w->backend, w->field_on ? w->gain : 0.0, s);
  // the protocol chosen, applied or waiting for the network to grow up
  g_free(s->protocol);
  s->protocol = g_strdup(w->protocol);

  g_mutex_lock(&self->lock);
  if (self->pending) reach_snapshot_unref(self->pending);
  self->pending = s;
  if (!self->idle_id)
    self->idle_id = g_idle_add_full(G_PRIORITY_DEFAULT, reach_session_deliver, self, NULL);
  g_mutex_unlock(&self->lock);
}

// The protocol decides the field at each phase start; the user may flip it in between. A finished
// run is shown in its last phase's field, so the bundled network opens reaching as FF2 left it
// (straight, in the field) rather than showing the after-effect of a field it no longer meets.
static void follow_stage(Worker *w) {
  int st = w->backend->klass->stage(w->backend);
  if (st != w->last_stage && st >= 0)
    w->field_on = w->backend->phase_field[MIN(st, MAX(w->backend->nphase, 1) - 1)] != 0.0;
  w->last_stage = st;
}

// A preset's field gain becomes the one shown: the bundled network met 8 N·s/m in FF1 and FF2, and
// showing it in another gain would show a field it never learnt.
static void take_preset_gain(Worker *w) {
  for (int i = 0; i < w->backend->nphase; i++)
    if (w->backend->phase_field[i] != 0.0) {
      w->gain = fabs(w->backend->phase_field[i]);
      return;
    }
}

// The chosen protocol on the backend's network once it has grown up (a network growing up meets
// it at the end of growing up). A protocol that cannot go on it is reported and forgotten: the
// run shown stays as it is.
static void apply_protocol(Worker *w) {
  ReachBackend *b = w->backend;
  if (w->protocol_on || !w->protocol || !b->klass->set_protocol ||
      b->klass->stage(b) == REACH_APP_STAGE_GROW)
    return;
  g_autoptr(GError) e = NULL;
  if (b->klass->set_protocol(b, w->protocol, &e)) {
    w->protocol_on = TRUE;
    w->start_phase = 0;
    w->last_stage = -2;
    follow_stage(w);
    take_preset_gain(w);
  } else {
    g_clear_pointer(&w->protocol, g_free);
    set_error(w, e->message);
  }
}

static gboolean make_backend(Worker *w, ReachPreset *p, GError **error) {
  ReachBackend *b = NULL;
  if (w->experiment >= 0)
    b = reach_backend_tool_new(w->experiment, w->learner, TOOL_SEED, error);
  else if (p->want_network)
    b = reach_backend_network_new(p, error);
  else
    b = reach_backend_controller_new(p, error);
  if (!b) return FALSE;
  reach_backend_free(w->backend);
  w->backend = b;
  b->start_phase = w->start_phase;
  if (p != w->preset) {
    reach_preset_free(w->preset);
    w->preset = p;
  }
  w->last_stage = -2;
  follow_stage(w);
  w->protocol_on = FALSE;
  apply_protocol(w);
  return TRUE;
}

static void one_batch(Worker *w) {
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time();
  if (!w->backend->klass->step(w->backend, w->field_on ? w->gain : 0.0, &error)) {
    w->running = FALSE;
    w->until = -1;
    set_error(w, error->message);
  }
  w->batch_ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
  w->work++;
  follow_stage(w);
  apply_protocol(w);
  if (w->backend->klass->stage(w->backend) >= REACH_APP_STAGE_DONE && w->running) {
    if (w->loop && w->until < 0 && w->backend->klass->go_to_start) {
      // a network replays itself from its start phase: the finished run stays its reference,
      // and its analysis stays on the Network page until the replay has one
      g_autoptr(GError) e2 = NULL;
      if (!w->backend->klass->go_to_start(w->backend, &e2)) {
        set_error(w, e2->message);
        w->running = FALSE;
      }
    } else if (w->loop && w->until < 0) {
      g_autoptr(GError) e2 = NULL;
      if (!make_backend(w, w->preset, &e2)) {
        set_error(w, e2->message);
        w->running = FALSE;
      }
    } else {
      w->running = FALSE;
    }
  }
  if (w->until >= 0 && w->backend->klass->total(w->backend) >= w->until) {
    w->running = FALSE;
    w->until = -1;
  }
}

// Returns FALSE on CMD_QUIT.
static gboolean handle(ReachSession *self, Cmd *c) {
  Worker *w = &self->w;
  w->serial = c->serial;
  switch (c->kind) {
    case CMD_QUIT: return FALSE;
    case CMD_RUN:
      if (w->backend->klass->stage(w->backend) >= REACH_APP_STAGE_DONE) {
        g_autoptr(GError) e = NULL;
        // a network replays from its start phase over the run it finished; others start anew
        if (w->backend->klass->go_to_start ? !w->backend->klass->go_to_start(w->backend, &e)
                                           : !make_backend(w, w->preset, &e))
          set_error(w, e->message);
        follow_stage(w);
      }
      w->running = TRUE;
      break;
    case CMD_PAUSE:
      w->running = FALSE;
      w->until = -1;
      break;
    case CMD_STEP:
      w->running = FALSE;
      w->until = -1;
      one_batch(w);
      break;
    case CMD_RESET: {
      g_autoptr(GError) e = NULL;
      w->until = -1;
      if (!make_backend(w, w->preset, &e)) set_error(w, e->message);
      break;
    }
    case CMD_FIELD: w->field_on = c->value != 0.0; break;
    case CMD_GAIN: w->gain = c->value; break;
    case CMD_SPEED: w->speed = c->value; break;
    case CMD_LOOP: w->loop = c->value != 0.0; break;
    case CMD_UNTIL:
      w->until = (int)c->value;
      w->running = w->backend->klass->total(w->backend) < w->until;
      if (!w->running) w->until = -1;
      break;
    case CMD_PRESET: {
      g_autoptr(GError) e = NULL;
      ReachPreset *p = reach_preset_load(c->path, &e);
      if (!p) {
        set_error(w, e->message);
        break;
      }
      const int was = w->experiment;
      w->experiment = -1;  // a preset is a savings-study configuration
      if (!make_backend(w, p, &e)) {
        w->experiment = was;
        reach_preset_free(p);
        set_error(w, e->message);
        break;
      }
      take_preset_gain(w);
      w->running = FALSE;
      w->until = -1;
      if (p->warning) set_error(w, p->warning);  // the banner says what was assumed
      break;
    }
    case CMD_EXPERIMENT: {
      g_autoptr(GError) e = NULL;
      const int was = w->experiment;
      w->experiment = (int)c->value;
      w->running = FALSE;
      w->until = -1;
      if (!make_backend(w, w->preset, &e)) {
        w->experiment = was;
        set_error(w, e->message);
      }
      break;
    }
    case CMD_PROTOCOL: {
      ReachBackend *b = w->backend;
      w->running = FALSE;
      w->until = -1;
      if (!b->klass->set_protocol) {  // the tool study: its next savings network takes it
        g_free(w->protocol);
        w->protocol = g_strdup(c->path);
        w->protocol_on = FALSE;
        break;
      }
      g_autoptr(GError) e = NULL;
      if (b->klass->stage(b) != REACH_APP_STAGE_GROW && !b->klass->set_protocol(b, c->path, &e)) {
        set_error(w, e->message);  // the run and the protocol stay as they were
        break;
      }
      g_free(w->protocol);
      w->protocol = g_strdup(c->path);
      w->protocol_on = b->klass->stage(b) != REACH_APP_STAGE_GROW && c->path != NULL;
      w->start_phase = 0;
      w->last_stage = -2;
      follow_stage(w);
      take_preset_gain(w);
      break;
    }
    case CMD_START_PHASE: {
      w->start_phase = CLAMP((int)c->value, 0, MAX(w->backend->nphase, 1) - 1);
      w->backend->start_phase = w->start_phase;
      g_autoptr(GError) e = NULL;
      if (w->backend->klass->go_to_start && !w->backend->klass->go_to_start(w->backend, &e))
        set_error(w, e->message);
      w->running = FALSE;
      w->until = -1;
      follow_stage(w);
      break;
    }
    case CMD_LEARNER: {
      g_autoptr(GError) e = NULL;
      const int was = w->learner;
      w->learner = (int)c->value;
      if (w->experiment < 0) break;  // the savings study has its own learner: the next tool run's
      w->running = FALSE;
      w->until = -1;
      if (!make_backend(w, w->preset, &e)) {
        w->learner = was;
        set_error(w, e->message);
      }
      break;
    }
  }
  return TRUE;
}

// OpenBLAS's own threads would fight the GUI thread for two cores: one BLAS thread per worker
// (ui-and-style-anchors §3.3).
void openblas_set_num_threads(int n);

gpointer reach_session_worker_main(gpointer data) {
  ReachSession *self = data;
  Worker *w = &self->w;
  openblas_set_num_threads(1);
  g_autoptr(GError) error = NULL;
  w->preset = reach_preset_load(NULL, NULL);
  w->last_stage = -2;
  if (!make_backend(w, w->preset, &error)) g_error("%s", error->message);
  w->context = reach_context_compute(1, &error);
  if (!w->context) set_error(w, error->message);
  publish(self);

  gint64 next = g_get_monotonic_time(), last_pub = 0;
  for (;;) {
    Cmd *c;
    if (w->running) {
      gint64 wait = (w->speed > 0 && w->until < 0) ? next - g_get_monotonic_time() : 0;
      c = wait > 0 ? g_async_queue_timeout_pop(self->queue, (guint64)wait)
                   : g_async_queue_try_pop(self->queue);
    } else {
      c = g_async_queue_pop(self->queue);
    }
    if (c) {
      gboolean more = handle(self, c);
      gboolean stepped = c->kind != CMD_RUN && c->kind != CMD_SPEED;
      reach_session_cmd_free(c);
      if (!more) break;
      // tell the window at once, unless more commands are queued
      if (g_async_queue_length(self->queue) <= 0 || stepped) {
        publish(self);
        last_pub = g_get_monotonic_time();
      }
      if (w->running) next = g_get_monotonic_time();
      continue;
    }
    if (!w->running) continue;
    gint64 now = g_get_monotonic_time();
    if (w->speed > 0 && w->until < 0 && now < next) continue;
    int stage = w->backend->klass->stage(w->backend);
    one_batch(w);
    if (w->speed > 0) {
      gint64 period = (gint64)(G_USEC_PER_SEC / w->speed);
      next = MAX(next + period, now - period);
    }
    now = g_get_monotonic_time();
    if (!w->running || now - last_pub >= PUBLISH_INTERVAL_US ||
        stage != w->backend->klass->stage(w->backend)) {
      publish(self);
      last_pub = now;
    }
  }
  reach_backend_free(w->backend);
  reach_preset_free(w->preset);
  reach_context_result_unref(w->context);
  g_free(w->error);
  g_free(w->protocol);
  return NULL;
}
