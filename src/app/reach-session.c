// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-session.h"

#include <glib/gi18n.h>
#include <math.h>

#include "reach-session-private.h"

G_DEFINE_FINAL_TYPE(ReachSession, reach_session, G_TYPE_OBJECT)

enum { PROP_0, PROP_RUNNING, PROP_FIELD_ON, PROP_GAIN, PROP_SPEED, PROP_SNAPSHOT, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_ERROR, N_SIGNALS };
static guint signals[N_SIGNALS];

void reach_session_cmd_free(gpointer p) {
  Cmd *c = p;
  g_free(c->path);
  g_free(c);
}

static void send(ReachSession *self, CmdKind kind, double value, const char *path) {
  Cmd *c = g_new0(Cmd, 1);
  c->kind = kind;
  c->value = value;
  c->path = g_strdup(path);
  c->serial = ++self->cmd_serial;
  g_async_queue_push(self->queue, c);
}

/* ---- main thread ---- */

static void deliver_snapshot(ReachSession *self);

gboolean reach_session_deliver(gpointer data) {
  ReachSession *self = data;
  gint64 t0 = g_get_monotonic_time();
  deliver_snapshot(self);
  double ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
  self->deliver_max_ms = MAX(self->deliver_max_ms, ms);
  return G_SOURCE_REMOVE;
}

static void deliver_snapshot(ReachSession *self) {
  g_mutex_lock(&self->lock);
  ReachSnapshot *s = self->pending;
  self->pending = NULL;
  self->idle_id = 0;
  g_mutex_unlock(&self->lock);
  if (!s) return;
  self->delivered++;

  g_clear_pointer(&self->snapshot, reach_snapshot_unref);
  self->snapshot = s;
  g_object_freeze_notify(G_OBJECT(self));
  // the worker's state wins only once it has seen every command we sent
  if (s->serial == self->cmd_serial) {
    if (self->running != s->running) {
      self->running = s->running;
      g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_RUNNING]);
    }
    if (self->field_on != s->field_on) {
      self->field_on = s->field_on;
      g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_FIELD_ON]);
    }
    if (self->gain != s->gain) {
      self->gain = s->gain;
      g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_GAIN]);
    }
  }
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SNAPSHOT]);
  g_object_thaw_notify(G_OBJECT(self));
  if (s->error_serial != self->error_serial) {
    self->error_serial = s->error_serial;
    if (s->error) g_signal_emit(self, signals[SIGNAL_ERROR], 0, s->error);
  }
}

void reach_session_get_delivery_stats(ReachSession *self, double *max_ms, guint *count) {
  if (max_ms) *max_ms = self->deliver_max_ms;
  if (count) *count = self->delivered;
  self->deliver_max_ms = 0;
  self->delivered = 0;
}

void reach_session_start(ReachSession *self) {
  g_return_if_fail(REACH_IS_SESSION(self));
  if (self->thread) return;
  self->w.gain = self->gain;
  self->w.speed = self->speed;
  self->w.until = -1;
  self->w.experiment = -1;
  self->thread = g_thread_new("reach-session", reach_session_worker_main, self);
}

void reach_session_shutdown(ReachSession *self) {
  g_return_if_fail(REACH_IS_SESSION(self));
  if (!self->thread) return;
  send(self, CMD_QUIT, 0, NULL);
  g_thread_join(self->thread);
  self->thread = NULL;
  g_mutex_lock(&self->lock);
  if (self->idle_id) g_source_remove(self->idle_id);
  self->idle_id = 0;
  g_clear_pointer(&self->pending, reach_snapshot_unref);
  g_mutex_unlock(&self->lock);
  // drain commands sent after the worker left
  Cmd *c;
  while ((c = g_async_queue_try_pop(self->queue))) reach_session_cmd_free(c);
}

ReachSnapshot *reach_session_get_snapshot(ReachSession *self) { return self->snapshot; }

gboolean reach_session_get_running(ReachSession *self) { return self->running; }

void reach_session_set_running(ReachSession *self, gboolean running) {
  running = !!running;
  send(self, running ? CMD_RUN : CMD_PAUSE, 0, NULL);
  if (self->running != running) {
    self->running = running;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_RUNNING]);
  }
}

gboolean reach_session_get_field_on(ReachSession *self) { return self->field_on; }

void reach_session_set_field_on(ReachSession *self, gboolean on) {
  on = !!on;
  if (self->field_on == on) return;
  self->field_on = on;
  send(self, CMD_FIELD, on, NULL);
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_FIELD_ON]);
}

double reach_session_get_gain(ReachSession *self) { return self->gain; }

void reach_session_set_gain(ReachSession *self, double gain) {
  if (self->gain == gain) return;
  self->gain = gain;
  if (self->thread) send(self, CMD_GAIN, gain, NULL);
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_GAIN]);
}

double reach_session_get_speed(ReachSession *self) { return self->speed; }

