// SPDX-License-Identifier: GPL-3.0-or-later
#include "linalg.h"

#include <stdbool.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_linalg.h>

reach_status reach_pinv(const double *a, int m, int n, double *out, int *rank, reach_error *err) {
  if (m < 1 || n < 1) return reach_error_set(err, REACH_ERR_USAGE, "pinv: %d x %d matrix", m, n);
  // GSL's SVD wants rows >= columns: decompose c = a (m >= n) or c = aᵀ (m < n), c[r][k] = U S Vᵀ.
  const bool tr = m < n;
  const size_t r = (size_t)(tr ? n : m), k = (size_t)(tr ? m : n);
  gsl_matrix *u = gsl_matrix_alloc(r, k), *v = gsl_matrix_alloc(k, k);
  gsl_vector *s = gsl_vector_alloc(k), *work = gsl_vector_alloc(k);
  reach_status st = REACH_OK;
  if (!u || !v || !s || !work) {
    st = reach_error_set(err, REACH_ERR_NOMEM, "pinv: out of memory (%d x %d)", m, n);
    goto done;
  }
  for (size_t i = 0; i < r; i++)
    for (size_t j = 0; j < k; j++) {
      const double x = tr ? a[j * (size_t)n + i] : a[i * (size_t)n + j];
      if (!isfinite(x)) {
        st = reach_error_set(err, REACH_ERR_NUMERIC, "pinv: entry (%zu, %zu) is %g", tr ? j : i,
                             tr ? i : j, x);
        goto done;
      }
      gsl_matrix_set(u, i, j, x);
    }
  if (gsl_linalg_SV_decomp(u, v, s, work) != GSL_SUCCESS) {
    st = reach_error_set(err, REACH_ERR_NUMERIC, "pinv: SVD of a %d x %d matrix failed", m, n);
    goto done;
  }
  // pinv(c) = V S⁺ Uᵀ [k][r]; pinv(a) = pinv(c) if not transposed, else pinv(c)ᵀ = U S⁺ Vᵀ [r][k].
  const double cut = 1e-15 * gsl_vector_get(s, 0);  // singular values come sorted, largest first
  int rk = 0;
  for (size_t l = 0; l < k; l++) {
    const double sl = gsl_vector_get(s, l);
    if (sl > cut) rk++;
    gsl_vector_set(s, l, sl > cut ? 1.0 / sl : 0.0);
  }
  for (size_t i = 0; i < k; i++)
    for (size_t j = 0; j < r; j++) {
      double x = 0.0;
      for (size_t l = 0; l < k; l++)
        x += gsl_matrix_get(v, i, l) * gsl_vector_get(s, l) * gsl_matrix_get(u, j, l);
      if (tr)
        out[j * k + i] = x;  // out[n][m] = [r][k]
      else
        out[i * r + j] = x;  // out[n][m] = [k][r]
    }
  if (rank) *rank = rk;
done:
  gsl_matrix_free(u);
  gsl_matrix_free(v);
  gsl_vector_free(s);
  gsl_vector_free(work);
  return st;
}

static double col_dot(const double *a, int n, int k, int i, const double *b, int kb, int j) {
  double s = 0.0;
  for (int r = 0; r < n; r++)
    s += a[(size_t)r * (size_t)k + (size_t)i] * b[(size_t)r * (size_t)kb + (size_t)j];
  return s;
}

void reach_gram_schmidt(double *a, int n, int k) {
  for (int j = 1; j < k; j++)
    for (int i = 0; i < j; i++) {
      const double nn = col_dot(a, n, k, i, a, k, i);
      if (nn == 0.0) continue;
      const double c = col_dot(a, n, k, i, a, k, j) / nn;
      for (int r = 0; r < n; r++)
        a[(size_t)r * (size_t)k + (size_t)j] -= c * a[(size_t)r * (size_t)k + (size_t)i];
    }
}

void reach_orth_against(double *v, int n, const double *a, int k) {
  for (int i = 0; i < k; i++) {
    const double nn = col_dot(a, n, k, i, a, k, i);
    if (nn == 0.0) continue;
    const double c = col_dot(a, n, k, i, v, 1, 0) / nn;
    for (int r = 0; r < n; r++) v[r] -= c * a[(size_t)r * (size_t)k + (size_t)i];
  }
}
