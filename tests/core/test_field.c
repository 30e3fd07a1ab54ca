// SPDX-License-Identifier: GPL-3.0-or-later
// Environment forces as claims:
// - the curl field's direction: with b > 0, a reach towards +y is pushed to +x (clockwise), in
//   the force law itself and in a simulated reach;
// - the force channel under a sustained lateral push: stable at dt = 10 ms (the excursion decays),
//   and averaged over its last half second the forces across the line balance (channel force =
//   −(push + the muscles' own force at the hand)) and the channel force is the spring's −K·d.
//   With the paper's 5 N·s/m damper the channel is a lightly damped 10 Hz spring on a ~1.5 kg hand
//   (ζ = B / 2√(K m) ≈ 0.03), so it rings while it settles: hence averages, not the last sample.
#include <math.h>
#include <stdio.h>

#include "harness.h"
#include "reach.h"

#define DEG (3.14159265358979323846 / 180.0)

// Largest signed x-excursion (m) of a 10 cm reach towards +y by the feedback controller, with the
// load computed by field each step plus an extra constant load push (N). Also reports, through
// *settled, the mean x over the last 0.2 s.
static double reach_plus_y(const reach_arm_model *m, const reach_field *field, const double push[2],
                           double duration, double *settled, double *late_max,
                           reach_arm_state *final) {
  reach_arm_state s;
  reach_arm_state_init(&s, 1);
  const double q0[2] = {60.0 * DEG, 90.0 * DEG};
  reach_arm_reset(m, &s, NULL, q0);
  double x0[2], qd0[2] = {0, 0};
  reach_arm_fingertip(m, q0, qd0, x0, NULL, NULL);
  double start[2] = {x0[0], x0[1]}, target[2] = {x0[0], x0[1] + 0.10};
  reach_feedback_reach ctl = reach_feedback_reach_default();
  int steps = (int)lround(duration / m->dt), tail = (int)lround(0.2 / m->dt);
  double worst = 0.0, sum = 0.0, lmax = 0.0;
  for (int k = 0; k < steps; k++) {
    double u[REACH_NMUSCLE], fe[2];
    reach_feedback_reach_excite(&ctl, m, &s, k * m->dt, start, target, u);
    reach_field_load(field, m, &s, start, target, push, fe);
    reach_arm_step(m, &s, u, fe, &s);
    double xy[2];
    reach_arm_fingertip_batch(m, &s, xy, NULL);
    double dx = xy[0] - x0[0];
    if (fabs(dx) > fabs(worst)) worst = dx;
    if (k >= steps - tail) {
      sum += dx;
      lmax = fmax(lmax, fabs(dx));
    }
  }
  if (final) reach_arm_state_copy(final, &s);
  reach_arm_state_free(&s);
  if (settled) *settled = sum / tail;
  if (late_max) *late_max = lmax;
  return worst;
}

