// SPDX-License-Identifier: GPL-3.0-or-later
// The SSSM beside COIN (study/context_compare.h, the app's Context page): on experiment 2's
// sequences the SSSM's arrays are a stand-alone SSSM's, COIN's are reach_coin_run's means over
// runs with the same seed, COIN infers a context per field on the opposing sequence (>= 2), and
// the CSV has one header and one row of 12 columns per paradigm and trial.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "reach.h"

int main(void) {
  reach_error err = {0};
  reach_context_compare c[2];
  const reach_tool_experiment e[2] = {REACH_EXP2_OPPOSING, REACH_EXP2_SAME};
  for (int i = 0; i < 2; i++)
    CHECK(reach_context_compare_run(e[i], 3, 2, 20, &c[i], &err) == REACH_OK, "%s: %d trials %s",
          reach_tool_experiment_name(e[i]), c[i].n, err.msg);
  // the SSSM alone
  reach_paradigm p;
  reach_paradigm_generate(REACH_EXP2_OPPOSING, 3, &p, &err);
  reach_sssm m;
  const reach_sssm_params sp = reach_sssm_params_table_s2();
  reach_sssm_init(&m, &sp, NULL, &err);
  double worst = 0;
  for (int t = 0; t < p.n; t++) {
    reach_sssm_record r;
    reach_sssm_trial(&m, p.cue[t], p.pert[t], &r, &err);
    worst = fmax(worst, fabs(r.yhat - c[0].sssm_yhat[t]));
    for (int k = 0; k < 2; k++)
      worst = fmax(worst, fabs(r.p_c1_given_q[k] - c[0].sssm_p_c1_q[2 * t + k]));
  }
  CHECK(worst == 0 && p.n == c[0].n, "SSSM arrays = a stand-alone SSSM's (largest difference %.3g)",
        worst);
  // COIN alone
  reach_coin_params cp = reach_coin_params_default();
  cp.particles = 20;
  reach_coin_result res;
  reach_coin_run(&cp, p.n, p.pert, p.cue, NULL, 2, 3, &res, NULL, NULL, &err);
  double wc = 0, most = 0;
  for (int t = 0; t < p.n; t++) {
    const double mo = 0.5 * (res.motor_output[t] + res.motor_output[p.n + t]);
    const double nc = 0.5 * (res.n_contexts[t] + res.n_contexts[p.n + t]);
    wc = fmax(wc, fmax(fabs(mo - c[0].coin_output[t]), fabs(nc - c[0].coin_contexts[t])));
    most = fmax(most, c[0].coin_contexts[t]);
  }
  CHECK(wc < 1e-15, "COIN arrays = reach_coin_run's run means, same seed (largest difference %.3g)",
        wc);
  CHECK(most >= 2, "opposing fields: COIN infers up to %.2f contexts (>= 2)", most);
  // the CSV
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  reach_context_compare_csv(fp, c, 2);
  fclose(fp);
  int rows = 0, comments = 0, bad = 0;
  for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
    if (line[0] == '#') {
      comments++;
      continue;
    }
    int commas = 0;
    for (const char *s = line; *s; s++) commas += *s == ',';
    bad += commas != 11;
    rows++;
  }
  CHECK(comments == 1 && rows == 1 + c[0].n + c[1].n && bad == 0,
        "CSV: %d comment line, %d lines (header + %d + %d trials), %d without 12 columns", comments,
        rows, c[0].n, c[1].n, bad);
  free(buf);
  reach_coin_result_free(&res);
  reach_paradigm_free(&p);
  for (int i = 0; i < 2; i++) reach_context_compare_free(&c[i]);
  return reach_test_finish("context-compare");
}
