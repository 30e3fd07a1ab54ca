// SPDX-License-Identifier: GPL-3.0-or-later
// The one lateral deviation (analysis/lateral.h) and the one centre-out study (study/centre_out.h)
// that the CLI's `arm demo` and the app's controller backend now share, as claims:
// - the sign: a hand to the right of the movement direction (clockwise) is positive, for a reach
//   in each of the four axis directions; a path's LD is its signed extreme;
// - in a clockwise curl field every centre-out reach of the fixed controller deviates clockwise
//   (LD > 0), and by more than the largest null-field deviation;
// - the centre-out targets are the savings task's evaluation targets (one generator);
// - the same noise seed gives the same reaches, and a different one different reaches.
#include <math.h>
#include <stdio.h>

#include "harness.h"
#include "reach.h"

#define DEG (3.14159265358979323846 / 180.0)

int main(void) {
  // Four directions; the point sits 2 cm to the right of each (right of (dx, dy) is (dy, -dx)).
  const double dirs[4][2] = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
  for (int i = 0; i < 4; i++) {
    const double x1[2] = {0.1, 0.2};
    const double x2[2] = {x1[0] + 0.1 * dirs[i][0], x1[1] + 0.1 * dirs[i][1]};
    const double right[2] = {x1[0] + 0.05 * dirs[i][0] + 0.02 * dirs[i][1],
                             x1[1] + 0.05 * dirs[i][1] - 0.02 * dirs[i][0]};
    CHECK_NEAR(reach_lateral_distance(x1, x2, right), 0.02, 1e-15,
               "a point 2 cm right of the reach is +2 cm");
  }
  const double x1[2] = {0, 0}, x2[2] = {0, 0.1};
  // A path to +y that bows 1 cm left (−x) early, then 3 cm right (+x): the extreme is +3 cm.
  const double path[5][2] = {{0, 0}, {-0.01, 0.02}, {0.03, 0.05}, {0.01, 0.08}, {0, 0.1}};
  CHECK_NEAR(reach_path_lateral_deviation(&path[0][0], 5, 2, x1, x2), 0.03, 1e-15,
             "path LD is the signed extreme (+3 cm right beats 1 cm left)");
  CHECK(reach_path_lateral_deviation(&path[0][0], 5, 2, x1, x1) == 0.0,
        "start = target gives LD 0");

  reach_arm_model m;
  reach_arm_model_arm26(&m);
  const double q0[2] = {60 * DEG, 90 * DEG};
  reach_feedback_reach ctl = reach_feedback_reach_default();
  reach_centre_out null_f, curl;
  reach_error err = {0};
  CHECK(reach_centre_out_init(&null_f, &m, q0, 8, 0.10, 100, &err) == REACH_OK &&
            reach_centre_out_init(&curl, &m, q0, 8, 0.10, 100, &err) == REACH_OK,
        "centre-out reaches allocated (%s)", err.msg);
  CHECK(reach_centre_out_run(&null_f, &m, &ctl, 0.0, 0.0, NULL, &err) == REACH_OK &&
            reach_centre_out_run(&curl, &m, &ctl, 15.0, 0.0, NULL, &err) == REACH_OK,
        "centre-out reaches ran (%s)", err.msg);
  double null_max = 0.0, curl_min = INFINITY;
  for (int i = 0; i < 8; i++) {
    null_max = fmax(null_max, fabs(null_f.ld[i]));
    curl_min = fmin(curl_min, curl.ld[i]);
  }
  CHECK(curl_min > 0.0,
        "clockwise curl b = 15: every reach deviates clockwise (smallest LD %.2f cm)",
        100 * curl_min);
  CHECK(curl_min > null_max, "smallest curl-field LD %.2f cm > largest null-field |LD| %.2f cm",
        100 * curl_min, 100 * null_max);

  // One target generator: the savings task's evaluation reaches from the same posture.
  reach_config c;
  reach_config_default(&c);
  reach_trials t;
  reach_trials_init(&t, c.task.n_targets);
  reach_trials_eval(&t, &m, &c.task);
  double worst = 0.0;
  for (int i = 0; i < 2 * 8; i++) worst = fmax(worst, fabs(t.target[i] - curl.target[i]));
  CHECK(worst == 0.0, "centre-out targets = reach_trials_eval targets (largest difference %g m)",
        worst);
  reach_trials_free(&t);

  // Noise from reach_rng: the same seed, the same reaches.
  reach_rng a, b;
  reach_rng_init(&a, 7);
  reach_rng_init(&b, 7);
  reach_centre_out_run(&null_f, &m, &ctl, 0.0, 0.004, &a, &err);
  const double ld_a = null_f.ld[3];
  reach_centre_out_run(&null_f, &m, &ctl, 0.0, 0.004, &b, &err);
  CHECK(null_f.ld[3] == ld_a, "seed 7 twice: LD of reach 3 %.6g = %.6g cm", 100 * ld_a,
        100 * null_f.ld[3]);
  reach_rng_seed(&b, 8);
  reach_centre_out_run(&null_f, &m, &ctl, 0.0, 0.004, &b, &err);
  CHECK(null_f.ld[3] != ld_a, "seed 8: LD of reach 3 %.6g cm differs from seed 7's",
        100 * null_f.ld[3]);
  reach_rng_free(&a);
  reach_rng_free(&b);
  reach_centre_out_free(&null_f);
  reach_centre_out_free(&curl);
  return reach_test_finish("lateral");
}
