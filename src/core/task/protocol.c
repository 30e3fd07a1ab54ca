// SPDX-License-Identifier: GPL-3.0-or-later
// A protocol written as a list of [phase.N] sections (protocol.h, docs/protocols.md): the key
// table of reach_phase, the list's validation, reading, writing and comparison, and the
// four-phase protocol that a configuration without the list resolves to (reach_config_phases).
// The fixed keys and the file itself are config.c's.
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"
#include "../io/ini.h"

typedef reach_ini_key key_desc;

// ---------------------------------------------------------------------------------------------
// [phase.N] sections: a key table of reach_phase, given each section's name when it is read.

static const char *const phase_kind_names[] = {"null", "curl", "rotation", NULL};

#define POFF(member) offsetof(reach_phase, member)
static const key_desc phase_keys[] = {
    {"", "name", REACH_INI_STRING, POFF(name), 0, REACH_PHASE_NAME, false, false,
     "what files, plots and reports call the phase (unique)", NULL, false},
    {"", "kind", REACH_INI_ENUM, POFF(kind), 0, 0, false, false,
     "null, curl (a curl field of `gain`) or rotation (the visual feedback of the hand rotated by "
     "`angle_deg` about the start)",
     phase_kind_names, false},
    {"", "gain", REACH_INI_DOUBLE, POFF(gain), -1000, 1000, false, false,
     "curl: N s/m, F = gain (ydot, -xdot); + = clockwise", NULL, false},
    {"", "angle_deg", REACH_INI_DOUBLE, POFF(angle_deg), -180, 180, false, false,
     "rotation: degrees, + = counter-clockwise", NULL, false},
    {"", "context", REACH_INI_INT, POFF(context), 0, REACH_MAX_CONTEXT, false, false,
     "0 = no context input; 1 ... K ([network] context_inputs) = the one-hot input that is on",
     NULL, false},
    {"", "batches", REACH_INI_INT, POFF(batches), 0, REACH_CONFIG_MAX_BATCHES, false, false,
     "batches (one gradient step each)", NULL, false},
    {"", "optimizer", REACH_INI_ENUM, POFF(optimizer), 0, 0, false, false,
     "adam or sgd (default: [phases] optimizer)", reach_config_optimizer_names, false},
    {"", "lr", REACH_INI_DOUBLE, POFF(lr), 0, INFINITY, true, false,
     "learning rate (default: [phases] lr)", NULL, false},
    {"", "batch_repeats", REACH_INI_INT, POFF(batch_repeats), 1, 1024, false, false,
     "trials per target per batch (default: [phases] batch_repeats)", NULL, false},
    {"", "catch", REACH_INI_INT, POFF(catch_trials), 0, REACH_CONFIG_MAX_BATCH, false, false,
     "catch trials per batch (default: [phases] catch)", NULL, false},
};
enum { NPHASE_KEY = REACH_PROTOCOL_NKEY };
_Static_assert(sizeof phase_keys / sizeof phase_keys[0] == NPHASE_KEY,
               "protocol.h: REACH_PROTOCOL_NKEY is the number of phase keys");
#undef POFF

// The key table of section `name` (e.g. "phase.3"), in caller storage.
static reach_ini_table phase_table(const char *name, const char **sec, key_desc *k) {
  *sec = name;
  for (int i = 0; i < NPHASE_KEY; i++) {
    k[i] = phase_keys[i];
    k[i].section = name;
  }
  return (reach_ini_table){sec, 1, k, NPHASE_KEY};
}

int reach_config_phases(const reach_config *c, reach_phase out[REACH_MAX_PHASES]) {
  if (c->nphase > 0) {
    memcpy(out, c->phase, (size_t)c->nphase * sizeof *out);
    return c->nphase;
  }
  for (int p = 0; p < REACH_NPHASE; p++) {
    reach_phase *q = &out[p];
    memset(q, 0, sizeof *q);
    snprintf(q->name, sizeof q->name, "%s", reach_phase_names[p]);
    q->kind = c->phase_field[p] != 0.0 ? REACH_PHASE_CURL : REACH_PHASE_NULL;
    q->gain = c->phase_field[p];
    q->batches = c->phase_batches[p];
    q->optimizer = c->phase_optim.kind;
    q->lr = c->phase_optim.lr;
    q->batch_repeats = c->phase_batch_repeats;
    q->catch_trials = c->phase_catch;
  }
  return REACH_NPHASE;
}

// ---------------------------------------------------------------------------------------------
// Validation

