// SPDX-License-Identifier: GPL-3.0-or-later
// PCA against a known rotation and planted variances:
// - exact: 12 points at ±c_k along each axis k of R^6 (sample covariance exactly
//   diag(λ) with λ = 9, 4, 1, 0.25, 0.04, 0.01), rotated by a known orthogonal Q (a product of
//   Givens rotations with fixed angles) and shifted by μ. PCA must return axes = ±Q's columns
//   with the documented sign, var = λ, ratio = λ/Σλ, projections = Qᵀ(y − μ);
// - another set (shifted, variance only along Q's columns 0 and 2, 2 : 1) projected on the fit
//   basis: coordinates keep the shift, and explained_of gives (2/3, 0, 1/3);
// - Gaussian samples (800 rows = 8 targets × 100 steps, 32 units) with planted variances:
//   recovered within sampling error.
#include <math.h>
#include <string.h>

#include "analysis/pca.h"
#include "base/rng.h"
#include "harness.h"

enum { D = 6 };
static const double PI = 3.14159265358979323846;

// Q ← Q·G(i, j, θ) on the columns of q[D][D].
static void givens(double *q, int dim, int i, int j, double deg) {
  const double c = cos(deg * PI / 180), s = sin(deg * PI / 180);
  for (int r = 0; r < dim; r++) {
    const double a = q[r * dim + i], b = q[r * dim + j];
    q[r * dim + i] = c * a - s * b;
    q[r * dim + j] = s * a + c * b;
  }
}

static void known_rotation(double *q, int dim) {
  memset(q, 0, sizeof *q * (size_t)(dim * dim));
  for (int i = 0; i < dim; i++) q[i * dim + i] = 1.0;
  givens(q, dim, 0, 1, 30);
  givens(q, dim, 2, 3, -50);
  givens(q, dim, 1, 4, 70);
  givens(q, dim, 3, 5, 20);
  givens(q, dim, 0, 5, 10);
  givens(q, dim, 2, 4, 35);
}

static void test_exact(void) {
  const double lam[D] = {9, 4, 1, 0.25, 0.04, 0.01};
  const double mu[D] = {0.3, -1.0, 2.0, 0.5, 0.0, -0.7};
  double q[D * D], x[2 * D][D], z[2 * D][D];
  known_rotation(q, D);
  const int n = 2 * D;
  memset(z, 0, sizeof z);
  for (int k = 0; k < D; k++) {
    const double c = sqrt(lam[k] * (n - 1) / 2.0);
    z[2 * k][k] = c, z[2 * k + 1][k] = -c;
  }
  for (int i = 0; i < n; i++)
    for (int r = 0; r < D; r++) {
      x[i][r] = mu[r];
      for (int k = 0; k < D; k++) x[i][r] += q[r * D + k] * z[i][k];
    }
  reach_pca p;
  reach_error err = {0};
  CHECK(reach_pca_fit(&p, &x[0][0], n, D, 3, &err) == REACH_OK, "fit ok %s", err.msg);
  if (!p.axes) return;
  double sum = 0;
  for (int k = 0; k < D; k++) sum += lam[k];
  CHECK_NEAR(p.total, sum, 1e-12, "total variance = Σλ");
  for (int k = 0; k < 3; k++) {
    CHECK_NEAR(p.var[k], lam[k], 1e-12, "planted variance λ_k");
    CHECK_NEAR(reach_pca_ratio(&p, k), lam[k] / sum, 1e-12, "ratio λ_k / Σλ");
    double d = 0.0, big = 0.0, bigval = 0.0;
    for (int r = 0; r < D; r++) {
      d += p.axes[k * D + r] * q[r * D + k];
      if (fabs(p.axes[k * D + r]) > big) big = fabs(p.axes[k * D + r]), bigval = p.axes[k * D + r];
    }
    CHECK_NEAR(fabs(d), 1.0, 1e-12, "|axis_k · Q column k|");
    CHECK(bigval > 0, "axis %d sign: largest entry %+.4f is positive", k, bigval);
  }
  // Projections = ±z (the fit set's own coordinates).
  double pr[2 * D][3], worst = 0.0;
  reach_pca_project(&p, &x[0][0], n, &pr[0][0]);
  for (int k = 0; k < 3; k++) {
    double s = 0.0;
    for (int r = 0; r < D; r++) s += p.axes[k * D + r] * q[r * D + k];
    for (int i = 0; i < n; i++) worst = fmax(worst, fabs(pr[i][k] - (s > 0 ? 1 : -1) * z[i][k]));
  }
  CHECK(worst < 1e-12, "projections of the fit set = planted coordinates: worst |diff| %.3g",
        worst);

  // Another set: shifted by 1.5 along Q col 1, variance along Q cols 0 and 2 in ratio 2 : 1.
  double y[4][D], zy[4][3] = {{2, 0, 0}, {-2, 0, 0}, {0, 0, sqrt(2.0)}, {0, 0, -sqrt(2.0)}};
  for (int i = 0; i < 4; i++)
    for (int r = 0; r < D; r++)
      y[i][r] = mu[r] + 1.5 * q[r * D + 1] + zy[i][0] * q[r * D + 0] + zy[i][2] * q[r * D + 2];
  double py[4][3];
  reach_pca_project(&p, &y[0][0], 4, &py[0][0]);
  double s1 = 0.0;
  for (int r = 0; r < D; r++) s1 += p.axes[D + r] * q[r * D + 1];
  CHECK_NEAR(py[0][1], 1.5 * (s1 > 0 ? 1 : -1), 1e-12,
             "the other set keeps its shift along PC2 (fit set's mean, not its own)");
  double frac[3];
  CHECK(reach_pca_explained_of(&p, &y[0][0], 4, frac, &err) == REACH_OK, "explained_of ok");
  CHECK_NEAR(frac[0], 2.0 / 3.0, 1e-12, "other set: share along PC1");
  CHECK_NEAR(frac[1], 0.0, 1e-12, "other set: share along PC2 (a shift is not variance)");
  CHECK_NEAR(frac[2], 1.0 / 3.0, 1e-12, "other set: share along PC3");
  reach_pca_free(&p);
  CHECK(reach_pca_fit(&p, &x[0][0], 1, D, 3, &err) == REACH_ERR_USAGE, "1 row: %s", err.msg);
  x[3][2] = NAN;
  CHECK(reach_pca_fit(&p, &x[0][0], n, D, 3, &err) == REACH_ERR_NUMERIC, "NaN: %s", err.msg);
}

