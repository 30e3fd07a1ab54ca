// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-core-trace.h"

#include <string.h>

#include "study/savings.h"
#include "plant/arm.h"

ReachArmTrace *reach_arm_trace_from_core(const reach_config *c, const reach_trace *tr) {
  reach_arm_model m;
  reach_arm_model_arm26(&m);
  double q0[2] = {c->task.home_deg[0] * G_PI / 180.0, c->task.home_deg[1] * G_PI / 180.0};
  double qd0[2] = {0, 0}, x0[2];
  reach_arm_fingertip(&m, q0, qd0, x0, NULL, NULL);
  const int nb = tr->batch, steps = tr->steps;
  ReachArmTrace *t = reach_arm_trace_new(nb, steps);
  t->dt = tr->dt;
  t->l1 = m.l1;
  t->l2 = m.l2;
  t->start[0] = x0[0];
  t->start[1] = x0[1];
  t->field = tr->field;
  t->go_step = tr->go_step;
  gsize states = (gsize)(steps + 1) * (gsize)nb;
  memcpy(t->q, tr->q, sizeof(double) * states * 2);
  memcpy(t->xy, tr->xy, sizeof(double) * states * 2);
  memcpy(t->act, tr->act, sizeof(double) * states * 6);
  memcpy(t->target, tr->target, sizeof(double) * (gsize)nb * 2);
  memcpy(t->ld, tr->ld, sizeof(double) * (gsize)nb);
  t->units = tr->units;
  t->hidden = g_memdup2(tr->hidden, sizeof(double) * states * (gsize)tr->units);
  return t;
}
