// SPDX-License-Identifier: GPL-3.0-or-later
#include "behaviour.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../io/csv.h"
#include "../plant/arm.h"
#include "savings_internal.h"

int reach_behaviour_stage_find(const char *name) {
  if (strcasecmp(name, "grown-up") == 0) return REACH_STAGE_GROW;
  if (strcasecmp(name, "final") == 0) return REACH_STAGE_DONE;
  for (int p = 0; p < REACH_NPHASE; p++)
    if (strcasecmp(name, reach_phase_names[p]) == 0) return p;
  return -2;
}

const char *reach_behaviour_stage_name(reach_stage s) {
  if (s == REACH_STAGE_GROW) return "grown-up";
  if (s >= REACH_STAGE_NF1 && s <= REACH_STAGE_FF2) return reach_phase_names[s];
  return "final";
}

void reach_behaviour_free(reach_behaviour *b) {
  free(b->block);
  memset(b, 0, sizeof *b);
}

reach_status reach_behaviour_run(reach_savings *e, reach_stage weights, double field, bool noise,
                                 reach_behaviour *b, reach_error *err) {
  memset(b, 0, sizeof *b);
  const double *theta = e->theta;
  if (weights != REACH_STAGE_DONE) {
    theta = reach_savings_snapshot(e, weights);
    if (!theta)
      return reach_error_set(err, REACH_ERR_USAGE,
                             "behaviour: the run has no weights from the end of %s (it has not "
                             "finished that stage)",
                             reach_behaviour_stage_name(weights));
  }
  const reach_config *c = &e->cfg;
  const int B = c->task.n_targets, T = c->task.steps;
  const size_t S = (size_t)T + 1;
  b->block =
      calloc((size_t)B * 2 + S * B * (2 + 1 + REACH_NMUSCLE) + 2 * (size_t)B, sizeof *b->block);
  if (!b->block) return reach_error_set(err, REACH_ERR_NOMEM, "behaviour: out of memory");
  b->targets = B;
  b->steps = T;
  b->weights = weights;
  b->dt = c->task.dt;
  b->field = field;
  b->noise = noise;
  b->target = b->block;
  b->xy = b->target + (size_t)B * 2;
  b->speed = b->xy + S * B * 2;
  b->act = b->speed + S * B;
  b->end_error = b->act + S * B * REACH_NMUSCLE;
  b->ld = b->end_error + B;

  reach_rollout *ro = &e->eval_ro;
  if (noise) {
    // Through reach_savings_trace, so a noisy behaviour is the trace of the same weights (its
    // noise stream restarted), read back from the evaluation rollout it leaves filled.
    size_t n;
    const double *cur = reach_savings_params(e, &n);
    double *keep = malloc(n * sizeof *keep);
    reach_trace tr;
    if (!keep || reach_trace_init(&tr, B, T, c->units)) {
      free(keep);
      reach_behaviour_free(b);
      return reach_error_set(err, REACH_ERR_NOMEM, "behaviour: out of memory");
    }
    memcpy(keep, cur, n * sizeof *keep);
    reach_savings_set_params(e, theta);
    const reach_status st = reach_savings_trace(e, field, &tr, err);
    reach_savings_set_params(e, keep);
    free(keep);
    reach_trace_free(&tr);
    if (st != REACH_OK) {
      reach_behaviour_free(b);
      return st;
    }
  } else {
    reach_rollout_forward(ro, &e->ctx, theta, &e->eval_trials, field, NULL);
  }
  reach_rollout_lateral(ro, &c->task, b->ld);
  const size_t cap = (size_t)ro->capacity;
  for (size_t k = 0; k < S; k++) {
    const reach_arm_state *s = &ro->arm[k];
    const double *xy = ro->xy + k * 2 * cap, *v = ro->vxy + k * 2 * cap;
    for (int i = 0; i < B; i++) {
      const size_t at = k * (size_t)B + (size_t)i;
      b->xy[2 * at] = xy[i];
      b->xy[2 * at + 1] = xy[cap + (size_t)i];
      b->speed[at] = hypot(v[i], v[cap + (size_t)i]);
      for (int m = 0; m < REACH_NMUSCLE; m++)
        b->act[REACH_NMUSCLE * at + (size_t)m] = s->act[(size_t)m * cap + (size_t)i];
    }
  }
  memcpy(b->target, e->eval_trials.target, (size_t)B * 2 * sizeof *b->target);
  b->go_s = e->eval_trials.go_step[0] * c->task.dt;
  for (int i = 0; i < B; i++) {
    const double *end = b->xy + ((size_t)T * B + (size_t)i) * 2;
    b->end_error[i] = hypot(end[0] - b->target[2 * i], end[1] - b->target[2 * i + 1]);
    if (!isfinite(b->end_error[i]) || !isfinite(b->ld[i])) {
      reach_behaviour_free(b);
      return reach_error_set(err, REACH_ERR_NUMERIC,
                             "behaviour: reach %d with the %s weights became NaN (field %g N s/m)",
                             i, reach_behaviour_stage_name(weights), field);
    }
  }
  return REACH_OK;
}

void reach_behaviour_csv_header(FILE *fp) {
  fputs("target,target_x_m,target_y_m,t_s,x_m,y_m,speed_m_per_s", fp);
  for (int m = 0; m < REACH_NMUSCLE; m++) fprintf(fp, ",act_%s", reach_muscle_names[m]);
  fputc('\n', fp);
}

void reach_behaviour_csv_rows(FILE *fp, const reach_behaviour *b) {
  const size_t B = (size_t)b->targets;
  for (int i = 0; i < b->targets; i++)
    for (int k = 0; k <= b->steps; k++) {
      const size_t at = (size_t)k * B + (size_t)i;
      fprintf(fp, "%d,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g", i, b->target[2 * i], b->target[2 * i + 1],
              k * b->dt, b->xy[2 * at], b->xy[2 * at + 1], b->speed[at]);
      for (int m = 0; m < REACH_NMUSCLE; m++)
        fprintf(fp, ",%.9g", b->act[REACH_NMUSCLE * at + (size_t)m]);
      fputc('\n', fp);
    }
}

reach_status reach_behaviour_write_csv(const reach_behaviour *b, const char *path,
                                       reach_error *err) {
  reach_file f;
  reach_status st = reach_file_begin(&f, path, err);
  if (st != REACH_OK) return st;
  reach_behaviour_csv_header(f.fp);
  reach_behaviour_csv_rows(f.fp, b);
  return reach_file_commit(&f, err);
}
