// SPDX-License-Identifier: GPL-3.0-or-later
// reachlab-cli savings --report and reachlab-cli report on a tiny configuration (8 units, 30
// growing-up batches of 8, phases of 15 so the 5-batch rate fit has 3 blocks), 4 networks two at
// a time: mechanics, not science. The report files exist; report.csv has one row per network and
// the columns the summary promises; summary.txt names R1-R11 with the paper's values beside; the
// figures are PNG files of the size asked; report.h5 holds per-network arrays; the report
// command gives the same table again (the analysis is deterministic); --control opposite flips
// FF2's field and names R7; --sizes makes one directory per size and the size figure.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "io/h5.h"
#include "reach.h"

static char tmpdir[] = "/tmp/reach-report-cli-XXXXXX";

static int run(const char *args) {
  char cmd[1024], errpath[256];
  snprintf(errpath, sizeof errpath, "%s/stderr.txt", tmpdir);
  snprintf(cmd, sizeof cmd, "'%s' %s >/dev/null 2>'%s'", REACH_CLI, args, errpath);
  int rc = system(cmd);
  if (rc != 0) {
    printf("  exit status %d (expected only for the usage-error checks): %s\n", rc, cmd);
    FILE *f = fopen(errpath, "r");
    char line[512];
    while (f && fgets(line, sizeof line, f)) printf("    | %s", line);
    if (f) fclose(f);
  }
  return rc;
}

static char *slurp(const char *path, long *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  if (s && fread(s, 1, (size_t)n, f) != (size_t)n) n = 0;
  if (s) s[n] = 0;
  fclose(f);
  if (len) *len = n;
  return s;
}

static int count_lines(const char *s) {
  int n = 0;
  for (; *s; s++) n += *s == '\n';
  return n;
}

// A PNG: the 8-byte signature, then IHDR with width and height (big-endian).
static void check_png(const char *dir, const char *name, int want_w, int want_h) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  long n = 0;
  unsigned char *p = (unsigned char *)slurp(path, &n);
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  int ok = p && n > 1000 && memcmp(p, sig, 8) == 0 && memcmp(p + 12, "IHDR", 4) == 0;
  int w = ok ? (p[16] << 24 | p[17] << 16 | p[18] << 8 | p[19]) : 0;
  int h = ok ? (p[20] << 24 | p[21] << 16 | p[22] << 8 | p[23]) : 0;
  CHECK(ok && w == want_w && h == want_h, "%s: PNG %dx%d, %ld bytes (want %dx%d)", name, w, h, n,
        want_w, want_h);
  snprintf(path, sizeof path, "%s/%s", dir, name);
  strcpy(path + strlen(path) - 3, "svg");
  char *svg = slurp(path, &n);
  CHECK(svg && strstr(svg, "<svg"), "%s beside it (%ld bytes)", strrchr(path, '/') + 1, n);
  free(svg);
  free(p);
  // both carry the provenance (issue 18 item 7), read back as a user's tool would
  char *from_svg = NULL, *from_png = NULL;
  reach_error err = {0};
  reach_svg_get_metadata(path, &from_svg, &err);
  snprintf(path, sizeof path, "%s/%s", dir, name);
  reach_png_get_text(path, REACH_PROVENANCE_PNG_KEY, &from_png, &err);
  const int same = from_svg && from_png && strcmp(from_svg, from_png) == 0;
  const char *seed = from_png ? strstr(from_png, "seed = ") : NULL;
  const char *cfg = from_png ? strstr(from_png, "configuration (INI):") : NULL;
  CHECK(same && cfg && (seed || strstr(from_png, "size sweep")) && (seed || !strstr(name, "fig2")),
        "%s and its SVG carry one provenance (%zu chars): configuration %d, %.*s", name,
        from_png ? strlen(from_png) : 0, cfg != NULL, seed ? (int)strcspn(seed, "\n") : 0,
        seed ? seed : "");
  free(from_svg);
  free(from_png);
}

