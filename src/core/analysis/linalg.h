// SPDX-License-Identifier: GPL-3.0-or-later
// Small dense linear algebra shared by the analyses (TDR, uniform shift, PCA), on row-major
// double arrays, built on GSL's SVD and CBLAS so nothing is hand-rolled that a library does.
#ifndef REACH_ANALYSIS_LINALG_H
#define REACH_ANALYSIS_LINALG_H

#include "../base/error.h"

// Moore–Penrose pseudo-inverse of a[m][n] into out[n][m], by SVD (GSL's Golub–Reinsch on a or
// on aᵀ, whichever has at least as many rows as columns). Singular values below
// rcond·s_max are treated as zero, rcond = 1e-15 as numpy.linalg.pinv, which the authors' TDR
// code calls. Returns the numerical rank in *rank (nullable).
reach_status reach_pinv(const double *a, int m, int n, double *out, int *rank, reach_error *err);

// Classical Gram–Schmidt on the k columns of a[n][k] in place, in column order, WITHOUT
// normalising (the authors' gsog and Sun et al.'s gsog.m: orthogonal, not orthonormal, so a
// projection keeps the regression's units). A column that becomes zero (dependent) stays zero.
void reach_gram_schmidt(double *a, int n, int k);

// Removes from v[n] its projection onto each of the k columns of a[n][k] in turn (the authors'
// orth_wrt_map); with orthogonal columns this is the projection onto their span's complement.
// Zero columns are skipped.
void reach_orth_against(double *v, int n, const double *a, int k);

#endif
