// SPDX-License-Identifier: GPL-3.0-or-later
#include "phase.h"

const char *const reach_phase_names[REACH_NPHASE] = {"NF1", "FF1", "NF2", "FF2"};
