// SPDX-License-Identifier: GPL-3.0-or-later
// Array forms of exp, the logistic sigmoid and tanh that the compiler can vectorise: the GRU
// evaluates 3·H·B of them per step, and scalar libm calls were a quarter of a small network's
// training time. glibc's vector variants (libmvec) are reachable only under -ffast-math, which
// would change results elsewhere, hence this one polynomial.
//
// exp: Cody–Waite reduction x = k·ln2 + r, |r| ≤ ln2/2, then a degree-13 Taylor polynomial
// (truncation < 2e-16 relative) and 2^k built in the exponent bits; within 1 ulp of libm's exp
// (measured) on [−708, 709], and inputs beyond are clamped (exp saturates at ~1e−308 and ~8e307).
// sigmoid(x) = 1/(1 + e^−x) (≤ 3 ulp); tanh(x) = 1 − 2/(e^{2x} + 1) (absolute error ≤ 4e−16).
// The float versions (single-precision GRU) use a degree-7 polynomial in a float reduction: within
// a few float ulp of the double ones.
// Results are the same on every x86-64 machine: the same IEEE operations in the same order,
// whatever the vector width.
#ifndef REACH_VMATH_H
#define REACH_VMATH_H

#include <stddef.h>

void reach_vexp(size_t n, const double *x, double *y);
void reach_vsigmoid(size_t n, const double *x, double *y);
void reach_vtanh(size_t n, const double *x, double *y);
void reach_vsigmoidf(size_t n, const float *x, float *y);
void reach_vtanhf(size_t n, const float *x, float *y);

#endif
