// SPDX-License-Identifier: GPL-3.0-or-later
#include "savings_compare.h"

#include <math.h>
#include <stdlib.h>

// The sign that makes a field's LD positive: report's (savings_report.c), so a
// counter-clockwise FF2 is compared as the code compares the opposite-field control.
static double field_sign(double field) { return field < 0.0 ? -1.0 : 1.0; }

// The first `len` entries of ld times s, in buf (NULL when there is nothing to sign).
static double *signed_copy(const double *ld, int len, double s) {
  if (!ld || len < 1) return NULL;
  double *out = malloc(sizeof *out * (size_t)len);
  if (!out) return NULL;
  for (int k = 0; k < len; k++) out[k] = s * ld[k];
  return out;
}

void reach_savings_compare_compute(const double *const ld[REACH_NPHASE], const int n[REACH_NPHASE],
                                   const double field[REACH_NPHASE], reach_savings_compare *out) {
  *out = (reach_savings_compare){.n_ff1 = ld[1] ? n[1] : 0,
                                 .n_ff2 = ld[3] ? n[3] : 0,
                                 .sign_ff1 = field_sign(field[1]),
                                 .sign_ff2 = field_sign(field[3]),
                                 .ff1_ld0 = NAN,
                                 .ff2_ld0 = NAN,
                                 .ff1_halving = -1,
                                 .ff2_halving = -1,
                                 .ff1_rate = NAN,
                                 .ff2_rate = NAN,
                                 .rate_ratio = NAN};
  if (out->n_ff1 < 0) out->n_ff1 = 0;
  if (out->n_ff2 < 0) out->n_ff2 = 0;
  double *a = signed_copy(ld[1], out->n_ff1, out->sign_ff1);
  double *b = signed_copy(ld[3], out->n_ff2, out->sign_ff2);
  if (a) {
    out->ff1_ld0 = a[0];
    out->ff1_halving = reach_ld_halving_batch(a, out->n_ff1);
  }
  if (b) {
    out->ff2_ld0 = b[0];
    out->ff2_halving = reach_ld_halving_batch(b, out->n_ff2);
  }
  out->rate_batches = out->n_ff2 < out->n_ff1 ? out->n_ff2 : out->n_ff1;
  reach_rate_fit f1, f2;
  reach_error e = {0};
  if (a && b && reach_rate_fit_ld(a, out->rate_batches, REACH_RATE_CODE, &f1, &e) == REACH_OK &&
      reach_rate_fit_ld(b, out->rate_batches, REACH_RATE_CODE, &f2, &e) == REACH_OK) {
    out->ff1_rate = f1.rate;
    out->ff2_rate = f2.rate;
    out->rates_ok = f1.rate > 0.0;
    out->rate_ratio = out->rates_ok ? f2.rate / f1.rate : (double)NAN;
  }
  free(a);
  free(b);
}

void reach_savings_compare_direction(const double *const deg[REACH_NPHASE],
                                     const int n[REACH_NPHASE], const double sign[REACH_NPHASE],
                                     reach_savings_compare *out) {
  // field_sign reads only the sign: ±1 plays the part of a curl gain
  reach_savings_compare_compute(deg, n, sign, out);
  out->measure = REACH_COMPARE_DIRECTION;
}
