// SPDX-License-Identifier: GPL-3.0-or-later
#include "ini.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELD(obj, k, type)  ((type *)(void *)((char *)(obj) + (k)->off))
#define CFIELD(obj, k, type) ((const type *)(const void *)((const char *)(obj) + (k)->off))

static int nchoices(const reach_ini_key *k) {
  int n = 0;
  while (k->choices && k->choices[n]) n++;
  return n;
}

void reach_ini_format_double(char *buf, size_t len, double x) {
  static const char *const fmt[] = {"%.15g", "%.16g", "%.17g"};
  for (int i = 0; i < 3; i++) {
    g_ascii_formatd(buf, (gint)len, fmt[i], x);
    if (g_ascii_strtod(buf, NULL) == x) return;
  }
}

void reach_ini_describe(const reach_ini_key *d, char *buf, size_t len) {
  char lo[40], hi[40];
  reach_ini_format_double(lo, sizeof lo, d->lo);
  reach_ini_format_double(hi, sizeof hi, d->hi);
  switch (d->kind) {
    case REACH_INI_INT: snprintf(buf, len, "an integer in [%s, %s]", lo, hi); break;
    case REACH_INI_U64: snprintf(buf, len, "an integer in [0, 18446744073709551615]"); break;
    case REACH_INI_BOOL: snprintf(buf, len, "true or false"); break;
    case REACH_INI_ENUM: {
      // "a or b", "a, b or c"
      const int n = nchoices(d);
      size_t used = 0;
      buf[0] = '\0';
      for (int i = 0; i < n && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s",
                                 i == 0       ? ""
                                 : i == n - 1 ? " or "
                                              : ", ",
                                 d->choices[i]);
      break;
    }
    case REACH_INI_PAIR: snprintf(buf, len, "two numbers 'a, b', each in [%s, %s]", lo, hi); break;
    case REACH_INI_STRING:
      snprintf(buf, len, "a name of 1 to %d letters, digits, '_' or '-'", (int)d->hi - 1);
      break;
    case REACH_INI_DOUBLE:
    case REACH_INI_DOUBLE_INF:
      if (isinf(d->hi))
        snprintf(buf, len, "a number %s %s%s", d->lo_open ? ">" : ">=", lo,
                 d->kind == REACH_INI_DOUBLE_INF ? " (inf allowed)" : "");
      else
        snprintf(buf, len, "a number in %c%s, %s%c", d->lo_open ? '(' : '[', lo, hi,
                 d->hi_open ? ')' : ']');
      break;
  }
}

void reach_ini_format_value(const reach_ini_key *k, const void *obj, char *buf, size_t len) {
  switch (k->kind) {
    case REACH_INI_INT: snprintf(buf, len, "%d", *CFIELD(obj, k, int)); break;
    case REACH_INI_U64:
      snprintf(buf, len, "%" G_GUINT64_FORMAT, (guint64)*CFIELD(obj, k, uint64_t));
      break;
    case REACH_INI_DOUBLE:
    case REACH_INI_DOUBLE_INF: reach_ini_format_double(buf, len, *CFIELD(obj, k, double)); break;
    case REACH_INI_BOOL: snprintf(buf, len, "%s", *CFIELD(obj, k, bool) ? "true" : "false"); break;
    case REACH_INI_ENUM: {
      const int v = *CFIELD(obj, k, int);
      snprintf(buf, len, "%s", v >= 0 && v < nchoices(k) ? k->choices[v] : "?");
      break;
    }
    case REACH_INI_PAIR: {
      char a[40], b[40];
      const double *p = CFIELD(obj, k, double);
      reach_ini_format_double(a, sizeof a, p[0]);
      reach_ini_format_double(b, sizeof b, p[1]);
      snprintf(buf, len, "%s, %s", a, b);
      break;
    }
    case REACH_INI_STRING: snprintf(buf, len, "%s", CFIELD(obj, k, char)); break;
  }
}

static bool is_word(const char *s, size_t cap) {
  const size_t n = strlen(s);
  if (n == 0 || n >= cap) return false;
  for (size_t i = 0; i < n; i++)
    if (!g_ascii_isalnum(s[i]) && s[i] != '_' && s[i] != '-') return false;
  return true;
}

