// SPDX-License-Identifier: GPL-3.0-or-later
// The vectorised exp, sigmoid and tanh against libm over their whole useful range: exp within
// 2 ulp, sigmoid within 3 ulp relative, tanh within 4e−16 absolute; saturation beyond ±709.
// The float sigmoid and tanh (single-precision GRU) against the double ones: within 4 float ulp
// relative and 4 float ulp absolute (FLT_EPSILON = 1.2e-7), saturating beyond ±87 without
// subnormals.
#include <float.h>
#include <string.h>

#include "base/vmath.h"
#include "harness.h"

enum { N = 200001 };

static double ulp_diff(double a, double b) {
  return fabs(a - b) / (nextafter(fabs(b), INFINITY) - fabs(b));
}

int main(void) {
  static double x[N], y[N];
  double worst = 0.0, at = 0.0;
  for (int i = 0; i < N; i++) x[i] = -708.0 + 1417.0 * i / (N - 1);
  reach_vexp(N, x, y);
  for (int i = 0; i < N; i++) {
    double u = ulp_diff(y[i], exp(x[i]));
    if (u > worst) worst = u, at = x[i];
  }
  CHECK(worst <= 2.0, "exp on [-708, 709], %d points: worst %.2f ulp from libm (at x = %.4f)", N,
        worst, at);
  for (int i = 0; i < N; i++) x[i] = -5.0 + 10.0 * i / (N - 1);
  reach_vexp(N, x, y);
  worst = 0.0;
  for (int i = 0; i < N; i++) worst = fmax(worst, ulp_diff(y[i], exp(x[i])));
  CHECK(worst <= 2.0, "exp on [-5, 5] (the GRU's range), %d points: worst %.2f ulp", N, worst);

  for (int i = 0; i < N; i++) x[i] = -40.0 + 80.0 * i / (N - 1);
  reach_vsigmoid(N, x, y);
  worst = 0.0;
  for (int i = 0; i < N; i++) {
    double ref = 1.0 / (1.0 + exp(-x[i]));
    worst = fmax(worst, fabs(y[i] - ref) / ref);
  }
  // 1 ulp from exp plus the roundings of the sum and the quotient: at most 3 ulp relative.
  CHECK(worst <= 3 * DBL_EPSILON,
        "sigmoid on [-40, 40]: worst relative error %.2e (bound 3 ulp "
        "= %.2e)",
        worst, 3 * DBL_EPSILON);
  reach_vtanh(N, x, y);
  worst = 0.0;
  for (int i = 0; i < N; i++) worst = fmax(worst, fabs(y[i] - tanh(x[i])));
  CHECK(worst <= 4e-16, "tanh on [-40, 40]: worst absolute error %.2e", worst);

  double big[4] = {-1e6, -800.0, 800.0, 1e6}, out[4];
  reach_vsigmoid(4, big, out);
  CHECK(out[0] >= 0.0 && out[0] < 1e-300 && out[3] == 1.0,
        "sigmoid saturates: s(-1e6) = %.3g, "
        "s(1e6) = %.17g",
        out[0], out[3]);
  reach_vtanh(4, big, out);
  CHECK(out[0] == -1.0 && out[1] == -1.0 && out[2] == 1.0 && out[3] == 1.0,
        "tanh saturates at ±1: %.17g %.17g", out[0], out[3]);
  reach_vexp(4, big, out);
  CHECK(isfinite(out[3]) && out[0] > 0.0,
        "exp clamps instead of overflowing: exp(1e6) -> %.3g, "
        "exp(-1e6) -> %.3g",
        out[3], out[0]);

  // Float: the degree-7 polynomial is exact to 1e-8 relative, below half a float ulp; with the
  // roundings of the reduction, the scale, the sum and the quotient, at most 4 ulp.
  static float xf[N], yf[N];
  for (int i = 0; i < N; i++) xf[i] = (float)(-40.0 + 80.0 * i / (N - 1));
  reach_vsigmoidf(N, xf, yf);
  worst = 0.0;
  for (int i = 0; i < N; i++) {
    double ref = 1.0 / (1.0 + exp(-(double)xf[i]));
    worst = fmax(worst, fabs((double)yf[i] - ref) / ref);
  }
  CHECK(worst <= 4.0 * (double)FLT_EPSILON,
        "float sigmoid on [-40, 40]: worst relative error %.2e (bound "
        "4 float ulp = %.2e)",
        worst, 4.0 * (double)FLT_EPSILON);
  reach_vtanhf(N, xf, yf);
  worst = 0.0;
  for (int i = 0; i < N; i++) worst = fmax(worst, fabs((double)yf[i] - tanh((double)xf[i])));
  CHECK(worst <= 4.0 * (double)FLT_EPSILON,
        "float tanh on [-40, 40]: worst absolute error %.2e (bound "
        "%.2e)",
        worst, 4.0 * (double)FLT_EPSILON);
  float bigf[4] = {-1e6f, -100.0f, 100.0f, 1e6f}, outf[4];
  reach_vsigmoidf(4, bigf, outf);
  CHECK(outf[0] >= FLT_MIN && outf[0] < 1e-37f && outf[3] == 1.0f,
        "float sigmoid saturates "
        "to a normal float: s(-1e6) = %.3g (>= FLT_MIN %.3g), s(1e6) = %.9g",
        (double)outf[0], (double)FLT_MIN, (double)outf[3]);
  reach_vtanhf(4, bigf, outf);
  CHECK(outf[0] == -1.0f && outf[1] == -1.0f && outf[2] == 1.0f && outf[3] == 1.0f,
        "float tanh saturates at ±1: %.9g %.9g", (double)outf[0], (double)outf[3]);
  return reach_test_finish("vmath");
}
