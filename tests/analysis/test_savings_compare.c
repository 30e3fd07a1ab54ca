// SPDX-License-Identifier: GPL-3.0-or-later
// FF2 against FF1 as the app's Learning page shows it (study/savings_compare.h): the halving
// batch on curves whose answer is known by hand, and on the bundled network the per-network
// measures equal those `reachlab-cli report` computes (reach_report_network_load); and the run
// the Learning page starts from any phase (reach_savings_from_phase) is the bundled network at
// that phase's start.
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "study/savings_compare.h"
#include "study/savings.h"
#include "study/savings_report.h"

static void test_halving(void) {
  // A step: 4 at batches 0-9, 1 after. The centred 5-mean at c is ≤ 2 once at most 1 of its 5
  // batches is a 4 (1·4 + 4·1 = 8, /5 = 1.6; two 4s give 2.2): c = 11.
  double step[30];
  for (int k = 0; k < 30; k++) step[k] = k < 10 ? 4.0 : 1.0;
  CHECK(reach_ld_halving_batch(step, 30) == 11, "step 4 → 1 at batch 10: halving batch %d (11)",
        reach_ld_halving_batch(step, 30));
  // ...and a live curve whose last batch is 12 does not know yet (c = 11 needs batch 13).
  CHECK(reach_ld_halving_batch(step, 14) == 11 && reach_ld_halving_batch(step, 13) == -1,
        "live: 14 batches give %d, 13 give %d (−1: not yet)", reach_ld_halving_batch(step, 14),
        reach_ld_halving_batch(step, 13));
  // An exponential with half-life 20 batches: its centred mean lies a little above the curve
  // (convexity), so the answer is 20 or 21, never earlier.
  double ex[100];
  for (int k = 0; k < 100; k++) ex[k] = 0.04 * pow(0.5, k / 20.0);
  int h = reach_ld_halving_batch(ex, 100);
  CHECK(h == 20 || h == 21, "exponential, half-life 20 batches: halving batch %d", h);
  // One noisy low batch does not halve it.
  double spike[40];
  for (int k = 0; k < 40; k++) spike[k] = 1.0;
  spike[5] = 0.0;
  CHECK(reach_ld_halving_batch(spike, 40) == -1, "one batch at 0 among 1s: %d (−1)",
        reach_ld_halving_batch(spike, 40));
  double neg[10] = {-1, -0.2, -0.1, 0, 0, 0, 0, 0, 0, 0};
  CHECK(reach_ld_halving_batch(neg, 10) == -1, "negative batch 0: −1 (sign it first)");
}

static void test_counter_clockwise(void) {
  // FF2 in the opposite field: its LD is signed by its own field, as report does.
  double nf[20] = {0}, ff1[100], ff2[100];
  for (int k = 0; k < 100; k++) ff1[k] = 0.03 * exp(-k / 40.0), ff2[k] = -0.02 * exp(-k / 20.0);
  const double *ld[4] = {nf, ff1, nf, ff2};
  const int n[4] = {20, 100, 20, 100};
  const double field[4] = {0, 8, 0, -8};
  reach_savings_compare c;
  reach_savings_compare_compute(ld, n, field, &c);
  CHECK(c.sign_ff2 == -1 && fabs(c.ff2_ld0 - 0.02) < 1e-15,
        "counter-clockwise FF2: sign %.0f, batch-0 LD %+.4f m (+0.0200)", c.sign_ff2, c.ff2_ld0);
  CHECK(c.rates_ok && fabs(c.rate_ratio - 2.0) < 0.01,
        "FF2 decays twice as fast: rate ratio %.4f (2)", c.rate_ratio);
  CHECK(c.ff1_halving == 28 && c.ff2_halving == 14,
        "halving batches FF1 %d (40 ln 2 = 27.7 → 28), FF2 %d (13.9 → 14)", c.ff1_halving,
        c.ff2_halving);
  // FF2 not started: nothing about it, nothing fitted.
  const int n0[4] = {20, 100, 20, 0};
  reach_savings_compare_compute(ld, n0, field, &c);
  CHECK(isnan(c.ff2_ld0) && c.ff2_halving == -1 && !c.rates_ok && isnan(c.rate_ratio) &&
            c.ff1_halving > 0,
        "FF2 not started: ld0 %g, halving %d, rates %d; FF1 halving %d", c.ff2_ld0, c.ff2_halving,
        c.rates_ok, c.ff1_halving);
}

