// SPDX-License-Identifier: GPL-3.0-or-later
// reachlab: the ReachLab app.
#include <glib/gi18n.h>
#include <gio/gio.h>
#include <locale.h>

#include "config.h"
#include "reach-application.h"

// Is there a GPU render node? Without one, Mesa rasterises GL in software.
static gboolean have_gpu(void) {
  g_autoptr(GDir) dir = g_dir_open("/dev/dri", 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name(dir)))
    if (g_str_has_prefix(name, "renderD")) return TRUE;
  return FALSE;
}

// Is there a session bus to talk to? GLib finds one through DBUS_SESSION_BUS_ADDRESS or the
// user's runtime directory; otherwise it would try to start one with dbus-launch.
static gboolean have_session_bus(void) {
  if (g_getenv("DBUS_SESSION_BUS_ADDRESS")) return TRUE;
  g_autofree char *bus = g_build_filename(g_get_user_runtime_dir(), "bus", NULL);
  return g_file_test(bus, G_FILE_TEST_EXISTS);
}

int main(int argc, char *argv[]) {
  // Accessibility (AT-SPI) speaks over the session bus: without one (CI, a headless box, some
  // kiosks) GTK's first window asked for it anyway and printed "Unable to acquire session bus:
  // ... dbus-launch". With no bus there is no screen reader to reach, so it is not asked for; a
  // GTK_A11Y the user set is kept.
  if (!have_session_bus() && !g_getenv("GTK_A11Y")) g_setenv("GTK_A11Y", "none", FALSE);

  // Without a GPU, GTK's GL renderer repaints the whole window in software at a few frames per
  // second and takes a core from the training worker (small preset on two cores, Xvfb: 17
  // batches/s with GL, 34 with Cairo, CLI 51). Cairo is then the better renderer, for GTK and for
  // the arm and neural views. Asked for by name rather than by GDK_DEBUG=gl-disable, which made
  // GTK print "GL support disabled via GDK_DEBUG" for every window. GSK_RENDERER, GDK_DEBUG,
  // REACH_ARM_VIEW or REACH_GL=1 keep the user's choice.
  if (!have_gpu() && !g_getenv("GSK_RENDERER") && !g_getenv("GDK_DEBUG") &&
      !g_getenv("REACH_ARM_VIEW") && !g_getenv("REACH_GL")) {
    g_setenv("GSK_RENDERER", "cairo", FALSE);
    g_setenv("REACH_ARM_VIEW", "cairo", FALSE);
  }

  setlocale(LC_ALL, "");
  bindtextdomain(GETTEXT_PACKAGE, reach_application_locale_dir());
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE);
  g_set_application_name(_("ReachLab"));

  g_autoptr(ReachApplication) app = reach_application_new();
  int status = g_application_run(G_APPLICATION(app), argc, argv);
  return status ? status : reach_application_get_status(app);
}
