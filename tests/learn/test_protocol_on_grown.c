// SPDX-License-Identifier: GPL-3.0-or-later
// reach_savings_with_protocol (the app's Protocol choice): a protocol's phase list put on a network
// that grew up must be, bit for bit, the run reachlab-cli savings --grown-up-from gives for the
// same protocol and network (reach_savings_from_grown_up) and the run trained from scratch: every
// weight, snapshot, the growing-up loss and each phase's LD, direction error and loss. Checked for
// the four-phase study and for a five-phase list with a rotation and two cued fields (context
// columns added at zero); the protocol's own units and growing up are not used. A network still
// growing up, and a protocol with fewer context inputs than the network trained, are refused
// naming the protocol; a bundled preset (capacity-4, nine phases) goes on with its names.
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "reach.h"
#include "run_hash.h"

// Compares everything a run produces over its phase list; prints what differed. Returns the
// number of arrays compared when all are identical, -1 otherwise.
static int compare_runs(const reach_savings *a, const reach_savings *b) {
  int arrays = 0, bad = 0, na, nb;
  reach_savings_phases(a, &na);
  reach_savings_phases(b, &nb);
  if (na != nb) return printf("        %d vs %d phases\n", na, nb), -1;
  size_t n, m;
  const double *ta = reach_savings_params(a, &n), *tb = reach_savings_params(b, &m);
  bad += !(n == m && same(ta, tb, n)), arrays++;
  for (int s = REACH_STAGE_GROW; s < na; s++) {
    const double *sa = reach_savings_snapshot(a, s), *sb = reach_savings_snapshot(b, s);
    bool ok = sa && sb && same(sa, sb, n);
    if (!ok) printf("        snapshot of stage %d differs\n", s);
    bad += !ok, arrays++;
  }
  const double *ga, *gb;
  int nga = reach_savings_grow_loss(a, &ga), ngb = reach_savings_grow_loss(b, &gb);
  bad += !(nga == ngb && same(ga, gb, (size_t)nga)), arrays++;
  for (int p = 0; p < na; p++) {
    const double *la, *lb, *xa, *xb, *da, *db;
    int ka = reach_savings_ld(a, p, &la, &xa), kb = reach_savings_ld(b, p, &lb, &xb);
    int ja = reach_savings_direction_error(a, p, &da),
        jb = reach_savings_direction_error(b, p, &db);
    bool ok = ka == kb && ka > 0 && same(la, lb, (size_t)ka) && same(xa, xb, (size_t)ka) &&
              ja == jb && same(da, db, (size_t)ja);
    if (!ok) printf("        phase %d logs differ (%d vs %d batches)\n", p, ka, kb);
    bad += !ok, arrays += 3;
  }
  return bad ? -1 : arrays;
}

