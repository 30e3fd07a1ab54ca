// SPDX-License-Identifier: GPL-3.0-or-later
// The configuration of a savings experiment (config.h): its INI key table, defaults and
// validation. The INI machinery itself is io/ini.c; a protocol written as a list of [phase.N]
// sections is protocol.c's.
//
// Every key is described once, in the table `keys` below: section, name, type, where it lives in
// reach_config, its allowed range and the comment that save writes above it. Load, save,
// to_string and validate all walk that table, so a key cannot be readable but not writable, or
// written without being checked.
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "protocol.h"
#include "../io/csv.h"
#include "../io/ini.h"

enum {
  MAX_BATCHES = REACH_CONFIG_MAX_BATCHES,
  MAX_UNITS = 4096,
  MAX_STEPS = 100000,
  MAX_BATCH = REACH_CONFIG_MAX_BATCH
};

const char *const reach_config_optimizer_names[] = {"adam", "sgd", NULL};
static const char *const loss_form_names[] = {"code", "paper", NULL};
static const char *const precision_names[] = {"double", "single", NULL};

typedef reach_ini_key key_desc;

#define OFF(member) offsetof(reach_config, member)
#define INT(s, n, m, lo, hi, help) \
  { s, n, REACH_INI_INT, OFF(m), lo, hi, false, false, help, NULL, false }
#define DBL(s, n, m, lo, hi, lo_open, help) \
  { s, n, REACH_INI_DOUBLE, OFF(m), lo, hi, lo_open, false, help, NULL, false }
#define OPTIM(s, m)                                                                      \
  {s,                                                                                    \
   "optimizer",                                                                          \
   REACH_INI_ENUM,                                                                       \
   OFF(m.kind),                                                                          \
   0,                                                                                    \
   0,                                                                                    \
   false,                                                                                \
   false,                                                                                \
   "adam or sgd (plain, no momentum)",                                                   \
   reach_config_optimizer_names,                                                         \
   false},                                                                               \
      DBL(s, "lr", m.lr, 0, INFINITY, true, "learning rate"),                            \
      {s,                                                                                \
       "lr_decay",                                                                       \
       REACH_INI_DOUBLE,                                                                 \
       OFF(m.lr_decay),                                                                  \
       0,                                                                                \
       1,                                                                                \
       true,                                                                             \
       false,                                                                            \
       "factor applied to lr after every batch (exponential decay); 1 = constant",       \
       NULL,                                                                             \
       false},                                                                           \
      DBL(s, "clip", m.clip, 0, INFINITY, false, "gradient-norm clip; 0 = no clipping"), \
      {s,     "beta1", REACH_INI_DOUBLE,           OFF(m.beta1), 0,    1,                \
       false, true,    "Adam: first-moment decay", NULL,         false},                 \
      {s,                                                                                \
       "beta2",                                                                          \
       REACH_INI_DOUBLE,                                                                 \
       OFF(m.beta2),                                                                     \
       0,                                                                                \
       1,                                                                                \
       false,                                                                            \
       true,                                                                             \
       "Adam: second-moment decay",                                                      \
       NULL,                                                                             \
       false},                                                                           \
      DBL(s, "eps", m.eps, 0, INFINITY, true, "Adam: denominator guard")

static const char *const sections[] = {"experiment", "network", "task", "loss",
                                       "growing_up", "phases",  "train"};
enum { NSECTION = sizeof sections / sizeof sections[0] };

