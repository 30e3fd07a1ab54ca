// SPDX-License-Identifier: GPL-3.0-or-later
// reach_savings_from_grown_up (reachlab-cli savings --grown-up-from): phases started from a
// network that grew up in another run must give bit for bit the run trained from scratch with the
// same configuration: every weight (final and each stage's snapshot), the growing-up loss and the
// LD and loss logs of all four phases. Checked in double and single precision, for the
// configuration the network grew up with no phases, for one whose file holds finished phases
// (the streams come from rng_grown_up, not the file's current ones), and for other
// phase settings (field, lengths, lr). A network that grew up otherwise is refused, naming the
// file and the key.
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "reach.h"
#include "run_hash.h"

// Compares everything a run produces; prints what differed. Returns the number of arrays compared
// when all are identical, -1 otherwise.
static int compare_runs(const reach_savings *a, const reach_savings *b) {
  int arrays = 0, bad = 0;
  size_t n, nb;
  const double *ta = reach_savings_params(a, &n), *tb = reach_savings_params(b, &nb);
  bad += !(n == nb && same(ta, tb, n)), arrays++;
  for (reach_stage s = REACH_STAGE_GROW; s <= REACH_STAGE_FF2; s++) {
    const double *sa = reach_savings_snapshot(a, s), *sb = reach_savings_snapshot(b, s);
    bool ok = sa && sb && same(sa, sb, n);
    if (!ok) printf("        snapshot of stage %d differs\n", s);
    bad += !ok, arrays++;
  }
  const double *ga, *gb;
  int nga = reach_savings_grow_loss(a, &ga), ngb = reach_savings_grow_loss(b, &gb);
  bad += !(nga == ngb && same(ga, gb, (size_t)nga)), arrays++;
  for (int p = 0; p < REACH_NPHASE; p++) {
    const double *la, *lb, *xa, *xb;
    int ka = reach_savings_ld(a, p, &la, &xa), kb = reach_savings_ld(b, p, &lb, &xb);
    bool ok = ka == kb && same(la, lb, (size_t)ka) && same(xa, xb, (size_t)ka);
    if (!ok) printf("        phase %d logs differ (%d vs %d batches)\n", p, ka, kb);
    bad += !ok, arrays += 2;
  }
  return bad ? -1 : arrays;
}