static bool in_range(const reach_ini_key *d, double v) {
  if (isnan(v) || (isinf(v) && !(d->kind == REACH_INI_DOUBLE_INF && v > 0))) return false;
  if (d->lo_open ? !(v > d->lo) : !(v >= d->lo)) return false;
  if (d->hi_open ? !(v < d->hi) : !(v <= d->hi)) return false;
  return true;
}

int reach_ini_find(const reach_ini_table *t, const char *section, const char *name) {
  for (int k = 0; k < t->nkey; k++)
    if (strcmp(t->keys[k].section, section) == 0 && strcmp(t->keys[k].name, name) == 0) return k;
  return -1;
}

reach_status reach_ini_check(const reach_ini_table *t, const void *obj, int *bad,
                             reach_error *err) {
  char want[160], got[128];
  for (int k = 0; k < t->nkey; k++) {
    const reach_ini_key *d = &t->keys[k];
    bool ok = true;
    switch (d->kind) {
      case REACH_INI_INT: ok = in_range(d, *CFIELD(obj, d, int)); break;
      case REACH_INI_DOUBLE:
      case REACH_INI_DOUBLE_INF: ok = in_range(d, *CFIELD(obj, d, double)); break;
      case REACH_INI_PAIR:
        ok = in_range(d, CFIELD(obj, d, double)[0]) && in_range(d, CFIELD(obj, d, double)[1]);
        break;
      case REACH_INI_ENUM: {
        const int v = *CFIELD(obj, d, int);
        ok = v >= 0 && v < nchoices(d);
        break;
      }
      case REACH_INI_STRING: ok = is_word(CFIELD(obj, d, char), (size_t)d->hi); break;
      case REACH_INI_U64:
      case REACH_INI_BOOL: break;
    }
    if (!ok) {
      reach_ini_describe(d, want, sizeof want);
      if (d->kind == REACH_INI_ENUM)
        snprintf(got, sizeof got, "code %d", *CFIELD(obj, d, int));
      else
        reach_ini_format_value(d, obj, got, sizeof got);
      *bad = k;
      return reach_error_set(err, REACH_ERR_RANGE, "[%s] %s: expected %s, got %s", d->section,
                             d->name, want, got);
    }
  }
  return REACH_OK;
}

char *reach_ini_to_string(const reach_ini_table *t, const void *obj, const char *preamble) {
  GString *s = g_string_new(preamble);
  const char *section = NULL;
  char val[128];
  for (int k = 0; k < t->nkey; k++) {
    const reach_ini_key *d = &t->keys[k];
    if (!section || strcmp(section, d->section) != 0) {
      section = d->section;
      g_string_append_printf(s, "\n[%s]\n", section);
    }
    reach_ini_format_value(d, obj, val, sizeof val);
    if (d->skip_zero && strcmp(val, "0") == 0) continue;
    g_string_append_printf(s, "# %s\n%s = %s\n", d->help, d->name, val);
  }
  char *out = malloc(s->len + 1);  // the caller frees with free(), not g_free()
  if (out) memcpy(out, s->str, s->len + 1);
  g_string_free(s, TRUE);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  char *e = s + strlen(s);
  while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) *--e = '\0';
  return s;
}

static void list_sections(const reach_ini_table *t, char *buf, size_t len) {
  size_t n = 0;
  buf[0] = '\0';
  for (int i = 0; i < t->nsection && n < len; i++)
    n += (size_t)snprintf(buf + n, len - n, "%s[%s]", i ? ", " : "", t->sections[i]);
}

static void list_keys(const reach_ini_table *t, const char *section, char *buf, size_t len) {
  size_t n = 0;
  buf[0] = '\0';
  for (int k = 0; k < t->nkey && n < len; k++)
    if (strcmp(t->keys[k].section, section) == 0)
      n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "", t->keys[k].name);
}

