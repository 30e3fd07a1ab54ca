// SPDX-License-Identifier: GPL-3.0-or-later
// The arm's ISA paths (plant/arm_kernels.c) against each other, its sin/cos against libm, and the
// current arm against the previous implementation (bench/arm_prev.c, commit 52d414b).
//
// 1. sincos.h: within 1 ulp of libm (which is itself within 1 ulp of the truth) on the joint
//    range and far beyond, |error| ≤ 2^-53 absolute everywhere, libm's own values past the range.
// 2. Every available path (portable, AVX2, AVX-512) forced in turn, forward and adjoint, on random
//    states, excitations, loads and output adjoints (inside and outside every clamp and joint
//    limit, both Hill branches, activation on both sides of 0.3, one angle past the sincos range
//    so the scalar fix-up runs), at batch sizes that fill no chunk, one chunk and one and a bit:
//    the outputs must be bit-identical to the portable path's. In place (out = s, bar_in =
//    bar_out) must equal out of place. (With the argument "mutant", the build whose plant has
//    -ffp-contract=fast must fail this: proof that the comparison can fail.) The batched fingertip
//    and its adjoint likewise, and against the one-arm functions.
// 3. Against the previous implementation: the forward on the MotorNet reference inputs (how many
//    states are bit-identical, the largest difference), and the adjoint of one step on the random
//    states (relative to the largest entry of the row, bound 1e-12: both are the exact derivative
//    of nearly the same forward, rounded differently).
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arm_prev.h"
#include "harness.h"
#include "plant/sincos.h"
#include "reach.h"

static double ulp_of(double x) {
  double a = fabs(x);
  return nextafter(a, INFINITY) - a;
}

static void check_sincos(gsl_rng *rng) {
  enum { N = 400000 };
  double worst_ulp = 0.0, worst_abs = 0.0, at = 0.0;
  for (int k = 0; k < N; k++) {
    double x;
    if (k < N / 2)
      x = -0.5 + 3.5 * k / (N / 2 - 1);  // the joint range [0, 2.71] and a margin
    else if (k < 3 * N / 4)
      x = gsl_ran_flat(rng, -100.0, 100.0);
    else
      x = gsl_ran_flat(rng, -REACH_SINCOS_MAX, REACH_SINCOS_MAX);
    double s, c;
    reach_sincos(x, &s, &c);
    double es = fabs(s - sin(x)), ec = fabs(c - cos(x));
    // ulps only where the value is not tiny (near a zero, the absolute bound is the measure)
    double us = fabs(sin(x)) > 1e-3 ? es / ulp_of(sin(x)) : 0.0;
    double uc = fabs(cos(x)) > 1e-3 ? ec / ulp_of(cos(x)) : 0.0;
    if (fmax(us, uc) > worst_ulp) worst_ulp = fmax(us, uc), at = x;
    worst_abs = fmax(worst_abs, fmax(es, ec));
  }
  CHECK(worst_ulp <= 1.0, "sincos vs libm on %d points in [-%g, %g]: worst %.2f ulp (at x = %.6f)",
        N, REACH_SINCOS_MAX, REACH_SINCOS_MAX, worst_ulp, at);
  CHECK(worst_abs <= 0x1p-53, "sincos vs libm: worst absolute difference %.2e ≤ 2^-53", worst_abs);
  int same = 0, exact_pts = 0;
  const double special[] = {0.0, 1e-300, -1e-8, 1e6, -3e9, 1e300};
  for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
    double s, c;
    reach_sincos(special[i], &s, &c);
    exact_pts++;
    if (fabs(special[i]) > REACH_SINCOS_MAX) {
      same += s == sin(special[i]) && c == cos(special[i]);
    } else {
      same += fabs(s - sin(special[i])) <= ulp_of(sin(special[i])) &&
              fabs(c - cos(special[i])) <= ulp_of(cos(special[i]));
    }
  }
  CHECK(same == exact_pts, "sincos at 0, tiny, and past the range (libm's values): %d of %d", same,
        exact_pts);
  double s, c;
  reach_sincos(NAN, &s, &c);
  CHECK(isnan(s) && isnan(c), "sincos(NaN) is NaN");
}

