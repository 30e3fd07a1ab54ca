// SPDX-License-Identifier: GPL-3.0-or-later
// reach_gemm's paths: the portable one everywhere, AVX2+FMA and AVX-512 on x86-64 (gemm.h says
// why they give the same bits). Each is gemm_kernel.h compiled for its ISA by a function
// attribute, so the library needs no ISA flags and runs on any x86-64 CPU.
#include "gemm.h"

#include <math.h>

const char *const reach_isa_names[REACH_ISA_COUNT] = {"portable", "avx2", "avx512"};

// REACH_GEMM_PORTABLE_ONLY (the fuzz build): clang's sanitizer and coverage instrumentation of the
// unrolled vector tiles took over ten minutes to compile, and no fuzz target multiplies matrices.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(REACH_GEMM_PORTABLE_ONLY)
#define REACH_GEMM_X86 1
#include <immintrin.h>
#else
#define REACH_GEMM_X86 0
#endif

reach_isa reach_isa_best(void) {
#if REACH_GEMM_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return REACH_ISA_AVX512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return REACH_ISA_AVX2;
#endif
  return REACH_ISA_PORTABLE;
}

// --- portable: one lane, C's fma ---
#define TGT
#define VL              1
#define MR              4
#define ZERO()          ((VEC)0)
#define LOAD(p)         (*(p))
#define STORE(p, v)     (*(p) = (v))
#define LOADM(p, n)     (*(p))
#define STOREM(p, n, v) (*(p) = (v))
#define BCAST(x)        (x)

#define R            float
#define VEC          float
#define S(name)      name##_f_portable
#define FMA(a, b, c) fmaf(a, b, c)
#include "gemm_kernel.h"
#undef R
#undef VEC
#undef S
#undef FMA

#define R            double
#define VEC          double
#define S(name)      name##_d_portable
#define FMA(a, b, c) fma(a, b, c)
#include "gemm_kernel.h"
#undef R
#undef VEC
#undef S
#undef FMA
#undef TGT
#undef VL
#undef MR
#undef ZERO
#undef LOAD
#undef STORE
#undef LOADM
#undef STOREM
#undef BCAST

#if REACH_GEMM_X86
// --- AVX2 + FMA: 16 ymm registers, tiles of 6 rows × 2 vectors (12 accumulators) ---
#define TGT             __attribute__((target("avx2,fma")))
#define MR              6
#define R               float
#define VEC             __m256
#define VL              8
#define S(name)         name##_f_avx2
#define ZERO()          _mm256_setzero_ps()
#define LOAD(p)         _mm256_loadu_ps(p)
#define STORE(p, v)     _mm256_storeu_ps(p, v)
#define MASK8(n)        _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))
#define LOADM(p, n)     _mm256_maskload_ps(p, MASK8(n))
#define STOREM(p, n, v) _mm256_maskstore_ps(p, MASK8(n), v)
#define BCAST(x)        _mm256_set1_ps(x)
#define FMA(a, b, c)    _mm256_fmadd_ps(a, b, c)
#include "gemm_kernel.h"
#undef R
#undef VEC
#undef VL
#undef S
#undef ZERO
#undef LOAD
#undef STORE
#undef LOADM
#undef STOREM
#undef BCAST
#undef FMA

#define R               double
#define VEC             __m256d
#define VL              4
#define S(name)         name##_d_avx2
#define ZERO()          _mm256_setzero_pd()
#define LOAD(p)         _mm256_loadu_pd(p)
#define STORE(p, v)     _mm256_storeu_pd(p, v)
#define MASK4(n)        _mm256_cmpgt_epi64(_mm256_set1_epi64x(n), _mm256_setr_epi64x(0, 1, 2, 3))
#define LOADM(p, n)     _mm256_maskload_pd(p, MASK4(n))
#define STOREM(p, n, v) _mm256_maskstore_pd(p, MASK4(n), v)
#define BCAST(x)        _mm256_set1_pd(x)
#define FMA(a, b, c)    _mm256_fmadd_pd(a, b, c)
#include "gemm_kernel.h"
#undef R
#undef VEC
#undef VL
#undef S
#undef ZERO
#undef LOAD
#undef STORE
#undef LOADM
#undef STOREM
#undef BCAST
#undef FMA
#undef TGT
#undef MR

