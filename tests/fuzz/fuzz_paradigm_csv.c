// SPDX-License-Identifier: GPL-3.0-or-later
// The paradigm table (context/paradigm.c): what reads is played through the SSSM, whose
// outputs must stay finite (a perturbation of 1e300 made NaN posteriors before it was bounded).
#include <math.h>

#include "fuzz_util.h"
#include "reach.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file("paradigm.csv", data, size);
  if (!path) return 0;
  reach_paradigm p;
  reach_error err = {0};
  if (reach_paradigm_read(path, &p, &err) != REACH_OK) {
    if (!strstr(err.msg, path)) abort();
    return 0;
  }
  double theta[REACH_CMODEL_MAXP];
  reach_cmodel_default_params(REACH_CMODEL_SSSM, theta);
  reach_sssm_params par = {theta[0], theta[1], theta[2], theta[3], theta[4], theta[5]};
  reach_sssm m;
  if (reach_sssm_init(&m, &par, NULL, &err) != REACH_OK) abort();
  for (int t = 0; t < p.n; t++) {
    reach_sssm_record r;
    if (reach_sssm_trial(&m, p.cue[t], p.pert[t], &r, &err) != REACH_OK) break;
    if (!isfinite(r.yhat) || !isfinite(r.post[0]) || !isfinite(r.post[1])) {
      fprintf(stderr, "trial %d: yhat %g, posteriors %g %g\n", t + 1, r.yhat, r.post[0], r.post[1]);
      abort();
    }
  }
  (void)reach_paradigm_field_relation(&p);
  reach_paradigm_free(&p);
  return 0;
}