void reach_session_set_speed(ReachSession *self, double speed) {
  if (self->speed == speed) return;
  self->speed = speed;
  if (self->thread) send(self, CMD_SPEED, speed, NULL);
  g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_SPEED]);
}

void reach_session_set_loop(ReachSession *self, gboolean loop) { send(self, CMD_LOOP, loop, NULL); }

void reach_session_step(ReachSession *self) {
  send(self, CMD_STEP, 0, NULL);
  if (self->running) {
    self->running = FALSE;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_RUNNING]);
  }
}

void reach_session_reset(ReachSession *self) { send(self, CMD_RESET, 0, NULL); }

void reach_session_run_until(ReachSession *self, int total) {
  send(self, CMD_UNTIL, total, NULL);
  if (!self->running) {
    self->running = TRUE;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_RUNNING]);
  }
}

void reach_session_load_preset(ReachSession *self, const char *path) {
  send(self, CMD_PRESET, 0, path);
}

void reach_session_set_experiment(ReachSession *self, int experiment) {
  send(self, CMD_EXPERIMENT, experiment < 0 ? -1 : experiment, NULL);
  if (self->running) {
    self->running = FALSE;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_RUNNING]);
  }
}

void reach_session_set_protocol(ReachSession *self, const char *path) {
  send(self, CMD_PROTOCOL, 0, path && *path ? path : NULL);
  if (self->running) {
    self->running = FALSE;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_RUNNING]);
  }
}

void reach_session_set_start_phase(ReachSession *self, int phase) {
  send(self, CMD_START_PHASE, phase, NULL);
  if (self->running) {
    self->running = FALSE;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_RUNNING]);
  }
}

void reach_session_set_learner(ReachSession *self, int learner) {
  send(self, CMD_LEARNER, learner, NULL);
  // only a tool run restarts; the savings study keeps running
  ReachSnapshot *s = self->snapshot;
  if (self->running && s && s->tool) {
    self->running = FALSE;
    g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_RUNNING]);
  }
}

gboolean reach_session_is_settled(ReachSession *self) {
  return self->snapshot && self->snapshot->serial == self->cmd_serial;
}

static void reach_session_get_property(GObject *object, guint prop_id, GValue *value,
                                       GParamSpec *pspec) {
  ReachSession *self = REACH_SESSION(object);
  switch (prop_id) {
    case PROP_RUNNING: g_value_set_boolean(value, self->running); break;
    case PROP_FIELD_ON: g_value_set_boolean(value, self->field_on); break;
    case PROP_GAIN: g_value_set_double(value, self->gain); break;
    case PROP_SPEED: g_value_set_double(value, self->speed); break;
    case PROP_SNAPSHOT: g_value_set_pointer(value, self->snapshot); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void reach_session_set_property(GObject *object, guint prop_id, const GValue *value,
                                       GParamSpec *pspec) {
  ReachSession *self = REACH_SESSION(object);
  switch (prop_id) {
    case PROP_RUNNING: reach_session_set_running(self, g_value_get_boolean(value)); break;
    case PROP_FIELD_ON: reach_session_set_field_on(self, g_value_get_boolean(value)); break;
    case PROP_GAIN: reach_session_set_gain(self, g_value_get_double(value)); break;
    case PROP_SPEED: reach_session_set_speed(self, g_value_get_double(value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void reach_session_dispose(GObject *object) {
  ReachSession *self = REACH_SESSION(object);
  reach_session_shutdown(self);
  g_clear_pointer(&self->snapshot, reach_snapshot_unref);
  G_OBJECT_CLASS(reach_session_parent_class)->dispose(object);
}

static void reach_session_finalize(GObject *object) {
  ReachSession *self = REACH_SESSION(object);
  g_async_queue_unref(self->queue);
  g_mutex_clear(&self->lock);
  G_OBJECT_CLASS(reach_session_parent_class)->finalize(object);
}

static void reach_session_class_init(ReachSessionClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  object_class->get_property = reach_session_get_property;
  object_class->set_property = reach_session_set_property;
  object_class->dispose = reach_session_dispose;
  object_class->finalize = reach_session_finalize;

  properties[PROP_RUNNING] =
      g_param_spec_boolean("running", NULL, NULL, FALSE,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FIELD_ON] =
      g_param_spec_boolean("field-on", NULL, NULL, FALSE,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_GAIN] =
      g_param_spec_double("gain", NULL, NULL, 0, 100, 10,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SPEED] =
      g_param_spec_double("speed", NULL, NULL, 0, 10000, 100,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SNAPSHOT] =
      g_param_spec_pointer("snapshot", NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);

  signals[SIGNAL_ERROR] = g_signal_new("error", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void reach_session_init(ReachSession *self) {
  g_mutex_init(&self->lock);
  self->queue = g_async_queue_new_full(reach_session_cmd_free);
  self->gain = 10.0;
  self->speed = 100.0;  // the bundled network's 6 600 phase batches in about a minute
}

ReachSession *reach_session_new(void) { return g_object_new(REACH_TYPE_SESSION, NULL); }
