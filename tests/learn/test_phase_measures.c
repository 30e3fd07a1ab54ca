// SPDX-License-Identifier: GPL-3.0-or-later
// The behavioural measures and the sweep's summary row follow a run's phase list and the pair
// compared (issue 19 item 4; reach_savings_measures_from_file_compare, reach_sweep_summary_row):
//   - the four-phase study's output is byte-identical to what the code gave when both read the
//     first four phases (that code is kept below, verbatim, as the reference), on the tiny run of
//     run_hash.h;
//   - on a five-phase protocol NF1, FF1 (+8), NF2, FFb (−8), FF2 (+8) the default pair is FF1 and
//     FF2 (the next exposure to the same field), with FFb in NF2's part: the measures and the row
//     carry the LD logged in those phases, not in the first four; and --compare FF1,FFb compares
//     FFb, signed so that its counter-clockwise error is positive.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "run_hash.h"
#include "study/savings_report.h"
#include "study/savings_sweep.h"

/* ---- the code before the phase lists, the reference for the four-phase study ---- */

static double old_mean_last(const double *x, int n, int k) {
  if (n <= 0) return (double)NAN;
  int m = n < k ? n : k;
  double s = 0.0;
  for (int i = n - m; i < n; i++) s += x[i];
  return s / m;
}

static void old_summary_row(FILE *fp, int i, const reach_savings *e) {
  const reach_config *c = reach_savings_config(e);
  const double *ld[REACH_NPHASE];
  int n[REACH_NPHASE];
  for (int p = 0; p < REACH_NPHASE; p++) n[p] = reach_savings_ld(e, p, &ld[p], NULL);
  fprintf(fp, "%d,%d,%llu", i, c->units, (unsigned long long)c->seed);
  fprintf(fp, ",%.6f", 1e3 * old_mean_last(ld[0], n[0], 10));
  for (int p = 1; p < REACH_NPHASE; p++)
    fprintf(fp, ",%.6f,%.6f", n[p] ? 1e3 * ld[p][0] : (double)NAN,
            1e3 * old_mean_last(ld[p], n[p], 10));
  fputc('\n', fp);
}

static reach_status old_measures(const reach_savings *e, reach_savings_measures *out,
                                 reach_error *err) {
  const double *ld[REACH_NPHASE];
  int n[REACH_NPHASE];
  for (int p = 0; p < REACH_NPHASE; p++) n[p] = reach_savings_ld(e, p, &ld[p], NULL);
  return reach_savings_measures_compute(ld, n, 1, REACH_RATE_CODE, out, err);
}

/* ---- helpers ---- */

// A finished run of c saved as dir/network-0000.h5 (path); the loaded file in *out.
static int run_and_save(const reach_config *c, char *dir, char *path, size_t len,
                        reach_savings **out) {
  reach_error err = {0};
  reach_savings *e = NULL;
  if (reach_savings_create(c, &e, &err)) {
    CHECK(0, "create the run: %s", err.msg);
    return 0;
  }
  while (reach_savings_stage(e) != REACH_STAGE_DONE)
    if (reach_savings_step(e, &err)) break;
  CHECK(reach_savings_stage(e) == REACH_STAGE_DONE, "run finished %s", err.msg);
  if (!mkdtemp(dir)) return 0;
  snprintf(path, len, "%s/network-0000.h5", dir);
  CHECK(reach_savings_save(e, path, &err) == REACH_OK, "saved %s %s", path, err.msg);
  reach_savings_free(e);
  CHECK(reach_savings_load(path, out, &err) == REACH_OK, "loaded %s %s", path, err.msg);
  return *out != NULL;
}

// What `write` prints, as a string (free it).
static char *row_of(const reach_savings *e, const char *compare, bool old, reach_status *st) {
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  reach_error err = {0};
  *st = REACH_OK;
  if (old)
    old_summary_row(fp, 0, e);
  else
    *st = reach_sweep_summary_row(fp, 0, e, compare, &err);
  fclose(fp);
  if (*st) printf("# summary row: %s\n", err.msg);
  return buf;
}

static bool same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

static void cleanup(const char *dir, const char *path) {
  unlink(path);
  rmdir(dir);
}

