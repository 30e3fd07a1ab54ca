// SPDX-License-Identifier: GPL-3.0-or-later
// The paper's measures (issue 8, sssm-coin-spec §3.5): MPE and channel-trial adaptation.
//  1. Synthetic forces with a known slope, slow samples excluded by the speed threshold.
//  2. MPE of a path with a planted deviation.
//  3. The measurement chain on arm26 (a hand-built feedback reach, no learning): a channel trial
//     on which the arm adds the learner's compensation c = −ŷ·g measures 100·ŷ (sign-adjusted for
//     the cue's field) on top of the reacher's own baseline A0 (its ŷ = 0 value), within a
//     tolerance derived below; with ŷ = 0 a field trial's MPE is a plain field reach's, with
//     ŷ = 1 the path is the null reach's (both exact: the compensation is a curl-form load).
#include <string.h>

#include "analysis/channel.h"
#include "env/field.h"
#include "harness.h"
#include "task/feedback_reach.h"
#include "task/tool.h"

enum { STEPS = 100 };

// One reach of arm26 from the tool's home to 12 cm ahead under the feedback controller, with the
// curl-form load k·(ẏ, −ẋ), k = field + compensation, and optionally the channel carrying it:
// the same composition as the rollout's per-trial loads. Records the hand path and velocity of
// states 0..STEPS−1 and the channel's force on the hand at those states.
typedef struct reach_run {
  double xy[STEPS][2], vel[STEPS][2], f_chan[STEPS][2];
  double w_min;  // smallest mobility across the line seen (1/kg), for the tolerance
} reach_run;

static void simulate(const reach_arm_model *m, const reach_tool *tool, double field, double comp,
                     bool channel, reach_run *out) {
  reach_arm_state s;
  reach_arm_state_init(&s, 1);
  reach_arm_reset(m, &s, tool->q_home, NULL);
  const reach_feedback_reach fc = reach_feedback_reach_default();
  const double start[2] = {tool->home[0], tool->home[1]};
  const double target[2] = {tool->home[0], tool->home[1] + REACH_TOOL_TARGET_DISTANCE};
  const reach_field unit = reach_field_curl(1.0), chan = reach_field_channel();
  out->w_min = INFINITY;
  for (int t = 0; t < STEPS; t++) {
    double u[REACH_NMUSCLE], uc[2], fo[2], f[2];
    reach_arm_fingertip_batch(m, &s, out->xy[t], out->vel[t]);
    reach_feedback_reach_excite(&fc, m, &s, t * m->dt, start, target, u);
    reach_field_load(&unit, m, &s, NULL, NULL, NULL, uc);
    fo[0] = (field + comp) * uc[0];
    fo[1] = (field + comp) * uc[1];
    if (channel) {
      reach_field_load(&chan, m, &s, start, target, fo, f);
    } else {
      f[0] = fo[0];
      f[1] = fo[1];
    }
    out->f_chan[t][0] = f[0] - fo[0];
    out->f_chan[t][1] = f[1] - fo[1];
    double acc[2], mob[4];
    reach_arm_hand_dynamics(m, &s, 0, acc, mob);
    out->w_min = fmin(out->w_min, mob[0]);  // across a +y line the normal is x
    reach_arm_step(m, &s, u, f, &s);
  }
  reach_arm_state_free(&s);
}

static double peak_speed(const reach_run *r) {
  double v = 0.0;
  for (int t = 0; t < STEPS; t++) v = fmax(v, hypot(r->vel[t][0], r->vel[t][1]));
  return v;
}

