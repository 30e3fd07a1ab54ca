// SPDX-License-Identifier: GPL-3.0-or-later
// reach_savings: one network through the savings protocol (savings-paper-spec §1.6-§1.7): growing
// up, then NF1 → FF1 → NF2 → FF2. The experiment owns everything a run needs (parameters,
// optimiser, rollout buffers, random stream, logs), allocated once at creation; stepping it never
// allocates. It is not thread-safe: one thread steps it (the CLI's, or the app's worker), and
// readers take copies (reach_savings_trace, reach_savings_ld).
#ifndef REACH_SAVINGS_H
#define REACH_SAVINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/error.h"
#include "../task/config.h"
#include "../task/trace.h"

typedef struct reach_savings reach_savings;

// A stage is growing up, a phase's index in the protocol (reach_config_phases: NF1 ... FF2 in
// the four-phase study), or done.
typedef enum reach_stage {
  REACH_STAGE_GROW = -1,
  REACH_STAGE_NF1 = 0,
  REACH_STAGE_FF1,
  REACH_STAGE_NF2,
  REACH_STAGE_FF2,
  REACH_STAGE_DONE = REACH_MAX_PHASES,
} reach_stage;

// The protocol the run follows (reach_config_phases of its configuration), and its length.
const reach_phase *reach_savings_phases(const reach_savings *e, int *n);

reach_status reach_savings_create(const reach_config *c, reach_savings **out, reach_error *err);
void reach_savings_free(reach_savings *e);
const reach_config *reach_savings_config(const reach_savings *e);

// Where the run is: stage and the number of batches done in it.
reach_stage reach_savings_stage(const reach_savings *e);
int reach_savings_batch(const reach_savings *e);

// One batch: in the phases an evaluation rollout of the centre-out reaches is logged first (so
// batch 0 of FF1 is the trained network meeting the field), then one gradient update. Moves to
// the next stage when the current one is complete. REACH_ERR_NUMERIC if the loss or a gradient
// is NaN/Inf: the message names the stage, batch and quantity, and the parameters are left as
// they were before the batch.
reach_status reach_savings_step(reach_savings *e, reach_error *err);
// Steps the network on n threads from now on ([train] threads; e.g. after loading a checkpoint).
// The result is bit-identical on any n. REACH_ERR_NOMEM (threads kept) if a thread cannot start.
reach_status reach_savings_set_threads(reach_savings *e, int n, reach_error *err);
// Skip growing up (e.g. after loading grown-up weights).
void reach_savings_skip_growing_up(reach_savings *e);

// The flat parameter vector (layout: reach_savings_gru) and its length; owned by e.
const double *reach_savings_params(const reach_savings *e, size_t *n);
const struct reach_gru *reach_savings_gru(const reach_savings *e);
// The weights at the end of a finished stage (growing up or a phase), or NULL if it has not
// finished. The NF1-final weights are the network FF1 batch 0 evaluates.
const double *reach_savings_snapshot(const reach_savings *e, reach_stage s);
// Replaces the current weights (e.g. with a snapshot, to replay a phase's network in the app).
void reach_savings_set_params(reach_savings *e, const double *theta);
// Loss of the last training batch.
double reach_savings_last_loss(const reach_savings *e);

// Per-batch logs of the phases: evaluation mean LD (m, + = clockwise) and training loss.
// Returns the number of entries logged so far in `phase` and points *ld / *loss at them.
int reach_savings_ld(const reach_savings *e, int phase, const double **ld, const double **loss);
// The same for the evaluation reaches' mean direction error at peak speed (degrees, + =
// clockwise; reach_rollout_direction_error): the adaptation measure of a rotation. NAN entries
// where a file from before this log was loaded.
int reach_savings_direction_error(const reach_savings *e, int phase, const double **deg);
// Growing-up loss per batch so far.
int reach_savings_grow_loss(const reach_savings *e, const double **loss);

// Runs the 8 centre-out evaluation reaches with the current weights in a curl field of gain
// `field` (no gradient, no catch, go at eval_go) and fills t (sized for the experiment's
// n_targets, steps and units). Its noise comes from its own stream, restarted for every trace:
// training is not perturbed, and the same weights always give the same trace.
reach_status reach_savings_trace(reach_savings *e, double field, reach_trace *t, reach_error *err);

