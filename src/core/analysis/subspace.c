// SPDX-License-Identifier: GPL-3.0-or-later
#include "subspace.h"

#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>

#include "pca.h"

reach_status reach_principal_angles(const double *a, int na, const double *b, int nb, int dim,
                                    int k, double *angles, reach_error *err) {
  if (k < 1 || k > dim || na < 2 || nb < 2)
    return reach_error_set(err, REACH_ERR_RANGE,
                           "principal angles: expected 1 <= k <= dim and two sets of at least 2 "
                           "states, got k = %d, dim = %d, %d and %d states",
                           k, dim, na, nb);
  reach_pca pa = {0}, pb = {0};
  reach_status st = reach_pca_fit(&pa, a, na, dim, k, err);
  if (!st) st = reach_pca_fit(&pb, b, nb, dim, k, err);
  gsl_matrix *m = st ? NULL : gsl_matrix_alloc((size_t)k, (size_t)k);
  gsl_matrix *v = st ? NULL : gsl_matrix_alloc((size_t)k, (size_t)k);
  gsl_vector *s = st ? NULL : gsl_vector_alloc((size_t)k);
  gsl_vector *w = st ? NULL : gsl_vector_alloc((size_t)k);
  if (!st && (!m || !v || !s || !w))
    st = reach_error_set(err, REACH_ERR_NOMEM, "principal angles: out of memory");
  if (!st) {
    for (int i = 0; i < k; i++)
      for (int j = 0; j < k; j++) {
        double dot = 0.0;
        for (int d = 0; d < dim; d++)
          dot += pa.axes[(size_t)i * dim + d] * pb.axes[(size_t)j * dim + d];
        gsl_matrix_set(m, (size_t)i, (size_t)j, dot);
      }
    gsl_linalg_SV_decomp(m, v, s, w);  // singular values in decreasing order
    for (int i = 0; i < k; i++) {
      const double c = gsl_vector_get(s, (size_t)i);
      angles[i] = acos(c > 1.0 ? 1.0 : c < 0.0 ? 0.0 : c);
    }
  }
  if (m) gsl_matrix_free(m);
  if (v) gsl_matrix_free(v);
  if (s) gsl_vector_free(s);
  if (w) gsl_vector_free(w);
  reach_pca_free(&pa);
  reach_pca_free(&pb);
  return st;
}