// The structural pass: sections and keys must be known, and each given once.
static reach_status scan(const reach_ini_table *t, const char *text, const char *origin, int *where,
                         reach_error *err) {
  memset(where, 0, sizeof *where * (size_t)t->nkey);
  char *copy = g_strdup(text);
  int lineno = 0, section = -1;
  int *section_line = g_new0(int, t->nsection > 0 ? t->nsection : 1);
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
      st =
          reach_error_set(err, REACH_ERR_PARSE,
                          "%s:%d: expected UTF-8 text, found an invalid byte (0x%02X) at column %d",
                          origin, lineno, (unsigned char)*bad_byte, (int)(bad_byte - p_line) + 1);
      break;
    }
    if (!line[0] || line[0] == '#') continue;
    if (line[0] == '[') {
      char *close = strchr(line, ']');
      if (!close || close[1] != '\0') {
        st = reach_error_set(err, REACH_ERR_PARSE,
                             "%s:%d: expected a section header '[name]', got '%.60s'", origin,
                             lineno, line);
        break;
      }
      *close = '\0';
      const char *name = line + 1;
      section = -1;
      for (int i = 0; i < t->nsection; i++)
        if (strcmp(t->sections[i], name) == 0) section = i;
      if (section < 0) {
        list_sections(t, list, sizeof list);
        st = reach_error_set(err, REACH_ERR_PARSE,
                             "%s:%d: unknown section [%.40s]; expected one of %s", origin, lineno,
                             name, list);
        break;
      }
      if (section_line[section]) {
        st = reach_error_set(err, REACH_ERR_PARSE,
                             "%s:%d: section [%s] appears twice (first on line %d)", origin, lineno,
                             name, section_line[section]);
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
      st = reach_error_set(err, REACH_ERR_PARSE, "%s:%d: key '%.40s' comes before any [section]",
                           origin, lineno, name);
      break;
    }
    const int k = reach_ini_find(t, t->sections[section], name);
    if (k < 0) {
      list_keys(t, t->sections[section], list, sizeof list);
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s:%d: [%s] unknown key '%.40s'; expected one of %s", origin, lineno,
                           t->sections[section], name, list);
      break;
    }
    if (where[k]) {
      st = reach_error_set(err, REACH_ERR_PARSE, "%s:%d: [%s] %s given twice (first on line %d)",
                           origin, lineno, t->sections[section], name, where[k]);
      break;
    }
    where[k] = lineno;
  }
  g_free(section_line);
  g_free(copy);
  return st;
}

static bool parse_double(const char *s, bool inf_ok, double *out) {
  char *end;
  errno = 0;
  const double v = g_ascii_strtod(s, &end);
  // ERANGE also flags subnormal results, which are fine; overflow and underflow to 0 are not.
  // An overflow is an error even where infinity is allowed: only the word "inf" says it.
  const bool inf_word = inf_ok && isinf(v) && errno != ERANGE;
  if (end == s || *end != '\0' || (!isfinite(v) && !inf_word) || (errno == ERANGE && v == 0))
    return false;
  *out = v;
  return true;
}

