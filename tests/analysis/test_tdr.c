// SPDX-License-Identifier: GPL-3.0-or-later
// TDR and the uniform shift against planted axes (savings-paper-spec §2.1-§2.3):
// hidden states are synthesised as  h = μ0 + Fx·a1 + Fy·a2 + c_p·s + noise  for 8 targets in
// the four phases, with known orthogonal force axes a1, a2 (different lengths), a shift axis s
// orthogonal to them, rings of endpoint forces rotated CCW by known angles in FF1/NF2/FF2 and a
// mean-force change in FF1 (so the raw FF1 − NF1 difference has a part inside the TDR plane that
// the orthogonalisation must remove), and shift magnitudes c = (0, 1, 0.35, 1.1).
// The fit must recover: the TDR plane = span(a1, a2) (principal angles), the first axis
// a1/‖a1‖² (pinv of the regression: projections in newtons), the ring rotations, the shift
// direction s, its length, and the normalised projections (0, 1, 0.35, 1.1). Then with noise.
// Also: the endpoint-force helper against Jᵀ·F = τ, and the trace index convention.
#include <stdbool.h>
#include <math.h>
#include <string.h>

#include "analysis/tdr.h"
#include "analysis/uniform_shift.h"
#include "base/rng.h"
#include "harness.h"

enum { U = 32, T = 8 };
static const double PI = 3.14159265358979323846;

