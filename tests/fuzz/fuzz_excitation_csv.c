// SPDX-License-Identifier: GPL-3.0-or-later
// The excitation table of `arm replay` (io/csv.c, plant/replay.c): a table that reads and
// passes the replay's checks is simulated; the state stays finite or the replay says why.
#include "fuzz_util.h"
#include "reach.h"

static reach_arm_model arm;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  reach_arm_model_arm26(&arm);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file("inputs.csv", data, size);
  if (!path) return 0;
  reach_table t;
  reach_error err = {0};
  if (reach_table_read(path, 0, &t, &err) != REACH_OK) {
    if (!strstr(err.msg, path)) abort();  // every message names the file
    return 0;
  }
  reach_replay_opts opts = {.q0 = {1.0, 1.5}};
  double *rows = NULL;
  int n = 0;
  if (reach_replay_run(&arm, &t, path, &opts, &rows, &n, &err) != REACH_OK &&
      !strstr(err.msg, path))
    abort();
  free(rows);
  reach_table_free(&t);
  return 0;
}
