// SPDX-License-Identifier: GPL-3.0-or-later
// reach_gemm (net/gemm.h), float and double, on the shapes a training batch makes and on odd ones
// (every row and column remainder of the tiles, strided A as the weight gradients read it):
//  - the portable fma() path, AVX2+FMA and AVX-512 give the same bits, element for element (the
//    promise that makes networks reproduce on any machine and on any number of threads);
//  - splitting the rows or the columns into two calls (what two threads do) gives the same bits;
//  - each path is a product: within K·u·Σ|a·b| of a long-double reference (u the unit
//    roundoff), with and without accumulation into C;
//  - the comparison can fail: one operand perturbed by one ulp changes some bits.
#include <float.h>
#include <string.h>

#include "base/rng.h"
#include "harness.h"
#include "net/gemm.h"

typedef struct shape {
  int M, N, K;
  bool transposed_a;  // A read as the weight gradients read it: rsa = 1, csa = M
} shape;

static const shape shapes[] = {
    {32, 384, 128, false},  {8, 384, 17, false},  {32, 128, 384, false}, {32, 17, 384, false},
    {384, 128, 3200, true}, {17, 384, 800, true}, {7, 13, 5, false},     {9, 33, 300, false},
    {1, 1, 1, false},       {6, 256, 1000, true}, {31, 47, 257, true},   {15, 6, 64, false},
};

static int failures_bits(size_t n, const void *a, const void *b, size_t elem) {
  return memcmp(a, b, n * elem) != 0;
}

static void run_float(const shape *s, reach_rng *rng) {
  const int M = s->M, N = s->N, K = s->K;
  const ptrdiff_t rsa = s->transposed_a ? 1 : K, csa = s->transposed_a ? M : 1;
  float *A = malloc((size_t)M * K * sizeof *A), *B = malloc((size_t)K * N * sizeof *B);
  float *C0 = malloc((size_t)M * N * sizeof *C0), *C[REACH_ISA_COUNT], *Cs;
  for (int i = 0; i < M * K; i++) A[i] = (float)reach_rng_uniform(rng, -1, 1);
  for (int i = 0; i < K * N; i++) B[i] = (float)reach_rng_uniform(rng, -1, 1);
  for (int i = 0; i < M * N; i++) C0[i] = (float)reach_rng_uniform(rng, -1, 1);
  for (int accumulate = 0; accumulate < 2; accumulate++) {
    for (int isa = 0; isa < REACH_ISA_COUNT; isa++) {
      C[isa] = malloc((size_t)M * N * sizeof *C[isa]);
      memcpy(C[isa], C0, (size_t)M * N * sizeof *C0);
      reach_gemm_f_isa((reach_isa)isa, M, N, K, A, rsa, csa, B, N, C[isa], N, accumulate);
    }
    // The worst error against long double, in units of K·u·Σ|a·b|.
    double worst = 0.0;
    for (int m = 0; m < M; m++)
      for (int n = 0; n < N; n++) {
        long double ref = accumulate ? C0[m * N + n] : 0.0L, mag = fabsl(ref);
        for (int k = 0; k < K; k++) {
          long double p = (long double)A[m * rsa + k * csa] * B[k * N + n];
          ref += p;
          mag += fabsl(p);
        }
        double err = (double)fabsl(C[0][m * N + n] - ref);
        double bound = (double)((K + 1) * (long double)FLT_EPSILON / 2 * mag) + (double)FLT_MIN;
        if (err / bound > worst) worst = err / bound;
      }
    CHECK(worst <= 1.0,
          "float %3d x %3d x %4d%s%s: portable path within %.3f of the bound "
          "K·u·Σ|ab| from long double",
          M, N, K, s->transposed_a ? " (A transposed)" : "", accumulate ? ", accumulating" : "",
          worst);
    for (int isa = 1; isa < REACH_ISA_COUNT; isa++)
      CHECK(!failures_bits((size_t)M * N, C[isa], C[0], sizeof(float)),
            "float %3d x %3d x %4d: %s gives the portable path's bits (%s on this CPU)", M, N, K,
            reach_isa_names[isa], isa <= (int)reach_isa_best() ? "run" : "falls back");
    // Two threads' split: the rows in two halves, then the columns in two halves.
    Cs = malloc((size_t)M * N * sizeof *Cs);
    memcpy(Cs, C0, (size_t)M * N * sizeof *C0);
    const int mh = M / 2, nh = N / 2;
    reach_gemm_f(mh, N, K, A, rsa, csa, B, N, Cs, N, accumulate);
    reach_gemm_f(M - mh, N, K, A + mh * rsa, rsa, csa, B, N, Cs + (ptrdiff_t)mh * N, N, accumulate);
    int rows_same = !failures_bits((size_t)M * N, Cs, C[0], sizeof(float));
    memcpy(Cs, C0, (size_t)M * N * sizeof *C0);
    reach_gemm_f(M, nh, K, A, rsa, csa, B, N, Cs, N, accumulate);
    reach_gemm_f(M, N - nh, K, A, rsa, csa, B + nh, N, Cs + nh, N, accumulate);
    int cols_same = !failures_bits((size_t)M * N, Cs, C[0], sizeof(float));
    CHECK(rows_same && cols_same,
          "float %3d x %3d x %4d: rows split %d + %d and columns split "
          "%d + %d give the same bits",
          M, N, K, mh, M - mh, nh, N - nh);
    free(Cs);
    for (int isa = 0; isa < REACH_ISA_COUNT; isa++) free(C[isa]);
  }
  free(A);
  free(B);
  free(C0);
}