reach_status reach_protocol_validate(const reach_config *c, int *bad_phase, int *bad_phase_key,
                                     reach_error *err) {
  if (c->nphase < 0 || c->nphase > REACH_MAX_PHASES)
    return reach_error_set(err, REACH_ERR_RANGE, "protocol: expected 1 to %d phases, got %d",
                           REACH_MAX_PHASES, c->nphase);
  char sec[32];
  for (int p = 0; p < c->nphase; p++) {
    const reach_phase *q = &c->phase[p];
    snprintf(sec, sizeof sec, "phase.%d", p + 1);
    const char *secs[1];
    key_desc k[NPHASE_KEY];
    const reach_ini_table t = phase_table(sec, secs, k);
    reach_status st = reach_ini_check(&t, q, bad_phase_key, err);
    if (st != REACH_OK) {
      *bad_phase = p;
      return st;
    }
    *bad_phase = p;
    // The file layout's own names beside the phases' (snapshots/growing_up, log/grow_loss).
    if (!strcmp(q->name, "growing_up") || !strcmp(q->name, "grow_loss")) {
      *bad_phase_key = reach_ini_find(&t, sec, "name");
      return reach_error_set(err, REACH_ERR_RANGE,
                             "[%s] name: expected a name other than growing_up and grow_loss "
                             "(the files use them), got '%s'",
                             sec, q->name);
    }
    for (int o = 0; o < p; o++)
      if (strcmp(c->phase[o].name, q->name) == 0) {
        *bad_phase_key = reach_ini_find(&t, sec, "name");
        return reach_error_set(err, REACH_ERR_RANGE,
                               "[%s] name: expected a name no other phase has, got '%s' (also "
                               "[phase.%d])",
                               sec, q->name, o + 1);
      }
    if (q->context > c->context_inputs) {
      *bad_phase_key = reach_ini_find(&t, sec, "context");
      return reach_error_set(err, REACH_ERR_RANGE,
                             "[%s] context: expected 0 ... [network] context_inputs = %d, got %d",
                             sec, c->context_inputs, q->context);
    }
    const long pbatch = (long)c->task.n_targets * q->batch_repeats;
    if (pbatch > REACH_CONFIG_MAX_BATCH) {
      *bad_phase_key = reach_ini_find(&t, sec, "batch_repeats");
      return reach_error_set(err, REACH_ERR_RANGE,
                             "[%s] batch_repeats: expected n_targets x batch_repeats <= %d, got "
                             "%d x %d",
                             sec, REACH_CONFIG_MAX_BATCH, c->task.n_targets, q->batch_repeats);
    }
    if (q->catch_trials > pbatch) {
      *bad_phase_key = reach_ini_find(&t, sec, "catch");
      return reach_error_set(err, REACH_ERR_RANGE,
                             "[%s] catch: expected at most the phase batch (n_targets x "
                             "batch_repeats = %ld), got %d",
                             sec, pbatch, q->catch_trials);
    }
  }
  *bad_phase = -1;
  return REACH_OK;
}

// ---------------------------------------------------------------------------------------------
// Writing and comparing

char *reach_protocol_append(const reach_config *c, char *head) {
  char *out = head;
  size_t len = out ? strlen(out) : 0;
  for (int p = 0; p < c->nphase && out; p++) {
    char sec[32];
    snprintf(sec, sizeof sec, "phase.%d", p + 1);
    const char *secs[1];
    key_desc k[NPHASE_KEY];
    const reach_ini_table pt = phase_table(sec, secs, k);
    char *part = reach_ini_to_string(&pt, &c->phase[p], "");
    if (!part) {
      free(out);
      return NULL;
    }
    const size_t n = strlen(part);
    char *grown = realloc(out, len + n + 1);
    if (grown) {
      memcpy(grown + len, part, n + 1);
      len += n;
    } else {
      free(out);
    }
    out = grown;
    free(part);
  }
  return out;
}

