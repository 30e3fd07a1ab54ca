// SPDX-License-Identifier: GPL-3.0-or-later
#include "model.h"

#include <ctype.h>
#include <stddef.h>

#define SSM_A_S \
  { "a_s", "a_f", "b_s", "b_f" }
// a_f < a_s and b_s < b_f (indices + 1, see reach_cmodel_info.below)
#define ORDERED \
  { 0, 1, 4 }

// One row per model, as the paper's Table S1 lists them (the formatter would put a field a line).
// clang-format off
static const reach_cmodel_info infos[REACH_CMODEL_COUNT] = {
    {"SSSM", "switching state-space model (Heald et al. 2018, spec sec. 1)", 6,
     {"a_s", "a_f", "q_s", "q_f", "r", "alpha"},
     {0, 0, 1e-7, 1e-7, 1e-5, 1e-3},
     {1, 1, 1, 1, 10, 1e3},
     {0.98, 0.8, 1e-4, 1e-3, 0.02, 0.2},
     {0.999, 0.98, 1e-3, 2e-2, 0.3, 3},
     {0, 0, 1, 1, 1, 1},
     {0, 1},
     0},
    {"SSM1", "single-rate context-dependent state, coupled [reconstruction]", 3,
     {"a", "b", "c"}, {0, 0, 0}, {1, 1, 1}, {0.9, 0.01, 0}, {0.999, 0.3, 1}, {0}, {0}, 1},
    {"SSM2", "context-independent + context-dependent state, shared retention [reconstruction]",
     3, {"a", "b_CI", "b_CD"}, {0, 0, 0}, {1, 1, 1}, {0.9, 0.01, 0.01}, {0.999, 0.3, 0.3},
     {0}, {0}, 1},
    {"SSM3", "fast context-independent + slow context-dependent [reconstruction]", 4,
     SSM_A_S, {0, 0, 0, 0}, {1, 1, 1, 1}, {0.95, 0.5, 0.01, 0.05}, {0.999, 0.95, 0.1, 0.5},
     {0}, ORDERED, 1},
    {"SSM4", "SSM3 + slow coupling [reconstruction]", 5, {"a_s", "a_f", "b_s", "b_f", "c_s"},
     {0, 0, 0, 0, 0}, {1, 1, 1, 1, 1}, {0.95, 0.5, 0.01, 0.05, 0},
     {0.999, 0.95, 0.1, 0.5, 1}, {0}, ORDERED, 1},
    {"SSM5", "slow + fast context-dependent, slow coupling [reconstruction]", 5,
     {"a_s", "a_f", "b_s", "b_f", "c_s"}, {0, 0, 0, 0, 0}, {1, 1, 1, 1, 1},
     {0.95, 0.5, 0.01, 0.05, 0}, {0.999, 0.95, 0.1, 0.5, 1}, {0}, ORDERED, 1},
    {"SSM6", "slow + fast context-dependent, fast coupling [reconstruction]", 5,
     {"a_s", "a_f", "b_s", "b_f", "c_f"}, {0, 0, 0, 0, 0}, {1, 1, 1, 1, 1},
     {0.95, 0.5, 0.01, 0.05, 0}, {0.999, 0.95, 0.1, 0.5, 1}, {0}, ORDERED, 1},
    {"SSM7", "slow + fast context-dependent, slow and fast coupling [reconstruction]", 6,
     {"a_s", "a_f", "b_s", "b_f", "c_s", "c_f"}, {0, 0, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 1},
     {0.95, 0.5, 0.01, 0.05, 0, 0}, {0.999, 0.95, 0.1, 0.5, 1, 1}, {0}, ORDERED, 1},
};
// clang-format on

const reach_cmodel_info *reach_cmodel_get(reach_cmodel m) {
  return m >= 0 && m < REACH_CMODEL_COUNT ? &infos[m] : NULL;
}

int reach_cmodel_find(const char *name) {
  for (int m = 0; m < REACH_CMODEL_COUNT; m++) {
    const char *a = infos[m].name, *b = name;
    while (*a && *b && tolower((unsigned char)*a) == tolower((unsigned char)*b)) a++, b++;
    if (!*a && !*b) return m;
  }
  return -1;
}

void reach_cmodel_default_params(reach_cmodel m, double *th) {
  // SSM points: dual-rate values of the usual size (Smith et al. 2006 style), moderate coupling
  static const double ssm[8][6] = {
      {0},
      {0.99, 0.05, 0.3},
      {0.98, 0.05, 0.1},
      {0.995, 0.9, 0.03, 0.2},
      {0.995, 0.9, 0.03, 0.2, 0.3},
      {0.995, 0.9, 0.03, 0.2, 0.3},
      {0.995, 0.9, 0.03, 0.2, 0.3},
      {0.995, 0.9, 0.03, 0.2, 0.3, 0.5},
  };
  if (m == REACH_CMODEL_SSSM) {
    const double s2[6] = {0.9946, 0.9404, 0.0003, 0.0068, 0.0792, 0.6067};
    for (int i = 0; i < 6; i++) th[i] = s2[i];
    return;
  }
  for (int i = 0; i < infos[m].k; i++) th[i] = ssm[m][i];
}