int main(void) {
  reach_error err = {0};
  // 1. Synthetic: a bell-shaped speed along a 30° line; channel force = 0.37 × ideal force, plus
  // 50 N of junk on the samples slower than the threshold, which must be left out.
  {
    enum { N = 200 };
    double vel[N][2], f[N][2];
    const double start[2] = {0.1, 0.2}, ang = 30.0 * 3.14159265358979 / 180.0;
    const double dir[2] = {cos(ang), sin(ang)}, nrm[2] = {-sin(ang), cos(ang)};
    const double g = -15.0, slope = 0.37;
    const double target[2] = {start[0] + 0.12 * dir[0], start[1] + 0.12 * dir[1]};
    int slow = 0;
    for (int k = 0; k < N; k++) {
      double tau = k / (double)(N - 1), sp = 0.6 * 16.0 * tau * tau * (1 - tau) * (1 - tau);
      vel[k][0] = sp * dir[0];
      vel[k][1] = sp * dir[1];
      double fi = g * (vel[k][1] * nrm[0] - vel[k][0] * nrm[1]);
      double junk = sp > REACH_ADAPT_SPEED_MIN ? 0.0 : 50.0;
      slow += sp <= REACH_ADAPT_SPEED_MIN;
      f[k][0] = (slope * fi + junk) * nrm[0] + 3.0 * dir[0];  // along-line force is ignored
      f[k][1] = (slope * fi + junk) * nrm[1] + 3.0 * dir[1];
    }
    reach_adaptation a, a0;
    reach_status st = reach_channel_adaptation(&vel[0][0], &f[0][0], N, start, target, g,
                                               REACH_ADAPT_SPEED_MIN, &a, &err);
    CHECK(st == REACH_OK && fabs(a.slope - slope) < 1e-12 && a.samples == N - slow,
          "synthetic channel: slope %.15f (planted %.2f), adaptation %.10f %%, %d of %d samples "
          "above 1 cm/s",
          a.slope, slope, a.percent, a.samples, N);
    reach_channel_adaptation(&vel[0][0], &f[0][0], N, start, target, g, 0.0, &a0, &err);
    CHECK(fabs(a0.slope - slope) > 1e-3,
          "without the speed threshold the slow samples' junk "
          "shows: slope %.4f",
          a0.slope);
    // noise: the estimate stays within 4 standard errors
    unsigned long state = 12345;
    for (int k = 0; k < N; k++) {
      state = state * 6364136223846793005ul + 1442695040888963407ul;
      double e = ((double)(state >> 11) / 9007199254740992.0 - 0.5) * 2.0;  // U(−1, 1) N
      f[k][0] += e * nrm[0];
      f[k][1] += e * nrm[1];
    }
    reach_channel_adaptation(&vel[0][0], &f[0][0], N, start, target, g, REACH_ADAPT_SPEED_MIN, &a,
                             &err);
    CHECK(fabs(a.slope - slope) < 4.0 * a.slope_se,
          "synthetic channel with ±1 N noise: slope "
          "%.4f ± %.4f (planted %.2f)",
          a.slope, a.slope_se, slope);
    st = reach_channel_adaptation(&vel[0][0], &f[0][0], N, start, target, 0.0,
                                  REACH_ADAPT_SPEED_MIN, &a, &err);
    CHECK(st == REACH_ERR_RANGE, "a zero reference gain is refused: \"%s\"", err.msg);
  }
  // 2. MPE: a half-sine bow of 7 mm to the left of a 12 cm line at 120°.
  {
    enum { N = 101 };
    double xy[N][2];
    const double start[2] = {-0.1, 0.4}, ang = 120.0 * 3.14159265358979 / 180.0;
    const double dir[2] = {cos(ang), sin(ang)}, right[2] = {sin(ang), -cos(ang)};
    const double target[2] = {start[0] + 0.12 * dir[0], start[1] + 0.12 * dir[1]};
    for (int k = 0; k < N; k++) {
      double s = k / (double)(N - 1), w = -0.007 * sin(3.14159265358979 * s);
      xy[k][0] = start[0] + 0.12 * s * dir[0] + w * right[0];
      xy[k][1] = start[1] + 0.12 * s * dir[1] + w * right[1];
    }
    double mpe = reach_mpe(&xy[0][0], N, start, target);
    CHECK_NEAR(mpe, -0.007, 1e-15, "MPE of a 7 mm bow to the left (m, + = right)");
  }

  // 3. The chain on the arm.
  reach_arm_model arm;
  reach_arm_model_arm26(&arm);
  reach_task_config task = {.dt = 0.01, .home_deg = {60, 90}};
  reach_tool tool;
  if (reach_tool_init(&tool, REACH_TOOL_TWO_POINTS, &arm, &task, +1.0, &err)) {
    printf("%s\n", err.msg);
    return 1;
  }
  const double g1 = tool.unit_gain;  // the cue-1 field; cue 2 (opposing) has −g1
  const double start[2] = {tool.home[0], tool.home[1]};
  const double target[2] = {tool.home[0], tool.home[1] + REACH_TOOL_TARGET_DISTANCE};
  static reach_run null_run, field_run, run;
  simulate(&arm, &tool, 0.0, 0.0, false, &null_run);
  simulate(&arm, &tool, g1, 0.0, false, &field_run);
  const double mpe_null = reach_mpe(&null_run.xy[0][0], STEPS, start, target);
  const double mpe_field = reach_mpe(&field_run.xy[0][0], STEPS, start, target);
  printf(
      "feedback reach 12 cm ahead: peak speed %.1f cm/s (paper's window %.0f-%.0f cm/s), MPE "
      "null %+.2f mm, CW field %+.2f mm\n",
      1e2 * peak_speed(&null_run), 1e2 * REACH_TOOL_SPEED_LO, 1e2 * REACH_TOOL_SPEED_HI,
      1e3 * mpe_null, 1e3 * mpe_field);
  CHECK(mpe_field > 0.002, "the CW field bows the reach to the right: MPE %+.2f mm",
        1e3 * mpe_field);

  // MPE at ŷ = 0 equals the plain field reach's; at ŷ = 1 the null reach's; between, it falls.
  double prev = INFINITY, worst0 = 0.0, worst1 = 0.0;
  bool falls = true;
  printf("        yhat  MPE (mm)\n");
  for (int i = 0; i <= 4; i++) {
    double yhat = i / 4.0;
    simulate(&arm, &tool, g1, -yhat * g1, false, &run);
    double mpe = reach_mpe(&run.xy[0][0], STEPS, start, target);
    printf("        %.2f  %+.4f\n", yhat, 1e3 * mpe);
    if (i == 0) worst0 = fabs(mpe - mpe_field);
    if (i == 4)
      for (int t = 0; t < STEPS; t++)
        worst1 =
            fmax(worst1, hypot(run.xy[t][0] - null_run.xy[t][0], run.xy[t][1] - null_run.xy[t][1]));
    falls = falls && fabs(mpe) < prev;
    prev = fabs(mpe);
  }
  CHECK(worst0 <= 1e-12,
        "yhat = 0: field-trial MPE equals the plain field reach's (|diff| "
        "%.1e m)",
        worst0);
  CHECK(worst1 <= 1e-12,
        "yhat = 1: the compensated field trial follows the null reach (largest "
        "distance %.1e m, MPE %+.3f mm)",
        worst1, 1e3 * mpe_null);
  CHECK(falls, "|MPE| falls as yhat grows from 0 to 1");

  // Channel trials. The implicit channel step gives, on every sample, the exact identity
  //   f_chan = −p − f_arm + m_eff·a_n,
  // p = c·(ẏ, −ẋ)·n the learner's push across the line, f_arm the arm's own push (muscles,
  // controller), m_eff·a_n the hand's inertia across the line. Since c = −ŷ·g1 and the ideal
  // force is g·(ẏ, −ẋ)·n with g = s·g1 (s = ±1, the cue's field), −p = ŷ·s·f_ideal sample by
  // sample: the regression returns 100·ŷ·s plus the regression of (m_eff·a_n − f_arm) on f_ideal.
  // With ŷ = 0 that rest is the arm's own baseline A0 (printed). What the learner's push adds to
  // it comes from the channel's compliance: the push deflects the hand by p/K (K = 6000 N/m),
  // which the controller resists with its stiffness kp and which the hand's inertia follows with
  // m_eff·ω², ω² ≈ |p̈|/|p| ≈ 16/T² at the peak of a minimum-jerk speed profile of duration T.
  // So the tolerance on A(ŷ) − A0 − 100·ŷ·s is 100·|ŷ|·(kp + m_eff·16/T²)/K.
  const reach_feedback_reach fc = reach_feedback_reach_default();
  simulate(&arm, &tool, 0.0, 0.0, true, &run);
  const double m_eff = 1.0 / run.w_min;
  const double eps = (fc.kp + m_eff * 16.0 / (fc.t_move * fc.t_move)) / REACH_CHANNEL_STIFFNESS;
  printf("tolerance factor (kp + m_eff 16/T^2)/K = (%.0f + %.2f kg x %.1f s^-2)/%.0f = %.4f\n",
         fc.kp, m_eff, 16.0 / (fc.t_move * fc.t_move), REACH_CHANNEL_STIFFNESS, eps);
  for (int s = 1; s >= -1; s -= 2) {
    reach_adaptation a0;
    if (reach_channel_adaptation(&run.vel[0][0], &run.f_chan[0][0], STEPS, start, target, s * g1,
                                 REACH_ADAPT_SPEED_MIN, &a0, &err)) {
      printf("%s\n", err.msg);
      return 1;
    }
    printf("cue field %+.0f N s/m: baseline A0 (yhat = 0) %+.3f %% over %d samples\n", s * g1,
           a0.percent, a0.samples);
    // A0 is the hand-built controller's own push into the wall (its path is not straight: see
    // the null MPE above); it is data about the reacher, not about the measurement. It must flip
    // with the reference field's sign, as any force measured against ±g does.
    static double a0_first;
    if (s == 1)
      a0_first = a0.percent;
    else
      CHECK(fabs(a0.percent + a0_first) < 1e-9 * fabs(a0_first),
            "A0 flips with the reference "
            "field: %+.6f %% vs %+.6f %%",
            a0.percent, a0_first);
    const double yhats[5] = {0.25, 0.5, 0.8, 1.0, -0.4};
    double worst = 0.0, worst_abs = 0.0;
    for (int i = 0; i < 5; i++) {
      // the learner predicts ŷ·s in units of the cue-1 field for this cue
      double yhat = s * yhats[i];
      static reach_run ch;
      simulate(&arm, &tool, 0.0, -yhat * g1, true, &ch);
      reach_adaptation a;
      reach_channel_adaptation(&ch.vel[0][0], &ch.f_chan[0][0], STEPS, start, target, s * g1,
                               REACH_ADAPT_SPEED_MIN, &a, &err);
      double want = 100.0 * yhat * s, tol = 100.0 * fabs(yhat) * eps;
      double d = a.percent - a0.percent - want;
      printf(
          "        yhat %+.2f: adaptation %+.3f %% (expected %+.1f %% + A0), off by %+.4f %% "
          "(tolerance %.3f %%)\n",
          yhat, a.percent, want, d, tol);
      CHECK(fabs(d) <= tol,
            "cue field %+.0f, yhat %+.2f: measured adaptation - A0 = %+.4f %% vs "
            "100 yhat s = %+.1f %% (|diff| %.4f <= %.4f)",
            s * g1, yhat, a.percent - a0.percent, want, fabs(d), tol);
      worst = fmax(worst, fabs(d) / fmax(tol, 1e-300));
      worst_abs = fmax(worst_abs, fabs(a.percent - want));
    }
    printf("        worst |A - 100 yhat s| %.3f %% (A0 included), worst error / tolerance %.3f\n",
           worst_abs, worst);
  }
  return reach_test_finish("channel");
}
