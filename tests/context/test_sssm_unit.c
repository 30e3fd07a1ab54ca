// SPDX-License-Identifier: GPL-3.0-or-later
// SSSM behaviour beyond the reference run: the Riccati solution satisfies its equation (also
// near a_s = 1), parameters are validated, a cue first seen after the M step is refused with a
// message, a single-cue paradigm runs, the switches (output variant, covariance on channel
// trials) do what they say and nothing else, reset reproduces a run, and the SSMs' coupling
// limits behave as spec §2.1 states.
#include <string.h>

#include "context/ssm.h"
#include "context/sssm.h"
#include "harness.h"

// Residual of P = A P A' − A P h'(h P h' + r)⁻¹ h P A' + Q for the 2×2 block, h = (1 1).
static double dare_residual(const reach_sssm_params *p, const double P[4]) {
  double a[2] = {p->a_s, p->a_f}, q[2] = {p->q_s, p->q_f};
  double s = P[0] + P[1] + P[2] + P[3] + p->r;
  double g[2] = {a[0] * (P[0] + P[1]), a[1] * (P[2] + P[3])};
  double res = 0;
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++) {
      double rhs = a[i] * P[2 * i + j] * a[j] - g[i] * g[j] / s + (i == j ? q[i] : 0);
      res = fmax(res, fabs(rhs - P[2 * i + j]) / fmax(P[0], P[3]));
    }
  return res;
}