int main(void) {
  if (!mkdtemp(tmpdir)) return reach_test_finish("report-cli");
  char ini[256], args[1024], path[512];
  snprintf(ini, sizeof ini, "%s/tiny.ini", tmpdir);
  FILE *f = fopen(ini, "w");
  fputs(
      "[network]\nunits = 8\n[growing_up]\nbatches = 30\nbatch = 8\n[phases]\n"
      "nf1_batches = 15\nff1_batches = 15\nnf2_batches = 15\nff2_batches = 15\n"
      "[experiment]\ncheckpoint_every = 0\n",
      f);
  fclose(f);

  snprintf(args, sizeof args, "savings --config '%s' --networks 4 --jobs 2 --report --out '%s/a'",
           ini, tmpdir);
  CHECK(run(args) == 0, "savings --networks 4 --jobs 2 --report");
  char dir[300];
  snprintf(dir, sizeof dir, "%s/a", tmpdir);
  const char *files[] = {"report.csv", "report.h5", "summary.txt", "summary.csv"};
  for (int i = 0; i < 4; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    CHECK(access(path, R_OK) == 0, "%s exists", files[i]);
  }

  snprintf(path, sizeof path, "%s/report.csv", dir);
  char *csv = slurp(path, NULL);
  if (csv) {
    int lines = count_lines(csv);
    CHECK(lines == 5, "report.csv: %d lines = header + one row per network (4)", lines);
    const char *cols[] = {"ff1_ld0_mm",    "ff2_ld0_mm",        "ff1_rate",
                          "us_nf2",        "ring_rot_ff1_deg",  "dose_ld_m-2_mm",
                          "dose_slope_mm", "muscle_change_m+2", "pca_ratio1"};
    for (int i = 0; i < 9; i++) CHECK(strstr(csv, cols[i]) != NULL, "column %s", cols[i]);
    // Rows 0..3 in order, each with as many fields as the header.
    char *save = NULL, *line = strtok_r(csv, "\n", &save);
    int ncol = 1;
    for (const char *c = line; *c; c++) ncol += *c == ',';
    for (int r = 0; r < 4 && (line = strtok_r(NULL, "\n", &save)); r++) {
      int k = 1;
      for (const char *c = line; *c; c++) k += *c == ',';
      CHECK(atoi(line) == r && k == ncol, "row %d: network %d, %d fields of %d: %.60s...", r,
            atoi(line), k, ncol, line);
    }
    free(csv);
  }

  snprintf(path, sizeof path, "%s/summary.txt", dir);
  char *sum = slurp(path, NULL);
  if (sum) {
    printf("---- summary.txt\n%s----\n", sum);
    for (int k = 1; k <= 11; k++) {
      char tag[8];
      snprintf(tag, sizeof tag, "\nR%d ", k);
      CHECK(strstr(sum, tag) != NULL, "summary names R%d", k);
    }
    CHECK(strstr(sum, "t(39) = 10.940") && strstr(sum, "t(39) = 9.284") &&
              strstr(sum, "t(39) = 7.484") && strstr(sum, "t(39) = -4.918"),
          "summary quotes the paper's R1, R2, R9, R7 statistics");
    CHECK(strstr(sum, "R1   initial LD FF1 - FF2                         mean") != NULL,
          "R1 computed on the tiny set (not 'not computable')");
    free(sum);
  }

  check_png(dir, "fig2-ld.png", 1000, 520);
  check_png(dir, "fig3-savings.png", 1650, 520);
  check_png(dir, "fig5-tdr-shift.png", 1100, 540);
  check_png(dir, "fig6-pca.png", 1100, 540);
  check_png(dir, "fig7-perturbation.png", 1650, 520);
  check_png(dir, "fig8-execution.png", 1100, 540);

  // report.h5: per-network arrays with one entry per network.
  reach_h5r r = {0};
  reach_error err = {0};
  snprintf(path, sizeof path, "%s/report.h5", dir);
  if (reach_h5_open(&r, path, &err) == REACH_OK) {
    int rank = 0;
    size_t dims[3] = {0};
    CHECK(reach_h5_dims(&r, "networks/us_proj", &rank, dims, &err) == REACH_OK && rank == 2 &&
              dims[0] == 4 && dims[1] == 4,
          "report.h5 networks/us_proj %zux%zu", dims[0], dims[1]);
    double us[16];
    size_t d2[2] = {4, 4};
    if (reach_h5_read_double(&r, "networks/us_proj", 2, d2, us, &err) == REACH_OK)
      CHECK(us[0] == 0.0 && us[1] == 1.0 && us[4] == 0.0 && us[5] == 1.0,
            "NF1 = 0, FF1 = 1 in the file (network 0: %g, %g; NF2 %.4g)", us[0], us[1], us[2]);
    CHECK(reach_h5_exists(&r, "example/pc_ff1") && reach_h5_exists(&r, "example/uniform_shift"),
          "example network's PCA trajectories and shift vector stored");
    reach_h5_close(&r);
  } else {
    CHECK(0, "open report.h5: %s", err.msg);
  }

  // The report command on the same directory gives the same table (deterministic analysis).
  snprintf(path, sizeof path, "%s/report.csv", dir);
  char *before = slurp(path, NULL);
  snprintf(args, sizeof args, "report '%s'", dir);
  CHECK(run(args) == 0, "reachlab-cli report DIR");
  char *after = slurp(path, NULL);
  CHECK(before && after && strcmp(before, after) == 0, "report.csv identical when re-reported");
  free(before);
  free(after);

  // The opposite-field control: FF2 in -b, the summary says so and computes R7.
  snprintf(args, sizeof args,
           "savings --config '%s' --networks 2 --jobs 2 --control opposite --report --out '%s/o'",
           ini, tmpdir);
  CHECK(run(args) == 0, "savings --control opposite --report");
  snprintf(path, sizeof path, "%s/o/summary.txt", tmpdir);
  sum = slurp(path, NULL);
  CHECK(sum && strstr(sum, "FF2 -8") && strstr(sum, "R7   opposite field"),
        "control summary: FF2 field -8 and R7 computed");
  free(sum);

  // The same directory asked for the same-field protocol: its files are another experiment's, so
  // they are neither counted nor resumed, and the error names the file and the key that differs.
  snprintf(args, sizeof args, "savings --config '%s' --networks 2 --jobs 2 --out '%s/o'", ini,
           tmpdir);
  int rc_mixed = run(args);
  snprintf(path, sizeof path, "%s/stderr.txt", tmpdir);
  char *err_text = slurp(path, NULL);
  CHECK(rc_mixed == 1 << 8 && err_text &&
            strstr(err_text, "network-0000.h5 was trained with another") &&
            strstr(err_text, "[phases] ff2_field = -8, not 8"),
        "same-field run into the control's directory refused (exit %d): %s", rc_mixed >> 8,
        err_text ? err_text : "(no stderr)");
  free(err_text);
  snprintf(path, sizeof path, "%s/a/summary.txt", tmpdir);
  sum = slurp(path, NULL);
  CHECK(sum && !strstr(sum, "WARNING"), "one configuration in a/: no warning in its summary");
  free(sum);
  // A directory holding one network of each (as a careless merge or copy makes): the report
  // still runs but says which network differs, and how.
  char cmd_mix[1024];
  snprintf(cmd_mix, sizeof cmd_mix,
           "mkdir '%s/mix' && cp '%s/a/network-0000.h5' '%s/o/network-0001.h5' '%s/mix/'", tmpdir,
           tmpdir, tmpdir, tmpdir);
  CHECK(system(cmd_mix) == 0, "a/network-0000 and o/network-0001 copied into mix/");
  snprintf(args, sizeof args, "report '%s/mix'", tmpdir);
  CHECK(run(args) == 0, "report of the mixed directory");
  snprintf(path, sizeof path, "%s/mix/summary.txt", tmpdir);
  sum = slurp(path, NULL);
  const char *warn = sum ? strstr(sum, "WARNING") : NULL;
  CHECK(warn && strstr(warn,
                       "network 1 was trained differently from network 0 ([phases] "
                       "ff2_field = -8, not 8)"),
        "the mixed report warns: %.120s", warn ? warn : "(no warning)");
  free(sum);

  // The paper's order: FF1 counter-clockwise, FF2 clockwise; FF1's LD is flipped for the measures
  // (so its batch-0 LD is compared as a positive number) and R7 is computed.
  snprintf(args, sizeof args,
           "savings --config '%s' --networks 2 --jobs 2 --control opposite-paper --report "
           "--out '%s/p'",
           ini, tmpdir);
  CHECK(run(args) == 0, "savings --control opposite-paper --report");
  snprintf(path, sizeof path, "%s/p/summary.txt", tmpdir);
  sum = slurp(path, NULL);
  CHECK(sum && strstr(sum, "FF1 -8") && strstr(sum, "FF2 8 ") && strstr(sum, "R7   opposite field"),
        "paper-order control summary: FF1 -8, FF2 8, R7 computed");
  free(sum);

  // A size sweep: units-4 and units-8, sizes.csv, the size figure.
  snprintf(args, sizeof args,
           "savings --config '%s' --networks 2 --jobs 2 --sizes 4,8 --report --out '%s/s'", ini,
           tmpdir);
  CHECK(run(args) == 0, "savings --sizes 4,8 --report");
  snprintf(path, sizeof path, "%s/s/sizes.csv", tmpdir);
  char *sz = slurp(path, NULL);
  CHECK(sz && count_lines(sz) == 3 && strstr(sz, "\n4,2,") && strstr(sz, "\n8,2,"),
        "sizes.csv: header + sizes 4 and 8 with 2 networks each");
  if (sz) printf("%s", sz);
  free(sz);
  snprintf(path, sizeof path, "%s/s", tmpdir);
  check_png(path, "fig3b-sizes.png", 900, 540);
  snprintf(path, sizeof path, "%s/s/units-8/report.csv", tmpdir);
  CHECK(access(path, R_OK) == 0, "units-8/report.csv exists");

  // --against: a/ (same field) paired with o/ (opposite field) on their common seeds 0 and 1.
  // FF1 is the same network meeting the same field in both, so FF1's part is identical (no
  // variance: not computable); FF2's mean difference must be the mean of the two report.csv
  // files' ff2_ld0_mm differences.
  {
    double ff2[2][2] = {{0}};
    for (int d = 0; d < 2; d++) {
      snprintf(path, sizeof path, "%s/%s/report.csv", tmpdir, d ? "o" : "a");
      FILE *fc = fopen(path, "r");
      char line[4096];
      for (int row = -1; fc && fgets(line, sizeof line, fc) && row < 2; row++) {
        if (row < 0) continue;
        char *tok = strtok(line, ",");
        for (int k = 0; tok && k < 8; k++) tok = strtok(NULL, ",");  // column 8: ff2_ld0_mm
        ff2[d][row] = tok ? atof(tok) : (double)NAN;
      }
      if (fc) fclose(fc);
    }
    const double want = 0.5 * ((ff2[0][0] - ff2[1][0]) + (ff2[0][1] - ff2[1][1]));
    snprintf(args, sizeof args, "report '%s/a' --against '%s/o'", tmpdir, tmpdir);
    CHECK(run(args) == 0, "report a --against o");
    snprintf(path, sizeof path, "%s/a/summary.txt", tmpdir);
    sum = slurp(path, NULL);
    const char *a2 = sum ? strstr(sum, "A2   FF2 batch-0 LD (FF2's part)") : NULL;
    double got = NAN;
    if (a2) sscanf(strstr(a2, "mean") ? strstr(a2, "mean") : a2, "mean %lf", &got);
    CHECK(sum && strstr(sum, "(2 networks of the same seeds") && a2 &&
              strstr(sum, "A1   FF1 batch-0 LD (FF1's part)                  not computable") &&
              fabs(got - want) <= 1e-3 * fmax(1.0, fabs(want)),
          "summary A1 not computable (identical FF1), A2 mean %.4g mm vs %.4g from the two "
          "report.csv files",
          got, want);
    free(sum);
    snprintf(args, sizeof args, "report '%s/a' --against '%s/nothing-here'", tmpdir, tmpdir);
    CHECK(run(args) != 0, "--against a missing directory fails");
  }

  // Usage errors.
  snprintf(args, sizeof args, "savings --config '%s' --networks 1 --control sideways --out '%s/x'",
           ini, tmpdir);
  CHECK(run(args) == 2 << 8, "--control sideways is a usage error");
  snprintf(args, sizeof args, "report '%s/nothing-here'", tmpdir);
  CHECK(run(args) != 0, "report of a missing directory fails");

  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0) printf("could not remove %s\n", tmpdir);
  return reach_test_finish("report-cli");
}
