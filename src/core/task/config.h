// SPDX-License-Identifier: GPL-3.0-or-later
// Everything that defines one savings experiment (savings-paper-spec §0, §1.2-§1.7): network,
// task, loss, growing up and the four phases. A run is reproducible from this struct and its
// seed alone; it is what INI presets hold and what checkpoints store.
//
// Defaults follow the authors' code where paper and code differ (spec §8); the paper's choice is
// a switch.
#ifndef REACH_LEARN_CONFIG_H
#define REACH_LEARN_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "phase.h"

typedef enum reach_optimizer { REACH_OPT_ADAM = 0, REACH_OPT_SGD } reach_optimizer;

typedef enum reach_loss_form {
  REACH_LOSS_CODE = 0,  // model.cal_loss: means, muscle force linear, raw differences (spec §1.5)
  REACH_LOSS_PAPER,     // Eq. 1 literally: fᵀf, sums over units, derivatives divided by dt
} reach_loss_form;

// The GRU's arithmetic in a run's passes ([train] precision): training batches and the reaches
// evaluated after each. Double is the reference (and what the gradient test checks); single
// runs the GRU in float, about twice as fast. The plant, loss and optimiser are double in both.
typedef enum reach_precision { REACH_PRECISION_DOUBLE = 0, REACH_PRECISION_SINGLE } reach_precision;

typedef struct reach_optim_config {
  reach_optimizer kind;
  double lr;        // learning rate
  double lr_decay;  // multiplied into lr after every batch (ExponentialLR γ); 1 = constant
  double clip;      // gradient-norm clip; 0 = none
  double beta1, beta2, eps;  // Adam
} reach_optim_config;

typedef struct reach_loss_config {
  reach_loss_form form;
  double w_position;      // 1e3, L1 of hand − desired
  double w_jerk;          // 1e5, (Δ²v)²
  double w_muscle;        // 1e-1, force (N)
  double w_muscle_deriv;  // 3e-4, (Δf)²
  double w_hidden;        // 1e-5, h²
  double w_hidden_deriv;  // 1e-3, (Δh)²
} reach_loss_config;

typedef struct reach_task_config {
  double dt;               // s (0.01)
  int steps;               // per trial (100 = 1 s)
  double proprio_delay;    // s (0.02)
  double vision_delay;     // s (0.07); also the delay of the go cue and of the field onset
  double noise_action;     // σ, excitation units (1e-4)
  double noise_proprio;    // σ, normalised units (1e-3)
  double noise_vision;     // σ, m (1e-4)
  double go_lo, go_hi;     // training go time ~ U(go_lo, go_hi) s (0.1, 0.3)
  double eval_go;          // evaluation go time (0.44 s)
  double catch_fraction;   // growing up: share of catch trials (0.5)
  double home_deg[2];      // centre-out start posture, degrees (60, 90)
  double target_distance;  // m (0.10)
  int n_targets;           // 8, at 0°, 45°, ...
  int ld_start_index;      // LD start point X1 = hand at this time index (25)
} reach_task_config;

// One phase of a protocol ([phase.N] in the INI; docs/protocols.md). The perturbation acts from the
// go step on (curl) or all the time about the start (rotation, which only the visual feedback
// sees). lr, optimizer, batch_repeats and catch start as the [phases] values, so a phase names
// only what it changes.
typedef enum reach_phase_kind {
  REACH_PHASE_NULL = 0,  // no perturbation
  REACH_PHASE_CURL,      // curl field of gain `gain`
  REACH_PHASE_ROTATION,  // visuomotor rotation of `angle_deg`
} reach_phase_kind;

enum { REACH_MAX_PHASES = 16, REACH_PHASE_NAME = 16, REACH_MAX_CONTEXT = 8 };

typedef struct reach_phase {
  char name[REACH_PHASE_NAME];  // letters, digits, '_' or '-'; unique in the protocol
  reach_phase_kind kind;
  double gain;       // curl: N·s/m, + = clockwise
  double angle_deg;  // rotation: degrees, + = counter-clockwise
  int context;       // 0 = no context input on; 1 ... K = which one-hot input is on
  int batches;
  reach_optimizer optimizer;
  double lr;
  int batch_repeats, catch_trials;
} reach_phase;