static double dot(const double *a, const double *b, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

// Largest principal angle (degrees) between span of the columns of x[U][2] and span(e1, e2) with
// e1, e2 orthonormal: for each unit vector of an orthonormal basis of span(x), the angle to its
// projection on span(e). (Two 2-D subspaces: checking both basis vectors and their sum bounds it.)
static double plane_angle(const double *x, const double *e1, const double *e2) {
  double b1[U], b2[U];
  for (int j = 0; j < U; j++) b1[j] = x[2 * j], b2[j] = x[2 * j + 1];
  double n1 = sqrt(dot(b1, b1, U));
  for (int j = 0; j < U; j++) b1[j] /= n1;
  double c = dot(b1, b2, U);
  for (int j = 0; j < U; j++) b2[j] -= c * b1[j];
  double n2 = sqrt(dot(b2, b2, U));
  for (int j = 0; j < U; j++) b2[j] /= n2;
  double worst = 0.0;
  const double *bs[2] = {b1, b2};
  for (int k = 0; k < 2; k++) {
    double p1 = dot(bs[k], e1, U), p2 = dot(bs[k], e2, U), res[U];
    for (int j = 0; j < U; j++) res[j] = bs[k][j] - p1 * e1[j] - p2 * e2[j];
    // atan2 of residual and projection: acos near 1 would lose half the digits
    worst = fmax(worst, atan2(sqrt(dot(res, res, U)), sqrt(p1 * p1 + p2 * p2)) * 180.0 / PI);
  }
  return worst;
}

static double angle_deg(const double *a, const double *b, int n) {
  const double c = dot(a, b, n) / dot(b, b, n);
  double r2 = 0.0;
  for (int i = 0; i < n; i++) r2 += (a[i] - c * b[i]) * (a[i] - c * b[i]);
  return atan2(sqrt(r2), fabs(c) * sqrt(dot(b, b, n))) * 180.0 / PI;
}

// Mean rotation (degrees, + = CCW) of ring y[T][2] relative to ring x[T][2], each about its
// centroid.
static double ring_rotation(const double *x, const double *y) {
  double cx[2] = {0, 0}, cy[2] = {0, 0};
  for (int i = 0; i < T; i++)
    for (int k = 0; k < 2; k++) cx[k] += x[2 * i + k] / T, cy[k] += y[2 * i + k] / T;
  double s = 0.0, c = 0.0;  // angle of Σ conj(x)·y: a least-squares rotation
  for (int i = 0; i < T; i++) {
    double ax = x[2 * i] - cx[0], ay = x[2 * i + 1] - cx[1];
    double bx = y[2 * i] - cy[0], by = y[2 * i + 1] - cy[1];
    c += ax * bx + ay * by;
    s += ax * by - ay * bx;
  }
  return atan2(s, c) * 180.0 / PI;
}

typedef struct planted {
  double a1[U], a2[U], s[U], mu0[U];
  double e1[U], e2[U], s_hat[U];  // orthonormal versions
  double f[4][T][2];
  double h[4][T][U];
} planted;

static const double rot_deg[4] = {0.0, 20.0, 3.0, 25.0};
static const double shift_c[4] = {0.0, 1.0, 0.35, 1.1};

static void plant(planted *P, reach_rng *rng, double noise, bool balanced) {
  double g[3][U];
  for (int k = 0; k < 3; k++)
    for (int j = 0; j < U; j++) g[k][j] = reach_rng_gauss(rng, 1.0);
  // Orthonormalise g0, g1, g2 (modified Gram–Schmidt, by hand in the test: the code under test
  // has its own).
  for (int k = 0; k < 3; k++) {
    for (int i = 0; i < k; i++) {
      double c = dot(g[i], g[k], U);
      for (int j = 0; j < U; j++) g[k][j] -= c * g[i][j];
    }
    double n = sqrt(dot(g[k], g[k], U));
    for (int j = 0; j < U; j++) g[k][j] /= n;
  }
  for (int j = 0; j < U; j++) {
    P->e1[j] = g[0][j], P->e2[j] = g[1][j], P->s_hat[j] = g[2][j];
    P->a1[j] = 1.5 * g[0][j], P->a2[j] = 0.8 * g[1][j], P->s[j] = 0.6 * g[2][j];
    P->mu0[j] = reach_rng_uniform(rng, -0.5, 0.5);
  }
  // Mean forces: FF1 moves the ring (so FF1 − NF1 has a part in the force plane). `balanced`
  // makes the mean over the four phases equal NF1's mean, so the regression's intercept row
  // (mean(H_NF1) − μ) is ⟂ to the force axes and the TDR plane is exactly span(a1, a2);
  // otherwise the intercept column of pinv(β) tilts the plane (see run_unbalanced).
  const double bal[4][2] = {{0, 0}, {0.4, -0.3}, {0.05, 0.0}, {-0.45, 0.3}};
  const double unb[4][2] = {{0, 0}, {0.4, -0.3}, {0.05, 0.0}, {0.45, -0.25}};
  const double(*offset)[2] = balanced ? bal : unb;
  for (int p = 0; p < 4; p++)
    for (int i = 0; i < T; i++) {
      double th = (45.0 * i + rot_deg[p]) * PI / 180.0;
      P->f[p][i][0] = 2.0 * cos(th) + offset[p][0];
      P->f[p][i][1] = 2.0 * sin(th) + offset[p][1];
      for (int j = 0; j < U; j++)
        P->h[p][i][j] = P->mu0[j] + P->f[p][i][0] * P->a1[j] + P->f[p][i][1] * P->a2[j] +
                        shift_c[p] * P->s[j] + reach_rng_gauss(rng, noise);
    }
}

static void run_case(reach_rng *rng, double noise) {
  static planted P;
  plant(&P, rng, noise, true);
  const bool exact = noise == 0.0;
  printf("-- planted axes, balanced mean forces, noise sd %g per unit\n", noise);
  const double *prep[4] = {&P.h[0][0][0], &P.h[1][0][0], &P.h[2][0][0], &P.h[3][0][0]};
  reach_tdr t;
  reach_error err = {0};
  CHECK(reach_tdr_fit(&t, prep, &P.f[0][0][0], T, U, &err) == REACH_OK, "TDR fit ok %s", err.msg);
  if (!t.axes) return;

  const double tol_ang = exact ? 1e-6 : 3.0;
  const double pa = plane_angle(t.axes, P.e1, P.e2);
  CHECK(pa < tol_ang, "TDR plane vs span(a1, a2): largest angle %.3g deg (tol %g)", pa, tol_ang);
  double w1[U], w2[U];
  for (int j = 0; j < U; j++) w1[j] = t.axes[2 * j], w2[j] = t.axes[2 * j + 1];
  const double ang1 = angle_deg(w1, P.a1, U);
  CHECK(ang1 < tol_ang, "first axis ∥ a1: %.3g deg", ang1);
  CHECK(fabs(dot(w1, w2, U)) < 1e-12 * sqrt(dot(w1, w1, U) * dot(w2, w2, U)),
        "axes orthogonal after Gram–Schmidt: w1·w2 = %.3g", dot(w1, w2, U));
  // pinv(β) has a1·w1 = 1: projections are in newtons (not normalised, as the code).
  CHECK_NEAR(dot(w1, P.a1, U), 1.0, exact ? 1e-9 : 0.03, "a1·w1 (force units)");
  CHECK_NEAR(sqrt(dot(w1, w1, U)), 1.0 / 1.5, exact ? 1e-9 : 0.03, "‖w1‖ = 1/‖a1‖");

  // The ring: NF1 projections reproduce the NF1 forces about their centroid; the other phases
  // rotate by the planted angles.
  double proj[4][T][2];
  for (int p = 0; p < 4; p++) reach_tdr_project(&t, prep[p], T, &proj[p][0][0]);
  double worst = 0.0, fx_mean = 0.0, px_mean = 0.0;
  for (int i = 0; i < T; i++) fx_mean += P.f[0][i][0] / T, px_mean += proj[0][i][0] / T;
  for (int i = 0; i < T; i++)
    worst = fmax(worst, fabs((proj[0][i][0] - px_mean) - (P.f[0][i][0] - fx_mean)));
  CHECK(worst < (exact ? 1e-9 : 0.05), "NF1 ring x = Fx about the centroid: worst |diff| %.3g N",
        worst);
  for (int p = 1; p < 4; p++) {
    double r = ring_rotation(&proj[0][0][0], &proj[p][0][0]);
    CHECK_NEAR(r, rot_deg[p], exact ? 1e-6 : 2.0, "ring rotation vs NF1 (deg, + = CCW)");
  }

  // Uniform shift.
  reach_uniform_shift us;
  CHECK(reach_uniform_shift_fit(&us, &t, prep, T, &err) == REACH_OK, "uniform shift ok %s",
        err.msg);
  if (!us.axis) {
    reach_tdr_free(&t);
    return;
  }
  double raw[U];
  for (int j = 0; j < U; j++) {
    double m0 = 0, m1 = 0;
    for (int i = 0; i < T; i++) m0 += P.h[0][i][j] / T, m1 += P.h[1][i][j] / T;
    raw[j] = m1 - m0;
  }
  const double raw_ang = angle_deg(raw, P.s, U);
  CHECK(raw_ang > 10.0,
        "the raw FF1 − NF1 difference is %.1f deg off s (the test needs the "
        "orthogonalisation)",
        raw_ang);
  const double s_ang = angle_deg(us.axis, P.s, U);
  CHECK(s_ang < (exact ? 1e-6 : 6.0), "us_orth ∥ s: %.3g deg", s_ang);
  CHECK_NEAR(us.norm, 0.6, exact ? 1e-9 : 0.06, "‖us_orth‖ = c_FF1·‖s‖ = 0.6 (unnormalised)");
  CHECK_NEAR(sqrt(dot(us.unit, us.unit, U)), 1.0, 1e-12, "unit axis has length 1");
  CHECK(fabs(dot(us.axis, w1, U)) < 1e-9 && fabs(dot(us.axis, w2, U)) < 1e-9,
        "us_orth ⟂ both TDR axes: %.2g, %.2g", dot(us.axis, w1, U), dot(us.axis, w2, U));
  const char *names[4] = {"NF1", "FF1", "NF2", "FF2"};
  for (int p = 0; p < 4; p++) {
    char what[64];
    snprintf(what, sizeof what, "normalised %s projection", names[p]);
    CHECK_NEAR(us.proj[p], shift_c[p], exact ? 1e-9 : 0.08, what);
  }
  CHECK_NEAR(reach_uniform_shift_project(&us, prep[2], T), us.proj[2], 1e-12,
             "project() of NF2's states = proj[NF2]");
  reach_uniform_shift_free(&us);
  reach_tdr_free(&t);
}

// Unbalanced mean forces, no noise: the recipe's answer is still known in closed form. β has
// rows a1, a2 and b0 = mean(H_NF1) − μ exactly, so pinv(β) = βᵀ(ββᵀ)⁻¹: its force columns are
// w_j = Σ_k r_k·(G⁻¹)_kj with G the 3 × 3 Gram matrix of the rows (inverted here by cofactors,
// not by the SVD under test); then Gram–Schmidt, then us orthogonalised to them.
static void run_unbalanced(reach_rng *rng) {
  static planted P;
  plant(&P, rng, 0.0, false);
  printf("-- planted axes, unbalanced mean forces (intercept tilts the plane), no noise\n");
  const double *prep[4] = {&P.h[0][0][0], &P.h[1][0][0], &P.h[2][0][0], &P.h[3][0][0]};
  double mu[U] = {0}, b0[U], m0[U] = {0}, m1[U] = {0};
  for (int p = 0; p < 4; p++)
    for (int i = 0; i < T; i++)
      for (int j = 0; j < U; j++) mu[j] += P.h[p][i][j] / (4 * T);
  for (int i = 0; i < T; i++)
    for (int j = 0; j < U; j++) m0[j] += P.h[0][i][j] / T, m1[j] += P.h[1][i][j] / T;
  for (int j = 0; j < U; j++) b0[j] = m0[j] - mu[j];
  const double *r[3] = {P.a1, P.a2, b0};
  double G[3][3], C[3][3];
  for (int k = 0; k < 3; k++)
    for (int l = 0; l < 3; l++) G[k][l] = dot(r[k], r[l], U);
  for (int k = 0; k < 3; k++)
    for (int l = 0; l < 3; l++) {
      const int k1 = (k + 1) % 3, k2 = (k + 2) % 3, l1 = (l + 1) % 3, l2 = (l + 2) % 3;
      C[l][k] = G[k1][l1] * G[k2][l2] - G[k1][l2] * G[k2][l1];  // adjugate (transposed cofactor)
    }
  const double det = G[0][0] * C[0][0] + G[0][1] * C[1][0] + G[0][2] * C[2][0];
  double w[2][U];
  for (int jj = 0; jj < 2; jj++)
    for (int u = 0; u < U; u++) {
      w[jj][u] = 0.0;
      for (int k = 0; k < 3; k++) w[jj][u] += r[k][u] * C[k][jj] / det;
    }
  const double c = dot(w[0], w[1], U) / dot(w[0], w[0], U);
  for (int u = 0; u < U; u++) w[1][u] -= c * w[0][u];
  reach_tdr t;
  reach_error err = {0};
  CHECK(reach_tdr_fit(&t, prep, &P.f[0][0][0], T, U, &err) == REACH_OK, "TDR fit ok %s", err.msg);
  if (!t.axes) return;
  double worst = 0.0, scale = 0.0;
  for (int u = 0; u < U; u++)
    for (int jj = 0; jj < 2; jj++) {
      worst = fmax(worst, fabs(t.axes[2 * u + jj] - w[jj][u]));
      scale = fmax(scale, fabs(w[jj][u]));
    }
  CHECK(worst < 1e-10 * scale,
        "axes = closed-form pinv columns after Gram–Schmidt: worst |diff| "
        "%.3g (scale %.3g)",
        worst, scale);
  const double pa = plane_angle(t.axes, P.e1, P.e2);
  CHECK(pa > 1.0,
        "and the plane is tilted off span(a1, a2) by %.2f deg (a property of the "
        "recipe's intercept, not noise)",
        pa);
  double us[U];
  for (int u = 0; u < U; u++) us[u] = m1[u] - m0[u];
  for (int jj = 0; jj < 2; jj++) {
    const double cc = dot(us, w[jj], U) / dot(w[jj], w[jj], U);
    for (int u = 0; u < U; u++) us[u] -= cc * w[jj][u];
  }
  reach_uniform_shift sh;
  CHECK(reach_uniform_shift_fit(&sh, &t, prep, T, &err) == REACH_OK, "uniform shift ok");
  if (sh.axis) {
    double wu = 0.0;
    for (int u = 0; u < U; u++) wu = fmax(wu, fabs(sh.axis[u] - us[u]));
    CHECK(wu < 1e-10, "us_orth = closed form: worst |diff| %.3g", wu);
    double raw[4];
    for (int p = 0; p < 4; p++) {
      double mp[U] = {0};
      for (int i = 0; i < T; i++)
        for (int u = 0; u < U; u++) mp[u] += P.h[p][i][u] / T;
      raw[p] = dot(mp, us, U);
    }
    for (int p = 0; p < 4; p++)
      CHECK_NEAR(sh.proj[p], (raw[p] - raw[0]) / (raw[1] - raw[0]), 1e-10,
                 "normalised projection = closed form");
    reach_uniform_shift_free(&sh);
  }
  reach_tdr_free(&t);
}

static void test_errors(void) {
  static double h[4][T][U];
  double f[T][2];
  reach_rng rng;
  reach_rng_init(&rng, 3);
  for (int p = 0; p < 4; p++)
    for (int i = 0; i < T; i++)
      for (int j = 0; j < U; j++) h[p][i][j] = reach_rng_gauss(&rng, 1.0);
  for (int i = 0; i < T; i++) f[i][0] = i, f[i][1] = 2.0 * i;  // collinear forces
  const double *prep[4] = {&h[0][0][0], &h[1][0][0], &h[2][0][0], &h[3][0][0]};
  reach_tdr t;
  reach_error err = {0};
  CHECK(reach_tdr_fit(&t, prep, &f[0][0], T, U, &err) == REACH_ERR_RANGE && !t.block,
        "collinear forces: %s", err.msg);
  CHECK(reach_tdr_fit(&t, prep, &f[0][0], 2, U, &err) == REACH_ERR_USAGE, "2 targets: %s", err.msg);
  // A shift entirely inside the TDR plane: FF1 = NF1 states, so us = 0.
  for (int i = 0; i < T; i++) f[i][0] = cos(i * PI / 4), f[i][1] = sin(i * PI / 4);
  memcpy(h[1], h[0], sizeof h[0]);
  CHECK(reach_tdr_fit(&t, prep, &f[0][0], T, U, &err) == REACH_OK, "fit ok");
  reach_uniform_shift us;
  CHECK(reach_uniform_shift_fit(&us, &t, prep, T, &err) == REACH_ERR_RANGE, "FF1 = NF1: %s",
        err.msg);
  reach_tdr_free(&t);
  reach_rng_free(&rng);
}

static void test_endpoint_force(void) {
  reach_arm_model m;
  reach_arm_model_arm26(&m);
  reach_arm_model_finish(&m);
  const double q[3][2] = {{1.047, 1.570}, {0.6, 1.9}, {1.2, 1.1}};
  const double mf[3][6] = {
      {100, 20, 50, 10, 30, 5}, {0, 300, 0, 200, 10, 80}, {50, 50, 50, 50, 50, 50}};
  double f[3][2];
  reach_error err = {0};
  CHECK(reach_endpoint_forces(&m, &q[0][0], &mf[0][0], 3, &f[0][0], &err) == REACH_OK,
        "endpoint forces ok %s", err.msg);
  for (int b = 0; b < 3; b++) {
    double r0[6], r1[6], jac[4], qd[2] = {0, 0};
    reach_arm_geometry(&m, q[b], qd, NULL, NULL, r0, r1);
    reach_arm_fingertip(&m, q[b], qd, NULL, NULL, jac);
    double tau0 = 0, tau1 = 0;
    for (int k = 0; k < 6; k++) tau0 -= mf[b][k] * r0[k], tau1 -= mf[b][k] * r1[k];
    // Jᵀ F = τ, jac row-major ∂(x, y)/∂q
    double jt0 = jac[0] * f[b][0] + jac[2] * f[b][1], jt1 = jac[1] * f[b][0] + jac[3] * f[b][1];
    CHECK(fabs(jt0 - tau0) < 1e-9 && fabs(jt1 - tau1) < 1e-9,
          "reach %d: F = (%.3f, %.3f) N gives Jᵀ·F = (%.6f, %.6f) = τ (%.6f, %.6f) N·m", b, f[b][0],
          f[b][1], jt0, jt1, tau0, tau1);
  }
  const double qs[2] = {1.0, 0.0};  // straight elbow: J singular
  CHECK(reach_endpoint_forces(&m, qs, &mf[0][0], 1, &f[0][0], &err) == REACH_ERR_NUMERIC,
        "straight elbow: %s", err.msg);
}

static void test_trace_index(void) {
  reach_trace tr;
  if (reach_trace_init(&tr, 2, 5, 3)) {
    CHECK(0, "trace init");
    return;
  }
  for (int i = 0; i <= 5; i++)
    for (int b = 0; b < 2; b++)
      for (int j = 0; j < 3; j++) tr.hidden[(i * 2 + b) * 3 + j] = 100 * i + 10 * b + j;
  double out[6];
  reach_error err = {0};
  CHECK(reach_trace_hidden_at(&tr, 2, out, &err) == REACH_OK && out[0] == 300 && out[5] == 312,
        "code index 2 = trace state 3 (after step 2): %g ... %g", out[0], out[5]);
  CHECK(reach_trace_hidden_at(&tr, 5, out, &err) == REACH_ERR_RANGE, "index 5 of 5 steps: %s",
        err.msg);
  reach_trace_free(&tr);
}

int main(void) {
  reach_rng rng;
  if (reach_rng_init(&rng, 11)) return 2;
  run_case(&rng, 0.0);
  run_case(&rng, 0.02);
  run_unbalanced(&rng);
  test_errors();
  test_endpoint_force();
  test_trace_index();
  reach_rng_free(&rng);
  return reach_test_finish("tdr");
}
