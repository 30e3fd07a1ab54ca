// SPDX-License-Identifier: GPL-3.0-or-later
// The group-mean adaptation table that `fit` reads (context/fit_data.c), against the design of
// the bundled experiment-2 paradigms.
#include <math.h>

#include "fuzz_util.h"
#include "reach.h"

static reach_design design;
static reach_paradigm_set set;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  reach_error err = {0};
  if (reach_paradigm_set_read(REACH_FUZZ_DATA "/paradigm_cues.csv",
                              REACH_FUZZ_DATA "/paradigm_perturbations.csv", &set, &err) ||
      reach_design_init(&design, &set, &err)) {
    fprintf(stderr, "design: %s\n", err.msg);
    abort();
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file("fit.csv", data, size);
  if (!path) return 0;
  double *means = calloc((size_t)design.npoints, sizeof *means);
  reach_error err = {0};
  if (reach_fit_data_read(path, &design, means, &err) != REACH_OK) {
    if (!strstr(err.msg, path)) abort();
  } else {
    for (int i = 0; i < design.npoints; i++)
      if (!isfinite(means[i])) abort();
  }
  free(means);
  return 0;
}
