// SPDX-License-Identifier: GPL-3.0-or-later
// The savings summary across networks (R1-R4, R6) on 5 hand-made networks whose statistics
// were computed independently (t by /usr/bin/python3's statistics module: mean / (stdev/√n);
// probabilities counted by hand), and measures read from a real network file written by a tiny
// in-process run equal those computed from the same run's logs in memory.
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "study/savings_report.h"
#include "harness.h"
#include "study/savings.h"

static void test_summary(void) {
  const double ff1[5] = {30, 32, 34, 36, 38}, ff2[5] = {25, 28, 35, 30, 33};
  const double r1[5] = {.01, .02, .03, .04, .05}, r2[5] = {.02, .03, .02, .06, .07};
  const double nf1[5] = {.4, .5, .45, .42, .48}, dw[5] = {.1, -.1, .05, .1, .05};
  const double ae[5] = {-10, -12, -9, -11, -13};
  reach_savings_measures m[5];
  memset(m, 0, sizeof m);
  for (int i = 0; i < 5; i++) {
    m[i].ff1_ld0 = ff1[i], m[i].ff2_ld0 = ff2[i];
    m[i].ff1_rate.rate = r1[i], m[i].ff2_rate.rate = r2[i];
    m[i].nf1_final = nf1[i], m[i].nf2_final = nf1[i] + dw[i];
    m[i].after_effect = ae[i];
  }
  reach_rng rng;
  reach_rng_init(&rng, 1);
  reach_savings_summary s;
  reach_error err = {0};
  CHECK(reach_savings_summarise(m, 5, 500, &rng, &s, &err) == REACH_OK, "summary ok %s", err.msg);
  CHECK_NEAR(s.init.t, 3.062127263296445, 1e-12, "R1 t (FF1 − FF2 batch-0 LD; python 3.0621)");
  CHECK_NEAR(s.init.df, 4, 0, "R1 df");
  CHECK_NEAR(s.rate.t, 1.825741858350554, 1e-9, "R2 t (FF2 − FF1 rate; python 1.8257)");
  CHECK_NEAR(s.washout.t, 1.0886621079036347, 1e-9, "R3 t (NF2 − NF1 final; python 1.0887)");
  CHECK_NEAR(s.washout_abs_mean, 0.08, 1e-12, "R3 mean |NF2 − NF1| (hand: 0.4/5)");
  CHECK_NEAR(s.after.t, -15.556349186104045, 1e-9, "R4 t (NF2 batch 0 vs 0; python -15.556)");
  CHECK_NEAR(s.ff1_ld0_mean, 34, 1e-12, "mean FF1 batch-0 LD");
  CHECK_NEAR(s.p_init.p, 0.8, 1e-15, "R6 paired init: 4 of 5 (network 3: 35 > 34)");
  CHECK_NEAR(s.p_rate.p, 0.8, 1e-15, "R6 paired rate: 4 of 5");
  CHECK_NEAR(s.p_init_cross.p, 19.0 / 25.0, 1e-15, "R6 cross init: 2+3+4+5+5 of 25 pairs");
  CHECK(s.p_init.lo <= 0.8 && s.p_init.hi >= 0.8, "paired CI [%.2f, %.2f]", s.p_init.lo,
        s.p_init.hi);
  // A NaN network (a stopped run) drops out of the pairs.
  m[2].ff2_ld0 = NAN;
  CHECK(reach_savings_summarise(m, 5, 100, &rng, &s, &err) == REACH_OK && s.init.n == 4 &&
            s.p_init.pairs == 4 && s.p_init.p == 1.0,
        "NaN network dropped: n %d, pairs %d, p %.2f", s.init.n, s.p_init.pairs, s.p_init.p);
  CHECK(reach_savings_summarise(m, 1, 100, &rng, &s, &err) == REACH_ERR_RANGE, "1 network: %s",
        err.msg);
  reach_rng_free(&rng);
}

