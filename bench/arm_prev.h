// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef REACH_BENCH_ARM_PREV_H
#define REACH_BENCH_ARM_PREV_H

#include "plant/arm.h"

// reach_arm_step and reach_arm_step_vjp as of commit 52d414b (same contracts).
void arm_prev_step(const reach_arm_model *m, const reach_arm_state *s, const double *u,
                   const double *f_end, reach_arm_state *out);
void arm_prev_step_vjp(const reach_arm_model *m, const reach_arm_state *s, const double *u,
                       const double *f_end, const reach_arm_adjoint *bar_out,
                       reach_arm_adjoint *bar_in, double *u_bar, double *f_end_bar);
// reach_arm_fingertip_batch and reach_arm_fingertip_vjp as of commit 52d414b: one arm at a time,
// libm's sin/cos.
void arm_prev_fingertip_batch(const reach_arm_model *m, const reach_arm_state *s, double *xy,
                              double *vxy);
void arm_prev_fingertip_vjp(const reach_arm_model *m, const reach_arm_state *s,
                            const double *xy_bar, const double *vxy_bar, double *bar_q,
                            double *bar_qd);

#endif