// A random batch: states, excitations, loads and output adjoints.
typedef struct batch {
  int n;
  reach_arm_state s;
  reach_arm_adjoint bar;
  double *u, *fe;
} batch;

static void batch_random(batch *b, int n, const reach_arm_model *m, gsl_rng *rng) {
  b->n = n;
  reach_arm_state_init(&b->s, n);
  reach_arm_adjoint_init(&b->bar, n);
  b->u = malloc((size_t)REACH_NMUSCLE * n * sizeof *b->u);
  b->fe = malloc((size_t)2 * n * sizeof *b->fe);
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < 2; j++) {
      double q = gsl_ran_flat(rng, m->q_lo[j] - 0.2, m->q_hi[j] + 0.2);
      if (i % 5 == 1) q = j ? m->q_hi[1] : m->q_lo[0];  // on a limit
      b->s.q[j * n + i] = q;
      b->s.qd[j * n + i] = gsl_ran_gaussian(rng, i % 7 == 3 ? 2000.0 : 3.0);
      b->fe[j * n + i] = gsl_ran_gaussian(rng, 20.0);
      b->bar.q[j * n + i] = gsl_ran_gaussian(rng, 1.0);
      b->bar.qd[j * n + i] = gsl_ran_gaussian(rng, 1.0);
    }
    for (int k = 0; k < REACH_NMUSCLE; k++) {
      int j = k * n + i;
      b->s.act[j] = gsl_ran_flat(rng, -0.05, 1.05);
      b->s.force[j] = gsl_ran_flat(rng, -0.1, 1.5) * m->fmax[k];
      b->u[j] = gsl_ran_flat(rng, -0.1, 1.1);
      if (i % 4 == 2) b->u[j] = b->s.act[j];  // neither rising nor falling
      b->bar.act[j] = gsl_ran_gaussian(rng, 1.0);
      b->bar.force[j] = gsl_ran_gaussian(rng, 1e-3);
      b->bar.mlen[j] = gsl_ran_gaussian(rng, 1.0);
      b->bar.mvel[j] = gsl_ran_gaussian(rng, 1.0);
    }
  }
  if (n > 3) b->s.q[2] = 1e6;  // past the sincos range: the scalar fix-up
}

static void batch_free(batch *b) {
  reach_arm_state_free(&b->s);
  reach_arm_adjoint_free(&b->bar);
  free(b->u);
  free(b->fe);
}

// Forward and adjoint of one path into out (state) and bin, ub, feb (adjoint).
static void run_path(int isa, const reach_arm_model *m, const batch *b, reach_arm_state *out,
                     reach_arm_adjoint *bin, double *ub, double *feb) {
  if (isa < 0) {
    arm_prev_step(m, &b->s, b->u, b->fe, out);
    arm_prev_step_vjp(m, &b->s, b->u, b->fe, &b->bar, bin, ub, feb);
  } else {
    reach_arm_step_isa((reach_arm_isa)isa, m, &b->s, b->u, b->fe, out);
    reach_arm_step_vjp_isa((reach_arm_isa)isa, m, &b->s, b->u, b->fe, &b->bar, bin, ub, feb);
  }
}

