// SPDX-License-Identifier: GPL-3.0-or-later
// Every matrix product of one training batch (issue 14), timed in one run on every backend at
// H ∈ {32, 64, 128, 256}, B ∈ {8, 32}, T = 100 steps, in single precision (paper.ini's) and in
// double (the default precision; the read-out is double in both):
//   fwd-in    gi  [B][3H] = x [B][17] · W_ihᵀ                 (per step)
//   fwd-rec   gh  [B][3H] = h [B][H] · W_hhᵀ                  (per step)
//   readout   y   [B][6]  = h [B][H] · W_outᵀ      (double)   (per step)
//   bwd-dh    h̄  [B][H] += ḡh [B][3H] · W_hh                  (per step)
//   bwd-xbar  x̄  [B][17] = ḡi [B][3H] · W_ih                  (per step)
//   bwd-out   h̄  [B][H] += ȳ [B][6] · W_out       (double)   (per step)
//   grad-ih   Σ_rows ḡi ⊗ x   [3H][17] over T·B rows          (per batch; OpenBLAS's form)
//   grad-ihT  Σ_rows x ⊗ ḡi   [17][3H], the same transposed    (per batch; reach_gemm's form)
//   grad-hh   Σ_rows ḡh ⊗ h   [3H][H]  over T·B rows          (per batch)
//   grad-out  Σ_rows ȳ ⊗ h    [6][H]   over T·B rows (double) (per batch)
// Backends: OpenBLAS called as the GRU called it before (weights as stored, transposed by the
// call), BLIS (typed API, the same strides), libxsmm (JIT kernels, column-major, on the packed
// weights; "-" where it has no kernel for the shape) and reach_gemm (net/gemm.h: packed Wᵀ once
// per batch, one fma chain per element). Each cell is the best of 5 timed blocks on the thread's
// CPU clock (the machine is shared); ratios are against OpenBLAS in the same run. The last
// column is the product's share of a batch's GEMM time with reach_gemm (calls × time).
//
// usage: bench-gemm-shapes [single|double|both (default both)] [H (default all)]
#include <gsl/gsl_cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/gemm.h"

#if REACH_HAVE_BLIS
// BLIS's typed API (BLIS 0.9, 64-bit dim_t/inc_t as Debian builds it). blis.h itself cannot be
// included beside gsl_cblas.h: both define the CBLAS enums.
#include <stdint.h>
enum { BLIS_NO_TRANSPOSE = 0 };
void bli_sgemm(int transa, int transb, int64_t m, int64_t n, int64_t k, const float *alpha,
               const float *a, int64_t rsa, int64_t csa, const float *b, int64_t rsb, int64_t csb,
               const float *beta, float *c, int64_t rsc, int64_t csc);
void bli_dgemm(int transa, int transb, int64_t m, int64_t n, int64_t k, const double *alpha,
               const double *a, int64_t rsa, int64_t csa, const double *b, int64_t rsb, int64_t csb,
               const double *beta, double *c, int64_t rsc, int64_t csc);
void bli_thread_set_num_threads(int64_t n);
#endif
#if REACH_HAVE_LIBXSMM
#include <libxsmm.h>
#endif

void openblas_set_num_threads(int n);

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

enum { T = 100, I = 17, O = 6 };
enum backend { OPENBLAS = 0, BLIS, XSMM, OWN, NBACKEND };

// A product as row-major C[M][N] (+)= A_eff[M][K] · B_eff[K][N] with
// A_eff[m][k] = A[m·rsa + k·csa], B_eff[k][n] = Bs[k·rsb + n·csb] as stored before packing, or
// Bp[k·N + n] packed (the weights' transpose, made once per batch).
typedef struct product {
  const char *name;
  int M, N, K;
  ptrdiff_t rsa, csa, rsb, csb;
  bool accumulate, force_double;
  int calls;                 // per batch
  bool own_form, base_form;  // counted in reach_gemm's / OpenBLAS's batch total
} product;

static int n_products(int H, int B, product *p) {
  const int G = 3 * H, R = T * B;
  int n = 0;
  p[n++] = (product){"fwd-in", B, G, I, I, 1, 1, I, true, false, T, true, true};
  p[n++] = (product){"fwd-rec", B, G, H, H, 1, 1, H, true, false, T, true, true};
  p[n++] = (product){"readout", B, O, H, H, 1, 1, H, true, true, T, true, true};
  p[n++] = (product){"bwd-dh", B, H, G, G, 1, H, 1, true, false, T, true, true};
  p[n++] = (product){"bwd-xbar", B, I, G, G, 1, I, 1, false, false, T, true, true};
  p[n++] = (product){"bwd-out", B, H, O, O, 1, H, 1, true, true, T, true, true};
  p[n++] = (product){"grad-ih", G, I, R, 1, G, I, 1, true, false, 1, false, true};
  p[n++] = (product){"grad-ihT", I, G, R, 1, I, G, 1, true, false, 1, true, false};
  p[n++] = (product){"grad-hh", G, H, R, 1, G, H, 1, true, false, 1, true, true};
  p[n++] = (product){"grad-out", O, H, R, 1, O, H, 1, true, true, 1, true, true};
  return n;
}

