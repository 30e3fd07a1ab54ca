// SPDX-License-Identifier: GPL-3.0-or-later
// Seconds per training batch (100 steps: forward through policy and arm, loss, BPTT back through
// both, Adam step) at (H, B) = (32, 32), (128, 32), (256, 32) and the phases' (128, 8), on one
// thread, with the GRU in double and in single precision ([train] precision; issue 4: target
// H = 128, B = 32 in ≤ 25 ms). The baseline, measured in the same run, is OpenBLAS dgemm on the
// GRU's own product shape (B × H by H × 3H): the achieved GFLOP/s of the whole batch is reported
// against it, so the ratio says how close the batch runs to the machine's GEMM speed.
//
// With threads = 2 ([train] threads, issue 14) the batch is also timed on two threads sharing
// it; that time is wall-clock (the worker's CPU time is not the calling thread's), so on a busy
// machine it is an upper bound. "x1" is the one-thread wall time (fastest batch) over the
// two-thread wall time: on a machine whose cores are taken by other work it says little.
//
// usage: bench-train-batch [batches per size (default 10)] [H (default: every size)]
//                          [threads (default 1; 2 adds the two-thread column)]
#include <gsl/gsl_cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "learn/loss.h"
#include "learn/optim.h"
#include "base/pool.h"
#include "learn/rollout.h"
#include "task/config.h"

void openblas_set_num_threads(int n);

// The thread's CPU time: on a shared machine the time the thread waits for a core is not the
// batch's cost (one thread does all the work, OpenBLAS included, so nothing is left out).
static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double wall(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

// GEMM FLOPs of one batch: per step forward x·W_ihᵀ, h·W_hhᵀ, read-out; backward the same
// products for the adjoints; then the weight gradients over all steps.
static double batch_flops(int H, int B, int T) {
  const double I = 17, O = 6, G = 3.0 * H;
  double step = 2.0 * B * (I * G + H * G + H * O);  // forward
  step += 2.0 * B * (G * H + G * I + O * H);        // backward adjoints
  double weights = 2.0 * T * B * (G * I + G * H + O * H);
  return T * step + weights;
}

// Best of 5 blocks of repeats: other processes on the machine only ever slow a block down.
static double gemm_gflops(int H, int B, bool single) {
  const int G = 3 * H;
  double *a = calloc((size_t)B * H, sizeof *a), *w = calloc((size_t)G * H, sizeof *w),
         *c = calloc((size_t)B * G, sizeof *c);
  float *af = calloc((size_t)B * H, sizeof *af), *wf = calloc((size_t)G * H, sizeof *wf),
        *cf = calloc((size_t)B * G, sizeof *cf);
  for (int i = 0; i < B * H; i++) af[i] = (float)(a[i] = 1e-3 * (i % 97));
  for (int i = 0; i < G * H; i++) wf[i] = (float)(w[i] = 1e-3 * (i % 89));
  const int reps = 400;
  double best = INFINITY;
  for (int block = 0; block < 5; block++) {
    double t0 = now();
    for (int r = 0; r < reps; r++)
      if (single)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, G, H, 1.0f, af, H, wf, H, 0.0f, cf,
                    G);
      else
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, G, H, 1.0, a, H, w, H, 0.0, c, G);
    best = fmin(best, now() - t0);
  }
  free(a);
  free(w);
  free(c);
  free(af);
  free(wf);
  free(cf);
  return 2.0 * B * G * H * reps / best * 1e-9;
}