static void run_double(const shape *s, reach_rng *rng) {
  const int M = s->M, N = s->N, K = s->K;
  const ptrdiff_t rsa = s->transposed_a ? 1 : K, csa = s->transposed_a ? M : 1;
  double *A = malloc((size_t)M * K * sizeof *A), *B = malloc((size_t)K * N * sizeof *B);
  double *C[REACH_ISA_COUNT];
  for (int i = 0; i < M * K; i++) A[i] = reach_rng_uniform(rng, -1, 1);
  for (int i = 0; i < K * N; i++) B[i] = reach_rng_uniform(rng, -1, 1);
  for (int isa = 0; isa < REACH_ISA_COUNT; isa++) {
    C[isa] = calloc((size_t)M * N, sizeof *C[isa]);
    reach_gemm_d_isa((reach_isa)isa, M, N, K, A, rsa, csa, B, N, C[isa], N, false);
  }
  double worst = 0.0;
  for (int m = 0; m < M; m++)
    for (int n = 0; n < N; n++) {
      long double ref = 0.0L, mag = 0.0L;
      for (int k = 0; k < K; k++) {
        long double p = (long double)A[m * rsa + k * csa] * B[k * N + n];
        ref += p;
        mag += fabsl(p);
      }
      double err = (double)fabsl(C[0][m * N + n] - ref);
      double bound = (double)(K * (long double)DBL_EPSILON / 2 * mag) + DBL_MIN;
      if (err / bound > worst) worst = err / bound;
    }
  CHECK(worst <= 1.0, "double %3d x %3d x %4d%s: portable path within %.3f of K·u·Σ|ab|", M, N, K,
        s->transposed_a ? " (A transposed)" : "", worst);
  for (int isa = 1; isa < REACH_ISA_COUNT; isa++)
    CHECK(!failures_bits((size_t)M * N, C[isa], C[0], sizeof(double)),
          "double %3d x %3d x %4d: %s gives the portable path's bits", M, N, K,
          reach_isa_names[isa]);
  for (int isa = 0; isa < REACH_ISA_COUNT; isa++) free(C[isa]);
  free(A);
  free(B);
}

int main(void) {
  reach_rng rng;
  reach_rng_init(&rng, 14);
  printf("this CPU runs up to: %s\n", reach_isa_names[reach_isa_best()]);
  for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
    run_float(&shapes[i], &rng);
    run_double(&shapes[i], &rng);
  }
  // The bit comparison can fail: a one-ulp change in one operand shows.
  enum { M = 8, N = 40, K = 64 };
  static float A[M * K], B[K * N], C1[M * N], C2[M * N];
  for (int i = 0; i < M * K; i++) A[i] = (float)reach_rng_uniform(&rng, -1, 1);
  for (int i = 0; i < K * N; i++) B[i] = (float)reach_rng_uniform(&rng, -1, 1);
  reach_gemm_f(M, N, K, A, K, 1, B, N, C1, N, false);
  A[5] = nextafterf(A[5], 2.0f);
  reach_gemm_f(M, N, K, A, K, 1, B, N, C2, N, false);
  CHECK(failures_bits(M * N, C1, C2, sizeof(float)),
        "one operand moved by one ulp changes the product's bits (the bit checks can fail)");
  reach_rng_free(&rng);
  return reach_test_finish("gemm");
}
