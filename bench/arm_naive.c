// SPDX-License-Identifier: GPL-3.0-or-later
// Baseline for bench/arm-step: a literal, scalar transliteration of the NumPy reference
// (tests/data/motornet-arm26/spec_check.py) into C, one arm at a time, array-of-structs, every
// constant recomputed where the reference computes it. It is what "just port the Python" gives,
// so the ratio against it measures what the batched, precomputed layout buys.
#include "arm_naive.h"

#include <math.h>

static const double M1 = 1.82, M2 = 1.43, L1 = 0.309, L2 = 0.333, L1G = 0.135, L2G = 0.165,
                    I1 = 0.051, I2 = 0.057;
static const double FMAX[6] = {838., 1207., 1422., 1549., 414., 603.};
static const double L0_SE[6] = {0.039, 0.066, 0.172, 0.187, 0.204, 0.217};
static const double L0_CE[6] = {0.134, 0.140, 0.092, 0.093, 0.137, 0.127};
static const double G0[6] = {0.151, 0.2322, 0.2859, 0.2355, 0.3329, 0.2989};
static const double G1[2][6] = {{-.03, .03, 0., 0., -.03, .03}, {0., 0., -.014, .025, -.016, .03}};
static const double G2[2][6] = {{0, 0, 0, 0, 0, 0}, {0., 0., -4e-3, -2.2e-3, -5.7e-3, -3.2e-3}};

static void geometry(const double q[2], const double qd[2], double lmt[6], double vmt[6],
                     double arm[2][6]) {
  double phi[2] = {q[0] - 3.14159265358979323846 / 2.0, q[1]};
  for (int i = 0; i < 6; i++) {
    lmt[i] = G0[i];
    vmt[i] = 0.0;
    for (int j = 0; j < 2; j++) {
      lmt[i] += (G1[j][i] + G2[j][i] * phi[j]) * phi[j];
      arm[j][i] = G1[j][i] + 2.0 * G2[j][i] * phi[j];
      vmt[i] += arm[j][i] * qd[j];
    }
  }
}

static double hill(int i, double a, double lmt, double vmt) {
  double l0_pe = 1.4 * L0_CE[i], k_pe = 1.0 / pow(1.66 - l0_pe / L0_CE[i], 2.0),
         vmax = 10.0 * L0_CE[i];
  double lm = fmax(lmt - L0_SE[i], 0.0);
  double strain = fmax((lm - l0_pe) / L0_CE[i], 0.0);
  double flpe = k_pe * pow(strain, 2.0);
  double ln = lm / L0_CE[i];
  double flce = fmax(1.0 + (-pow(ln, 2.0) + 2.0 * ln - 1.0) / pow(0.66, 2.0), 0.01);
  double vn = vmt / vmax;
  double arel = ln > 1.0 ? 0.41 * flce : 0.41;
  double brel = a < 0.3 ? 5.2 * pow(1.0 - 0.9 * ((a - 0.3) / (0.005 - 0.3)), 2.0) : 5.2;
  double fa = flce * a, slope0 = a * (flce + arel) / brel, half = fa * 0.5;
  double den_p = 0.001 - 2.0 * slope0, p1 = -half / den_p, p2 = pow(half, 2.0) / den_p,
         p3 = -1.5 * fa;
  double fact =
      vn < 0.0 ? (vn * a * arel + fa * brel) / (brel - vn)
               : (-p1 * p3 + p1 * 0.001 * vn + p2 - p3 * vn + 0.001 * pow(vn, 2.0)) / (p1 + vn);
  return (fmax(fact, 0.0) + flpe) * FMAX[i];
}

void arm_naive_reset(arm_naive *arm, const double q0[2]) {
  arm->q[0] = q0[0];
  arm->q[1] = q0[1];
  arm->qd[0] = arm->qd[1] = 0.0;
  double lmt[6], vmt[6], r[2][6];
  geometry(arm->q, arm->qd, lmt, vmt, r);
  for (int i = 0; i < 6; i++) {
    arm->act[i] = 0.001;
    arm->force[i] = hill(i, 0.001, lmt[i], vmt[i]);
  }
}

void arm_naive_step(arm_naive *arm, const double u[6], const double f_end[2]) {
  const double dt = 0.01, q_hi[2] = {135.0 * (3.14159265358979323846 / 180.0),
                                     155.0 * (3.14159265358979323846 / 180.0)};
  double lmt[6], vmt[6], r[2][6], tau[2] = {0, 0}, a_new[6];
  geometry(arm->q, arm->qd, lmt, vmt, r);
  for (int i = 0; i < 6; i++) {
    double uc = fmin(fmax(u[i], 0.001), 1.0), ac = fmin(fmax(arm->act[i], 0.001), 1.0);
    double k = 0.5 + 1.5 * ac, t = uc > ac ? 0.015 * k : 0.05 / k;
    a_new[i] = fmin(fmax(arm->act[i] + dt * (uc - ac) / t, 0.001), 1.0);
    for (int j = 0; j < 2; j++) tau[j] -= arm->force[i] * r[j][i];
  }
  double c2 = cos(arm->q[1]), s2 = sin(arm->q[1]), s1 = sin(arm->q[0]), c1 = cos(arm->q[0]);
  double s12 = sin(arm->q[0] + arm->q[1]), c12 = cos(arm->q[0] + arm->q[1]);
  double h = M2 * L1 * L2G;
  double m11 = M1 * L1G * L1G + I1 + M2 * (L2G * L2G + L1 * L1) + I2 + 2.0 * h * c2;
  double m12 = M2 * L2G * L2G + I2 + h * c2, m22 = M2 * L2G * L2G + I2;
  double cor[2] = {-h * s2 * (2.0 * arm->qd[0] + arm->qd[1]) * arm->qd[1],
                   h * s2 * arm->qd[0] * arm->qd[0]};
  double jac[2][2] = {{-L1 * s1 - L2 * s12, -L2 * s12}, {L1 * c1 + L2 * c12, L2 * c12}};
  double rhs[2];
  for (int j = 0; j < 2; j++)
    rhs[j] = tau[j] + jac[0][j] * f_end[0] + jac[1][j] * f_end[1] - cor[j];
  double det = m11 * m22 - m12 * m12;
  double qdd[2] = {(m22 * rhs[0] - m12 * rhs[1]) / det, (-m12 * rhs[0] + m11 * rhs[1]) / det};
  for (int i = 0; i < 6; i++) {
    arm->act[i] = a_new[i];
    arm->force[i] = hill(i, a_new[i], lmt[i], vmt[i]);
  }
  for (int j = 0; j < 2; j++) {
    double qdn = fmin(fmax(arm->qd[j] + dt * qdd[j], -1000.0), 1000.0);
    double qn = arm->q[j] + dt * arm->qd[j];
    if (qn <= 0.0 && qdn < 0.0) qdn = 0.0;
    if (qn >= q_hi[j] && qdn > 0.0) qdn = 0.0;
    arm->q[j] = fmin(fmax(qn, 0.0), q_hi[j]);
    arm->qd[j] = qdn;
  }
}