typedef struct bufs {
  void *A, *Bs, *Bp, *C;
} bufs;

#if REACH_HAVE_LIBXSMM
// libxsmm is column-major: C_effᵀ = B_effᵀ · A_effᵀ, i.e. m' = N, n' = M, a' = B (packed,
// [K][N] row-major is N × K column-major), b' = A (ldb = rsa when csa = 1, else transposed).
static bool xsmm_kernel(const product *p, bool dbl, void **fn) {
  int flags = p->csa == 1 ? LIBXSMM_GEMM_FLAG_NONE : LIBXSMM_GEMM_FLAG_TRANS_B;
  const libxsmm_blasint lda = p->N, ldb = p->csa == 1 ? p->rsa : p->csa, ldc = p->N;
  if (dbl) {
    const double alpha = 1, beta = p->accumulate ? 1 : 0;
    libxsmm_dmmfunction f =
        libxsmm_dmmdispatch(p->N, p->M, p->K, &lda, &ldb, &ldc, &alpha, &beta, &flags, NULL);
    *fn = (void *)f;
  } else {
    const float alpha = 1, beta = p->accumulate ? 1 : 0;
    libxsmm_smmfunction f =
        libxsmm_smmdispatch(p->N, p->M, p->K, &lda, &ldb, &ldc, &alpha, &beta, &flags, NULL);
    *fn = (void *)f;
  }
  return *fn != NULL;
}
#endif

// One call of product p on backend be; returns false if the backend has no way to run it.
static bool call(const product *p, bool dbl, enum backend be, const bufs *b, void *xfn) {
  const int M = p->M, N = p->N, K = p->K;
  const bool ta = p->csa != 1, tb = p->csb != 1;
  const int lda = ta ? (int)p->csa : (int)p->rsa, ldb = tb ? (int)p->csb : (int)p->rsb;
  switch (be) {
    case OPENBLAS:
      if (dbl)
        cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                    M, N, K, 1.0, b->A, lda, b->Bs, ldb, p->accumulate ? 1.0 : 0.0, b->C, N);
      else
        cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                    M, N, K, 1.0f, b->A, lda, b->Bs, ldb, p->accumulate ? 1.0f : 0.0f, b->C, N);
      return true;
    case BLIS:
#if REACH_HAVE_BLIS
      if (dbl) {
        double alpha = 1, beta = p->accumulate ? 1 : 0;
        bli_dgemm(BLIS_NO_TRANSPOSE, BLIS_NO_TRANSPOSE, M, N, K, &alpha, b->A, p->rsa, p->csa,
                  b->Bs, p->rsb, p->csb, &beta, b->C, N, 1);
      } else {
        float alpha = 1, beta = p->accumulate ? 1 : 0;
        bli_sgemm(BLIS_NO_TRANSPOSE, BLIS_NO_TRANSPOSE, M, N, K, &alpha, b->A, p->rsa, p->csa,
                  b->Bs, p->rsb, p->csb, &beta, b->C, N, 1);
      }
      return true;
#else
      return false;
#endif
    case XSMM:
#if REACH_HAVE_LIBXSMM
      if (!xfn) return false;
      if (dbl)
        ((libxsmm_dmmfunction)xfn)(b->Bp, b->A, b->C);
      else
        ((libxsmm_smmfunction)xfn)(b->Bp, b->A, b->C);
      return true;
#else
      (void)xfn;
      return false;
#endif
    case OWN:
      if (dbl)
        reach_gemm_d(M, N, K, b->A, p->rsa, p->csa, b->Bp, N, b->C, N, p->accumulate);
      else
        reach_gemm_f(M, N, K, b->A, p->rsa, p->csa, b->Bp, N, b->C, N, p->accumulate);
      return true;
    default: return false;
  }
}

// Best seconds per call over 5 blocks of `reps` calls; NAN if the backend cannot run it.
static double time_call(const product *p, bool dbl, enum backend be, const bufs *b, void *xfn) {
  if (!call(p, dbl, be, b, xfn)) return NAN;
  const double flops = 2.0 * p->M * p->N * p->K;
  int reps = (int)fmax(1.0, 2e7 / flops);
  double best = INFINITY;
  for (int block = 0; block < 5; block++) {
    double t0 = now();
    for (int r = 0; r < reps; r++) call(p, dbl, be, b, xfn);
    best = fmin(best, (now() - t0) / reps);
  }
  return best;
}

static void fill(void *v, size_t n, bool dbl, double scale) {
  for (size_t i = 0; i < n; i++) {
    double x = scale * (double)((i * 2654435761u) % 1000) / 1000.0 - 0.5 * scale;
    if (dbl)
      ((double *)v)[i] = x;
    else
      ((float *)v)[i] = (float)x;
  }
}