int main(void) {
  reach_arm_model m;
  reach_arm_model_arm26(&m);

  // the force law: hand moving at +y with b = 8 N·s/m
  {
    reach_arm_state s;
    reach_arm_state_init(&s, 1);
    const double q0[2] = {60.0 * DEG, 90.0 * DEG};
    reach_arm_reset(&m, &s, NULL, q0);
    // joint velocity that moves the hand at (0, 0.3) m/s: q̇ = J⁻¹ v
    double jac[4], qd0[2] = {0, 0};
    reach_arm_fingertip(&m, q0, qd0, NULL, NULL, jac);
    double det = jac[0] * jac[3] - jac[1] * jac[2];
    s.qd[0] = (-jac[1] * 0.3) / det;
    s.qd[1] = (jac[0] * 0.3) / det;
    reach_field cw = reach_field_curl(8.0), ccw = reach_field_curl(-8.0);
    double f_cw[2], f_ccw[2];
    reach_field_load(&cw, &m, &s, NULL, NULL, NULL, f_cw);
    reach_field_load(&ccw, &m, &s, NULL, NULL, NULL, f_ccw);
    CHECK(fabs(f_cw[0] - 8.0 * 0.3) < 1e-12 && fabs(f_cw[1]) < 1e-12,
          "curl b = +8, hand velocity (0, 0.3) m/s: force (%.6f, %.2e) N = (+2.4, 0), i.e. to +x",
          f_cw[0], f_cw[1]);
    CHECK(fabs(f_ccw[0] + 8.0 * 0.3) < 1e-12, "curl b = -8 (CCW): force x = %.6f N = -2.4",
          f_ccw[0]);
    reach_arm_state_free(&s);
  }

  // a simulated reach to +y: the clockwise field bends it to +x, the CCW one to −x
  {
    const double none[2] = {0, 0};
    reach_field nf = reach_field_null(), cw = reach_field_curl(15.0), ccw = reach_field_curl(-15.0);
    double dn = reach_plus_y(&m, &nf, none, 1.0, NULL, NULL, NULL);
    double dcw = reach_plus_y(&m, &cw, none, 1.0, NULL, NULL, NULL);
    double dccw = reach_plus_y(&m, &ccw, none, 1.0, NULL, NULL, NULL);
    CHECK(dcw > 0.005 && dcw > dn + 0.005,
          "reach to +y in a CW curl (b = 15): largest x excursion %+.2f cm (null field %+.2f cm)",
          100 * dcw, 100 * dn);
    CHECK(dccw < -0.005 && dccw < dn - 0.005, "…and in a CCW curl: %+.2f cm", 100 * dccw);
  }

  // the channel along +y under a sustained 10 N push to +x, during and after a 10 cm reach
  {
    reach_field ch = reach_field_channel();
    const double push = 10.0;
    reach_arm_state s;
    reach_arm_state_init(&s, 1);
    const double q0[2] = {60.0 * DEG, 90.0 * DEG}, qd0[2] = {0, 0};
    reach_arm_reset(&m, &s, NULL, q0);
    double x0[2];
    reach_arm_fingertip(&m, q0, qd0, x0, NULL, NULL);
    double start[2] = {x0[0], x0[1]}, target[2] = {x0[0], x0[1] + 0.10};
    reach_feedback_reach ctl = reach_feedback_reach_default();
    enum { STEPS = 300, TAIL = 50 };
    double worst = 0.0, early = 0.0, late = 0.0, mean_d = 0.0, mean_fch = 0.0, mean_fmus = 0.0;
    for (int k = 0; k < STEPS; k++) {
      double u[REACH_NMUSCLE], fe[2], fm[2], xy[2];
      reach_feedback_reach_excite(&ctl, &m, &s, k * m.dt, start, target, u);
      const double pushv[2] = {push, 0.0};
      reach_field_load(&ch, &m, &s, start, target, pushv, fe);
      fe[0] -= push;  // the channel's own part
      reach_arm_endpoint_force(&m, &s, 0, fm);
      double d = 0.0;
      {
        reach_arm_fingertip_batch(&m, &s, xy, NULL);
        d = xy[0] - x0[0];
      }
      if (k >= STEPS - TAIL) {  // forces and distance of the same state
        mean_d += d / TAIL;
        mean_fch += fe[0] / TAIL;
        mean_fmus += fm[0] / TAIL;
      }
      fe[0] += push;
      reach_arm_step(&m, &s, u, fe, &s);
      reach_arm_fingertip_batch(&m, &s, xy, NULL);
      double dx = fabs(xy[0] - x0[0]);
      worst = fmax(worst, dx);
      if (k >= 100 && k < 150) early = fmax(early, fabs(dx - 0.0));
      if (k >= STEPS - TAIL) late = fmax(late, dx);
    }
    reach_arm_state_free(&s);
    CHECK(isfinite(worst) && late <= early,
          "channel (K = %.0f N/m, B = %.0f N·s/m), dt = 10 ms, 10 N push: stable, largest "
          "excursion %.3f mm at 1.0-1.5 s, %.3f mm at 2.5-3 s",
          ch.stiffness, ch.damping, 1000 * early, 1000 * late);
    CHECK(fabs(mean_fch + push + mean_fmus) <= 0.02 * push,
          "…mean over 2.5-3 s: channel %.3f N + push %.1f N + muscles %.3f N = %.3f N (≈ 0)",
          mean_fch, push, mean_fmus, mean_fch + push + mean_fmus);
    CHECK(fabs(mean_fch + ch.stiffness * mean_d) <= 0.02 * fabs(mean_fch),
          "…and the mean channel force %.3f N is the spring's −K·d = %.3f N", mean_fch,
          -ch.stiffness * mean_d);
    printf(
        "  mean distance from the line %.3f mm: the push alone accounts for P/K = %.3f mm, "
        "the rest is the controller's own lateral muscle force (%.2f N); largest excursion "
        "%.3f mm\n",
        1000 * mean_d, 1000 * push / ch.stiffness, mean_fmus, 1000 * worst);
  }
  return reach_test_finish("fields");
}
