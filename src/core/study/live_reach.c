// SPDX-License-Identifier: GPL-3.0-or-later
#include "live_reach.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../env/field.h"
#include "../learn/rollout.h"
#include "../task/trials.h"

#define REACH_PI 3.14159265358979323846

// The rollout's delay in steps (learn/rollout.c): no delay still means one step.
static int delay_steps(double delay, double dt) {
  int d = (int)lround(delay / dt);
  return d < 1 ? 1 : d;
}

reach_status reach_live_model_create(const reach_config *c, const double *theta,
                                     reach_live_model **out, reach_error *err) {
  *out = NULL;
  reach_live_model *m = calloc(1, sizeof *m);
  if (!m) return reach_error_set(err, REACH_ERR_NOMEM, "out of memory for a live reach");
  reach_arm_model_arm26(&m->arm);
  m->arm.dt = c->task.dt;
  m->task = c->task;
  m->precision = c->precision;
  reach_gru_layout(&m->gru, REACH_OBS, c->units, REACH_NMUSCLE);
  m->dv = delay_steps(c->task.vision_delay, c->task.dt);
  m->dp = delay_steps(c->task.proprio_delay, c->task.dt);
  m->margin = 5.0 * REACH_PI / 180.0;
  const size_t n = m->gru.n_params, packed = reach_gru_packed_size(&m->gru);
  const size_t readout = (size_t)c->units * REACH_NMUSCLE;
  m->block = malloc((n + packed + readout) * sizeof *m->block);
  if (m->precision == REACH_PRECISION_SINGLE) m->fblock = malloc((n + packed) * sizeof *m->fblock);
  if (!m->block || (m->precision == REACH_PRECISION_SINGLE && !m->fblock)) {
    reach_live_model_free(m);
    return reach_error_set(err, REACH_ERR_NOMEM, "out of memory for a %d-unit live reach",
                           c->units);
  }
  m->theta = m->block;
  m->packed = m->theta + n;
  m->w_out_t = m->packed + packed;
  memcpy(m->theta, theta, n * sizeof *m->theta);
  // packed once: the weights never change while poking (a rollout packs them once per pass)
  reach_gru_pack_readout(&m->gru, m->theta, m->w_out_t);
  if (m->fblock) {
    m->theta_f = m->fblock;
    m->packed_f = m->theta_f + n;
    reach_gru_theta_to_float(&m->gru, m->theta, m->theta_f);
    reach_gru_pack_f(&m->gru, m->theta, m->packed_f);
  } else {
    reach_gru_pack(&m->gru, m->theta, m->packed);
  }
  *out = m;
  return REACH_OK;
}

void reach_live_model_free(reach_live_model *m) {
  if (!m) return;
  free(m->block);
  free(m->fblock);
  free(m);
}

static void hand_at(const reach_arm_model *a, double q1, double q2, double xy[2]) {
  const double q[2] = {q1, q2}, qd[2] = {0.0, 0.0};
  reach_arm_fingertip(a, q, qd, xy, NULL, NULL);
}

static double dist2(const double a[2], const double b[2]) {
  return (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]);
}

bool reach_live_clamp_target(const reach_live_model *m, const double xy[2], double out[2]) {
  const reach_arm_model *a = &m->arm;
  const double lo[2] = {a->q_lo[0] + m->margin, a->q_lo[1] + m->margin};
  const double hi[2] = {a->q_hi[0] - m->margin, a->q_hi[1] - m->margin};
  // Inverse kinematics with the elbow flexed (q2 ≥ 0: arm26's elbow range allows no other).
  const double l1 = a->l1, l2 = a->l2;
  const double c2 = (xy[0] * xy[0] + xy[1] * xy[1] - l1 * l1 - l2 * l2) / (2.0 * l1 * l2);
  if (fabs(c2) <= 1.0) {
    const double q2 = acos(c2);
    double q1 = atan2(xy[1], xy[0]) - atan2(l2 * sin(q2), l1 + l2 * cos(q2));
    if (q1 < lo[0]) q1 += 2.0 * REACH_PI;
    if (q1 > hi[0] && q1 - 2.0 * REACH_PI >= lo[0]) q1 -= 2.0 * REACH_PI;
    if (q1 >= lo[0] && q1 <= hi[0] && q2 >= lo[1] && q2 <= hi[1]) {
      out[0] = xy[0];
      out[1] = xy[1];
      return false;
    }
  }
  // Outside: the nearest point lies on the edge of the workspace, the image of the joint box's
  // four sides. Each side is searched on a grid, then the best cell is narrowed down by golden
  // sections (the distance along a side is smooth and has one minimum within a cell).
  enum { GRID = 256, REFINE = 60 };
  double best = INFINITY;
  for (int side = 0; side < 4; side++) {
    const int j = side / 2;  // the joint that varies along this side
    const double fixed = side % 2 ? hi[!j] : lo[!j];
    double q[2], p[2], d, kbest = 0, dbest = INFINITY;
    for (int k = 0; k <= GRID; k++) {
      q[j] = lo[j] + (hi[j] - lo[j]) * k / GRID;
      q[!j] = fixed;
      hand_at(a, q[0], q[1], p);
      d = dist2(p, xy);
      if (d < dbest) dbest = d, kbest = k;
    }
    double s0 = lo[j] + (hi[j] - lo[j]) * fmax(kbest - 1, 0) / GRID;
    double s1 = lo[j] + (hi[j] - lo[j]) * fmin(kbest + 1, GRID) / GRID;
    const double g = 0.5 * (sqrt(5.0) - 1.0);
    for (int it = 0; it < REFINE; it++) {
      double u = s1 - g * (s1 - s0), v = s0 + g * (s1 - s0), pu[2], pv[2];
      q[!j] = fixed;
      q[j] = u;
      hand_at(a, q[0], q[1], pu);
      q[j] = v;
      hand_at(a, q[0], q[1], pv);
      if (dist2(pu, xy) < dist2(pv, xy))
        s1 = v;
      else
        s0 = u;
    }
    q[j] = 0.5 * (s0 + s1);
    q[!j] = fixed;
    hand_at(a, q[0], q[1], p);
    d = dist2(p, xy);
    if (d < best) {
      best = d;
      out[0] = p[0];
      out[1] = p[1];
    }
  }
  return true;
}

