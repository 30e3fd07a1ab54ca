// SPDX-License-Identifier: GPL-3.0-or-later
// Protocols as phase lists (issue 19) as claims:
// - the four phases written as [phase.1] ... [phase.4] train the same weights, LD and loss logs as
//   the [phases] form, bit for bit; so do they with every phase a rotation of 0 degrees and two
//   context inputs that are never switched on (the grown-up network, its context columns aside,
//   and every log equal);
// - the list form and K are written back and read again exactly, and a file's mistakes in a
//   [phase.N] section name the file, the line, the phase and the key;
// - a run of a five-phase protocol with a rotation and a cued field continues from a checkpoint
//   bit for bit, and its file records K (the shape of W_ih);
// - the context columns' gradient (b_ih's, through the fold) agrees with central differences;
// - the direction error of a rotated cursor is the unrotated one minus the angle;
// - every preset in data/presets/protocols loads, has a default pair to compare, and runs (at
//   8 units, 2 batches a stage) with finite logs.
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "learn/loss.h"
#include "study/savings.h"
#include "study/savings_internal.h"
#include "study/savings_report.h"

static const char *const base_ini =
    "[network]\nunits = 8\n"
    "[growing_up]\nbatches = 4\nbatch = 8\n"
    "[experiment]\ncheckpoint_every = 0\n";

static const char *const old_form =
    "[phases]\nnf1_batches = 3\nff1_batches = 2\nnf2_batches = 3\nff2_batches = 2\n";

static const char *const list_form =
    "[phase.1]\nname = NF1\nkind = null\nbatches = 3\n"
    "[phase.2]\nname = FF1\nkind = curl\ngain = 8\nbatches = 2\n"
    "[phase.3]\nname = NF2\nkind = null\nbatches = 3\n"
    "[phase.4]\nname = FF2\nkind = curl\ngain = 8\nbatches = 2\n";

// Rotation of 0 degrees everywhere a field is off (and two context inputs never on, set below).
static const char *const rot0_form =
    "[phase.1]\nname = NF1\nkind = rotation\nangle_deg = 0\nbatches = 3\n"
    "[phase.2]\nname = FF1\nkind = curl\ngain = 8\nbatches = 2\n"
    "[phase.3]\nname = NF2\nkind = rotation\nangle_deg = 0\nbatches = 3\n"
    "[phase.4]\nname = FF2\nkind = curl\ngain = 8\nbatches = 2\ncontext = 0\n";

static int load(reach_config *c, const char *a, const char *b) {
  char text[4096];
  reach_error err = {0};
  snprintf(text, sizeof text, "%s%s", a, b);
  reach_status st = reach_config_load_data(c, text, "x.ini", &err);
  if (st) printf("load: %s\n", err.msg);
  return st;
}

static reach_savings *run(const reach_config *c) {
  reach_savings *e = NULL;
  reach_error err = {0};
  if (reach_savings_create(c, &e, &err)) {
    printf("create: %s\n", err.msg);
    return NULL;
  }
  while (reach_savings_stage(e) != REACH_STAGE_DONE)
    if (reach_savings_step(e, &err)) {
      printf("step: %s\n", err.msg);
      break;
    }
  return e;
}

// Whether a and b logged the same bits in every phase (LD, direction error, loss).
static int same_logs(const reach_savings *a, const reach_savings *b) {
  int na, nb;
  reach_savings_phases(a, &na);
  reach_savings_phases(b, &nb);
  if (na != nb) return 0;
  for (int p = 0; p < na; p++) {
    const double *la, *lb, *xa, *xb, *da, *db;
    int n1 = reach_savings_ld(a, p, &la, &xa), n2 = reach_savings_ld(b, p, &lb, &xb);
    reach_savings_direction_error(a, p, &da);
    reach_savings_direction_error(b, p, &db);
    if (n1 != n2 || memcmp(la, lb, (size_t)n1 * sizeof *la) ||
        memcmp(xa, xb, (size_t)n1 * sizeof *xa) || memcmp(da, db, (size_t)n1 * sizeof *da))
      return 0;
  }
  return 1;
}

