// SPDX-License-Identifier: GPL-3.0-or-later
// ReachSession: the bridge between the window and the computation. It owns a worker thread that
// steps a backend (reach-backend.h); user intents go to it as commands on a GAsyncQueue, and it
// hands back immutable snapshots (reach-snapshot.h) through one coalescing idle on the main
// loop. No method ever waits for the worker, except reach_session_shutdown, which joins it.
#pragma once

#include <glib-object.h>

#include "reach-snapshot.h"

G_BEGIN_DECLS

#define REACH_TYPE_SESSION (reach_session_get_type())
G_DECLARE_FINAL_TYPE(ReachSession, reach_session, REACH, SESSION, GObject)

ReachSession *reach_session_new(void);

// Starts the worker (idempotent). The first snapshot follows within a few milliseconds.
void reach_session_start(ReachSession *self);
// Stops and joins the worker, and drops a snapshot still waiting for the main loop.
void reach_session_shutdown(ReachSession *self);

// The latest snapshot delivered to the main loop (borrowed; nullable before the first one).
ReachSnapshot *reach_session_get_snapshot(ReachSession *self);

gboolean reach_session_get_running(ReachSession *self);
void reach_session_set_running(ReachSession *self, gboolean running);
gboolean reach_session_get_field_on(ReachSession *self);
void reach_session_set_field_on(ReachSession *self, gboolean on);
double reach_session_get_gain(ReachSession *self);
void reach_session_set_gain(ReachSession *self, double gain);
double reach_session_get_speed(ReachSession *self);
// Batches per second; 0 = as fast as the worker can.
void reach_session_set_speed(ReachSession *self, double speed);
// After the protocol ends, start again from the beginning (presentation autoplay).
void reach_session_set_loop(ReachSession *self, gboolean loop);

// One batch (when paused).
void reach_session_step(ReachSession *self);
// Back to the start of the protocol with the same preset.
void reach_session_reset(ReachSession *self);
// Runs at full speed until `total` batches are done, then pauses.
void reach_session_run_until(ReachSession *self, int total);
// Loads and validates the preset on the worker; on failure the run continues unchanged and the
// error arrives in a snapshot (and the "error" signal).
void reach_session_load_preset(ReachSession *self, const char *path);

// The study the worker plays: -1 the savings study (the preset's backend), or a tool-study
// experiment (reach_experiment, context/paradigm_gen.h) played one trial per step. Loading a
// preset returns to the savings study.
void reach_session_set_experiment(ReachSession *self, int experiment);
// The tool study's learner (REACH_TOOL_LEARNER_*, reach-backend.h). A tool run in progress starts
// again with it; the savings study is left as it is and the next tool run uses it.
// The savings study's protocol (issue 19): NULL or "" the study (NF1, FF1, NF2, FF2) of the
// network loaded; else a protocol file whose phases start from the loaded network's grown-up
// weights (a network still growing up takes them when it has grown up; so does every network
// loaded later). Paused. A file that cannot be read or cannot go on the network leaves the run
// and the protocol as they were, and its message arrives in a snapshot (and "error").
void reach_session_set_protocol(ReachSession *self, const char *path);
// The phase (0 .. nphase - 1) a replay of a finished network starts from: a finished run goes
// there at once (paused), its curves kept as the faded reference; Run and the presentation loop
// replay from it.
void reach_session_set_start_phase(ReachSession *self, int phase);
void reach_session_set_learner(ReachSession *self, int learner);

// True when every command sent so far is reflected in the current snapshot.
gboolean reach_session_is_settled(ReachSession *self);

// The longest time (ms) the main loop spent taking in one snapshot (including every handler of
// notify::snapshot), and how many arrived, since the last call (which resets both).
void reach_session_get_delivery_stats(ReachSession *self, double *max_ms, guint *count);

G_END_DECLS
