// SPDX-License-Identifier: GPL-3.0-or-later
// A savings run's fingerprint for the tests that compare runs bit for bit (checkpoint, threads,
// training): FNV-1a over the weights, every logged loss and LD and every stage snapshot.
#ifndef REACH_TEST_RUN_HASH_H
#define REACH_TEST_RUN_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "reach.h"

static inline uint64_t fnv1a(const void *data, size_t n, uint64_t h) {
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

// The tiny savings run the file tests share (checkpoint, grown-up): 12 units, 12 growing-up
// batches of 8, phases of 4 / 6 / 4 / 6 batches, the given seed; everything else the defaults.
static inline void tiny_run_config(reach_config *cfg, uint64_t seed) {
  reach_config_default(cfg);
  cfg->units = 12;
  cfg->grow_batches = 12;
  cfg->grow_batch = 8;
  const int pb[REACH_NPHASE] = {4, 6, 4, 6};
  for (int p = 0; p < REACH_NPHASE; p++) cfg->phase_batches[p] = pb[p];
  cfg->seed = seed;
}

// Hash of the weights and every log of a run.
static inline uint64_t run_hash(const reach_savings *e) {
  size_t n;
  const double *theta = reach_savings_params(e, &n);
  uint64_t h = fnv1a(theta, n * sizeof *theta, 0xcbf29ce484222325ull);
  const double *gl;
  int ng = reach_savings_grow_loss(e, &gl);
  h = fnv1a(gl, (size_t)ng * sizeof *gl, h);
  for (int p = 0; p < REACH_NPHASE; p++) {
    const double *ld, *loss;
    int k = reach_savings_ld(e, p, &ld, &loss);
    h = fnv1a(ld, (size_t)k * sizeof *ld, h);
    h = fnv1a(loss, (size_t)k * sizeof *loss, h);
  }
  for (reach_stage st = REACH_STAGE_GROW; st <= REACH_STAGE_FF2; st++) {
    const double *snap = reach_savings_snapshot(e, st);
    if (snap) h = fnv1a(snap, n * sizeof *snap, h);
  }
  return h;
}

// Steps a run to the end of its phases; a failed step is printed and ends it (the comparison
// that follows then reports the difference).
static inline void run_to_end(reach_savings *e) {
  reach_error err = {0};
  while (reach_savings_stage(e) != REACH_STAGE_DONE)
    if (reach_savings_step(e, &err)) {
      printf("        step failed: %s\n", err.msg);
      return;
    }
}

// Bit-identical arrays of n doubles.
static inline bool same(const double *a, const double *b, size_t n) {
  return n == 0 || memcmp(a, b, n * sizeof *a) == 0;
}

#endif