static const key_desc keys[] = {
    {"experiment", "seed", REACH_INI_U64, OFF(seed), 0, 0, false, false,
     "random seed (0 ... 2^64-1); the run is reproducible from this file and the seed", NULL,
     false},
    INT("experiment", "checkpoint_every", checkpoint_every, 0, MAX_BATCHES,
        "batches between checkpoints, growing up and phases alike; 0 = only at stage ends"),

    INT("network", "units", units, 1, MAX_UNITS, "GRU units n"),
    {"network", "context_inputs", REACH_INI_INT, OFF(context_inputs), 0, REACH_MAX_CONTEXT, false,
     false,
     "one-hot context inputs after the 17 sensory ones (zero weights at first, trained in the "
     "phases); [phase.N] context says which is on",
     NULL, true},

    DBL("task", "dt", task.dt, 0, 1, true, "s, simulation and network time step"),
    INT("task", "steps", task.steps, 1, MAX_STEPS, "time steps per trial (100 x 0.01 s = 1 s)"),
    DBL("task", "proprio_delay", task.proprio_delay, 0, INFINITY, false,
        "s, delay of muscle lengths and velocities (a multiple of dt)"),
    DBL("task", "vision_delay", task.vision_delay, 0, INFINITY, false,
        "s, delay of the hand position; also of the go cue and the field onset (a multiple of dt)"),
    DBL("task", "noise_action", task.noise_action, 0, INFINITY, false,
        "standard deviation of the noise added to excitations (excitation units)"),
    DBL("task", "noise_proprio", task.noise_proprio, 0, INFINITY, false,
        "standard deviation of proprioceptive noise (normalised units)"),
    DBL("task", "noise_vision", task.noise_vision, 0, INFINITY, false,
        "m, standard deviation of visual noise"),
    DBL("task", "go_lo", task.go_lo, 0, INFINITY, false,
        "s, earliest go time of training trials (go ~ U(go_lo, go_hi))"),
    DBL("task", "go_hi", task.go_hi, 0, INFINITY, false, "s, latest go time of training trials"),
    DBL("task", "eval_go", task.eval_go, 0, INFINITY, false,
        "s, go time of the centre-out evaluation reaches"),
    {"task", "catch_fraction", REACH_INI_DOUBLE, OFF(task.catch_fraction), 0, 1, false, false,
     "growing up: share of catch trials (no go cue), 0 ... 1", NULL, false},
    {"task", "home_deg", REACH_INI_PAIR, OFF(task.home_deg), 0, 180, false, false,
     "degrees, shoulder and elbow angles of the centre-out start posture", NULL, false},
    {"task", "target_distance", REACH_INI_DOUBLE, OFF(task.target_distance), 0, 1, true, false,
     "m, distance of the centre-out targets from the start", NULL, false},
    INT("task", "n_targets", task.n_targets, 1, 360,
        "centre-out targets, evenly spaced from 0 deg (+x) anticlockwise"),
    INT("task", "ld_start_index", task.ld_start_index, 0, MAX_STEPS - 1,
        "time index of the lateral-deviation start point X1 (below steps)"),

    {"loss", "form", REACH_INI_ENUM, OFF(loss.form), 0, 0, false, false,
     "code (the authors' model.cal_loss) or paper (Eq. 1 literally); savings-paper-spec 1.5",
     loss_form_names, false},
    DBL("loss", "w_position", loss.w_position, 0, INFINITY, false,
        "weight of the L1 distance of hand to desired position (m)"),
    DBL("loss", "w_jerk", loss.w_jerk, 0, INFINITY, false,
        "weight of the squared second difference of hand velocity"),
    DBL("loss", "w_muscle", loss.w_muscle, 0, INFINITY, false, "weight of muscle force (N)"),
    DBL("loss", "w_muscle_deriv", loss.w_muscle_deriv, 0, INFINITY, false,
        "weight of the squared step difference of muscle force"),
    DBL("loss", "w_hidden", loss.w_hidden, 0, INFINITY, false,
        "weight of the squared GRU activity"),
    DBL("loss", "w_hidden_deriv", loss.w_hidden_deriv, 0, INFINITY, false,
        "weight of the squared step difference of GRU activity"),

    INT("growing_up", "batches", grow_batches, 0, MAX_BATCHES,
        "batches of random reaches (all parameters trained)"),
    INT("growing_up", "batch", grow_batch, 1, MAX_BATCH, "trials per batch"),
    OPTIM("growing_up", grow_optim),

    INT("phases", "nf1_batches", phase_batches[0], 0, MAX_BATCHES, "batches in NF1"),
    INT("phases", "ff1_batches", phase_batches[1], 0, MAX_BATCHES, "batches in FF1"),
    INT("phases", "nf2_batches", phase_batches[2], 0, MAX_BATCHES, "batches in NF2"),
    INT("phases", "ff2_batches", phase_batches[3], 0, MAX_BATCHES, "batches in FF2"),
    {"phases", "nf1_field", REACH_INI_DOUBLE, OFF(phase_field[0]), -1000, 1000, false, false,
     "N s/m, curl-field gain b in NF1 (F = b (ydot, -xdot); + = clockwise)", NULL, false},
    {"phases", "ff1_field", REACH_INI_DOUBLE, OFF(phase_field[1]), -1000, 1000, false, false,
     "N s/m, curl-field gain b in FF1 (+ = clockwise)", NULL, false},
    {"phases", "nf2_field", REACH_INI_DOUBLE, OFF(phase_field[2]), -1000, 1000, false, false,
     "N s/m, curl-field gain b in NF2 (+ = clockwise)", NULL, false},
    {"phases", "ff2_field", REACH_INI_DOUBLE, OFF(phase_field[3]), -1000, 1000, false, false,
     "N s/m, curl-field gain b in FF2 (+ = clockwise)", NULL, false},
    INT("phases", "batch_repeats", phase_batch_repeats, 1, 1024,
        "trials per target per batch: 1 (code) or 4 (paper); batch = n_targets x batch_repeats"),
    INT("phases", "catch", phase_catch, 0, MAX_BATCH,
        "catch trials per batch, at most the batch: 4 (code) or 16 (paper)"),
    OPTIM("phases", phase_optim),
    {"phases", "freeze_h0", REACH_INI_BOOL, OFF(freeze_h0), 0, 0, false, false,
     "true = the initial state h0 is frozen too (the code trains it)", NULL, false},
    {"phases", "freeze_b_hh", REACH_INI_BOOL, OFF(freeze_b_hh), 0, 0, false, false,
     "true = the recurrent biases are frozen too (the paper's 'recurrent weights only')", NULL,
     false},

    {"train", "precision", REACH_INI_ENUM, OFF(precision), 0, 0, false, false,
     "double or single: the GRU's arithmetic in training and evaluation passes (single: "
     "float, about twice as fast; plant, loss and optimiser stay double)",
     precision_names, false},
    INT("train", "threads", threads, 1, 64,
        "threads that train one network together (same weights, bit for bit, as 1); for many "
        "networks use savings --jobs instead"),
};
enum { NKEY = sizeof keys / sizeof keys[0] };

