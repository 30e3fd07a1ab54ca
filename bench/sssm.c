// SPDX-License-Identifier: GPL-3.0-or-later
// bench-sssm: SSSM trials per second over the 16 × 540 experiment-2 trials, against a baseline
// measured in the same run (a straightforward gsl_matrix/BLAS implementation of the same trial,
// which is also checked to give the same outputs), and the time of one full 8-model fit.
// Prints; never asserts. Targets (issue 5): 16 × 540 trials ≤ 5 ms; 8-model fit ≤ 10 s.
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reach.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

// The baseline: the spec's equations written with gsl_matrix and BLAS calls, no structure used.
typedef struct naive {
  gsl_matrix *A, *Q, *H, *V, *Vp, *Vj[2], *tmp, *K;
  gsl_vector *x, *xp, *xj[2];
  double phi[2][2], S[2][2], r, alpha;
  int t;
} naive;

static void naive_init(naive *n, const reach_sssm *m) {
  n->A = gsl_matrix_calloc(4, 4), n->Q = gsl_matrix_calloc(4, 4), n->H = gsl_matrix_calloc(2, 4);
  n->V = gsl_matrix_alloc(4, 4), n->Vp = gsl_matrix_alloc(4, 4), n->tmp = gsl_matrix_alloc(4, 4);
  n->K = gsl_matrix_alloc(4, 1);
  n->x = gsl_vector_calloc(4), n->xp = gsl_vector_alloc(4);
  for (int j = 0; j < 2; j++) n->Vj[j] = gsl_matrix_alloc(4, 4), n->xj[j] = gsl_vector_alloc(4);
  const double a[4] = {m->par.a_s, m->par.a_f, m->par.a_s, m->par.a_f};
  const double q[4] = {m->par.q_s, m->par.q_f, m->par.q_s, m->par.q_f};
  for (int i = 0; i < 4; i++) {
    gsl_matrix_set(n->A, (size_t)i, (size_t)i, a[i]);
    gsl_matrix_set(n->Q, (size_t)i, (size_t)i, q[i]);
    gsl_matrix_set(n->H, (size_t)(i / 2), (size_t)i, 1.0);
  }
  n->r = m->par.r, n->alpha = m->par.alpha;
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++) gsl_matrix_set(n->V, (size_t)i, (size_t)j, m->V1[4 * i + j]);
  gsl_vector_set_zero(n->x);
  double b = m->opt.beta;
  n->phi[0][0] = b, n->phi[0][1] = 1 - b, n->phi[1][0] = 1 - b, n->phi[1][1] = b;
  memset(n->S, 0, sizeof n->S);
  n->t = 0;
}

static void naive_free(naive *n) {
  gsl_matrix_free(n->A), gsl_matrix_free(n->Q), gsl_matrix_free(n->H), gsl_matrix_free(n->V);
  gsl_matrix_free(n->Vp), gsl_matrix_free(n->tmp), gsl_matrix_free(n->K);
  gsl_vector_free(n->x), gsl_vector_free(n->xp);
  for (int j = 0; j < 2; j++) gsl_matrix_free(n->Vj[j]), gsl_vector_free(n->xj[j]);
}