// The same with a one-step push of the hidden state: after step `index` − 1 produces hidden state
// `index` (trace numbering, h0 = 0), `push` [units] is added to it in every reach, and the
// reaches continue from there (savings-paper-spec §2.5: m × the uniform-shift vector at −340 ms).
// push = NULL is reach_savings_trace.
reach_status reach_savings_trace_pushed(reach_savings *e, double field, int index,
                                        const double *push, reach_trace *t, reach_error *err);

// A run with configuration c that starts at the end of the growing up saved in `path` (a
// savings file, finished or not, of the same seed): the grown-up weights, growing-up loss log and
// random streams as they were when growing up ended (snapshots/growing_up and
// rng_grown_up), so stepping it gives bit for bit the run reach_savings_create(c)
// would give. Only the [phases] keys (and checkpoint_every) may differ from the file's; otherwise
// REACH_ERR_USAGE names the file and the first differing key. Also refused: a file still growing
// up, or one without the streams' states whose phases have started.
reach_status reach_savings_from_grown_up(const reach_config *c, const char *path,
                                         reach_savings **out, reach_error *err);

// The phase list of `protocol` (a protocol file's configuration; `origin` names it in messages)
// on src's grown-up network: the app's Protocol choice. The run keeps src's configuration for
// everything growing up reads (units, task, loss, [growing_up], seed, precision) and takes the
// protocol's [phases] keys, phase list and [network] context_inputs; the protocol's own units and
// growing up describe how its networks grow and are not used. It starts at the first phase from
// src's growing-up snapshot (new context columns zero, as reach_savings_from_grown_up) with src's
// growing-up loss and, where src kept them, its streams at the end of growing up: then it is bit
// for bit the run reach_savings_from_grown_up gives for the same protocol and network. Refused
// (REACH_ERR_USAGE, naming origin): src still growing up, or a protocol with fewer context inputs
// than src has trained. src is only read.
reach_status reach_savings_with_protocol(const reach_savings *src, const reach_config *protocol,
                                         const char *origin, reach_savings **out, reach_error *err);

// A run of src's configuration that starts at the beginning of `phase` (NF1 … FF2) from src's
// weights at the end of the stage before it (snapshots/growing_up for NF1, else the previous
// phase's), with src's growing-up loss, snapshots and LD logs of the phases before `phase`
// copied, so a finished run can be replayed from any phase: the app's "start from". The random
// streams are src's at the end of growing up (where src kept them): from NF1 that is src's own
// run bit for bit; from a later phase the batches differ from src's (src does not keep its
// streams at each phase start), the network is the same. REACH_ERR_USAGE if src has not finished
// the stage before `phase`, or `phase` is not a phase.
reach_status reach_savings_from_phase(const reach_savings *src, reach_stage phase,
                                      reach_savings **out, reach_error *err);

// The engine that computes a run of configuration c: "reachlab VERSION; " followed by the
// numerics (GEMM kernel and its summation order, precision), never the thread count. Files carry
// it as the root attribute `engine` (docs/hdf5-layout.md); a run is continued or counted only by
// the engine that wrote it, since another engine's sums round differently.
void reach_savings_engine(const reach_config *c, char *buf, size_t len);

// Weights and results in HDF5 (layout in docs/hdf5-layout.md). Save is atomic and stamps the
// file with reach_savings_engine. Load reads any engine's file (the app and the tool study only
// look at the weights); reach_savings_check_engine is what a run that continues or counts the
// file asks: REACH_ERR_PARSE, naming `path` and both stamps, if another engine (or one from
// before the stamps) wrote it.
reach_status reach_savings_save(const reach_savings *e, const char *path, reach_error *err);
reach_status reach_savings_load(const char *path, reach_savings **out, reach_error *err);
// The stamp of the file e was loaded from ("" for a new run or a file from before the stamps).
const char *reach_savings_file_engine(const reach_savings *e);
reach_status reach_savings_check_engine(const reach_savings *e, const char *path, reach_error *err);
// The bundled trained network, relative to the data directory (data/networks/README.md): what the
// app opens at first launch and the CLI's tool study plays by default.
#define REACH_BUNDLED_NETWORK "networks/demo/network.h5"

#endif
