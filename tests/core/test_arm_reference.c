// SPDX-License-Identifier: GPL-3.0-or-later
// Replays every MotorNet reference run (tests/data/motornet-arm26, copied from
// ../shared/reference) and compares every logged column:
// - float64 runs: ≤ 1e-12 relative to max(|x|, 1);
// - float32 runs: within the float32-vs-float64 spread that the reference README measured on
//   MotorNet itself (q 4.4e-6 rad, q̇ 3.0e-5 rad/s, xy 9e-7 m, force 1.4e-3 N), doubled;
// - both with the load read from the table and with the load computed by our own curl field.
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "reach.h"

static const struct {
  const char *name;
  reach_field_kind kind;
  double gain;
} runs[] = {
    {"seqA", REACH_FIELD_NULL, 0.0},
    {"seqA_curlCW10", REACH_FIELD_CURL, 10.0},
    {"seqA_curlCCW10", REACH_FIELD_CURL, -10.0},
    {"seqB", REACH_FIELD_NULL, 0.0},
    {"seqC_limit", REACH_FIELD_NULL, 0.0},
};

int main(void) {
  reach_arm_model m;
  reach_arm_model_arm26(&m);
  reach_error err = {0};
  char path[512];
  const double q0[2] = {1.046875, 1.5703125};

  for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
    reach_table in, ref64, ref32;
    snprintf(path, sizeof path, "%s/motornet-arm26/%s_inputs.csv", REACH_TEST_DATA, runs[r].name);
    CHECK(reach_table_read(path, 0, &in, &err) == REACH_OK, "read %s %s", path, err.msg);
    char inpath[512];
    snprintf(inpath, sizeof inpath, "%s", path);
    snprintf(path, sizeof path, "%s/motornet-arm26/%s_f64.csv", REACH_TEST_DATA, runs[r].name);
    CHECK(reach_table_read(path, 0, &ref64, &err) == REACH_OK, "read %s %s", path, err.msg);
    snprintf(path, sizeof path, "%s/motornet-arm26/%s_f32.csv", REACH_TEST_DATA, runs[r].name);
    CHECK(reach_table_read(path, 0, &ref32, &err) == REACH_OK, "read %s %s", path, err.msg);
    CHECK(ref64.ncol == REACH_ARM_CSV_COLS, "%s has %d columns, we write %d", runs[r].name,
          ref64.ncol, REACH_ARM_CSV_COLS);
    // header names must match ours one for one
    int names_ok = 1;
    char name[64];
    for (int c = 0; c < REACH_ARM_CSV_COLS && c < ref64.ncol; c++) {
      reach_arm_csv_column_name(c, name, sizeof name);
      if (strcmp(name, ref64.names[c]) != 0) names_ok = 0;
    }
    CHECK(names_ok, "%s: column names and order equal ours", runs[r].name);

    for (int mode = 0; mode < 2; mode++) {
      reach_field field =
          runs[r].kind == REACH_FIELD_CURL ? reach_field_curl(runs[r].gain) : reach_field_null();
      reach_replay_opts opts = {.q0 = {q0[0], q0[1]}, .field = mode ? &field : NULL};
      double *rows;
      int nrows;
      reach_status st = reach_replay_run(&m, &in, inpath, &opts, &rows, &nrows, &err);
      CHECK(st == REACH_OK && nrows == ref64.nrow, "%s replay (%s load): %d rows %s", runs[r].name,
            mode ? "field" : "table", nrows, err.msg);
      if (st != REACH_OK) continue;

      // float64: every column, relative to max(|x|, 1)
      double w64 = 0.0;
      int wr = 0, wc = 0;
      for (int k = 0; k < nrows; k++) {
        for (int c = 2; c < REACH_ARM_CSV_COLS; c++) {
          double x = reach_table_at(&ref64, k, c), y = rows[(size_t)k * REACH_ARM_CSV_COLS + c];
          double e = fabs(x - y) / fmax(fabs(x), 1.0);
          if (e > w64) {
            w64 = e;
            wr = k;
            wc = c;
          }
        }
      }
      CHECK(w64 <= 1e-12, "%-15s %s load vs f64: worst rel err %.2e (row %d, %s)", runs[r].name,
            mode ? "field" : "table", w64, wr, ref64.names[wc]);

      // float32: per column class, the README's measured f32-f64 spread × 2
      double wq = 0, wqd = 0, wxy = 0, wvxy = 0, wf = 0, wrest = 0;
      for (int k = 0; k < nrows; k++) {
        for (int c = 2; c < REACH_ARM_CSV_COLS; c++) {
          double x = reach_table_at(&ref32, k, c), y = rows[(size_t)k * REACH_ARM_CSV_COLS + c];
          double e = fabs(x - y);
          if (c < 4)
            wq = fmax(wq, e);
          else if (c < 6)
            wqd = fmax(wqd, e);
          else if (c < 8)
            wxy = fmax(wxy, e);
          else if (c < 10)
            wvxy = fmax(wvxy, e);
          else if (c >= 10 + 6 * REACH_NMUSCLE && c < 10 + 7 * REACH_NMUSCLE)
            wf = fmax(wf, e / fmax(fabs(x), 1.0));
          else if (c >= 10)
            wrest = fmax(wrest, e / fmax(fabs(x), 1.0));
        }
      }
      // fingertip velocity: the q̇ spread carried through the arm's length (l1 + l2)
      double vxy_tol = 2 * 3.0e-5 * (m.l1 + m.l2);
      CHECK(wq <= 2 * 4.4e-6 && wqd <= 2 * 3.0e-5 && wxy <= 2 * 9e-7 && wvxy <= vxy_tol &&
                wf <= 2 * 4.6e-6 && wrest <= 2 * 4.6e-6,
            "%-15s %s load vs f32: q %.1e rad, qd %.1e rad/s, xy %.1e m, vxy %.1e m/s, force rel "
            "%.1e, other muscle cols rel %.1e",
            runs[r].name, mode ? "field" : "table", wq, wqd, wxy, wvxy, wf, wrest);
      free(rows);
    }
    reach_table_free(&in);
    reach_table_free(&ref64);
    reach_table_free(&ref32);
  }
  return reach_test_finish("arm reference");
}