void reach_live_workspace_edge(const reach_live_model *m, int n, double *xy) {
  const reach_arm_model *a = &m->arm;
  const double lo[2] = {a->q_lo[0] + m->margin, a->q_lo[1] + m->margin};
  const double hi[2] = {a->q_hi[0] - m->margin, a->q_hi[1] - m->margin};
  // round the box: shoulder up at the elbow's low end, elbow up, shoulder down, elbow down
  const double corner[5][2] = {
      {lo[0], lo[1]}, {hi[0], lo[1]}, {hi[0], hi[1]}, {lo[0], hi[1]}, {lo[0], lo[1]}};
  for (int side = 0; side < 4; side++)
    for (int k = 0; k < n; k++) {
      const double f = (double)k / n;
      hand_at(a, corner[side][0] + f * (corner[side + 1][0] - corner[side][0]),
              corner[side][1] + f * (corner[side + 1][1] - corner[side][1]),
              xy + 2 * ((size_t)side * n + (size_t)k));
    }
  hand_at(a, lo[0], lo[1], xy + 2 * (size_t)4 * n);
}

reach_status reach_live_reach_create(const reach_live_model *m, reach_live_reach **out,
                                     reach_error *err) {
  *out = NULL;
  reach_live_reach *d = calloc(1, sizeof *d);
  if (!d) return reach_error_set(err, REACH_ERR_NOMEM, "out of memory for a live reach");
  const size_t H = (size_t)m->gru.units;
  d->ring = m->dv > m->dp ? m->dv : m->dp;
  const size_t size = 2 * H + REACH_OBS + 6 * H + (size_t)d->ring * REACH_OBS_SENSE;
  d->block = calloc(size, sizeof *d->block);
  if (m->precision == REACH_PRECISION_SINGLE)
    d->fblock = calloc(2 * H + REACH_OBS + 6 * H, sizeof *d->fblock);
  if (!d->block || (m->precision == REACH_PRECISION_SINGLE && !d->fblock) ||
      reach_arm_state_init(&d->arm, 1) != 0) {
    reach_live_reach_free(d);
    return reach_error_set(err, REACH_ERR_NOMEM, "out of memory for a live reach");
  }
  d->h_now = d->block;
  d->h_next = d->h_now + H;
  d->x = d->h_next + H;
  d->work = d->x + REACH_OBS;
  d->sense = d->work + 6 * H;
  if (d->fblock) {
    d->h_f = d->fblock;
    d->hn_f = d->h_f + H;
    d->x_f = d->hn_f + H;
    d->work_f = d->x_f + REACH_OBS;
  }
  d->h = d->h_now;
  *out = d;
  return REACH_OK;
}

void reach_live_reach_free(reach_live_reach *d) {
  if (!d) return;
  reach_arm_state_free(&d->arm);
  free(d->block);
  free(d->fblock);
  free(d);
}

// What the delay lines keep of the present state (the rollout's sense_state without noise), and
// the state as the reach's outputs.
static void sense(const reach_live_model *m, reach_live_reach *d) {
  const reach_arm_state *s = &d->arm;
  reach_arm_fingertip_batch(&m->arm, s, d->xy, d->vxy);
  double *o = d->sense + (size_t)(d->n % d->ring) * REACH_OBS_SENSE;
  o[0] = d->xy[0];
  o[1] = d->xy[1];
  for (int i = 0; i < REACH_NMUSCLE; i++) {
    o[2 + i] = s->mlen[i] * m->arm.inv_l0_ce[i];
    o[2 + REACH_NMUSCLE + i] = s->mvel[i] * m->arm.inv_vmax[i];
    d->act[i] = s->act[i];
    d->force[i] = s->force[i];
  }
  for (int j = 0; j < 2; j++) {
    d->q[j] = s->q[j];
    d->qd[j] = s->qd[j];
  }
}

