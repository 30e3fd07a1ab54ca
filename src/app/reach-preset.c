// SPDX-License-Identifier: GPL-3.0-or-later
// Presets: INI files, validated as a whole by libreach's configuration loader
// (reach_config_load), whose messages name the file, line, [section] and key. A bad file is
// refused and the running session is left as it was; a good one describes a network experiment.
// A .h5 file is a saved run to continue.
#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#include "config.h"
#include "task/config.h"
#include "reach-backend.h"

void reach_preset_free(ReachPreset *p) {
  if (!p) return;
  g_free(p->path);
  g_free(p->checkpoint);
  g_free(p->config);
  g_free(p->warning);
  g_free(p);
}

static void defaults(ReachPreset *p) {
  for (int i = 0; i < REACH_NPHASE; i++) {
    p->phase_batches[i] = 30;
    p->phase_field[i] = i % 2 ? 10.0 : 0.0;
  }
}

ReachPreset *reach_preset_load(const char *path, GError **error) {
  ReachPreset *p = g_new0(ReachPreset, 1);
  defaults(p);
  if (!path) return p;
  p->path = g_strdup(path);
  // a saved run (reachlab-cli train --out, or a bundled network): the network backend loads it
  // and reports what is wrong with it
  if (g_str_has_suffix(path, ".h5")) {
    p->checkpoint = g_strdup(path);
    p->want_network = TRUE;
    return p;
  }
  reach_config *c = g_new0(reach_config, 1);
  reach_error err = {0};
  if (reach_config_load(c, path, &err) != REACH_OK) {
    g_set_error_literal(error, REACH_APP_ERROR, REACH_APP_ERROR_PRESET, err.msg);
    g_free(c);
    reach_preset_free(p);
    return NULL;
  }
  for (int i = 0; i < REACH_NPHASE; i++) {
    p->phase_batches[i] = c->phase_batches[i];
    p->phase_field[i] = c->phase_field[i];
  }
  // A file that sets nothing is valid (every key has the paper's default) but is rarely meant:
  // it asks for a 128-unit network that grows up for hours. Say what was assumed.
  g_autoptr(GKeyFile) kf = g_key_file_new();
  gsize n_keys = 0;
  if (g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL)) {
    g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
    for (int i = 0; groups && groups[i]; i++) {
      g_auto(GStrv) keys = g_key_file_get_keys(kf, groups[i], NULL, NULL);
      n_keys += keys ? g_strv_length(keys) : 0;
    }
  }
  if (n_keys == 0) {
    g_autofree char *base = g_path_get_basename(path);
    p->warning = g_strdup_printf(
        _("%s sets no keys, so the paper's settings were assumed: %d units, %d batches of growing "
          "up, phases of %d / %d / %d / %d batches, seed %llu. Growing up that network takes "
          "hours; the presets in the Model row train in minutes."),
        base, c->units, c->grow_batches, c->phase_batches[0], c->phase_batches[1],
        c->phase_batches[2], c->phase_batches[3], (unsigned long long)c->seed);
  }
  p->config = c;
  p->want_network = TRUE;
  return p;
}

char *reach_data_path(const char *rel) {
  // libreach's one order (io/datadir.h); where neither exists, the installed path, so the error
  // that follows names where the file belongs
  char *found = reach_data_find(REACH_DATA_DIR_SRC, REACH_DATA_DIR, rel);
  char *p = found ? g_strdup(found) : g_build_filename(REACH_DATA_DIR, rel, NULL);
  free(found);
  return p;
}
