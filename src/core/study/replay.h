// SPDX-License-Identifier: GPL-3.0-or-later
// Open-loop replay of an excitation table (the reference *_inputs.csv format: step, u_<muscle>×6,
// load_x, load_y) through one arm, producing the MotorNet state table.
#ifndef REACH_REPLAY_H
#define REACH_REPLAY_H

#include "../base/error.h"
#include "../env/field.h"
#include "../plant/arm_csv.h"
#include "../io/csv.h"
#include "../plant/arm.h"

typedef struct reach_replay_opts {
  double q0[REACH_NJOINT];  // start posture (rad)
  // NULL: apply the table's load columns as given. Otherwise the load is computed each step from
  // the run's own state (the field must be null or curl: a channel needs a line).
  const reach_field *field;
} reach_replay_opts;

// Checks that inputs has the expected columns (naming the file in err) and that steps count
// 0, 1, 2, ... Rows are (nrow + 1) × REACH_ARM_CSV_COLS, allocated here, freed by the caller.
reach_status reach_replay_run(const reach_arm_model *m, const reach_table *inputs, const char *path,
                              const reach_replay_opts *opts, double **rows, int *nrows,
                              reach_error *err);

#endif
