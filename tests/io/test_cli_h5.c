// SPDX-License-Identifier: GPL-3.0-or-later
// reachlab-cli sssm --out FILE.h5 end to end:
// - for all 16 experiment-2 participants, every column of the HDF5 file equals the CSV the same
//   command writes (bit for bit; NaN on channel trials; the group strings), in the order the
//   `columns` attribute gives, and matches the reference sssm_trials.csv to 1e-9;
// - the attributes say what made the table: model, variant (root and on trials/yhat), and the
//   parameters are stored; an SSM file notes the reconstruction;
// - an unwritable path exits 1 naming it and leaves nothing; a wrong suffix exits 2.
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "context/refcsv.h"
#include "cli_run.h"
#include "harness.h"
#include "io/h5.h"

#define DIR REACH_TEST_DATA "/heald2018-exp2/"

static char tmpdir[] = "/tmp/reach-cli-h5-XXXXXX";
static char errtext[4096];

// Runs the CLI with args; returns its exit status and keeps its stderr in errtext.
static int run(const char *args) {
  return reach_test_cli_run(REACH_CLI, tmpdir, args, errtext, sizeof errtext, true);
}

static char *attr(const reach_h5r *r, const char *obj, const char *name) {
  char *s = NULL;
  reach_error err;
  if (reach_h5_read_attr_string(r, obj, name, &s, &err) != REACH_OK) return strdup(err.msg);
  return s;
}