/* ---- the four-phase study: byte for byte as before ---- */

static void test_four_phases(void) {
  reach_config c;
  tiny_run_config(&c, 5);
  char dir[] = "/tmp/reach-phase-measures-XXXXXX", path[96];
  reach_savings *e = NULL;
  if (!run_and_save(&c, dir, path, sizeof path, &e)) return;
  reach_status st_old, st_new;
  char *old = row_of(e, NULL, true, &st_old);
  char *now = row_of(e, NULL, false, &st_new);
  CHECK(st_new == REACH_OK && strcmp(old, now) == 0,
        "four-phase summary row byte-identical to the first-four reading:\n#   before %s#   now    "
        "%s",
        old, now);
  free(old);
  free(now);
  reach_savings_measures a, b;
  reach_error err = {0};
  reach_status sa = old_measures(e, &a, &err);
  reach_status sb = reach_savings_measures_from_file(path, 1, REACH_RATE_CODE, &b, &err);
  CHECK(sa == sb, "same status as before (%d, %d) %s", sa, sb, err.msg);
  CHECK(same_bits(a.ff1_ld0, b.ff1_ld0) && same_bits(a.ff2_ld0, b.ff2_ld0) &&
            same_bits(a.nf1_final, b.nf1_final) && same_bits(a.nf2_final, b.nf2_final) &&
            same_bits(a.washout_diff, b.washout_diff) && same_bits(a.after_effect, b.after_effect),
        "four-phase measures bit-identical: FF1 %.9f, FF2 %.9f, NF1 final %.9f, NF2 final %.9f, "
        "after-effect %.9f mm",
        1e3 * b.ff1_ld0, 1e3 * b.ff2_ld0, 1e3 * b.nf1_final, 1e3 * b.nf2_final,
        1e3 * b.after_effect);
  if (sa == REACH_OK)
    CHECK(
        same_bits(a.ff1_rate.rate, b.ff1_rate.rate) && same_bits(a.ff2_rate.rate, b.ff2_rate.rate),
        "rates bit-identical: %.9g, %.9g", b.ff1_rate.rate, b.ff2_rate.rate);
  reach_savings_free(e);
  cleanup(dir, path);
}

/* ---- five phases: the pair's phases, not the first four ---- */

static void set_phase(reach_phase *q, const char *name, reach_phase_kind kind, double gain,
                      int batches, const reach_config *c) {
  memset(q, 0, sizeof *q);
  snprintf(q->name, sizeof q->name, "%s", name);
  q->kind = kind;
  q->gain = gain;
  q->batches = batches;
  q->optimizer = c->phase_optim.kind;
  q->lr = c->phase_optim.lr;
  q->batch_repeats = c->phase_batch_repeats;
  q->catch_trials = c->phase_catch;
}

