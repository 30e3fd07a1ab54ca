// SPDX-License-Identifier: GPL-3.0-or-later
// The app's GSettings, which only remember what the window's actions hold (the page, presentation
// mode, the study, the learner, the speed, the window size). Without a D-Bus session (CI, a
// headless box, some kiosks) dconf cannot store anything and warned at every change; its writes
// were also undone, which undid --presentation and --page. There the settings live in memory for
// the run instead.
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

// The app's settings on the default backend, or on a memory backend when the default is dconf
// and no session bus can be reached. New reference.
GSettings *reach_settings_new(void);
// Whether the settings schema is installed (or found through GSETTINGS_SCHEMA_DIR): without it
// g_settings_new aborts.
gboolean reach_settings_schema_found(void);

G_END_DECLS
