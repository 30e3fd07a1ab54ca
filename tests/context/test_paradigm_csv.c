// SPDX-License-Identifier: GPL-3.0-or-later
// Paradigm trial tables from CSV: a good file reads as written (channel = empty perturbation),
// bad files fail with messages naming file, line and column, and the experiment-2 sequences load
// with the structure the README states.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "context/paradigm.h"
#include "harness.h"

#define DIR REACH_TEST_DATA "/heald2018-exp2/"

static char tmpdir[] = "/tmp/reach-paradigm-XXXXXX";

static const char *put(const char *name, const char *text) {
  static char path[256];
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  FILE *fp = fopen(path, "w");
  if (fp) {
    fputs(text, fp);
    fclose(fp);
  }
  return path;
}

static void expect_error(const char *name, const char *text, const char *want1, const char *want2) {
  reach_paradigm p;
  reach_error err = {0};
  const char *path = put(name, text);
  reach_status st = reach_paradigm_read(path, &p, &err);
  int ok = st != REACH_OK && strstr(err.msg, want1) && strstr(err.msg, want2);
  CHECK(ok, "%s is rejected naming '%s' and '%s': \"%s\"", name, want1, want2, err.msg);
  if (st == REACH_OK) reach_paradigm_free(&p);
}

int main(void) {
  if (!mkdtemp(tmpdir)) return 2;
  reach_error err = {0};
  reach_paradigm p;
  const char *good = put("good.csv", "trial,cue,perturbation\n1,1,0\n2,2,\n3,2,-1\n\n4,1,1\n");
  reach_status st = reach_paradigm_read(good, &p, &err);
  CHECK(st == REACH_OK, "good.csv reads: %s", st ? err.msg : "ok");
  if (st == REACH_OK) {
    CHECK(p.n == 4, "4 trials (blank line skipped): %d", p.n);
    CHECK(p.cue[0] == 1 && p.cue[1] == 2 && p.cue[2] == 2 && p.cue[3] == 1,
          "cues 1,2,2,1: %d,%d,%d,%d", p.cue[0], p.cue[1], p.cue[2], p.cue[3]);
    CHECK(p.pert[0] == 0 && reach_paradigm_is_channel(&p, 1) && p.pert[2] == -1 && p.pert[3] == 1,
          "perturbations 0,channel,-1,1: %g,%g,%g,%g", p.pert[0], p.pert[1], p.pert[2], p.pert[3]);
    CHECK(reach_paradigm_field_relation(&p) == -1, "cue 1 +1 and cue 2 -1 is opposing: %d",
          reach_paradigm_field_relation(&p));
    // round trip through the writer
    char out[300];
    snprintf(out, sizeof out, "%s/out.csv", tmpdir);
    reach_paradigm q;
    st = reach_paradigm_write(out, &p, &err);
    if (st == REACH_OK) st = reach_paradigm_read(out, &q, &err);
    CHECK(st == REACH_OK, "write + read back: %s", st ? err.msg : "ok");
    if (st == REACH_OK) {
      int same = q.n == p.n;
      for (int t = 0; same && t < p.n; t++)
        same = q.cue[t] == p.cue[t] &&
               (q.pert[t] == p.pert[t] ||
                (reach_paradigm_is_channel(&q, t) && reach_paradigm_is_channel(&p, t)));
      CHECK(same, "read back equals what was written (%d trials)", q.n);
      reach_paradigm_free(&q);
      remove(out);
    }
    reach_paradigm_free(&p);
  }

  expect_error("nocue.csv", "trial,perturbation\n1,0\n", "nocue.csv:1", "'cue'");
  expect_error("badcue.csv", "cue,perturbation\n1,0\n3,1\n", "badcue.csv:3:1", "found 3");
  expect_error("emptycue.csv", "cue,perturbation\n1,0\n,1\n", "emptycue.csv:3:1", "empty cue");
  expect_error("fraccue.csv", "cue,perturbation\n1.5,0\n", "fraccue.csv:2:1", "1 or 2");
  expect_error("badpert.csv", "cue,perturbation\n1,0\n2,x\n", "badpert.csv:3:2", "'x'");
  expect_error("short.csv", "cue,perturbation\n1,0\n2\n", "short.csv:3", "found 1");
  expect_error("empty.csv", "cue,perturbation\n", "empty.csv", "no trials");
  reach_error e2 = {0};
  st = reach_paradigm_read("/nonexistent/x.csv", &p, &e2);
  CHECK(st == REACH_ERR_IO && strstr(e2.msg, "/nonexistent/x.csv"), "missing file: \"%s\"", e2.msg);

  // the real experiment-2 sequences
  reach_paradigm_set set;
  st = reach_paradigm_set_read(DIR "paradigm_cues.csv", DIR "paradigm_perturbations.csv", &set,
                               &err);
  CHECK(st == REACH_OK, "experiment-2 set reads: %s", st ? err.msg : "ok");
  if (st == REACH_OK) {
    int bad = 0, same = 0, opp = 0;
    for (int s = 0; s < set.n; s++) {
      const reach_paradigm *q = &set.p[s];
      int rel = reach_paradigm_field_relation(q);
      same += rel == 1, opp += rel == -1;
      int want = strstr(q->name, "_same") ? 1 : -1;
      bad +=
          rel != want || reach_paradigm_channels(q, 1) != 51 || reach_paradigm_channels(q, 2) != 51;
    }
    CHECK(set.n == 16 && same == 8 && opp == 8 && bad == 0,
          "16 participants: %d same-field, %d opposing (by field signs, agreeing with the column "
          "names), 51 channel trials per cue; %d inconsistent",
          same, opp, bad);
    reach_paradigm_set_free(&set);
  }
  char cpath[300];
  snprintf(cpath, sizeof cpath, "%s", put("c.csv", "trial,a,b\n1,1,2\n2,2,3\n"));
  const char *ppath = put("p.csv", "trial,a,b\n1,0,0\n2,,1\n");
  st = reach_paradigm_set_read(cpath, ppath, &set, &err);
  CHECK(st != REACH_OK && strstr(err.msg, "c.csv:3:3") && strstr(err.msg, "'b'"),
        "set with cue 3 is rejected naming file:line:column: \"%s\"", err.msg);
  const char *ppath2 = put("p2.csv", "trial,a,c\n1,0,0\n2,,1\n");
  st = reach_paradigm_set_read(cpath, ppath2, &set, &err);
  CHECK(st != REACH_OK && strstr(err.msg, "'c'") && strstr(err.msg, "'b'"),
        "set with mismatched columns is rejected: \"%s\"", err.msg);

  const char *names[] = {"good.csv",    "nocue.csv",   "badcue.csv", "emptycue.csv",
                         "fraccue.csv", "badpert.csv", "short.csv",  "empty.csv",
                         "c.csv",       "p.csv",       "p2.csv"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char path[300];
    snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
    remove(path);
  }
  rmdir(tmpdir);
  return reach_test_finish("paradigm-csv");
}
