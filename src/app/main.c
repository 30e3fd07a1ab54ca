// SPDX-License-Identifier: GPL-3.0-or-later
// reachlab: the ReachLab app.
#include <glib/gi18n.h>
#include <locale.h>

#include "config.h"
#include "reach-application.h"

int main(int argc, char *argv[]) {
  setlocale(LC_ALL, "");
  bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
  textdomain(GETTEXT_PACKAGE);
  g_set_application_name(_("ReachLab"));

  g_autoptr(ReachApplication) app = reach_application_new();
  int status = g_application_run(G_APPLICATION(app), argc, argv);
  return status ? status : reach_application_get_status(app);
}
