// SPDX-License-Identifier: GPL-3.0-or-later
// The `arm demo` figure: centre-out reaches of the fixed feedback controller in a null and a
// curl field, drawn with PLplot.
#ifndef REACH_CLI_DEMO_H
#define REACH_CLI_DEMO_H

#include "reach.h"

// Simulates, draws `out` (.png/.svg/.pdf), optionally writes the paths to `csv`; returns the exit
// status and prints what it wrote.
int reach_cli_demo_run(const reach_arm_model *m, const double q0[2], double gain, const char *out,
                       const char *csv);

#endif
