// SPDX-License-Identifier: GPL-3.0-or-later
#include "vmath.h"

#include <stdint.h>
#include <string.h>

// One element, inlined into each loop so the loops vectorise (no calls, no branches).
static inline double exp_poly(double x) {
  const double log2e = 1.4426950408889634074, shift = 0x1.8p52;
  const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  x = x < -708.0 ? -708.0 : x;
  x = x > 709.0 ? 709.0 : x;
  // k = round(x / ln2), read from the low mantissa bits of t.
  double t = x * log2e + shift;
  double k = t - shift;
  double r = (x - k * ln2_hi) - k * ln2_lo;
  double p = 1.0 / 6227020800.0;  // 1/13!
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  int64_t bits;
  memcpy(&bits, &t, sizeof bits);
  // Low bits of t hold k in two's complement; k + 1023 in the exponent field is 2^k
  // (k ∈ [−1022, 1023] after the clamp, so 2^k is a normal number). Shifting an unsigned value
  // keeps the arithmetic defined for negative k.
  uint64_t e = ((uint64_t)bits + 1023u) << 52;
  double scale;
  memcpy(&scale, &e, sizeof scale);
  return p * scale;
}

// The float version for the single-precision GRU: the same reduction, 2^k in a float's exponent
// and a degree-7 Taylor polynomial (truncation < 1e-8 relative on |r| ≤ ln2/2, below float's
// half ulp). The clamp to [−87, 87] keeps k in [−126, 126] so 2^k is a normal float, and so is
// 1/(1 + e^87), the sigmoid's floor (subnormals would slow every later product).
static inline float expf_poly(float x) {
  const float log2e = 1.44269504f, shift = 0x1.8p23f;
  const float ln2_hi = 0.693359375f, ln2_lo = -2.12194440e-4f;
  x = x < -87.0f ? -87.0f : x;
  x = x > 87.0f ? 87.0f : x;
  float t = x * log2e + shift;
  float k = t - shift;
  float r = (x - k * ln2_hi) - k * ln2_lo;
  float p = 1.0f / 5040.0f;
  p = p * r + 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  int32_t bits;
  memcpy(&bits, &t, sizeof bits);
  uint32_t e = ((uint32_t)bits + 127u) << 23;
  float scale;
  memcpy(&scale, &e, sizeof scale);
  return p * scale;
}

// AVX2 doubles the vector width where the CPU has it; the dispatch is resolved once at load time.
// No FMA is enabled, so both clones perform the same roundings.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define REACH_VCLONES __attribute__((target_clones("avx2", "default")))
#else
#define REACH_VCLONES
#endif

REACH_VCLONES void reach_vexp(size_t n, const double *x, double *y) {
  for (size_t i = 0; i < n; i++) y[i] = exp_poly(x[i]);
}

REACH_VCLONES void reach_vsigmoid(size_t n, const double *x, double *y) {
  for (size_t i = 0; i < n; i++) y[i] = 1.0 / (1.0 + exp_poly(-x[i]));
}

REACH_VCLONES void reach_vtanh(size_t n, const double *x, double *y) {
  for (size_t i = 0; i < n; i++) y[i] = 1.0 - 2.0 / (exp_poly(2.0 * x[i]) + 1.0);
}

REACH_VCLONES void reach_vsigmoidf(size_t n, const float *x, float *y) {
  for (size_t i = 0; i < n; i++) y[i] = 1.0f / (1.0f + expf_poly(-x[i]));
}

REACH_VCLONES void reach_vtanhf(size_t n, const float *x, float *y) {
  for (size_t i = 0; i < n; i++) y[i] = 1.0f - 2.0f / (expf_poly(2.0f * x[i]) + 1.0f);
}
