// SPDX-License-Identifier: GPL-3.0-or-later
// bench/arm-step: nanoseconds per arm-step of the arm26 plant, forward and forward+backward, at
// batch 1, 32, 256 and 1024, for every ISA path the CPU has, with ratios against baselines
// measured in the same run:
//   - previous: the implementation before the per-ISA kernels (arm_prev.c), forward and adjoint;
//   - naive: a literal scalar C port of the NumPy reference (arm_naive.c), forward only;
//   - numpy: the NumPy reference itself (spec_check.py), batch 1, if python3-numpy is present.
// Numbers are reported, never asserted. Usage: bench-arm-step [--quick]
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arm_naive.h"
#include "arm_prev.h"
#include "reach.h"

enum { T = 100 };

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);  // CPU time: the machine is shared
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

// Excitations that keep changing, so the activation and Hill branches all get exercised.
static void fill_u(double *u, int batch, int k) {
  for (int i = 0; i < REACH_NMUSCLE; i++)
    for (int b = 0; b < batch; b++)
      u[i * batch + b] = 0.2 + 0.15 * sin(0.07 * k + 0.9 * i + 0.01 * b);
}

// One implementation of the step and its adjoint: the previous one (arm_prev.c) or a path of
// the current one.
typedef struct impl {
  const char *name;
  int isa;  // a reach_arm_isa, or -2 for the previous implementation
} impl;

static void impl_step(const impl *im, const reach_arm_model *m, const reach_arm_state *s,
                      const double *u, reach_arm_state *out) {
  if (im->isa == -2)
    arm_prev_step(m, s, u, NULL, out);
  else
    reach_arm_step_isa((reach_arm_isa)im->isa, m, s, u, NULL, out);
}

static void impl_vjp(const impl *im, const reach_arm_model *m, const reach_arm_state *s,
                     const double *u, reach_arm_adjoint *bar, double *ub) {
  if (im->isa == -2)
    arm_prev_step_vjp(m, s, u, NULL, bar, bar, ub, NULL);
  else
    reach_arm_step_vjp_isa((reach_arm_isa)im->isa, m, s, u, NULL, bar, bar, ub, NULL);
}

typedef struct timing {
  double fwd_ns, fwdbwd_ns;
} timing;

typedef struct bench {
  int batch;
  long reps;
  reach_arm_model m;
  reach_arm_state traj[T + 1], s;
  reach_arm_adjoint bar;
  double *u, *ub;
} bench;

static const double Q0[2] = {1.046875, 1.5703125};

static void bench_init(bench *b, int batch, double budget) {
  b->batch = batch;
  reach_arm_model_arm26(&b->m);
  for (int k = 0; k <= T; k++) reach_arm_state_init(&b->traj[k], batch);
  reach_arm_state_init(&b->s, batch);
  reach_arm_adjoint_init(&b->bar, batch);
  b->u = malloc((size_t)T * REACH_NMUSCLE * batch * sizeof *b->u);
  b->ub = malloc((size_t)REACH_NMUSCLE * batch * sizeof *b->ub);
  for (int k = 0; k < T; k++) fill_u(b->u + (size_t)k * REACH_NMUSCLE * batch, batch, k);
  b->reps = (long)(budget / ((double)T * batch)) + 1;
}

static void bench_free(bench *b) {
  free(b->u);
  free(b->ub);
  reach_arm_state_free(&b->s);
  reach_arm_adjoint_free(&b->bar);
  for (int k = 0; k <= T; k++) reach_arm_state_free(&b->traj[k]);
}

// One timed pass (no best-of: the caller interleaves the implementations and keeps each one's
// best, so that a burst of load from other processes hits them alike).
static timing time_once(bench *b, const impl *im) {
  const int batch = b->batch;
  timing out;
  // forward: a rollout of T steps in place
  double t0 = now();
  for (long r = 0; r < b->reps; r++) {
    reach_arm_reset(&b->m, &b->s, NULL, Q0);
    for (int k = 0; k < T; k++)
      impl_step(im, &b->m, &b->s, b->u + (size_t)k * REACH_NMUSCLE * batch, &b->s);
  }
  out.fwd_ns = 1e9 * (now() - t0) / ((double)b->reps * T * batch);
  // forward storing the trajectory, then the adjoint back through it
  t0 = now();
  for (long r = 0; r < b->reps; r++) {
    reach_arm_reset(&b->m, &b->traj[0], NULL, Q0);
    for (int k = 0; k < T; k++)
      impl_step(im, &b->m, &b->traj[k], b->u + (size_t)k * REACH_NMUSCLE * batch, &b->traj[k + 1]);
    reach_arm_adjoint_zero(&b->bar);
    for (int i = 0; i < batch; i++) b->bar.q[i] = 1.0;
    for (int k = T - 1; k >= 0; k--)
      impl_vjp(im, &b->m, &b->traj[k], b->u + (size_t)k * REACH_NMUSCLE * batch, &b->bar, b->ub);
  }
  out.fwdbwd_ns = 1e9 * (now() - t0) / ((double)b->reps * T * batch);
  return out;
}

