// SPDX-License-Identifier: GPL-3.0-or-later
// INI configuration (task/config.h, task/config.c, io/ini.c) as claims:
// - the defaults are the authors' settings (savings-paper-spec §0, §1.2-§1.7) and validate;
// - to_string -> load_data and save -> load give back every field exactly, awkward doubles and
//   the largest seed included; save leaves no temporary file and comments every key;
// - every mistake a user can make in a file is an error naming FILE:LINE (when the key is in the
//   file), the [section] key, what was expected and what was found; a failed load leaves the
//   configuration untouched;
// - every preset in data/presets loads and validates.
#include <dirent.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "task/config.h"

#ifndef REACH_PRESETS
#define REACH_PRESETS "data/presets"
#endif

// Field-by-field comparison (struct padding makes memcmp meaningless). Returns the number of
// differing fields and names the first in *what.
static int config_diff(const reach_config *a, const reach_config *b, const char **what) {
  int n = 0;
  *what = "none";
  // A list of checks, one statement each, that clang-format 14 would not settle.
  // clang-format off
#define CMP(f)                              \
  if (memcmp(&a->f, &b->f, sizeof a->f)) { \
    if (!n) *what = #f;                     \
    n++;                                    \
  }
  CMP(seed) CMP(units) CMP(task.dt) CMP(task.steps) CMP(task.proprio_delay) CMP(task.vision_delay)
  CMP(task.noise_action) CMP(task.noise_proprio) CMP(task.noise_vision) CMP(task.go_lo)
  CMP(task.go_hi) CMP(task.eval_go) CMP(task.catch_fraction) CMP(task.home_deg)
  CMP(task.target_distance) CMP(task.n_targets) CMP(task.ld_start_index) CMP(loss.form)
  CMP(loss.w_position) CMP(loss.w_jerk) CMP(loss.w_muscle) CMP(loss.w_muscle_deriv)
  CMP(loss.w_hidden) CMP(loss.w_hidden_deriv) CMP(grow_batches) CMP(grow_batch)
  CMP(grow_optim.kind) CMP(grow_optim.lr) CMP(grow_optim.lr_decay) CMP(grow_optim.clip)
  CMP(grow_optim.beta1) CMP(grow_optim.beta2) CMP(grow_optim.eps) CMP(phase_batches)
  CMP(phase_field) CMP(phase_batch_repeats) CMP(phase_catch) CMP(phase_optim.kind)
  CMP(phase_optim.lr) CMP(phase_optim.lr_decay) CMP(phase_optim.clip) CMP(phase_optim.beta1)
  CMP(phase_optim.beta2) CMP(phase_optim.eps) CMP(freeze_h0) CMP(freeze_b_hh)
  CMP(checkpoint_every) CMP(precision)
#undef CMP
      // clang-format on
      return n;
}

// Loads text as "x.ini" and expects an error whose message contains every non-NULL fragment.
static void expect_error(const char *label, const char *text, const char *frag1,
                         const char *frag2) {
  reach_config c, before;
  reach_config_default(&c);
  c.units = 77;  // a non-default value: a failed load must leave it
  before = c;
  reach_error err = {0};
  reach_status st = reach_config_load_data(&c, text, "x.ini", &err);
  const char *what;
  const int changed = config_diff(&c, &before, &what);
  const int has1 = !frag1 || strstr(err.msg, frag1) != NULL;
  const int has2 = !frag2 || strstr(err.msg, frag2) != NULL;
  CHECK(st != REACH_OK && has1 && has2 && changed == 0,
        "%s: status %d, message \"%s\" (expected to contain \"%s\"%s%s%s), %d fields changed",
        label, (int)st, err.msg, frag1 ? frag1 : "", frag2 ? " and \"" : "", frag2 ? frag2 : "",
        frag2 ? "\"" : "", changed);
}

static int ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && strcmp(s + a - b, suffix) == 0;
}

