// SPDX-License-Identifier: GPL-3.0-or-later
// Presets: INI files. When libreach has its configuration loader (reach_config_load) the whole
// experiment is validated by it; the app reads the protocol (phase lengths and fields) from the
// result. Without it, the [phases] group is read here with the same key names. Either way a bad
// file is refused as a whole, with a message naming the file, group and key, and the running
// session is left as it was.
#include <glib/gi18n.h>
#include <math.h>

#include "reach-backend.h"
#ifdef REACH_APP_HAVE_CONFIG
#include "learn/config.h"
#endif

static const char *const phase_keys[REACH_APP_NPHASE] = {"nf1", "ff1", "nf2", "ff2"};

void reach_preset_free(ReachPreset *p) {
  if (!p) return;
  g_free(p->path);
  g_free(p->config);
  g_free(p);
}

static void defaults(ReachPreset *p) {
  for (int i = 0; i < REACH_APP_NPHASE; i++) {
    p->phase_batches[i] = 30;
    p->phase_field[i] = i % 2 ? 10.0 : 0.0;
  }
}

#ifndef REACH_APP_HAVE_CONFIG
// [phases] <phase>_batches (integer in [0, 1000000]) and <phase>_field (N·s/m, |b| ≤ 100).
static gboolean read_phases(GKeyFile *kf, ReachPreset *p, GError **error) {
  for (int i = 0; i < REACH_APP_NPHASE; i++) {
    g_autofree char *kb = g_strdup_printf("%s_batches", phase_keys[i]);
    g_autofree char *kfld = g_strdup_printf("%s_field", phase_keys[i]);
    if (g_key_file_has_key(kf, "phases", kb, NULL)) {
      g_autofree char *raw = g_key_file_get_value(kf, "phases", kb, NULL);
      char *end = NULL;
      gint64 v = g_ascii_strtoll(raw, &end, 10);
      if (!raw[0] || *end || v < 0 || v > 1000000) {
        g_set_error(error, REACH_APP_ERROR, REACH_APP_ERROR_PRESET,
                    _("%s: [phases] %s: expected an integer in [0, 1000000], got “%s”"), p->path,
                    kb, raw);
        return FALSE;
      }
      p->phase_batches[i] = (int)v;
    }
    if (g_key_file_has_key(kf, "phases", kfld, NULL)) {
      g_autofree char *raw = g_key_file_get_value(kf, "phases", kfld, NULL);
      char *end = NULL;
      double v = g_ascii_strtod(raw, &end);
      if (!raw[0] || *end || !isfinite(v) || fabs(v) > 100.0) {
        g_set_error(error, REACH_APP_ERROR, REACH_APP_ERROR_PRESET,
                    _("%s: [phases] %s: expected a gain in N·s/m within [−100, 100], got “%s”"),
                    p->path, kfld, raw);
        return FALSE;
      }
      p->phase_field[i] = v;
    }
  }
  int sum = 0;
  for (int i = 0; i < REACH_APP_NPHASE; i++) sum += p->phase_batches[i];
  if (sum == 0) {
    g_set_error(error, REACH_APP_ERROR, REACH_APP_ERROR_PRESET,
                _("%s: [phases]: every phase has 0 batches; nothing would run"), p->path);
    return FALSE;
  }
  return TRUE;
}
#endif

ReachPreset *reach_preset_load(const char *path, GError **error) {
  ReachPreset *p = g_new0(ReachPreset, 1);
  defaults(p);
  if (!path) return p;
  p->path = g_strdup(path);
#ifdef REACH_APP_HAVE_CONFIG
  reach_config *c = g_new0(reach_config, 1);
  reach_error err = {0};
  if (reach_config_load(c, path, &err) != REACH_OK) {
    g_set_error_literal(error, REACH_APP_ERROR, REACH_APP_ERROR_PRESET, err.msg);
    g_free(c);
    reach_preset_free(p);
    return NULL;
  }
  for (int i = 0; i < REACH_APP_NPHASE; i++) {
    p->phase_batches[i] = c->phase_batches[i];
    p->phase_field[i] = c->phase_field[i];
  }
  p->config = c;
  p->want_network = TRUE;
  return p;
#else
  g_autoptr(GKeyFile) kf = g_key_file_new();
  GError *local = NULL;
  if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &local)) {
    g_set_error(error, REACH_APP_ERROR, REACH_APP_ERROR_PRESET, "%s: %s", path, local->message);
    g_error_free(local);
    reach_preset_free(p);
    return NULL;
  }
  if (!read_phases(kf, p, error)) {
    reach_preset_free(p);
    return NULL;
  }
  return p;
#endif
}
