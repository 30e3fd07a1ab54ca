// SPDX-License-Identifier: GPL-3.0-or-later
// The four phases of the savings protocol (savings-paper-spec §1.7), named once for the core, the
// CLI and the app: files, plots and messages all say them this way.
#ifndef REACH_PHASE_H
#define REACH_PHASE_H

enum { REACH_NPHASE = 4 };  // NF1, FF1, NF2, FF2
extern const char *const reach_phase_names[REACH_NPHASE];

#endif
