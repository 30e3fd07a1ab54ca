// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef REACH_BENCH_ARM_NAIVE_H
#define REACH_BENCH_ARM_NAIVE_H

typedef struct arm_naive {
  double q[2], qd[2], act[6], force[6];
} arm_naive;

void arm_naive_reset(arm_naive *arm, const double q0[2]);
void arm_naive_step(arm_naive *arm, const double u[6], const double f_end[2]);

#endif
