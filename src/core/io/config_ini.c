// SPDX-License-Identifier: GPL-3.0-or-later
// INI files for reach_config (learn/config.h) with GLib's GKeyFile.
//
// Every key is described once, in the table `keys` below: section, name, type, where it lives in
// reach_config, its allowed range and the comment that save writes above it. Load, save,
// to_string and validate all walk that table, so a key cannot be readable but not writable, or
// written without being checked.
//
// GKeyFile silently merges repeated groups, lets a repeated key win and reports no line numbers.
// A typo in a preset must never fall back to a default without a word, so the text is first
// scanned line by line here: unknown sections and keys and repeats are errors naming FILE:LINE,
// and the line of every key is kept so value errors can name it too. GKeyFile then does the
// parsing proper (escapes, UTF-8). Numbers go through g_ascii_strtod/g_ascii_formatd, which ignore
// the locale (the app's locale may use a decimal comma).
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../learn/config.h"
#include "csv.h"

const char *const reach_phase_names[REACH_NPHASE] = {"NF1", "FF1", "NF2", "FF2"};

enum { MAX_BATCHES = 1000000, MAX_UNITS = 4096, MAX_STEPS = 100000, MAX_BATCH = 65536 };

typedef enum key_kind {
  K_INT,     // int, range [lo, hi]
  K_U64,     // uint64_t, any value
  K_DOUBLE,  // double, finite, range given by lo/hi and the open flags
  K_BOOL,    // bool: true or false
  K_OPT,     // reach_optimizer: adam | sgd
  K_FORM,    // reach_loss_form: code | paper
  K_PREC,    // reach_precision: double | single
  K_PAIR,    // double[2]: "a, b", each in [lo, hi]
} key_kind;

typedef struct key_desc {
  const char *section, *name;
  key_kind kind;
  size_t off;       // offset in reach_config
  double lo, hi;    // allowed range (K_INT, K_DOUBLE, K_PAIR); ±INFINITY = unbounded
  bool lo_open, hi_open;
  const char *help; // the comment save writes above the key: unit and meaning
} key_desc;

#define OFF(member) offsetof(reach_config, member)
#define INT(s, n, m, lo, hi, help) {s, n, K_INT, OFF(m), lo, hi, false, false, help}
#define DBL(s, n, m, lo, hi, lo_open, help) {s, n, K_DOUBLE, OFF(m), lo, hi, lo_open, false, help}
#define OPTIM(s, m)                                                                             \
  {s, "optimizer", K_OPT, OFF(m.kind), 0, 0, false, false, "adam or sgd (plain, no momentum)"}, \
  DBL(s, "lr", m.lr, 0, INFINITY, true, "learning rate"),                                      \
  {s, "lr_decay", K_DOUBLE, OFF(m.lr_decay), 0, 1, true, false,                                \
   "factor applied to lr after every batch (exponential decay); 1 = constant"},                \
  DBL(s, "clip", m.clip, 0, INFINITY, false, "gradient-norm clip; 0 = no clipping"),           \
  {s, "beta1", K_DOUBLE, OFF(m.beta1), 0, 1, false, true, "Adam: first-moment decay"},         \
  {s, "beta2", K_DOUBLE, OFF(m.beta2), 0, 1, false, true, "Adam: second-moment decay"},        \
  DBL(s, "eps", m.eps, 0, INFINITY, true, "Adam: denominator guard")

static const char *const sections[] = {"experiment", "network",    "task",
                                       "loss",       "growing_up", "phases", "train"};
enum { NSECTION = sizeof sections / sizeof sections[0] };

