// SPDX-License-Identifier: GPL-3.0-or-later
// The science at small scale (issues 7 and 16, `slow` suite): a preset (default
// data/presets/small.ini, 32 units with the paper's phases) with N networks (default 40, the
// paper's n) trained two at a time and reported. About 2 hours on 2 cores. docs/results/small40/
// holds the same 40 networks trained in the background and judged by these thresholds.
//
// The claims and thresholds were fixed on 2026-12-05, before this preset was run at n = 40 on the
// final engine (issue 16: fix them before running, never after):
//   R2  FF2 relearns faster (fitted rate FF2 > FF1): t > 0, p < 0.05.
//   R3  washout is complete: NF2 - NF1 final LD not significant (p >= 0.05) and |mean| <= 0.2 mm.
//   R9  the uniform shift survives washout: NF2 projection > 0, p < 0.05.
//   R1  no initial-LD savings at 32 units: FF1 - FF2 batch-0 LD not significant (p >= 0.05). The
//       paper finds savings at chance level or below at <= 32 units (R6); the significant R1 the
//       old small.ini gave came from an incomplete FF1 and washout (docs/results/preset-design/),
//       and n = 16 on the previous engine gave +0.08 mm, p = 0.70.
// Why 40 and not 8: at 32 units the retention (R9) is a small effect. Sixteen networks gave an NF2
// projection of +0.09 with an SD of 0.20 across networks (d = 0.45), against the paper's
// t(39) = 7.5 (d = 1.2) at 128 units; 8 networks then have a power of about 0.2, 40 about 0.8.
//   test-report-slow CLI [PRESET [N]]
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "io/h5.h"
#include "reach.h"

static int read_ttest(const reach_h5r *r, const char *name, double v[5]) {
  reach_error err = {0};
  size_t d = 5;
  if (reach_h5_read_double(r, name, 1, &d, v, &err)) {
    printf("  %s\n", err.msg);
    return -1;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) return reach_test_finish("report-slow");
  const char *cli = argv[1];
  const char *preset = argc > 2 ? argv[2] : "data/presets/small.ini";
  int n = argc > 3 ? atoi(argv[3]) : 40;
  char dir[] = "/tmp/reach-report-slow-XXXXXX";
  if (!mkdtemp(dir)) return reach_test_finish("report-slow");
  char cmd[1024], path[512];
  snprintf(cmd, sizeof cmd, "'%s' savings --config '%s' --networks %d --jobs 2 --report --out '%s'",
           cli, preset, n, dir);
  printf("%s\n", cmd);
  CHECK(system(cmd) == 0, "savings --report ran");
  snprintf(path, sizeof path, "%s/summary.txt", dir);
  FILE *f = fopen(path, "r");
  char line[512];
  while (f && fgets(line, sizeof line, f)) fputs(line, stdout);
  if (f) fclose(f);

  reach_h5r r = {0};
  reach_error err = {0};
  snprintf(path, sizeof path, "%s/report.h5", dir);
  if (reach_h5_open(&r, path, &err)) {
    CHECK(0, "open %s: %s", path, err.msg);
    return reach_test_finish("report-slow");
  }
  double r1[5], r2[5], r3[5], r9[5];
  if (!read_ttest(&r, "summary/R1_init", r1))
    CHECK(r1[4] >= 0.05,
          "R1 (null at 32 units): FF1 - FF2 batch-0 LD %+.3f mm, t(%.0f) = %+.3f, "
          "p = %.2g >= 0.05",
          1e3 * r1[1], r1[3], r1[2], r1[4]);
  if (!read_ttest(&r, "summary/R2_rate", r2))
    CHECK(r2[2] > 0 && r2[4] < 0.05, "R2: FF2 - FF1 rate %+.4f /block, t(%.0f) = %+.3f, p = %.2g",
          r2[1], r2[3], r2[2], r2[4]);
  if (!read_ttest(&r, "summary/R3_washout", r3))
    CHECK(r3[4] >= 0.05 && fabs(r3[1]) <= 0.2e-3,
          "R3: NF2 - NF1 final LD %+.3f mm (|.| <= 0.2), t(%.0f) = %+.3f, p = %.2g >= 0.05",
          1e3 * r3[1], r3[3], r3[2], r3[4]);
  if (!read_ttest(&r, "summary/R9_shift_nf2", r9))
    CHECK(r9[2] > 0 && r9[4] < 0.05, "R9: NF2 projection %+.3f, t(%.0f) = %+.3f, p = %.2g", r9[1],
          r9[3], r9[2], r9[4]);
  reach_h5_close(&r);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (reach_test_failures == 0 && system(cmd) != 0) printf("could not remove %s\n", dir);
  if (reach_test_failures) printf("results kept in %s\n", dir);
  return reach_test_finish("report-slow");
}
