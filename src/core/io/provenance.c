// SPDX-License-Identifier: GPL-3.0-or-later
#include "provenance.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

/* ---- the text ---- */

typedef struct {
  char *buf;
  size_t len, cap;
  int oom;
} sbuf;

static void put(sbuf *b, const char *s, size_t n) {
  if (b->oom) return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1) cap *= 2;
    char *p = realloc(b->buf, cap);
    if (!p) {
      b->oom = 1;
      return;
    }
    b->buf = p, b->cap = cap;
  }
  memcpy(b->buf + b->len, s, n);
  b->len += n;
  b->buf[b->len] = '\0';
}

static void puts_(sbuf *b, const char *s) { put(b, s, strlen(s)); }

static void line(sbuf *b, const char *key, const char *value) {
  if (!value) return;
  puts_(b, key);
  puts_(b, value);
  puts_(b, "\n");
}

char *reach_provenance_text(const char *what, const char *model, const char *preset,
                            const char *engine, const char *extra, const char *config_ini) {
  sbuf b = {0};
  line(&b, "ReachLab ", what ? what : "output");
  line(&b, "model: ", model);
  line(&b, "preset: ", preset);
  if (engine && *engine) line(&b, "engine: ", engine);
  if (extra && *extra) {
    puts_(&b, extra);
    if (extra[strlen(extra) - 1] != '\n') puts_(&b, "\n");
  }
  puts_(&b, "configuration (INI):\n");
  for (const char *p = config_ini ? config_ini : ""; *p;) {
    const char *e = strchr(p, '\n');
    const size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n > 0) {  // blank lines of the INI carry nothing
      puts_(&b, "  ");
      put(&b, p, n);
      puts_(&b, "\n");
    }
    p += n + (e ? 1 : 0);
  }
  if (b.oom) {
    free(b.buf);
    return NULL;
  }
  return b.buf;
}

void reach_provenance_write_prefixed(FILE *fp, const char *text, const char *prefix) {
  for (const char *p = text; p && *p;) {
    const char *e = strchr(p, '\n');
    const size_t n = e ? (size_t)(e - p) : strlen(p);
    fprintf(fp, "%s%.*s\n", prefix, (int)n, p);
    p += n + (e ? 1 : 0);
  }
}

/* ---- files ---- */

static reach_status slurp(const char *path, unsigned char **data, size_t *len, reach_error *err) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return reach_error_set(err, REACH_ERR_IO, "%s: cannot open for reading", path);
  size_t cap = 1 << 16, n = 0;
  unsigned char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n, fp);
    if (n < cap) break;
    unsigned char *p = realloc(buf, cap *= 2);
    if (!p) free(buf);
    buf = p;
  }
  const int bad = ferror(fp);
  fclose(fp);
  if (!buf) return reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory reading it", path);
  if (bad) {
    free(buf);
    return reach_error_set(err, REACH_ERR_IO, "%s: read error", path);
  }
  *data = buf;
  *len = n;
  return REACH_OK;
}

// Writes the pieces (a, b, c) as path through a temporary file renamed into place.
static reach_status write3(const char *path, const void *a, size_t na, const void *b, size_t nb,
                           const void *c, size_t nc, reach_error *err) {
  reach_file f;
  reach_status st = reach_file_begin(&f, path, err);
  if (st) return st;
  if (fwrite(a, 1, na, f.fp) != na || fwrite(b, 1, nb, f.fp) != nb ||
      fwrite(c, 1, nc, f.fp) != nc) {
    reach_file_abort(&f);
    return reach_error_set(err, REACH_ERR_IO, "%s: write error", path);
  }
  return reach_file_commit(&f, err);
}

/* ---- PNG ---- */

static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

static uint32_t crc32_png(const unsigned char *p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
  }
  return c ^ 0xffffffffu;
}

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

// The end of IHDR (the first chunk), or 0 if data is not a PNG.
static size_t png_after_ihdr(const unsigned char *d, size_t n) {
  if (n < 8 + 12 + 13 || memcmp(d, png_sig, 8) != 0 || memcmp(d + 12, "IHDR", 4) != 0) return 0;
  const size_t end = 8 + 12 + (size_t)be32(d + 8);
  return end <= n ? end : 0;
}

reach_status reach_png_add_text(const char *path, const char *key, const char *text,
                                reach_error *err) {
  unsigned char *d = NULL;
  size_t n = 0;
  reach_status st = slurp(path, &d, &n, err);
  if (st) return st;
  const size_t at = png_after_ihdr(d, n);
  if (!at) {
    free(d);
    return reach_error_set(err, REACH_ERR_PARSE, "%s: not a PNG file (no signature and IHDR)",
                           path);
  }
  // iTXt: keyword, 0, compression flag 0, method 0, language "", 0, translated keyword "", 0, text
  const size_t nk = strlen(key), nt = strlen(text), body = nk + 5 + nt;
  unsigned char *chunk = malloc(12 + body);
  if (!chunk) {
    free(d);
    return reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
  }
  put_be32(chunk, (uint32_t)body);
  memcpy(chunk + 4, "iTXt", 4);
  memcpy(chunk + 8, key, nk);
  memset(chunk + 8 + nk, 0, 5);
  memcpy(chunk + 8 + nk + 5, text, nt);
  put_be32(chunk + 8 + body, crc32_png(chunk + 4, 4 + body));
  st = write3(path, d, at, chunk, 12 + body, d + at, n - at, err);
  free(chunk);
  free(d);
  return st;
}