static double naive_trial(naive *n, int cue, double y) {
  const int t = ++n->t, k = cue - 1;
  if (t == 1) {
    gsl_vector_memcpy(n->xp, n->x);
    gsl_matrix_memcpy(n->Vp, n->V);
  } else {
    gsl_blas_dgemv(CblasNoTrans, 1.0, n->A, n->x, 0.0, n->xp);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, n->A, n->V, 0.0, n->tmp);
    gsl_matrix_memcpy(n->Vp, n->Q);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, n->tmp, n->A, 1.0, n->Vp);
  }
  double row = n->phi[k][0] + n->phi[k][1], rho[2] = {n->phi[k][0] / row, n->phi[k][1] / row};
  double yj[2], lp[2];
  for (int j = 0; j < 2; j++) {
    gsl_vector_const_view h = gsl_matrix_const_row(n->H, (size_t)j);
    gsl_blas_ddot(&h.vector, n->xp, &yj[j]);
    gsl_vector_view Kc = gsl_matrix_column(n->K, 0);
    gsl_blas_dgemv(CblasNoTrans, 1.0, n->Vp, &h.vector, 0.0, &Kc.vector);  // V h'
    double hv;
    gsl_blas_ddot(&h.vector, &Kc.vector, &hv);
    double sig = hv + n->r, e = isnan(y) ? 0.0 : y - yj[j];
    lp[j] = -0.5 * log(2 * 3.14159265358979323846 * sig) - e * e / (2 * sig) + log(rho[j]);
    gsl_vector_scale(&Kc.vector, 1 / sig);
    gsl_vector_memcpy(n->xj[j], n->xp);
    gsl_blas_daxpy(e, &Kc.vector, n->xj[j]);
    // (I − K h) V
    gsl_matrix_memcpy(n->Vj[j], n->Vp);
    gsl_matrix_const_view hm = gsl_matrix_const_submatrix(n->H, (size_t)j, 0, 1, 4);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, n->K, &hm.matrix, 0.0, n->tmp);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, -1.0, n->tmp, n->Vp, 1.0, n->Vj[j]);
  }
  double mx = fmax(lp[0], lp[1]);
  double lse = mx + log(exp(lp[0] - mx) + exp(lp[1] - mx));
  double g[2] = {exp(lp[0] - lse), exp(lp[1] - lse)};
  gsl_vector_set_zero(n->x);
  for (int j = 0; j < 2; j++) gsl_blas_daxpy(g[j], n->xj[j], n->x);
  gsl_matrix_set_zero(n->V);
  for (int j = 0; j < 2; j++) {
    gsl_vector_sub(n->xj[j], n->x);
    gsl_matrix_view d = gsl_matrix_view_vector(n->xj[j], 4, 1);
    gsl_matrix_memcpy(n->tmp, n->Vj[j]);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &d.matrix, &d.matrix, 1.0, n->tmp);
    gsl_matrix_scale(n->tmp, g[j]);
    gsl_matrix_add(n->V, n->tmp);
  }
  double eta = n->alpha / (n->alpha + t - 1);
  for (int q = 0; q < 2; q++)
    for (int j = 0; j < 2; j++) n->S[q][j] = (1 - eta) * n->S[q][j] + (q == k ? eta * g[j] : 0.0);
  if (t >= 8)
    for (int j = 0; j < 2; j++) {
      double col = n->S[0][j] + n->S[1][j];
      n->phi[0][j] = n->S[0][j] / col, n->phi[1][j] = n->S[1][j] / col;
    }
  return rho[0] * yj[0] + rho[1] * yj[1];
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : REACH_BENCH_DATA "/heald2018-exp2";
  char cues[512], perts[512];
  snprintf(cues, sizeof cues, "%s/paradigm_cues.csv", dir);
  snprintf(perts, sizeof perts, "%s/paradigm_perturbations.csv", dir);
  reach_error err = {0};
  reach_paradigm_set set;
  if (reach_paradigm_set_read(cues, perts, &set, &err) != REACH_OK) {
    fprintf(stderr, "bench-sssm: %s\n", err.msg);
    return 1;
  }
  long ntr = 0;
  for (int s = 0; s < set.n; s++) ntr += set.p[s].n;
  const reach_sssm_params par = reach_sssm_params_table_s2();
  reach_sssm m;
  reach_sssm_init(&m, &par, NULL, &err);
  double *y1 = malloc((size_t)ntr * sizeof *y1), *y2 = malloc((size_t)ntr * sizeof *y2);

  // ReachLab: best of several repetitions, each over all participants
  double best = INFINITY, sink = 0;
  for (int rep = 0; rep < 50; rep++) {
    double t0 = now();
    long i = 0;
    for (int s = 0; s < set.n; s++) {
      reach_sssm_reset(&m);
      reach_sssm_record rec;
      for (int t = 0; t < set.p[s].n; t++, i++) {
        reach_sssm_trial(&m, set.p[s].cue[t], set.p[s].pert[t], &rec, NULL);
        y1[i] = rec.yhat;
      }
    }
    best = fmin(best, now() - t0);
    sink += y1[ntr - 1];
  }
  // baseline
  double nbest = INFINITY;
  naive nv;
  for (int rep = 0; rep < 10; rep++) {
    double t0 = now();
    long i = 0;
    for (int s = 0; s < set.n; s++) {
      naive_init(&nv, &m);
      for (int t = 0; t < set.p[s].n; t++, i++)
        y2[i] = naive_trial(&nv, set.p[s].cue[t], set.p[s].pert[t]);
      naive_free(&nv);
    }
    nbest = fmin(nbest, now() - t0);
  }
  double maxd = 0;
  for (long i = 0; i < ntr; i++) maxd = fmax(maxd, fabs(y1[i] - y2[i]));
  printf("SSSM, %d participants x %ld trials = %ld trials (best of 50 / 10 runs)\n", set.n,
         ntr / set.n, ntr);
  printf("  reachlab  %8.3f ms  %12.0f trials/s   (target <= 5 ms)\n", 1e3 * best, ntr / best);
  printf("  baseline  %8.3f ms  %12.0f trials/s   (gsl_matrix + BLAS, same equations)\n",
         1e3 * nbest, ntr / nbest);
  printf("  speed-up  %8.2fx    outputs agree to %.2g\n", nbest / best, maxd);

  // one full 8-model fit on SSSM-generated data
  reach_design d;
  if (reach_design_init(&d, &set, &err) != REACH_OK) {
    fprintf(stderr, "bench-sssm: %s\n", err.msg);
    return 1;
  }
  double th[6], data[1024];
  reach_cmodel_default_params(REACH_CMODEL_SSSM, th);
  reach_design_predict(&d, REACH_CMODEL_SSSM, th, NULL, data, &err);
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  for (int i = 0; i < d.npoints; i++) data[i] += gsl_ran_gaussian(rng, 0.02);
  gsl_rng_free(rng);
  reach_cmodel all[REACH_CMODEL_COUNT];
  for (int k = 0; k < REACH_CMODEL_COUNT; k++) all[k] = (reach_cmodel)k;
  printf("one design evaluation (16 participants, 204 group means):\n");
  for (int k = 0; k < REACH_CMODEL_COUNT; k++) {
    double thk[REACH_CMODEL_MAXP], pred[1024], tb = INFINITY;
    reach_cmodel_default_params(all[k], thk);
    for (int rep = 0; rep < 20; rep++) {
      double t1 = now();
      reach_design_predict(&d, all[k], thk, NULL, pred, &err);
      tb = fmin(tb, now() - t1);
    }
    printf("  %-5s %8.1f us\n", reach_cmodel_get(all[k])->name, 1e6 * tb);
  }
  reach_fit_result res[REACH_CMODEL_COUNT];
  reach_fit_options opt = reach_fit_options_default();
  double t0 = now();
  reach_fit_compare(&d, data, all, REACH_CMODEL_COUNT, &opt, res, &err);
  double tfit = now() - t0;
  long evals = 0;
  for (int k = 0; k < REACH_CMODEL_COUNT; k++) evals += res[k].evals;
  printf(
      "8-model fit (%d starts + default point per model, %ld model evaluations): %.2f s "
      "(target <= 10 s)\n",
      opt.nstarts, evals, tfit);
  printf("  SSSM: %d evaluations; the baseline would need about %.1f s for them alone (%.1fx)\n",
         res[0].evals, res[0].evals * nbest, res[0].evals * nbest / tfit);
  reach_design_free(&d);
  reach_paradigm_set_free(&set);
  free(y1), free(y2);
  return sink == 12345.678 ? 1 : 0;
}
