// SPDX-License-Identifier: GPL-3.0-or-later
// ReachSession's insides, shared by reach-session.c (the main thread's side: the GObject, the
// commands it sends, the snapshots it takes in) and reach-session-worker.c (the worker thread that
// steps the backend and publishes snapshots).
#pragma once

#include "reach-backend.h"
#include "reach-session.h"

G_BEGIN_DECLS

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

void reach_session_cmd_free(gpointer p);
// The worker thread's body (g_thread_new's function; data is the session).
gpointer reach_session_worker_main(gpointer data);
// Takes the pending snapshot in on the main loop (a G_SOURCE_REMOVE idle).
gboolean reach_session_deliver(gpointer data);

G_END_DECLS
