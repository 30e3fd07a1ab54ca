// SPDX-License-Identifier: GPL-3.0-or-later
#include "trials.h"

#include <math.h>
#include <stdlib.h>

#define REACH_PI 3.14159265358979323846

int reach_trials_init(reach_trials *t, int batch) {
  size_t B = (size_t)batch;
  t->batch = batch;
  t->block = calloc(B * 8, sizeof *t->block);
  t->go_step = calloc(B, sizeof *t->go_step);
  t->is_catch = calloc(B, sizeof *t->is_catch);
  if (!t->block || !t->go_step || !t->is_catch) {
    reach_trials_free(t);
    return -1;
  }
  t->q0 = t->block;
  t->start = t->q0 + 2 * B;
  t->target = t->start + 2 * B;
  t->go = t->target + 2 * B;
  return 0;
}

void reach_trials_free(reach_trials *t) {
  free(t->block);
  free(t->go_step);
  free(t->is_catch);
  t->block = NULL;
  t->go_step = NULL;
  t->is_catch = NULL;
}

int reach_go_step(const reach_task_config *c, double go) {
  // Exact multiples of dt are ambiguous in floating point; a 1e-9·dt margin makes
  // 0.44 + 0.07 = 0.51 s land on step 52 (0.52 > 0.51) on every machine.
  double s = (go + c->vision_delay) / c->dt;
  return (int)floor(s + 1e-9) + 1;
}

void reach_task_home(const reach_arm_model *m, const reach_task_config *c, double q[2],
                     double xy[2]) {
  q[0] = c->home_deg[0] * REACH_PI / 180.0;
  q[1] = c->home_deg[1] * REACH_PI / 180.0;
  const double qd[2] = {0.0, 0.0};
  reach_arm_fingertip(m, q, qd, xy, NULL, NULL);
}

static void set_start(reach_trials *t, const reach_arm_model *m, int b) {
  const int B = t->batch;
  const double q[2] = {t->q0[b], t->q0[B + b]}, qd[2] = {0.0, 0.0};
  reach_arm_fingertip(m, q, qd, t->start + 2 * b, NULL, NULL);
}

// Marks exactly n_catch of the B trials as catch, chosen uniformly (partial Fisher-Yates).
static void choose_catch(reach_trials *t, const reach_task_config *c, int n_catch, reach_rng *rng) {
  const int B = t->batch;
  int *idx = t->go_step;  // scratch for the permutation; go_step is filled below
  for (int b = 0; b < B; b++) {
    idx[b] = b;
    t->is_catch[b] = false;
  }
  for (int i = 0; i < n_catch && i < B; i++) {
    int j = i + (int)reach_rng_below(rng, (unsigned long)(B - i));
    int tmp = idx[i];
    idx[i] = idx[j];
    idx[j] = tmp;
    t->is_catch[idx[i]] = true;
  }
  const double length = c->steps * c->dt;
  for (int b = 0; b < B; b++) {
    if (t->is_catch[b]) t->go[b] = length;
    t->go_step[b] = reach_go_step(c, t->go[b]);
  }
}

void reach_trials_random(reach_trials *t, const reach_arm_model *m, const reach_task_config *c,
                         reach_rng *rng) {
  const int B = t->batch;
  for (int b = 0; b < B; b++) {
    double qt[2], qd[2] = {0.0, 0.0};
    for (int j = 0; j < 2; j++) t->q0[j * B + b] = reach_rng_uniform(rng, m->q_lo[j], m->q_hi[j]);
    for (int j = 0; j < 2; j++) qt[j] = reach_rng_uniform(rng, m->q_lo[j], m->q_hi[j]);
    reach_arm_fingertip(m, qt, qd, t->target + 2 * b, NULL, NULL);
    set_start(t, m, b);
    t->go[b] = reach_rng_uniform(rng, c->go_lo, c->go_hi);
  }
  choose_catch(t, c, (int)lround(c->catch_fraction * B), rng);
}

void reach_task_targets(const double home[2], double distance, int n_targets, int batch,
                        double *target) {
  for (int b = 0; b < batch; b++) {
    double ang = 2.0 * REACH_PI * (double)(b % n_targets) / (double)n_targets;
    target[2 * b] = home[0] + distance * cos(ang);
    target[2 * b + 1] = home[1] + distance * sin(ang);
  }
}

static void centre_out_targets(reach_trials *t, const reach_arm_model *m,
                               const reach_task_config *c) {
  const int B = t->batch;
  double q[2], home[2];
  reach_task_home(m, c, q, home);
  for (int b = 0; b < B; b++) {
    t->q0[b] = q[0];
    t->q0[B + b] = q[1];
    t->start[2 * b] = home[0];
    t->start[2 * b + 1] = home[1];
  }
  reach_task_targets(home, c->target_distance, c->n_targets, B, t->target);
}

void reach_trials_centre_out(reach_trials *t, const reach_arm_model *m, const reach_task_config *c,
                             int repeats, int n_catch, reach_rng *rng) {
  t->batch = c->n_targets * repeats;
  centre_out_targets(t, m, c);
  for (int b = 0; b < t->batch; b++) t->go[b] = reach_rng_uniform(rng, c->go_lo, c->go_hi);
  choose_catch(t, c, n_catch, rng);
}

void reach_trials_eval(reach_trials *t, const reach_arm_model *m, const reach_task_config *c) {
  t->batch = c->n_targets;
  centre_out_targets(t, m, c);
  for (int b = 0; b < t->batch; b++) {
    t->is_catch[b] = false;
    t->go[b] = c->eval_go;
    t->go_step[b] = reach_go_step(c, c->eval_go);
  }
}