typedef struct reach_config {
  uint64_t seed;
  int units;  // GRU size n
  reach_task_config task;
  reach_loss_config loss;

  // Growing up: random reaches, all parameters trained.
  int grow_batches;               // 20000
  int grow_batch;                 // 32
  reach_optim_config grow_optim;  // Adam 3e-3, γ 0.9999, clip 1

  // Phases NF1, FF1, NF2, FF2: centre-out, W_ih, b_ih, W_out, b_out frozen.
  int phase_batches[REACH_NPHASE];   // 10000, 3200, 10000, 3200
  double phase_field[REACH_NPHASE];  // curl gain b (N·s/m), + = clockwise: 0, 8, 0, 8
  int phase_batch_repeats;           // trials per target per batch: 1 (code) or 4 (paper)
  int phase_catch;                   // catch trials per batch: 4 (code) or 16 (paper)
  reach_optim_config phase_optim;    // SGD 5e-3, no decay, clip 1
  bool freeze_h0;                    // false (code); true freezes h0 in the phases too
  bool freeze_b_hh;                  // false (code); true = the paper's "recurrent weights only"
  // The protocol as a list ([phase.1] ... [phase.N]). nphase = 0: the four phases above
  // (phase_batches, phase_field, named NF1 ... FF2), which is what every file written before the
  // lists holds and how such a file is written back (reach_config_phases resolves either form).
  int nphase;
  reach_phase phase[REACH_MAX_PHASES];
  // [network] context_inputs: K one-hot context inputs after the 17 sensory ones. Their weights
  // start at zero and are trained in the phases (with the recurrent ones); 0 = none.
  int context_inputs;

  int checkpoint_every;  // batches between checkpoints (0 = only at phase ends)

  reach_precision precision;  // of the GRU in the run's passes (training and evaluation reaches)
  // [train] threads: threads stepping one network (1 = the calling thread alone). The rows of
  // the products and the columns of the weight gradients are split, never a sum, so the result
  // is bit-identical on any number; not compared by reach_config_differ.
  int threads;
} reach_config;

// The protocol c runs, as a list: c->phase if c->nphase > 0, else the four phases of
// phase_batches/phase_field (kind curl where the field is not 0, optimizer and lr, batch_repeats
// and catch from [phases]). Returns the number of phases.
int reach_config_phases(const reach_config *c, reach_phase out[REACH_MAX_PHASES]);
// Network inputs: the rollout's 17 plus the context inputs.
int reach_config_inputs(const reach_config *c);

// The authors' settings (paper.ini).
void reach_config_default(reach_config *c);

// Checks every field's range; the message names the INI section and key
// (e.g. "[phases] ff1_batches: expected an integer in [0, 1000000], got -3").
reach_status reach_config_validate(const reach_config *c, reach_error *err);

// INI files (GLib GKeyFile). Load starts from reach_config_default, so a preset names only what
// it changes. Errors name the file, the [section] key and the expected value. Save writes every
// key, atomically (temporary file, then rename).
reach_status reach_config_load(reach_config *c, const char *path, reach_error *err);
reach_status reach_config_load_data(reach_config *c, const char *text, const char *origin,
                                    reach_error *err);
reach_status reach_config_save(const reach_config *c, const char *path, reach_error *err);
// The INI text of c (caller frees with free()); stored inside checkpoints and exports.
char *reach_config_to_string(const reach_config *c);
// Whether two configurations would train differently: 1 with the first differing key, in INI
// order, written into why (if not NULL) as "[section] key = HAVE, not WANT"; 0 when every key but
// checkpoint_every (which only says when to save) and threads (which never changes a result)
// agrees as the INI file would write it.
int reach_config_differ(const reach_config *have, const reach_config *want, char *why, size_t len);

#endif
