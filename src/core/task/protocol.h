// SPDX-License-Identifier: GPL-3.0-or-later
// A protocol written as a list of [phase.N] sections (docs/protocols.md): the inside of
// reach_config that config.c (the fixed keys, the file) and protocol.c (the phase keys) share,
// and nothing else. The public API is config.h.
#ifndef REACH_TASK_PROTOCOL_H
#define REACH_TASK_PROTOCOL_H

#include <stddef.h>

#include "../base/error.h"
#include "config.h"

// Limits the fixed keys and the phase keys share; REACH_PROTOCOL_NKEY keys per [phase.N].
enum {
  REACH_CONFIG_MAX_BATCHES = 1000000,
  REACH_CONFIG_MAX_BATCH = 65536,
  REACH_PROTOCOL_NKEY = 10
};

// "adam", "sgd", NULL: [phases] optimizer and [phase.N] optimizer alike.
extern const char *const reach_config_optimizer_names[];

// A configuration's text split by sections: `main` keeps every line outside [phase.N] sections,
// part[p] the lines of [phase.p+1] (header included); every other line is blanked, so line
// numbers stay the file's. where[p][k] is the line phase p's key k was read from (0: not given),
// and stays valid after reach_protocol_text_free.
typedef struct reach_protocol_text {
  char *main;
  char *part[REACH_MAX_PHASES];
  int header_line[REACH_MAX_PHASES];
  int where[REACH_MAX_PHASES][REACH_PROTOCOL_NKEY];
  int n;  // phase sections (0: none)
} reach_protocol_text;

// Splits text; on failure err names origin and the line. Free t either way.
reach_status reach_protocol_split(const char *text, const char *origin, reach_protocol_text *t,
                                  reach_error *err);
void reach_protocol_text_free(reach_protocol_text *t);

// Reads t's phase sections into c->phase, each starting from c's [phases] values, and sets
// c->nphase (and, for four phases, the four-phase keys that the report and app read).
reach_status reach_protocol_parse(reach_protocol_text *t, reach_config *c, const char *origin,
                                  reach_error *err);

// The list's own checks; on failure *bad_phase and *bad_key name the phase and key at fault.
reach_status reach_protocol_validate(const reach_config *c, int *bad_phase, int *bad_key,
                                     reach_error *err);

// head (taken and freed) followed by c's [phase.N] sections; NULL when out of memory.
char *reach_protocol_append(const reach_config *c, char *head);

// Whether n phases differ, key by key; why says the first difference as "[phase.N] key = a, not b".
int reach_protocol_differ(const reach_phase *have, const reach_phase *want, int n, char *why,
                          size_t len);

#endif
