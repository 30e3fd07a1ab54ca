// SPDX-License-Identifier: GPL-3.0-or-later
// One path of reach_gemm (gemm.h) for one type and one ISA. gemm.c includes this file once per
// (type, ISA) after defining:
//   R            the type;                    S(name)   the name for this type and ISA;
//   TGT          the function attribute that enables the ISA (empty for the portable path);
//   VEC, VL      the vector type and its width in R (1 for the portable path);
//   MR           rows per register tile (columns per tile are 2 vectors);
//   ZERO(), LOAD(p), STORE(p, v), BCAST(x), FMA(a, b, c) = a·b + c rounded once;
//   LOADM(p, n), STOREM(p, n, v)   the first n < VL lanes only (never touching the others).
// Whatever the path, element (m, n) is acc = C or 0, then acc = fma(A[m][k], B[k][n], acc) for
// k = 0 … K−1: the bits do not depend on the path.

// A tile of mr rows × nv vectors; the last vector holds `lanes` columns when `masked`. mr, nv
// and masked are constants at every call, so the loops unroll and the accumulators stay in
// registers.
static inline __attribute__((always_inline)) TGT void S(tile)(
    const int mr, const int nv, const bool masked, int lanes, int K, const R *A, ptrdiff_t rsa,
    ptrdiff_t csa, const R *Bm, ptrdiff_t ldb, R *C, ptrdiff_t ldc, bool accumulate) {
  (void)lanes;  // read only by the masked forms
  VEC acc[MR][2];
#pragma GCC unroll 16
  for (int i = 0; i < mr; i++)
#pragma GCC unroll 2
    for (int j = 0; j < nv; j++) {
      R *c = C + i * ldc + j * VL;
      acc[i][j] = !accumulate ? ZERO() : (masked && j == nv - 1) ? LOADM(c, lanes) : LOAD(c);
    }
  for (int k = 0; k < K; k++) {
    const R *b = Bm + k * ldb;
    VEC bv[2];
#pragma GCC unroll 2
    for (int j = 0; j < nv; j++)
      bv[j] = (masked && j == nv - 1) ? LOADM(b + j * VL, lanes) : LOAD(b + j * VL);
    const R *a = A + k * csa;
#pragma GCC unroll 16
    for (int i = 0; i < mr; i++) {
      const VEC av = BCAST(a[i * rsa]);
#pragma GCC unroll 2
      for (int j = 0; j < nv; j++) acc[i][j] = FMA(av, bv[j], acc[i][j]);
    }
  }
#pragma GCC unroll 16
  for (int i = 0; i < mr; i++)
#pragma GCC unroll 2
    for (int j = 0; j < nv; j++) {
      R *c = C + i * ldc + j * VL;
      if (masked && j == nv - 1)
        STOREM(c, lanes, acc[i][j]);
      else
        STORE(c, acc[i][j]);
    }
}

// All rows of one column block of nv vectors.
static inline __attribute__((always_inline)) TGT void S(rows)(const int nv, const bool masked,
                                                              int lanes, int M, int K, const R *A,
                                                              ptrdiff_t rsa, ptrdiff_t csa,
                                                              const R *Bm, ptrdiff_t ldb, R *C,
                                                              ptrdiff_t ldc, bool accumulate) {
  int m = 0;
  for (; m + MR <= M; m += MR)
    S(tile)(MR, nv, masked, lanes, K, A + m * rsa, rsa, csa, Bm, ldb, C + m * ldc, ldc, accumulate);
  const R *a = A + m * rsa;
  R *c = C + m * ldc;
  switch (M - m) {
#define REMAINDER(r)                                                                           \
  case r:                                                                                      \
    if (r < MR)                                                                                \
      S(tile)(r < MR ? r : 1, nv, masked, lanes, K, a, rsa, csa, Bm, ldb, c, ldc, accumulate); \
    break;
    REMAINDER(1)
    REMAINDER(2)
    REMAINDER(3)
    REMAINDER(4)
    REMAINDER(5)
    REMAINDER(6)
    REMAINDER(7)
#undef REMAINDER
    default: break;
  }
}