int main(void) {
  reach_error err = {0};
  const reach_sssm_params s2 = reach_sssm_params_table_s2();
  reach_sssm_params cases[3] = {s2, s2, s2};
  cases[1].a_s = 1 - 1e-9, cases[1].q_s = 1e-7;  // where a fit can wander
  cases[2].a_f = 0.1, cases[2].r = 10;
  for (int c = 0; c < 3; c++) {
    double P[4];
    reach_status st = reach_sssm_riccati(&cases[c], P, &err);
    double res = st == REACH_OK ? dare_residual(&cases[c], P) : (double)INFINITY;
    CHECK(st == REACH_OK && res < 1e-12 && P[0] > 0 && P[3] > 0 && P[0] * P[3] > P[1] * P[1],
          "DARE a_s %.10g a_f %g r %g: positive definite, relative residual %.2g < 1e-12",
          cases[c].a_s, cases[c].a_f, cases[c].r, res);
  }

  reach_sssm m;
  reach_sssm_params bad = s2;
  bad.a_s = 1.0;
  CHECK(reach_sssm_init(&m, &bad, NULL, &err) == REACH_ERR_RANGE && strstr(err.msg, "a_s = 1"),
        "a_s = 1 refused: \"%s\"", err.msg);
  bad = s2, bad.r = 0;
  CHECK(reach_sssm_init(&m, &bad, NULL, &err) == REACH_ERR_RANGE, "r = 0 refused: \"%s\"", err.msg);
  reach_sssm_init(&m, &s2, NULL, &err);
  CHECK(reach_sssm_trial(&m, 3, 0, NULL, &err) == REACH_ERR_RANGE && strstr(err.msg, "found 3"),
        "cue 3 refused: \"%s\"", err.msg);

  // cue 2 first appears at trial 20, after the M step began (trial 8): refused, with advice
  reach_sssm_init(&m, &s2, NULL, &err);
  reach_status st = REACH_OK;
  int t = 0;
  for (; t < 30 && st == REACH_OK; t++) st = reach_sssm_trial(&m, t < 19 ? 1 : 2, 0.0, NULL, &err);
  CHECK(st == REACH_ERR_RANGE && t == 20 && strstr(err.msg, "trial 20") && strstr(err.msg, "cue 2"),
        "cue first seen at trial 20 refused there: \"%s\"", err.msg);

  // one cue throughout (the uninformative-cue model of exp1-single): runs, prior stays 1/2,
  // and the model learns the field
  reach_sssm_init(&m, &s2, NULL, &err);
  reach_sssm_record r;
  st = REACH_OK;
  for (t = 0; t < 200 && st == REACH_OK; t++) st = reach_sssm_trial(&m, 1, 1.0, &r, &err);
  CHECK(st == REACH_OK && fabs(r.prior[0] - 0.5) < 1e-5 && r.yhat > 0.5,
        "single cue, constant field: 200 trials run, prior %.6f ~ 0.5, output %.3f > 0.5",
        r.prior[0], r.yhat);

  // switches: run the same opposing sequence under each option
  enum { N = 300 };
  reach_sssm_record a[N], b[N], c[N];
  reach_sssm_options o21 = reach_sssm_options_default(), oskip = reach_sssm_options_default();
  o21.yhat = REACH_SSSM_YHAT_CODE2021;
  oskip.skip_channel_covariance = 1;
  reach_sssm ma, mb, mc;
  reach_sssm_init(&ma, &s2, NULL, &err);
  reach_sssm_init(&mb, &s2, &o21, &err);
  reach_sssm_init(&mc, &s2, &oskip, &err);
  for (t = 0; t < N; t++) {
    int cue = 1 + (t * 7 / 3) % 2;
    double y = t % 8 == 5 ? (double)NAN : (t < 32 ? 0.0 : (cue == 1 ? 1.0 : -1.0));
    reach_sssm_trial(&ma, cue, y, &a[t], NULL);
    reach_sssm_trial(&mb, cue, y, &b[t], NULL);
    reach_sssm_trial(&mc, cue, y, &c[t], NULL);
  }
  double dv = 0, dpost = 0, dsel = 0, dskip = 0, paper_vs_2021 = 0;
  for (t = 0; t < N; t++) {
    dv = fmax(dv, fabs(a[t].yhat_code2021 - b[t].yhat_code2021));
    dpost = fmax(dpost, fabs(a[t].post[0] - b[t].post[0]));
    dsel = fmax(dsel, fabs(b[t].yhat - b[t].yhat_code2021) + fabs(a[t].yhat - a[t].yhat_paper));
    paper_vs_2021 = fmax(paper_vs_2021, fabs(a[t].yhat_paper - a[t].yhat_code2021));
    dskip = fmax(dskip, fabs(a[t].x[0] - c[t].x[0]));
  }
  CHECK(dv == 0 && dpost == 0 && dsel == 0,
        "variant switch only selects the yhat column (state diff %g, posterior diff %g)", dv,
        dpost);
  CHECK(paper_vs_2021 > 1e-4, "the two variants do differ: max |paper - 2021| = %.3g",
        paper_vs_2021);
  CHECK(dskip > 1e-4, "skipping the channel-trial covariance update changes the states: %.3g",
        dskip);

  // reset reproduces the run bit for bit
  reach_sssm_reset(&ma);
  int same = 1;
  for (t = 0; t < N; t++) {
    int cue = 1 + (t * 7 / 3) % 2;
    double y = t % 8 == 5 ? (double)NAN : (t < 32 ? 0.0 : (cue == 1 ? 1.0 : -1.0));
    reach_sssm_record x;
    reach_sssm_trial(&ma, cue, y, &x, NULL);
    same &= memcmp(&x, &a[t], sizeof x) == 0 || (x.yhat == a[t].yhat && x.post[0] == a[t].post[0]);
  }
  CHECK(same, "reset then rerun gives identical records (%d trials)", N);

  // probabilities are probabilities
  double worst = 0;
  for (t = 0; t < N; t++) {
    worst = fmax(worst, fabs(a[t].post[0] + a[t].post[1] - 1));
    worst = fmax(worst, fabs(a[t].prior[0] + a[t].prior[1] - 1));
    worst = fmax(worst, fabs(a[t].phi[0][0] + a[t].phi[1][0] - 1));
  }
  CHECK(worst < 1e-15, "posterior, prior and Phi columns sum to 1 (worst %.2g)", worst);

  // SSM coupling limits (spec §2.1): c = 0 gives separate memories, c = 1 a single memory
  reach_paradigm p;
  reach_paradigm_init(&p, 400, &err);
  for (t = 0; t < 400; t++) {
    p.cue[t] = p.target[t] = 1 + t % 2;
    p.pert[t] = t >= 398 ? (double)NAN : t % 2 ? -1.0 : 1.0;  // end on a channel probe per cue
  }
  double th0[6] = {0.99, 0.9, 0.05, 0.2, 0.0, 0.0}, th1[6] = {0.99, 0.9, 0.05, 0.2, 1.0, 1.0};
  double y0[400], y1[400];
  reach_ssm s0, s1;
  reach_ssm_init(&s0, 7, th0, &err);
  reach_ssm_init(&s1, 7, th1, &err);
  reach_ssm_run(&s0, &p, y0, NULL);
  static double x1[400 * 4];
  reach_ssm_run(&s1, &p, y1, x1);
  double x398[4];
  memcpy(x398, x1 + 4 * 398, sizeof x398);
  double y_other = reach_ssm_step(&s1, x398, 2, NAN);  // the same state read at cue 2
  CHECK(y0[398] > 0.5 && y0[399] < -0.5,
        "SSM7 with c = 0 learns opposing fields separately: channel probes %.3f at cue 1, %.3f at "
        "cue 2",
        y0[398], y0[399]);
  CHECK(fabs(y1[398] - y_other) < 1e-15 && y1[398] != y0[398],
        "SSM7 with c = 1 has one memory: the same state reads %.6f at cue 1 and %.6f at cue 2",
        y1[398], y_other);
  double thbad[6] = {1.5, 0.9, 0.05, 0.2, 0, 0};
  CHECK(reach_ssm_init(&s0, 7, thbad, &err) == REACH_ERR_RANGE && strstr(err.msg, "a_s"),
        "SSM parameter out of [0, 1] refused: \"%s\"", err.msg);
  reach_paradigm_free(&p);
  return reach_test_finish("sssm-unit");
}