// The naive baseline, one arm at a time; returns ns per arm-step, and in *dq how far its final
// state is from the batched one (a sanity check that both computed the same thing).
static double time_naive(bench *b, double *dq) {
  const int batch = b->batch;
  arm_naive *arms = malloc((size_t)batch * sizeof *arms);
  double t0 = now();
  for (long r = 0; r < b->reps; r++) {
    for (int i = 0; i < batch; i++) arm_naive_reset(&arms[i], Q0);
    for (int k = 0; k < T; k++) {
      const double *uk = b->u + (size_t)k * REACH_NMUSCLE * batch;
      for (int i = 0; i < batch; i++) {
        double ua[6], fe[2] = {0, 0};
        for (int j = 0; j < 6; j++) ua[j] = uk[j * batch + i];
        arm_naive_step(&arms[i], ua, fe);
      }
    }
  }
  double ns = 1e9 * (now() - t0) / ((double)b->reps * T * batch);
  *dq = fmax(fabs(arms[0].q[0] - b->s.q[0]), fabs(arms[0].q[1] - b->s.q[batch]));
  free(arms);
  return ns;
}

// The batched fingertip (position and velocity, as the rollout takes it every step) and its
// adjoint, ns per arm; isa -2 is the previous one-arm-at-a-time code.
static timing time_fingertip(bench *b, int isa) {
  const int batch = b->batch;
  double *xy = malloc(2 * (size_t)batch * sizeof *xy), *v = malloc(2 * (size_t)batch * sizeof *v);
  double *qb = calloc(2 * (size_t)batch, sizeof *qb), *qdb = calloc(2 * (size_t)batch, sizeof *qdb);
  long reps = b->reps * T;
  timing out;
  reach_arm_reset(&b->m, &b->s, NULL, Q0);
  for (int i = 0; i < 2 * batch; i++) b->s.qd[i] = 0.3;
  double t0 = now();
  for (long r = 0; r < reps; r++) {
    if (isa == -2)
      arm_prev_fingertip_batch(&b->m, &b->s, xy, v);
    else
      reach_arm_fingertip_batch_isa((reach_arm_isa)isa, &b->m, &b->s, xy, v);
  }
  out.fwd_ns = 1e9 * (now() - t0) / ((double)reps * batch);
  t0 = now();
  for (long r = 0; r < reps; r++) {
    if (isa == -2)
      arm_prev_fingertip_vjp(&b->m, &b->s, xy, v, qb, qdb);
    else
      reach_arm_fingertip_vjp_isa((reach_arm_isa)isa, &b->m, &b->s, xy, v, qb, qdb);
  }
  out.fwdbwd_ns = 1e9 * (now() - t0) / ((double)reps * batch);
  free(xy);
  free(v);
  free(qb);
  free(qdb);
  return out;
}

// ns per arm-step of spec_check.simulate (NumPy, one arm), or a negative number if unavailable.
static double numpy_ns(void) {
  char cmd[2048];
  snprintf(
      cmd, sizeof cmd,
      "/usr/bin/python3 -c \"import sys, time; sys.path.insert(0, '%s'); import numpy as np; "
      "import spec_check as s; u = np.full((100, 6), 0.2); s.simulate([1.046875, 1.5703125], u); "
      "t = time.perf_counter(); n = 5\n"
      "for _ in range(n): s.simulate([1.046875, 1.5703125], u)\n"
      "print((time.perf_counter() - t) / (n * 100) * 1e9)\" 2>/dev/null",
      REACH_SPEC_CHECK_DIR);
  FILE *p = popen(cmd, "r");
  if (!p) return -1.0;
  double ns = -1.0;
  if (fscanf(p, "%lf", &ns) != 1) ns = -1.0;
  pclose(p);
  return ns;
}

