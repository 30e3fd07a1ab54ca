// SPDX-License-Identifier: GPL-3.0-or-later
// The bundled network (data/networks/demo) is what its README says: the run of demo.ini (same
// configuration, finished), with a snapshot at the end of growing up and of every phase, and it
// shows what the app presents at first launch: the NF1-final network reaches the 8 targets
// within 1 cm, the field deviates it clockwise, FF1 and FF2 reduce the deviation, NF2 opens with
// an after-effect.
//
// With --retrain (suite `slow`, about 4 minutes) it also checks the README's claim that the bundle
// is the output of `reachlab-cli train --config demo.ini`: it trains demo.ini from scratch and
// compares every weight, snapshot and logged LD bit for bit. The products are ReachLab's own
// kernel, the same bits on any x86-64 CPU; a bundle computed by another engine (its `engine`
// attribute, data/networks/README.md) rounds differently, and the test then reports how far apart
// the two runs are.
//
// usage: test-bundle NETWORK.h5 DEMO.ini [--retrain]
#include <string.h>

#include "harness.h"
#include "reach.h"

static double mean_last(const double *x, int n, int k) {
  double s = 0.0;
  for (int i = n - k; i < n; i++) s += x[i];
  return s / k;
}

// Largest |a - b| over n values and the count of values not bit-identical.
static double max_diff(const double *a, const double *b, size_t n, size_t *differ) {
  double worst = 0.0;
  for (size_t i = 0; i < n; i++) {
    if (memcmp(&a[i], &b[i], sizeof a[i]) != 0) (*differ)++;
    worst = fmax(worst, fabs(a[i] - b[i]));
  }
  return worst;
}

// OpenBLAS on several threads may round differently; the CLI trains on one (as the app's worker).
void openblas_set_num_threads(int n);

// The file is read again: the checks above moved the loaded run's weights to a snapshot.
static void retrain(const char *path, const reach_config *demo) {
  reach_error err = {0};
  reach_savings *e = NULL, *bundle = NULL;
  CHECK(reach_savings_load(path, &bundle, &err) == REACH_OK &&
            reach_savings_create(demo, &e, &err) == REACH_OK,
        "%s loads and demo.ini creates a run (%s)", path, err.msg);
  if (!e || !bundle) {
    reach_savings_free(e);
    reach_savings_free(bundle);
    return;
  }
  while (reach_savings_stage(e) < REACH_STAGE_DONE)
    if (reach_savings_step(e, &err) != REACH_OK) {
      CHECK(0, "retraining demo.ini: %s", err.msg);
      reach_savings_free(e);
      return;
    }
  size_t n = 0, differ = 0;
  const double *a = reach_savings_params(e, &n), *b = reach_savings_params(bundle, NULL);
  double worst = max_diff(a, b, n, &differ);
  for (reach_stage s = REACH_STAGE_GROW; s <= REACH_STAGE_FF2; s++)
    worst = fmax(worst, max_diff(reach_savings_snapshot(e, s), reach_savings_snapshot(bundle, s), n,
                                 &differ));
  size_t nld = 0;
  for (int p = 0; p < REACH_NPHASE; p++) {
    const double *la, *lb;
    int m = reach_savings_ld(e, p, &la, NULL);
    CHECK(m == reach_savings_ld(bundle, p, &lb, NULL), "phase %d: %d LD values logged", p, m);
    worst = fmax(worst, max_diff(la, lb, (size_t)m, &differ));
    nld += (size_t)m;
  }
  CHECK(differ == 0,
        "demo.ini retrained from scratch equals the bundle: %zu of %zu weights "
        "(final + 5 snapshots) and %zu logged LD values differ, largest difference %.3g",
        differ, 6 * n, nld, worst);
  reach_savings_free(e);
  reach_savings_free(bundle);
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  reach_error err = {0};
  reach_savings *e = NULL;
  reach_config demo;
  if (reach_savings_load(argv[1], &e, &err) || reach_config_load(&demo, argv[2], &err)) {
    printf("%s\n", err.msg);
    return 1;
  }
  // Every key that changes a result (reach_config_differ: not checkpoint_every, not threads)
  char why[300] = "";
  CHECK(!reach_config_differ(reach_savings_config(e), &demo, why, sizeof why),
        "the bundle's stored configuration trains as %s does%s%s", argv[2], why[0] ? ": " : "",
        why);
  CHECK(reach_savings_stage(e) == REACH_STAGE_DONE, "the run is complete (stage %d)",
        reach_savings_stage(e));
  int snaps = 0;
  for (reach_stage s = REACH_STAGE_GROW; s <= REACH_STAGE_FF2; s++)
    snaps += reach_savings_snapshot(e, s) != NULL;
  CHECK(snaps == 5, "snapshots at the end of growing up and of the 4 phases: %d", snaps);

  // The NF1-final network in the null field.
  const reach_config *c = reach_savings_config(e);
  reach_trace tr;
  reach_trace_init(&tr, c->task.n_targets, c->task.steps, c->units);
  reach_savings_set_params(e, reach_savings_snapshot(e, REACH_STAGE_NF1));
  reach_savings_trace(e, 0.0, &tr, &err);
  double worst = 0.0;
  for (int r = 0; r < tr.batch; r++) {
    worst = fmax(worst, reach_trace_end_error(&tr, r));
  }
  CHECK(worst < 0.01, "NF1-final network, null field: worst end-point error %.2f mm (< 10 mm)",
        1e3 * worst);
  reach_trace_free(&tr);

  const double *ld[REACH_NPHASE];
  int n[REACH_NPHASE];
  for (int p = 0; p < REACH_NPHASE; p++) n[p] = reach_savings_ld(e, p, &ld[p], NULL);
  const double ff1_0 = ld[1][0], ff1_end = mean_last(ld[1], n[1], 10);
  const double ff2_0 = ld[3][0], ff2_end = mean_last(ld[3], n[3], 10);
  printf(
      "        logged LD (mm): NF1 end %+.2f | FF1 %+.2f -> %+.2f | NF2 %+.2f -> %+.2f | FF2 "
      "%+.2f -> %+.2f\n",
      1e3 * mean_last(ld[0], n[0], 10), 1e3 * ff1_0, 1e3 * ff1_end, 1e3 * ld[2][0],
      1e3 * mean_last(ld[2], n[2], 10), 1e3 * ff2_0, 1e3 * ff2_end);
  CHECK(ff1_0 > 0.0 && ff1_end < 0.5 * ff1_0,
        "FF1: clockwise at batch 0 (%+.2f mm), at least "
        "halved by the end (%+.2f mm)",
        1e3 * ff1_0, 1e3 * ff1_end);
  CHECK(ff2_0 > 0.0 && ff2_end < 0.5 * ff2_0,
        "FF2: clockwise at batch 0 (%+.2f mm), at least "
        "halved by the end (%+.2f mm)",
        1e3 * ff2_0, 1e3 * ff2_end);
  CHECK(ld[2][0] < 0.0, "NF2 batch 0: after-effect %+.2f mm (< 0)", 1e3 * ld[2][0]);
  if (argc > 3 && strcmp(argv[3], "--retrain") == 0) {
    openblas_set_num_threads(1);
    retrain(argv[1], &demo);
  }
  reach_savings_free(e);
  return reach_test_finish("bundle");
}