// A rotation pair compared on its direction error (degrees): a +30° (counter-clockwise) rotation
// reads about −30°, signed positive by reach_compare's sign; the measures are the LD comparison's
// on the same curve in another unit (halving batch exact, rates within the fit's tolerance); NaN
// (a file from before the direction-error log) leaves them unknown.
static void test_direction(void) {
  double nf[20] = {0}, d1[100], d2[100], l1[100], l2[100];
  for (int k = 0; k < 100; k++) {
    d1[k] = -30.0 * exp(-k / 40.0), d2[k] = -18.0 * exp(-k / 20.0);
    l1[k] = d1[k] / 1000.0, l2[k] = d2[k] / 1000.0;  // the same curves, "in m"
  }
  const int n[4] = {20, 100, 20, 100};
  const double sign[4] = {0, -1, 0, -1}, field[4] = {0, -8, 0, -8};
  const double *deg[4] = {nf, d1, nf, d2}, *ld[4] = {nf, l1, nf, l2};
  reach_savings_compare c, l;
  reach_savings_compare_direction(deg, n, sign, &c);
  reach_savings_compare_compute(ld, n, field, &l);
  CHECK(c.measure == REACH_COMPARE_DIRECTION && l.measure == REACH_COMPARE_LD,
        "measure: direction %d (1), LD %d (0)", (int)c.measure, (int)l.measure);
  CHECK(c.ff1_ld0 == 30.0 && c.ff2_ld0 == 18.0 && c.sign_ff1 == -1.0,
        "batch-0 error signed: %+.2f° and %+.2f° (+30, +18), sign %.0f", c.ff1_ld0, c.ff2_ld0,
        c.sign_ff1);
  CHECK(c.ff1_halving == 28 && c.ff2_halving == 14 && c.ff1_halving == l.ff1_halving &&
            c.ff2_halving == l.ff2_halving,
        "halving batches %d/%d (28/14; as on the curve in m: %d/%d)", c.ff1_halving, c.ff2_halving,
        l.ff1_halving, l.ff2_halving);
  CHECK(c.rates_ok && fabs(c.rate_ratio - 2.0) < 0.01 && fabs(c.rate_ratio - l.rate_ratio) < 1e-6,
        "rate ratio %.6f in degrees, %.6f in m (2; unit-free to 1e-6)", c.rate_ratio, l.rate_ratio);
  double old[100];
  for (int k = 0; k < 100; k++) old[k] = NAN;
  const double *none[4] = {nf, old, nf, d2};
  reach_savings_compare_direction(none, n, sign, &c);
  CHECK(isnan(c.ff1_ld0) && c.ff1_halving == -1 && !c.rates_ok && isnan(c.rate_ratio) &&
            c.ff2_ld0 == 18.0,
        "first phase unlogged (NaN): ld0 %g, halving %d, rates %d; second's ld0 %.1f°", c.ff1_ld0,
        c.ff1_halving, c.rates_ok, c.ff2_ld0);
  // which measure a protocol's pair is read in
  reach_phase ph[4] = {{.name = "NF1"},
                       {.name = "VMR1", .kind = REACH_PHASE_ROTATION, .angle_deg = 30},
                       {.name = "NF2"},
                       {.name = "VMR2", .kind = REACH_PHASE_ROTATION, .angle_deg = 30}};
  reach_compare pair;
  reach_error err = {0};
  CHECK(reach_compare_choose(ph, 4, NULL, &pair, &err) == REACH_OK &&
            reach_compare_measure_of(ph, &pair) == REACH_COMPARE_DIRECTION &&
            pair.sign_first == -1.0,
        "rotation pair %d/%d: measure %d (direction 1), sign %+.0f (−1)", pair.first, pair.second,
        (int)reach_compare_measure_of(ph, &pair), pair.sign_first);
  ph[1] = (reach_phase){.name = "FF1", .kind = REACH_PHASE_CURL, .gain = 8};
  ph[3] = (reach_phase){.name = "FF2", .kind = REACH_PHASE_CURL, .gain = 8};
  CHECK(reach_compare_choose(ph, 4, NULL, &pair, &err) == REACH_OK &&
            reach_compare_measure_of(ph, &pair) == REACH_COMPARE_LD,
        "curl pair: measure %d (LD 0)", (int)reach_compare_measure_of(ph, &pair));
}

