// SPDX-License-Identifier: GPL-3.0-or-later
#include "rollout.h"

#include <gsl/gsl_cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/lateral.h"

static int delay_steps(double delay, double dt) {
  int d = (int)lround(delay / dt);
  return d < 1 ? 1 : d;  // MotorNet: no delay still means one step (motornet-spec §4.2)
}

int reach_rollout_init(reach_rollout *r, int capacity, int steps, int units) {
  memset(r, 0, sizeof *r);
  r->capacity = capacity;
  r->steps = steps;
  r->units = units;
  const size_t B = (size_t)capacity, T = (size_t)steps, H = (size_t)units;
  const size_t sizes[] = {
      (T + 1) * B * REACH_OBS_SENSE,  // sense
      T * B * REACH_OBS,              // x
      (T + 1) * B * H,                // h
      4 * T * B * H,                  // gate caches
      T * B * REACH_NMUSCLE,          // u_net
      T * B * REACH_NMUSCLE,          // u_arm
      T * B * 2,                      // f_end
      2 * (T + 1) * B * 2,            // xy, vxy
      2 * (T + 1) * B * 2,            // xy_bar, vxy_bar
      (T + 1) * B * REACH_NMUSCLE,    // force_bar
      (T + 1) * B * H,                // h_loss_bar
      (T + 1) * B * REACH_OBS_SENSE,  // sense_bar
      2 * T * B * 3 * H,              // gi_bar, gh_bar
      T * B * REACH_NMUSCLE,          // y_bar
      2 * B * H,                      // h_bar, h_tmp
      B * REACH_OBS,                  // x_bar
      B * (REACH_NMUSCLE + 2),        // u_bar, f_bar
      B * 3 * H,                      // work
      H,                              // h0_bar
  };
  size_t total = 0;
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) total += sizes[i];
  r->block = calloc(total, sizeof *r->block);
  r->arm = calloc(T + 1, sizeof *r->arm);
  r->cache = calloc(T, sizeof *r->cache);
  if (!r->block || !r->arm || !r->cache) goto fail;
  for (size_t t = 0; t <= T; t++)
    if (reach_arm_state_init(&r->arm[t], capacity)) goto fail;
  if (reach_arm_adjoint_init(&r->adj, capacity)) goto fail;
  double *p = r->block;
#define TAKE(field, n) \
  do {                 \
    r->field = p;      \
    p += (n);          \
  } while (0)
  TAKE(sense, sizes[0]);
  TAKE(x, sizes[1]);
  TAKE(h, sizes[2]);
  for (size_t t = 0; t < T; t++) {
    r->cache[t].r = p + (4 * t + 0) * B * H;
    r->cache[t].z = p + (4 * t + 1) * B * H;
    r->cache[t].n = p + (4 * t + 2) * B * H;
    r->cache[t].hn = p + (4 * t + 3) * B * H;
  }
  p += sizes[3];
  TAKE(u_net, sizes[4]);
  TAKE(u_arm, sizes[5]);
  TAKE(f_end, sizes[6]);
  TAKE(xy, sizes[7] / 2);
  TAKE(vxy, sizes[7] / 2);
  TAKE(xy_bar, sizes[8] / 2);
  TAKE(vxy_bar, sizes[8] / 2);
  TAKE(force_bar, sizes[9]);
  TAKE(h_loss_bar, sizes[10]);
  TAKE(sense_bar, sizes[11]);
  TAKE(gi_bar, sizes[12] / 2);
  TAKE(gh_bar, sizes[12] / 2);
  TAKE(y_bar, sizes[13]);
  TAKE(h_bar, B * H);
  TAKE(h_tmp, B * H);
  TAKE(x_bar, sizes[15]);
  TAKE(u_bar, B * REACH_NMUSCLE);
  TAKE(f_bar, B * 2);
  TAKE(work, sizes[17]);
  TAKE(h0_bar, sizes[18]);
#undef TAKE
  return 0;
fail:
  reach_rollout_free(r);
  return -1;
}

void reach_rollout_free(reach_rollout *r) {
  if (r->arm)
    for (int t = 0; t <= r->steps; t++) reach_arm_state_free(&r->arm[t]);
  reach_arm_adjoint_free(&r->adj);
  free(r->arm);
  free(r->cache);
  free(r->block);
  memset(r, 0, sizeof *r);
}