// Returns how many (batch, path) comparisons were not bit-identical; with mutant set, only counts.
static int check_paths(const reach_arm_model *m, gsl_rng *rng, int mutant) {
  const int sizes[] = {1, 7, 32, 45, 96};
  int navail = 0;
  for (int isa = 0; isa < REACH_ARM_ISA_COUNT; isa++) {
    if (!reach_arm_isa_available((reach_arm_isa)isa)) {
      printf("  path %-8s not available on this CPU: not compared\n",
             reach_arm_isa_name((reach_arm_isa)isa));
      continue;
    }
    navail++;
  }
  double worst_prev = 0.0;
  size_t prev_same = 0, prev_total = 0;
  int differ = 0;
  for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
    int n = sizes[si];
    batch b;
    batch_random(&b, n, m, rng);
    const size_t ns = (size_t)n * REACH_ARM_STATE_ROWS, na = (size_t)n * REACH_ARM_ADJOINT_ROWS,
                 nu = (size_t)n * REACH_NMUSCLE;
    reach_arm_state ref, out;
    reach_arm_adjoint rbin, bin;
    double *rub = malloc(nu * sizeof *rub), *ub = malloc(nu * sizeof *ub);
    double *rfeb = malloc(2 * (size_t)n * sizeof *rfeb), *feb = malloc(2 * (size_t)n * sizeof *feb);
    reach_arm_state_init(&ref, n);
    reach_arm_state_init(&out, n);
    reach_arm_adjoint_init(&rbin, n);
    reach_arm_adjoint_init(&bin, n);
    run_path(REACH_ARM_ISA_PORTABLE, m, &b, &ref, &rbin, rub, rfeb);
    for (int isa = 0; isa < REACH_ARM_ISA_COUNT; isa++) {
      if (!reach_arm_isa_available((reach_arm_isa)isa)) continue;
      run_path(isa, m, &b, &out, &bin, ub, feb);
      int fwd = memcmp(out.block, ref.block, ns * sizeof(double)) == 0;
      int adj = memcmp(bin.block, rbin.block, na * sizeof(double)) == 0 &&
                memcmp(ub, rub, nu * sizeof(double)) == 0 &&
                memcmp(feb, rfeb, 2 * (size_t)n * sizeof(double)) == 0;
      differ += !(fwd && adj);
      if (mutant) {
        printf("  batch %3d, path %-8s: forward %s, adjoint %s\n", n,
               reach_arm_isa_name((reach_arm_isa)isa), fwd ? "identical" : "differs",
               adj ? "identical" : "differs");
        continue;
      }
      CHECK(fwd && adj,
            "batch %3d, path %-8s: forward (%zu doubles) %s, adjoint (%zu) %s the "
            "portable path's",
            n, reach_arm_isa_name((reach_arm_isa)isa), ns,
            fwd ? "bit-identical to" : "DIFFERS from", na + nu + 2 * (size_t)n,
            adj ? "bit-identical to" : "DIFFERS from");
      // in place: out = s, bar_in = bar_out
      reach_arm_state sp;
      reach_arm_adjoint bp;
      reach_arm_state_init(&sp, n);
      reach_arm_adjoint_init(&bp, n);
      reach_arm_state_copy(&sp, &b.s);
      memcpy(bp.block, b.bar.block, na * sizeof(double));
      reach_arm_step_vjp_isa((reach_arm_isa)isa, m, &sp, b.u, b.fe, &bp, &bp, ub, feb);
      reach_arm_step_isa((reach_arm_isa)isa, m, &sp, b.u, b.fe, &sp);
      CHECK(memcmp(sp.block, ref.block, ns * sizeof(double)) == 0 &&
                memcmp(bp.block, rbin.block, na * sizeof(double)) == 0,
            "batch %3d, path %-8s: in place equals out of place, forward and adjoint", n,
            reach_arm_isa_name((reach_arm_isa)isa));
      reach_arm_state_free(&sp);
      reach_arm_adjoint_free(&bp);
    }
    // the previous implementation's adjoint, on the arms whose angles are in the sincos range
    run_path(-1, m, &b, &out, &bin, ub, feb);
    for (int i = 0; i < n; i++) {
      if (n > 3 && i == 2) continue;  // the 1e6 rad lane
      double scale = 0.0;
      for (int r = 0; r < REACH_ARM_ADJOINT_ROWS; r++)
        scale = fmax(scale, fabs(rbin.block[(size_t)r * n + i]));
      for (int k = 0; k < REACH_NMUSCLE; k++) scale = fmax(scale, fabs(rub[k * n + i]));
      for (int r = 0; r < REACH_ARM_ADJOINT_ROWS; r++) {
        double x = bin.block[(size_t)r * n + i], y = rbin.block[(size_t)r * n + i];
        prev_same += memcmp(&x, &y, sizeof x) == 0;
        prev_total++;
        worst_prev = fmax(worst_prev, fabs(x - y) / scale);
      }
      for (int k = 0; k < REACH_NMUSCLE; k++) {
        double x = ub[k * n + i], y = rub[k * n + i];
        prev_same += memcmp(&x, &y, sizeof x) == 0;
        prev_total++;
        worst_prev = fmax(worst_prev, fabs(x - y) / scale);
      }
    }
    free(rub);
    free(ub);
    free(rfeb);
    free(feb);
    reach_arm_state_free(&ref);
    reach_arm_state_free(&out);
    reach_arm_adjoint_free(&rbin);
    reach_arm_adjoint_free(&bin);
    batch_free(&b);
  }
  if (mutant) return differ;
  CHECK(navail >= 1, "%d path(s) compared; the default path is %s", navail,
        reach_arm_isa_name(reach_arm_isa_best()));
  CHECK(worst_prev <= 1e-12,
        "adjoint vs the previous implementation on the random states: %zu of "
        "%zu values bit-identical, worst difference %.2e of the row's largest entry (≤ 1e-12)",
        prev_same, prev_total, worst_prev);
  return differ;
}