static void test_from_file(void) {
  reach_config c;
  reach_config_default(&c);
  c.units = 8;
  c.grow_batches = 5;
  const int pb[4] = {10, 15, 10, 15};
  for (int p = 0; p < 4; p++) c.phase_batches[p] = pb[p];
  c.checkpoint_every = 0;
  reach_error err = {0};
  reach_savings *e = NULL;
  if (reach_savings_create(&c, &e, &err)) {
    CHECK(0, "create a tiny experiment: %s", err.msg);
    return;
  }
  while (reach_savings_stage(e) != REACH_STAGE_DONE)
    if (reach_savings_step(e, &err)) break;
  CHECK(reach_savings_stage(e) == REACH_STAGE_DONE, "tiny run finished %s", err.msg);
  char dir[] = "/tmp/reach-report-XXXXXX", path[64];
  if (!mkdtemp(dir)) return;
  snprintf(path, sizeof path, "%s/network-0000.h5", dir);
  CHECK(reach_savings_save(e, path, &err) == REACH_OK, "saved %s %s", path, err.msg);
  const double *ld[4];
  int n[4];
  for (int p = 0; p < 4; p++) n[p] = reach_savings_ld(e, p, &ld[p], NULL);
  CHECK(n[0] == 10 && n[1] == 15, "logged %d, %d, %d, %d batches", n[0], n[1], n[2], n[3]);
  reach_savings_measures a, b;
  // FF1's first block may be negative in so short a run: the paper form and the code form
  // both need a positive start, so compare the LD measures and the fit status, not the rate.
  reach_status sa = reach_savings_measures_compute(ld, n, 1, REACH_RATE_CODE, &a, &err);
  reach_status sb = reach_savings_measures_from_file(path, 1, REACH_RATE_CODE, &b, &err);
  CHECK(sa == sb, "same status from memory and file (%d, %d) %s", sa, sb, err.msg);
  CHECK(a.ff1_ld0 == b.ff1_ld0 && a.ff2_ld0 == b.ff2_ld0 && a.after_effect == b.after_effect,
        "file = memory: FF1 %.6f, FF2 %.6f, after-effect %.6f mm", 1e3 * b.ff1_ld0, 1e3 * b.ff2_ld0,
        1e3 * b.after_effect);
  if (sa == REACH_OK)
    CHECK(a.ff1_rate.rate == b.ff1_rate.rate, "rate from file %.6g = memory %.6g", b.ff1_rate.rate,
          a.ff1_rate.rate);
  CHECK(reach_savings_measures_from_file("/nonexistent/x.h5", 1, REACH_RATE_CODE, &b, &err) !=
            REACH_OK,
        "missing file: %s", err.msg);
  unlink(path);
  rmdir(dir);
  reach_savings_free(e);
}

// Two runs on the same seeds (a cued protocol against its uncued control): matched by seed, not
// by position; a network without a partner is left out. t by python's statistics module.
static void test_runs_paired(void) {
  reach_report_network a[5], b[5];
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  const double a2[5] = {10, 11, 12, 13, 14}, a1[5] = {20, 20.5, 21, 22, 23};
  for (int i = 0; i < 5; i++)
    a[i].seed = (uint64_t)i, a[i].m.ff2_ld0 = a2[i], a[i].m.ff1_ld0 = a1[i];
  // b holds seeds 4, 3, 2, 1 and 9 (no seed 0): FF2 differences a - b for seeds 1..4 are
  // 1, 1.5, 1, 2 and FF1's 0.5, -0.25, 1, 0.25.
  const uint64_t bs[5] = {4, 3, 2, 1, 9};
  const double b2[5] = {12, 12, 10.5, 10, 99}, b1[5] = {22.75, 21, 21.25, 20, 0};
  for (int j = 0; j < 5; j++) b[j].seed = bs[j], b[j].m.ff2_ld0 = b2[j], b[j].m.ff1_ld0 = b1[j];
  for (int i = 0; i < 5; i++) {
    a[i].m.ff2_rate.rate = 0.01 * i, b[i].m.ff2_rate.rate = (double)NAN;
    // projections: a's seed i at FF2's end is b's of the same seed + 0.5 (b's seed j holds j / 4;
    // quarters, so that every difference is exactly 0.5)
    a[i].us_proj[3] = 0.25 * i + 0.5, b[i].us_proj[3] = 0.25 * (double)bs[i];
  }
  reach_runs_paired r;
  reach_error err = {0};
  const reach_status st = reach_report_runs_paired(a, 5, b, 5, &r, &err);
  CHECK(st == REACH_OK && r.pairs == 4, "4 of 5 networks pair up by seed (%d; %s)", r.pairs,
        st ? err.msg : "ok");
  CHECK_NEAR(r.ff2_ld0.t, 5.744562646538029, 1e-12, "FF2 batch-0 a - b t (python 5.7446)");
  CHECK_NEAR(r.ff2_ld0.mean, 1.375, 1e-12, "FF2 mean difference");
  CHECK_NEAR(r.ff1_ld0.t, 1.4411533842457842, 1e-12, "FF1 batch-0 a - b t (python 1.4412)");
  CHECK(!r.ok_rate && isnan(r.ff2_rate.t), "rates NaN on one side: not computable, flagged");
  CHECK(!r.ok_us && isnan(r.us_ff2.t),
        "uniform-shift projections differing by a constant 0.5 in every pair (sd 0): flagged");
  b[0].us_proj[3] += 0.25;  // seed 4: the difference is 0.25 instead of 0.5
  reach_report_runs_paired(a, 5, b, 5, &r, &err);
  CHECK(r.ok_us && fabs(r.us_ff2.mean - 0.4375) < 1e-12 && r.us_ff2.n == 4,
        "projection differences 0.5, 0.5, 0.5, 0.25 by seed: mean %.4f (want 0.4375), n %d",
        r.us_ff2.mean, r.us_ff2.n);
  CHECK(reach_report_runs_paired(a + 1, 1, b, 5, &r, &err) == REACH_ERR_RANGE && r.pairs == 1,
        "one network: refused (%s)", err.msg);
}

int main(void) {
  test_summary();
  test_runs_paired();
  test_from_file();
  return reach_test_finish("savings-report");
}