// The arm state arrays are laid out for `capacity` arms; a pass over fewer arms uses the first
// `batch` columns of each row, so every [comp][B] index below uses the capacity as stride.
#define AT(ptr, comp, b) ((ptr)[(size_t)(comp) * (size_t)r->capacity + (size_t)(b)])

// Noisy sensory signals of state k: what the delay buffers hold.
static void sense_state(reach_rollout *r, const reach_rollout_ctx *c, int k, reach_rng *noise) {
  const int B = r->batch;
  const reach_arm_state *s = &r->arm[k];
  const double *xy = r->xy + (size_t)k * 2 * r->capacity;
  double *out = r->sense + (size_t)k * (size_t)r->capacity * REACH_OBS_SENSE;
  const reach_task_config *tc = c->task;
  for (int b = 0; b < B; b++) {
    double *o = out + (size_t)b * REACH_OBS_SENSE;
    o[0] = AT(xy, 0, b);
    o[1] = AT(xy, 1, b);
    for (int m = 0; m < REACH_NMUSCLE; m++) {
      o[2 + m] = AT(s->mlen, m, b) * c->arm->inv_l0_ce[m];
      o[2 + REACH_NMUSCLE + m] = AT(s->mvel, m, b) * c->arm->inv_vmax[m];
    }
    if (noise) {
      o[0] += reach_rng_gauss(noise, tc->noise_vision);
      o[1] += reach_rng_gauss(noise, tc->noise_vision);
      for (int j = 2; j < REACH_OBS_SENSE; j++) o[j] += reach_rng_gauss(noise, tc->noise_proprio);
    }
  }
}

static inline bool field_on(const reach_rollout *r, int t, int b) {
  return r->field != 0.0 && t >= r->trials->go_step[b];
}

void reach_rollout_forward(reach_rollout *r, const reach_rollout_ctx *c, const double *theta,
                           const reach_trials *trials, double field, reach_rng *noise) {
  const reach_gru *g = c->gru;
  const reach_task_config *tc = c->task;
  const int B = trials->batch, T = r->steps, H = r->units, cap = r->capacity;
  const size_t HB = (size_t)cap * (size_t)H;
  const int dv = delay_steps(tc->vision_delay, tc->dt);
  const int dp = delay_steps(tc->proprio_delay, tc->dt);
  r->batch = B;
  r->trials = trials;
  r->field = field;
  const reach_field curl = reach_field_curl(field);

  // Columns beyond the batch (when B < capacity) start where trial 0 starts and get zero
  // excitation, so the batched plant never sees garbage; nothing reads them.
  double *qinit = r->work;  // [2][cap] scratch
  for (int b = 0; b < cap; b++) {
    int src = b < B ? b : 0;
    qinit[b] = trials->q0[src];
    qinit[cap + b] = trials->q0[B + src];
  }
  reach_arm_reset(c->arm, &r->arm[0], qinit, NULL);
  reach_arm_fingertip_batch(c->arm, &r->arm[0], r->xy, r->vxy);
  sense_state(r, c, 0, noise);
  const double *h0 = theta + g->offset[REACH_GRU_H0];
  for (int b = 0; b < B; b++) memcpy(r->h + (size_t)b * H, h0, (size_t)H * sizeof *r->h);

  for (int t = 0; t < T; t++) {
    double *x = r->x + (size_t)t * cap * REACH_OBS;
    const double *sv = r->sense + (size_t)(t - dv + 1 > 0 ? t - dv + 1 : 0) * cap * REACH_OBS_SENSE;
    const double *sp = r->sense + (size_t)(t - dp + 1 > 0 ? t - dp + 1 : 0) * cap * REACH_OBS_SENSE;
    for (int b = 0; b < B; b++) {
      double *xb = x + (size_t)b * REACH_OBS;
      xb[0] = sv[(size_t)b * REACH_OBS_SENSE];
      xb[1] = sv[(size_t)b * REACH_OBS_SENSE + 1];
      memcpy(xb + 2, sp + (size_t)b * REACH_OBS_SENSE + 2, 12 * sizeof *xb);
      xb[14] = trials->target[2 * b];
      xb[15] = trials->target[2 * b + 1];
      xb[16] = t >= trials->go_step[b] ? 1.0 : 0.0;
    }
    const double *h = r->h + (size_t)t * HB;
    double *hn = r->h + (size_t)(t + 1) * HB;
    reach_gru_step(g, theta, B, x, h, hn, r->work, &r->cache[t]);
    if (r->push && t + 1 == r->push_index)
      for (int b = 0; b < B; b++)
        for (int k = 0; k < H; k++) hn[(size_t)b * H + k] += r->push[k];
    double *un = r->u_net + (size_t)t * cap * REACH_NMUSCLE;
    reach_gru_readout(g, theta, B, hn, un);
    double *ua = r->u_arm + (size_t)t * cap * REACH_NMUSCLE;
    for (int b = 0; b < cap; b++)
      for (int m = 0; m < REACH_NMUSCLE; m++) {
        double u = b < B ? un[(size_t)b * REACH_NMUSCLE + m] : 0.0;
        if (noise && b < B) u += reach_rng_gauss(noise, tc->noise_action);
        AT(ua, m, b) = u;
      }
    double *f = r->f_end + (size_t)t * cap * 2;
    if (field != 0.0) {
      reach_field_load(&curl, c->arm, &r->arm[t], NULL, NULL, NULL, f);
      for (int b = 0; b < cap; b++)
        if (b >= B || !field_on(r, t, b)) AT(f, 0, b) = AT(f, 1, b) = 0.0;
    } else {
      memset(f, 0, 2 * (size_t)cap * sizeof *f);
    }
    reach_arm_step(c->arm, &r->arm[t], ua, f, &r->arm[t + 1]);
    reach_arm_fingertip_batch(c->arm, &r->arm[t + 1], r->xy + (size_t)(t + 1) * 2 * cap,
                              r->vxy + (size_t)(t + 1) * 2 * cap);
    sense_state(r, c, t + 1, noise);
  }
}

