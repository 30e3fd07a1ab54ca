// SPDX-License-Identifier: GPL-3.0-or-later
// The wall time of one paper-scale network (issue 14), projected from real batches: data/presets/
// paper.ini through the real engine (reach_savings: trials, rollout, loss, BPTT, optimiser, the
// phases' evaluation reaches, frozen blocks), a few hundred growing-up batches and a few hundred
// phase batches (FF1, so the field is on), on 1 and on 2 threads ([train] threads). Projection:
// grow_batches × (s per growing-up batch) + Σ phase_batches × (s per phase batch); for 40
// networks with `savings --jobs 2`, 20 one-thread networks back to back on each core.
//
// Timing: the median batch of each kind, both on the calling thread's CPU clock (what the work
// costs, as bench-train-batch reports) and on the wall clock (what a user waits; the only
// meaningful clock for two threads, and inflated by anything else the machine runs).
//
// usage: bench-paper-network [PRESET (default data/presets/paper.ini)] [batches of each kind
//                            (default 200)]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "task/config.h"
#include "study/savings.h"

void openblas_set_num_threads(int n);

static double clock_s(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Median seconds per batch (cpu[0], wall[1]) of n batches from where e stands.
static int time_batches(reach_savings *e, int n, double out[2]) {
  double *cpu = malloc((size_t)n * sizeof *cpu), *wall = malloc((size_t)n * sizeof *wall);
  reach_error err = {0};
  int rc = 0;
  for (int i = 0; i < n; i++) {
    double c0 = clock_s(CLOCK_THREAD_CPUTIME_ID), w0 = clock_s(CLOCK_MONOTONIC);
    if (reach_savings_step(e, &err)) {
      fprintf(stderr, "bench-paper-network: %s\n", err.msg);
      rc = -1;
      break;
    }
    cpu[i] = clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
    wall[i] = clock_s(CLOCK_MONOTONIC) - w0;
  }
  if (!rc) {
    out[0] = median(cpu, n);
    out[1] = median(wall, n);
  }
  free(cpu);
  free(wall);
  return rc;
}

int main(int argc, char **argv) {
  const char *preset = argc > 1 ? argv[1] : REACH_PAPER_PRESET;
  const int n = argc > 2 && atoi(argv[2]) > 0 ? atoi(argv[2]) : 200;
  openblas_set_num_threads(1);
  reach_config cfg;
  reach_error err = {0};
  if (reach_config_load(&cfg, preset, &err)) {
    fprintf(stderr, "bench-paper-network: %s\n", err.msg);
    return 1;
  }
  int phase_total = 0;
  for (int p = 0; p < REACH_NPHASE; p++) phase_total += cfg.phase_batches[p];
  printf(
      "%s: H = %d, %s, %d growing-up batches of %d, %d phase batches of %d (each after 8 "
      "evaluation reaches); %d of each kind timed, median batch\n",
      preset, cfg.units, cfg.precision == REACH_PRECISION_SINGLE ? "single" : "double",
      cfg.grow_batches, cfg.grow_batch, phase_total, cfg.task.n_targets * cfg.phase_batch_repeats,
      n);
  printf("%8s %12s %12s %12s %12s %14s %14s\n", "threads", "grow cpu ms", "grow wall ms",
         "phase cpu ms", "phase wall ms", "network cpu", "network wall");
  double net_min[3][2] = {{0}};
  double batch_ms[3][2] = {{0}};  // [threads][growing-up, phase] wall
  for (int threads = 1; threads <= 2; threads++) {
    reach_config c = cfg;
    c.threads = threads;
    // Fewer batches than the preset's, so the stages end where the bench needs them to.
    c.grow_batches = n;
    for (int p = 0; p < REACH_NPHASE; p++) c.phase_batches[p] = p == 1 ? n : 0;
    reach_savings *e = NULL;
    if (reach_savings_create(&c, &e, &err)) {
      fprintf(stderr, "bench-paper-network: %s\n", err.msg);
      return 1;
    }
    double grow[2], phase[2];
    if (time_batches(e, n, grow) || time_batches(e, n, phase)) return 1;
    reach_savings_free(e);
    for (int k = 0; k < 2; k++)
      net_min[threads][k] = (cfg.grow_batches * grow[k] + phase_total * phase[k]) / 60.0;
    batch_ms[threads][0] = 1e3 * grow[1];
    batch_ms[threads][1] = 1e3 * phase[1];
    printf("%8d %12.2f %12.2f %12.2f %12.2f %11.1f min %11.1f min\n", threads, 1e3 * grow[0],
           1e3 * grow[1], 1e3 * phase[0], 1e3 * phase[1], net_min[threads][0], net_min[threads][1]);
  }
  printf("two threads over one (wall, same run): growing-up batch %.2fx, phase batch %.2fx\n",
         batch_ms[1][0] / batch_ms[2][0], batch_ms[1][1] / batch_ms[2][1]);
  printf(
      "one paper network: %.1f min on 1 thread, %.1f min on 2 threads (wall), %.2fx; goal <= 6 "
      "min on 2 cores\n",
      net_min[1][1], net_min[2][1], net_min[1][1] / net_min[2][1]);
  printf(
      "40 networks, savings --jobs 2 (one thread each, 20 per core): %.1f h by the CPU clock, "
      "%.1f h by this run's wall clock\n",
      20 * net_min[1][0] / 60, 20 * net_min[1][1] / 60);
  return 0;
}
