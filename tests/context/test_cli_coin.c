// SPDX-License-Identifier: GPL-3.0-or-later
// reachlab-cli coin end to end: the CSV table holds, per trial, exactly the run-averaged motor
// output of reach_coin_run with the same seed; the HDF5 file holds every run; a paradigm with
// cues runs with them; bad usage, a bad paradigm and a bad parameter file fail with a message
// naming the file, line and key.
#include <string.h>
#include <unistd.h>

#include "cli_run.h"
#include "harness.h"
#include "reach.h"
#include "refcsv.h"

static char tmpdir[] = "/tmp/reach-cli-coin-XXXXXX";
static char errtext[4096];

static int run(const char *args) {
  return reach_test_cli_run(REACH_CLI, tmpdir, args, errtext, sizeof errtext, false);
}

// Copies the CSV without its '#' comment lines, for refcsv.
static void strip_comments(const char *in, const char *out, int *ncomment) {
  FILE *a = fopen(in, "r"), *b = fopen(out, "w");
  char line[8192];
  *ncomment = 0;
  while (a && b && fgets(line, sizeof line, a)) {
    if (line[0] == '#')
      (*ncomment)++;
    else
      fputs(line, b);
  }
  if (a) fclose(a);
  if (b) fclose(b);
}

int main(void) {
  if (!mkdtemp(tmpdir)) return 2;
  char args[2048], out[300], plain[300], h5[300], ini[300], pth[300];
  snprintf(out, sizeof out, "%s/sr.csv", tmpdir);
  snprintf(plain, sizeof plain, "%s/sr_plain.csv", tmpdir);
  snprintf(h5, sizeof h5, "%s/sr.h5", tmpdir);
  const char *par = REACH_PARADIGMS "/coin/spontaneous-recovery.csv";

  int rc = run("coin --help");
  CHECK(rc == 0, "coin --help exits 0 (%d)", rc);

  snprintf(args, sizeof args, "coin --paradigm '%s' --runs 3 --particles 20 --seed 7 --out '%s'",
           par, out);
  rc = run(args);
  CHECK(rc == 0 && strstr(errtext, "run 3/3"),
        "coin over spontaneous-recovery.csv exits 0 (%d) with progress on stderr ('%.60s')", rc,
        errtext);
  int ncomment = 0;
  strip_comments(out, plain, &ncomment);
  refcsv t;
  refcsv_read(plain, &t);
  CHECK(t.nrow == 340 && ncomment >= 10,
        "340 rows, %d comment lines giving the columns' units and meaning", ncomment);
  // the same run through the library
  reach_table tb;
  reach_error err = {0};
  reach_table_read(par, REACH_CSV_ALLOW_EMPTY, &tb, &err);
  double pert[340];
  for (int i = 0; i < 340 && i < tb.nrow; i++) pert[i] = reach_table_at(&tb, i, 1);
  reach_table_free(&tb);
  reach_coin_params p = reach_coin_params_default();
  p.particles = 20;
  reach_coin_result res;
  CHECK(reach_coin_run(&p, 340, pert, NULL, NULL, 3, 7, &res, NULL, NULL, &err) == REACH_OK,
        "library run");
  const int cm = refcsv_col(&t, "motor_output"), cc = refcsv_col(&t, "channel"),
            cn = refcsv_col(&t, "n_contexts");
  refcsv_col(&t, "p_pred_ctx10");
  refcsv_col(&t, "state_ctx1");
  double worst = 0, wn = 0;
  int chan_ok = 1;
  for (int i = 0; i < 340 && i < t.nrow; i++) {
    double m = 0, c = 0;
    for (int r = 0; r < 3; r++)
      m += res.motor_output[r * 340 + i] / 3, c += res.n_contexts[r * 340 + i] / 3;
    worst = fmax(worst, fabs(refcsv_num(&t, i, cm) - m));
    wn = fmax(wn, fabs(refcsv_num(&t, i, cn) - c));
    chan_ok &= (int)refcsv_num(&t, i, cc) == (i >= 190);
  }
  CHECK(worst <= 1e-15 && wn <= 1e-12 && chan_ok,
        "CSV motor_output and n_contexts equal reach_coin_run's run means (max |diff| %.2g, %.2g); "
        "channel = 1 exactly on trials 191-340",
        worst, wn);
  refcsv_free(&t);

  snprintf(args, sizeof args, "coin --paradigm '%s' --runs 3 --particles 20 --seed 7 -q --out '%s'",
           par, h5);
  rc = run(args);
  CHECK(rc == 0, "coin --out FILE.h5 exits 0 (%d) %s", rc, errtext);
  reach_h5r r;
  double *runs = malloc(3 * 340 * sizeof *runs);
  const size_t dims[2] = {3, 340};
  int h5ok = reach_h5_open(&r, h5, &err) == REACH_OK &&
             reach_h5_read_double(&r, "runs/motor_output", 2, dims, runs, &err) == REACH_OK;
  char *units = NULL;
  h5ok = h5ok &&
         reach_h5_read_attr_string(&r, "trials/motor_output", "units", &units, &err) == REACH_OK;
  reach_h5_close(&r);
  CHECK(h5ok && memcmp(runs, res.motor_output, 3 * 340 * sizeof *runs) == 0,
        "HDF5 runs/motor_output is every run bitwise; trials/motor_output has units '%s' (%s)",
        units ? units : "?", err.msg);
  free(units);
  free(runs);
  reach_coin_result_free(&res);

  // a paradigm with cues (experiment 2, opposing fields, generated)
  reach_paradigm gp;
  snprintf(pth, sizeof pth, "%s/exp2.csv", tmpdir);
  if (reach_paradigm_generate(reach_tool_experiment_find("exp2-opposing"), 3, &gp, &err) ==
      REACH_OK) {
    reach_paradigm_write(pth, &gp, &err);
    snprintf(args, sizeof args, "coin --paradigm '%s' --runs 2 --particles 10 -q --out '%s'", pth,
             out);
    rc = run(args);
    strip_comments(out, plain, &ncomment);
    refcsv_read(plain, &t);
    const int cq = refcsv_col(&t, "cue");
    int same = t.nrow == gp.n;
    for (int i = 0; same && i < gp.n; i++) same = (int)refcsv_num(&t, i, cq) == gp.cue[i];
    CHECK(rc == 0 && same,
          "a paradigm with a cue column (exp2-opposing, %d trials) runs with its cues (%d)", gp.n,
          rc);
    refcsv_free(&t);
    reach_paradigm_free(&gp);
  }

  // errors
  snprintf(ini, sizeof ini, "%s/p.ini", tmpdir);
  FILE *fp = fopen(ini, "w");
  fputs("[coin]\nalpha_context = 9\nrho = 0.3\n", fp);
  fclose(fp);
  snprintf(args, sizeof args, "coin --paradigm '%s' --params '%s' --out '%s'", par, ini, out);
  rc = run(args);
  CHECK(rc == 2 && strstr(errtext, "p.ini:3") && strstr(errtext, "'rho'"),
        "an unknown key exits 2 naming file:line and key: %s", errtext);
  fp = fopen(ini, "w");
  fputs("[coin]\n\nmax_contexts = 2.5\n", fp);
  fclose(fp);
  rc = run(args);
  CHECK(rc == 2 && strstr(errtext, "p.ini:3") && strstr(errtext, "max_contexts") &&
            strstr(errtext, "integer"),
        "a non-integer max_contexts exits 2 naming file:line and key: %s", errtext);
  fp = fopen(ini, "w");
  fputs("[coin]\nrho_context = 1.5\n", fp);
  fclose(fp);
  rc = run(args);
  CHECK(rc == 2 && strstr(errtext, "p.ini:2") && strstr(errtext, "rho_context"),
        "rho_context 1.5 is refused naming file:line and key: %s", errtext);
  snprintf(pth, sizeof pth, "%s/bad.csv", tmpdir);
  fp = fopen(pth, "w");
  fputs("trial,cue,perturbation\n1,1,0\n2,3,1\n", fp);
  fclose(fp);
  snprintf(args, sizeof args, "coin --paradigm '%s' --out '%s'", pth, out);
  rc = run(args);
  CHECK(rc == 1 && strstr(errtext, "bad.csv:3") && strstr(errtext, "cue"),
        "cue 3 exits 1 naming file:line and column: %s", errtext);
  fp = fopen(pth, "w");
  fputs("trial,perturbation,stationary\n1,0,0\n2,1,0\n3,,2\n", fp);
  fclose(fp);
  rc = run(args);
  CHECK(rc == 1 && strstr(errtext, "bad.csv:4:3") && strstr(errtext, "stationary"),
        "stationary 2 exits 1 naming file:line:column: %s", errtext);
  fp = fopen(pth, "w");
  fputs("perturbation\n0\n1\n\n1\n", fp);
  fclose(fp);
  rc = run(args);
  CHECK(rc == 1 && strstr(errtext, "bad.csv:4") && strstr(errtext, "blank line"),
        "a blank line in a one-column paradigm is refused: %s", errtext);
  snprintf(args, sizeof args, "coin --paradigm '%s' --out '%s/x.txt'", par, tmpdir);
  rc = run(args);
  CHECK(rc == 2 && strstr(errtext, ".csv or .h5"), "--out x.txt exits 2: %s", errtext);
  rc = run("coin --out x.csv");
  CHECK(rc == 2 && strstr(errtext, "--paradigm"), "a missing --paradigm exits 2: %s", errtext);

  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0) return 2;
  return reach_test_finish("cli-coin");
}