// --- AVX-512F: 32 zmm registers, tiles of 8 rows × 2 vectors (16 accumulators) ---
#define TGT             __attribute__((target("avx512f")))
#define MR              8
#define R               float
#define VEC             __m512
#define VL              16
#define S(name)         name##_f_avx512
#define ZERO()          _mm512_setzero_ps()
#define LOAD(p)         _mm512_loadu_ps(p)
#define STORE(p, v)     _mm512_storeu_ps(p, v)
#define LOADM(p, n)     _mm512_maskz_loadu_ps((__mmask16)((1u << (n)) - 1u), p)
#define STOREM(p, n, v) _mm512_mask_storeu_ps(p, (__mmask16)((1u << (n)) - 1u), v)
#define BCAST(x)        _mm512_set1_ps(x)
#define FMA(a, b, c)    _mm512_fmadd_ps(a, b, c)
#include "gemm_kernel.h"
#undef R
#undef VEC
#undef VL
#undef S
#undef ZERO
#undef LOAD
#undef STORE
#undef LOADM
#undef STOREM
#undef BCAST
#undef FMA

#define R               double
#define VEC             __m512d
#define VL              8
#define S(name)         name##_d_avx512
#define ZERO()          _mm512_setzero_pd()
#define LOAD(p)         _mm512_loadu_pd(p)
#define STORE(p, v)     _mm512_storeu_pd(p, v)
#define LOADM(p, n)     _mm512_maskz_loadu_pd((__mmask8)((1u << (n)) - 1u), p)
#define STOREM(p, n, v) _mm512_mask_storeu_pd(p, (__mmask8)((1u << (n)) - 1u), v)
#define BCAST(x)        _mm512_set1_pd(x)
#define FMA(a, b, c)    _mm512_fmadd_pd(a, b, c)
#include "gemm_kernel.h"
#undef R
#undef VEC
#undef VL
#undef S
#undef ZERO
#undef LOAD
#undef STORE
#undef LOADM
#undef STOREM
#undef BCAST
#undef FMA
#undef TGT
#undef MR
#endif

// The ISA a call runs on: the one asked for if the CPU has it, else the best it has.
static reach_isa usable(reach_isa want) {
  reach_isa best = reach_isa_best();
  return want <= best ? want : best;
}

void reach_gemm_f_isa(reach_isa isa, int M, int N, int K, const float *A, ptrdiff_t rsa,
                      ptrdiff_t csa, const float *Bm, ptrdiff_t ldb, float *C, ptrdiff_t ldc,
                      bool accumulate) {
  switch (usable(isa)) {
#if REACH_GEMM_X86
    case REACH_ISA_AVX512: gemm_f_avx512(M, N, K, A, rsa, csa, Bm, ldb, C, ldc, accumulate); return;
    case REACH_ISA_AVX2: gemm_f_avx2(M, N, K, A, rsa, csa, Bm, ldb, C, ldc, accumulate); return;
#endif
    default: gemm_f_portable(M, N, K, A, rsa, csa, Bm, ldb, C, ldc, accumulate);
  }
}

void reach_gemm_d_isa(reach_isa isa, int M, int N, int K, const double *A, ptrdiff_t rsa,
                      ptrdiff_t csa, const double *Bm, ptrdiff_t ldb, double *C, ptrdiff_t ldc,
                      bool accumulate) {
  switch (usable(isa)) {
#if REACH_GEMM_X86
    case REACH_ISA_AVX512: gemm_d_avx512(M, N, K, A, rsa, csa, Bm, ldb, C, ldc, accumulate); return;
    case REACH_ISA_AVX2: gemm_d_avx2(M, N, K, A, rsa, csa, Bm, ldb, C, ldc, accumulate); return;
#endif
    default: gemm_d_portable(M, N, K, A, rsa, csa, Bm, ldb, C, ldc, accumulate);
  }
}

void reach_gemm_f(int M, int N, int K, const float *A, ptrdiff_t rsa, ptrdiff_t csa,
                  const float *Bm, ptrdiff_t ldb, float *C, ptrdiff_t ldc, bool accumulate) {
  reach_gemm_f_isa(REACH_ISA_AVX512, M, N, K, A, rsa, csa, Bm, ldb, C, ldc, accumulate);
}

void reach_gemm_d(int M, int N, int K, const double *A, ptrdiff_t rsa, ptrdiff_t csa,
                  const double *Bm, ptrdiff_t ldb, double *C, ptrdiff_t ldc, bool accumulate) {
  reach_gemm_d_isa(REACH_ISA_AVX512, M, N, K, A, rsa, csa, Bm, ldb, C, ldc, accumulate);
}

void reach_transpose_f(int N, int K, const float *W, float *Wt) {
  for (int n = 0; n < N; n++)
    for (int k = 0; k < K; k++) Wt[(ptrdiff_t)k * N + n] = W[(ptrdiff_t)n * K + k];
}

void reach_transpose_d(int N, int K, const double *W, double *Wt) {
  for (int n = 0; n < N; n++)
    for (int k = 0; k < K; k++) Wt[(ptrdiff_t)k * N + n] = W[(ptrdiff_t)n * K + k];
}