// One row tile of mr rows across every column, A already packed as [k][MR] (the weight
// gradients' A, read across rows, packed so that the tile's k loop reads it contiguously).
static inline __attribute__((always_inline)) TGT void S(across)(const int mr, int N, int K,
                                                                const R *Ap, const R *Bm,
                                                                ptrdiff_t ldb, R *C, ptrdiff_t ldc,
                                                                bool accumulate) {
  int n = 0;
  for (; n + 2 * VL <= N; n += 2 * VL)
    S(tile)(mr, 2, false, VL, K, Ap, 1, MR, Bm + n, ldb, C + n, ldc, accumulate);
  const int rem = N - n, tail = rem % VL;
  if (rem >= VL && tail)
    S(tile)(mr, 2, true, tail, K, Ap, 1, MR, Bm + n, ldb, C + n, ldc, accumulate);
  else if (rem >= VL)
    S(tile)(mr, 1, false, VL, K, Ap, 1, MR, Bm + n, ldb, C + n, ldc, accumulate);
  else if (rem > 0)
    S(tile)(mr, 1, true, tail, K, Ap, 1, MR, Bm + n, ldb, C + n, ldc, accumulate);
}

// K in blocks so that a block of Bm's panel stays in L1 while every row tile passes over it;
// each block continues the chains where the previous one stored them.
enum { S(KBLOCK) = 192 };

static TGT void S(gemm)(int M, int N, int K, const R *A, ptrdiff_t rsa, ptrdiff_t csa, const R *Bm,
                        ptrdiff_t ldb, R *C, ptrdiff_t ldc, bool accumulate) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate)
      for (int m = 0; m < M; m++)
        for (int n = 0; n < N; n++) C[m * ldc + n] = 0;
    return;
  }
  for (int k0 = 0; k0 < K; k0 += S(KBLOCK)) {
    const int kb = K - k0 < S(KBLOCK) ? K - k0 : S(KBLOCK);
    const bool acc = accumulate || k0 > 0;
    const R *a = A + k0 * csa, *b = Bm + k0 * ldb;
    if (csa != 1 && N > VL) {
      // A read across rows (Σ_r a_r ⊗ b_r): each row tile's k-block is packed once into L1 and
      // swept across all columns, instead of gathering MR values from kb cache lines per panel.
      R pack[MR * S(KBLOCK)];
      for (int m = 0; m < M; m += MR) {
        const int mr = M - m < MR ? M - m : MR;
        for (int k = 0; k < kb; k++)
          for (int i = 0; i < mr; i++) pack[k * MR + i] = a[(m + i) * rsa + k * csa];
        R *c = C + m * ldc;
        switch (mr) {
#define ACROSS(r)                                                              \
  case r:                                                                      \
    if (r <= MR) S(across)(r <= MR ? r : 1, N, kb, pack, b, ldb, c, ldc, acc); \
    break;
          ACROSS(1)
          ACROSS(2)
          ACROSS(3)
          ACROSS(4)
          ACROSS(5)
          ACROSS(6)
          ACROSS(7)
          ACROSS(8)
#undef ACROSS
          default: break;
        }
      }
      continue;
    }
    int n = 0;
    for (; n + 2 * VL <= N; n += 2 * VL)
      S(rows)(2, false, VL, M, kb, a, rsa, csa, b + n, ldb, C + n, ldc, acc);
    const int rem = N - n, tail = rem % VL;
    if (rem >= VL && tail)
      S(rows)(2, true, tail, M, kb, a, rsa, csa, b + n, ldb, C + n, ldc, acc);
    else if (rem >= VL)
      S(rows)(1, false, VL, M, kb, a, rsa, csa, b + n, ldb, C + n, ldc, acc);
    else if (rem > 0)
      S(rows)(1, true, tail, M, kb, a, rsa, csa, b + n, ldb, C + n, ldc, acc);
  }
}
