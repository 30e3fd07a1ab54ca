// SPDX-License-Identifier: GPL-3.0-or-later
#include "replay.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

reach_status reach_replay_run(const reach_arm_model *m, const reach_table *inputs, const char *path,
                              const reach_replay_opts *opts, double **rows, int *nrows,
                              reach_error *err) {
  *rows = NULL;
  *nrows = 0;
  int col_step = reach_table_column(inputs, "step");
  int col_u[REACH_NMUSCLE], col_load[2];
  char name[64];
  if (col_step < 0) {
    return reach_error_set(err, REACH_ERR_PARSE, "%s:1: missing column 'step'", path);
  }
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    snprintf(name, sizeof name, "u_%s", reach_muscle_names[i]);
    col_u[i] = reach_table_column(inputs, name);
    if (col_u[i] < 0) {
      return reach_error_set(err, REACH_ERR_PARSE,
                             "%s:1: missing column '%s' (expected step, u_<muscle> for the six "
                             "muscles, load_x, load_y)",
                             path, name);
    }
  }
  col_load[0] = reach_table_column(inputs, "load_x");
  col_load[1] = reach_table_column(inputs, "load_y");
  if (!opts->field && (col_load[0] < 0 || col_load[1] < 0)) {
    return reach_error_set(err, REACH_ERR_PARSE,
                           "%s:1: missing column '%s' (needed unless a field computes the load)",
                           path, col_load[0] < 0 ? "load_x" : "load_y");
  }
  if (inputs->nrow == 0) {
    return reach_error_set(err, REACH_ERR_PARSE, "%s: no rows after the header", path);
  }
  for (int k = 0; k < inputs->nrow; k++) {
    double step = reach_table_at(inputs, k, col_step);
    if (step != (double)k) {
      return reach_error_set(err, REACH_ERR_PARSE,
                             "%s:%ld:%d (column 'step'): expected step %d, found %g", path,
                             inputs->line[k], col_step + 1, k, step);
    }
    for (int i = 0; i < REACH_NMUSCLE; i++) {
      double u = reach_table_at(inputs, k, col_u[i]);
      if (u < 0.0 || u > 1.0) {
        return reach_error_set(err, REACH_ERR_RANGE,
                               "%s:%ld:%d (column 'u_%s'): expected an excitation in [0, 1], "
                               "found %g",
                               path, inputs->line[k], col_u[i] + 1, reach_muscle_names[i], u);
      }
    }
  }

  // A hand load is a few N (a curl field) to ~100 N (MotorNet's reference tables); far beyond
  // the muscles' summed strength the joint velocities only sit at their clamp and the replay
  // means nothing.
  const double load_max = 1e4;
  for (int k = 0; k < inputs->nrow && !opts->field; k++)
    for (int j = 0; j < 2; j++) {
      const double f = reach_table_at(inputs, k, col_load[j]);
      if (fabs(f) > load_max)
        return reach_error_set(err, REACH_ERR_RANGE,
                               "%s:%ld:%d (column '%s'): expected a hand load within ±%g N, "
                               "found %g",
                               path, inputs->line[k], col_load[j] + 1, j ? "load_y" : "load_x",
                               load_max, f);
    }

  int n = inputs->nrow;
  double *out = malloc((size_t)(n + 1) * REACH_ARM_CSV_COLS * sizeof *out);
  reach_arm_state s;
  if (!out || reach_arm_state_init(&s, 1) != 0) {
    free(out);
    return reach_error_set(err, REACH_ERR_NOMEM, "out of memory replaying %s", path);
  }
  reach_arm_reset(m, &s, NULL, opts->q0);
  reach_arm_csv_row(m, &s, 0, 0, out);
  for (int k = 0; k < n; k++) {
    double u[REACH_NMUSCLE], fe[2];
    for (int i = 0; i < REACH_NMUSCLE; i++) u[i] = reach_table_at(inputs, k, col_u[i]);
    if (opts->field) {
      reach_field_load(opts->field, m, &s, NULL, NULL, NULL, fe);
    } else {
      fe[0] = reach_table_at(inputs, k, col_load[0]);
      fe[1] = reach_table_at(inputs, k, col_load[1]);
    }
    reach_arm_step(m, &s, u, fe, &s);
    double *row = out + (size_t)(k + 1) * REACH_ARM_CSV_COLS;
    reach_arm_csv_row(m, &s, 0, k + 1, row);
    for (int c = 0; c < REACH_ARM_CSV_COLS; c++) {
      if (!isfinite(row[c])) {
        reach_arm_state_free(&s);
        free(out);
        return reach_error_set(err, REACH_ERR_NUMERIC,
                               "%s: the simulation diverged (non-finite state) at step %d", path,
                               k + 1);
      }
    }
  }
  reach_arm_state_free(&s);
  *rows = out;
  *nrows = n + 1;
  return REACH_OK;
}