static void test_five_phases(void) {
  reach_config c;
  tiny_run_config(&c, 6);
  c.nphase = 5;
  set_phase(&c.phase[0], "NF1", REACH_PHASE_NULL, 0, 4, &c);
  set_phase(&c.phase[1], "FF1", REACH_PHASE_CURL, 8, 6, &c);
  set_phase(&c.phase[2], "NF2", REACH_PHASE_NULL, 0, 4, &c);
  set_phase(&c.phase[3], "FFb", REACH_PHASE_CURL, -8, 5, &c);
  set_phase(&c.phase[4], "FF2", REACH_PHASE_CURL, 8, 6, &c);
  char dir[] = "/tmp/reach-phase-measures-XXXXXX", path[96];
  reach_savings *e = NULL;
  if (!run_and_save(&c, dir, path, sizeof path, &e)) return;
  const double *ld[5];
  int n[5];
  for (int p = 0; p < 5; p++) n[p] = reach_savings_ld(e, p, &ld[p], NULL);
  CHECK(n[3] == 5 && n[4] == 6, "logged %d %d %d %d %d batches", n[0], n[1], n[2], n[3], n[4]);
  if (n[3] != 5 || n[4] != 6) return;
  // the test can tell the phases apart
  CHECK(ld[4][0] != ld[3][0] && ld[3][0] != ld[2][0],
        "LD at batch 0: NF2 %+.6f, FFb %+.6f, FF2 %+.6f mm (distinct)", 1e3 * ld[2][0],
        1e3 * ld[3][0], 1e3 * ld[4][0]);

  // the default pair: FF1 and FF2, FFb before FF2 in NF2's part
  reach_compare cmp;
  reach_error err = {0};
  CHECK(reach_savings_compare_pair(e, NULL, &cmp, &err) == REACH_OK && cmp.first == 1 &&
            cmp.second == 4 && cmp.before_first == 0 && cmp.before_second == 3,
        "default pair FF1 (%d) and FF2 (%d) after %d and %d (expect 1, 4 after 0, 3) %s", cmp.first,
        cmp.second, cmp.before_first, cmp.before_second, err.msg);
  reach_savings_measures m;
  reach_status st = reach_savings_measures_from_file(path, 1, REACH_RATE_CODE, &m, &err);
  printf("# measures of the default pair: status %d %s\n", st, st ? err.msg : "");
  CHECK(m.ff1_ld0 == ld[1][0] && m.ff2_ld0 == ld[4][0] && m.nf1_final == ld[0][n[0] - 1] &&
            m.nf2_final == ld[3][n[3] - 1] && m.after_effect == ld[3][0],
        "measures are of FF1 and FF2 (after FFb): FF1 batch 0 %+.6f (logged %+.6f), FF2 batch 0 "
        "%+.6f (logged %+.6f; the fourth phase's %+.6f), NF2 part final %+.6f (FFb's last "
        "%+.6f) mm",
        1e3 * m.ff1_ld0, 1e3 * ld[1][0], 1e3 * m.ff2_ld0, 1e3 * ld[4][0], 1e3 * ld[3][0],
        1e3 * m.nf2_final, 1e3 * ld[3][n[3] - 1]);
  char want[512];
  snprintf(want, sizeof want, "0,%d,%llu,%.6f", c.units, (unsigned long long)c.seed,
           1e3 * old_mean_last(ld[0], n[0], 10));
  const int parts[3] = {1, 3, 4};
  for (int k = 0; k < 3; k++) {
    size_t used = strlen(want);
    snprintf(want + used, sizeof want - used, ",%.6f,%.6f", 1e3 * ld[parts[k]][0],
             1e3 * old_mean_last(ld[parts[k]], n[parts[k]], 10));
  }
  strcat(want, "\n");
  reach_status rs;
  char *row = row_of(e, NULL, false, &rs);
  CHECK(rs == REACH_OK && strcmp(row, want) == 0,
        "summary row of phases NF1, FF1, FFb, FF2:\n#   got  %s#   want %s", row, want);
  free(row);

  // --compare FF1,FFb: FFb is counter-clockwise, so its LD is flipped (its error positive)
  CHECK(reach_savings_measures_from_file_compare(path, "FF1,FFb", 1, REACH_RATE_CODE, &m, &err) !=
                REACH_ERR_PARSE &&
            m.ff2_ld0 == -ld[3][0] && m.ff1_ld0 == ld[1][0] && m.after_effect == ld[2][0],
        "--compare FF1,FFb: FF2's part %+.6f mm = −(FFb batch 0 %+.6f), NF2's part batch 0 "
        "%+.6f = NF2's %+.6f",
        1e3 * m.ff2_ld0, 1e3 * ld[3][0], 1e3 * m.after_effect, 1e3 * ld[2][0]);
  CHECK(reach_savings_measures_from_file_compare(path, "FF1,FFx", 1, REACH_RATE_CODE, &m, &err) ==
                REACH_ERR_PARSE &&
            strstr(err.msg, path) && strstr(err.msg, "FFb"),
        "an unknown phase is refused naming the file and the protocol's phases: %s", err.msg);
  row = row_of(e, "NF1,NF2", false, &rs);
  CHECK(rs == REACH_OK && row[0] == '0', "summary row of an explicit pair NF1,NF2: %s", row);
  free(row);
  reach_savings_free(e);
  cleanup(dir, path);
}

int main(void) {
  test_four_phases();
  test_five_phases();
  return reach_test_finish("phase-measures");
}