// The batched fingertip and its adjoint, every path, against the one-arm functions (which the
// field, the tasks and the app call): bit-identical, with either pull-back input absent.
static void check_fingertip(const reach_arm_model *m, gsl_rng *rng) {
  const int n = 45;
  batch b;
  batch_random(&b, n, m, rng);
  double *xy = malloc(2 * (size_t)n * sizeof *xy), *v = malloc(2 * (size_t)n * sizeof *v);
  double *xb = malloc(2 * (size_t)n * sizeof *xb), *vb = malloc(2 * (size_t)n * sizeof *vb);
  double *qb = malloc(2 * (size_t)n * sizeof *qb), *qdb = malloc(2 * (size_t)n * sizeof *qdb);
  for (int j = 0; j < 2 * n; j++) {
    xb[j] = gsl_ran_gaussian(rng, 1.0);
    vb[j] = gsl_ran_gaussian(rng, 1.0);
  }
  for (int isa = 0; isa < REACH_ARM_ISA_COUNT; isa++) {
    if (!reach_arm_isa_available((reach_arm_isa)isa)) continue;
    int fwd_same = 1, adj_same = 1;
    reach_arm_fingertip_batch_isa((reach_arm_isa)isa, m, &b.s, xy, v);
    for (int i = 0; i < n; i++) {
      double q[2] = {b.s.q[i], b.s.q[n + i]}, qd[2] = {b.s.qd[i], b.s.qd[n + i]}, p[2], w[2];
      reach_arm_fingertip(m, q, qd, p, w, NULL);
      fwd_same &= memcmp(&p[0], &xy[i], 8) == 0 && memcmp(&p[1], &xy[n + i], 8) == 0 &&
                  memcmp(&w[0], &v[i], 8) == 0 && memcmp(&w[1], &v[n + i], 8) == 0;
    }
    for (int which = 0; which < 3; which++) {
      const double *pxb = which == 1 ? NULL : xb, *pvb = which == 2 ? NULL : vb;
      for (int j = 0; j < 2 * n; j++) qb[j] = qdb[j] = 0.5;  // it adds
      reach_arm_fingertip_vjp_isa((reach_arm_isa)isa, m, &b.s, pxb, pvb, qb, qdb);
      for (int i = 0; i < n; i++) {
        double q[2] = {b.s.q[i], b.s.q[n + i]}, qd[2] = {b.s.qd[i], b.s.qd[n + i]};
        double pb[2] = {xb[i], xb[n + i]}, wb[2] = {vb[i], vb[n + i]};
        double rq[2] = {0.0, 0.0}, rqd[2] = {0.0, 0.0};
        reach_arm_fingertip_vjp1(m, q, qd, pxb ? pb : NULL, pvb ? wb : NULL, rq, rqd);
        for (int j = 0; j < 2; j++) {
          double eq = 0.5 + rq[j], eqd = 0.5 + rqd[j];
          adj_same &= memcmp(&eq, &qb[j * n + i], 8) == 0 && memcmp(&eqd, &qdb[j * n + i], 8) == 0;
        }
      }
    }
    CHECK(fwd_same && adj_same,
          "fingertip, batch %d, path %-8s: position and velocity %s, "
          "adjoint (position, velocity, both) %s the one-arm functions'",
          n, reach_arm_isa_name((reach_arm_isa)isa), fwd_same ? "bit-identical to" : "DIFFER from",
          adj_same ? "bit-identical to" : "DIFFERS from");
  }
  free(xy);
  free(v);
  free(xb);
  free(vb);
  free(qb);
  free(qdb);
  batch_free(&b);
}

