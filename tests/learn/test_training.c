// SPDX-License-Identifier: GPL-3.0-or-later
// The learning claims of issue 4 on the small preset (one network, seed from the preset):
// growing up lowers the loss; after growing up and NF1 (the network FF1 batch 0 meets) the
// centre-out reaches end within 1 cm of their targets (after growing up alone the small preset's
// worst reach is 1-2 cm off: printed, not asserted) and the batch-mean LD at the end of NF1 is
// under a tenth of what the field causes at FF1 batch 0; in the curl field the first FF1 batch
// deviates clockwise (LD > 0) and LD falls during FF1; NF2 opens with a counter-clockwise
// after-effect.
// Also: the same configuration and seed give bit-identical weights (hash of θ).
//
// usage: test-training PRESET [quick]. `quick` (used under the sanitizers, where the minutes of
// training would take ten times longer) runs the same code paths for a few batches and checks
// only determinism; the learning claims are checked by the plain build's run.
#include <string.h>

#include "harness.h"
#include "reach.h"

void openblas_set_num_threads(int n);

static uint64_t fnv1a(const void *data, size_t n) {
  const unsigned char *p = data;
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

static double mean(const double *x, int lo, int hi) {
  double s = 0.0;
  for (int i = lo; i < hi; i++) s += x[i];
  return s / (hi - lo);
}

static int run_to(reach_savings *e, reach_stage stop, reach_error *err) {
  while (reach_savings_stage(e) != stop && reach_savings_stage(e) != REACH_STAGE_DONE)
    if (reach_savings_step(e, err)) return -1;
  return 0;
}

// Worst end-point error and worst |LD| (mm) of the centre-out reaches in the null field.
static void reach_quality(reach_savings *e, reach_trace *tr, double *end_mm, double *ld_mm) {
  reach_error err = {0};
  *end_mm = *ld_mm = NAN;
  if (reach_savings_trace(e, 0.0, tr, &err)) {
    printf("%s\n", err.msg);
    return;
  }
  double worst_end = 0.0, worst_ld = 0.0;
  for (int b = 0; b < tr->batch; b++) {
    worst_end = fmax(worst_end, reach_trace_end_error(tr, b));
    worst_ld = fmax(worst_ld, fabs(tr->ld[b]));
  }
  *end_mm = 1e3 * worst_end;
  *ld_mm = 1e3 * worst_ld;
}

static uint64_t params_hash(const reach_savings *e) {
  size_t n;
  const double *theta = reach_savings_params(e, &n);
  return fnv1a(theta, n * sizeof *theta);
}

// Weight hash of a whole run of c.
static uint64_t run_hash(const reach_config *c) {
  reach_savings *e = NULL;
  reach_error err = {0};
  if (reach_savings_create(c, &e, &err) || run_to(e, REACH_STAGE_DONE, &err)) {
    printf("%s\n", err.msg);
    reach_savings_free(e);
    return 0;
  }
  uint64_t h = params_hash(e);
  reach_savings_free(e);
  return h;
}

int main(int argc, char **argv) {
  openblas_set_num_threads(1);
  const char *preset = argc > 1 ? argv[1] : REACH_TEST_DATA "/../../data/presets/small.ini";
  reach_config cfg;
  reach_error err = {0};
  if (reach_config_load(&cfg, preset, &err)) {
    printf("%s\n", err.msg);
    return 1;
  }
  const bool quick = argc > 2 && strcmp(argv[2], "quick") == 0;
  if (quick) {
    cfg.grow_batches = 30;
    for (int p = 0; p < REACH_NPHASE; p++) cfg.phase_batches[p] = 6;
    printf("quick mode: learning claims are checked by the plain build, not here\n");
  }
  printf("preset %s: %d units, growing up %d x %d, phases %d/%d/%d/%d\n", preset, cfg.units,
         cfg.grow_batches, cfg.grow_batch, cfg.phase_batches[0], cfg.phase_batches[1],
         cfg.phase_batches[2], cfg.phase_batches[3]);
  reach_savings *e = NULL;
  if (reach_savings_create(&cfg, &e, &err)) {
    printf("%s\n", err.msg);
    return 1;
  }

  // Growing up lowers the loss.
  if (run_to(e, REACH_STAGE_NF1, &err)) {
    printf("%s\n", err.msg);
    return 1;
  }
  if (quick) {
    reach_savings_free(e);
    goto determinism;
  }
  const double *gl;
  int ng = reach_savings_grow_loss(e, &gl);
  int w = ng / 10 > 0 ? ng / 10 : 1;
  double first = mean(gl, 0, w), last = mean(gl, ng - w, ng);
  CHECK(last < 0.5 * first,
        "growing up: mean loss of the first %d batches %.4g, of the last %d "
        "%.4g (must at least halve)",
        w, first, w, last);

  // Centre-out reaches in the null field: after growing up (reported) and after NF1, the
  // network that meets the field in FF1 batch 0 (asserted).
  reach_trace tr;
  reach_trace_init(&tr, cfg.task.n_targets, cfg.task.steps, cfg.units);
  double end_mm, ld_mm;
  reach_quality(e, &tr, &end_mm, &ld_mm);
  printf(
      "        after growing up: worst end-point error %.2f mm, worst |LD| %.2f mm "
      "(reported)\n",
      end_mm, ld_mm);
  if (run_to(e, REACH_STAGE_FF1, &err)) {
    printf("%s\n", err.msg);
    return 1;
  }
  reach_quality(e, &tr, &end_mm, &ld_mm);
  CHECK(end_mm < 10.0,
        "after growing up and NF1: worst end-point error of the %d centre-out "
        "reaches %.2f mm (must be < 10 mm)",
        tr.batch, end_mm);
  printf(
      "        after growing up and NF1: worst |LD| of a single reach in the null field %.2f mm "
      "(reported; the study's measure is the batch mean, checked below)\n",
      ld_mm);

  // The protocol.
  if (run_to(e, REACH_STAGE_DONE, &err)) {
    printf("%s\n", err.msg);
    return 1;
  }
  const double *ld[REACH_NPHASE];
  int n[REACH_NPHASE];
  for (int p = 0; p < REACH_NPHASE; p++) n[p] = reach_savings_ld(e, p, &ld[p], NULL);
  int k = n[1] / 10 > 0 ? n[1] / 10 : 1;
  printf(
      "LD (mm): NF1 final %+.2f | FF1 batch 0 %+.2f, final %+.2f | NF2 batch 0 %+.2f, final "
      "%+.2f | FF2 batch 0 %+.2f, final %+.2f\n",
      1e3 * mean(ld[0], n[0] - k, n[0]), 1e3 * ld[1][0], 1e3 * mean(ld[1], n[1] - k, n[1]),
      1e3 * ld[2][0], 1e3 * mean(ld[2], n[2] - k, n[2]), 1e3 * ld[3][0],
      1e3 * mean(ld[3], n[3] - k, n[3]));
  // LD as the study measures it, the batch mean over the 8 targets: small in the null field
  // against what the field does.
  double nf1_end = mean(ld[0], n[0] - k, n[0]);
  CHECK(fabs(nf1_end) < 0.1 * ld[1][0],
        "NF1 end: mean LD %+.2f mm, under a tenth of FF1's "
        "batch-0 LD (%.2f mm)",
        1e3 * nf1_end, 0.1e3 * ld[1][0]);
  CHECK(ld[1][0] > 0.0, "FF1 batch 0: LD %+.2f mm, clockwise as the field pushes (> 0)",
        1e3 * ld[1][0]);
  double ff1_end = mean(ld[1], n[1] - k, n[1]);
  CHECK(ff1_end < 0.75 * ld[1][0],
        "FF1: LD falls with learning, mean of the last %d batches "
        "%+.2f mm vs batch 0 %+.2f mm (must drop by a quarter)",
        k, 1e3 * ff1_end, 1e3 * ld[1][0]);
  CHECK(ld[2][0] < 0.0, "NF2 batch 0: after-effect LD %+.2f mm (counter-clockwise, < 0)",
        1e3 * ld[2][0]);
  printf(
      "savings (batch-0 LD, FF1 vs FF2): %+.2f vs %+.2f mm (reported, not asserted for one "
      "network)\n",
      1e3 * ld[1][0], 1e3 * ld[3][0]);

  reach_trace_free(&tr);
  printf("full-run weight hash %016llx\n", (unsigned long long)params_hash(e));
  reach_savings_free(e);

determinism:;
  // Same configuration and seed: bit-identical weights.
  reach_config short_cfg = cfg;
  short_cfg.grow_batches = 20;
  for (int p = 0; p < REACH_NPHASE; p++) short_cfg.phase_batches[p] = 5;
  uint64_t h0 = run_hash(&short_cfg), h1 = run_hash(&short_cfg);
  CHECK(h0 == h1, "two runs of the same short configuration: weight hashes %016llx and %016llx",
        (unsigned long long)h0, (unsigned long long)h1);
  short_cfg.seed++;
  uint64_t hother = run_hash(&short_cfg);
  CHECK(hother != h0, "a different seed gives different weights (%016llx)",
        (unsigned long long)hother);
  return reach_test_finish("training");
}
