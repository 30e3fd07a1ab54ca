// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-settings.h"

// the backend API: which backend GSettings picked, and a memory one
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "config.h"

// dconf writes through the session bus. GLib finds its address in DBUS_SESSION_BUS_ADDRESS or
// $XDG_RUNTIME_DIR/bus, else asks dbus-launch on X11; the result is the shared connection that
// GApplication has already made (or failed to make) by the time a window exists.
static gboolean session_bus_reachable(void) {
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, &error);
  if (!bus) g_debug("settings: no session bus (%s): remembering in memory", error->message);
  return bus != NULL;
}

GSettings *reach_settings_new(void) {
  g_autoptr(GSettingsBackend) backend = g_settings_backend_get_default();
  if (g_str_equal(G_OBJECT_TYPE_NAME(backend), "DConfSettingsBackend") &&
      !session_bus_reachable()) {
    g_autoptr(GSettingsBackend) memory = g_memory_settings_backend_new();
    return g_settings_new_with_backend(APPLICATION_ID, memory);
  }
  return g_settings_new(APPLICATION_ID);
}

gboolean reach_settings_schema_found(void) {
  GSettingsSchemaSource *src = g_settings_schema_source_get_default();
  g_autoptr(GSettingsSchema) schema =
      src ? g_settings_schema_source_lookup(src, APPLICATION_ID, TRUE) : NULL;
  return schema != NULL;
}
