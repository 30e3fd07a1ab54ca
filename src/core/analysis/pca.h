// SPDX-License-Identifier: GPL-3.0-or-later
// PCA of hidden-state trajectories (savings-paper-spec §2.4, Fig. 6): fit on one set (FF1
// batch 0: 8 targets × steps states), project another (FF2 batch 0) on the same basis.
//
// Definitions (the ones sklearn's PCA uses, which the authors' notebook calls):
//   X [n][dim] the fit set's rows; μ = column means; C = (X − μ)ᵀ(X − μ)/(n − 1).
//   axes: the eigenvectors of C, by decreasing eigenvalue; var[k] = λ_k, the variance of the
//   fit set along axis k; total = trace(C) = Σ all λ (every component, not only those kept).
//   Variance explained by component k:  ratio[k] = λ_k / total   (sklearn's
//   explained_variance_ratio_), so the ratios of all components sum to 1.
//   Projection of any row y: z_k = (y − μ)·axis_k, with the FIT set's μ (a projected set is
//   not re-centred: a shift between the sets stays visible, as in Fig. 6).
//   Variance of another set Y explained by the fit basis (reach_pca_explained_of):
//   frac[k] = Var_Y(z_k) / trace(Cov(Y)), both about Y's own mean with divisor n_Y − 1: the share
//   of Y's variance that lies along axis k. Its sum over kept axes is ≤ 1.
// Sign: each axis is flipped so its largest-magnitude entry is positive (eigenvectors are
// defined up to sign; this makes the basis reproducible across runs and libraries).
#ifndef REACH_PCA_H
#define REACH_PCA_H

#include "../base/error.h"

typedef struct reach_pca {
  int dim, ncomp, n_fit;
  double *mean;  // [dim] μ of the fit set
  double *axes;  // [ncomp][dim] unit principal axes
  double *var;   // [ncomp] λ_k
  double total;  // trace(C)
  double *block;
} reach_pca;

// Fits ncomp (1 ≤ ncomp ≤ dim) components to x[n][dim], n ≥ 2, with GSL's symmetric eigensolver
// (gsl_eigen_symmv) on C formed by BLAS. REACH_ERR_NUMERIC if x holds NaN/Inf.
reach_status reach_pca_fit(reach_pca *p, const double *x, int n, int dim, int ncomp,
                           reach_error *err);
void reach_pca_free(reach_pca *p);

// ratio[k] = var[k] / total (0 if total is 0).
double reach_pca_ratio(const reach_pca *p, int k);

// z[n][ncomp] = (y − μ)·axesᵀ for rows y[n][dim].
void reach_pca_project(const reach_pca *p, const double *y, int n, double *z);

// frac[ncomp] for another set y[n][dim] (n ≥ 2), as defined above. REACH_ERR_RANGE if y has
// no variance.
reach_status reach_pca_explained_of(const reach_pca *p, const double *y, int n, double *frac,
                                    reach_error *err);

#endif