static void test_bundled(const char *path) {
  reach_report_network x;
  reach_error err = {0};
  if (reach_report_network_load(path, 0, &x, NULL, NULL, &err) != REACH_OK) {
    CHECK(0, "load %s: %s", path, err.msg);
    return;
  }
  const double *ld[4] = {x.ld[0], x.ld[1], x.ld[2], x.ld[3]};
  reach_savings_compare c;
  reach_savings_compare_compute(ld, x.n, x.field, &c);
  CHECK(c.n_ff1 == x.n[1] && c.n_ff2 == x.n[3] && c.rate_batches == x.n[3],
        "bundled: %d FF1 and %d FF2 batches, rates over %d", c.n_ff1, c.n_ff2, c.rate_batches);
  CHECK(c.ff1_ld0 == x.m.ff1_ld0 && c.ff2_ld0 == x.m.ff2_ld0,
        "batch-0 LD as report: FF1 %.3f mm (%.3f), FF2 %.3f mm (%.3f)", 1e3 * c.ff1_ld0,
        1e3 * x.m.ff1_ld0, 1e3 * c.ff2_ld0, 1e3 * x.m.ff2_ld0);
  CHECK(c.ff1_rate == x.m.ff1_rate.rate && c.ff2_rate == x.m.ff2_rate.rate && c.rates_ok,
        "rates as report: FF1 %.5f (%.5f), FF2 %.5f (%.5f) per block; FF2/FF1 %.3f", c.ff1_rate,
        x.m.ff1_rate.rate, c.ff2_rate, x.m.ff2_rate.rate, c.rate_ratio);
  CHECK(
      c.ff1_halving > 0 && c.ff2_halving > 0 && c.ff1_halving < c.n_ff1 && c.ff2_halving < c.n_ff2,
      "halving batches: FF1 %d, FF2 %d (of %d)", c.ff1_halving, c.ff2_halving, c.n_ff2);
  // The halving batch is where the smoothed signed curve first reaches half its batch 0.
  const int h = c.ff1_halving;
  double s = 0;
  int m = 0;
  for (int k = h < 2 ? 0 : h - 2; k <= h + 2; k++) s += x.lds[1][k], m++;
  CHECK(s / m <= 0.5 * x.m.ff1_ld0, "FF1 mean of batches %d±2: %.3f mm ≤ half of %.3f mm", h,
        1e3 * s / m, 1e3 * x.m.ff1_ld0);
  reach_report_network_free(&x);
}

