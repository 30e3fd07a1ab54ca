// SPDX-License-Identifier: GPL-3.0-or-later
#include "centre_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/lateral.h"
#include "../env/field.h"
#include "../task/trials.h"

reach_status reach_centre_out_init(reach_centre_out *r, const reach_arm_model *m,
                                   const double q0[2], int targets, double distance, int steps,
                                   reach_error *err) {
  memset(r, 0, sizeof *r);
  if (targets < 1 || steps < 1)
    return reach_error_set(err, REACH_ERR_RANGE,
                           "centre-out reaches: expected at least one target and one step, got "
                           "%d targets and %d steps",
                           targets, steps);
  const size_t S = (size_t)steps + 1, B = (size_t)targets;
  r->block = calloc(B * 2 + S * B * (2 + 2 + REACH_NMUSCLE) + B, sizeof *r->block);
  r->scratch = calloc(B * (2 + 2 + 2 + REACH_NMUSCLE + 2), sizeof *r->scratch);
  if (!r->block || !r->scratch || reach_arm_state_init(&r->s, targets) != 0) {
    reach_centre_out_free(r);
    return reach_error_set(err, REACH_ERR_NOMEM, "centre-out reaches: out of memory");
  }
  r->targets = targets;
  r->steps = steps;
  r->dt = m->dt;
  r->q0[0] = q0[0];
  r->q0[1] = q0[1];
  r->target = r->block;
  r->xy = r->target + B * 2;
  r->q = r->xy + S * B * 2;
  r->act = r->q + S * B * 2;
  r->ld = r->act + S * B * REACH_NMUSCLE;
  const double qd0[2] = {0.0, 0.0};
  reach_arm_fingertip(m, q0, qd0, r->start, NULL, NULL);
  reach_task_targets(r->start, distance, targets, targets, r->target);
  return REACH_OK;
}

void reach_centre_out_free(reach_centre_out *r) {
  free(r->block);
  free(r->scratch);
  reach_arm_state_free(&r->s);
  memset(r, 0, sizeof *r);
}

reach_status reach_centre_out_run(reach_centre_out *r, const reach_arm_model *m,
                                  const reach_feedback_reach *c, double field, double noise,
                                  reach_rng *rng, reach_error *err) {
  const int n = r->targets;
  const size_t B = (size_t)n;
  // The controller and the plant take [2][B] and [6][B] arrays.
  double *start = r->scratch, *target = start + 2 * B, *xy = target + 2 * B;
  double *u = xy + 2 * B, *fe = u + REACH_NMUSCLE * B;
  for (int i = 0; i < n; i++) {
    start[i] = r->start[0];
    start[n + i] = r->start[1];
    target[i] = r->target[2 * i];
    target[n + i] = r->target[2 * i + 1];
  }
  reach_arm_reset(m, &r->s, NULL, r->q0);
  const reach_field curl = reach_field_curl(field);
  for (int k = 0; k <= r->steps; k++) {
    reach_arm_fingertip_batch(m, &r->s, xy, NULL);
    for (int i = 0; i < n; i++) {
      const size_t at = (size_t)k * B + (size_t)i;
      r->xy[2 * at] = xy[i];
      r->xy[2 * at + 1] = xy[n + i];
      r->q[2 * at] = r->s.q[i];
      r->q[2 * at + 1] = r->s.q[n + i];
      for (int j = 0; j < REACH_NMUSCLE; j++)
        r->act[REACH_NMUSCLE * at + (size_t)j] = r->s.act[j * n + i];
    }
    if (k == r->steps) break;
    reach_feedback_reach_excite(c, m, &r->s, k * m->dt, start, target, u);
    if (noise > 0.0)
      for (size_t j = 0; j < REACH_NMUSCLE * B; j++) u[j] += reach_rng_gauss(rng, noise);
    reach_field_load(&curl, m, &r->s, NULL, NULL, NULL, fe);
    reach_arm_step(m, &r->s, u, fe, &r->s);
  }
  for (int i = 0; i < n; i++) {
    r->ld[i] = reach_path_lateral_deviation(r->xy + 2 * i, r->steps + 1, 2 * n, r->start,
                                            r->target + 2 * i);
    if (!isfinite(r->ld[i]))
      return reach_error_set(err, REACH_ERR_NUMERIC,
                             "centre-out reaches: reach %d's state became NaN (field %g N s/m)", i,
                             field);
  }
  return REACH_OK;
}
