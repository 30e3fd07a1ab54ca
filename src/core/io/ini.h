// SPDX-License-Identifier: GPL-3.0-or-later
// INI files described by a key table, read with GLib's GKeyFile. Each module that keeps settings
// in INI files owns its table (task/config.c: the savings configuration): section, name, type,
// offset in the module's struct, allowed range and the comment written above the key. Reading,
// writing, describing and range checks all walk the table, so a key cannot be readable but not
// writable, or written without being checked.
//
// GKeyFile silently merges repeated groups, lets a repeated key win and reports no line numbers.
// A typo must never fall back to a default without a word, so the text is first scanned line by
// line: unknown sections and keys and repeats are errors naming FILE:LINE, and the line of every
// key is kept so value errors can name it too. GKeyFile then does the parsing proper (escapes,
// UTF-8). Numbers go through g_ascii_strtod/g_ascii_formatd, which ignore the locale (the app's
// locale may use a decimal comma).
#ifndef REACH_INI_H
#define REACH_INI_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/error.h"

typedef enum reach_ini_kind {
  REACH_INI_INT,         // int, range [lo, hi]
  REACH_INI_U64,         // uint64_t, any value
  REACH_INI_DOUBLE,      // double, finite, range given by lo/hi and the open flags
  REACH_INI_BOOL,        // bool: true or false (1 or 0 read too)
  REACH_INI_ENUM,        // an enum stored as int: the value i is written as choices[i]
  REACH_INI_PAIR,        // double[2]: "a, b", each in [lo, hi]
  REACH_INI_DOUBLE_INF,  // as DOUBLE, and "inf" too (a prior precision that fixes its parameter)
  REACH_INI_STRING,      // char[hi]: a word of letters, digits, '_' and '-', shorter than hi
} reach_ini_kind;

typedef struct reach_ini_key {
  const char *section, *name;
  reach_ini_kind kind;
  size_t off;     // offset in the module's struct
  double lo, hi;  // allowed range (INT, DOUBLE, PAIR); ±INFINITY = unbounded
  bool lo_open, hi_open;
  const char *help;            // the comment written above the key: unit and meaning
  const char *const *choices;  // ENUM: the names of 0, 1, ..., NULL-terminated
  // Written only when not 0: a key added after files existed, so that writing such a file's
  // configuration again gives the text it holds.
  bool skip_zero;
} reach_ini_key;

typedef struct reach_ini_table {
  const char *const *sections;  // in the order they are written
  int nsection;
  const reach_ini_key *keys;  // grouped by section, in that order
  int nkey;
} reach_ini_table;

// The shortest of 15, 16 or 17 significant digits that reads back as the same double.
void reach_ini_format_double(char *buf, size_t len, double x);
// What key k expects, as an error message says it ("a number in [0, 1)", "adam or sgd", ...).
void reach_ini_describe(const reach_ini_key *k, char *buf, size_t len);
// The value of key k in obj as INI text.
void reach_ini_format_value(const reach_ini_key *k, const void *obj, char *buf, size_t len);
int reach_ini_find(const reach_ini_table *t, const char *section, const char *name);
// Each key's own range or choice; on failure err says "[section] key: expected ..., got ..." and
// *bad is the key's index. Relations between keys are the owning module's.
reach_status reach_ini_check(const reach_ini_table *t, const void *obj, int *bad, reach_error *err);
// Reads `text` into obj, key by key over what obj already holds (the module's defaults); lines[k]
// is the line of key k (0 = not given). On failure obj may be partly written: read into a copy.
reach_status reach_ini_parse(const reach_ini_table *t, const char *text, const char *origin,
                             void *obj, int *lines, reach_error *err);
// The INI text of obj: `preamble`, then every section with every key and its help comment
// (caller frees with free()).
char *reach_ini_to_string(const reach_ini_table *t, const void *obj, const char *preamble);
// The whole of a text file (caller frees with free()); a NUL byte is an error.
reach_status reach_ini_read_file(const char *path, char **text, reach_error *err);

#endif
