// SPDX-License-Identifier: GPL-3.0-or-later
// bench/arm-step: nanoseconds per arm-step of the arm26 plant, forward and forward+backward, at
// batch 1, 32, 256 and 1024, with ratios against baselines measured in the same run:
//   - naive: a literal scalar C port of the NumPy reference (arm_naive.c), forward only;
//   - numpy: the NumPy reference itself (spec_check.py), batch 1, if python3-numpy is present.
// Numbers are reported, never asserted. Usage: bench-arm-step [--quick]
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arm_naive.h"
#include "reach.h"

enum { T = 100 };

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

// Excitations that keep changing, so the activation and Hill branches all get exercised.
static void fill_u(double *u, int batch, int k) {
  for (int i = 0; i < REACH_NMUSCLE; i++)
    for (int b = 0; b < batch; b++)
      u[i * batch + b] = 0.2 + 0.15 * sin(0.07 * k + 0.9 * i + 0.01 * b);
}

typedef struct timing {
  double fwd_ns, fwdbwd_ns, naive_ns;
} timing;

static timing run(int batch, double budget) {
  reach_arm_model m;
  reach_arm_model_arm26(&m);
  const double q0[2] = {1.046875, 1.5703125};
  reach_arm_state traj[T + 1];
  for (int k = 0; k <= T; k++) reach_arm_state_init(&traj[k], batch);
  reach_arm_adjoint bar;
  reach_arm_adjoint_init(&bar, batch);
  double *u = malloc((size_t)T * REACH_NMUSCLE * batch * sizeof *u);
  double *ub = malloc((size_t)REACH_NMUSCLE * batch * sizeof *ub);
  for (int k = 0; k < T; k++) fill_u(u + (size_t)k * REACH_NMUSCLE * batch, batch, k);
  long reps = (long)(budget / ((double)T * batch)) + 1;
  timing out = {0};

  // forward: a rollout of T steps in place, repeated; best of 3
  out.fwd_ns = 1e30;
  reach_arm_state s;
  reach_arm_state_init(&s, batch);
  for (int rep3 = 0; rep3 < 3; rep3++) {
    double t0 = now();
    for (long r = 0; r < reps; r++) {
      reach_arm_reset(&m, &s, NULL, q0);
      for (int k = 0; k < T; k++) reach_arm_step(&m, &s, u + (size_t)k * REACH_NMUSCLE * batch, NULL, &s);
    }
    double ns = 1e9 * (now() - t0) / ((double)reps * T * batch);
    if (ns < out.fwd_ns) out.fwd_ns = ns;
  }

  // forward storing the trajectory, then the adjoint back through it
  out.fwdbwd_ns = 1e30;
  for (int rep3 = 0; rep3 < 3; rep3++) {
    double t0 = now();
    for (long r = 0; r < reps; r++) {
      reach_arm_reset(&m, &traj[0], NULL, q0);
      for (int k = 0; k < T; k++)
        reach_arm_step(&m, &traj[k], u + (size_t)k * REACH_NMUSCLE * batch, NULL, &traj[k + 1]);
      reach_arm_adjoint_zero(&bar);
      for (int b = 0; b < batch; b++) bar.q[b] = 1.0;
      for (int k = T - 1; k >= 0; k--)
        reach_arm_step_vjp(&m, &traj[k], u + (size_t)k * REACH_NMUSCLE * batch, NULL, &bar, &bar,
                           ub, NULL);
    }
    double ns = 1e9 * (now() - t0) / ((double)reps * T * batch);
    if (ns < out.fwdbwd_ns) out.fwdbwd_ns = ns;
  }

  // the naive baseline, one arm at a time
  arm_naive *arms = malloc((size_t)batch * sizeof *arms);
  out.naive_ns = 1e30;
  double check = 0.0;
  for (int rep3 = 0; rep3 < 3; rep3++) {
    double t0 = now();
    for (long r = 0; r < reps; r++) {
      for (int b = 0; b < batch; b++) arm_naive_reset(&arms[b], q0);
      for (int k = 0; k < T; k++) {
        const double *uk = u + (size_t)k * REACH_NMUSCLE * batch;
        for (int b = 0; b < batch; b++) {
          double ua[6], fe[2] = {0, 0};
          for (int i = 0; i < 6; i++) ua[i] = uk[i * batch + b];
          arm_naive_step(&arms[b], ua, fe);
        }
      }
    }
    double ns = 1e9 * (now() - t0) / ((double)reps * T * batch);
    if (ns < out.naive_ns) out.naive_ns = ns;
  }
  // same computation? compare the final states of arm 0
  check = fmax(fabs(arms[0].q[0] - s.q[0]), fabs(arms[0].q[1] - s.q[batch]));
  if (check > 1e-9) printf("  warning: naive and batched final states differ by %.2e rad\n", check);

  free(arms);
  free(u);
  free(ub);
  reach_arm_state_free(&s);
  reach_arm_adjoint_free(&bar);
  for (int k = 0; k <= T; k++) reach_arm_state_free(&traj[k]);
  return out;
}

// ns per arm-step of spec_check.simulate (NumPy, one arm), or a negative number if unavailable.
static double numpy_ns(void) {
  char cmd[2048];
  snprintf(cmd, sizeof cmd,
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
  double budget = quick ? 2e5 : 3e6;  // arm-steps per measurement
  const int batches[] = {1, 32, 256, 1024};
  double np = numpy_ns();
  printf("arm26 step, double precision, one core (ns per arm-step; best of 3)\n");
  printf("%6s %10s %14s %12s %14s %12s\n", "batch", "forward", "fwd+backward", "naive fwd",
         "naive/forward", "numpy/forward");
  for (size_t i = 0; i < sizeof batches / sizeof batches[0]; i++) {
    timing t = run(batches[i], budget);
    char npr[32] = "n/a";
    if (np > 0) snprintf(npr, sizeof npr, "%.0f×", np / t.fwd_ns);
    printf("%6d %10.1f %14.1f %12.1f %13.2f× %12s\n", batches[i], t.fwd_ns, t.fwdbwd_ns,
           t.naive_ns, t.naive_ns / t.fwd_ns, npr);
  }
  if (np > 0)
    printf("numpy reference (spec_check.py, one arm): %.0f ns per arm-step\n", np);
  else
    printf("numpy reference: not measured (python3-numpy missing)\n");
  printf("targets (issue 3): forward ≤ 100 ns and forward+backward ≤ 300 ns per arm-step at "
         "batch 32; MotorNet 0.2 on PyTorch ≈ 16 µs there (spec §8.3, not re-measured here)\n");
  return 0;
}