int main(void) {
  if (!mkdtemp(tmpdir)) return 2;
  char csv[300], h5[300], args[1024];
  snprintf(csv, sizeof csv, "%s/all.csv", tmpdir);
  snprintf(h5, sizeof h5, "%s/all.h5", tmpdir);
  reach_error err = {0};

  // every participant: HDF5 = CSV, column by column
  snprintf(args, sizeof args, "sssm --paradigms " DIR " --out '%s'", csv);
  int rc1 = run(args);
  snprintf(args, sizeof args, "sssm --paradigms " DIR " --out '%s'", h5);
  int rc2 = run(args);
  CHECK(rc1 == 0 && rc2 == 0, "sssm --paradigms to .csv and .h5 exit %d and %d %s", rc1, rc2,
        errtext);
  refcsv mine, ref;
  refcsv_read(csv, &mine);
  refcsv_read(DIR "sssm_trials.csv", &ref);
  reach_h5r r;
  reach_status st = reach_h5_open(&r, h5, &err);
  CHECK(st == REACH_OK, "open %s (%s)", h5, err.msg);
  if (st == REACH_OK) {
    char *cols = attr(&r, "/", "columns");
    // the CSV header, rebuilt from the table's column names
    char header[2048] = "";
    for (int c = 0; c < mine.ncol; c++)
      snprintf(header + strlen(header), sizeof header - strlen(header), "%s%s", c ? "," : "",
               mine.names[c]);
    CHECK(strcmp(cols, header) == 0, "columns attribute \"%s\" = CSV header", cols);
    free(cols);
    const size_t n = (size_t)mine.nrow;
    double *v = malloc(n * sizeof *v);
    int64_t *iv = malloc(n * sizeof *iv);
    int ncmp = 0, nbad = 0;
    const char *bad_col = "";
    double worst_ref = 0;
    const char *worst_col = "";
    for (int c = 0; c < mine.ncol; c++) {
      char ds[128];
      snprintf(ds, sizeof ds, "trials/%s", mine.names[c]);
      int rank;
      size_t dims[REACH_H5_MAXRANK];
      if (reach_h5_dims(&r, ds, &rank, dims, &err) != REACH_OK || rank != 1 || dims[0] != n) {
        nbad++, bad_col = mine.names[c];
        continue;
      }
      int same = 1;
      if (strcmp(mine.names[c], "group") == 0) {
        size_t ns = 0;
        char **g = NULL;
        same = reach_h5_read_strings(&r, ds, &ns, &g, &err) == REACH_OK && ns == n;
        for (size_t i = 0; same && i < n; i++)
          same = strcmp(g[i], refcsv_txt(&mine, (int)i, c)) == 0;
        reach_h5_strings_free(ns, g);
      } else {
        // integer columns are int64, the others float64: try int64 first
        if (reach_h5_read_int64(&r, ds, 1, &n, iv, &err) == REACH_OK) {
          for (size_t i = 0; i < n; i++) v[i] = (double)iv[i];
        } else if (reach_h5_read_double(&r, ds, 1, &n, v, &err) != REACH_OK) {
          same = 0;
        }
        for (size_t i = 0; same && i < n; i++) {
          const double a = refcsv_num(&mine, (int)i, c);
          same = (a == v[i]) || (isnan(a) && isnan(v[i]));
        }
        int cr = -1;  // refcsv_col exits on a missing column; the reference lacks some of ours
        for (int k = 0; k < ref.ncol; k++)
          if (strcmp(ref.names[k], mine.names[c]) == 0) cr = k;
        for (size_t i = 0; cr >= 0 && same && i < n && (int)i < ref.nrow; i++) {
          const double b = refcsv_num(&ref, (int)i, cr);
          const double d = isnan(b) && isnan(v[i]) ? 0 : fabs(b - v[i]);
          if (!(d <= worst_ref))
            worst_ref = isnan(d) ? (double)INFINITY : d, worst_col = mine.names[c];
        }
      }
      ncmp++;
      if (!same) nbad++, bad_col = mine.names[c];
    }
    CHECK(mine.nrow == 8640 && ncmp == mine.ncol && nbad == 0,
          "%d rows: %d of %d columns compared, %d differ from the CSV (first: %s)", mine.nrow, ncmp,
          mine.ncol, nbad, bad_col);
    CHECK(worst_ref <= 1e-9 && ref.nrow == 8640,
          "HDF5 columns vs reference sssm_trials.csv (%d rows): worst |diff| %.3g (%s; tol 1e-9)",
          ref.nrow, worst_ref, worst_col);
    char *model = attr(&r, "/", "model"), *variant = attr(&r, "/", "variant"),
         *yv = attr(&r, "trials/yhat", "variant"),
         *units = attr(&r, "trials/perturbation", "description");
    CHECK(strcmp(model, "SSSM") == 0 && strcmp(variant, "paper") == 0 && strcmp(yv, "paper") == 0,
          "attributes: model \"%s\", variant \"%s\", trials/yhat variant \"%s\"", model, variant,
          yv);
    free(model);
    free(variant);
    free(yv);
    free(units);
    double alpha = 0;
    st = reach_h5_read_double(&r, "params/alpha", 0, NULL, &alpha, &err);
    CHECK(st == REACH_OK && alpha == 0.6067, "params/alpha = %.17g (Table S2: 0.6067) %s", alpha,
          st ? err.msg : "");
    free(v);
    free(iv);
    reach_h5_close(&r);
  }
  refcsv_free(&mine);
  refcsv_free(&ref);

  // the 2021 code's variant, one generated paradigm
  snprintf(args, sizeof args,
           "sssm --experiment exp2-opposing --seed 3 --variant code2021 --out '%s'", h5);
  int rc = run(args);
  st = rc == 0 ? reach_h5_open(&r, h5, &err) : REACH_ERR_IO;
  CHECK(st == REACH_OK, "sssm --variant code2021 --out .h5 exits %d (%s)", rc, errtext);
  if (st == REACH_OK) {
    char *variant = attr(&r, "/", "variant"), *yv = attr(&r, "trials/yhat", "variant"),
         *source = attr(&r, "/", "source");
    int rank;
    size_t dims[REACH_H5_MAXRANK];
    reach_h5_dims(&r, "trials/yhat", &rank, dims, &err);
    const size_t n = dims[0];
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    reach_h5_read_double(&r, "trials/yhat", 1, &n, a, &err);
    reach_h5_read_double(&r, "trials/yhat_code2021", 1, &n, b, &err);
    CHECK(strcmp(variant, "code2021") == 0 && strcmp(yv, "code2021") == 0 &&
              memcmp(a, b, n * sizeof *a) == 0 && !reach_h5_exists(&r, "trials/subject"),
          "variant \"%s\" (root), \"%s\" (trials/yhat); yhat = yhat_code2021 over %zu trials; no "
          "subject column for one paradigm; source \"%s\"",
          variant, yv, n, source);
    free(variant);
    free(yv);
    free(source);
    free(a);
    free(b);
    reach_h5_close(&r);
  }

  // an SSM (a reconstruction)
  snprintf(args, sizeof args, "sssm --experiment exp1-two --seed 5 --model ssm3 --out '%s'", h5);
  rc = run(args);
  st = rc == 0 ? reach_h5_open(&r, h5, &err) : REACH_ERR_IO;
  CHECK(st == REACH_OK, "sssm --model ssm3 --out .h5 exits %d (%s)", rc, errtext);
  if (st == REACH_OK) {
    char *model = attr(&r, "/", "model"), *note = attr(&r, "/", "note");
    int rank = 0;
    size_t dims[REACH_H5_MAXRANK] = {0};
    reach_h5_dims(&r, "trials/xs1", &rank, dims, &err);
    CHECK(strcmp(model, "SSM3") == 0 && strstr(note, "reconstruction") && rank == 1 &&
              dims[0] == 1112 && !reach_h5_exists(&r, "trials/post_c1"),
          "model \"%s\", note \"%.60s...\", trials/xs1 of %zu trials (1112), no post_c1", model,
          note, dims[0]);
    free(model);
    free(note);
    reach_h5_close(&r);
  }

  // errors
  rc = run("sssm --experiment exp2-same --out /nonexistent-reach-dir/x.h5");
  CHECK(rc == 1 && strstr(errtext, "/nonexistent-reach-dir/x.h5: cannot create a temporary file"),
        "unwritable .h5 path exits 1 (%d): \"%s\"", rc, errtext);
  snprintf(args, sizeof args, "sssm --experiment exp2-same --out '%s/x.txt'", tmpdir);
  rc = run(args);
  CHECK(rc == 2 && strstr(errtext, "expected a file name ending in .csv or .h5"),
        "--out x.txt exits 2 (%d): \"%s\"", rc, errtext);

  unlink(csv);
  unlink(h5);
  int left = rmdir(tmpdir);
  CHECK(left == 0, "nothing else left in the temporary folder (rmdir %d)", left);
  return reach_test_finish("cli-sssm-h5");
}