int reach_protocol_differ(const reach_phase *have, const reach_phase *want, int n, char *why,
                          size_t len) {
  for (int p = 0; p < n; p++) {
    char sec[32];
    snprintf(sec, sizeof sec, "phase.%d", p + 1);
    const char *secs[1];
    key_desc pk[NPHASE_KEY];
    phase_table(sec, secs, pk);
    for (int k = 0; k < NPHASE_KEY; k++) {
      char x[128], y[128];
      reach_ini_format_value(&pk[k], &have[p], x, sizeof x);
      reach_ini_format_value(&pk[k], &want[p], y, sizeof y);
      if (strcmp(x, y) != 0) {
        if (why) snprintf(why, len, "[%s] %s = %s, not %s", sec, pk[k].name, x, y);
        return 1;
      }
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Reading

void reach_protocol_text_free(reach_protocol_text *t) {
  free(t->main);
  t->main = NULL;
  for (int p = 0; p < REACH_MAX_PHASES; p++) {
    free(t->part[p]);
    t->part[p] = NULL;
  }
}

// Whether the (untrimmed) line is the header "[phase.N]"; *n is N, or 0 if N is not a number in
// 1 ... REACH_MAX_PHASES.
static bool phase_header(const char *line, size_t len, int *n) {
  while (len && (*line == ' ' || *line == '\t')) line++, len--;
  while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r')) len--;
  if (len < 8 || strncmp(line, "[phase.", 7) != 0 || line[len - 1] != ']') return false;
  int v = 0;
  *n = 0;
  for (size_t i = 7; i + 1 < len; i++) {
    if (line[i] < '0' || line[i] > '9' || v > REACH_MAX_PHASES) return true;
    v = 10 * v + (line[i] - '0');
  }
  if (len > 8 && line[7] != '0' && v >= 1 && v <= REACH_MAX_PHASES) *n = v;
  return true;
}

reach_status reach_protocol_split(const char *text, const char *origin, reach_protocol_text *t,
                                  reach_error *err) {
  memset(t, 0, sizeof *t);
  const size_t len = strlen(text);
  t->main = malloc(len + 1);
  if (!t->main) return reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", origin);
  memcpy(t->main, text, len + 1);
  int in = -1, lineno = 0;  // in: the phase whose section the line is in (-1: none)
  for (size_t at = 0; at < len;) {
    const char *line = text + at;
    const char *eol = strchr(line, '\n');
    const size_t n = eol ? (size_t)(eol - line) : len - at;
    lineno++;
    size_t i = 0;
    while (i < n && (line[i] == ' ' || line[i] == '\t')) i++;
    int num;
    if (phase_header(line, n, &num)) {
      if (num == 0)
        return reach_error_set(err, REACH_ERR_PARSE,
                               "%s:%d: expected a phase section [phase.1] ... [phase.%d], got "
                               "'%.*s'",
                               origin, lineno, REACH_MAX_PHASES, (int)(n - i < 40 ? n - i : 40),
                               line + i);
      in = num - 1;
      if (t->part[in])
        return reach_error_set(err, REACH_ERR_PARSE,
                               "%s:%d: section [phase.%d] appears twice (first on line %d)", origin,
                               lineno, num, t->header_line[in]);
      // All of the text blanked but its newlines; the section's lines are copied in below.
      if (!(t->part[in] = malloc(len + 1)))
        return reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", origin);
      for (size_t j = 0; j <= len; j++)
        t->part[in][j] = text[j] == '\n' || !text[j] ? text[j] : ' ';
      t->header_line[in] = lineno;
      t->n++;
    } else if (i < n && line[i] == '[') {
      in = -1;
    }
    if (in >= 0) {
      memset(t->main + at, ' ', n);
      memcpy(t->part[in] + at, line, n);
    }
    at += n + (eol ? 1 : 0);
  }
  for (int p = 0; p < t->n; p++)
    if (!t->part[p]) {
      int last = 0;
      for (int q = 0; q < REACH_MAX_PHASES; q++)
        if (t->part[q]) last = q;
      return reach_error_set(err, REACH_ERR_PARSE,
                             "%s:%d: [phase.%d] without [phase.%d]: the phases are numbered 1, "
                             "2, ... without gaps",
                             origin, t->header_line[last], last + 1, p + 1);
    }
  return REACH_OK;
}

reach_status reach_protocol_parse(reach_protocol_text *t, reach_config *c, const char *origin,
                                  reach_error *err) {
  reach_status st = REACH_OK;
  for (int p = 0; st == REACH_OK && p < t->n; p++) {
    reach_phase *q = &c->phase[p];
    memset(q, 0, sizeof *q);
    snprintf(q->name, sizeof q->name, "P%d", p + 1);
    q->optimizer = c->phase_optim.kind;
    q->lr = c->phase_optim.lr;
    q->batch_repeats = c->phase_batch_repeats;
    q->catch_trials = c->phase_catch;
    char sec[32];
    snprintf(sec, sizeof sec, "phase.%d", p + 1);
    const char *secs[1];
    key_desc pk[NPHASE_KEY];
    const reach_ini_table pt = phase_table(sec, secs, pk);
    st = reach_ini_parse(&pt, t->part[p], origin, q, t->where[p], err);
    if (st == REACH_OK && !t->where[p][reach_ini_find(&pt, sec, "batches")])
      st = reach_error_set(err, REACH_ERR_PARSE, "%s:%d: [%s] batches: missing (expected %s)",
                           origin, t->header_line[p], sec, "an integer in [0, 1000000]");
  }
  if (st != REACH_OK) return st;
  c->nphase = t->n;
  if (t->n == REACH_NPHASE)  // what the four-phase readers (report, app) see
    for (int p = 0; p < t->n; p++) {
      c->phase_batches[p] = c->phase[p].batches;
      c->phase_field[p] = c->phase[p].kind == REACH_PHASE_CURL ? c->phase[p].gain : 0.0;
    }
  return REACH_OK;
}
