// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-error.h"

G_DEFINE_QUARK(reach - app - error - quark, reach_app_error)
