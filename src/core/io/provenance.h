// SPDX-License-Identifier: GPL-3.0-or-later
// Provenance: what every ReachLab output says about where it came from (the configuration with
// its seed, the engine that computed it), built once and written into each kind of file as that
// format keeps text: comment lines at the top of a CSV, an iTXt chunk in a PNG, a <metadata>
// element in an SVG (a PDF's information dictionary is written by Cairo, cairo_pdf_surface_
// set_metadata). Readers that take it back out serve the tests and anyone checking a figure.
#ifndef REACH_PROVENANCE_H
#define REACH_PROVENANCE_H

#include <stdio.h>

#include "../base/error.h"

// The text, "key: value" lines, then "configuration (INI):" and the INI (seed included) indented
// by two spaces:
//   ReachLab <what>                       e.g. "export", "report"
//   model: <model>                        each line only when its value is non-NULL
//   preset: <preset>
//   engine: <engine>
//   <extra>                               (free lines, e.g. "networks: 4 (seeds 0-3)")
//   configuration (INI):
//     [network] ...
// Returns malloc'd text (free()), NULL when out of memory.
char *reach_provenance_text(const char *what, const char *model, const char *preset,
                            const char *engine, const char *extra, const char *config_ini);
// Writes text with every line prefixed by prefix (e.g. "# " for a CSV's header).
void reach_provenance_write_prefixed(FILE *fp, const char *text, const char *prefix);

// The PNG's chunk key that holds it (iTXt, UTF-8, uncompressed).
#define REACH_PROVENANCE_PNG_KEY "ReachLab provenance"

// Adds an iTXt chunk (key, UTF-8 text) after the PNG's IHDR, rewriting the file through a
// temporary one. REACH_ERR_IO / REACH_ERR_PARSE naming the file if it cannot be read or is not
// a PNG.
reach_status reach_png_add_text(const char *path, const char *key, const char *text,
                                reach_error *err);
// The text of the first tEXt or iTXt chunk called key (malloc'd, *text), or REACH_ERR_PARSE if
// there is none.
reach_status reach_png_get_text(const char *path, const char *key, char **text, reach_error *err);
// Inserts <metadata id="reachlab-provenance">text (XML-escaped)</metadata> as the first child of
// the SVG's root element, through a temporary file.
reach_status reach_svg_add_metadata(const char *path, const char *text, reach_error *err);
// The text of that element, unescaped (malloc'd), or REACH_ERR_PARSE if there is none.
reach_status reach_svg_get_metadata(const char *path, char **text, reach_error *err);

#endif