// The forward on the MotorNet reference inputs, new (default path) vs previous.
static void check_reference_runs(const reach_arm_model *m) {
  const char *runs[] = {"seqA", "seqA_curlCW10", "seqA_curlCCW10", "seqB", "seqC_limit"};
  const double q0[2] = {1.046875, 1.5703125};
  reach_error err = {0};
  for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
    char path[512];
    snprintf(path, sizeof path, "%s/motornet-arm26/%s_inputs.csv", REACH_TEST_DATA, runs[r]);
    reach_table in;
    if (reach_table_read(path, 0, &in, &err) != REACH_OK) {
      CHECK(0, "read %s: %s", path, err.msg);
      continue;
    }
    int cu[REACH_NMUSCLE],
        cl[2] = {reach_table_column(&in, "load_x"), reach_table_column(&in, "load_y")};
    for (int i = 0; i < REACH_NMUSCLE; i++) {
      char name[64];
      snprintf(name, sizeof name, "u_%s", reach_muscle_names[i]);
      cu[i] = reach_table_column(&in, name);
    }
    reach_arm_state a, b;
    reach_arm_state_init(&a, 1);
    reach_arm_state_init(&b, 1);
    reach_arm_reset(m, &a, NULL, q0);
    reach_arm_reset(m, &b, NULL, q0);
    int same_steps = 0;
    double dq = 0.0, dqd = 0.0, df = 0.0;
    for (int k = 0; k < in.nrow; k++) {
      double u[REACH_NMUSCLE],
          fe[2] = {reach_table_at(&in, k, cl[0]), reach_table_at(&in, k, cl[1])};
      for (int i = 0; i < REACH_NMUSCLE; i++) u[i] = reach_table_at(&in, k, cu[i]);
      reach_arm_step(m, &a, u, fe, &a);
      arm_prev_step(m, &b, u, fe, &b);
      same_steps += memcmp(a.block, b.block, REACH_ARM_STATE_ROWS * sizeof(double)) == 0;
      for (int j = 0; j < 2; j++) {
        dq = fmax(dq, fabs(a.q[j] - b.q[j]));
        dqd = fmax(dqd, fabs(a.qd[j] - b.qd[j]));
      }
      for (int i = 0; i < REACH_NMUSCLE; i++) df = fmax(df, fabs(a.force[i] - b.force[i]));
    }
    CHECK(dq <= 1e-13 && dqd <= 1e-12 && df <= 1e-9,
          "%-15s new vs previous arm: %3d of %d states bit-identical; max |Δq| %.1e rad, |Δq̇| "
          "%.1e rad/s, |ΔF| %.1e N",
          runs[r], same_steps, in.nrow, dq, dqd, df);
    reach_arm_state_free(&a);
    reach_arm_state_free(&b);
    reach_table_free(&in);
  }
}

int main(int argc, char **argv) {
  reach_arm_model m;
  reach_arm_model_arm26(&m);
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng, 20261204);
  if (argc > 1 && strcmp(argv[1], "mutant") == 0) {
    // the plant built with -ffp-contract=fast: the FMA paths must now differ from the portable one
    int wide = reach_arm_isa_available(REACH_ARM_ISA_AVX2);
    int differ = check_paths(&m, rng, 1);
    if (wide)
      CHECK(differ > 0,
            "with contraction on, %d (batch, path) comparisons differ from the portable "
            "path: the comparison can fail",
            differ);
    else
      printf("  no FMA path on this CPU: nothing to compare (skipped)\n");
    gsl_rng_free(rng);
    return wide ? reach_test_finish("arm ISA paths (mutant: contraction on)") : 77;
  }
  check_sincos(rng);
  check_paths(&m, rng, 0);
  check_fingertip(&m, rng);
  check_reference_runs(&m);
  gsl_rng_free(rng);
  return reach_test_finish("arm ISA paths");
}