reach_status reach_png_get_text(const char *path, const char *key, char **text, reach_error *err) {
  *text = NULL;
  unsigned char *d = NULL;
  size_t n = 0;
  reach_status st = slurp(path, &d, &n, err);
  if (st) return st;
  size_t p = png_after_ihdr(d, n);
  if (!p) {
    free(d);
    return reach_error_set(err, REACH_ERR_PARSE, "%s: not a PNG file", path);
  }
  const size_t nk = strlen(key);
  while (p + 12 <= n) {
    const size_t len = be32(d + p);
    if (len > n - p - 12) break;
    const unsigned char *type = d + p + 4, *body = d + p + 8;
    const int itxt = memcmp(type, "iTXt", 4) == 0, txt = memcmp(type, "tEXt", 4) == 0;
    if ((itxt || txt) && len > nk && memcmp(body, key, nk) == 0 && body[nk] == 0) {
      size_t off = nk + 1;
      if (itxt) {  // compression flag and method, then two NUL-ended strings
        if (off + 2 > len || body[off] != 0) break;  // compressed text: not ours
        off += 2;
        for (int s = 0; s < 2 && off < len; s++)
          off += strnlen((const char *)body + off, len - off) + 1;
      }
      if (off > len) break;
      *text = malloc(len - off + 1);
      if (!*text) break;
      memcpy(*text, body + off, len - off);
      (*text)[len - off] = '\0';
      free(d);
      return REACH_OK;
    }
    p += 12 + len;
  }
  free(d);
  return reach_error_set(err, REACH_ERR_PARSE, "%s: no text chunk '%s'", path, key);
}

/* ---- SVG ---- */

static const char svg_open[] = "<metadata id=\"reachlab-provenance\">";
static const char svg_close[] = "</metadata>";

reach_status reach_svg_add_metadata(const char *path, const char *text, reach_error *err) {
  unsigned char *d = NULL;
  size_t n = 0;
  reach_status st = slurp(path, &d, &n, err);
  if (st) return st;
  // after the root element's start tag: the first "<svg" and the ">" that closes it
  const char *s = (const char *)d;
  const char *root = NULL;
  for (size_t i = 0; i + 4 <= n; i++)
    if (memcmp(s + i, "<svg", 4) == 0) {
      root = s + i;
      break;
    }
  const char *gt = root ? memchr(root, '>', n - (size_t)(root - s)) : NULL;
  if (!gt) {
    free(d);
    return reach_error_set(err, REACH_ERR_PARSE, "%s: no <svg> root element", path);
  }
  const size_t at = (size_t)(gt - s) + 1;
  sbuf m = {0};
  puts_(&m, "\n");
  puts_(&m, svg_open);
  for (const char *p = text; *p; p++) {
    switch (*p) {
      case '<': puts_(&m, "&lt;"); break;
      case '>': puts_(&m, "&gt;"); break;
      case '&': puts_(&m, "&amp;"); break;
      default: put(&m, p, 1);
    }
  }
  puts_(&m, svg_close);
  if (m.oom) {
    free(m.buf);
    free(d);
    return reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
  }
  st = write3(path, d, at, m.buf, m.len, d + at, n - at, err);
  free(m.buf);
  free(d);
  return st;
}

reach_status reach_svg_get_metadata(const char *path, char **text, reach_error *err) {
  *text = NULL;
  unsigned char *d = NULL;
  size_t n = 0;
  reach_status st = slurp(path, &d, &n, err);
  if (st) return st;
  char *s = realloc(d, n + 1);
  if (!s) {
    free(d);
    return reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
  }
  s[n] = '\0';
  const char *a = strstr(s, svg_open), *b = a ? strstr(a, svg_close) : NULL;
  if (!b) {
    free(s);
    return reach_error_set(err, REACH_ERR_PARSE, "%s: no <metadata id=\"reachlab-provenance\">",
                           path);
  }
  a += strlen(svg_open);
  sbuf out = {0};
  puts_(&out, "");
  while (a < b) {
    if (strncmp(a, "&lt;", 4) == 0)
      puts_(&out, "<"), a += 4;
    else if (strncmp(a, "&gt;", 4) == 0)
      puts_(&out, ">"), a += 4;
    else if (strncmp(a, "&amp;", 5) == 0)
      puts_(&out, "&"), a += 5;
    else
      put(&out, a++, 1);
  }
  free(s);
  if (out.oom) {
    free(out.buf);
    return reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
  }
  *text = out.buf;
  return REACH_OK;
}