static void test_from_phase(const char *path) {
  reach_savings *src = NULL, *e = NULL;
  reach_error err = {0};
  if (reach_savings_load(path, &src, &err) != REACH_OK) {
    CHECK(0, "load %s: %s", path, err.msg);
    return;
  }
  const reach_config *c = reach_savings_config(src);
  size_t np = 0;
  reach_savings_params(src, &np);
  // From FF1: the NF1-final weights, NF1's log as the file has it, nothing of FF1 yet.
  CHECK(reach_savings_from_phase(src, REACH_STAGE_FF1, &e, &err) == REACH_OK, "from FF1: %s",
        err.msg);
  if (e) {
    const double *p = reach_savings_params(e, NULL), *nf1 = reach_savings_snapshot(src, 0);
    const double *a, *b, *f;
    int n_nf1 = reach_savings_ld(e, 0, &a, NULL), n_src = reach_savings_ld(src, 0, &b, NULL);
    CHECK(reach_savings_stage(e) == REACH_STAGE_FF1 && reach_savings_batch(e) == 0 &&
              reach_savings_ld(e, 1, &f, NULL) == 0,
          "stage %d (FF1 = 1), batch %d, FF1 batches logged %d", (int)reach_savings_stage(e),
          reach_savings_batch(e), reach_savings_ld(e, 1, &f, NULL));
    CHECK(memcmp(p, nf1, np * sizeof *p) == 0, "weights = the file's NF1-final snapshot (%zu)", np);
    CHECK(n_nf1 == n_src && memcmp(a, b, (size_t)n_nf1 * sizeof *a) == 0,
          "NF1 log copied: %d batches, equal", n_nf1);
    CHECK(reach_savings_snapshot(e, REACH_STAGE_NF1) && !reach_savings_snapshot(e, REACH_STAGE_FF1),
          "snapshots: NF1's kept, FF1's not yet");
    // Batch 0 is the NF1-final network meeting the field: the file's FF1 batch 0 up to the
    // evaluation noise (another stream position), i.e. within a few per cent.
    reach_error e2 = {0};
    CHECK(reach_savings_step(e, &e2) == REACH_OK, "one FF1 batch: %s", e2.msg);
    reach_savings_ld(src, 1, &b, NULL);
    reach_savings_ld(e, 1, &a, NULL);
    CHECK(fabs(a[0] - b[0]) < 0.05 * fabs(b[0]), "FF1 batch-0 LD %.3f mm vs the file's %.3f mm",
          1e3 * a[0], 1e3 * b[0]);
    reach_savings_free(e);
    e = NULL;
  }
  // From NF1 the streams are the seed's (the bundle predates rng_grown_up): the same network
  // meeting the same null field, so NF1's batch 0 within noise of the file's.
  CHECK(reach_savings_from_phase(src, REACH_STAGE_NF1, &e, &err) == REACH_OK, "from NF1: %s",
        err.msg);
  if (e) {
    reach_savings_step(e, &err);
    const double *a, *b;
    reach_savings_ld(e, 0, &a, NULL);
    reach_savings_ld(src, 0, &b, NULL);
    CHECK(fabs(a[0] - b[0]) < 1e-3, "NF1 batch-0 LD %.3f mm vs the file's %.3f mm (< 1 mm apart)",
          1e3 * a[0], 1e3 * b[0]);
    reach_savings_free(e);
    e = NULL;
  }
  // A run that has not grown up has no phase to start from.
  reach_savings *fresh = NULL;
  if (reach_savings_create(c, &fresh, &err) == REACH_OK) {
    CHECK(reach_savings_from_phase(fresh, REACH_STAGE_FF2, &e, &err) == REACH_ERR_USAGE && !e,
          "fresh run from FF2 refused: %s", err.msg);
    CHECK(reach_savings_from_phase(fresh, (reach_stage)7, &e, &err) == REACH_ERR_USAGE,
          "phase 7 refused: %s", err.msg);
    reach_savings_free(fresh);
  }
  reach_savings_free(src);
}

// A run that kept its streams at the end of growing up replays its NF1 bit for bit.
static void test_replay_nf1(void) {
  reach_config c;
  reach_config_default(&c);
  c.units = 8;
  c.grow_batches = 5;
  const int pb[4] = {10, 15, 10, 15};
  for (int p = 0; p < 4; p++) c.phase_batches[p] = pb[p];
  reach_savings *src = NULL, *e = NULL;
  reach_error err = {0};
  if (reach_savings_create(&c, &src, &err) != REACH_OK) {
    CHECK(0, "tiny run: %s", err.msg);
    return;
  }
  while (reach_savings_stage(src) != REACH_STAGE_DONE && reach_savings_step(src, &err) == REACH_OK)
    ;
  CHECK(reach_savings_from_phase(src, REACH_STAGE_NF1, &e, &err) == REACH_OK, "tiny from NF1: %s",
        err.msg);
  if (!e) {
    reach_savings_free(src);
    return;
  }
  for (int k = 0; k < 10 + 15; k++) reach_savings_step(e, &err);
  const double *a, *b;
  int same = 1;
  for (int p = 0; p < 2; p++) {
    int n = reach_savings_ld(e, p, &a, NULL);
    reach_savings_ld(src, p, &b, NULL);
    same = same && n == pb[p] && memcmp(a, b, (size_t)n * sizeof *a) == 0;
  }
  CHECK(same, "tiny run replayed from NF1: NF1 and FF1 logs bit-identical (FF1 last %.6f mm)",
        1e3 * a[14]);
  reach_savings_free(e);
  reach_savings_free(src);
}

int main(int argc, char **argv) {
  test_halving();
  test_counter_clockwise();
  test_direction();
  test_replay_nf1();
  if (argc > 1) test_bundled(argv[1]);
  if (argc > 1) test_from_phase(argv[1]);
  return reach_test_finish("savings-compare");
}
