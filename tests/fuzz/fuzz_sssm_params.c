// SPDX-License-Identifier: GPL-3.0-or-later
// The context-model parameter file of `sssm --params` and `tool --params` (cli_util.c): the first
// byte picks the model; what reads must be finite and, for the SSSM, initialise the model.
#include <math.h>

#include "../../src/cli/cli.h"
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const reach_cmodel m = (reach_cmodel)(data[0] % REACH_CMODEL_COUNT);
  const char *path = fuzz_file("params.ini", data + 1, size - 1);
  if (!path) return 0;
  double theta[REACH_CMODEL_MAXP];
  reach_cmodel_default_params(m, theta);
  char why[1024];
  if (reach_cli_read_model_params(path, m, theta, why, sizeof why) != 0) {
    if (!strstr(why, path)) abort();
    return 0;
  }
  for (int i = 0; i < reach_cmodel_get(m)->k; i++)
    if (!isfinite(theta[i])) abort();
  if (m == REACH_CMODEL_SSSM) {
    reach_sssm_params par = {theta[0], theta[1], theta[2], theta[3], theta[4], theta[5]};
    reach_sssm s;
    reach_error err = {0};
    if (reach_sssm_init(&s, &par, NULL, &err) != REACH_OK) abort();
  }
  return 0;
}