static void test_sampled(void) {
  enum { N = 800, U = 32 };
  static double q[U * U], x[N][U];
  known_rotation(q, U);
  givens(q, U, 5, 20, 40);
  givens(q, U, 1, 31, -25);
  const double lam[4] = {25, 9, 4, 1};  // then 0.01 in the other 28 directions
  reach_rng rng;
  reach_rng_init(&rng, 5);
  for (int i = 0; i < N; i++) {
    double z[U];
    for (int k = 0; k < U; k++) z[k] = reach_rng_gauss(&rng, sqrt(k < 4 ? lam[k] : 0.01));
    for (int r = 0; r < U; r++) {
      x[i][r] = 0.1 * r;
      for (int k = 0; k < U; k++) x[i][r] += q[r * U + k] * z[k];
    }
  }
  reach_pca p;
  reach_error err = {0};
  CHECK(reach_pca_fit(&p, &x[0][0], N, U, 3, &err) == REACH_OK, "sampled fit ok");
  for (int k = 0; k < 3; k++) {
    // sd of a sample variance ≈ λ·√(2/(n−1)) = 5 % of λ; allow 3 sd
    CHECK(fabs(p.var[k] / lam[k] - 1.0) < 0.15, "sampled λ_%d: %.4f vs %.1f (rel %.3f, tol 0.15)",
          k, p.var[k], lam[k], p.var[k] / lam[k] - 1.0);
    double d = 0.0;
    for (int r = 0; r < U; r++) d += p.axes[k * U + r] * q[r * U + k];
    const double ang = acos(fmin(1.0, fabs(d))) * 180 / PI;
    CHECK(ang < 5.0, "sampled axis %d vs Q column: %.2f deg (tol 5)", k, ang);
  }
  const double want = 25.0 / (25 + 9 + 4 + 1 + 28 * 0.01);
  CHECK(fabs(reach_pca_ratio(&p, 0) / want - 1.0) < 0.1, "ratio PC1 %.4f vs %.4f",
        reach_pca_ratio(&p, 0), want);
  reach_pca_free(&p);
  reach_rng_free(&rng);
}

int main(void) {
  test_exact();
  test_sampled();
  return reach_test_finish("pca");
}