static void start_network(const reach_live_model *m, reach_live_reach *d) {
  const size_t H = (size_t)m->gru.units;
  memcpy(d->h_now, m->theta + m->gru.offset[REACH_GRU_H0], H * sizeof *d->h_now);
  if (d->h_f)
    for (size_t k = 0; k < H; k++) d->h_f[k] = (float)d->h_now[k];
  d->h = d->h_now;
  d->t = 0;
}

void reach_live_reach_reset(const reach_live_model *m, reach_live_reach *d, const double q0[2]) {
  reach_arm_reset(&m->arm, &d->arm, NULL, q0);
  d->n = 0;
  sense(m, d);
  // the lines hold this state as the rollout's hold state 0 before the first delay has passed
  for (int k = 1; k < d->ring; k++)
    memcpy(d->sense + (size_t)k * REACH_OBS_SENSE, d->sense, REACH_OBS_SENSE * sizeof *d->sense);
  start_network(m, d);
  d->target[0] = d->xy[0];
  d->target[1] = d->xy[1];
  d->go_step = INT_MAX;  // no go cue: the network holds the arm where it is
  d->field = 0.0;
  d->push_steps = 0;
  d->push[0] = d->push[1] = 0.0;
  memset(d->u, 0, sizeof d->u);
  memset(d->f_field, 0, sizeof d->f_field);
  memset(d->f_push, 0, sizeof d->f_push);
}

void reach_live_reach_begin(const reach_live_model *m, reach_live_reach *d, const double target[2],
                            double field) {
  start_network(m, d);
  d->target[0] = target[0];
  d->target[1] = target[1];
  d->field = field;
  d->go_step = reach_go_step(&m->task, 0.0);
}

void reach_live_reach_push(const reach_live_model *m, reach_live_reach *d, const double force[2],
                           double duration) {
  int steps = duration > 0.0 ? (int)lround(duration / m->task.dt) : 0;
  d->push_steps = duration > 0.0 && steps < 1 ? 1 : steps;
  d->push[0] = force[0];
  d->push[1] = force[1];
}

// The curl field as the rollout computes it: the unit curl scaled by the gain (the same bits).
static const reach_field unit_curl = {.kind = REACH_FIELD_CURL, .gain = 1.0};

void reach_live_reach_step(const reach_live_model *m, reach_live_reach *d) {
  const reach_gru *g = &m->gru;
  const int H = g->units;
  // the observation: vision and proprioception of delayed states (never before the reset)
  const long kv = d->n - m->dv + 1 > 0 ? d->n - m->dv + 1 : 0;
  const long kp = d->n - m->dp + 1 > 0 ? d->n - m->dp + 1 : 0;
  const double *sv = d->sense + (size_t)(kv % d->ring) * REACH_OBS_SENSE;
  const double *sp = d->sense + (size_t)(kp % d->ring) * REACH_OBS_SENSE;
  d->x[0] = sv[0];
  d->x[1] = sv[1];
  memcpy(d->x + 2, sp + 2, 12 * sizeof *d->x);
  d->x[14] = d->target[0];
  d->x[15] = d->target[1];
  d->x[16] = d->t >= d->go_step ? 1.0 : 0.0;
  if (m->precision == REACH_PRECISION_SINGLE) {
    for (int i = 0; i < REACH_OBS; i++) d->x_f[i] = (float)d->x[i];
    reach_gru_step_f(g, m->theta_f, m->packed_f, 1, d->x_f, d->h_f, d->hn_f, d->work_f, NULL);
    for (int k = 0; k < H; k++) d->h_next[k] = (double)d->hn_f[k];
    float *tf = d->h_f;
    d->h_f = d->hn_f;
    d->hn_f = tf;
  } else {
    reach_gru_step(g, m->theta, m->packed, 1, d->x, d->h_now, d->h_next, d->work, NULL);
  }
  reach_gru_readout(g, m->theta, m->w_out_t, 1, d->h_next, d->u);
  // the loads over this step: the field from the go step on, then the push
  double f[2] = {0.0, 0.0}, uc[2];
  if (d->field != 0.0 && d->t >= d->go_step) {
    reach_field_load(&unit_curl, &m->arm, &d->arm, NULL, NULL, NULL, uc);
    f[0] = d->field * uc[0];
    f[1] = d->field * uc[1];
  }
  d->f_field[0] = f[0];
  d->f_field[1] = f[1];
  d->f_push[0] = d->f_push[1] = 0.0;
  if (d->push_steps > 0) {
    d->f_push[0] = d->push[0];
    d->f_push[1] = d->push[1];
    f[0] += d->push[0];
    f[1] += d->push[1];
    d->push_steps--;
  }
  reach_arm_step(&m->arm, &d->arm, d->u, f, &d->arm);
  d->n++;
  sense(m, d);
  double *th = d->h_now;
  d->h_now = d->h_next;
  d->h_next = th;
  d->h = d->h_now;
  d->t++;
}
