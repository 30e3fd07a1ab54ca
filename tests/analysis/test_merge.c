// SPDX-License-Identifier: GPL-3.0-or-later
// reachlab-cli merge on a fake sweep: a 10-network summary.csv (reachlab-cli savings' header,
// a 'nan' cell as an unfinished phase prints) is split as `savings --shard I/3` would split it
// (network i in shard i mod 3), shards 0 and 1 in directory A, shard 2 in B, each with fake
// network-NNNN.h5 files. Merging A and B must give back the unsplit table byte for byte and
// bring every network file into OUT. Then the failures: a network in two shards (both files
// named), a different header (both named), --networks with a gap, no DIR, a network file of
// random bytes, a summary that is not a savings table. The network files are real (tiny runs,
// seed i): merge loads each one before bringing it in.
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_run.h"
#include "harness.h"
#include "reach.h"

static char tmpdir[] = "/tmp/reach-merge-XXXXXX";
static char errtext[4096];

static const char *HEADER =
    "network,units,seed,nf1_final_ld_mm,ff1_ld0_mm,ff1_final_ld_mm,nf2_ld0_mm,nf2_final_ld_mm,"
    "ff2_ld0_mm,ff2_final_ld_mm\n";

// Runs the CLI with args; returns its exit status and keeps its stderr in errtext.
static int run(const char *args) {
  return reach_test_cli_run(REACH_CLI, tmpdir, args, errtext, sizeof errtext, false);
}

static void row(char *buf, size_t n, int i) {
  if (i == 7)  // an unfinished network: FF2 not logged
    snprintf(buf, n, "%d,32,%d,0.412000,34.120000,3.010000,-11.500000,0.501000,nan,nan\n", i, i);
  else
    snprintf(buf, n,
             "%d,32,%d,0.%03d000,3%d.%06d,2.%03d000,-1%d.250000,0.4%02d000,2%d.500000,1.%03d000\n",
             i, i, 400 + i, i, 123456 * i % 1000000, 10 * i, i, i, i, 20 * i);
}

static void put(const char *dir, const char *name, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *fp = fopen(path, "w");
  if (fp) {
    fputs(text, fp);
    fclose(fp);
  }
}

// A finished tiny run of seed i saved at path (a few batches: merge only needs a real file).
static void real_network(const char *path, int i) {
  reach_config c;
  reach_config_default(&c);
  c.units = 4;
  c.grow_batches = 2;
  c.grow_batch = 4;
  c.phase_batch_repeats = 1;
  for (int p = 0; p < 4; p++) c.phase_batches[p] = 1;
  c.checkpoint_every = 0;
  c.seed = (uint64_t)i;
  reach_error err = {0};
  reach_savings *e = NULL;
  if (reach_savings_create(&c, &e, &err) == REACH_OK) {
    while (reach_savings_stage(e) != REACH_STAGE_DONE)
      if (reach_savings_step(e, &err)) break;
    if (reach_savings_save(e, path, &err)) printf("saving %s: %s\n", path, err.msg);
  } else {
    printf("tiny run: %s\n", err.msg);
  }
  reach_savings_free(e);
}

// 1 if the two files hold the same bytes (and exist).
static int same_bytes(const char *x, const char *y) {
  FILE *a = fopen(x, "rb"), *b = fopen(y, "rb");
  int same = a && b;
  while (same) {
    int ca = fgetc(a), cb = fgetc(b);
    if (ca != cb) same = 0;
    if (ca == EOF || cb == EOF) break;
  }
  if (a) fclose(a);
  if (b) fclose(b);
  return same;
}

static char *slurp(const char *path) {
  static char buf[3][8192];
  static int k;
  char *b = buf[k++ % 3];
  b[0] = '\0';
  FILE *fp = fopen(path, "r");
  if (!fp) return b;
  size_t n = fread(b, 1, 8191, fp);
  b[n] = '\0';
  fclose(fp);
  return b;
}