int main(void) {
  reach_config cfg;
  tiny_run_config(&cfg, 5);
  reach_error err = {0};
  char dir[] = "/tmp/reach-grown-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  char grown[256], full[256];
  snprintf(grown, sizeof grown, "%s/grown.h5", dir);
  snprintf(full, sizeof full, "%s/full.h5", dir);

  for (int prec = 0; prec < 2; prec++) {
    cfg.precision = prec ? REACH_PRECISION_SINGLE : REACH_PRECISION_DOUBLE;
    const char *pname = prec ? "single" : "double";
    // The grown-up network: growing up only, no phases.
    reach_config gcfg = cfg;
    for (int p = 0; p < REACH_NPHASE; p++) gcfg.phase_batches[p] = 0;
    gcfg.phase_optim.lr = 0.5;  // a phase key: differs from cfg's and must not matter
    reach_savings *g = NULL;
    reach_savings_create(&gcfg, &g, &err);
    run_to_end(g);
    reach_status st = reach_savings_save(g, grown, &err);
    CHECK(st == REACH_OK, "%s: grown-up network saved: %s", pname, st ? err.msg : "ok");
    reach_savings_free(g);

    // The phases as they were, and a variant (another FF2 field, lengths and lr).
    reach_config variant = cfg;
    variant.phase_field[3] = -8.0;
    variant.phase_batches[1] = 9;
    variant.phase_optim.lr = 0.02;
    const reach_config *cases[2] = {&cfg, &variant};
    const char *names[2] = {"the same phases", "FF2 in -8, FF1 9 batches, lr 0.02"};
    for (int k = 0; k < 2; k++) {
      reach_savings *ref = NULL, *from = NULL;
      reach_savings_create(cases[k], &ref, &err);
      run_to_end(ref);
      st = reach_savings_from_grown_up(cases[k], grown, &from, &err);
      CHECK(st == REACH_OK, "%s, %s: started from the grown-up file: %s", pname, names[k],
            st ? err.msg : "ok");
      if (st) {
        reach_savings_free(ref);
        continue;
      }
      CHECK(reach_savings_stage(from) == REACH_STAGE_NF1 && reach_savings_batch(from) == 0,
            "%s: it starts at NF1 batch 0 (stage %d, batch %d)", pname, reach_savings_stage(from),
            reach_savings_batch(from));
      run_to_end(from);
      int arrays = compare_runs(ref, from);
      CHECK(arrays > 0,
            "%s, %s: from the grown-up file vs from scratch: %d arrays (weights, 5 "
            "snapshots, growing-up loss, LD and loss of 4 phases) bit-identical",
            pname, names[k], arrays);
      if (k == 0) {
        // A finished run's file: its current streams are past FF2, the saved end-of-growing-up
        // states must be the ones used.
        reach_savings_save(ref, full, &err);
        reach_savings *again = NULL;
        st = reach_savings_from_grown_up(&variant, full, &again, &err);
        reach_savings *vref = NULL;
        reach_savings_create(&variant, &vref, &err);
        run_to_end(vref);
        if (!st) run_to_end(again);
        arrays = st ? -1 : compare_runs(vref, again);
        CHECK(arrays > 0,
              "%s: the variant started from a finished run's file (phases done) "
              "vs from scratch: %d arrays bit-identical (%s)",
              pname, arrays, st ? err.msg : "ok");
        reach_savings_free(again);
        reach_savings_free(vref);
      }
      reach_savings_free(ref);
      reach_savings_free(from);
    }
  }
  cfg.precision = REACH_PRECISION_DOUBLE;

  // Refusals: the growing-up file of the last (single-precision) pass against configurations
  // that would have grown up differently. The message names the file and the key.
  struct {
    const char *key;
    reach_config c;
  } wrong[4];
  for (int k = 0; k < 4; k++) wrong[k].c = cfg, wrong[k].c.precision = REACH_PRECISION_SINGLE;
  wrong[0].key = "[network] units", wrong[0].c.units = 13;
  wrong[1].key = "[experiment] seed", wrong[1].c.seed = 6;
  wrong[2].key = "[growing_up] lr", wrong[2].c.grow_optim.lr = 0.004;
  wrong[3].key = "[task] noise_action", wrong[3].c.task.noise_action = 2e-4;
  for (int k = 0; k < 4; k++) {
    reach_savings *e = NULL;
    reach_status st = reach_savings_from_grown_up(&wrong[k].c, grown, &e, &err);
    CHECK(st == REACH_ERR_USAGE && strstr(err.msg, grown) && strstr(err.msg, wrong[k].key),
          "%s changed: refused naming the file and the key: \"%s\"", wrong[k].key,
          st ? err.msg : "(accepted)");
    reach_savings_free(e);
  }

  // A file still growing up has no grown-up network to start from.
  reach_config mid = cfg;
  mid.precision = REACH_PRECISION_SINGLE;
  reach_savings *e = NULL;
  reach_savings_create(&mid, &e, &err);
  for (int i = 0; i < 5; i++) reach_savings_step(e, &err);
  reach_savings_save(e, grown, &err);
  reach_savings_free(e);
  e = NULL;
  reach_status st = reach_savings_from_grown_up(&mid, grown, &e, &err);
  CHECK(st == REACH_ERR_USAGE && strstr(err.msg, "growing up (batch 5 of 12)"),
        "a file at growing-up batch 5 is refused: \"%s\"", st ? err.msg : "(accepted)");
  reach_savings_free(e);

  unlink(grown);
  unlink(full);
  rmdir(dir);
  return reach_test_finish("grown-up");
}
