// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-session.h"

#include <glib/gi18n.h>
#include <math.h>

#include "reach-backend.h"

// Snapshots while running go out at most this often; the window draws at most once per frame.
#define PUBLISH_INTERVAL_US (G_USEC_PER_SEC / 10)
// The tool study's sequence: the CLI's default seed, so `reachlab-cli tool` replays it.
#define TOOL_SEED 1

typedef enum {
  CMD_QUIT,
  CMD_RUN,
  CMD_PAUSE,
  CMD_STEP,
  CMD_RESET,
  CMD_FIELD,
  CMD_GAIN,
  CMD_SPEED,
  CMD_LOOP,
  CMD_UNTIL,
  CMD_PRESET,
  CMD_EXPERIMENT,
  CMD_LEARNER,
  CMD_START_PHASE,
  CMD_PROTOCOL,
} CmdKind;

typedef struct {
  CmdKind kind;
  double value;
  char *path;
  guint serial;
} Cmd;

// State owned by the worker thread alone.
typedef struct {
  ReachBackend *backend;
  ReachPreset *preset;
  ReachContextResult *context;
  gboolean running, field_on, loop;
  double gain, speed;
  int until;
  guint serial;  // last command handled
  guint error_serial;
  char *error;
  double batch_ms;
  guint64 work;  // batches run since the worker started, across resets
  int last_stage;
  int experiment;   // -1 the savings study, else the tool study's reach_experiment
  int learner;      // the tool study's learner (REACH_TOOL_LEARNER_*)
  int start_phase;  // the phase a replay of a finished network starts from
  // The savings study's protocol file (NULL: the study), put on every network once it has grown
  // up: protocol_on says the backend runs it.
  char *protocol;
  gboolean protocol_on;
} Worker;

struct _ReachSession {
  GObject parent_instance;

  GThread *thread;
  GAsyncQueue *queue;
  Worker w;  // touched only by the worker while it runs

  // hand-over slot, guarded by lock
  GMutex lock;
  ReachSnapshot *pending;
  guint idle_id;

  // main-thread view
  ReachSnapshot *snapshot;
  guint cmd_serial;  // serial of the last command sent
  gboolean running, field_on;
  double gain, speed;
  guint error_serial;
  double deliver_max_ms;  // longest main-loop time spent taking a snapshot in
  guint delivered;
};

G_DEFINE_FINAL_TYPE(ReachSession, reach_session, G_TYPE_OBJECT)

enum { PROP_0, PROP_RUNNING, PROP_FIELD_ON, PROP_GAIN, PROP_SPEED, PROP_SNAPSHOT, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_ERROR, N_SIGNALS };
static guint signals[N_SIGNALS];

static void cmd_free(gpointer p) {
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

/* ---- worker thread ---- */

static gboolean deliver(gpointer data);

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
  if (!self->idle_id) self->idle_id = g_idle_add_full(G_PRIORITY_DEFAULT, deliver, self, NULL);
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

static gpointer worker_main(gpointer data) {
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
      cmd_free(c);
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

/* ---- main thread ---- */

static void deliver_snapshot(ReachSession *self);

static gboolean deliver(gpointer data) {
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
  self->thread = g_thread_new("reach-session", worker_main, self);
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
  while ((c = g_async_queue_try_pop(self->queue))) cmd_free(c);
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
      g_param_spec_double("speed", NULL, NULL, 0, 10000, 20,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SNAPSHOT] =
      g_param_spec_pointer("snapshot", NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, properties);

  signals[SIGNAL_ERROR] = g_signal_new("error", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void reach_session_init(ReachSession *self) {
  g_mutex_init(&self->lock);
  self->queue = g_async_queue_new_full(cmd_free);
  self->gain = 10.0;
  self->speed = 20.0;
}

ReachSession *reach_session_new(void) { return g_object_new(REACH_TYPE_SESSION, NULL); }