void reach_rollout_backward(reach_rollout *r, const reach_rollout_ctx *c, const double *theta,
                            double *grad, bool plant) {
  const reach_gru *g = c->gru;
  const reach_task_config *tc = c->task;
  const int B = r->batch, T = r->steps, H = r->units, cap = r->capacity;
  const size_t HB = (size_t)cap * (size_t)H;
  const int dv = delay_steps(tc->vision_delay, tc->dt);
  const int dp = delay_steps(tc->proprio_delay, tc->dt);
  const reach_field curl = reach_field_curl(r->field);
  const double *w_out = theta + g->offset[REACH_GRU_W_OUT];

  memset(r->sense_bar, 0, (size_t)(T + 1) * cap * REACH_OBS_SENSE * sizeof *r->sense_bar);
  memset(r->h_bar, 0, HB * sizeof *r->h_bar);
  reach_arm_adjoint_zero(&r->adj);
  reach_arm_adjoint *adj = &r->adj;

  for (int t = T - 1; t >= 0; t--) {
    const int k = t + 1;  // the state this step produced
    const reach_arm_state *sk = &r->arm[k];
    // Complete the adjoint of state k: the loss terms on it and the observations that read it.
    const double *fb = r->force_bar + (size_t)k * cap * REACH_NMUSCLE;
    for (size_t i = 0; i < (size_t)cap * REACH_NMUSCLE; i++) adj->force[i] += fb[i];
    double *xyb = r->xy_bar + (size_t)k * 2 * cap;
    const double *sb = r->sense_bar + (size_t)k * cap * REACH_OBS_SENSE;
    for (int b = 0; b < B; b++) {
      const double *o = sb + (size_t)b * REACH_OBS_SENSE;
      AT(xyb, 0, b) += o[0];
      AT(xyb, 1, b) += o[1];
      for (int m = 0; m < REACH_NMUSCLE; m++) {
        AT(adj->mlen, m, b) += o[2 + m] * c->arm->inv_l0_ce[m];
        AT(adj->mvel, m, b) += o[2 + REACH_NMUSCLE + m] * c->arm->inv_vmax[m];
      }
    }
    reach_arm_fingertip_vjp(c->arm, sk, xyb, r->vxy_bar + (size_t)k * 2 * cap, adj->q, adj->qd);

    // Through the arm step to state t, the excitations and the field load.
    const double *ua = r->u_arm + (size_t)t * cap * REACH_NMUSCLE;
    const double *f = r->f_end + (size_t)t * cap * 2;
    reach_arm_step_vjp(c->arm, &r->arm[t], ua, f, adj, adj, r->u_bar, r->f_bar);
    if (r->field != 0.0) {
      for (int b = 0; b < cap; b++)
        if (b >= B || !field_on(r, t, b)) AT(r->f_bar, 0, b) = AT(r->f_bar, 1, b) = 0.0;
      reach_field_load_vjp(&curl, c->arm, &r->arm[t], NULL, NULL, NULL, r->f_bar, adj, NULL);
    }
    if (!plant) reach_arm_adjoint_zero(adj);

    // Read-out: y_bar = u_bar · σ'(y).
    const double *un = r->u_net + (size_t)t * cap * REACH_NMUSCLE;
    double *yb = r->y_bar + (size_t)t * cap * REACH_NMUSCLE;
    for (int b = 0; b < B; b++)
      for (int m = 0; m < REACH_NMUSCLE; m++) {
        double u = un[(size_t)b * REACH_NMUSCLE + m];
        yb[(size_t)b * REACH_NMUSCLE + m] = AT(r->u_bar, m, b) * u * (1.0 - u);
      }
    // Adjoint of h_{t+1}: carried from step t+1, the hidden loss terms and the read-out.
    double *hb = r->h_tmp;
    const double *hl = r->h_loss_bar + (size_t)k * HB;
    for (size_t i = 0; i < (size_t)B * H; i++) hb[i] = r->h_bar[i] + hl[i];
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, H, REACH_NMUSCLE, 1.0, yb,
                REACH_NMUSCLE, w_out, H, 1.0, hb, H);
    reach_gru_step_backward(g, theta, B, r->h + (size_t)t * HB, &r->cache[t], hb,
                            r->gi_bar + (size_t)t * cap * 3 * H,
                            r->gh_bar + (size_t)t * cap * 3 * H, r->h_bar, r->x_bar);
    // Observation adjoints go to the states the delay buffers read.
    double *sv = r->sense_bar + (size_t)(t - dv + 1 > 0 ? t - dv + 1 : 0) * cap * REACH_OBS_SENSE;
    double *sp = r->sense_bar + (size_t)(t - dp + 1 > 0 ? t - dp + 1 : 0) * cap * REACH_OBS_SENSE;
    for (int b = 0; b < B; b++) {
      const double *xb = r->x_bar + (size_t)b * REACH_OBS;
      sv[(size_t)b * REACH_OBS_SENSE] += xb[0];
      sv[(size_t)b * REACH_OBS_SENSE + 1] += xb[1];
      for (int j = 2; j < REACH_OBS_SENSE; j++) sp[(size_t)b * REACH_OBS_SENSE + j] += xb[j];
    }
  }
  for (int k = 0; k < H; k++) r->h0_bar[k] = 0.0;
  for (int b = 0; b < B; b++)
    for (int k = 0; k < H; k++) r->h0_bar[k] += r->h_bar[(size_t)b * H + k];

  // Weight gradients of all steps at once. Rows are (t, b) with stride cap; when B < cap the
  // unused rows are skipped by doing one product per step instead.
  if (B == cap) {
    reach_gru_param_grad(g, T * B, r->x, r->h, r->h + HB, r->gi_bar, r->gh_bar, r->y_bar,
                         r->h0_bar, grad);
  } else {
    for (int t = 0; t < T; t++)
      reach_gru_param_grad(g, B, r->x + (size_t)t * cap * REACH_OBS, r->h + (size_t)t * HB,
                           r->h + (size_t)(t + 1) * HB, r->gi_bar + (size_t)t * cap * 3 * H,
                           r->gh_bar + (size_t)t * cap * 3 * H,
                           r->y_bar + (size_t)t * cap * REACH_NMUSCLE, t == 0 ? r->h0_bar : NULL,
                           grad);
  }
}

void reach_rollout_lateral(const reach_rollout *r, const reach_task_config *c, double *ld) {
  const int B = r->batch, T = r->steps, cap = r->capacity;
  const int k1 = c->ld_start_index + 1 <= T ? c->ld_start_index + 1 : T;
  for (int b = 0; b < B; b++) {
    const double x1[2] = {AT(r->xy + (size_t)k1 * 2 * cap, 0, b),
                          AT(r->xy + (size_t)k1 * 2 * cap, 1, b)};
    const double *x2 = r->trials->target + 2 * b;
    // The recorded hand path is states 1 … T (MotorNet records after each step).
    double best = 0.0;
    for (int k = 1; k <= T; k++) {
      const double p[2] = {AT(r->xy + (size_t)k * 2 * cap, 0, b),
                           AT(r->xy + (size_t)k * 2 * cap, 1, b)};
      double d = reach_lateral_distance(x1, x2, p);
      if (fabs(d) > fabs(best)) best = d;
    }
    ld[b] = best;
  }
}
