// SPDX-License-Identifier: GPL-3.0-or-later
// The live reach (study/live_reach.h) that the app's arm view pokes, with the bundled network's
// final weights:
// - a reach from rest with no push is the rollout's reach of the same trial, bit for bit (hand,
//   activations, hidden state), in the null field and in the curl field, in double and single
//   precision: the live step is the rollout's step, not a second copy of it;
// - a push of zero force changes no bit;
// - a 100 ms pulse at the held hand moves it in the direction of the force, and the network
//   brings it back near the target;
// - targets are clamped into the workspace: a point inside is kept as it is, one outside is
//   moved onto the workspace's edge (joints at their margin).
//
// usage: test-live-reach NETWORK.h5
#include <string.h>

#include "harness.h"
#include "reach.h"

#define PI 3.14159265358979323846

static bool same_bits(const double *a, const double *b, size_t n, size_t *where) {
  for (size_t i = 0; i < n; i++)
    if (memcmp(&a[i], &b[i], sizeof a[i]) != 0) {
      *where = i;
      return false;
    }
  return true;
}

// The live reach from home to `target` against the rollout's trial, every state.
static void against_rollout(const reach_config *c, const double *theta, const double target[2],
                            double field, bool zero_push) {
  reach_error err = {0};
  reach_live_model *m = NULL;
  reach_live_reach *d = NULL;
  if (reach_live_model_create(c, theta, &m, &err) || reach_live_reach_create(m, &d, &err)) {
    CHECK(0, "live reach: %s", err.msg);
    return;
  }
  const int T = c->task.steps, H = c->units;
  reach_arm_model arm;
  reach_arm_model_arm26(&arm);
  arm.dt = c->task.dt;
  reach_gru gru;
  reach_gru_layout(&gru, REACH_OBS, H, REACH_NMUSCLE);
  reach_rollout ro;
  reach_trials tr;
  if (reach_rollout_init(&ro, 1, T, H) || reach_rollout_set_precision(&ro, c->precision) ||
      reach_trials_init(&tr, 1)) {
    CHECK(0, "out of memory");
    return;
  }
  double q0[2], home[2];
  reach_task_home(&arm, &c->task, q0, home);
  tr.q0[0] = q0[0];
  tr.q0[1] = q0[1];
  memcpy(tr.start, home, sizeof home);
  memcpy(tr.target, target, 2 * sizeof *target);
  tr.go[0] = 0.0;
  tr.go_step[0] = reach_go_step(&c->task, 0.0);
  tr.is_catch[0] = false;
  const reach_rollout_ctx ctx = {.arm = &arm, .gru = &gru, .task = &c->task};
  reach_rollout_forward(&ro, &ctx, theta, &tr, field, NULL);

  reach_live_reach_reset(m, d, q0);
  reach_live_reach_begin(m, d, target, field);
  if (zero_push) reach_live_reach_push(m, d, (const double[2]){0.0, 0.0}, 0.3);
  int bad_step = -1;
  const char *what = "";
  size_t where = 0;
  for (int t = 1; t <= T && bad_step < 0; t++) {
    reach_live_reach_step(m, d);
    const double xy[2] = {ro.xy[(size_t)t * 2], ro.xy[(size_t)t * 2 + 1]};
    if (!same_bits(d->xy, xy, 2, &where))
      bad_step = t, what = "hand";
    else if (!same_bits(d->act, ro.arm[t].act, REACH_NMUSCLE, &where))
      bad_step = t, what = "activation";
    else if (!same_bits(d->h, ro.h + (size_t)t * H, (size_t)H, &where))
      bad_step = t, what = "hidden state";
  }
  const double *end = ro.xy + (size_t)T * 2;
  CHECK(bad_step < 0,
        "%s precision, field %g N·s/m%s: live reach = rollout bit for bit over %d steps "
        "(hand at %.4f, %.4f m, %.2f cm from the target)%s%s",
        c->precision == REACH_PRECISION_SINGLE ? "single" : "double", field,
        zero_push ? ", a zero-force push" : "", T, end[0], end[1],
        100 * hypot(end[0] - target[0], end[1] - target[1]),
        bad_step < 0 ? "" : "; first differs: ", bad_step < 0 ? "" : what);
  if (bad_step >= 0) printf("        at step %d, component %zu\n", bad_step, where);
  reach_rollout_free(&ro);
  reach_trials_free(&tr);
  reach_live_reach_free(d);
  reach_live_model_free(m);
}

// A pulse at the hand holding still at the target: deflection along the force, then back.
static void pulse(const reach_config *c, const double *theta, const double target[2], double field,
                  const double force[2]) {
  reach_error err = {0};
  reach_live_model *m = NULL;
  reach_live_reach *d = NULL;
  if (reach_live_model_create(c, theta, &m, &err) || reach_live_reach_create(m, &d, &err)) {
    CHECK(0, "live reach: %s", err.msg);
    return;
  }
  reach_arm_model arm;
  reach_arm_model_arm26(&arm);
  double q0[2], home[2];
  reach_task_home(&arm, &c->task, q0, home);
  reach_live_reach_reset(m, d, q0);
  reach_live_reach_begin(m, d, target, field);
  const int T = c->task.steps;
  for (int t = 0; t < T; t++) reach_live_reach_step(m, d);
  const double before[2] = {d->xy[0], d->xy[1]};
  const double fn = hypot(force[0], force[1]);
  reach_live_reach_push(m, d, force, 0.1);
  // the largest excursion along the force, and its direction
  double peak = 0.0, at[2] = {0, 0};
  for (int t = 0; t < 40; t++) {
    reach_live_reach_step(m, d);
    const double dx = d->xy[0] - before[0], dy = d->xy[1] - before[1];
    if (hypot(dx, dy) > peak) peak = hypot(dx, dy), at[0] = dx, at[1] = dy;
  }
  const double cosang = (at[0] * force[0] + at[1] * force[1]) / (peak * fn);
  for (int t = 40; t < 100; t++) reach_live_reach_step(m, d);
  const double back = hypot(d->xy[0] - target[0], d->xy[1] - target[1]);
  const double held = hypot(before[0] - target[0], before[1] - target[1]);
  CHECK(peak > 0.01 && cosang > cos(30.0 * PI / 180.0),
        "field %g: a %.0f N pulse for 100 ms toward (%.2f, %.2f) deflects the held hand %.2f cm, "
        "at %.1f° from the force (> 1 cm, within 30°)",
        field, fn, force[0] / fn, force[1] / fn, 100 * peak, acos(fmin(cosang, 1.0)) * 180 / PI);
  CHECK(back < 0.015 && back < 0.5 * peak,
        "field %g: 1 s after the pulse the hand is %.2f cm from the target (held at %.2f cm "
        "before it; < 1.5 cm and under half the %.2f cm excursion)",
        field, 100 * back, 100 * held, 100 * peak);
  reach_live_reach_free(d);
  reach_live_model_free(m);
}