static const key_desc keys[] = {
    {"experiment", "seed", K_U64, OFF(seed), 0, 0, false, false,
     "random seed (0 ... 2^64-1); the run is reproducible from this file and the seed"},
    INT("experiment", "checkpoint_every", checkpoint_every, 0, MAX_BATCHES,
        "batches between checkpoints, growing up and phases alike; 0 = only at stage ends"),

    INT("network", "units", units, 1, MAX_UNITS, "GRU units n"),

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
    {"task", "catch_fraction", K_DOUBLE, OFF(task.catch_fraction), 0, 1, false, false,
     "growing up: share of catch trials (no go cue), 0 ... 1"},
    {"task", "home_deg", K_PAIR, OFF(task.home_deg), 0, 180, false, false,
     "degrees, shoulder and elbow angles of the centre-out start posture"},
    {"task", "target_distance", K_DOUBLE, OFF(task.target_distance), 0, 1, true, false,
     "m, distance of the centre-out targets from the start"},
    INT("task", "n_targets", task.n_targets, 1, 360,
        "centre-out targets, evenly spaced from 0 deg (+x) anticlockwise"),
    INT("task", "ld_start_index", task.ld_start_index, 0, MAX_STEPS - 1,
        "time index of the lateral-deviation start point X1 (below steps)"),

    {"loss", "form", K_FORM, OFF(loss.form), 0, 0, false, false,
     "code (the authors' model.cal_loss) or paper (Eq. 1 literally); savings-paper-spec 1.5"},
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
    {"phases", "nf1_field", K_DOUBLE, OFF(phase_field[0]), -1000, 1000, false, false,
     "N s/m, curl-field gain b in NF1 (F = b (ydot, -xdot); + = clockwise)"},
    {"phases", "ff1_field", K_DOUBLE, OFF(phase_field[1]), -1000, 1000, false, false,
     "N s/m, curl-field gain b in FF1 (+ = clockwise)"},
    {"phases", "nf2_field", K_DOUBLE, OFF(phase_field[2]), -1000, 1000, false, false,
     "N s/m, curl-field gain b in NF2 (+ = clockwise)"},
    {"phases", "ff2_field", K_DOUBLE, OFF(phase_field[3]), -1000, 1000, false, false,
     "N s/m, curl-field gain b in FF2 (+ = clockwise)"},
    INT("phases", "batch_repeats", phase_batch_repeats, 1, 1024,
        "trials per target per batch: 1 (code) or 4 (paper); batch = n_targets x batch_repeats"),
    INT("phases", "catch", phase_catch, 0, MAX_BATCH,
        "catch trials per batch, at most the batch: 4 (code) or 16 (paper)"),
    OPTIM("phases", phase_optim),
    {"phases", "freeze_h0", K_BOOL, OFF(freeze_h0), 0, 0, false, false,
     "true = the initial state h0 is frozen too (the code trains it)"},
    {"phases", "freeze_b_hh", K_BOOL, OFF(freeze_b_hh), 0, 0, false, false,
     "true = the recurrent biases are frozen too (the paper's 'recurrent weights only')"},

    {"train", "precision", K_PREC, OFF(precision), 0, 0, false, false,
     "double or single: the GRU's arithmetic in training and evaluation passes (single: "
     "float, about twice as fast; plant, loss and optimiser stay double)"},
    INT("train", "threads", threads, 1, 64,
        "threads that train one network together (same weights, bit for bit, as 1); for many "
        "networks use savings --jobs instead"),
};
enum { NKEY = sizeof keys / sizeof keys[0] };

#define FIELD(c, k, type) ((type *)(void *)((char *)(c) + keys[k].off))
#define CFIELD(c, k, type) ((const type *)(const void *)((const char *)(c) + keys[k].off))

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
// Formatting

// The shortest of 15, 16 or 17 significant digits that reads back as the same double: exact
// round trips, and 0.1 stays "0.1" for a person reading the file.
static void fmt_double(char *buf, size_t len, double x) {
  static const char *const fmt[] = {"%.15g", "%.16g", "%.17g"};
  for (int i = 0; i < 3; i++) {
    g_ascii_formatd(buf, (gint)len, fmt[i], x);
    if (g_ascii_strtod(buf, NULL) == x) return;
  }
}

// "a number in [0, 1)", "an integer in [1, 4096]", "a number > 0", ...
static void describe(int k, char *buf, size_t len) {
  const key_desc *d = &keys[k];
  char lo[40], hi[40];
  fmt_double(lo, sizeof lo, d->lo);
  fmt_double(hi, sizeof hi, d->hi);
  switch (d->kind) {
    case K_INT:
      snprintf(buf, len, "an integer in [%s, %s]", lo, hi);
      break;
    case K_U64:
      snprintf(buf, len, "an integer in [0, 18446744073709551615]");
      break;
    case K_BOOL:
      snprintf(buf, len, "true or false");
      break;
    case K_OPT:
      snprintf(buf, len, "adam or sgd");
      break;
    case K_FORM:
      snprintf(buf, len, "code or paper");
      break;
    case K_PREC:
      snprintf(buf, len, "double or single");
      break;
    case K_PAIR:
      snprintf(buf, len, "two numbers 'a, b', each in [%s, %s]", lo, hi);
      break;
    case K_DOUBLE:
      if (isinf(d->hi))
        snprintf(buf, len, "a number %s %s", d->lo_open ? ">" : ">=", lo);
      else
        snprintf(buf, len, "a number in %c%s, %s%c", d->lo_open ? '(' : '[', lo, hi,
                 d->hi_open ? ')' : ']');
      break;
  }
}