int main(int argc, char **argv) {
  const char *which = argc > 1 ? argv[1] : "both";
  const int only_h = argc > 2 ? atoi(argv[2]) : 0;
  openblas_set_num_threads(1);
#if REACH_HAVE_BLIS
  bli_thread_set_num_threads(1);
#endif
#if REACH_HAVE_LIBXSMM
  libxsmm_init();
#endif
  printf(
      "one thread; GFLOP/s per product (best of 5 blocks), ratio = backend / OpenBLAS in this "
      "run; reach_gemm on %s\n",
      reach_isa_names[reach_isa_best()]);
  printf("%-6s %3s %3s %-9s %5s %5s %5s %9s %9s %9s %9s %7s %7s %7s %6s\n", "prec", "H", "B",
         "product", "M", "N", "K", "OpenBLAS", "BLIS", "libxsmm", "reach", "BLIS/O", "xsmm/O",
         "reach/O", "share");
  const int Hs[] = {32, 64, 128, 256}, Bs[] = {8, 32};
  for (int prec = 0; prec < 2; prec++) {
    const bool dbl_run = prec == 1;
    if ((dbl_run && strcmp(which, "single") == 0) || (!dbl_run && strcmp(which, "double") == 0))
      continue;
    for (int hi = 0; hi < 4; hi++)
      for (int bi = 0; bi < 2; bi++) {
        const int H = Hs[hi], B = Bs[bi];
        if (only_h && H != only_h) continue;
        product ps[16];
        const int np = n_products(H, B, ps);
        double sum_o = 0, sum_best = 0, sum_own = 0, t_own[16];
        double gf[16][NBACKEND];
        for (int k = 0; k < np; k++) {
          const product *p = &ps[k];
          const bool dbl = dbl_run || p->force_double;
          const size_t el = dbl ? sizeof(double) : sizeof(float);
          // A spans M·rsa or K·csa elements, whichever is larger; Bs likewise; Bp is [K][N].
          size_t na =
              (size_t)fmax((double)(p->M - 1) * p->rsa + (double)(p->K - 1) * p->csa + 1, 1);
          size_t nb =
              (size_t)fmax((double)(p->K - 1) * p->rsb + (double)(p->N - 1) * p->csb + 1, 1);
          bufs b = {calloc(na, el), calloc(nb, el), calloc((size_t)p->K * p->N, el),
                    calloc((size_t)p->M * p->N, el)};
          fill(b.A, na, dbl, 1.0);
          fill(b.Bs, nb, dbl, 0.2);
          for (int kk = 0; kk < p->K; kk++)
            for (int n = 0; n < p->N; n++) {
              size_t src = (size_t)(kk * p->rsb + n * p->csb), dst = (size_t)kk * p->N + n;
              if (dbl)
                ((double *)b.Bp)[dst] = ((double *)b.Bs)[src];
              else
                ((float *)b.Bp)[dst] = ((float *)b.Bs)[src];
            }
          void *xfn = NULL;
#if REACH_HAVE_LIBXSMM
          xsmm_kernel(p, dbl, &xfn);
#endif
          const double flops = 2.0 * p->M * p->N * p->K;
          double tb[NBACKEND];
          for (int be = 0; be < NBACKEND; be++) {
            tb[be] = time_call(p, dbl, (enum backend)be, &b, xfn);
            gf[k][be] = flops / tb[be] * 1e-9;
          }
          double best = tb[OPENBLAS];
          for (int be = 1; be < NBACKEND; be++)
            if (tb[be] < best) best = tb[be];
          // The batch totals count each product once, in the form each backend would run it.
          if (p->base_form) sum_o += p->calls * tb[OPENBLAS];
          if (p->base_form && p->own_form) sum_best += p->calls * best;
          if (!p->base_form) sum_best += p->calls * fmin(best, tb[OWN]);
          if (p->own_form) sum_own += p->calls * tb[OWN];
          t_own[k] = p->own_form ? p->calls * tb[OWN] : 0.0;
          free(b.A);
          free(b.Bs);
          free(b.Bp);
          free(b.C);
        }
        for (int k = 0; k < np; k++) {
          const product *p = &ps[k];
          const bool dbl = dbl_run || p->force_double;
          printf("%-6s %3d %3d %-9s %5d %5d %5d", dbl ? "double" : "single", H, B, p->name, p->M,
                 p->N, p->K);
          for (int be = 0; be < NBACKEND; be++)
            if (isnan(gf[k][be]))
              printf(" %9s", "-");
            else
              printf(" %9.1f", gf[k][be]);
          for (int be = 1; be < NBACKEND; be++)
            if (isnan(gf[k][be]))
              printf(" %7s", "-");
            else
              printf(" %7.2f", gf[k][be] / gf[k][OPENBLAS]);
          if (p->own_form)
            printf(" %5.1f%%\n", 100.0 * t_own[k] / sum_own);
          else
            printf(" %6s\n", "-");
        }
        printf(
            "%-6s %3d %3d %-9s  GEMM ms/batch: OpenBLAS %.2f, best per product %.2f, reach %.2f "
            "(%.2fx OpenBLAS)\n",
            dbl_run ? "double" : "single", H, B, "batch", 1e3 * sum_o, 1e3 * sum_best,
            1e3 * sum_own, sum_o / sum_own);
        fflush(stdout);
      }
  }
#if REACH_HAVE_LIBXSMM
  libxsmm_finalize();
#endif
  return 0;
}
