// SPDX-License-Identifier: GPL-3.0-or-later
// The science at small scale (issue 7, `slow` suite): a preset (default data/presets/small.ini)
// with N networks (default 40, the paper's n) trained two at a time and reported; savings (R1: FF2
// batch-0 LD below FF1's) and the NF2 retention of the uniform shift (R9: NF2 projection above 0)
// must both be significant (p < 0.05) in the direction the paper reports. Prints summary.txt.
// About 80 minutes on 2 cores.
//
// Why 40 and not 8: at 32 units the retention is a small effect. Sixteen networks gave an NF2
// projection of +0.09 with an SD of 0.20 across networks (d = 0.45), against the paper's
// t(39) = 7.5 (d = 1.2) at 128 units; 8 networks then have a power of about 0.2, 40 about 0.8.
// The n was fixed here, at the paper's and the spec's (§4: "at n ≈ 40"), before the last 24 of
// the 40 were run.
//   test-report-slow CLI [PRESET [N]]
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
  double r1[5], r9[5];
  if (!read_ttest(&r, "summary/R1_init", r1))
    CHECK(r1[2] > 0 && r1[4] < 0.05, "R1: FF1 - FF2 batch-0 LD %+.3f mm, t(%.0f) = %+.3f, p = %.2g",
          1e3 * r1[1], r1[3], r1[2], r1[4]);
  if (!read_ttest(&r, "summary/R9_shift_nf2", r9))
    CHECK(r9[2] > 0 && r9[4] < 0.05, "R9: NF2 projection %+.3f, t(%.0f) = %+.3f, p = %.2g", r9[1],
          r9[3], r9[2], r9[4]);
  reach_h5_close(&r);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (reach_test_failures == 0 && system(cmd) != 0) printf("could not remove %s\n", dir);
  if (reach_test_failures) printf("results kept in %s\n", dir);
  return reach_test_finish("report-slow");
}
