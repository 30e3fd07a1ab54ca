// SPDX-License-Identifier: GPL-3.0-or-later
#include "tool.h"

#include <math.h>

#define REACH_PI 3.14159265358979323846

reach_status reach_tool_arm_ik(const reach_arm_model *m, const double xy[2], double q[2],
                               reach_error *err) {
  const double r2 = xy[0] * xy[0] + xy[1] * xy[1];
  const double c2 = (r2 - m->l1 * m->l1 - m->l2 * m->l2) / (2.0 * m->l1 * m->l2);
  if (!(c2 >= -1.0 && c2 <= 1.0))
    return reach_error_set(err, REACH_ERR_RANGE,
                           "hand position (%.1f, %.1f) cm is %.1f cm from the shoulder; the arm "
                           "reaches %.1f to %.1f cm",
                           1e2 * xy[0], 1e2 * xy[1], 1e2 * sqrt(r2), 1e2 * fabs(m->l1 - m->l2),
                           1e2 * (m->l1 + m->l2));
  q[1] = acos(c2);  // elbow flexed (q2 ≥ 0), the branch of the home posture
  q[0] = atan2(xy[1], xy[0]) - atan2(m->l2 * sin(q[1]), m->l1 + m->l2 * c2);
  for (int j = 0; j < 2; j++)
    if (q[j] < m->q_lo[j] || q[j] > m->q_hi[j])
      return reach_error_set(err, REACH_ERR_RANGE,
                             "hand position (%.1f, %.1f) cm needs %s angle %.1f deg, outside the "
                             "joint range [%.1f, %.1f] deg",
                             1e2 * xy[0], 1e2 * xy[1], j ? "elbow" : "shoulder",
                             q[j] * 180.0 / REACH_PI, m->q_lo[j] * 180.0 / REACH_PI,
                             m->q_hi[j] * 180.0 / REACH_PI);
  return REACH_OK;
}

reach_tool_group reach_tool_experiment_group(reach_tool_experiment e) {
  return e == REACH_EXP1_SINGLE ? REACH_TOOL_SINGLE_POINT : REACH_TOOL_TWO_POINTS;
}

reach_status reach_tool_init(reach_tool *tool, reach_tool_group group, const reach_arm_model *m,
                             const reach_task_config *task, double field_sign, reach_error *err) {
  if (group != REACH_TOOL_TWO_POINTS && group != REACH_TOOL_SINGLE_POINT)
    return reach_error_set(err, REACH_ERR_USAGE, "tool group %d: expected 0 or 1", (int)group);
  if (!(field_sign != 0.0))
    return reach_error_set(err, REACH_ERR_USAGE, "tool field sign must be non-zero (got %g)",
                           field_sign);
  *tool =
      (reach_tool){.group = group,
                   .unit_gain = field_sign > 0.0 ? REACH_TOOL_FIELD_GAIN : -REACH_TOOL_FIELD_GAIN};
  tool->q_home[0] = task->home_deg[0] * REACH_PI / 180.0;
  tool->q_home[1] = task->home_deg[1] * REACH_PI / 180.0;
  const double qd[2] = {0.0, 0.0};
  reach_arm_fingertip(m, tool->q_home, qd, tool->home, NULL, NULL);
  // Every start and end the experiments use must be reachable: check them once here, so a
  // paradigm cannot fail half-way through.
  const double dx[3] = {0.0, -REACH_TOOL_GEN_SHIFT, REACH_TOOL_GEN_SHIFT};
  for (int i = 0; i < (group == REACH_TOOL_TWO_POINTS ? 3 : 1); i++)
    for (int k = 0; k < 2; k++) {
      const double xy[2] = {tool->home[0] + dx[i], tool->home[1] + k * REACH_TOOL_TARGET_DISTANCE};
      double q[2];
      reach_status st = reach_tool_arm_ik(m, xy, q, err);
      if (st) return st;
    }
  return REACH_OK;
}

int reach_tool_side_relation(const reach_paradigm *p) {
  int sign[2] = {0, 0};
  for (int t = 0; t < p->n; t++) {
    double y = p->pert[t];
    if (y != y || y == 0.0) continue;
    int s = p->target[t] == 2 ? 1 : 0;
    int v = y > 0.0 ? 1 : -1;
    if (sign[s] == 0) sign[s] = v;
  }
  if (sign[0] == 0 || sign[1] == 0) return 1;
  return sign[0] == sign[1] ? 1 : -1;
}

