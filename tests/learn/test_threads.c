// SPDX-License-Identifier: GPL-3.0-or-later
// One network on several threads ([train] threads, issue 14) gives bit for bit the weights of one
// thread: the threads split only rows of the products and columns of the weight gradients, and
// reach_gemm's sums do not depend on the split.
//  - a savings run (60 steps per trial; growing up with Adam, then NF1 → FF1 → NF2 → FF2 with SGD,
//  frozen input and
//    output blocks) at 1, 2 and 3 threads, in single precision (paper.ini's) and in double:
//    weights, every logged loss and LD and every stage snapshot hash the same;
//  - the batch sizes are chosen so that the splits are uneven (B = 20 grows: 8 + 12 rows) and
//    both forms of the weight gradients run (step by step at B = 20, at the end at B = 8);
//  - the comparison can fail: the same run with another seed hashes differently, and so does a
//    run whose weights were moved by one ulp in one element after growing up;
//  - the schedules of two threads differ with the sensory delays: with both delays of 2 steps or
//    more (the paper's 2 and 7) the plant's steps run beside the policy's, with a 1-step delay
//    one after the other; the phases' batches of 8 run beside their evaluation reaches. Both
//    delay settings are run;
//  - the 1-thread hashes are pinned to those of the engine the paper runs started on (commit
//    90e8f4b, before the two-thread schedule above): a change of schedule must not change a bit.
#include <string.h>

#include "harness.h"
#include "reach.h"
#include "run_hash.h"

// Runs the whole protocol; nudge: move one weight by one ulp when growing up ends.
static uint64_t run(const reach_config *c, bool nudge, double *final_loss) {
  reach_savings *e = NULL;
  reach_error err = {0};
  if (reach_savings_create(c, &e, &err)) {
    printf("create failed: %s\n", err.msg);
    return 0;
  }
  bool nudged = false;
  while (reach_savings_stage(e) != REACH_STAGE_DONE) {
    if (nudge && !nudged && reach_savings_stage(e) == REACH_STAGE_NF1) {
      size_t n;
      double *theta = (double *)reach_savings_params(e, &n);
      theta[n / 2] = nextafter(theta[n / 2], INFINITY);
      nudged = true;
    }
    if (reach_savings_step(e, &err)) {
      printf("step failed: %s\n", err.msg);
      reach_savings_free(e);
      return 0;
    }
  }
  *final_loss = reach_savings_last_loss(e);
  uint64_t h = run_hash(e);
  reach_savings_free(e);
  return h;
}

// Hashes of the protocol above at 1 thread on the engine of commit 90e8f4b: [precision: single,
// double][delays: paper's (2, 7 steps), 1 step].
static const uint64_t pinned[2][2] = {
    {0x85fa35cbad5a3831ull, 0x95c19a6977726c26ull},
    {0x155f81fec1d9d91eull, 0x35317e806c8410faull},
};

// The same for the small network below (double, 1 thread).
static const uint64_t pinned_small = 0xce548345f30209a7ull;

int main(void) {
  reach_config cfg;
  reach_config_default(&cfg);
  cfg.units = 40;  // 3H = 120: the gate rows split 64 + 56 (uneven panels)
  cfg.task.steps = 60;
  cfg.grow_batches = 6;
  cfg.grow_batch = 20;  // ≥ 16: weight gradients step by step; the phases' 8: all at once
  const int pb[REACH_NPHASE] = {3, 3, 2, 3};
  for (int p = 0; p < REACH_NPHASE; p++) cfg.phase_batches[p] = pb[p];
  cfg.seed = 11;
  const double paper_proprio = cfg.task.proprio_delay, paper_vision = cfg.task.vision_delay;
  for (int prec = 0; prec < 2; prec++)
    for (int delays = 0; delays < 2; delays++) {
      cfg.precision = prec ? REACH_PRECISION_DOUBLE : REACH_PRECISION_SINGLE;
      cfg.task.proprio_delay = delays ? cfg.task.dt : paper_proprio;
      cfg.task.vision_delay = delays ? cfg.task.dt : paper_vision;
      const char *name = prec ? "double" : "single";
      const char *dname = delays ? "delays 1 step" : "delays 2 and 7 steps";
      uint64_t h[4];
      double loss[4];
      for (int threads = 1; threads <= 3; threads++) {
        cfg.threads = threads;
        h[threads] = run(&cfg, false, &loss[threads]);
      }
      CHECK(h[1] != 0 && h[2] == h[1] && h[3] == h[1],
            "%s, %s: H = 40, 6 growing-up batches of 20 and 11 phase batches of 8 on 1, 2, 3 "
            "threads: hash of weights, logs and snapshots %016llx, %016llx, %016llx (final loss "
            "%.17g, %.17g, %.17g)",
            name, dname, (unsigned long long)h[1], (unsigned long long)h[2],
            (unsigned long long)h[3], loss[1], loss[2], loss[3]);
      CHECK(h[1] == pinned[prec][delays],
            "%s, %s: 1 thread hashes %016llx, the engine of commit 90e8f4b %016llx", name, dname,
            (unsigned long long)h[1], (unsigned long long)pinned[prec][delays]);
      if (delays) continue;
      cfg.threads = 2;
      double l;
      uint64_t nudged = run(&cfg, true, &l);
      cfg.seed = 12;
      uint64_t other = run(&cfg, false, &l);
      cfg.seed = 11;
      CHECK(nudged != h[1] && other != h[1],
            "%s: the hash tells runs apart: one weight moved by one ulp after growing up %016llx, "
            "seed 12 %016llx (vs %016llx)",
            name, (unsigned long long)nudged, (unsigned long long)other, (unsigned long long)h[1]);
    }
  // A network narrower than one column block of the read-out's gradient split (16 units) and a
  // growing-up batch of 8 (weight gradients at the end): parts with no columns of their own.
  reach_config small;
  reach_config_default(&small);
  small.units = 10;
  small.task.steps = 50;
  small.grow_batches = 6;
  small.grow_batch = 8;
  const int spb[REACH_NPHASE] = {3, 4, 3, 4};
  for (int p = 0; p < REACH_NPHASE; p++) small.phase_batches[p] = spb[p];
  small.seed = 4;
  uint64_t hs[4];
  double ls[4];
  for (int threads = 1; threads <= 3; threads++) {
    small.threads = threads;
    hs[threads] = run(&small, false, &ls[threads]);
  }
  CHECK(hs[1] != 0 && hs[2] == hs[1] && hs[3] == hs[1] && hs[1] == pinned_small,
        "double, H = 10, growing-up batches of 8: hash on 1, 2, 3 threads %016llx, %016llx, "
        "%016llx; the engine of commit 90e8f4b %016llx",
        (unsigned long long)hs[1], (unsigned long long)hs[2], (unsigned long long)hs[3],
        (unsigned long long)pinned_small);
  return reach_test_finish("threads");
}
