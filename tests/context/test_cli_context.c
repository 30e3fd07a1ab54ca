// SPDX-License-Identifier: GPL-3.0-or-later
// reachlab-cli sssm and fit end to end: the per-trial table of one experiment-2 participant
// written by the CLI matches the reference sssm_trials.csv column by column; generated
// experiments and SSMs run; fit on the reference curves ranks the SSSM first and writes its
// files; bad usage exits 2 with a message naming what was expected.
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "context/paradigm.h"
#include "cli_run.h"
#include "harness.h"
#include "refcsv.h"

#define DIR REACH_TEST_DATA "/heald2018-exp2/"

static char tmpdir[] = "/tmp/reach-cli-ctx-XXXXXX";
static char errtext[4096];

// Runs the CLI with args; returns its exit status and keeps its stderr in errtext.
static int run(const char *args) {
  return reach_test_cli_run(REACH_CLI, tmpdir, args, errtext, sizeof errtext, true);
}

int main(void) {
  if (!mkdtemp(tmpdir)) return 2;
  reach_error err = {0};
  reach_paradigm_set set;
  if (reach_paradigm_set_read(DIR "paradigm_cues.csv", DIR "paradigm_perturbations.csv", &set,
                              &err) != REACH_OK) {
    CHECK(0, "%s", err.msg);
    return reach_test_finish("cli-context");
  }
  // participant 9 (opposing) as a paradigm CSV
  const int subj = 9;
  char ppath[300], opath[300], args[1024];
  snprintf(ppath, sizeof ppath, "%s/p9.csv", tmpdir);
  snprintf(opath, sizeof opath, "%s/out.csv", tmpdir);
  reach_paradigm_write(ppath, &set.p[subj - 1], &err);
  snprintf(args, sizeof args, "sssm --paradigm '%s' --out '%s'", ppath, opath);
  int rc = run(args);
  CHECK(rc == 0, "sssm --paradigm p9.csv exits 0 (%d) %s", rc, errtext);
  refcsv mine, ref;
  refcsv_read(opath, &mine);
  refcsv_read(DIR "sssm_trials.csv", &ref);
  const char *cols[] = {"cue",       "channel",   "yhat_paper",    "yhat_code2021",
                        "post_c1",   "post_c2",   "phi_q1_c1",     "phi_q2_c1",
                        "phi_q1_c2", "phi_q2_c2", "p_c1_given_q1", "p_c1_given_q2",
                        "xs1",       "xf1",       "xs2",           "xf2"};
  int rs = refcsv_col(&ref, "subject");
  int first = -1;
  for (int r = 0; r < ref.nrow && first < 0; r++)
    if ((int)refcsv_num(&ref, r, rs) == subj) first = r;
  double worst = 0;
  const char *wcol = "";
  for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
    int cm = refcsv_col(&mine, cols[c]), cr = refcsv_col(&ref, cols[c]);
    for (int t = 0; t < 540 && first >= 0; t++) {
      double dd = fabs(refcsv_num(&mine, t, cm) - refcsv_num(&ref, first + t, cr));
      if (!(dd <= worst)) worst = isnan(dd) ? (double)INFINITY : dd, wcol = cols[c];
    }
  }
  CHECK(mine.nrow == 540 && worst <= 1e-9,
        "CLI table of participant 9: %d rows, worst |diff| over 16 reference columns %.3g (%s; "
        "tol 1e-9)",
        mine.nrow, worst, wcol);
  refcsv_free(&mine);

  // every participant at once, in the reference layout
  snprintf(args, sizeof args, "sssm --paradigms " DIR " --out '%s'", opath);
  rc = run(args);
  refcsv_read(opath, &mine);
  worst = 0;
  int names_ok = 1;
  for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
    int cm = refcsv_col(&mine, cols[c]), cr = refcsv_col(&ref, cols[c]);
    for (int r = 0; r < ref.nrow && r < mine.nrow; r++) {
      double dd = fabs(refcsv_num(&mine, r, cm) - refcsv_num(&ref, r, cr));
      if (!(dd <= worst)) worst = isnan(dd) ? (double)INFINITY : dd, wcol = cols[c];
    }
  }
  for (int r = 0; r < ref.nrow && r < mine.nrow; r++)
    names_ok &= strcmp(refcsv_txt(&mine, r, 1), refcsv_txt(&ref, r, 1)) == 0 &&
                refcsv_num(&mine, r, 0) == refcsv_num(&ref, r, 0);
  CHECK(rc == 0 && mine.nrow == ref.nrow && names_ok && worst <= 1e-9,
        "sssm --paradigms: %d rows (reference %d), subject/group columns %s, worst |diff| %.3g "
        "(%s; tol 1e-9)",
        mine.nrow, ref.nrow, names_ok ? "equal" : "DIFFER", worst, wcol);
  refcsv_free(&mine);

  snprintf(args, sizeof args, "sssm --experiment exp1-two --seed 5 --model ssm7 --out '%s'", opath);
  rc = run(args);
  CHECK(rc == 0 && strstr(errtext, "reconstruction"),
        "sssm --experiment exp1-two --model ssm7 exits 0 and notes the reconstruction: \"%s\"",
        errtext);
  refcsv_read(opath, &mine);
  CHECK(mine.nrow == 1112, "exp1-two table has 1112 rows: %d", mine.nrow);
  refcsv_free(&mine);

  struct {
    const char *args, *want;
    int code;
  } bad[] = {
      {"sssm --out x.csv", "exactly one of --paradigm", 2},
      {"sssm --experiment exp2-same --paradigms " DIR " --out x.csv", "exactly one of", 2},
      {"sssm --experiment exp9 --out x.csv", "expected exp1-two", 2},
      {"sssm --experiment exp2-same --model ssm8 --out x.csv", "expected sssm or ssm1", 2},
      {"sssm --experiment exp2-same --out x.txt", "ending in .csv or .h5", 2},
      {"sssm --experiment exp2-same", "--out FILE.csv is required", 2},
      {"sssm --experiment exp2-same --variant v3 --out x.csv", "paper or code2021", 2},
      {"sssm --paradigm /nonexistent.csv --out x.csv", "/nonexistent.csv", 1},
      {"fit --synthetic sssm --paradigms /nonexistent --out d", "/nonexistent", 1},
      {"fit --paradigms " DIR " --data a.csv --synthetic sssm --out d", "exactly one of", 2},
      {"fit --paradigms " DIR " --synthetic sssm --models sssm,coin --out d", "'coin'", 2},
      {"fit --paradigms " DIR " --data /nonexistent.csv --out d", "/nonexistent.csv", 1},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    rc = run(bad[i].args);
    CHECK(rc == bad[i].code && strstr(errtext, bad[i].want), "'%s' exits %d (%d): \"%s\"",
          bad[i].args, bad[i].code, rc, errtext);
  }
  // params file with a typo is refused, a good one is used
  char ini[300];
  snprintf(ini, sizeof ini, "%s/p.ini", tmpdir);
  FILE *fp = fopen(ini, "w");
  fputs("[sssm]\na_s = 0.99\nq_z = 0.1\n", fp);
  fclose(fp);
  snprintf(args, sizeof args, "sssm --experiment exp2-same --params '%s' --out '%s'", ini, opath);
  rc = run(args);
  CHECK(rc == 2 && strstr(errtext, "q_z") && strstr(errtext, "expected one of"),
        "params typo refused: \"%s\"", errtext);

  // fit on the reference model curves (user data format)
  refcsv gm;
  refcsv_read(DIR "sssm_channel_group_means.csv", &gm);
  char dpath[300], odir[300];
  snprintf(dpath, sizeof dpath, "%s/data.csv", tmpdir);
  snprintf(odir, sizeof odir, "%s/fit", tmpdir);
  fp = fopen(dpath, "w");
  fputs("group,control_point,channel_index,adaptation\n", fp);
  for (int r = 0; r < gm.nrow; r++)
    fprintf(fp, "%s,%d,%d,%.17g\n", refcsv_txt(&gm, r, 0), (int)refcsv_num(&gm, r, 1),
            (int)refcsv_num(&gm, r, 2), refcsv_num(&gm, r, refcsv_col(&gm, "adaptation_paper")));
  fclose(fp);
  snprintf(args, sizeof args,
           "fit --paradigms " DIR " --data '%s' --models sssm,ssm7 --starts 0 --out '%s'", dpath,
           odir);
  rc = run(args);
  CHECK(rc == 0, "fit --models sssm,ssm7 exits 0 (%d) %s", rc, errtext);
  char bpath[400];
  snprintf(bpath, sizeof bpath, "%s/bic.csv", odir);
  refcsv bic;
  refcsv_read(bpath, &bic);
  int cmod = refcsv_col(&bic, "model"), cdb = refcsv_col(&bic, "dbic"),
      crec = refcsv_col(&bic, "reconstruction");
  CHECK(bic.nrow == 2 && strcmp(refcsv_txt(&bic, 0, cmod), "SSSM") == 0 &&
            refcsv_num(&bic, 0, cdb) == 0 && refcsv_num(&bic, 1, cdb) > 4.6 &&
            refcsv_num(&bic, 1, crec) == 1,
        "bic.csv: SSSM dBIC %g, SSM7 dBIC %.1f (marked reconstruction: %g)",
        refcsv_num(&bic, 0, cdb), refcsv_num(&bic, 1, cdb), refcsv_num(&bic, 1, crec));
  refcsv_free(&bic);
  snprintf(bpath, sizeof bpath, "%s/curves.csv", odir);
  refcsv cv;
  refcsv_read(bpath, &cv);
  CHECK(cv.nrow == 204 && cv.ncol == 7, "curves.csv: %d rows x %d columns (204 x 7)", cv.nrow,
        cv.ncol);
  refcsv_free(&cv);
  // fitted params feed back into sssm
  snprintf(bpath, sizeof bpath, "%s/params_ssm7.ini", odir);
  snprintf(args, sizeof args,
           "sssm --experiment exp2-opposing --model ssm7 --params '%s' --out '%s'", bpath, opath);
  rc = run(args);
  CHECK(rc == 0, "sssm --params params_ssm7.ini (written by fit) exits 0: %s", errtext);

  refcsv_free(&gm);
  refcsv_free(&ref);
  reach_paradigm_set_free(&set);
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0) return 2;
  return reach_test_finish("cli-context");
}
