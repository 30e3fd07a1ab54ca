// SPDX-License-Identifier: GPL-3.0-or-later
// The state-table convention of MotorNet's reference trajectories
// (tests/data/motornet-arm26/README.md): one row per state, columns step, t, joint state,
// fingertip, then the muscle state and geometry per muscle.
#ifndef REACH_ARM_CSV_H
#define REACH_ARM_CSV_H

#include <stdio.h>

#include "arm.h"

enum { REACH_ARM_CSV_COLS = 2 + 4 + 4 + 11 * REACH_NMUSCLE };

// Column name c (0 ≤ c < REACH_ARM_CSV_COLS) written into buf.
void reach_arm_csv_column_name(int c, char *buf, size_t len);
// The values of arm b of s at step k, in column order.
void reach_arm_csv_row(const reach_arm_model *m, const reach_arm_state *s, int b, long k,
                       double row[REACH_ARM_CSV_COLS]);
void reach_arm_csv_write_header(FILE *fp);
void reach_arm_csv_write_row(FILE *fp, const double row[REACH_ARM_CSV_COLS]);

#endif