static const reach_ini_table table = {sections, NSECTION, keys, NKEY};

// The four-phase keys of [phases], which a protocol written as a list replaces.
static bool is_four_phase_key(const key_desc *k) {
  return strcmp(k->section, "phases") == 0 &&
         (strstr(k->name, "_batches") || strstr(k->name, "_field"));
}

// 17: the rollout's sensory, target and go inputs (learn/rollout.h REACH_OBS, a layer above).
int reach_config_inputs(const reach_config *c) { return 17 + c->context_inputs; }

void reach_config_default(reach_config *c) {
  memset(c, 0, sizeof *c);
  c->seed = 0;
  c->units = 128;
  c->task = (reach_task_config){
      .dt = 0.01,
      .steps = 100,
      .proprio_delay = 0.02,
      .vision_delay = 0.07,
      .noise_action = 1e-4,
      .noise_proprio = 1e-3,
      .noise_vision = 1e-4,
      .go_lo = 0.1,
      .go_hi = 0.3,
      .eval_go = 0.44,
      .catch_fraction = 0.5,
      .home_deg = {60, 90},
      .target_distance = 0.10,
      .n_targets = 8,
      .ld_start_index = 25,
  };
  c->loss = (reach_loss_config){
      .form = REACH_LOSS_CODE,
      .w_position = 1e3,
      .w_jerk = 1e5,
      .w_muscle = 1e-1,
      .w_muscle_deriv = 3e-4,
      .w_hidden = 1e-5,
      .w_hidden_deriv = 1e-3,
  };
  c->grow_batches = 20000;
  c->grow_batch = 32;
  c->grow_optim = (reach_optim_config){REACH_OPT_ADAM, 3e-3, 0.9999, 1.0, 0.9, 0.999, 1e-8};
  const int pb[REACH_NPHASE] = {10000, 3200, 10000, 3200};
  const double pf[REACH_NPHASE] = {0, 8, 0, 8};
  memcpy(c->phase_batches, pb, sizeof pb);
  memcpy(c->phase_field, pf, sizeof pf);
  c->phase_batch_repeats = 1;
  c->phase_catch = 4;
  // Adam's betas and eps are unused by SGD, but kept at Adam's defaults so switching
  // `optimizer = adam` alone gives a sensible Adam.
  c->phase_optim = (reach_optim_config){REACH_OPT_SGD, 5e-3, 1.0, 1.0, 0.9, 0.999, 1e-8};
  c->freeze_h0 = false;
  c->freeze_b_hh = false;
  c->checkpoint_every = 1000;
  c->precision = REACH_PRECISION_DOUBLE;
  c->threads = 1;
}

