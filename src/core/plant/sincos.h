// SPDX-License-Identifier: GPL-3.0-or-later
// sin and cos of the joint angles, written so that one loop over arms vectorises and every ISA
// path (and the scalar code) rounds identically: only +, −, ×, ÷ and fma(), each correctly
// rounded by IEEE 754, no table lookups, no integer conversions the older ISAs lack, selects
// instead of branches. libm's sin/cos cannot be vectorised bit-for-bit, and glibc itself picks an
// FMA or a non-FMA variant at run time, so it would make the arm depend on the CPU.
//
// Method (fdlibm's): n = nearest integer to x·2/π, r = x − nπ/2 in two words (Cody-Waite with
// fdlibm's 33-bit π/2 head, so n·head and x − n·head are exact for |n| < 2^20), then the fdlibm
// polynomials on |r| ≤ π/4 with the low word of r folded in, and the cosine's leading 1 − r²/2
// summed with its rounding error. Error ≤ 1 ulp (tests/core/test_arm_isa.c measures it against
// libm). Beyond |x| ≤ REACH_SINCOS_MAX the reduction loses accuracy; callers hand those lanes to
// libm in a scalar fix-up (the joint angles are clamped to [0, 2.71] rad, so that never happens
// in a step).
#ifndef REACH_SINCOS_H
#define REACH_SINCOS_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#define REACH_SINCOS_MAX 65536.0

// The sine and cosine of x for |x| ≤ REACH_SINCOS_MAX (garbage beyond; NaN stays NaN).
__attribute__((always_inline)) static inline void reach_sincos_kernel(double x, double *s,
                                                                      double *c) {
  const double inv_pio2 = 6.36619772367581382433e-01;
  const double pio2_1 = 1.57079632673412561417e+00;   // first 33 bits of π/2
  const double pio2_1t = 6.07710050650619224932e-11;  // π/2 − pio2_1
  const double shifter = 0x1.8p52;                    // adding it rounds to an integer
  const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03,
               S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06,
               S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
  const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03,
               C3 = 2.48015872894767294178e-05, C4 = -2.75573143513906633035e-07,
               C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
  // n in the low bits of kbig's significand (|x·2/π| < 2^51)
  double kbig = x * inv_pio2 + shifter;
  double n = kbig - shifter;
  uint64_t nbits;
  memcpy(&nbits, &kbig, sizeof nbits);
  double hi = x - n * pio2_1;  // exact
  double w = n * pio2_1t;
  double r = hi - w;
  double rt = (hi - r) - w;  // the low word of x − nπ/2
  double z = r * r;
  // sin r = r + r³ S(z) with the low word: fdlibm's __kernel_sin(r, rt, 1)
  double v = z * r;
  double ps = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  double sin_r = r - ((z * (0.5 * rt - v * ps) - rt) - v * S1);
  // cos r = 1 − z/2 + z²·C(z) − r·rt, with 1 − z/2 rounded and its error (and z's) added back
  double pc = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  double hz = 0.5 * z;
  double one_m = 1.0 - hz;
  double err = (1.0 - one_m) - hz;  // exact: 1 ≥ hz
  double zlo = fma(r, r, -z);       // z's rounding error, exact
  double cos_r = one_m + (err - (0.5 * zlo - (z * pc - r * rt)));
  // quadrant: n mod 4 picks (sin, cos) = (s, c), (c, −s), (−s, −c), (−c, s)
  uint64_t q = nbits & 3u;
  double sw_s = (q & 1u) ? cos_r : sin_r;
  double sw_c = (q & 1u) ? sin_r : cos_r;
  *s = (q & 2u) ? -sw_s : sw_s;
  *c = ((q + 1u) & 2u) ? -sw_c : sw_c;
}

static inline int reach_sincos_in_range(double x) { return fabs(x) <= REACH_SINCOS_MAX; }

// Scalar sin and cos with the same rounding as the batched kernels (libm beyond the range).
static inline void reach_sincos(double x, double *s, double *c) {
  if (reach_sincos_in_range(x)) {
    reach_sincos_kernel(x, s, c);
  } else {
    *s = sin(x);
    *c = cos(x);
  }
}

#endif
