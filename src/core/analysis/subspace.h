// SPDX-License-Identifier: GPL-3.0-or-later
// Principal angles between the k-dimensional PCA subspaces of two sets of states (issue 19 item
// 6: how far the execution-period dynamics of FF2 batch 0 lie from FF1 batch 0's). Each set's
// subspace is spanned by its own first k principal axes (reach_pca_fit, centred on its own mean);
// with Qa, Qb [k][dim] those orthonormal bases, the cosines of the principal angles are the
// singular values of Qa·Qbᵀ (Björck & Golub 1973), angles θ_1 ≤ … ≤ θ_k in [0, π/2]. 0: the
// subspaces share a direction; π/2: orthogonal.
#ifndef REACH_SUBSPACE_H
#define REACH_SUBSPACE_H

#include "../base/error.h"

// a[na][dim], b[nb][dim] (each ≥ 2 rows), 1 ≤ k ≤ dim: angles[k] in radians, ascending.
reach_status reach_principal_angles(const double *a, int na, const double *b, int nb, int dim,
                                    int k, double *angles, reach_error *err);

#endif
