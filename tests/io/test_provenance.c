// SPDX-License-Identifier: GPL-3.0-or-later
// Provenance written into figures (io/provenance.h) and read back: the text's layout, a PNG
// iTXt chunk (CRC checked against an independent CRC-32, the file's other
// chunks are untouched) and an SVG <metadata> element with XML-escaped text.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "io/provenance.h"

// CRC-32 (IEEE 802.3) bytewise from its definition, independent of the writer's loop.
static uint32_t crc_ref(const unsigned char *p, size_t n) {
  uint32_t table[256];
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

static unsigned char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  unsigned char *b = malloc(1 << 16);
  *n = fread(b, 1, 1 << 16, f);
  fclose(f);
  return b;
}

int main(void) {
  const char *ini = "[network]\nunits = 32\n\n[experiment]\nseed = 7\n";
  char *t = reach_provenance_text("export", "GRU <32> & co", "demo.ini", "eng 1", NULL, ini);
  const char *want =
      "ReachLab export\nmodel: GRU <32> & co\npreset: demo.ini\nengine: eng 1\n"
      "configuration (INI):\n  [network]\n  units = 32\n  [experiment]\n  seed = 7\n";
  CHECK(t && strcmp(t, want) == 0, "text layout:\n%s", t ? t : "(null)");

  // the chunk layout of a 1×1 grey PNG: IHDR, IDAT, IEND (nothing here decodes the image)
  static const unsigned char png[] = {0x89, 'P', 'N', 'G',  '\r', '\n', 0x1a, '\n', 0,    0, 0, 13,
                                      'I',  'H', 'D', 'R',  0,    0,    0,    1,    0,    0, 0, 1,
                                      8,    0,   0,   0,    0,    0x3a, 0x7e, 0x9b, 0x55, 0, 0, 0,
                                      10,   'I', 'D', 'A',  'T',  0x78, 0x9c, 0x63, 0x60, 0, 0, 0,
                                      2,    0,   1,   0x73, 0x75, 0x01, 0x18, 0,    0,    0, 0, 'I',
                                      'E',  'N', 'D', 0xae, 0x42, 0x60, 0x82};
  char dir[] = "/tmp/reachlab-prov-XXXXXX";
  if (!mkdtemp(dir)) return reach_test_finish("provenance");
  char path[256];
  snprintf(path, sizeof path, "%s/f.png", dir);
  FILE *f = fopen(path, "wb");
  fwrite(png, 1, sizeof png, f);
  fclose(f);
  reach_error err = {0};
  CHECK(reach_png_add_text(path, REACH_PROVENANCE_PNG_KEY, t, &err) == REACH_OK, "PNG add: %s",
        err.msg);
  size_t n = 0;
  unsigned char *b = slurp(path, &n);
  // the new chunk sits after IHDR (8 + 25 bytes), its CRC over type and data
  const size_t at = 8 + 25,
               len = (size_t)b[at] << 24 | b[at + 1] << 16 | b[at + 2] << 8 | b[at + 3];
  const uint32_t crc = (uint32_t)b[at + 8 + len] << 24 | b[at + 9 + len] << 16 |
                       b[at + 10 + len] << 8 | b[at + 11 + len];
  CHECK(memcmp(b + at + 4, "iTXt", 4) == 0 && crc == crc_ref(b + at + 4, 4 + len),
        "iTXt chunk of %zu bytes after IHDR, CRC %08x (reference %08x)", len, crc,
        crc_ref(b + at + 4, 4 + len));
  CHECK(n == sizeof png + 12 + len && memcmp(b, png, at) == 0 &&
            memcmp(b + at + 12 + len, png + at, sizeof png - at) == 0,
        "file %zu bytes = %zu + the chunk; IHDR, IDAT and IEND untouched", n, sizeof png);
  free(b);
  char *back = NULL;
  CHECK(reach_png_get_text(path, REACH_PROVENANCE_PNG_KEY, &back, &err) == REACH_OK && back &&
            strcmp(back, t) == 0,
        "PNG text read back equal (%zu chars)", back ? strlen(back) : 0);
  free(back);
  back = NULL;
  CHECK(reach_png_get_text(path, "Other", &back, &err) == REACH_ERR_PARSE && !back,
        "another key: %s", err.msg);

  snprintf(path, sizeof path, "%s/f.svg", dir);
  f = fopen(path, "w");
  fputs(
      "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\">"
      "<rect width=\"1\"/></svg>\n",
      f);
  fclose(f);
  CHECK(reach_svg_add_metadata(path, t, &err) == REACH_OK, "SVG add: %s", err.msg);
  b = slurp(path, &n);
  b[n] = 0;
  CHECK(strstr((char *)b, "width=\"10\">\n<metadata id=\"reachlab-provenance\">ReachLab") &&
            strstr((char *)b, "GRU &lt;32&gt; &amp; co") && strstr((char *)b, "<rect width"),
        "SVG: <metadata> first in the root, text escaped, the drawing kept");
  free(b);
  CHECK(reach_svg_get_metadata(path, &back, &err) == REACH_OK && back && strcmp(back, t) == 0,
        "SVG text read back equal, unescaped");
  free(back);
  snprintf(path, sizeof path, "%s/none.png", dir);
  CHECK(reach_png_add_text(path, "k", "v", &err) == REACH_ERR_IO, "missing file: %s", err.msg);
  free(t);
  snprintf(path, sizeof path, "rm -rf %s", dir);
  if (system(path) != 0) printf("could not remove %s\n", dir);
  return reach_test_finish("provenance");
}