// The weights of network e in the 17-input layout (its context columns dropped).
static void sensory_weights(const reach_savings *e, double *out) {
  const reach_gru *x = &e->gru, *b = &e->gru_run;
  for (int i = 0; i < 3 * b->units; i++)
    memcpy(out + b->offset[REACH_GRU_W_IH] + (size_t)i * b->inputs,
           e->theta + x->offset[REACH_GRU_W_IH] + (size_t)i * x->inputs,
           (size_t)b->inputs * sizeof *out);
  for (int k = REACH_GRU_W_HH; k < REACH_GRU_NBLOCK; k++)
    memcpy(out + b->offset[k], e->theta + x->offset[k],
           (b->offset[k + 1] - b->offset[k]) * sizeof *out);
}

static void expect_error(const char *label, const char *text, const char *f1, const char *f2) {
  reach_config c;
  reach_config_default(&c);
  reach_error err = {0};
  reach_status st = reach_config_load_data(&c, text, "x.ini", &err);
  CHECK(st != REACH_OK && strstr(err.msg, f1) && (!f2 || strstr(err.msg, f2)),
        "%s: \"%s\" (expected \"%s\"%s%s)", label, err.msg, f1, f2 ? " and " : "", f2 ? f2 : "");
}

int main(void) {
  reach_config c_old, c_list, c_rot0;
  if (load(&c_old, base_ini, old_form) || load(&c_list, base_ini, list_form) ||
      load(&c_rot0, base_ini, rot0_form))
    return 1;
  c_rot0.context_inputs = 2;
  char why[300] = "";
  CHECK(c_list.nphase == 4 && c_old.nphase == 0 &&
            !reach_config_differ(&c_list, &c_old, why, sizeof why),
        "four phases as a list: %d phases, the same training configuration as [phases] (%s)",
        c_list.nphase, why[0] ? why : "no difference");

  // The list and the old form train alike, bit for bit.
  reach_savings *e_old = run(&c_old), *e_list = run(&c_list), *e_rot0 = run(&c_rot0);
  if (!e_old || !e_list || !e_rot0) return 1;
  size_t n;
  const double *t_old = reach_savings_params(e_old, &n),
               *t_list = reach_savings_params(e_list, NULL);
  const double *ld;
  reach_savings_ld(e_old, 3, &ld, NULL);
  CHECK(!memcmp(t_old, t_list, n * sizeof *t_old) && same_logs(e_old, e_list),
        "four-phase list vs [phases]: %zu weights and every LD, direction-error and loss entry "
        "bit-identical (FF2's last LD %.6f mm)",
        n, 1e3 * ld[1]);
  double *w = calloc(n, sizeof *w);
  sensory_weights(e_rot0, w);
  size_t nr;
  reach_savings_params(e_rot0, &nr);
  CHECK(!memcmp(w, t_old, n * sizeof *w) && same_logs(e_old, e_rot0) && nr == n + 3 * 8 * 2,
        "rotation 0 deg and two context inputs never on: the %zu weights beside the %zu context "
        "weights and every log bit-identical to [phases]",
        n, nr - n);
  for (int s = -1; s < 4; s++) {
    const double *a = reach_savings_snapshot(e_old, (reach_stage)s);
    const double *b = reach_savings_snapshot(e_list, (reach_stage)s);
    CHECK(a && b && !memcmp(a, b, n * sizeof *a), "snapshot %s: list and [phases] bit-identical",
          s < 0 ? "growing_up" : reach_phase_names[s]);
  }

  // Written back and read again.
  char *text = reach_config_to_string(&c_rot0);
  reach_config back;
  reach_error err = {0};
  reach_status st = reach_config_load_data(&back, text, "back.ini", &err);
  char *text2 = st ? NULL : reach_config_to_string(&back);
  CHECK(!st && text2 && !strcmp(text, text2) && back.context_inputs == 2 && back.nphase == 4 &&
            strstr(text, "[phase.4]") && !strstr(text, "nf1_batches"),
        "list form written and read back: the same text, K = %d, %d phases (%s)",
        back.context_inputs, back.nphase, st ? err.msg : "ok");
  free(text);
  free(text2);
  text = reach_config_to_string(&c_old);
  CHECK(!strstr(text, "[phase.") && !strstr(text, "context_inputs") && strstr(text, "nf1_batches"),
        "[phases] form written as it always was (no [phase.N], no context_inputs key)");
  free(text);

  // Mistakes name the file, line, phase and key.
  expect_error("unknown kind", "[phase.1]\nname = A\nkind = curly\nbatches = 1\n",
               "x.ini:3: [phase.1] kind: expected null, curl or rotation", "curly");
  expect_error("gap", "[phase.1]\nbatches = 1\n[phase.3]\nbatches = 1\n",
               "x.ini:3:", "[phase.3] without [phase.2]");
  expect_error("repeated name",
               "[phase.1]\nname = A\nbatches = 1\n[phase.2]\nbatches = 2\nname = A\n",
               "x.ini:6: [phase.2] name: expected a name no other phase has", NULL);
  expect_error(
      "context beyond K", "[network]\ncontext_inputs = 1\n[phase.1]\nbatches = 1\ncontext = 2\n",
      "x.ini:5: [phase.1] context: expected 0 ... [network] context_inputs = 1, got 2", NULL);
  expect_error("both forms", "[phases]\nff1_batches = 3\n[phase.1]\nbatches = 1\n",
               "x.ini:2: [phases] ff1_batches", "[phase.N]");
  expect_error("missing batches", "[phase.1]\nname = A\n", "x.ini:1: [phase.1] batches: missing",
               NULL);
  expect_error("unknown key", "[phase.1]\nbatches = 1\ngian = 3\n",
               "x.ini:3: [phase.1] unknown key 'gian'", NULL);
  expect_error("bad number", "[phase.1]\nbatches = 1\n[phase.2]\nbatches = 1\nangle_deg = 400\n",
               "x.ini:5: [phase.2] angle_deg", "400");
  expect_error("reserved name", "[phase.1]\nbatches = 1\nname = growing_up\n",
               "x.ini:3: [phase.1] name: expected a name other than growing_up", NULL);
  expect_error("phase 0", "[phase.0]\nbatches = 1\n", "x.ini:1: expected a phase section", NULL);
  expect_error("catch above the phase's batch",
               "[phase.1]\nbatches = 1\n[phase.2]\nbatches = 1\ncatch = 9\n",
               "x.ini:5: [phase.2] catch: expected at most the phase batch", NULL);

  // Five phases with a rotation and cued fields: a checkpoint mid-protocol continues bit for bit.
  const char *five =
      "[network]\nunits = 8\ncontext_inputs = 2\n"
      "[growing_up]\nbatches = 2\nbatch = 8\n[experiment]\ncheckpoint_every = 0\n"
      "[phase.1]\nname = base\nbatches = 2\n"
      "[phase.2]\nname = rot\nkind = rotation\nangle_deg = 30\nbatches = 3\n"
      "[phase.3]\nname = cw\nkind = curl\ngain = 8\ncontext = 1\nbatches = 2\nlr = 0.02\n"
      "[phase.4]\nname = ccw\nkind = curl\ngain = -8\ncontext = 2\nbatches = 2\n"
      "optimizer = adam\nlr = 0.001\nbatch_repeats = 2\ncatch = 5\n"
      "[phase.5]\nname = cw-again\nkind = curl\ngain = 8\ncontext = 1\nbatches = 2\n";
  reach_config c5;
  st = reach_config_load_data(&c5, five, "five.ini", &err);
  CHECK(!st, "five-phase protocol loads (%s)", st ? err.msg : "ok");
  if (st) return reach_test_finish("protocol");
  reach_savings *full = run(&c5), *part = NULL, *cont = NULL;
  st = reach_savings_create(&c5, &part, &err);
  while (!st && (reach_savings_stage(part) < 2 ||
                 (reach_savings_stage(part) == 2 && reach_savings_batch(part) < 1)))
    st = reach_savings_step(part, &err);
  char tmpdir[] = "/tmp/reach-protocol-XXXXXX", path[64];
  if (!mkdtemp(tmpdir)) return 1;
  snprintf(path, sizeof path, "%s/run.h5", tmpdir);
  if (!st) st = reach_savings_save(part, path, &err);
  if (!st) st = reach_savings_load(path, &cont, &err);
  while (!st && reach_savings_stage(cont) != REACH_STAGE_DONE) st = reach_savings_step(cont, &err);
  size_t n5 = 0;
  const double *tf = full ? reach_savings_params(full, &n5) : NULL;
  CHECK(!st && full && cont && !memcmp(tf, reach_savings_params(cont, NULL), n5 * sizeof *tf) &&
            same_logs(full, cont) && reach_savings_gru(cont)->inputs == 19,
        "five phases (rotation 30 deg; cued +8 / -8 / +8 fields; adam and a larger batch in one): "
        "saved in phase 'cw' batch 1, loaded and continued equals the uninterrupted run, %zu "
        "weights, W_ih with %d inputs (%s)",
        n5, cont ? reach_savings_gru(cont)->inputs : 0, st ? err.msg : "ok");
  const double *dir = NULL;
  int nd = full ? reach_savings_direction_error(full, 1, &dir) : 0;
  const double *ctx_col = full ? reach_savings_params(full, NULL) : NULL;
  double cmax = 0.0;
  if (full)
    for (int i = 0; i < 3 * 8; i++)
      cmax = fmax(cmax, fabs(ctx_col[full->gru.offset[REACH_GRU_W_IH] + (size_t)i * 19 + 17]));
  CHECK(nd == 3 && dir && isfinite(dir[0]) && cmax > 0.0,
        "rotation phase logged %d direction errors (batch 0: %.2f deg); context column 1 learnt "
        "(largest weight %.3g)",
        nd, dir ? dir[0] : (double)NAN, cmax);
  // The report compares any two phases: the default pair and a named one, from the file.
  {
    reach_phase ph[REACH_MAX_PHASES];
    reach_compare cmp;
    int np = reach_config_phases(&c_old, ph);
    reach_status cs = reach_compare_choose(ph, np, NULL, &cmp, &err);
    CHECK(!cs && cmp.first == 1 && cmp.second == 3 && cmp.before_first == 0 &&
              cmp.before_second == 2 && cmp.sign_first == 1 && cmp.sign_second == 1,
          "default pair of the four-phase study: FF1 (after NF1) vs FF2 (after NF2), both +");
    np = reach_config_phases(&c5, ph);
    cs = reach_compare_choose(ph, np, NULL, &cmp, &err);
    CHECK(
        !cs && cmp.first == 2 && cmp.second == 4 && cmp.before_first == 1 && cmp.before_second == 3,
        "default pair of base, rot, cw, ccw, cw-again: the first repeated perturbation, cw (2) "
        "vs cw-again (4), got %d vs %d",
        cmp.first, cmp.second);
    // Which pairs are the four-phase study the neural analyses are for (report and the app ask
    // the same function): the study and the null model (NF1, FF1, NF2, a rotation) are; ABA,
    // whose third phase is a field, and a five-phase list are not.
    {
      reach_phase q[4] = {{.kind = REACH_PHASE_NULL},
                          {.kind = REACH_PHASE_CURL, .gain = 8},
                          {.kind = REACH_PHASE_NULL},
                          {.kind = REACH_PHASE_ROTATION, .angle_deg = 30}};
      const reach_compare c13 = {.first = 1, .second = 3, .before_first = 0, .before_second = 2};
      const bool null_model = reach_compare_is_study(q, 4, &c13);
      q[2] = (reach_phase){.kind = REACH_PHASE_CURL, .gain = -8};
      const bool aba = reach_compare_is_study(q, 4, &c13);
      CHECK(
          null_model && !aba && !reach_compare_is_study(ph, np, &cmp),
          "the study's neural analyses: the null model's pair qualifies (%d), ABA's does not (%d), "
          "nor the five-phase list's cw vs cw-again (%d)",
          null_model, aba, reach_compare_is_study(ph, np, &cmp));
    }
    cs = reach_compare_choose(ph, np, "base,rot", &cmp, &err);
    CHECK(!cs && cmp.first == 0 && cmp.second == 1 && cmp.before_first == -1 &&
              cmp.before_second == -1 && cmp.sign_second == -1,
          "--compare base,rot: no phase before either; a +30 deg rotation counts negative LD");
    cs = reach_compare_choose(ph, np, "cw,FF2", &cmp, &err);
    CHECK(cs == REACH_ERR_PARSE && strstr(err.msg, "base, rot, cw, ccw, cw-again"),
          "--compare cw,FF2 refused, naming the protocol's phases: %s", err.msg);
    reach_report_network x;
    cs = reach_savings_save(full, path, &err);
    if (!cs) cs = reach_report_network_load_compare(path, 0, "ccw,cw-again", &x, NULL, NULL, &err);
    const double *lc = NULL, *lw = NULL;
    reach_savings_ld(full, 3, &lc, NULL);
    reach_savings_ld(full, 4, &lw, NULL);
    CHECK(!cs && x.m.ff1_ld0 == -lc[0] && x.m.ff2_ld0 == lw[0] && x.sign_ff1 == -1 && !x.analysed &&
              !strcmp(x.phase_name[1], "ccw"),
          "report of the saved five-phase run, --compare ccw,cw-again: FF1's part is ccw's batch-0 "
          "LD sign-flipped (%.4f mm), FF2's cw-again's (%.4f mm); neural pipeline left out (%s)",
          1e3 * x.m.ff1_ld0, 1e3 * x.m.ff2_ld0, cs ? err.msg : x.analysis_error);
    const bool curl_no_dir = !cs && !x.rotation && isnan(x.dm.ff1_ld0);
    if (!cs) reach_report_network_free(&x);
    // A pair with a rotation is also measured on the cursor's direction error, signed as its LD:
    // the +30 deg rotation's error counts negative, so its sign flips.
    const double *db = NULL, *dr = NULL;
    reach_savings_direction_error(full, 0, &db);
    reach_savings_direction_error(full, 1, &dr);
    cs = reach_report_network_load_compare(path, 0, "base,rot", &x, NULL, NULL, &err);
    CHECK(!cs && curl_no_dir && x.rotation && x.dm.ff1_ld0 == db[0] && x.dm.ff2_ld0 == -dr[0] &&
              isnan(x.dm.after_effect),
          "--compare base,rot: direction-error measures from the logs, base batch 0 %.3f deg, rot "
          "batch 0 %.3f deg flipped to %.3f; none for the curl pair ccw,cw-again",
          db ? db[0] : (double)NAN, dr ? dr[0] : (double)NAN, cs ? (double)NAN : x.dm.ff2_ld0);
    if (!cs) reach_report_network_free(&x);
  }
  unlink(path);
  rmdir(tmpdir);

  // The context column's gradient through the fold against central differences: a rotated,
  // cued pass on the eval reaches without noise, the frozen-input rollout of the phases.
  {
    reach_savings *e = full;
    reach_rollout *ro = &e->phase_ro;
    double *theta = e->theta;
    reach_rng rng;
    reach_rng_init(&rng, 5);
    // non-zero context columns and b_ih, so the fold matters
    for (int i = 0; i < 3 * 8; i++)
      for (int j = 17; j < 19; j++)
        theta[e->gru.offset[REACH_GRU_W_IH] + (size_t)i * 19 + j] = reach_rng_gauss(&rng, 0.3);
    reach_rng_free(&rng);
    const int ctx = 2;
    reach_rollout_set_rotation(ro, 30.0);
    reach_savings_fold_context(e, ctx);
    reach_rollout_forward(ro, &e->ctx, e->theta_run, &e->eval_trials, -8.0, NULL);
    reach_loss_eval(ro, &e->cfg.loss, &e->cfg.task, NULL);
    memset(e->grad_run, 0, e->gru_run.n_params * sizeof *e->grad_run);
    reach_rollout_backward(ro, &e->ctx, e->theta_run, e->grad_run, true);
    reach_savings_unfold_grad(e, ro, ctx);
    double worst = 0.0, gmax = 0.0, other = 0.0;
    for (int i = 0; i < 3 * 8; i += 3) {
      const size_t at = e->gru.offset[REACH_GRU_W_IH] + (size_t)i * 19 + 17 + ctx - 1;
      const double keep = theta[at], h = 1e-5;
      double l[2];
      for (int s = 0; s < 2; s++) {
        theta[at] = keep + (s ? -h : h);
        reach_savings_fold_context(e, ctx);
        reach_rollout_forward(ro, &e->ctx, e->theta_run, &e->eval_trials, -8.0, NULL);
        l[s] = reach_loss_eval(ro, &e->cfg.loss, &e->cfg.task, NULL);
      }
      theta[at] = keep;
      const double diff = (l[0] - l[1]) / (2 * h), g = e->grad[at];
      gmax = fmax(gmax, fabs(g));
      worst = fmax(worst, fabs(diff - g) / fmax(fmax(fabs(diff), fabs(g)), 1e-9));
      other = fmax(other, fabs(e->grad[at - 1]));
    }
    CHECK(worst <= 1e-6 && gmax > 0.0 && other == 0.0,
          "context 2's W_ih column through the fold (rotation 30 deg, field -8): gradient vs "
          "central differences, worst relative error %.2e over 8 entries (|grad| up to %.3g; "
          "tolerance 1e-6); the column of context 1, which is off, gets 0 (%g)",
          worst, gmax, other);
    reach_rollout_set_rotation(ro, 0.0);
  }

  // The direction error of a rotated cursor is the hand's minus the angle.
  {
    reach_savings *e = e_old;
    reach_rollout *ro = &e->eval_ro;
    double plain[8], rot[8];
    reach_rollout_set_rotation(ro, 0.0);
    reach_rollout_forward(ro, &e->ctx, e->theta_run, &e->eval_trials, 8.0, NULL);
    reach_rollout_direction_error(ro, plain);
    reach_rollout_set_rotation(ro, 30.0);
    reach_rollout_forward(ro, &e->ctx, e->theta_run, &e->eval_trials, 8.0, NULL);
    // the same network sees the rotated hand, so the path changes: compare on the same path
    reach_rollout_set_rotation(ro, 0.0);
    reach_rollout_direction_error(ro, plain);
    reach_rollout_set_rotation(ro, 30.0);
    reach_rollout_direction_error(ro, rot);
    double worst = 0.0;
    for (int b = 0; b < 8; b++) {
      double d = rot[b] - (plain[b] - 30.0);
      d = fmod(d + 540.0, 360.0) - 180.0;
      worst = fmax(worst, fabs(d));
    }
    CHECK(worst < 1e-9,
          "direction error of a cursor rotated +30 deg (counter-clockwise) = the "
          "hand's - 30 deg on all 8 reaches (worst %.1e deg; reach 0: hand %.2f, cursor %.2f)",
          worst, plain[0], rot[0]);
    reach_rollout_set_rotation(ro, 0.0);
  }

  // The reviewers' presets: load, compare, run a few batches.
  {
    DIR *dh = opendir(REACH_PROTOCOLS);
    int seen = 0;
    CHECK(dh != NULL, "presets directory %s opens", REACH_PROTOCOLS);
    for (struct dirent *de; dh && (de = readdir(dh));) {
      const size_t len = strlen(de->d_name);
      if (len < 5 || strcmp(de->d_name + len - 4, ".ini")) continue;
      char file[512];
      snprintf(file, sizeof file, "%s/%s", REACH_PROTOCOLS, de->d_name);
      reach_config pc;
      reach_status ps = reach_config_load(&pc, file, &err);
      reach_compare cmp = {0};
      reach_phase ph[REACH_MAX_PHASES];
      int np = ps ? 0 : reach_config_phases(&pc, ph);
      if (!ps) ps = reach_compare_choose(ph, np, NULL, &cmp, &err);
      int finite = 0, logged = 0;
      if (!ps) {
        pc.units = 8;
        pc.grow_batches = 2;
        pc.grow_batch = 8;
        for (int p = 0; p < pc.nphase; p++) pc.phase[p].batches = 2;
        reach_savings *pe = run(&pc);
        for (int p = 0; pe && p < np; p++) {
          const double *l, *d;
          const int nl = reach_savings_ld(pe, p, &l, NULL);
          reach_savings_direction_error(pe, p, &d);
          for (int k = 0; k < nl; k++) finite += isfinite(l[k]) && isfinite(d[k]), logged++;
        }
        ps = pe && reach_savings_stage(pe) == REACH_STAGE_DONE ? REACH_OK : REACH_ERR_NUMERIC;
        reach_savings_free(pe);
      }
      CHECK(!ps && logged == 2 * np && finite == logged,
            "%s: %d phases, K = %d, compares %s with %s by default; 2 batches a phase ran, %d of "
            "%d logged LD and direction errors finite%s%s",
            de->d_name, np, pc.context_inputs, np ? ph[cmp.first].name : "?",
            np ? ph[cmp.second].name : "?", finite, logged, ps ? ": " : "", ps ? err.msg : "");
      seen++;
    }
    if (dh) closedir(dh);
    CHECK(seen >= 7, "%d protocol presets checked (expected the 7 of issue 19 item 5)", seen);
  }

  free(w);
  reach_savings_free(e_old);
  reach_savings_free(e_list);
  reach_savings_free(e_rot0);
  reach_savings_free(full);
  reach_savings_free(part);
  reach_savings_free(cont);
  return reach_test_finish("protocol");
}
