// SPDX-License-Identifier: GPL-3.0-or-later
// The seam between the session's worker thread and whatever computes the reaches. A backend is
// created, stepped and freed on the worker thread only; it never sees GTK. Three exist: the fixed
// feedback controller of libreach (always available), the trained network (the savings runner
// reach_savings, study/savings.h), and the tool study (one trial per step, study/tool_study.h).
// Further panels (neural state) extend fill().
#pragma once

#include <glib.h>

#include "reach-error.h"
#include "reach-snapshot.h"
#include "reach.h"

G_BEGIN_DECLS

typedef struct _ReachBackend ReachBackend;

typedef struct {
  const char *name;
  void (*free)(ReachBackend *b);
  // One batch of the protocol. `field` is the curl gain the user asked to see (N·s/m; 0 = off).
  gboolean (*step)(ReachBackend *b, double field, GError **error);
  // Writes stage, batch, total, phase_batches/field, per-phase LD copies and a new trace.
  void (*fill)(ReachBackend *b, double field, ReachSnapshot *s);
  int (*stage)(ReachBackend *b);
  int (*total)(ReachBackend *b);
  // Optional: goes to the start of start_phase now, if there is a finished run to replay.
  gboolean (*go_to_start)(ReachBackend *b, GError **error);
  // Optional: the savings study's protocol (issue 19). path NULL: the study (NF1, FF1, NF2, FF2)
  // of the network loaded; else a protocol file whose phases start from the loaded network's
  // grown-up weights (reach_savings_with_protocol). On failure the run is left as it was and
  // error holds the core's message (file:line: [phase.N] key: expected …).
  gboolean (*set_protocol)(ReachBackend *b, const char *path, GError **error);
} ReachBackendClass;

struct _ReachBackend {
  const ReachBackendClass *klass;
  ReachSessionMode mode;
  char *label;                             // human name of the model (translated)
  char *preset;                            // nullable
  char *config_text;                       // INI text of the whole configuration, seed included
  char *engine;                            // the engine stamp (reach_savings_engine), nullable
  int nphase;                              // phases in the protocol (4: the study)
  double phase_field[REACH_APP_MAXPHASE];  // the protocol's curl gain per phase (N·s/m)
  int start_phase;   // the phase (0 .. nphase - 1) a replay of a finished run starts from
  gboolean running;  // set before fill(): a paused run's snapshot is the last for a while, so
                     // what fill() throttles it brings up to date
};

// What a preset says, parsed and validated before any backend is touched.
typedef struct {
  char *path;
  int phase_batches[REACH_NPHASE];
  double phase_field[REACH_NPHASE];
  gboolean want_network;  // the preset describes a network experiment
  char *checkpoint;       // a saved run (.h5) to continue instead of a configuration
  void *config;           // reach_config (network backend), nullable
  char *warning;          // what was assumed for a legitimate but surprising file (nullable)
} ReachPreset;

// Parses and validates; NULL path gives the built-in defaults. On failure nothing is allocated.
ReachPreset *reach_preset_load(const char *path, GError **error);
// A file shipped in data/: the source tree's when run uninstalled, else the installed one
// (which may not exist; callers report that). Free with g_free.
char *reach_data_path(const char *rel);
void reach_preset_free(ReachPreset *p);

ReachBackend *reach_backend_controller_new(const ReachPreset *p, GError **error);
ReachBackend *reach_backend_network_new(const ReachPreset *p, GError **error);
// The tool study's learners: the context models in reach_cmodel order (the SSSM, then SSM1–SSM7),
// then the network itself (study/tool_rnn.h), then COIN. Their ids are the CLI's --learner names.
enum {
  REACH_TOOL_LEARNER_SSSM = 0,
  REACH_TOOL_LEARNER_RNN = 8,
  REACH_TOOL_LEARNER_COIN = 9,
  REACH_TOOL_LEARNER_COUNT
};
// "sssm", "ssm1" … "ssm7", "rnn", "coin" → the learner; -1 if unknown.
int reach_tool_learner_find(const char *id);
// The learner's id; NULL if out of range.
const char *reach_tool_learner_id(int learner);

// The tool study (reach_tool_experiment `experiment`, sequence from `seed`) played trial by trial
// by the bundled network's grown-up weights with `learner` learning.
ReachBackend *reach_backend_tool_new(int experiment, int learner, unsigned long seed,
                                     GError **error);

void reach_backend_free(ReachBackend *b);

// The context model (SSSM) on freshly generated experiment-2 paradigms, opposing and same field.
ReachContextResult *reach_context_compute(unsigned long seed, GError **error);

G_END_DECLS