int main(void) {
  if (!mkdtemp(tmpdir)) return 2;
  char a[300], b[300], out[300], whole[4096] = "", args[1200], path[512];
  snprintf(a, sizeof a, "%s/A", tmpdir);
  snprintf(b, sizeof b, "%s/B", tmpdir);
  snprintf(out, sizeof out, "%s/OUT", tmpdir);
  mkdir(a, 0755);
  mkdir(b, 0755);
  strcat(whole, HEADER);
  char shard[3][2048];
  for (int s = 0; s < 3; s++) strcpy(shard[s], HEADER);
  for (int i = 0; i < 10; i++) {
    char r[256];
    row(r, sizeof r, i);
    strcat(whole, r);
    strcat(shard[i % 3], r);
    snprintf(path, sizeof path, "%s/network-%04d.h5", i % 3 == 2 ? b : a, i);
    real_network(path, i);
  }
  put(a, "summary-shard-0-of-3.csv", shard[0]);
  put(a, "summary-shard-1-of-3.csv", shard[1]);
  put(b, "summary-shard-2-of-3.csv", shard[2]);

  snprintf(args, sizeof args, "merge '%s' '%s' --out '%s' --networks 10", a, b, out);
  int rc = run(args);
  CHECK(rc == 0, "merge A B --out OUT --networks 10: exit %d %s", rc, errtext);
  snprintf(path, sizeof path, "%s/summary.csv", out);
  const char *merged = slurp(path);
  CHECK(strcmp(merged, whole) == 0,
        "merged summary.csv equals the unsplit table (%zu vs %zu bytes)", strlen(merged),
        strlen(whole));
  int files = 0;
  for (int i = 0; i < 10; i++) {
    char src[512];
    snprintf(path, sizeof path, "%s/network-%04d.h5", out, i);
    snprintf(src, sizeof src, "%s/network-%04d.h5", i % 3 == 2 ? b : a, i);
    files += same_bytes(path, src);
  }
  CHECK(files == 10, "OUT holds all 10 network files with their contents (%d)", files);

  // Merging again into one of the sources (the usual Slurm case: every shard wrote to one DIR).
  snprintf(args, sizeof args, "merge '%s' '%s' --out '%s'", a, b, a);
  rc = run(args);
  snprintf(path, sizeof path, "%s/summary.csv", a);
  CHECK(rc == 0 && strcmp(slurp(path), whole) == 0, "merge into source A: exit %d, table equal %s",
        rc, errtext);
  // and merging that merged directory again is idempotent (its own summary.csv is not an input
  // while shard files are there)
  rc = run(args);
  CHECK(rc == 0 && strcmp(slurp(path), whole) == 0, "second merge into A: exit %d, unchanged", rc);

  // A network in two shards: both files named.
  put(b, "summary-shard-1-of-3.csv", shard[1]);
  snprintf(args, sizeof args, "merge '%s' '%s' --out '%s/OUT2' --summary-only", a, b, tmpdir);
  rc = run(args);
  CHECK(rc == 1 && strstr(errtext, "network 1 is in both") &&
            strstr(errtext, "A/summary-shard-1-of-3.csv") &&
            strstr(errtext, "B/summary-shard-1-of-3.csv"),
        "duplicate network: exit %d: %s", rc, errtext);
  snprintf(path, sizeof path, "%s/B/summary-shard-1-of-3.csv", tmpdir);
  unlink(path);

  // A different header.
  put(b, "summary-shard-2-of-3.csv", "network,units\n2,32\n");
  rc = run(args);
  CHECK(rc == 1 && strstr(errtext, "different header") &&
            strstr(errtext, "B/summary-shard-2-of-3.csv") &&
            strstr(errtext, "A/summary-shard-0-of-3.csv"),
        "header mismatch: exit %d: %s", rc, errtext);
  put(b, "summary-shard-2-of-3.csv", shard[2]);

  // A missing network against --networks.
  snprintf(args, sizeof args, "merge '%s' --out '%s/OUT3' --networks 10 --summary-only", a, tmpdir);
  rc = run(args);
  CHECK(rc == 1 && strstr(errtext, "3 of networks 0..9 missing: 2 5 8"),
        "shard 2 missing: exit %d: %s", rc, errtext);

  // The same network file in two directories.
  put(b, "network-0000.h5", "another network 0\n");
  snprintf(args, sizeof args, "merge '%s' '%s' --out '%s/OUT4'", a, b, tmpdir);
  rc = run(args);
  CHECK(rc == 1 && strstr(errtext, "network-0000.h5 is in two directories"),
        "network file twice: exit %d: %s", rc, errtext);

  // A network file of random bytes: named, and nothing merged.
  char c[300];
  snprintf(c, sizeof c, "%s/C", tmpdir);
  mkdir(c, 0755);
  put(c, "summary.csv",
      "network,units,seed,nf1_final_ld_mm,ff1_ld0_mm,ff1_final_ld_mm,nf2_ld0_mm,"
      "nf2_final_ld_mm,ff2_ld0_mm,ff2_final_ld_mm\n"
      "0,1,2,3,4,5,6,7,8,9\n");
  {
    snprintf(path, sizeof path, "%s/network-0000.h5", c);
    FILE *fp = fopen(path, "wb");
    unsigned x = 12345;
    for (int k = 0; fp && k < 4096; k++) fputc((int)((x = x * 1103515245u + 12345u) >> 24), fp);
    if (fp) fclose(fp);
  }
  snprintf(args, sizeof args, "merge '%s' --out '%s/OUT5'", c, tmpdir);
  rc = run(args);
  CHECK(rc == 1 && strstr(errtext, "C/network-0000.h5: not an HDF5 file"),
        "random-bytes network file: exit %d: %s", rc, errtext);
  // A summary that is not a savings table.
  put(c, "summary.csv", "a,b\n1,2\n");
  unlink(path);
  rc = run(args);
  CHECK(rc == 1 && strstr(errtext, "C/summary.csv:1: not a savings summary table"),
        "junk summary.csv: exit %d: %s", rc, errtext);

  rc = run("merge --out /tmp");
  CHECK(rc == 2, "no DIR: exit %d: %s", rc, errtext);

  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0) printf("could not remove %s\n", tmpdir);
  return reach_test_finish("cli-merge");
}
