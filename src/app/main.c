// SPDX-License-Identifier: GPL-3.0-or-later
// reachlab: the ReachLab app.
#include <glib/gi18n.h>
#include <gio/gio.h>
#include <locale.h>

#include "config.h"
#include "reach-application.h"

int main(int argc, char *argv[]) {
  setlocale(LC_ALL, "");
  bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE);
  g_set_application_name(_("ReachLab"));

  // a missing schema would abort inside g_settings_new; say what to do instead
  GSettingsSchemaSource *src = g_settings_schema_source_get_default();
  g_autoptr(GSettingsSchema) schema =
      src ? g_settings_schema_source_lookup(src, APPLICATION_ID, TRUE) : NULL;
  if (!schema) {
    g_printerr(_("reachlab: the settings schema %s is not installed. Run the app with "
                 "`meson devenv -C BUILDDIR src/app/reachlab`, or set GSETTINGS_SCHEMA_DIR to "
                 "BUILDDIR/src/app, or install it with `meson install`.\n"),
               APPLICATION_ID);
    return 1;
  }

  g_autoptr(ReachApplication) app = reach_application_new();
  int status = g_application_run(G_APPLICATION(app), argc, argv);
  return status ? status : reach_application_get_status(app);
}