static void clamp(const reach_config *c, const double *theta) {
  reach_error err = {0};
  reach_live_model *m = NULL;
  if (reach_live_model_create(c, theta, &m, &err)) {
    CHECK(0, "live model: %s", err.msg);
    return;
  }
  double q0[2], home[2], out[2];
  reach_task_home(&m->arm, &c->task, q0, home);
  bool moved = reach_live_clamp_target(m, home, out);
  CHECK(!moved && out[0] == home[0] && out[1] == home[1],
        "home (%.4f, %.4f) is in the workspace and kept as it is", home[0], home[1]);
  // far away, behind the shoulder, at the shoulder: each moves onto the edge
  const double far[3][2] = {{1.0, 1.0}, {-0.3, -0.2}, {0.0, 0.0}};
  for (int i = 0; i < 3; i++) {
    moved = reach_live_clamp_target(m, far[i], out);
    // the edge: the point's inverse kinematics puts a joint at its margin
    const double l1 = m->arm.l1, l2 = m->arm.l2;
    double c2 = (out[0] * out[0] + out[1] * out[1] - l1 * l1 - l2 * l2) / (2 * l1 * l2);
    double q2 = acos(fmax(-1.0, fmin(1.0, c2)));
    double q1 = atan2(out[1], out[0]) - atan2(l2 * sin(q2), l1 + l2 * cos(q2));
    if (q1 < -0.5 * PI) q1 += 2 * PI;  // atan2's branch: the shoulder's range is 0°–135°
    double lo[2] = {m->arm.q_lo[0] + m->margin, m->arm.q_lo[1] + m->margin};
    double hi[2] = {m->arm.q_hi[0] - m->margin, m->arm.q_hi[1] - m->margin};
    double edge =
        fmin(fmin(fabs(q1 - lo[0]), fabs(q1 - hi[0])), fmin(fabs(q2 - lo[1]), fabs(q2 - hi[1])));
    bool inside =
        q1 >= lo[0] - 1e-6 && q1 <= hi[0] + 1e-6 && q2 >= lo[1] - 1e-6 && q2 <= hi[1] + 1e-6;
    CHECK(moved && inside && edge < 1e-6,
          "(%.2f, %.2f) is clamped to (%.4f, %.4f): joints %.2f°, %.2f°, a joint at its margin "
          "(%.1e rad)",
          far[i][0], far[i][1], out[0], out[1], q1 * 180 / PI, q2 * 180 / PI, edge);
  }
  // clamping a clamped point keeps it; a point just inside the edge is kept
  double again[2];
  moved = reach_live_clamp_target(m, out, again);
  CHECK(hypot(again[0] - out[0], again[1] - out[1]) < 1e-9,
        "a clamped point clamps to itself (moved by %.1e m)",
        hypot(again[0] - out[0], again[1] - out[1]));
  reach_live_model_free(m);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: test-live-reach NETWORK.h5\n");
    return 2;
  }
  reach_error err = {0};
  reach_savings *e = NULL;
  if (reach_savings_load(argv[1], &e, &err) != REACH_OK) {
    printf("%s\n", err.msg);
    return 1;
  }
  reach_config c = *reach_savings_config(e);
  const double *theta = reach_savings_params(e, NULL);
  reach_arm_model arm;
  reach_arm_model_arm26(&arm);
  double q0[2], home[2];
  reach_task_home(&arm, &c.task, q0, home);
  // a centre-out target and one off the ring (the live reach goes anywhere)
  const double t1[2] = {home[0] + 0.1 * cos(PI / 4), home[1] + 0.1 * sin(PI / 4)};
  const double t2[2] = {home[0] - 0.05, home[1] - 0.12};
  for (int p = 0; p < 2; p++) {
    c.precision = p ? REACH_PRECISION_SINGLE : REACH_PRECISION_DOUBLE;
    against_rollout(&c, theta, t1, 0.0, false);
    against_rollout(&c, theta, t1, 8.0, false);
    against_rollout(&c, theta, t2, 8.0, false);
  }
  c.precision = reach_savings_config(e)->precision;
  against_rollout(&c, theta, t1, 0.0, true);
  against_rollout(&c, theta, t1, 8.0, true);
  pulse(&c, theta, t1, 0.0, (const double[2]){15.0, 0.0});
  pulse(&c, theta, t1, 0.0, (const double[2]){0.0, -15.0});
  pulse(&c, theta, t1, 8.0, (const double[2]){-10.6, 10.6});
  clamp(&c, theta);
  reach_savings_free(e);
  return reach_test_finish("live-reach");
}
