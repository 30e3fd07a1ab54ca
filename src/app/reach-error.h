// SPDX-License-Identifier: GPL-3.0-or-later
// The app's error domain: what a backend, a preset or an analysis reports to the window.
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define REACH_APP_ERROR (reach_app_error_quark())
GQuark reach_app_error_quark(void);
typedef enum {
  REACH_APP_ERROR_PRESET,   // a preset or saved run that cannot be loaded
  REACH_APP_ERROR_NUMERIC,  // the simulation diverged
  REACH_APP_ERROR_FAILED,
} ReachAppError;

G_END_DECLS