int main(int argc, char **argv) {
  int batches = argc > 1 ? atoi(argv[1]) : 10;
  if (batches < 1) batches = 1;
  openblas_set_num_threads(1);
  const int T = 100;
  // The three sizes of the issue, and the phases' batch of 8 at the paper's H = 128.
  const int sizes[][2] = {{32, 32}, {128, 32}, {256, 32}, {128, 8}};
  const int n_sizes = (int)(sizeof sizes / sizeof sizes[0]);
  reach_arm_model arm;
  reach_arm_model_arm26(&arm);
  // The authors' settings (paper.ini's task, loss and growing-up Adam), as training uses them.
  reach_config paper;
  reach_config_default(&paper);
  reach_task_config task = paper.task;
  task.steps = T;
  const reach_loss_config loss = paper.loss;
  const reach_optim_config adam = paper.grow_optim;
  printf(
      "one thread, best of %d batches per size, T = %d steps; the GRU in double, then single\n"
      "(ratio: the batch's GFLOP/s over the in-run dgemm's; sgemm GF/s for comparison)\n",
      batches, T);
  const int only_h = argc > 2 ? atoi(argv[2]) : 0;
  const int threads = argc > 3 ? atoi(argv[3]) : 1;
  reach_pool *pool = threads > 1 ? reach_pool_create(threads) : NULL;
  printf("%5s %4s %7s %10s %9s %11s %11s %7s %8s %11s %5s\n", "H", "B", "prec", "ms/batch",
         "GFLOP/s", "dgemm GF/s", "sgemm GF/s", "ratio", "ms fwd", threads > 1 ? "ms wall,2th" : "",
         threads > 1 ? "x1" : "");
  double ms[2][2][2] = {{{0}}};  // [precision][B = 32, 8][batch, forward] at H = 128
  for (int run = 0; run < 2 * n_sizes; run++) {
    const int s = run / 2, prec = run % 2;  // each size in double, then in single
    const int H = sizes[s][0], B = sizes[s][1];
    if (only_h && H != only_h) continue;
    reach_gru gru;
    reach_gru_layout(&gru, REACH_OBS, H, REACH_NMUSCLE);
    reach_rng rng;
    reach_trials trials;
    reach_rollout ro;
    reach_optim opt;
    if (reach_rng_init(&rng, 1) || reach_trials_init(&trials, B) ||
        reach_rollout_init(&ro, B, T, H) || reach_optim_init(&opt, gru.n_params) ||
        reach_rollout_set_precision(&ro, prec ? REACH_PRECISION_SINGLE : REACH_PRECISION_DOUBLE)) {
      fprintf(stderr, "bench-train-batch: out of memory at H = %d\n", H);
      return 1;
    }
    reach_optim_reset(&opt, &adam);
    double *theta = calloc(gru.n_params, sizeof *theta);
    double *grad = calloc(gru.n_params, sizeof *grad);
    reach_gru_init(&gru, theta, -5.0, &rng);
    reach_rollout_ctx ctx = {.arm = &arm, .gru = &gru, .task = &task};
    // Each batch is timed alone and the fastest counts (the machine is shared).
    double per = INFINITY, t_fwd = INFINITY, per_wall = INFINITY;
    for (int k = 0; k < batches; k++) {
      double a = now(), aw = wall();
      reach_trials_random(&trials, &arm, &task, &rng);
      reach_rollout_forward(&ro, &ctx, theta, &trials, 0.0, &rng);
      double fwd = now() - a;
      reach_loss_eval(&ro, &loss, &task, NULL);
      memset(grad, 0, gru.n_params * sizeof *grad);
      reach_rollout_backward(&ro, &ctx, theta, grad, true);
      reach_optim_update(&opt, theta, grad, NULL);
      double all = now() - a;
      per_wall = fmin(per_wall, wall() - aw);
      if (all < per) {
        per = all;
        t_fwd = fwd;
      }
    }
    // The same batches on the pool (wall clock, fastest batch).
    double per_mt = NAN;
    if (pool) {
      ro.pool = pool;
      per_mt = INFINITY;
      for (int k = 0; k < batches; k++) {
        double a = wall();
        reach_trials_random(&trials, &arm, &task, &rng);
        reach_rollout_forward(&ro, &ctx, theta, &trials, 0.0, &rng);
        reach_loss_eval(&ro, &loss, &task, NULL);
        memset(grad, 0, gru.n_params * sizeof *grad);
        reach_rollout_backward(&ro, &ctx, theta, grad, true);
        reach_optim_update_pool(&opt, theta, grad, NULL, pool);
        per_mt = fmin(per_mt, wall() - a);
      }
      ro.pool = NULL;
    }
    double gf = batch_flops(H, B, T) / per * 1e-9;
    double base = gemm_gflops(H, B, false), sbase = gemm_gflops(H, B, true);
    printf("%5d %4d %7s %10.2f %9.2f %11.2f %11.2f %7.3f %8.2f", H, B, prec ? "single" : "double",
           1e3 * per, gf, base, sbase, gf / base, 1e3 * t_fwd);
    if (pool) printf(" %11.2f %5.2f", 1e3 * per_mt, per_wall / per_mt);
    printf("\n");
    if (H == 128) {
      ms[prec][B == 8][0] = 1e3 * per;
      ms[prec][B == 8][1] = 1e3 * t_fwd;
    }
    free(theta);
    free(grad);
    reach_optim_free(&opt);
    reach_rollout_free(&ro);
    reach_trials_free(&trials);
    reach_rng_free(&rng);
  }
  printf("target: H = 128, B = 32 in <= 25 ms per batch (MotorNet/PyTorch ~410 ms)\n");
  // paper.ini: 20 000 growing-up batches of 32, then 26 400 phase batches of 8, each phase batch
  // preceded by a forward pass of the 8 evaluation reaches (about a batch-of-8 forward).
  for (int p = 0; p < 2 && (!only_h || only_h == 128); p++)
    printf(
        "full paper.ini run for one network, %s: 20000 x %.1f ms + 26400 x (%.1f + %.1f) ms "
        "= %.1f min\n",
        p ? "single" : "double", ms[p][0][0], ms[p][1][0], ms[p][1][1],
        (20000 * ms[p][0][0] + 26400 * (ms[p][1][0] + ms[p][1][1])) / 60e3);
  reach_pool_free(pool);
  return 0;
}
