// SPDX-License-Identifier: GPL-3.0-or-later
// ReachApplication: app.* actions (quit, about), accelerators, command-line options
// (--screenshot FILE.png [--preset FILE.ini] [--after-batches N] [--page P] [--presentation]).
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define REACH_TYPE_APPLICATION (reach_application_get_type())
G_DECLARE_FINAL_TYPE(ReachApplication, reach_application, REACH, APPLICATION, AdwApplication)

ReachApplication *reach_application_new(void);
// Exit status after a --screenshot run (0 if the picture was written).
int reach_application_get_status(ReachApplication *self);

// Where the translations are: the build tree's (BUILD/po) when this program runs from the build
// tree (meson devenv, the tests), the installed LOCALEDIR otherwise.
const char *reach_application_locale_dir(void);

G_END_DECLS
