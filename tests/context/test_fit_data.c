// SPDX-License-Identifier: GPL-3.0-or-later
// The fitting pipeline on the reference group means: a user data file built from
// sssm_channel_group_means.csv reads back exactly (fraction and percent columns), the SSSM at
// Table S2 reproduces it (SSE ~ 0), a fit started there stays there, BIC follows its formula,
// ΔBIC is relative to the best, fitted parameters respect their bounds, and malformed data
// files are refused with file, line and column.
#include <string.h>
#include <unistd.h>

#include "context/fit.h"
#include "harness.h"
#include "refcsv.h"

#define DIR REACH_TEST_DATA "/heald2018-exp2/"

static char tmpdir[] = "/tmp/reach-fitdata-XXXXXX";

static const char *put(const char *name, const char *text) {
  static char path[256];
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  FILE *fp = fopen(path, "w");
  if (fp) fputs(text, fp), fclose(fp);
  return path;
}

int main(void) {
  if (!mkdtemp(tmpdir)) return 2;
  reach_error err = {0};
  reach_paradigm_set set;
  reach_design d;
  if (reach_paradigm_set_read(DIR "paradigm_cues.csv", DIR "paradigm_perturbations.csv", &set,
                              &err) != REACH_OK ||
      reach_design_init(&d, &set, &err) != REACH_OK) {
    CHECK(0, "design: %s", err.msg);
    return reach_test_finish("fit-data");
  }
  // data file in the user format, from the reference model curves
  refcsv gm;
  refcsv_read(DIR "sssm_channel_group_means.csv", &gm);
  int cg = refcsv_col(&gm, "group"), cc = refcsv_col(&gm, "control_point");
  int ci = refcsv_col(&gm, "channel_index"), ca = refcsv_col(&gm, "adaptation_paper");
  char path[300], ppath[300];
  snprintf(path, sizeof path, "%s/data.csv", tmpdir);
  snprintf(ppath, sizeof ppath, "%s/data_percent.csv", tmpdir);
  FILE *f1 = fopen(path, "w"), *f2 = fopen(ppath, "w");
  fputs("group,control_point,channel_index,adaptation\n", f1);
  fputs("channel_index,group,adaptation_percent,control_point\n", f2);  // any column order
  for (int r = gm.nrow - 1; r >= 0; r--) {                              // and any row order
    fprintf(f1, "%s,%d,%d,%.17g\n", refcsv_txt(&gm, r, cg), (int)refcsv_num(&gm, r, cc),
            (int)refcsv_num(&gm, r, ci), refcsv_num(&gm, r, ca));
    fprintf(f2, "%d,%s,%.17g,%d\n", (int)refcsv_num(&gm, r, ci), refcsv_txt(&gm, r, cg),
            100 * refcsv_num(&gm, r, ca), (int)refcsv_num(&gm, r, cc));
  }
  fclose(f1), fclose(f2);
  double data[204], datap[204];
  reach_status st = reach_fit_data_read(path, &d, data, &err);
  CHECK(st == REACH_OK, "data file of %d rows reads: %s", gm.nrow, st ? err.msg : "ok");
  st = reach_fit_data_read(ppath, &d, datap, &err);
  double dp = 0;
  for (int i = 0; i < 204; i++) dp = fmax(dp, fabs(data[i] - datap[i]));
  CHECK(st == REACH_OK && dp < 1e-15,
        "adaptation_percent reads as the same fractions (max diff %.2g)", dp);

  double th[6], sse;
  reach_cmodel_default_params(REACH_CMODEL_SSSM, th);
  st = reach_fit_sse(&d, data, REACH_CMODEL_SSSM, th, NULL, &sse, &err);
  CHECK(st == REACH_OK && sse < 204 * 1e-20,
        "SSSM at Table S2 against the reference curves: SSE %.3g", sse);

  reach_fit_options opt = reach_fit_options_default();
  opt.nstarts = 0;  // only the default point
  reach_cmodel models[2] = {REACH_CMODEL_SSSM, REACH_CMODEL_SSM7};
  reach_fit_result res[2];
  st = reach_fit_compare(&d, data, models, 2, &opt, res, &err);
  CHECK(st == REACH_OK, "SSSM + SSM7 fitted: %s", st ? err.msg : "ok");
  double tss = 0, mean = 0;
  for (int i = 0; i < 204; i++) mean += data[i] / 204;
  for (int i = 0; i < 204; i++) tss += (data[i] - mean) * (data[i] - mean);
  for (int i = 0; i < 2; i++) {
    double bic = 204 * log(res[i].sse / 204) + res[i].k * log(204.0);
    CHECK(fabs(res[i].bic - bic) < 1e-9 * fabs(bic) &&
              fabs(res[i].r2 - (1 - res[i].sse / tss)) < 1e-12,
          "%s: BIC %.4f = n ln(SSE/n) + k ln n = %.4f; R2 %.6f", reach_cmodel_get(models[i])->name,
          res[i].bic, bic, res[i].r2);
  }
  CHECK(res[0].dbic == 0 && res[1].dbic > 4.6,
        "on SSSM curves the SSSM is best (dBIC 0) and SSM7 worse by %.1f", res[1].dbic);
  CHECK(res[0].sse <= sse + 1e-12, "a fit started at the truth keeps SSE ~ 0: %.3g", res[0].sse);
  for (int i = 0; i < 6; i++)
    CHECK(fabs(res[0].theta[i] - th[i]) <= 1e-2 * th[i],
          "noise-free data: %s fitted %.6g vs %.6g (within 1 %%)",
          reach_cmodel_get(REACH_CMODEL_SSSM)->pname[i], res[0].theta[i], th[i]);
  int inb = 1;
  for (int i = 0; i < 6; i++) inb &= res[1].theta[i] >= 0 && res[1].theta[i] <= 1;
  CHECK(inb, "SSM7 fitted parameters inside [0, 1]: %.4f %.4f %.4f %.4f %.4f %.4f", res[1].theta[0],
        res[1].theta[1], res[1].theta[2], res[1].theta[3], res[1].theta[4], res[1].theta[5]);

  // same seed, same fit; another seed draws other starts
  reach_fit_options o2 = reach_fit_options_default();
  o2.nstarts = 2;
  reach_fit_result ra, rb, rc;
  reach_fit_model(&d, data, REACH_CMODEL_SSM7, &o2, &ra, &err);
  reach_fit_model(&d, data, REACH_CMODEL_SSM7, &o2, &rb, &err);
  o2.seed = 99;
  reach_fit_model(&d, data, REACH_CMODEL_SSM7, &o2, &rc, &err);
  CHECK(
      memcmp(ra.theta, rb.theta, sizeof ra.theta) == 0 && ra.evals == rb.evals &&
          ra.evals != rc.evals,
      "SSM7 fit with seed 1 twice: identical (%d evals each); seed 99: %d evals, SSE %.6g vs %.6g",
      ra.evals, rc.evals, rc.sse, ra.sse);

  // malformed files
  struct {
    const char *name, *text, *want1, *want2;
  } bad[] = {
      {"nocol.csv", "group,control_point,adaptation\nsame,1,0.1\n", "nocol.csv:1", "channel_index"},
      {"grp.csv", "group,control_point,channel_index,adaptation\nboth,1,1,0.1\n", "grp.csv:2:1",
       "'both'"},
      {"cp.csv", "group,control_point,channel_index,adaptation\nsame,3,1,0.1\n", "cp.csv:2:2",
       "1 or 2"},
      {"idx.csv", "group,control_point,channel_index,adaptation\nsame,1,52,0.1\n", "idx.csv:2:3",
       "1..51"},
      {"val.csv", "group,control_point,channel_index,adaptation\nsame,1,1,abc\n", "val.csv:2:4",
       "'abc'"},
      {"dup.csv", "group,control_point,channel_index,adaptation\nsame,1,1,0.1\nsame,1,1,0.2\n",
       "dup.csv:3", "twice"},
      {"miss.csv", "group,control_point,channel_index,adaptation\nsame,1,1,0.1\n", "203 of the 204",
       "same control point 1 channel 2"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    const char *pth = put(bad[i].name, bad[i].text);
    st = reach_fit_data_read(pth, &d, data, &err);
    CHECK(st != REACH_OK && strstr(err.msg, bad[i].want1) && strstr(err.msg, bad[i].want2),
          "%s refused naming '%s', '%s': \"%s\"", bad[i].name, bad[i].want1, bad[i].want2, err.msg);
    remove(pth);
  }
  remove(path), remove(ppath);
  rmdir(tmpdir);
  refcsv_free(&gm);
  reach_design_free(&d);
  reach_paradigm_set_free(&set);
  return reach_test_finish("fit-data");
}
