// SPDX-License-Identifier: GPL-3.0-or-later
// The per-ISA entry points of the batched step and adjoint (arm_kernels.c), chosen by arm.c.
#ifndef REACH_ARM_ISA_H
#define REACH_ARM_ISA_H

#include "arm.h"

// Arms per pass of the kernels: a batch of 32 is one chunk, 4 AVX-512 vectors per row.
#define REACH_ARM_CHUNK 32

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define REACH_ARM_HAVE_X86_PATHS 1
#else
#define REACH_ARM_HAVE_X86_PATHS 0
#endif

#define REACH_ARM_PATH_DECL(suffix)                                                             \
  void reach_arm_step_##suffix(const reach_arm_model *m, const reach_arm_state *s,              \
                               const double *u, const double *f_end, reach_arm_state *out);     \
  void reach_arm_step_vjp_##suffix(const reach_arm_model *m, const reach_arm_state *s,          \
                                   const double *u, const double *f_end,                        \
                                   const reach_arm_adjoint *bar_out, reach_arm_adjoint *bar_in, \
                                   double *u_bar, double *f_end_bar);                           \
  void reach_arm_fingertip_batch_##suffix(const reach_arm_model *m, const reach_arm_state *s,   \
                                          double *xy, double *vxy);                             \
  void reach_arm_fingertip_vjp_##suffix(const reach_arm_model *m, const reach_arm_state *s,     \
                                        const double *xy_bar, const double *vxy_bar,            \
                                        double *bar_q, double *bar_qd);
REACH_ARM_PATH_DECL(portable)
#if REACH_ARM_HAVE_X86_PATHS
REACH_ARM_PATH_DECL(avx2)
REACH_ARM_PATH_DECL(avx512)
#endif

#endif
