// SPDX-License-Identifier: GPL-3.0-or-later
// The tool task's geometry (issue 8, sssm-coin-spec §3.1, §3.3): home, targets, fields and
// channels per trial type, the three experiment-1 translations, the single-point group, and every
// trial of freshly generated experiment-1 and experiment-2 paradigms mapped without error.
#include <string.h>

#include "context/paradigm_gen.h"
#include "harness.h"
#include "task/tool.h"

static double dist(const double a[2], const double b[2]) { return hypot(a[0] - b[0], a[1] - b[1]); }

// One hand-made trial of paradigm size 1.
static reach_status one(const reach_tool *tool, const reach_arm_model *m, int cue, int side,
                        double pert, reach_trial_type type, int relation, reach_tool_trial *tr) {
  int c = cue, s = side, ty = (int)type;
  double y = pert;
  reach_paradigm p = {.n = 1, .cue = &c, .pert = &y, .type = &ty, .target = &s};
  reach_error err = {0};
  reach_status st = reach_tool_trial_make(tool, m, &p, 0, relation, tr, &err);
  if (st) printf("        (%s)\n", err.msg);
  return st;
}

int main(void) {
  reach_arm_model arm;
  reach_arm_model_arm26(&arm);
  reach_task_config task = {.dt = 0.01, .home_deg = {60, 90}};
  reach_tool tool, single;
  reach_error err = {0};
  if (reach_tool_init(&tool, REACH_TOOL_TWO_POINTS, &arm, &task, +1.0, &err) ||
      reach_tool_init(&single, REACH_TOOL_SINGLE_POINT, &arm, &task, +1.0, &err)) {
    printf("init: %s\n", err.msg);
    return 1;
  }
  const double *home = tool.home;
  printf("home (hand at 60/90 deg): (%.2f, %.2f) cm\n", 1e2 * home[0], 1e2 * home[1]);

  // Inverse kinematics round trip at home and at the far corners the experiments use.
  double worst_ik = 0.0;
  const double probes[4][2] = {{0, 0}, {0, 0.12}, {0.14, 0.12}, {-0.14, 0.12}};
  for (int i = 0; i < 4; i++) {
    double xy[2] = {home[0] + probes[i][0], home[1] + probes[i][1]}, q[2], back[2];
    const double qd[2] = {0, 0};
    if (reach_tool_arm_ik(&arm, xy, q, &err)) {
      printf("ik: %s\n", err.msg);
      return 1;
    }
    reach_arm_fingertip(&arm, q, qd, back, NULL, NULL);
    worst_ik = fmax(worst_ik, dist(xy, back));
  }
  CHECK(worst_ik < 1e-12,
        "inverse kinematics: fingertip of the solved posture within %.2e m of "
        "the asked point (4 points, tolerance 1e-12)",
        worst_ik);
  double far[2] = {0.0, arm.l1 + arm.l2 + 0.01}, qf[2];
  CHECK(reach_tool_arm_ik(&arm, far, qf, &err) == REACH_ERR_RANGE,
        "a point beyond the arm's reach is refused: \"%s\"", err.msg);

  // Exposure trials: cue 1 (left) and cue 2 (right), opposing fields, and a channel trial.
  reach_tool_trial tr[3];
  if (one(&tool, &arm, 1, 1, +1.0, REACH_TRIAL_PLAIN, -1, &tr[0]) ||
      one(&tool, &arm, 2, 2, -1.0, REACH_TRIAL_PLAIN, -1, &tr[1]) ||
      one(&tool, &arm, 2, 2, NAN, REACH_TRIAL_PLAIN, -1, &tr[2]))
    return 1;
  for (int k = 0; k < 3; k++) {
    const reach_tool_trial *t = &tr[k];
    const double cpx = t->side == 1 ? -0.07 : 0.07;
    const double want_target[2] = {home[0] + cpx, home[1] + 0.12};
    const double want_hand_end[2] = {home[0], home[1] + 0.12};
    double ctl_end[2], ctl_start[2], centre[2];
    reach_tool_trial_scene(t, t->hand_target, NULL, NULL, NULL, ctl_end);
    reach_tool_trial_scene(t, t->hand_start, centre, NULL, NULL, ctl_start);
    double err_all = dist(t->hand_start, home) + dist(t->hand_target, want_hand_end) +
                     dist(t->target, want_target) + dist(ctl_end, t->target) + dist(centre, home);
    CHECK(err_all < 1e-15,
          "exposure cue %d%s: hand (%.2f, %.2f) -> (%.2f, %.2f) cm, target "
          "(%.2f, %.2f) cm above the control point at %+.0f cm, object centred on the hand "
          "(summed error %.1e m)",
          t->cue, t->channel ? " channel" : "", 1e2 * t->hand_start[0], 1e2 * t->hand_start[1],
          1e2 * t->hand_target[0], 1e2 * t->hand_target[1], 1e2 * t->target[0], 1e2 * t->target[1],
          1e2 * (ctl_start[0] - home[0]), err_all);
  }
  CHECK(tr[0].field_gain == 15.0 && !tr[0].channel && tr[1].field_gain == -15.0 && tr[2].channel &&
            tr[2].field_gain == 0.0,
        "fields: cue 1 %+.0f N s/m, cue 2 %+.0f N s/m (opposing), channel trial %+.0f (channel "
        "%d)",
        tr[0].field_gain, tr[1].field_gain, tr[2].field_gain, (int)tr[2].channel);
  CHECK(tr[0].side_gain == 15.0 && tr[1].side_gain == -15.0 && tr[2].side_gain == -15.0,
        "the field a channel trial is measured against: side 1 %+.0f, side 2 %+.0f (channel %+.0f)",
        tr[0].side_gain, tr[1].side_gain, tr[2].side_gain);
  reach_tool ccw;
  reach_tool_init(&ccw, REACH_TOOL_TWO_POINTS, &arm, &task, -1.0, &err);
  reach_tool_trial tc;
  one(&ccw, &arm, 1, 1, +1.0, REACH_TRIAL_PLAIN, 1, &tc);
  CHECK(tc.field_gain == -15.0, "counterbalanced mapping: cue-1 field %+.0f N s/m (CCW)",
        tc.field_gain);
  reach_tool_trial tn;
  one(&tool, &arm, 1, 1, 0.0, REACH_TRIAL_PLAIN, 1, &tn);
  CHECK(tn.field_gain == 0.0 && !tn.channel, "null trial: gain %g, no channel", tn.field_gain);

  // Generalisation: object and hand, hand only, object only, each for both sides.
  const char *names[4] = {"", "object+hand", "hand", "object"};
  for (int type = REACH_TRIAL_GEN_OBJECT_HAND; type <= REACH_TRIAL_GEN_OBJECT; type++)
    for (int side = 1; side <= 2; side++) {
      reach_tool_trial t;
      if (one(&tool, &arm, side, side, NAN, (reach_trial_type)type, -1, &t)) return 1;
      const double d = side == 1 ? 0.14 : -0.14, cpx = side == 1 ? -0.07 : 0.07;
      const double hand_dx = type == REACH_TRIAL_GEN_OBJECT ? 0.0 : d;
      const double obj_dx = type == REACH_TRIAL_GEN_HAND ? 0.0 : d;
      double centre[2], ctl[2], ctl_end[2], left[2], right[2];
      reach_tool_trial_scene(&t, t.hand_start, centre, left, right, ctl);
      reach_tool_trial_scene(&t, t.hand_target, NULL, NULL, NULL, ctl_end);
      const double want_hand[2] = {home[0] + hand_dx, home[1]};
      const double want_centre[2] = {home[0] + obj_dx, home[1]};
      const double want_ctl[2] = {home[0] + obj_dx + cpx, home[1]};
      const double want_hand_end[2] = {want_hand[0], home[1] + 0.12};
      double q_xy[2];
      const double qd[2] = {0, 0};
      reach_arm_fingertip(&arm, t.q_start, qd, q_xy, NULL, NULL);
      double e = dist(t.hand_start, want_hand) + dist(centre, want_centre) + dist(ctl, want_ctl) +
                 dist(t.hand_target, want_hand_end) + dist(ctl_end, t.target) +
                 dist(q_xy, t.hand_start) + fabs(right[0] - left[0] - 0.14);
      CHECK(e < 1e-12 && t.channel && t.field_gain == 0.0 && t.delay == 2.5,
            "%s translated, side %d: hand starts %+.0f cm, object centre %+.0f cm, cued point "
            "%+.0f cm from home; target (%.2f, %.2f) cm; channel, %.1f s delay (error %.1e m)",
            names[type], side, 1e2 * (t.hand_start[0] - home[0]), 1e2 * (centre[0] - home[0]),
            1e2 * (ctl[0] - home[0]), 1e2 * t.target[0], 1e2 * t.target[1], t.delay, e);
    }
  reach_tool_trial bad;
  CHECK(one(&tool, &arm, 1, 1, 1.0, REACH_TRIAL_GEN_HAND, -1, &bad) == REACH_ERR_RANGE,
        "a generalisation trial with a field is refused");

  // Single control point: the centre cross to a central target; the lateral target is drawn
  // and the field follows it, the cue does not.
  reach_tool_trial s1, s2;
  one(&single, &arm, 1, 1, +1.0, REACH_TRIAL_PLAIN, -1, &s1);
  one(&single, &arm, 1, 2, -1.0, REACH_TRIAL_PLAIN, -1, &s2);
  const double centre_target[2] = {home[0], home[1] + 0.12};
  const double lat1[2] = {home[0] - 0.07, home[1] + 0.12},
               lat2[2] = {home[0] + 0.07, home[1] + 0.12};
  double es = dist(s1.target, centre_target) + dist(s2.target, centre_target) +
              dist(s1.lateral, lat1) + dist(s2.lateral, lat2) + fabs(s1.point[0]) +
              fabs(s2.point[0]);
  CHECK(es < 1e-15 && s1.field_gain == 15.0 && s2.field_gain == -15.0 && s1.cue == s2.cue,
        "single point: central target (%.2f, %.2f) cm, lateral targets at x %.2f / %.2f cm, "
        "fields %+.0f / %+.0f with one cue (error %.1e m)",
        1e2 * s1.target[0], 1e2 * s1.target[1], 1e2 * s1.lateral[0], 1e2 * s2.lateral[0],
        s1.field_gain, s2.field_gain, es);

  // Whole generated paradigms map trial by trial.
  for (int e = 0; e < REACH_TOOL_EXPERIMENT_COUNT; e++) {
    reach_paradigm p;
    if (reach_paradigm_generate((reach_tool_experiment)e, 3, &p, &err)) {
      printf("generate: %s\n", err.msg);
      return 1;
    }
    const reach_tool *tl = e == REACH_EXP1_SINGLE ? &single : &tool;
    int rel = reach_tool_side_relation(&p), fails = 0, counts[4] = {0}, channels = 0;
    int bad_gain = 0;
    for (int t = 0; t < p.n; t++) {
      reach_tool_trial x;
      if (reach_tool_trial_make(tl, &arm, &p, t, rel, &x, &err)) {
        if (!fails) printf("        trial %d: %s\n", t + 1, err.msg);
        fails++;
        continue;
      }
      counts[x.type]++;
      channels += x.channel;
      if (!x.channel && x.field_gain != p.pert[t] * 15.0) bad_gain++;
      // the field at the side shown must match the side's gain in exposure
      if (!x.channel && x.field_gain != 0.0 && x.field_gain != x.side_gain) bad_gain++;
    }
    int want_rel = (e == REACH_EXP2_SAME) ? 1 : -1;
    CHECK(fails == 0 && bad_gain == 0 && rel == want_rel,
          "%s: %d trials mapped (%d failed), %d channel, generalisation %d/%d/%d, side relation "
          "%+d (expected %+d), %d field gains off",
          reach_tool_experiment_name((reach_tool_experiment)e), p.n, fails, channels, counts[1],
          counts[2], counts[3], rel, want_rel, bad_gain);
    if (e == REACH_EXP1_TWO)
      CHECK(counts[1] == 16 && counts[2] == 16 && counts[3] == 16,
            "exp1-two: 16 trials of each translated type (8 repetitions x 2 sides)");
    reach_paradigm_free(&p);
  }
  return reach_test_finish("tool-geometry");
}