// ---------------------------------------------------------------------------------------------
// Validation

static void fmt_double(char *buf, size_t len, double x) { reach_ini_format_double(buf, len, x); }

static int find_key(const char *section, const char *name) {
  return reach_ini_find(&table, section, name);
}

static reach_status validate_all(const reach_config *c, int *bad, int *bad_phase,
                                 int *bad_phase_key, reach_error *err);

// Checks c; on failure sets err ("[section] key: expected ..., got ...") and *bad to the index
// of the key at fault, so a caller that read c from a file can add FILE:LINE.
static reach_status validate(const reach_config *c, int *bad, reach_error *err) {
  int bp = -1, bk = -1;
  return validate_all(c, bad, &bp, &bk, err);
}

static reach_status validate_all(const reach_config *c, int *bad, int *bad_phase,
                                 int *bad_phase_key, reach_error *err) {
  *bad_phase = -1;
  reach_status st = reach_ini_check(&table, c, bad, err);
  if (st != REACH_OK) return st;

  // Relations between keys.
  const reach_task_config *t = &c->task;
  const double trial = t->steps * t->dt;
  char a[40], b[40];
  const struct {
    const char *name;
    double v;
  } delays[] = {{"proprio_delay", t->proprio_delay}, {"vision_delay", t->vision_delay}};
  for (int i = 0; i < 2; i++) {
    const double n = delays[i].v / t->dt;
    fmt_double(a, sizeof a, delays[i].v);
    fmt_double(b, sizeof b, t->dt);
    // Delays are FIFO buffers of whole steps; 1e-9 absorbs decimal noise such as 0.07 / 0.01.
    if (fabs(n - round(n)) > 1e-9 * fmax(1.0, n)) {
      *bad = find_key("task", delays[i].name);
      return reach_error_set(err, REACH_ERR_RANGE,
                             "[task] %s: expected a multiple of dt = %s s, got %s", delays[i].name,
                             b, a);
    }
    if (round(n) >= t->steps) {
      *bad = find_key("task", delays[i].name);
      return reach_error_set(err, REACH_ERR_RANGE,
                             "[task] %s: expected less than the trial (%d steps of %s s), got %s",
                             delays[i].name, t->steps, b, a);
    }
  }
  if (!(t->go_hi >= t->go_lo)) {
    fmt_double(a, sizeof a, t->go_hi);
    fmt_double(b, sizeof b, t->go_lo);
    *bad = find_key("task", "go_hi");
    return reach_error_set(err, REACH_ERR_RANGE,
                           "[task] go_hi: expected at least go_lo = %s, got %s", b, a);
  }
  const struct {
    const char *name;
    double v;
  } times[] = {{"go_lo", t->go_lo}, {"go_hi", t->go_hi}, {"eval_go", t->eval_go}};
  fmt_double(b, sizeof b, trial);
  for (int i = 0; i < 3; i++) {
    if (!(times[i].v < trial)) {
      fmt_double(a, sizeof a, times[i].v);
      *bad = find_key("task", times[i].name);
      return reach_error_set(err, REACH_ERR_RANGE,
                             "[task] %s: expected a time within the trial (< steps x dt = %s s), "
                             "got %s",
                             times[i].name, b, a);
    }
  }
  if (t->ld_start_index >= t->steps) {
    *bad = find_key("task", "ld_start_index");
    return reach_error_set(err, REACH_ERR_RANGE,
                           "[task] ld_start_index: expected an index below steps = %d, got %d",
                           t->steps, t->ld_start_index);
  }
  // MotorNet's joint limits (savings-paper-spec §1.1): a start outside them would be clamped.
  const double qmax[2] = {135, 155};
  const char *qname[2] = {"shoulder", "elbow"};
  for (int i = 0; i < 2; i++) {
    if (t->home_deg[i] > qmax[i]) {
      fmt_double(a, sizeof a, t->home_deg[i]);
      *bad = find_key("task", "home_deg");
      return reach_error_set(err, REACH_ERR_RANGE,
                             "[task] home_deg: expected the %s angle within its joint range [0, "
                             "%.0f] degrees, got %s",
                             qname[i], qmax[i], a);
    }
  }
  const long pbatch = (long)t->n_targets * c->phase_batch_repeats;
  if (pbatch > MAX_BATCH) {
    *bad = find_key("phases", "batch_repeats");
    return reach_error_set(err, REACH_ERR_RANGE,
                           "[phases] batch_repeats: expected n_targets x batch_repeats <= %d, got "
                           "%d x %d",
                           MAX_BATCH, t->n_targets, c->phase_batch_repeats);
  }
  if (c->phase_catch > pbatch) {
    *bad = find_key("phases", "catch");
    return reach_error_set(err, REACH_ERR_RANGE,
                           "[phases] catch: expected at most the phase batch (n_targets x "
                           "batch_repeats = %ld), got %d",
                           pbatch, c->phase_catch);
  }
  return reach_protocol_validate(c, bad_phase, bad_phase_key, err);
}

