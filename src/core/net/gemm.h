// SPDX-License-Identifier: GPL-3.0-or-later
// ReachLab's own small-matrix product, for the shapes a training batch makes (issue 14): B × 3H
// by H, B × H by 3H, the weight gradients over T·B rows, the read-out's 6 columns.
//
//   C[m][n] = (accumulate ? C[m][n] : 0) + Σ_k A[m·rsa + k·csa] · Bm[k·ldb + n]
//
// Every output element is one chain of fused multiply-adds over k = 0, 1, …, K−1 in that order,
// starting from C (or 0). Vectors run across output columns n only, and rows and columns are
// tiled without ever splitting the k chain (K is blocked, but each block continues the chain
// from the value stored by the previous one, which a float store/load keeps exactly). So an
// element's bits depend on A's row, Bm's column and K alone: not on the ISA (AVX-512, AVX2+FMA
// and the portable fma() path give the same bits, test-gemm checks it), not on the tile it
// falls in, and not on how the rows or columns are split between threads. That is what makes
// training on two threads bit-identical to one, and a network reproducible on any x86-64
// machine (and any machine with an IEEE fma).
//
// A is read through strides, so both x·Wᵀ (A = x, Bm = Wᵀ packed once per batch) and the
// weight gradients Σ_r a_r ⊗ b_r (A = gradient rows read transposed: rsa = 1, csa = row stride)
// are one call.
#ifndef REACH_GEMM_H
#define REACH_GEMM_H

#include <stdbool.h>
#include <stddef.h>

typedef enum reach_isa {
  REACH_ISA_PORTABLE = 0,  // scalar fma(): any machine
  REACH_ISA_AVX2,          // AVX2 + FMA (x86-64-v3)
  REACH_ISA_AVX512,        // AVX-512F (x86-64-v4)
  REACH_ISA_COUNT,
} reach_isa;

extern const char *const reach_isa_names[REACH_ISA_COUNT];

// The widest path this CPU runs. (The choice never changes a result, only the speed.)
reach_isa reach_isa_best(void);

void reach_gemm_f(int M, int N, int K, const float *A, ptrdiff_t rsa, ptrdiff_t csa,
                  const float *Bm, ptrdiff_t ldb, float *C, ptrdiff_t ldc, bool accumulate);
void reach_gemm_d(int M, int N, int K, const double *A, ptrdiff_t rsa, ptrdiff_t csa,
                  const double *Bm, ptrdiff_t ldb, double *C, ptrdiff_t ldc, bool accumulate);
// The same on a named path (test-gemm compares them; an ISA the CPU lacks falls back to the
// best one it has).
void reach_gemm_f_isa(reach_isa isa, int M, int N, int K, const float *A, ptrdiff_t rsa,
                      ptrdiff_t csa, const float *Bm, ptrdiff_t ldb, float *C, ptrdiff_t ldc,
                      bool accumulate);
void reach_gemm_d_isa(reach_isa isa, int M, int N, int K, const double *A, ptrdiff_t rsa,
                      ptrdiff_t csa, const double *Bm, ptrdiff_t ldb, double *C, ptrdiff_t ldc,
                      bool accumulate);

// Wt[k][n] = W[n][k]: W [N][K] row-major into [K][N] (the weights packed once per batch so that
// x·Wᵀ reads them along n).
void reach_transpose_f(int N, int K, const float *W, float *Wt);
void reach_transpose_d(int N, int K, const double *W, double *Wt);

// The numerics identifier of this kernel, part of the engine stamp (docs/hdf5-layout.md).
#define REACH_GEMM_NUMERICS "gemm-fma-k-sequential-1"

#endif
