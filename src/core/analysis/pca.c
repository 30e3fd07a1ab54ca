// SPDX-License-Identifier: GPL-3.0-or-later
#include "pca.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cblas.h>
#include <gsl/gsl_eigen.h>

void reach_pca_free(reach_pca *p) {
  free(p->block);
  memset(p, 0, sizeof *p);
}

// Centred copy of x[n][dim] about its column means into xc; the means into mu.
static void centre(const double *x, int n, int dim, double *mu, double *xc) {
  for (int j = 0; j < dim; j++) mu[j] = 0.0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < dim; j++) mu[j] += x[(size_t)i * (size_t)dim + (size_t)j];
  for (int j = 0; j < dim; j++) mu[j] /= n;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < dim; j++)
      xc[(size_t)i * (size_t)dim + (size_t)j] = x[(size_t)i * (size_t)dim + (size_t)j] - mu[j];
}

reach_status reach_pca_fit(reach_pca *p, const double *x, int n, int dim, int ncomp,
                           reach_error *err) {
  memset(p, 0, sizeof *p);
  if (n < 2 || dim < 1 || ncomp < 1 || ncomp > dim)
    return reach_error_set(
        err, REACH_ERR_USAGE,
        "PCA: %d rows of %d values, %d components (need n >= 2, 1 <= ncomp <= dim)", n, dim, ncomp);
  for (size_t i = 0; i < (size_t)n * (size_t)dim; i++)
    if (!isfinite(x[i]))
      return reach_error_set(err, REACH_ERR_NUMERIC, "PCA: row %zu, column %zu is %g",
                             i / (size_t)dim, i % (size_t)dim, x[i]);
  const size_t d = (size_t)dim;
  double *blk = malloc(sizeof *blk * (d + (size_t)ncomp * d + (size_t)ncomp));
  double *xc = malloc(sizeof *xc * (size_t)n * d);
  gsl_matrix *c = gsl_matrix_alloc(d, d), *evec = gsl_matrix_alloc(d, d);
  gsl_vector *eval = gsl_vector_alloc(d);
  gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc(d);
  reach_status st = REACH_OK;
  if (!blk || !xc || !c || !evec || !eval || !ws) {
    st = reach_error_set(err, REACH_ERR_NOMEM, "PCA: out of memory (%d x %d)", n, dim);
    goto done;
  }
  double *mean = blk, *axes = blk + d, *var = axes + (size_t)ncomp * d;
  centre(x, n, dim, mean, xc);
  // C = Xcᵀ Xc / (n − 1), full matrix (the eigensolver reads the lower triangle).
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, dim, dim, n, 1.0 / (n - 1), xc, dim, xc, dim,
              0.0, c->data, c->tda);
  double total = 0.0;
  for (size_t j = 0; j < d; j++) total += gsl_matrix_get(c, j, j);
  if (gsl_eigen_symmv(c, eval, evec, ws) != GSL_SUCCESS) {
    st = reach_error_set(err, REACH_ERR_NUMERIC, "PCA: the eigensolver failed (%d x %d)", dim, dim);
    goto done;
  }
  gsl_eigen_symmv_sort(eval, evec, GSL_EIGEN_SORT_VAL_DESC);
  for (int k = 0; k < ncomp; k++) {
    size_t big = 0;
    for (size_t j = 1; j < d; j++)
      if (fabs(gsl_matrix_get(evec, j, (size_t)k)) > fabs(gsl_matrix_get(evec, big, (size_t)k)))
        big = j;
    const double sign = gsl_matrix_get(evec, big, (size_t)k) < 0 ? -1.0 : 1.0;
    for (size_t j = 0; j < d; j++)
      axes[(size_t)k * d + j] = sign * gsl_matrix_get(evec, j, (size_t)k);
    // Rounding can leave a null direction's eigenvalue at −1e-17: a variance is never negative.
    var[k] = fmax(0.0, gsl_vector_get(eval, (size_t)k));
  }
  p->dim = dim;
  p->ncomp = ncomp;
  p->n_fit = n;
  p->mean = mean;
  p->axes = axes;
  p->var = var;
  p->total = total;
  p->block = blk;
  blk = NULL;
done:
  free(blk);
  free(xc);
  gsl_matrix_free(c);
  gsl_matrix_free(evec);
  gsl_vector_free(eval);
  if (ws) gsl_eigen_symmv_free(ws);
  return st;
}

double reach_pca_ratio(const reach_pca *p, int k) {
  return p->total > 0.0 ? p->var[k] / p->total : 0.0;
}

void reach_pca_project(const reach_pca *p, const double *y, int n, double *z) {
  const size_t d = (size_t)p->dim;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < p->ncomp; k++) {
      double s = 0.0;
      for (size_t j = 0; j < d; j++)
        s += (y[(size_t)i * d + j] - p->mean[j]) * p->axes[(size_t)k * d + j];
      z[(size_t)i * (size_t)p->ncomp + (size_t)k] = s;
    }
}

reach_status reach_pca_explained_of(const reach_pca *p, const double *y, int n, double *frac,
                                    reach_error *err) {
  if (n < 2) return reach_error_set(err, REACH_ERR_USAGE, "PCA: %d rows, need at least 2", n);
  const size_t d = (size_t)p->dim;
  double *mu = malloc(sizeof *mu * (d + (size_t)n * d));
  if (!mu) return reach_error_set(err, REACH_ERR_NOMEM, "PCA: out of memory");
  double *yc = mu + d;
  centre(y, n, p->dim, mu, yc);
  double total = 0.0;
  for (size_t i = 0; i < (size_t)n * d; i++) total += yc[i] * yc[i];
  total /= n - 1;
  if (!(total > 0.0)) {
    free(mu);
    return reach_error_set(err, REACH_ERR_RANGE, "PCA: the set has no variance");
  }
  for (int k = 0; k < p->ncomp; k++) {
    double s2 = 0.0;
    for (int i = 0; i < n; i++) {
      double z = 0.0;
      for (size_t j = 0; j < d; j++) z += yc[(size_t)i * d + j] * p->axes[(size_t)k * d + j];
      s2 += z * z;
    }
    frac[k] = s2 / (n - 1) / total;
  }
  free(mu);
  return REACH_OK;
}