// The value of key k in c as INI text.
static void format_value(const reach_config *c, int k, char *buf, size_t len) {
  switch (keys[k].kind) {
    case K_INT:
      snprintf(buf, len, "%d", *CFIELD(c, k, int));
      break;
    case K_U64:
      snprintf(buf, len, "%" G_GUINT64_FORMAT, (guint64)*CFIELD(c, k, uint64_t));
      break;
    case K_DOUBLE:
      fmt_double(buf, len, *CFIELD(c, k, double));
      break;
    case K_BOOL:
      snprintf(buf, len, "%s", *CFIELD(c, k, bool) ? "true" : "false");
      break;
    case K_OPT:
      snprintf(buf, len, "%s", *CFIELD(c, k, reach_optimizer) == REACH_OPT_SGD ? "sgd" : "adam");
      break;
    case K_FORM:
      snprintf(buf, len, "%s", *CFIELD(c, k, reach_loss_form) == REACH_LOSS_PAPER ? "paper" : "code");
      break;
    case K_PREC:
      snprintf(buf, len, "%s",
               *CFIELD(c, k, reach_precision) == REACH_PRECISION_SINGLE ? "single" : "double");
      break;
    case K_PAIR: {
      char a[40], b[40];
      const double *p = CFIELD(c, k, double);
      fmt_double(a, sizeof a, p[0]);
      fmt_double(b, sizeof b, p[1]);
      snprintf(buf, len, "%s, %s", a, b);
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

static bool in_range(int k, double v) {
  const key_desc *d = &keys[k];
  if (!isfinite(v)) return false;
  if (d->lo_open ? !(v > d->lo) : !(v >= d->lo)) return false;
  if (d->hi_open ? !(v < d->hi) : !(v <= d->hi)) return false;
  return true;
}

static int find_key(const char *section, const char *name) {
  for (int k = 0; k < NKEY; k++)
    if (strcmp(keys[k].section, section) == 0 && strcmp(keys[k].name, name) == 0) return k;
  return -1;
}

// Checks c; on failure sets err ("[section] key: expected ..., got ...") and *bad to the index
// of the key at fault, so a caller that read c from a file can add FILE:LINE.
static reach_status validate(const reach_config *c, int *bad, reach_error *err) {
  char want[160], got[128];
  for (int k = 0; k < NKEY; k++) {
    const key_desc *d = &keys[k];
    bool ok = true;
    switch (d->kind) {
      case K_INT:
        ok = in_range(k, *CFIELD(c, k, int));
        break;
      case K_DOUBLE:
        ok = in_range(k, *CFIELD(c, k, double));
        break;
      case K_PAIR:
        ok = in_range(k, CFIELD(c, k, double)[0]) && in_range(k, CFIELD(c, k, double)[1]);
        break;
      case K_OPT: {
        const reach_optimizer o = *CFIELD(c, k, reach_optimizer);
        ok = o == REACH_OPT_ADAM || o == REACH_OPT_SGD;
        break;
      }
      case K_FORM: {
        const reach_loss_form f = *CFIELD(c, k, reach_loss_form);
        ok = f == REACH_LOSS_CODE || f == REACH_LOSS_PAPER;
        break;
      }
      case K_PREC: {
        const reach_precision p = *CFIELD(c, k, reach_precision);
        ok = p == REACH_PRECISION_DOUBLE || p == REACH_PRECISION_SINGLE;
        break;
      }
      case K_U64:
      case K_BOOL:
        break;
    }
    if (!ok) {
      describe(k, want, sizeof want);
      if (d->kind == K_OPT || d->kind == K_FORM || d->kind == K_PREC)
        snprintf(got, sizeof got, "code %d", *CFIELD(c, k, int));
      else
        format_value(c, k, got, sizeof got);
      *bad = k;
      return reach_error_set(err, REACH_ERR_RANGE, "[%s] %s: expected %s, got %s", d->section,
                             d->name, want, got);
    }
  }

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
    return reach_error_set(err, REACH_ERR_RANGE, "[task] go_hi: expected at least go_lo = %s, got %s",
                           b, a);
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
  return REACH_OK;
}

reach_status reach_config_validate(const reach_config *c, reach_error *err) {
  int bad = -1;
  return validate(c, &bad, err);
}

// ---------------------------------------------------------------------------------------------
// Writing

char *reach_config_to_string(const reach_config *c) {
  GString *s = g_string_new(
      "# ReachLab savings experiment (savings-paper-spec: section 0, 1.2-1.7).\n"
      "# Every key is optional: a missing key keeps the authors' setting (paper.ini).\n");
  const char *section = NULL;
  char val[128];
  for (int k = 0; k < NKEY; k++) {
    if (!section || strcmp(section, keys[k].section) != 0) {
      section = keys[k].section;
      g_string_append_printf(s, "\n[%s]\n", section);
    }
    format_value(c, k, val, sizeof val);
    g_string_append_printf(s, "# %s\n%s = %s\n", keys[k].help, keys[k].name, val);
  }
  char *out = malloc(s->len + 1);  // the caller frees with free(), not g_free()
  if (out) memcpy(out, s->str, s->len + 1);
  g_string_free(s, TRUE);
  return out;
}

int reach_config_differ(const reach_config *have, const reach_config *want, char *why,
                        size_t len) {
  for (int k = 0; k < NKEY; k++) {
    if (keys[k].off == OFF(checkpoint_every)) continue;  // when to save changes no result
    if (keys[k].off == OFF(threads)) continue;  // bit-identical on any number of threads
    char a[128], b[128];
    format_value(have, k, a, sizeof a);
    format_value(want, k, b, sizeof b);
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

// Where each key of the table was found (0 = not in the text).
typedef struct key_lines {
  int line[NKEY];
} key_lines;

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  char *e = s + strlen(s);
  while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) *--e = '\0';
  return s;
}

static void list_sections(char *buf, size_t len) {
  size_t n = 0;
  buf[0] = '\0';
  for (int i = 0; i < NSECTION && n < len; i++)
    n += (size_t)snprintf(buf + n, len - n, "%s[%s]", i ? ", " : "", sections[i]);
}

static void list_keys(const char *section, char *buf, size_t len) {
  size_t n = 0;
  buf[0] = '\0';
  for (int k = 0; k < NKEY && n < len; k++)
    if (strcmp(keys[k].section, section) == 0)
      n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "", keys[k].name);
}

// The structural pass: sections and keys must be known, and each given once.
static reach_status scan(const char *text, const char *origin, key_lines *where, reach_error *err) {
  memset(where, 0, sizeof *where);
  char *copy = g_strdup(text);
  int lineno = 0, section = -1, section_line[NSECTION] = {0};
  reach_status st = REACH_OK;
  char list[400];
  // strtok_r would skip empty lines and so lose the count: split by hand.
  for (char *p = copy; p && st == REACH_OK;) {
    char *nl = strchr(p, '\n');
    if (nl) *nl = '\0';
    lineno++;
    const char *p_line = p;  // the untrimmed line, for column numbers
    char *line = trim(p);
    p = nl ? nl + 1 : NULL;
    if (lineno == 1 && (unsigned char)line[0] == 0xEF && (unsigned char)line[1] == 0xBB &&
        (unsigned char)line[2] == 0xBF)
      line = trim(line + 3);  // UTF-8 byte-order mark
    const char *bad_byte;
    if (!g_utf8_validate(line, -1, &bad_byte)) {
      // Said here, with the line, and without echoing the invalid bytes into the message.
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s:%d: expected UTF-8 text, found an invalid byte (0x%02X) at column %d",
                           origin, lineno, (unsigned char)*bad_byte, (int)(bad_byte - p_line) + 1);
      break;
    }
    if (!line[0] || line[0] == '#') continue;
    if (line[0] == '[') {
      char *close = strchr(line, ']');
      if (!close || close[1] != '\0') {
        st = reach_error_set(err, REACH_ERR_PARSE, "%s:%d: expected a section header '[name]', got '%.60s'",
                             origin, lineno, line);
        break;
      }
      *close = '\0';
      const char *name = line + 1;
      section = -1;
      for (int i = 0; i < NSECTION; i++)
        if (strcmp(sections[i], name) == 0) section = i;
      if (section < 0) {
        list_sections(list, sizeof list);
        st = reach_error_set(err, REACH_ERR_PARSE, "%s:%d: unknown section [%.40s]; expected one of %s",
                             origin, lineno, name, list);
        break;
      }
      if (section_line[section]) {
        st = reach_error_set(err, REACH_ERR_PARSE,
                             "%s:%d: section [%s] appears twice (first on line %d)", origin,
                             lineno, name, section_line[section]);
        break;
      }
      section_line[section] = lineno;
      continue;
    }
    char *eq = strchr(line, '=');
    if (!eq) {
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s:%d: expected 'key = value', a [section] or a # comment, got '%.60s'",
                           origin, lineno, line);
      break;
    }
    *eq = '\0';
    const char *name = trim(line);
    if (section < 0) {
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s:%d: key '%.40s' comes before any [section]", origin, lineno, name);
      break;
    }
    const int k = find_key(sections[section], name);
    if (k < 0) {
      list_keys(sections[section], list, sizeof list);
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s:%d: [%s] unknown key '%.40s'; expected one of %s", origin, lineno,
                           sections[section], name, list);
      break;
    }
    if (where->line[k]) {
      st = reach_error_set(err, REACH_ERR_PARSE, "%s:%d: [%s] %s given twice (first on line %d)",
                           origin, lineno, sections[section], name, where->line[k]);
      break;
    }
    where->line[k] = lineno;
  }
  g_free(copy);
  return st;
}