reach_status reach_config_validate(const reach_config *c, reach_error *err) {
  int bad = -1;
  return validate(c, &bad, err);
}

// ---------------------------------------------------------------------------------------------
// Writing

static const char preamble[] =
    "# ReachLab savings experiment (savings-paper-spec: section 0, 1.2-1.7).\n"
    "# Every key is optional: a missing key keeps the authors' setting (paper.ini).\n";

char *reach_config_to_string(const reach_config *c) {
  // Four phases written the old way give the text every such file has always held.
  if (c->nphase == 0) return reach_ini_to_string(&table, c, preamble);
  key_desc kept[NKEY];
  int nk = 0;
  for (int k = 0; k < NKEY; k++)
    if (!is_four_phase_key(&keys[k])) kept[nk++] = keys[k];
  const reach_ini_table t = {sections, NSECTION, kept, nk};
  return reach_protocol_append(c, reach_ini_to_string(&t, c, preamble));
}

int reach_config_differ(const reach_config *have, const reach_config *want, char *why, size_t len) {
  // The protocols, resolved: four phases written either way train alike. Two files of the old
  // form are compared key by key below, as they always were.
  const bool lists = have->nphase > 0 || want->nphase > 0;
  reach_phase pa[REACH_MAX_PHASES], pb[REACH_MAX_PHASES];
  const int na = reach_config_phases(have, pa), nb = reach_config_phases(want, pb);
  if (lists && na != nb) {
    if (why) snprintf(why, len, "a protocol of %d phases, not %d", na, nb);
    return 1;
  }
  if (lists && reach_protocol_differ(pa, pb, na, why, len)) return 1;
  for (int k = 0; k < NKEY; k++) {
    if (keys[k].off == OFF(checkpoint_every)) continue;  // when to save changes no result
    if (keys[k].off == OFF(threads)) continue;           // bit-identical on any number of threads
    if (lists && is_four_phase_key(&keys[k])) continue;  // compared as the protocols above
    char a[128], b[128];
    reach_ini_format_value(&keys[k], have, a, sizeof a);
    reach_ini_format_value(&keys[k], want, b, sizeof b);
    if (strcmp(a, b) != 0) {
      if (why) snprintf(why, len, "[%s] %s = %s, not %s", keys[k].section, keys[k].name, a, b);
      return 1;
    }
  }
  return 0;
}

