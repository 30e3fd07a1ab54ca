// SPDX-License-Identifier: GPL-3.0-or-later
// Moved to study/network_analysis.h (issue 15). This forwarder is for app files that still name
// the old path; delete it once they include "reach.h" (tests/core/check_layers.py lists it).
#include "../study/network_analysis.h"