int main(void) {
  reach_error err = {0};
  reach_config d;
  reach_config_default(&d);

  // the authors' settings
  CHECK(reach_config_validate(&d, &err) == REACH_OK, "defaults validate (%s)", err.msg);
  CHECK(d.units == 128 && d.grow_batches == 20000 && d.grow_batch == 32 &&
            d.phase_batches[0] == 10000 && d.phase_batches[1] == 3200 &&
            d.phase_batches[2] == 10000 && d.phase_batches[3] == 3200,
        "defaults: units %d, growing up %d x %d, phases %d/%d/%d/%d (spec §0: 128, 20000 x 32, "
        "10000/3200/10000/3200)",
        d.units, d.grow_batches, d.grow_batch, d.phase_batches[0], d.phase_batches[1],
        d.phase_batches[2], d.phase_batches[3]);
  CHECK(d.phase_field[0] == 0 && d.phase_field[1] == 8 && d.phase_field[2] == 0 &&
            d.phase_field[3] == 8 && d.phase_batch_repeats == 1 && d.phase_catch == 4,
        "defaults: fields %g/%g/%g/%g N s/m, %d repeat(s), %d catch (code: 0/8/0/8, 1, 4)",
        d.phase_field[0], d.phase_field[1], d.phase_field[2], d.phase_field[3],
        d.phase_batch_repeats, d.phase_catch);
  CHECK(d.grow_optim.kind == REACH_OPT_ADAM && d.grow_optim.lr == 3e-3 &&
            d.grow_optim.lr_decay == 0.9999 && d.grow_optim.clip == 1 &&
            d.grow_optim.beta1 == 0.9 && d.grow_optim.beta2 == 0.999 && d.grow_optim.eps == 1e-8,
        "growing up: Adam lr %g, decay %g, clip %g, betas %g/%g, eps %g (3e-3, 0.9999, 1, "
        "0.9/0.999, 1e-8)",
        d.grow_optim.lr, d.grow_optim.lr_decay, d.grow_optim.clip, d.grow_optim.beta1,
        d.grow_optim.beta2, d.grow_optim.eps);
  CHECK(d.phase_optim.kind == REACH_OPT_SGD && d.phase_optim.lr == 5e-3 &&
            d.phase_optim.lr_decay == 1 && d.phase_optim.clip == 1 && !d.freeze_h0 &&
            !d.freeze_b_hh,
        "phases: SGD lr %g, decay %g, clip %g, freeze h0 %d, b_hh %d (5e-3, 1, 1, 0, 0)",
        d.phase_optim.lr, d.phase_optim.lr_decay, d.phase_optim.clip, d.freeze_h0, d.freeze_b_hh);
  CHECK(d.task.dt == 0.01 && d.task.steps == 100 && d.task.proprio_delay == 0.02 &&
            d.task.vision_delay == 0.07 && d.task.noise_action == 1e-4 &&
            d.task.noise_proprio == 1e-3 && d.task.noise_vision == 1e-4 && d.task.go_lo == 0.1 &&
            d.task.go_hi == 0.3 && d.task.eval_go == 0.44 && d.task.catch_fraction == 0.5,
        "task: dt %g, %d steps, delays %g/%g s, noise %g/%g/%g, go U(%g, %g), eval go %g, catch "
        "%g",
        d.task.dt, d.task.steps, d.task.proprio_delay, d.task.vision_delay, d.task.noise_action,
        d.task.noise_proprio, d.task.noise_vision, d.task.go_lo, d.task.go_hi, d.task.eval_go,
        d.task.catch_fraction);
  CHECK(d.task.home_deg[0] == 60 && d.task.home_deg[1] == 90 && d.task.target_distance == 0.10 &&
            d.task.n_targets == 8 && d.task.ld_start_index == 25 && d.checkpoint_every == 1000,
        "task: home (%g, %g) deg, targets %d at %g m, LD start index %d; checkpoint every %d",
        d.task.home_deg[0], d.task.home_deg[1], d.task.n_targets, d.task.target_distance,
        d.task.ld_start_index, d.checkpoint_every);
  CHECK(d.loss.form == REACH_LOSS_CODE && d.loss.w_position == 1e3 && d.loss.w_jerk == 1e5 &&
            d.loss.w_muscle == 1e-1 && d.loss.w_muscle_deriv == 3e-4 && d.loss.w_hidden == 1e-5 &&
            d.loss.w_hidden_deriv == 1e-3,
        "loss: form %d, weights %g %g %g %g %g %g (code; 1e3 1e5 1e-1 3e-4 1e-5 1e-3)",
        (int)d.loss.form, d.loss.w_position, d.loss.w_jerk, d.loss.w_muscle, d.loss.w_muscle_deriv,
        d.loss.w_hidden, d.loss.w_hidden_deriv);
  CHECK(strcmp(reach_phase_names[0], "NF1") == 0 && strcmp(reach_phase_names[3], "FF2") == 0,
        "phase names %s %s %s %s", reach_phase_names[0], reach_phase_names[1], reach_phase_names[2],
        reach_phase_names[3]);

  // exact round trips
  {
    const char *what;
    char *text = reach_config_to_string(&d);
    reach_config back;
    reach_config_default(&back);
    back.units = 5;
    reach_status st = reach_config_load_data(&back, text, "defaults", &err);
    int n = config_diff(&back, &d, &what);
    CHECK(st == REACH_OK && n == 0, "defaults: to_string -> load_data: %d fields differ (%s) %s", n,
          what, st ? err.msg : "");
    free(text);

    reach_config c = d;
    c.seed = UINT64_MAX;
    c.units = 4096;
    c.task.noise_action = 0.1 + 0.2;  // 0.30000000000000004
    c.task.noise_vision = 1.0 / 3.0;
    c.task.target_distance = nextafter(0.1, 1.0);
    c.task.home_deg[0] = 45.000000000000007;
    c.loss.form = REACH_LOSS_PAPER;
    c.loss.w_hidden = 4.9406564584124654e-324;  // the smallest subnormal
    c.loss.w_jerk = 1.7976931348623157e308;
    c.grow_optim.kind = REACH_OPT_SGD;
    c.grow_optim.lr_decay = nextafter(1.0, 0.0);
    c.phase_optim.kind = REACH_OPT_ADAM;
    c.phase_field[1] = -8.125;
    c.phase_batch_repeats = 4;
    c.phase_catch = 16;
    c.freeze_h0 = c.freeze_b_hh = true;
    c.checkpoint_every = 0;
    c.precision = REACH_PRECISION_SINGLE;
    CHECK(reach_config_validate(&c, &err) == REACH_OK, "awkward config validates (%s)", err.msg);
    text = reach_config_to_string(&c);
    reach_config_default(&back);
    st = reach_config_load_data(&back, text, "awkward", &err);
    n = config_diff(&back, &c, &what);
    CHECK(st == REACH_OK && n == 0,
          "awkward doubles, seed 2^64-1, switches: to_string -> load_data: %d fields differ (%s) "
          "%s; e.g. noise_action %.17g -> %.17g",
          n, what, st ? err.msg : "", c.task.noise_action, back.task.noise_action);

    // save -> load through a file, atomically, one comment per key
    char dir[] = "/tmp/reach-config-XXXXXX";
    if (!mkdtemp(dir)) return 2;
    char path[300];
    snprintf(path, sizeof path, "%s/run.ini", dir);
    st = reach_config_save(&c, path, &err);
    reach_config_default(&back);
    reach_status st2 = reach_config_load(&back, path, &err);
    n = config_diff(&back, &c, &what);
    CHECK(st == REACH_OK && st2 == REACH_OK && n == 0, "save -> load: %d fields differ (%s) %s", n,
          what, err.msg);
    int files = 0, comments = 0, keys = 0;
    DIR *dh = opendir(dir);
    for (struct dirent *e; dh && (e = readdir(dh));)
      if (e->d_name[0] != '.') files++;
    if (dh) closedir(dh);
    FILE *fp = fopen(path, "r");
    char line[512], prev[512] = "";
    int uncommented = 0;
    while (fp && fgets(line, sizeof line, fp)) {
      if (line[0] == '#') comments++;
      if (strchr(line, '=') && line[0] != '#') {
        keys++;
        if (prev[0] != '#') uncommented++;
      }
      snprintf(prev, sizeof prev, "%s", line);
    }
    if (fp) fclose(fp);
    CHECK(files == 1, "save leaves exactly the file in its folder: %d entries", files);
    CHECK(keys == 55 && uncommented == 0,
          "saved file: %d keys (expected 55: [train] threads added by issue 14), %d comment lines, "
          "%d keys without a comment above",
          keys, comments, uncommented);
    // an invalid configuration is not saved, and the old file stays
    reach_config bad = c;
    bad.units = 0;
    st = reach_config_save(&bad, path, &err);
    reach_config_default(&back);
    st2 = reach_config_load(&back, path, &err);
    CHECK(st != REACH_OK && st2 == REACH_OK && back.units == 4096,
          "saving units = 0 fails and keeps the old file (units read back %d)", back.units);
    unlink(path);
    rmdir(dir);
    free(text);
  }

  // a file naming only what it changes
  {
    reach_config c;
    reach_config_default(&c);
    const char *text =
        "\xEF\xBB\xBF# a comment\n"
        "[network]\n"
        "units = 32\n"
        "\n"
        "[phases]\n"
        "  ff1_field = -8  \n"
        "optimizer = adam\n"
        "freeze_h0 = true\n"
        "[task]\n"
        "home_deg = 45,100\n";
    reach_status st = reach_config_load_data(&c, text, "partial.ini", &err);
    CHECK(st == REACH_OK && c.units == 32 && c.phase_field[1] == -8 &&
              c.phase_optim.kind == REACH_OPT_ADAM && c.freeze_h0 && c.task.home_deg[0] == 45 &&
              c.task.home_deg[1] == 100 && c.grow_batches == 20000,
          "partial file (BOM, blank lines, spaces): units %d, ff1_field %g, optimizer %d, "
          "freeze_h0 %d, home (%g, %g), untouched growing_up batches %d %s",
          c.units, c.phase_field[1], (int)c.phase_optim.kind, c.freeze_h0, c.task.home_deg[0],
          c.task.home_deg[1], c.grow_batches, st ? err.msg : "");
  }

  // status codes: malformed text is a parse error, a well-formed value out of range a range error
  {
    reach_config c;
    reach_config_default(&c);
    reach_status a = reach_config_load_data(&c, "[network]\nunits = abc\n", "x.ini", &err);
    reach_status b = reach_config_load_data(&c, "[network]\nunits = 0\n", "x.ini", &err);
    reach_status e = reach_config_load_data(&c, "[phases]\ncatch = 9\n", "x.ini", &err);
    CHECK(a == REACH_ERR_PARSE && b == REACH_ERR_RANGE && e == REACH_ERR_RANGE,
          "status: 'abc' -> %d (parse %d), 0 units -> %d, catch 9 -> %d (range %d)", (int)a,
          (int)REACH_ERR_PARSE, (int)b, (int)e, (int)REACH_ERR_RANGE);
  }

  // validate's own message (the header's example)
  {
    reach_config c = d;
    c.phase_batches[1] = -3;
    reach_config_validate(&c, &err);
    CHECK(strcmp(err.msg, "[phases] ff1_batches: expected an integer in [0, 1000000], got -3") == 0,
          "validate: \"%s\"", err.msg);
    c = d;
    c.grow_optim.beta2 = 1.0;
    reach_config_validate(&c, &err);
    CHECK(strcmp(err.msg, "[growing_up] beta2: expected a number in [0, 1), got 1") == 0,
          "validate: \"%s\"", err.msg);
    c = d;
    c.task.proprio_delay = NAN;
    reach_config_validate(&c, &err);
    CHECK(strstr(err.msg, "[task] proprio_delay: expected a number >= 0, got nan") != NULL,
          "validate NaN: \"%s\"", err.msg);
  }

  // mistakes in files
  expect_error("unknown section", "[network]\nunits = 64\n[grwoing_up]\nbatches = 3\n",
               "x.ini:3: unknown section [grwoing_up]; expected one of [experiment]", NULL);
  expect_error("unknown key", "[growing_up]\nbatches = 3\nlrr = 0.1\n",
               "x.ini:3: [growing_up] unknown key 'lrr'; expected one of batches, batch", NULL);
  expect_error("key in the wrong section", "[network]\nseed = 3\n",
               "x.ini:2: [network] unknown key 'seed'; expected one of units", NULL);
  expect_error("key given twice", "[phases]\nlr = 0.1\n\nlr = 0.2\n",
               "x.ini:4: [phases] lr given twice (first on line 2)", NULL);
  expect_error("section given twice", "[task]\ndt = 0.01\n[loss]\n[task]\nsteps = 10\n",
               "x.ini:4: section [task] appears twice (first on line 1)", NULL);
  expect_error("key before any section", "units = 64\n",
               "x.ini:1: key 'units' comes before any [section]", NULL);
  expect_error("line without =", "[network]\nunits 64\n",
               "x.ini:2: expected 'key = value', a [section] or a # comment, got 'units 64'", NULL);
  expect_error("not a number", "[network]\nunits = abc\n",
               "x.ini:2: [network] units: expected an integer in [1, 4096], got 'abc'", NULL);
  expect_error("out of range", "# phases\n[phases]\nff1_batches = -3\n",
               "x.ini:3: [phases] ff1_batches: expected an integer in [0, 1000000], got '-3'",
               NULL);
  expect_error("too many units", "[network]\nunits = 5000\n",
               "x.ini:2: [network] units: expected an integer in [1, 4096], got '5000'", NULL);
  expect_error("fractional integer", "[growing_up]\nbatch = 3.5\n",
               "[growing_up] batch: expected an integer in [1, 65536], got '3.5'", NULL);
  expect_error("lr zero", "[growing_up]\nlr = 0\n",
               "x.ini:2: [growing_up] lr: expected a number > 0, got '0'", NULL);
  expect_error("lr_decay above 1", "[growing_up]\nlr_decay = 1.5\n",
               "[growing_up] lr_decay: expected a number in (0, 1], got '1.5'", NULL);
  expect_error("negative noise", "[task]\nnoise_vision = -1e-4\n",
               "[task] noise_vision: expected a number >= 0, got '-1e-4'", NULL);
  expect_error("inf", "[loss]\nw_jerk = inf\n", "[loss] w_jerk: expected a number >= 0, got 'inf'",
               NULL);
  expect_error("optimizer", "[phases]\noptimizer = adamw\n",
               "x.ini:2: [phases] optimizer: expected adam or sgd, got 'adamw'", NULL);
  expect_error("loss form", "[loss]\nform = Paper\n",
               "x.ini:2: [loss] form: expected code or paper, got 'Paper'", NULL);
  expect_error("precision", "[train]\nprecision = float\n",
               "x.ini:2: [train] precision: expected double or single, got 'float'", NULL);
  expect_error("boolean", "[phases]\nfreeze_h0 = yes\n",
               "x.ini:2: [phases] freeze_h0: expected true or false, got 'yes'", NULL);
  expect_error("negative seed", "[experiment]\nseed = -1\n",
               "x.ini:2: [experiment] seed: expected an integer in [0, 18446744073709551615], "
               "got '-1'",
               NULL);
  expect_error("seed too large", "[experiment]\nseed = 18446744073709551616\n",
               "[experiment] seed: expected an integer", NULL);
  expect_error("inline comment", "[phases]\nlr = 0.1 # faster\n",
               "x.ini:2: [phases] lr: expected a number > 0, got '0.1 # faster'",
               "(comments go on their own line)");
  expect_error("home_deg one number", "[task]\nhome_deg = 60\n",
               "x.ini:2: [task] home_deg: expected two numbers 'a, b', each in [0, 180], got '60'",
               NULL);
  expect_error("elbow out of its range", "[task]\n\nhome_deg = 60, 170\n",
               "x.ini:3: [task] home_deg: expected the elbow angle within its joint range [0, "
               "155] degrees, got 170",
               NULL);
  expect_error("delay not a multiple of dt", "[task]\nproprio_delay = 0.025\n",
               "x.ini:2: [task] proprio_delay: expected a multiple of dt = 0.01 s, got 0.025",
               NULL);
  expect_error("delay longer than the trial", "[task]\nsteps = 5\nvision_delay = 0.07\n",
               "x.ini:3: [task] vision_delay: expected less than the trial (5 steps of 0.01 s), "
               "got 0.07",
               NULL);
  expect_error("go_hi below go_lo", "[task]\ngo_lo = 0.3\ngo_hi = 0.2\n",
               "x.ini:3: [task] go_hi: expected at least go_lo = 0.3, got 0.2", NULL);
  expect_error("eval go after the trial", "[task]\neval_go = 1.5\n",
               "x.ini:2: [task] eval_go: expected a time within the trial (< steps x dt = 1 s), "
               "got 1.5",
               NULL);
  expect_error("LD start index beyond the trial", "[task]\nld_start_index = 100\n",
               "x.ini:2: [task] ld_start_index: expected an index below steps = 100, got 100",
               NULL);
  expect_error("underflow to zero", "[loss]\nw_hidden = 1e-400\n",
               "x.ini:2: [loss] w_hidden: expected a number >= 0, got '1e-400'", NULL);
  expect_error("catch above the batch", "[phases]\ncatch = 9\n",
               "x.ini:2: [phases] catch: expected at most the phase batch (n_targets x "
               "batch_repeats = 8), got 9",
               NULL);
  // the key at fault is not in the file: the message still names it, without a line
  expect_error("catch above a batch made smaller", "[task]\nn_targets = 2\n",
               "x.ini: [phases] catch: expected at most the phase batch (n_targets x "
               "batch_repeats = 2), got 4",
               NULL);
  expect_error("not UTF-8", "[network]\nunits = 6\xff\n",
               "x.ini:2: expected UTF-8 text, found an invalid byte (0xFF) at column 10", NULL);
  {
    reach_config c;
    reach_config_default(&c);
    reach_status st = reach_config_load(&c, "/nonexistent/reach.ini", &err);
    CHECK(st == REACH_ERR_IO && strstr(err.msg, "/nonexistent/reach.ini: cannot read") != NULL,
          "missing file: \"%s\"", err.msg);
  }

  // presets
  {
    DIR *dh = opendir(REACH_PRESETS);
    int n = 0;
    reach_config paper, demo;
    reach_config_default(&paper);
    reach_config_default(&demo);
    bool have_paper = false, have_demo = false;
    for (struct dirent *e; dh && (e = readdir(dh));) {
      if (!ends_with(e->d_name, ".ini")) continue;
      char path[512];
      snprintf(path, sizeof path, "%s/%s", REACH_PRESETS, e->d_name);
      reach_config c;
      reach_config_default(&c);
      reach_status st = reach_config_load(&c, path, &err);
      reach_status st2 = reach_config_validate(&c, &err);
      const int total = c.grow_batches + c.phase_batches[0] + c.phase_batches[1] +
                        c.phase_batches[2] + c.phase_batches[3];
      CHECK(st == REACH_OK && st2 == REACH_OK,
            "preset %s loads and validates: units %d, growing up %d x %d, phases %d/%d/%d/%d "
            "(%d batches) %s",
            e->d_name, c.units, c.grow_batches, c.grow_batch, c.phase_batches[0],
            c.phase_batches[1], c.phase_batches[2], c.phase_batches[3], total,
            st || st2 ? err.msg : "");
      if (strcmp(e->d_name, "paper.ini") == 0) {
        // paper.ini trains in single precision, as the authors' PyTorch does (float32); the
        // default stays double so that every other preset and the bundled network are unchanged.
        const bool single = c.precision == REACH_PRECISION_SINGLE;
        c.precision = d.precision;
        const char *what;
        const int nd = config_diff(&c, &d, &what);
        CHECK(single && nd == 0,
              "paper.ini is the authors' settings (= defaults) with [train] "
              "precision = single (%s): %d other fields differ (%s)",
              single ? "single" : "double", nd, what);
      }
      // demo.ini promises the same growing up as paper.ini (the bundle's network is one of the
      // paper-scale run's networks, seed 0, with shorter phases); compared below.
      if (strcmp(e->d_name, "paper.ini") == 0) paper = c, have_paper = true;
      if (strcmp(e->d_name, "demo.ini") == 0) demo = c, have_demo = true;
      n++;
    }
    if (dh) closedir(dh);
    if (have_paper && have_demo)
      CHECK(paper.units == demo.units && paper.seed == demo.seed &&
                paper.grow_batches == demo.grow_batches && paper.grow_batch == demo.grow_batch &&
                paper.grow_optim.lr == demo.grow_optim.lr &&
                paper.grow_optim.lr_decay == demo.grow_optim.lr_decay,
            "demo.ini grows up exactly as paper.ini: units %d/%d, seed %llu/%llu, %d/%d batches "
            "of %d/%d, Adam lr %g/%g",
            paper.units, demo.units, (unsigned long long)paper.seed, (unsigned long long)demo.seed,
            paper.grow_batches, demo.grow_batches, paper.grow_batch, demo.grow_batch,
            paper.grow_optim.lr, demo.grow_optim.lr);
    CHECK(n >= 3, "presets found in %s: %d (expected paper, small, demo)", REACH_PRESETS, n);
  }

  // reach_config_differ: what `savings` checks before counting a network file as this run's.
  {
    reach_config a, b;
    reach_config_default(&a);
    b = a;
    char why[200] = "";
    CHECK(reach_config_differ(&a, &b, why, sizeof why) == 0, "equal configurations agree");
    b.checkpoint_every = a.checkpoint_every + 7;
    CHECK(reach_config_differ(&a, &b, why, sizeof why) == 0,
          "checkpoint_every %d vs %d changes no result: not a difference", a.checkpoint_every,
          b.checkpoint_every);
    b.units = 64;
    b.phase_field[3] = -a.phase_field[3];
    int differ = reach_config_differ(&a, &b, why, sizeof why);
    CHECK(differ == 1 && strcmp(why, "[network] units = 128, not 64") == 0,
          "units and the FF2 field differ: the first in INI order is named: \"%s\"", why);
    b = a;
    b.phase_optim.lr = a.phase_optim.lr * (1 + 1e-15);
    differ = reach_config_differ(&a, &b, why, sizeof why);
    CHECK(differ == 1,
          "a learning rate 1e-15 apart differs (the INI writes round-trip digits): \"%s\"", why);
  }
  return reach_test_finish("config-ini");
}