static bool parse_double(const char *s, double *out) {
  char *end;
  errno = 0;
  const double v = g_ascii_strtod(s, &end);
  // ERANGE also flags subnormal results, which are fine; overflow and underflow to 0 are not.
  if (end == s || *end != '\0' || !isfinite(v) || (errno == ERANGE && v == 0)) return false;
  *out = v;
  return true;
}

// Parses the text of key k into c: REACH_OK, REACH_ERR_PARSE if it is not of the key's type,
// REACH_ERR_RANGE if it is outside the key's own range (relations between keys come later).
static reach_status parse_value(reach_config *c, int k, const char *s) {
  switch (keys[k].kind) {
    case K_INT: {
      char *end;
      errno = 0;
      const gint64 v = g_ascii_strtoll(s, &end, 10);
      if (end == s || *end != '\0') return REACH_ERR_PARSE;
      if (errno == ERANGE || v < keys[k].lo || v > keys[k].hi) return REACH_ERR_RANGE;
      *FIELD(c, k, int) = (int)v;
      return REACH_OK;
    }
    case K_U64: {
      char *end;
      errno = 0;
      if (s[0] == '+') return REACH_ERR_PARSE;
      if (s[0] == '-') return REACH_ERR_RANGE;  // strtoull would wrap "-1" silently
      const guint64 v = g_ascii_strtoull(s, &end, 10);
      if (end == s || *end != '\0') return REACH_ERR_PARSE;
      if (errno == ERANGE) return REACH_ERR_RANGE;
      *FIELD(c, k, uint64_t) = v;
      return REACH_OK;
    }
    case K_DOUBLE: {
      double v;
      if (!parse_double(s, &v)) return REACH_ERR_PARSE;
      if (!in_range(k, v)) return REACH_ERR_RANGE;
      *FIELD(c, k, double) = v;
      return REACH_OK;
    }
    case K_BOOL:
      if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
        *FIELD(c, k, bool) = true;
      else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
        *FIELD(c, k, bool) = false;
      else
        return REACH_ERR_PARSE;
      return REACH_OK;
    case K_OPT:
      if (strcmp(s, "adam") == 0)
        *FIELD(c, k, reach_optimizer) = REACH_OPT_ADAM;
      else if (strcmp(s, "sgd") == 0)
        *FIELD(c, k, reach_optimizer) = REACH_OPT_SGD;
      else
        return REACH_ERR_PARSE;
      return REACH_OK;
    case K_FORM:
      if (strcmp(s, "code") == 0)
        *FIELD(c, k, reach_loss_form) = REACH_LOSS_CODE;
      else if (strcmp(s, "paper") == 0)
        *FIELD(c, k, reach_loss_form) = REACH_LOSS_PAPER;
      else
        return REACH_ERR_PARSE;
      return REACH_OK;
    case K_PREC:
      if (strcmp(s, "double") == 0)
        *FIELD(c, k, reach_precision) = REACH_PRECISION_DOUBLE;
      else if (strcmp(s, "single") == 0)
        *FIELD(c, k, reach_precision) = REACH_PRECISION_SINGLE;
      else
        return REACH_ERR_PARSE;
      return REACH_OK;
    case K_PAIR: {
      gchar **parts = g_strsplit(s, ",", -1);
      double v[2];
      reach_status st = g_strv_length(parts) == 2 ? REACH_OK : REACH_ERR_PARSE;
      for (int i = 0; st == REACH_OK && i < 2; i++) {
        if (!parse_double(g_strstrip(parts[i]), &v[i])) st = REACH_ERR_PARSE;
        else if (!in_range(k, v[i])) st = REACH_ERR_RANGE;
      }
      g_strfreev(parts);
      if (st != REACH_OK) return st;
      FIELD(c, k, double)[0] = v[0];
      FIELD(c, k, double)[1] = v[1];
      return REACH_OK;
    }
  }
  return REACH_ERR_PARSE;
}