// Parses the text of key k into obj: REACH_OK, REACH_ERR_PARSE if it is not of the key's type,
// REACH_ERR_RANGE if it is outside the key's own range (relations between keys come later).
static reach_status parse_value(const reach_ini_key *k, void *obj, const char *s) {
  switch (k->kind) {
    case REACH_INI_INT: {
      char *end;
      errno = 0;
      const gint64 v = g_ascii_strtoll(s, &end, 10);
      if (end == s || *end != '\0') return REACH_ERR_PARSE;
      if (errno == ERANGE || v < k->lo || v > k->hi) return REACH_ERR_RANGE;
      *FIELD(obj, k, int) = (int)v;
      return REACH_OK;
    }
    case REACH_INI_U64: {
      char *end;
      errno = 0;
      if (s[0] == '+') return REACH_ERR_PARSE;
      if (s[0] == '-') return REACH_ERR_RANGE;  // strtoull would wrap "-1" silently
      const guint64 v = g_ascii_strtoull(s, &end, 10);
      if (end == s || *end != '\0') return REACH_ERR_PARSE;
      if (errno == ERANGE) return REACH_ERR_RANGE;
      *FIELD(obj, k, uint64_t) = v;
      return REACH_OK;
    }
    case REACH_INI_DOUBLE:
    case REACH_INI_DOUBLE_INF: {
      double v;
      if (!parse_double(s, k->kind == REACH_INI_DOUBLE_INF, &v)) return REACH_ERR_PARSE;
      if (!in_range(k, v)) return REACH_ERR_RANGE;
      *FIELD(obj, k, double) = v;
      return REACH_OK;
    }
    case REACH_INI_BOOL:
      if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
        *FIELD(obj, k, bool) = true;
      else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
        *FIELD(obj, k, bool) = false;
      else
        return REACH_ERR_PARSE;
      return REACH_OK;
    case REACH_INI_ENUM:
      for (int i = 0; k->choices && k->choices[i]; i++)
        if (strcmp(s, k->choices[i]) == 0) {
          *FIELD(obj, k, int) = i;
          return REACH_OK;
        }
      return REACH_ERR_PARSE;
    case REACH_INI_PAIR: {
      gchar **parts = g_strsplit(s, ",", -1);
      double v[2];
      reach_status st = g_strv_length(parts) == 2 ? REACH_OK : REACH_ERR_PARSE;
      for (int i = 0; st == REACH_OK && i < 2; i++) {
        if (!parse_double(g_strstrip(parts[i]), false, &v[i]))
          st = REACH_ERR_PARSE;
        else if (!in_range(k, v[i]))
          st = REACH_ERR_RANGE;
      }
      g_strfreev(parts);
      if (st != REACH_OK) return st;
      FIELD(obj, k, double)[0] = v[0];
      FIELD(obj, k, double)[1] = v[1];
      return REACH_OK;
    }
    case REACH_INI_STRING:
      if (!is_word(s, (size_t)k->hi)) return REACH_ERR_PARSE;
      memcpy(FIELD(obj, k, char), s, strlen(s) + 1);
      return REACH_OK;
  }
  return REACH_ERR_PARSE;
}

reach_status reach_ini_parse(const reach_ini_table *t, const char *text, const char *origin,
                             void *obj, int *lines, reach_error *err) {
  reach_status st = scan(t, text, origin, lines, err);
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
  char want[160];
  for (int k = 0; k < t->nkey && st == REACH_OK; k++) {
    if (!lines[k]) continue;
    const reach_ini_key *d = &t->keys[k];
    gchar *s = g_key_file_get_string(kf, d->section, d->name, &gerr);
    if (!s) {
      st = reach_error_set(err, REACH_ERR_PARSE, "%s:%d: [%s] %s: %s", origin, lines[k], d->section,
                           d->name, gerr->message);
      g_clear_error(&gerr);
      break;
    }
    const reach_status pst = parse_value(d, obj, g_strstrip(s));
    if (pst != REACH_OK) {
      reach_ini_describe(d, want, sizeof want);
      // Inline comments are not INI: say so, since that is the likely cause.
      st = reach_error_set(err, pst, "%s:%d: [%s] %s: expected %s, got '%.60s'%s", origin, lines[k],
                           d->section, d->name, want, s,
                           strchr(s, '#') ? " (comments go on their own line)" : "");
    }
    g_free(s);
  }
  g_key_file_free(kf);
  return st;
}

reach_status reach_ini_read_file(const char *path, char **text, reach_error *err) {
  gchar *buf = NULL;
  gsize len = 0;
  GError *gerr = NULL;
  *text = NULL;
  if (!g_file_get_contents(path, &buf, &len, &gerr)) {
    reach_status st =
        reach_error_set(err, REACH_ERR_IO, "%s: cannot read: %s", path, gerr->message);
    g_error_free(gerr);
    return st;
  }
  reach_status st = REACH_OK;
  if (strlen(buf) != len)
    st = reach_error_set(err, REACH_ERR_PARSE, "%s: expected a text file, found a NUL byte", path);
  else if (!(*text = malloc(len + 1)))
    st = reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
  else
    memcpy(*text, buf, len + 1);
  g_free(buf);
  return st;
}
