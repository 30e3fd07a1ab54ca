// SPDX-License-Identifier: GPL-3.0-or-later
// The generalisation rule (issue 20, E4; study/tool_run.h, reach_tool_gen_given):
//  1. Its geometry on constructed trials of experiment 1: for each translated configuration and
//     side, the controlled point relative to the hand and the hand's translation give p(cue) and
//     the transfer computed here by hand from the rule's formulas (σ_c = 7 cm, λ = 14 cm):
//     object+hand p(own cue) = 1/(1 + e^−2) = 0.881, transfer e^−1/2 = 0.607; hand only
//     1/(1 + e^−6) = 0.998, 0.607; object only 1/(1 + e^2) = 0.119, 1. Plain trials and the rule
//     "side" give the trial's cue with probability 1 and transfer 1.
//  2. Played by the bundled network with the SSSM on experiment 1 (two control points), the rule
//     changes ŷ on the translated channels only, to g·Σ_q p(q)·ŷ(q) with ŷ(q) from a stand-alone
//     SSSM fed the same trials; every other trial is bit-identical to the run without the rule.
// Argument: the network file. Part 2 skips (77) without it.
#include <math.h>
#include <string.h>

#include "harness.h"
#include "reach.h"
#include "tool_test_net.h"

static void geometry(void) {
  reach_config c;
  reach_config_default(&c);
  reach_arm_model arm;
  reach_arm_model_arm26(&arm);
  reach_error err = {0};
  reach_tool tool;
  reach_paradigm p;
  CHECK(reach_tool_init(&tool, REACH_TOOL_TWO_POINTS, &arm, &c.task, 1.0, &err) == REACH_OK &&
            reach_paradigm_init(&p, 8, &err) == REACH_OK,
        "apparatus and an 8-trial paradigm: %s", err.msg);
  const reach_trial_type types[4] = {REACH_TRIAL_PLAIN, REACH_TRIAL_GEN_OBJECT_HAND,
                                     REACH_TRIAL_GEN_HAND, REACH_TRIAL_GEN_OBJECT};
  const char *names[4] = {"plain channel", "object+hand", "hand only", "object only"};
  const double own[4] = {1, 1 / (1 + exp(-2.0)), 1 / (1 + exp(-6.0)), 1 / (1 + exp(2.0))};
  const double g[4] = {1, exp(-0.5), exp(-0.5), 1};
  for (int k = 0; k < 4; k++)
    for (int side = 1; side <= 2; side++) {
      const int t = 2 * k + side - 1;
      p.cue[t] = p.target[t] = side;
      p.pert[t] = (double)NAN;
      p.type[t] = types[k];
      reach_tool_trial tr;
      if (reach_tool_trial_make(&tool, &arm, &p, t, -1, &tr, &err) != REACH_OK) {
        CHECK(0, "%s, side %d: %s", names[k], side, err.msg);
        continue;
      }
      double pc[2], tf, pc0[2], tf0;
      reach_tool_gen_given(REACH_TOOL_GEN_GEOMETRY, &tool, &tr, pc, &tf);
      reach_tool_gen_given(REACH_TOOL_GEN_SIDE, &tool, &tr, pc0, &tf0);
      const double mine = pc[side - 1];
      CHECK(fabs(mine - own[k]) < 1e-12 && fabs(pc[0] + pc[1] - 1) < 1e-15 &&
                fabs(tf - g[k]) < 1e-12 && pc0[side - 1] == 1 && pc0[2 - side] == 0 && tf0 == 1,
            "%s, side %d: point %+.0f cm from the hand, hand moved %.0f cm: p(own cue) %.4f "
            "(expected %.4f), transfer %.4f (expected %.4f); rule side: 1 and 1",
            names[k], side, 100 * tr.point[0], 100 * fabs(tr.hand_start[0] - tool.home[0]), mine,
            own[k], tf, g[k]);
    }
  reach_paradigm_free(&p);
}

static int play(const char *network, const reach_paradigm *p, reach_tool_gen_rule rule,
                reach_tool_result *res) {
  reach_error err = {0};
  reach_tool_study s;
  const reach_tool_study_options opt = {.lr = NAN};
  const reach_tool_run_config cfg = {.group = REACH_TOOL_TWO_POINTS, .gen_rule = rule};
  if (reach_tool_study_init(&s, network, p, cfg, &opt, &err)) {
    printf("%s\n", err.msg);
    return -1;
  }
  for (int t = 0; t < p->n; t++)
    if (reach_tool_run_step(s.run, &res[t], &err)) {
      printf("trial %d: %s\n", t + 1, err.msg);
      reach_tool_study_free(&s);
      return -1;
    }
  reach_tool_study_free(&s);
  return 0;
}

int main(int argc, char **argv) {
  geometry();
  reach_savings_free(reach_tool_test_load(argc, argv, "test-tool-gen"));
  reach_error err = {0};
  reach_paradigm p;
  if (reach_paradigm_generate(REACH_EXP1_TWO, 1, &p, &err)) {
    printf("%s\n", err.msg);
    return 1;
  }
  const int n = p.n;
  reach_tool_result *a = calloc((size_t)n, sizeof *a), *b = calloc((size_t)n, sizeof *b);
  CHECK(play(argv[1], &p, REACH_TOOL_GEN_SIDE, a) == 0 &&
            play(argv[1], &p, REACH_TOOL_GEN_GEOMETRY, b) == 0,
        "exp1-two, %d trials, the SSSM with each rule", n);
  // the stand-alone SSSM and the rule's expected ŷ on translated channels
  reach_sssm m;
  const reach_sssm_params sp = reach_sssm_params_table_s2();
  reach_sssm_init(&m, &sp, NULL, &err);
  reach_config c;
  reach_config_default(&c);
  reach_arm_model arm;
  reach_arm_model_arm26(&arm);
  reach_tool tool;
  reach_tool_init(&tool, REACH_TOOL_TWO_POINTS, &arm, &c.task, 1.0, &err);
  int same = 0, ngen = 0, plain = 0;
  double worst = 0, moved = 0;
  for (int t = 0; t < n; t++) {
    reach_tool_trial tr;
    reach_tool_trial_make(&tool, &arm, &p, t, -1, &tr, &err);
    if (p.type[t] != REACH_TRIAL_PLAIN) {
      double pc[2], g, y[2];
      reach_tool_gen_given(REACH_TOOL_GEN_GEOMETRY, &tool, &tr, pc, &g);
      for (int q = 0; q < 2; q++) {
        reach_sssm copy = m;
        reach_sssm_record r;
        reach_sssm_trial(&copy, q + 1, (double)NAN, &r, &err);
        y[q] = copy.yhat;
      }
      worst = fmax(worst, fabs(b[t].yhat - g * (pc[0] * y[0] + pc[1] * y[1])));
      moved = fmax(moved, fabs(b[t].yhat - a[t].yhat));
      ngen++;
    } else {
      plain++;
      same += memcmp(&a[t], &b[t], sizeof a[t]) == 0;
    }
    reach_sssm_record r;
    reach_sssm_trial(&m, p.cue[t], p.pert[t], &r, &err);
  }
  CHECK(ngen > 0 && worst < 1e-12 && moved > 0.1,
        "%d translated channels: yhat = g x sum_q p(q) yhat(q) of a stand-alone SSSM to %.2g; it "
        "moves yhat by up to %.3f from the rule 'side'",
        ngen, worst, moved);
  CHECK(same == plain, "the other %d trials are bit-identical to the rule 'side' (%d are)", plain,
        same);
  free(a), free(b);
  reach_paradigm_free(&p);
  return reach_test_finish("tool-gen");
}