reach_status reach_config_save(const reach_config *c, const char *path, reach_error *err) {
  int bad = -1;
  reach_error verr;
  if (validate(c, &bad, &verr) != REACH_OK)
    return reach_error_set(err, verr.code, "%s: not saved: %s", path, verr.msg);
  char *text = reach_config_to_string(c);
  if (!text) return reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
  reach_file f;
  reach_status st = reach_file_begin(&f, path, err);
  if (st == REACH_OK) {
    fputs(text, f.fp);
    st = reach_file_commit(&f, err);
  }
  free(text);
  return st;
}

// ---------------------------------------------------------------------------------------------
// Reading

reach_status reach_config_load_data(reach_config *c, const char *text, const char *origin,
                                    reach_error *err) {
  if (!origin) origin = "(configuration)";
  int where[NKEY];
  reach_config tmp;
  reach_config_default(&tmp);
  reach_protocol_text parts;
  reach_status st = reach_protocol_split(text, origin, &parts, err);
  if (st != REACH_OK) {
    reach_protocol_text_free(&parts);
    return st;
  }
  st = reach_ini_parse(&table, parts.main, origin, &tmp, where, err);
  for (int k = 0; st == REACH_OK && parts.n > 0 && k < NKEY; k++)
    if (is_four_phase_key(&keys[k]) && where[k])
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s:%d: [phases] %s: a protocol of [phase.N] sections gives each "
                           "phase's batches and field in its own section",
                           origin, where[k], keys[k].name);
  if (st == REACH_OK) st = reach_protocol_parse(&parts, &tmp, origin, err);
  reach_protocol_text_free(&parts);  // keeps the lines, parts.where and parts.header_line
  if (st != REACH_OK) return st;

  int bad = -1, bad_phase = -1, bad_key = -1;
  reach_error verr;
  if (validate_all(&tmp, &bad, &bad_phase, &bad_key, &verr) != REACH_OK) {
    if (bad_phase >= 0) {
      const int *pwhere = parts.where[bad_phase];
      const int line =
          bad_key >= 0 && pwhere[bad_key] ? pwhere[bad_key] : parts.header_line[bad_phase];
      return reach_error_set(err, verr.code, "%s:%d: %s", origin, line, verr.msg);
    }
    if (bad >= 0 && where[bad])
      return reach_error_set(err, verr.code, "%s:%d: %s", origin, where[bad], verr.msg);
    return reach_error_set(err, verr.code, "%s: %s", origin, verr.msg);
  }
  *c = tmp;  // c is only changed by a load that succeeds
  return REACH_OK;
}

reach_status reach_config_load(reach_config *c, const char *path, reach_error *err) {
  char *text = NULL;
  reach_status st = reach_ini_read_file(path, &text, err);
  if (st == REACH_OK) st = reach_config_load_data(c, text, path, err);
  free(text);
  return st;
}