static const char *five =
    "[network]\nunits = 20\ncontext_inputs = 2\n"
    "[growing_up]\nbatches = 99\nlr = 0.004\n[phases]\nlr = 0.02\n"
    "[phase.1]\nname = NF1\nbatches = 3\n"
    "[phase.2]\nname = CW1\nkind = curl\ngain = 8\ncontext = 1\nbatches = 4\n"
    "[phase.3]\nname = VMR\nkind = rotation\nangle_deg = 30\ncontext = 2\nbatches = 3\n"
    "[phase.4]\nname = NF2\nbatches = 3\n"
    "[phase.5]\nname = CW2\nkind = curl\ngain = 8\ncontext = 1\nbatches = 4\n";

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s capacity-4.ini\n", argv[0]);
    return 2;
  }
  reach_config cfg;
  tiny_run_config(&cfg, 11);
  reach_error err = {0};
  char dir[] = "/tmp/reach-protocol-grown-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  char grown[256];
  snprintf(grown, sizeof grown, "%s/grown.h5", dir);

  // The loaded network: the tiny run grown up, no phases (the app's network after growing up).
  reach_config gcfg = cfg;
  for (int p = 0; p < REACH_NPHASE; p++) gcfg.phase_batches[p] = 0;
  reach_savings *g = NULL;
  reach_status st = reach_savings_create(&gcfg, &g, &err);
  if (!st) run_to_end(g);
  if (!st) st = reach_savings_save(g, grown, &err);
  CHECK(st == REACH_OK, "tiny network grown up (12 units, 12 batches) and saved: %s",
        st ? err.msg : "ok");
  if (st) return reach_test_finish("protocol-on-grown");

  // The protocols: the study as it is, and the five-phase list, whose own units (20) and growing
  // up (99 batches, lr 0.004) differ from the network's and must not matter.
  reach_config study = cfg, listed;
  reach_config_default(&listed);
  st = reach_config_load_data(&listed, five, "five.ini", &err);
  CHECK(!st, "five-phase protocol text loads: %s", st ? err.msg : "ok");
  if (st) return reach_test_finish("protocol-on-grown");
  // What --grown-up-from runs: the protocol's phases with the network's growing-up keys.
  reach_config listed_cli = cfg;
  listed_cli.nphase = listed.nphase;
  memcpy(listed_cli.phase, listed.phase, sizeof listed.phase);
  listed_cli.context_inputs = listed.context_inputs;
  listed_cli.phase_optim = listed.phase_optim;
  const reach_config *protocols[2] = {&study, &listed}, *cli[2] = {&cfg, &listed_cli};
  const char *names[2] = {"the study (NF1, FF1, NF2, FF2)", "five phases, rotation, 2 contexts"};
  for (int k = 0; k < 2; k++) {
    reach_savings *app = NULL, *from_file = NULL, *scratch = NULL;
    st = reach_savings_with_protocol(g, protocols[k], "p.ini", &app, &err);
    CHECK(st == REACH_OK, "%s: put on the grown-up network: %s", names[k], st ? err.msg : "ok");
    if (st) continue;
    int np;
    const reach_phase *ph = reach_savings_phases(app, &np);
    CHECK(reach_savings_stage(app) == REACH_STAGE_NF1 && reach_savings_batch(app) == 0 &&
              reach_savings_config(app)->units == 12,
          "%s: starts at %s batch 0 of %d phases on the network's 12 units (stage %d, %d units)",
          names[k], ph[0].name, np, reach_savings_stage(app), reach_savings_config(app)->units);
    run_to_end(app);
    reach_savings_from_grown_up(cli[k], grown, &from_file, &err);
    reach_savings_create(cli[k], &scratch, &err);
    if (from_file) run_to_end(from_file);
    if (scratch) run_to_end(scratch);
    int a1 = from_file ? compare_runs(app, from_file) : -1;
    int a2 = scratch ? compare_runs(app, scratch) : -1;
    CHECK(a1 > 0, "%s: app's protocol vs --grown-up-from: %d arrays bit-identical (hash %016llx)",
          names[k], a1, (unsigned long long)run_hash(app));
    CHECK(a2 > 0, "%s: app's protocol vs from scratch: %d arrays bit-identical", names[k], a2);
    reach_savings_free(app);
    reach_savings_free(from_file);
    reach_savings_free(scratch);
  }

  // A bundled preset: capacity-4's nine phases and four contexts, names kept.
  reach_config cap;
  reach_config_default(&cap);
  st = reach_config_load(&cap, argv[1], &err);
  reach_savings *e = NULL;
  if (!st) st = reach_savings_with_protocol(g, &cap, "capacity-4.ini", &e, &err);
  int np = 0;
  const reach_phase *ph = st ? NULL : reach_savings_phases(e, &np);
  CHECK(!st && np == 9 && !strcmp(ph[1].name, "CW1") && !strcmp(ph[8].name, "ROTCCW2") &&
            reach_savings_gru(e)->inputs == reach_savings_gru(g)->inputs + 4,
        "capacity-4.ini on the network: %d phases (%s ... %s), %d inputs (network %d + 4): %s", np,
        np ? ph[1].name : "?", np ? ph[8].name : "?", e ? reach_savings_gru(e)->inputs : 0,
        reach_savings_gru(g)->inputs, st ? err.msg : "ok");
  if (!st) {
    st = reach_savings_step(e, &err);
    CHECK(!st && reach_savings_batch(e) == 1, "and steps one batch of %s: %s", ph[0].name,
          st ? err.msg : "ok");
  }

  // Refusals name the protocol: fewer context inputs than e (capacity-4's network) trained.
  reach_savings *r = NULL;
  st = e ? reach_savings_with_protocol(e, &study, "study.ini", &r, &err) : REACH_OK;
  CHECK(st == REACH_ERR_USAGE && strstr(err.msg, "study.ini") &&
            strstr(err.msg, "[network] context_inputs = 0"),
        "four-phase protocol on a 4-context network refused: \"%s\"", st ? err.msg : "(accepted)");
  reach_savings_free(r);
  reach_savings_free(e);
  // A network still growing up.
  reach_savings *mid = NULL;
  reach_savings_create(&cfg, &mid, &err);
  for (int i = 0; i < 5; i++) reach_savings_step(mid, &err);
  r = NULL;
  st = reach_savings_with_protocol(mid, &listed, "five.ini", &r, &err);
  CHECK(st == REACH_ERR_USAGE && strstr(err.msg, "five.ini") &&
            strstr(err.msg, "growing up (batch 5 of 12)"),
        "a network at growing-up batch 5 refused: \"%s\"", st ? err.msg : "(accepted)");
  reach_savings_free(r);
  reach_savings_free(mid);

  reach_savings_free(g);
  unlink(grown);
  rmdir(dir);
  return reach_test_finish("protocol-on-grown");
}