reach_status reach_tool_trial_make(const reach_tool *tool, const reach_arm_model *m,
                                   const reach_paradigm *p, int t, int side_relation,
                                   reach_tool_trial *out, reach_error *err) {
  if (t < 0 || t >= p->n)
    return reach_error_set(err, REACH_ERR_RANGE, "trial %d: the paradigm has %d trials", t + 1,
                           p->n);
  const int cue = p->cue[t], side = p->target[t];
  const double pert = p->pert[t];
  const reach_trial_type type = (reach_trial_type)p->type[t];
  if ((cue != 1 && cue != 2) || (side != 1 && side != 2))
    return reach_error_set(err, REACH_ERR_RANGE,
                           "trial %d: cue %d, target side %d (expected 1 or "
                           "2)",
                           t + 1, cue, side);
  const bool channel = pert != pert;
  if (type != REACH_TRIAL_PLAIN && (!channel || tool->group != REACH_TOOL_TWO_POINTS))
    return reach_error_set(err, REACH_ERR_RANGE,
                           "trial %d: generalisation type %d must be a channel trial of the "
                           "two-control-point group",
                           t + 1, (int)type);
  *out = (reach_tool_trial){.cue = cue,
                            .side = side,
                            .type = type,
                            .pert = pert,
                            .channel = channel,
                            .field_gain = channel ? 0.0 : pert * tool->unit_gain,
                            .side_gain = tool->unit_gain * (side == 1 ? 1.0 : side_relation)};
  // The cued control point relative to the object centre, and the way a generalisation trial
  // moves things: towards the other side, so the cued point starts where the other one did.
  const double cp = side == 1 ? -REACH_TOOL_CP_OFFSET : REACH_TOOL_CP_OFFSET;
  const double shift = (side == 1 ? 1.0 : -1.0) * REACH_TOOL_GEN_SHIFT;
  double hand_dx = 0.0, object_dx = 0.0;  // translations of hand and object from exposure
  switch (type) {
    case REACH_TRIAL_GEN_OBJECT_HAND: hand_dx = object_dx = shift; break;
    case REACH_TRIAL_GEN_HAND: hand_dx = shift; break;
    case REACH_TRIAL_GEN_OBJECT: object_dx = shift; break;
    default: break;
  }
  out->delay = type != REACH_TRIAL_PLAIN ? REACH_TOOL_GEN_DELAY : 0.0;
  out->hand_start[0] = tool->home[0] + hand_dx;
  out->hand_start[1] = tool->home[1];
  out->hand_target[0] = out->hand_start[0];
  out->hand_target[1] = out->hand_start[1] + REACH_TOOL_TARGET_DISTANCE;
  // The object keeps its exposure place plus its own translation, wherever the hand is.
  out->object_offset[0] = object_dx - hand_dx;
  out->object_offset[1] = 0.0;
  out->lateral[0] = out->lateral[1] = NAN;
  if (tool->group == REACH_TOOL_TWO_POINTS) {
    out->point[0] = out->object_offset[0] + cp;
  } else {
    out->point[0] = out->object_offset[0];  // the centre cross
    out->lateral[0] = tool->home[0] + cp;
    out->lateral[1] = tool->home[1] + REACH_TOOL_TARGET_DISTANCE;
  }
  out->point[1] = 0.0;
  out->target[0] = out->hand_target[0] + out->point[0];
  out->target[1] = out->hand_target[1] + out->point[1];
  if (hand_dx == 0.0) {  // home's own posture, not an IK round trip of it (bit-exact replays)
    out->q_start[0] = tool->q_home[0];
    out->q_start[1] = tool->q_home[1];
    return REACH_OK;
  }
  return reach_tool_arm_ik(m, out->hand_start, out->q_start, err);
}

void reach_tool_trial_batch(const reach_tool_trial *tr, const reach_arm_model *m,
                            const reach_task_config *task, double go, reach_trials *b) {
  b->batch = 1;
  b->q0[0] = tr->q_start[0];
  b->q0[1] = tr->q_start[1];
  const double qd0[2] = {0.0, 0.0};
  reach_arm_fingertip(m, tr->q_start, qd0, b->start, NULL, NULL);
  b->target[0] = tr->hand_target[0];
  b->target[1] = tr->hand_target[1];
  b->go[0] = go;
  b->go_step[0] = reach_go_step(task, go);
  b->is_catch[0] = false;
}

void reach_tool_trial_scene(const reach_tool_trial *tr, const double hand[2], double centre[2],
                            double cp_left[2], double cp_right[2], double controlled[2]) {
  const double c[2] = {hand[0] + tr->object_offset[0], hand[1] + tr->object_offset[1]};
  if (centre) centre[0] = c[0], centre[1] = c[1];
  if (cp_left) cp_left[0] = c[0] - REACH_TOOL_CP_OFFSET, cp_left[1] = c[1];
  if (cp_right) cp_right[0] = c[0] + REACH_TOOL_CP_OFFSET, cp_right[1] = c[1];
  if (controlled) controlled[0] = hand[0] + tr->point[0], controlled[1] = hand[1] + tr->point[1];
}