int main(int argc, char **argv) {
  int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
  double budget = quick ? 2e5 : 2e6;  // arm-steps per measurement
  const int batches[] = {1, 32, 256, 1024};
  impl impls[2 + REACH_ARM_ISA_COUNT];
  int nimpl = 0;
  impls[nimpl++] = (impl){"previous", -2};
  for (int i = 0; i < REACH_ARM_ISA_COUNT; i++)
    if (reach_arm_isa_available((reach_arm_isa)i))
      impls[nimpl++] = (impl){reach_arm_isa_name((reach_arm_isa)i), i};
  double np = numpy_ns();
  printf(
      "arm26 step, double precision, one core: ns of thread CPU time per arm-step (best of 5 "
      "interleaved passes)\n"
      "and speed-up over the previous implementation (arm_prev.c, commit 52d414b) in the same "
      "run. Every path gives the same bits; reach_arm_step takes %s at batch ≥ 8 (AVX2 below 8 "
      "arms if it would take AVX-512, the portable path for one arm).\n",
      reach_arm_isa_name(reach_arm_isa_best()));
  printf("%6s %-9s %10s %8s %14s %8s\n", "batch", "impl", "forward", "speedup", "fwd+backward",
         "speedup");
  for (size_t bi = 0; bi < sizeof batches / sizeof batches[0]; bi++) {
    static bench b;
    bench_init(&b, batches[bi], budget);
    timing best[2 + REACH_ARM_ISA_COUNT];
    for (int i = 0; i < nimpl; i++) best[i] = (timing){1e30, 1e30};
    double naive = 1e30, dq = 0.0;
    for (int rep = 0; rep < 5; rep++) {
      for (int i = 0; i < nimpl; i++) {
        timing t = time_once(&b, &impls[i]);
        best[i].fwd_ns = fmin(best[i].fwd_ns, t.fwd_ns);
        best[i].fwdbwd_ns = fmin(best[i].fwdbwd_ns, t.fwdbwd_ns);
      }
      naive = fmin(naive, time_naive(&b, &dq));
    }
    for (int i = 0; i < nimpl; i++)
      printf("%6d %-9s %10.1f %7.2f× %14.1f %7.2f×\n", b.batch, impls[i].name, best[i].fwd_ns,
             best[0].fwd_ns / best[i].fwd_ns, best[i].fwdbwd_ns,
             best[0].fwdbwd_ns / best[i].fwdbwd_ns);
    char npr[32] = "n/a";
    if (np > 0) snprintf(npr, sizeof npr, "%.0f×", np / best[nimpl - 1].fwd_ns);
    printf("%6d %-9s %10.1f %7.2f×   (naive scalar port, forward only; numpy/%s forward %s)\n",
           b.batch, "naive", naive, best[0].fwd_ns / naive, impls[nimpl - 1].name, npr);
    if (dq > 1e-9) printf("  warning: naive and batched final states differ by %.2e rad\n", dq);
    bench_free(&b);
  }
  printf(
      "\nfingertip position and velocity (reach_arm_fingertip_batch) and its adjoint\n"
      "(reach_arm_fingertip_vjp), taken by the rollout every step: ns per arm\n");
  printf("%6s %-9s %10s %8s %14s %8s\n", "batch", "impl", "forward", "speedup", "adjoint",
         "speedup");
  for (int bs = 32; bs <= 256; bs *= 8) {
    static bench b;
    bench_init(&b, bs, budget);
    timing best[2 + REACH_ARM_ISA_COUNT];
    for (int i = 0; i < nimpl; i++) best[i] = (timing){1e30, 1e30};
    for (int rep = 0; rep < 5; rep++) {
      for (int i = 0; i < nimpl; i++) {
        timing t = time_fingertip(&b, impls[i].isa);
        best[i].fwd_ns = fmin(best[i].fwd_ns, t.fwd_ns);
        best[i].fwdbwd_ns = fmin(best[i].fwdbwd_ns, t.fwdbwd_ns);
      }
    }
    for (int i = 0; i < nimpl; i++)
      printf("%6d %-9s %10.1f %7.2f× %14.1f %7.2f×\n", bs, impls[i].name, best[i].fwd_ns,
             best[0].fwd_ns / best[i].fwd_ns, best[i].fwdbwd_ns,
             best[0].fwdbwd_ns / best[i].fwdbwd_ns);
    bench_free(&b);
  }
  if (np > 0)
    printf("numpy reference (spec_check.py, one arm): %.0f ns per arm-step\n", np);
  else
    printf("numpy reference: not measured (python3-numpy missing)\n");
  printf(
      "targets (issue 14): forward ≤ 40 ns and forward+backward ≤ 150 ns per arm-step at batch "
      "32 (2026-12-04: 100.5 and 423 ns)\n");
  return 0;
}