reach_status reach_config_load_data(reach_config *c, const char *text, const char *origin,
                                    reach_error *err) {
  if (!origin) origin = "(configuration)";
  key_lines where;
  reach_status st = scan(text, origin, &where, err);
  if (st != REACH_OK) return st;

  // GKeyFile rejects a UTF-8 byte-order mark, which some editors write.
  if ((unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
      (unsigned char)text[2] == 0xBF)
    text += 3;
  GKeyFile *kf = g_key_file_new();
  GError *gerr = NULL;
  if (!g_key_file_load_from_data(kf, text, (gsize)-1, G_KEY_FILE_NONE, &gerr)) {
    st = reach_error_set(err, REACH_ERR_PARSE, "%s: %s", origin, gerr->message);
    g_error_free(gerr);
    g_key_file_free(kf);
    return st;
  }
  reach_config tmp;
  reach_config_default(&tmp);
  char want[160];
  for (int k = 0; k < NKEY && st == REACH_OK; k++) {
    if (!where.line[k]) continue;
    gchar *s = g_key_file_get_string(kf, keys[k].section, keys[k].name, &gerr);
    if (!s) {
      st = reach_error_set(err, REACH_ERR_PARSE, "%s:%d: [%s] %s: %s", origin, where.line[k],
                           keys[k].section, keys[k].name, gerr->message);
      g_clear_error(&gerr);
      break;
    }
    const reach_status pst = parse_value(&tmp, k, g_strstrip(s));
    if (pst != REACH_OK) {
      describe(k, want, sizeof want);
      // Inline comments are not INI: say so, since that is the likely cause.
      st = reach_error_set(err, pst, "%s:%d: [%s] %s: expected %s, got '%.60s'%s",
                           origin, where.line[k], keys[k].section, keys[k].name, want, s,
                           strchr(s, '#') ? " (comments go on their own line)" : "");
    }
    g_free(s);
  }
  g_key_file_free(kf);
  if (st != REACH_OK) return st;

  int bad = -1;
  reach_error verr;
  if (validate(&tmp, &bad, &verr) != REACH_OK) {
    if (bad >= 0 && where.line[bad])
      return reach_error_set(err, verr.code, "%s:%d: %s", origin, where.line[bad], verr.msg);
    return reach_error_set(err, verr.code, "%s: %s", origin, verr.msg);
  }
  *c = tmp;  // c is only changed by a load that succeeds
  return REACH_OK;
}

reach_status reach_config_load(reach_config *c, const char *path, reach_error *err) {
  gchar *text = NULL;
  gsize len = 0;
  GError *gerr = NULL;
  if (!g_file_get_contents(path, &text, &len, &gerr)) {
    reach_status st = reach_error_set(err, REACH_ERR_IO, "%s: cannot read: %s", path,
                                      gerr->message);
    g_error_free(gerr);
    return st;
  }
  reach_status st;
  if (strlen(text) != len)
    st = reach_error_set(err, REACH_ERR_PARSE, "%s: expected a text file, found a NUL byte", path);
  else
    st = reach_config_load_data(c, text, path, err);
  g_free(text);
  return st;
}
