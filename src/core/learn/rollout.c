// SPDX-License-Identifier: GPL-3.0-or-later
#include "rollout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/lateral.h"
#include "../base/pool.h"
#include "../net/gemm.h"
#include "rollout_plant.h"

#define ROT_PI 3.14159265358979323846

static int delay_steps(double delay, double dt) {
  int d = (int)lround(delay / dt);
  return d < 1 ? 1 : d;  // MotorNet: no delay still means one step (motornet-spec §4.2)
}

// A step's projections [B][6H]; the weight gradients' [I][3H] (reach_gru_recurrent_grad).
static size_t work_size(size_t B, size_t H) {
  size_t step = (B > H ? B : H) * 6 * H, grad = (size_t)REACH_OBS * 3 * H;
  return step > grad ? step : grad;
}

int reach_rollout_init(reach_rollout *r, int capacity, int steps, int units) {
  memset(r, 0, sizeof *r);
  r->capacity = capacity;
  r->steps = steps;
  r->pipeline_rows = 16;
  r->plant_shed_rows[0] = 4;
  r->plant_shed_rows[1] = 0;
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
      T * B * 2,                      // f_other
      2 * (T + 1) * B * 2,            // xy, vxy
      2 * (T + 1) * B * 2,            // xy_bar, vxy_bar
      (T + 1) * B * REACH_NMUSCLE,    // force_bar
      (T + 1) * B * H,                // h_loss_bar
      (T + 1) * B * REACH_OBS_SENSE,  // sense_bar
      2 * T * B * 3 * H,              // gi_bar, gh_bar
      T * B * REACH_NMUSCLE,          // y_bar
      2 * B * H,                      // h_bar, h_tmp
      B * REACH_OBS,                  // x_bar
      B * (2 * REACH_NMUSCLE + 2),    // u_bar (two steps), f_bar
      work_size(B, H),                // work
      H,                              // h0_bar
      B * 2 * 6,                      // u_curl, f_chan, line_start, line_target, fb_mask, fo_bar
      B * 3,                          // gain, curl, comp
      (REACH_OBS + H) * 3 * H + H * REACH_NMUSCLE,  // packed, w_out_t
  };
  size_t total = 0;
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) total += sizes[i];
  r->block = calloc(total, sizeof *r->block);
  r->arm = calloc(T + 1, sizeof *r->arm);
  r->cache = calloc(T, sizeof *r->cache);
  r->channel = calloc(B, sizeof *r->channel);
  if (!r->block || !r->arm || !r->cache || !r->channel) goto fail;
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
  reach_gru_cache_bind(r->cache, T, B, H, p);
  p += sizes[3];
  TAKE(u_net, sizes[4]);
  TAKE(u_arm, sizes[5]);
  TAKE(f_end, sizes[6]);
  TAKE(f_other, sizes[7]);
  TAKE(xy, sizes[8] / 2);
  TAKE(vxy, sizes[8] / 2);
  TAKE(xy_bar, sizes[9] / 2);
  TAKE(vxy_bar, sizes[9] / 2);
  TAKE(force_bar, sizes[10]);
  TAKE(h_loss_bar, sizes[11]);
  TAKE(sense_bar, sizes[12]);
  TAKE(gi_bar, sizes[13] / 2);
  TAKE(gh_bar, sizes[13] / 2);
  TAKE(y_bar, sizes[14]);
  TAKE(h_bar, B * H);
  TAKE(h_tmp, B * H);
  TAKE(x_bar, sizes[16]);
  TAKE(u_bar, 2 * B * REACH_NMUSCLE);
  TAKE(f_bar, B * 2);
  TAKE(work, sizes[18]);
  TAKE(h0_bar, sizes[19]);
  TAKE(u_curl, B * 2);
  TAKE(f_chan, B * 2);
  TAKE(line_start, B * 2);
  TAKE(line_target, B * 2);
  TAKE(fb_mask, B * 2);
  TAKE(fo_bar, B * 2);
  TAKE(gain, B);
  TAKE(curl, B);
  TAKE(comp, B);
  TAKE(packed, (REACH_OBS + H) * 3 * H);
  TAKE(w_out_t, H * REACH_NMUSCLE);
#undef TAKE
  return 0;
fail:
  reach_rollout_free(r);
  return -1;
}

int reach_rollout_set_precision(reach_rollout *r, reach_precision p) {
  if (p == REACH_PRECISION_SINGLE && !r->fblock) {
    const size_t B = (size_t)r->capacity, T = (size_t)r->steps, H = (size_t)r->units;
    reach_gru g;
    reach_gru_layout(&g, REACH_OBS, r->units, REACH_NMUSCLE);
    const size_t sizes[] = {
        2 * g.n_params,             // theta_f, grad_f
        T * B * REACH_OBS,          // x_f
        (T + 1) * B * H,            // h_f
        4 * T * B * H,              // gate caches
        2 * T * B * 3 * H,          // gi_bar_f, gh_bar_f
        work_size(B, H),            // work_f
        2 * B * H,                  // hb_f, h_bar_f
        B * REACH_OBS,              // x_bar_f
        reach_gru_packed_size(&g),  // packed_f
    };
    size_t total = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) total += sizes[i];
    r->fblock = calloc(total, sizeof *r->fblock);
    r->cache_f = calloc(T, sizeof *r->cache_f);
    if (!r->fblock || !r->cache_f) {
      free(r->fblock);
      free(r->cache_f);
      r->fblock = NULL;
      r->cache_f = NULL;
      return -1;
    }
    float *f = r->fblock;
    r->theta_f = f;
    r->grad_f = f + g.n_params;
    f += sizes[0];
    r->x_f = f;
    f += sizes[1];
    r->h_f = f;
    f += sizes[2];
    reach_gru_cache_bind_f(r->cache_f, T, B, H, f);
    f += sizes[3];
    r->gi_bar_f = f;
    r->gh_bar_f = f + T * B * 3 * H;
    f += sizes[4];
    r->work_f = f;
    f += sizes[5];
    r->hb_f = f;
    r->h_bar_f = f + B * H;
    f += sizes[6];
    r->x_bar_f = f;
    f += sizes[7];
    r->packed_f = f;
  }
  r->precision = p;
  return 0;
}

static void to_float(size_t n, const double *x, float *y) {
  for (size_t i = 0; i < n; i++) y[i] = (float)x[i];
}

static void to_double(size_t n, const float *x, double *y) {
  for (size_t i = 0; i < n; i++) y[i] = (double)x[i];
}

void reach_rollout_free(reach_rollout *r) {
  free(r->fblock);
  free(r->cache_f);
  if (r->arm)
    for (int t = 0; t <= r->steps; t++) reach_arm_state_free(&r->arm[t]);
  reach_arm_adjoint_free(&r->adj);
  free(r->arm);
  free(r->cache);
  free(r->channel);
  free(r->block);
  memset(r, 0, sizeof *r);
}

// The arm state arrays are laid out for `capacity` arms; a pass over fewer arms uses the first
// `batch` columns of each row, so every [comp][B] index below uses the capacity as stride.
#define AT(ptr, comp, b) ((ptr)[(size_t)(comp) * (size_t)r->capacity + (size_t)(b)])

static void forward_pass(reach_rollout *r, const reach_rollout_ctx *c, const double *theta,
                         const reach_trials *trials, reach_rng *noise);

void reach_rollout_forward(reach_rollout *r, const reach_rollout_ctx *c, const double *theta,
                           const reach_trials *trials, double field, reach_rng *noise) {
  const int B = trials->batch;
  for (int b = 0; b < r->capacity; b++) {
    r->curl[b] = r->gain[b] = b < B ? field : 0.0;
    r->comp[b] = 0.0;
    r->channel[b] = false;
  }
  r->loaded = field != 0.0;
  forward_pass(r, c, theta, trials, noise);
}

void reach_rollout_forward_loads(reach_rollout *r, const reach_rollout_ctx *c, const double *theta,
                                 const reach_trials *trials, const reach_rollout_loads *loads,
                                 reach_rng *noise) {
  const int B = trials->batch, cap = r->capacity;
  r->loaded = false;
  for (int b = 0; b < cap; b++) {
    const bool in = b < B && loads;
    r->curl[b] = in && loads->curl ? loads->curl[b] : 0.0;
    r->comp[b] = in && loads->comp ? loads->comp[b] : 0.0;
    r->channel[b] = in && loads->channel ? loads->channel[b] : false;
    r->gain[b] = r->curl[b] + r->comp[b];
    r->loaded = r->loaded || r->gain[b] != 0.0 || r->channel[b];
    // channel lines in the arm layout; unused columns get trial 0's (nothing reads them)
    const int src = b < B ? b : 0;
    AT(r->line_start, 0, b) = trials->start[2 * src];
    AT(r->line_start, 1, b) = trials->start[2 * src + 1];
    AT(r->line_target, 0, b) = trials->target[2 * src];
    AT(r->line_target, 1, b) = trials->target[2 * src + 1];
  }
  forward_pass(r, c, theta, trials, noise);
}

// The rows of a pass go to the pool's threads in blocks of this many (half a register tile of
// reach_gemm): B = 32 splits 16 + 16, the phases' B = 8 splits 4 + 4.
enum { ROW_ALIGN = 4 };

// Plant and policy overlap when the sensory delays allow (both at least 2 steps): policy step t
// reads states up to t − 1 and plant step t − 1 makes state t, so the region of policy step t
// also runs plant step t − 1, as its part 0; in reverse, the plant's adjoint step t − 1 needs
// the observation adjoints of state t, which come from policy steps t + 1 and later, so it runs
// beside the policy's reverse step t. Every quantity is computed by the same code in the same
// order as one after the other (the plant's steps, and its noise draws, still in step order on
// one thread at a time); only who computes it and when changes.
static bool overlap_plant(const reach_rollout *r, int dv, int dp) {
  return reach_pool_threads(r->pool) > 1 && dv >= 2 && dp >= 2;
}

// Rows [b0, b1) of part `part`; with plant = true part 0 also runs a plant step, so it gives
// `shed` rows of its even share to the other parts.
static void part_rows(int B, bool plant, int shed_rows, int part, int parts, int *b0, int *b1) {
  if (!plant || parts == 1) {
    reach_pool_range(B, ROW_ALIGN, part, parts, b0, b1);
    return;
  }
  int lo, first;
  reach_pool_range(B, ROW_ALIGN, 0, parts, &lo, &first);
  const int shed = B >= 4 * ROW_ALIGN ? shed_rows / ROW_ALIGN * ROW_ALIGN : 0;
  first = first > shed ? first - shed : 0;
  if (part == 0) {
    *b0 = 0;
    *b1 = first;
    return;
  }
  reach_pool_range(B - first, ROW_ALIGN, part - 1, parts - 1, b0, b1);
  *b0 += first;
  *b1 += first;
}

// Step t of the policy for the rows of one part: its inputs, the GRU step, the optional push,
// the read-out; part 0 also runs plant step plant_t (≥ 0) when plant and policy overlap. Each
// row depends on its own row alone, so the split changes no bit.
typedef struct fwd_region {
  reach_rollout *r;
  const reach_rollout_ctx *c;
  const double *theta;
  reach_rng *noise;
  int t, B, dv, dp, plant_t;
  bool single;
} fwd_region;

static void fwd_part(void *arg, int part, int parts) {
  const fwd_region *a = arg;
  reach_rollout *r = a->r;
  const reach_gru *g = a->c->gru;
  const int t = a->t, H = r->units, cap = r->capacity;
  if (a->plant_t >= 0 && part == 0) reach_rollout_plant_step(r, a->c, a->plant_t, a->noise);
  int b0, b1;
  part_rows(a->B, a->plant_t >= 0, r->plant_shed_rows[0], part, parts, &b0, &b1);
  const int nb = b1 - b0;
  if (nb <= 0) return;
  const size_t HB = (size_t)cap * (size_t)H, o = (size_t)b0 * H;
  // Inputs: the delayed senses, the target and the go cue.
  const reach_trials *trials = r->trials;
  const double *sv =
      r->sense + (size_t)(t - a->dv + 1 > 0 ? t - a->dv + 1 : 0) * cap * REACH_OBS_SENSE;
  const double *sp =
      r->sense + (size_t)(t - a->dp + 1 > 0 ? t - a->dp + 1 : 0) * cap * REACH_OBS_SENSE;
  for (int b = b0; b < b1; b++) {
    double *xb = r->x + (size_t)t * cap * REACH_OBS + (size_t)b * REACH_OBS;
    xb[0] = sv[(size_t)b * REACH_OBS_SENSE];
    xb[1] = sv[(size_t)b * REACH_OBS_SENSE + 1];
    memcpy(xb + 2, sp + (size_t)b * REACH_OBS_SENSE + 2, 12 * sizeof *xb);
    xb[14] = trials->target[2 * b];
    xb[15] = trials->target[2 * b + 1];
    xb[16] = t >= trials->go_step[b] ? 1.0 : 0.0;
  }
  const double *x = r->x + (size_t)t * cap * REACH_OBS + (size_t)b0 * REACH_OBS;
  const double *h = r->h + (size_t)t * HB + o;
  double *hn = r->h + (size_t)(t + 1) * HB + o;
  if (a->single) {
    float *x_f = r->x_f + (size_t)t * cap * REACH_OBS + (size_t)b0 * REACH_OBS;
    float *hn_f = r->h_f + (size_t)(t + 1) * HB + o;
    const reach_gru_cache_f *cf = &r->cache_f[t];
    reach_gru_cache_f cache = {cf->r + o, cf->z + o, cf->n + o, cf->hn + o};
    to_float((size_t)nb * REACH_OBS, x, x_f);
    reach_gru_step_f(g, r->theta_f, r->packed_f, nb, x_f, r->h_f + (size_t)t * HB + o, hn_f,
                     r->work_f + (size_t)b0 * 6 * H, &cache);
    to_double((size_t)nb * H, hn_f, hn);
  } else {
    const reach_gru_cache *cd = &r->cache[t];
    reach_gru_cache cache = {cd->r + o, cd->z + o, cd->n + o, cd->hn + o};
    reach_gru_step(g, a->theta, r->packed, nb, x, h, hn, r->work + (size_t)b0 * 6 * H, &cache);
  }
  if (r->push && t + 1 == r->push_index) {
    for (int b = 0; b < nb; b++)
      for (int k = 0; k < H; k++) hn[(size_t)b * H + k] += r->push[k];
    if (a->single) to_float((size_t)nb * H, hn, r->h_f + (size_t)(t + 1) * HB + o);
  }
  reach_gru_readout(g, a->theta, r->w_out_t, nb, hn,
                    r->u_net + (size_t)t * cap * REACH_NMUSCLE + (size_t)b0 * REACH_NMUSCLE);
}

static void forward_pass(reach_rollout *r, const reach_rollout_ctx *c, const double *theta,
                         const reach_trials *trials, reach_rng *noise) {
  const reach_gru *g = c->gru;
  const reach_task_config *tc = c->task;
  const int B = trials->batch, T = r->steps, H = r->units, cap = r->capacity;
  const int dv = delay_steps(tc->vision_delay, tc->dt);
  const int dp = delay_steps(tc->proprio_delay, tc->dt);
  r->batch = B;
  r->trials = trials;

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
  reach_rollout_sense(r, c, 0, noise);
  const double *h0 = theta + g->offset[REACH_GRU_H0];
  for (int b = 0; b < B; b++) memcpy(r->h + (size_t)b * H, h0, (size_t)H * sizeof *r->h);
  const bool single = r->precision == REACH_PRECISION_SINGLE;
  if (single) {
    reach_gru_theta_to_float(g, theta, r->theta_f);
    reach_gru_pack_f(g, theta, r->packed_f);
    to_float((size_t)B * H, r->h, r->h_f);
  } else {
    reach_gru_pack(g, theta, r->packed);
  }
  reach_gru_pack_readout(g, theta, r->w_out_t);

  const bool overlap = overlap_plant(r, dv, dp);
  for (int t = 0; t < T; t++) {
    fwd_region region = {r, c, theta, noise, t, B, dv, dp, overlap ? t - 1 : -1, single};
    reach_pool_run(r->pool, fwd_part, &region);
    if (!overlap) reach_rollout_plant_step(r, c, t, noise);
  }
  if (overlap && T > 0) reach_rollout_plant_step(r, c, T - 1, noise);
}

// Step t of the reverse pass through the policy for the rows of one part: read-out adjoint, the
// GRU step's backward, and the observation adjoints into the delay buffers (each row writes its
// own trial's entries).
typedef struct bwd_region {
  reach_rollout *r;
  const reach_rollout_ctx *c;
  const double *theta;
  int t, B;
  bool single;
  int dv, dp;
  double *grad;
  int grad_t;   // the step whose weight gradients this region adds (-1: none)
  int plant_t;  // the plant's reverse step part 0 runs (-1: none)
  bool plant;
} bwd_region;

static void step_weight_grads(reach_rollout *r, const reach_gru *g, double *grad, bool single,
                              int t, int part, int parts);

static void bwd_part(void *arg, int part, int parts) {
  const bwd_region *a = arg;
  reach_rollout *r = a->r;
  const reach_gru *g = a->c->gru;
  const int t = a->t, H = r->units, cap = r->capacity, k = t + 1;
  if (a->plant_t >= 0 && part == 0) reach_rollout_plant_reverse(r, a->c, a->plant_t, a->plant);
  // The weight gradients of the step the previous region finished, while its rows are hot in
  // the cache: split by gate rows, while this step's backward is split by batch rows.
  if (a->grad_t >= 0) step_weight_grads(r, g, a->grad, a->single, a->grad_t, part, parts);
  int b0, b1;
  part_rows(a->B, a->plant_t >= 0, r->plant_shed_rows[1], part, parts, &b0, &b1);
  const int nb = b1 - b0;
  if (nb <= 0) return;
  const size_t HB = (size_t)cap * (size_t)H, o = (size_t)b0 * H;
  const double *w_out = a->theta + g->offset[REACH_GRU_W_OUT];
  // Read-out: y_bar = u_bar · σ'(y).
  const double *un = r->u_net + (size_t)t * cap * REACH_NMUSCLE;
  const double *ub = reach_rollout_u_bar_step(r, t);
  double *yb = r->y_bar + (size_t)t * cap * REACH_NMUSCLE;
  for (int b = b0; b < b1; b++)
    for (int m = 0; m < REACH_NMUSCLE; m++) {
      double u = un[(size_t)b * REACH_NMUSCLE + m];
      yb[(size_t)b * REACH_NMUSCLE + m] = AT(ub, m, b) * u * (1.0 - u);
    }
  // Adjoint of h_{t+1}: carried from step t+1, the hidden loss terms and the read-out.
  double *hb = r->h_tmp + o;
  const double *hl = r->h_loss_bar + (size_t)k * HB + o;
  for (size_t i = 0; i < (size_t)nb * H; i++) hb[i] = r->h_bar[o + i] + hl[i];
  reach_gemm_d(nb, H, REACH_NMUSCLE, yb + (size_t)b0 * REACH_NMUSCLE, REACH_NMUSCLE, 1, w_out, H,
               hb, H, true);
  const size_t go = (size_t)t * cap * 3 * H + (size_t)b0 * 3 * H;
  double *x_bar = r->x_bar + (size_t)b0 * REACH_OBS;
  if (a->single) {
    const reach_gru_cache_f *cf = &r->cache_f[t];
    const reach_gru_cache_f cache = {cf->r + o, cf->z + o, cf->n + o, cf->hn + o};
    float *x_bar_f = r->x_bar_f + (size_t)b0 * REACH_OBS;
    to_float((size_t)nb * H, hb, r->hb_f + o);
    reach_gru_step_backward_f(g, r->theta_f, nb, r->h_f + (size_t)t * HB + o, &cache, r->hb_f + o,
                              r->gi_bar_f + go, r->gh_bar_f + go, r->h_bar_f + o, x_bar_f);
    to_double((size_t)nb * H, r->h_bar_f + o, r->h_bar + o);
    to_double((size_t)nb * REACH_OBS, x_bar_f, x_bar);
  } else {
    const reach_gru_cache *cd = &r->cache[t];
    const reach_gru_cache cache = {cd->r + o, cd->z + o, cd->n + o, cd->hn + o};
    reach_gru_step_backward(g, a->theta, nb, r->h + (size_t)t * HB + o, &cache, hb, r->gi_bar + go,
                            r->gh_bar + go, r->h_bar + o, x_bar);
  }
  // Observation adjoints go to the states the delay buffers read.
  double *sv =
      r->sense_bar + (size_t)(t - a->dv + 1 > 0 ? t - a->dv + 1 : 0) * cap * REACH_OBS_SENSE;
  double *sp =
      r->sense_bar + (size_t)(t - a->dp + 1 > 0 ? t - a->dp + 1 : 0) * cap * REACH_OBS_SENSE;
  for (int b = b0; b < b1; b++) {
    const double *xb = r->x_bar + (size_t)b * REACH_OBS;
    sv[(size_t)b * REACH_OBS_SENSE] += xb[0];
    sv[(size_t)b * REACH_OBS_SENSE + 1] += xb[1];
    for (int j = 2; j < REACH_OBS_SENSE; j++) sp[(size_t)b * REACH_OBS_SENSE + j] += xb[j];
  }
}

// Weight gradients of the steps [t0, t1) (rows (t, b), stride cap) for the gate rows [g0, g1) of
// one part; last = true adds W_ih's transposed accumulator into grad (all rows are in). Any split
// of the gate rows gives the same bits.
static void weight_grads(reach_rollout *r, const reach_gru *g, double *grad, bool single, int t0,
                         int t1, bool last, int part, int parts) {
  const int B = r->batch, H = r->units, cap = r->capacity;
  int g0, g1;
  // Whole 32-column panels of the weight gradients to each part.
  reach_pool_range(3 * H, 32, part, parts, &g0, &g1);
  // Steps in one product when their rows are contiguous (B = cap), else one product per step.
  const int per = B == cap ? t1 - t0 : 1;
  for (int t = t0; t < t1; t += per) {
    const size_t xo = (size_t)t * cap * REACH_OBS, ho = (size_t)t * cap * (size_t)H;
    const size_t go = (size_t)t * cap * 3 * H;
    if (single)
      reach_gru_recurrent_grad_f(g, per * B, r->x_f + xo, r->h_f + ho, r->gi_bar_f + go,
                                 r->gh_bar_f + go, g0, g1, !r->frozen_io, r->grad_f, r->work_f);
    else
      reach_gru_recurrent_grad(g, per * B, r->x + xo, r->h + ho, r->gi_bar + go, r->gh_bar + go, g0,
                               g1, !r->frozen_io, grad, r->work);
  }
  if (last && !r->frozen_io) {
    if (single)
      reach_gru_ih_grad_add_f(g, g0, g1, r->work_f, r->grad_f);
    else
      reach_gru_ih_grad_add(g, g0, g1, r->work, grad);
  }
}

static void step_weight_grads(reach_rollout *r, const reach_gru *g, double *grad, bool single,
                              int t, int part, int parts) {
  weight_grads(r, g, grad, single, t, t + 1, false, part, parts);
}

typedef struct grad_region {
  reach_rollout *r;
  const reach_gru *g;
  double *grad;
  bool single;
  int t0, t1;
} grad_region;

// The weight gradients still to form after the reverse loop, and the read-out's (split by
// W_out's columns: 16 units, whole AVX-512 vectors of doubles, per block).
static void grad_part(void *arg, int part, int parts) {
  const grad_region *a = arg;
  reach_rollout *r = a->r;
  if (a->t1 > a->t0) weight_grads(r, a->g, a->grad, a->single, a->t0, a->t1, true, part, parts);
  const int B = r->batch, T = r->steps, H = r->units, cap = r->capacity;
  const size_t HB = (size_t)cap * (size_t)H;
  int c0, c1;
  reach_pool_range(H, 16, part, parts, &c0, &c1);
  const int chunks = B == cap ? 1 : T, rows = B == cap ? T * B : B;
  for (int t = 0; t < chunks; t++)
    reach_gru_readout_grad_cols(
        a->g, rows, r->h + (size_t)t * HB + HB, r->y_bar + (size_t)t * cap * REACH_NMUSCLE,
        t == 0 ? r->h0_bar : NULL, !r->frozen_io, a->grad, c0, c1, part == 0);
}

void reach_rollout_backward(reach_rollout *r, const reach_rollout_ctx *c, const double *theta,
                            double *grad, bool plant) {
  const reach_gru *g = c->gru;
  const reach_task_config *tc = c->task;
  const int B = r->batch, T = r->steps, H = r->units, cap = r->capacity;
  const size_t HB = (size_t)cap * (size_t)H;
  const int dv = delay_steps(tc->vision_delay, tc->dt);
  const int dp = delay_steps(tc->proprio_delay, tc->dt);
  const bool single = r->precision == REACH_PRECISION_SINGLE;

  memset(r->sense_bar, 0, (size_t)(T + 1) * cap * REACH_OBS_SENSE * sizeof *r->sense_bar);
  memset(r->h_bar, 0, HB * sizeof *r->h_bar);
  if (single) memset(r->grad_f, 0, g->offset[REACH_GRU_W_OUT] * sizeof *r->grad_f);
  const bool pipelined = B >= r->pipeline_rows;
  // W_ih's gradient accumulates transposed in the step scratch (free during the reverse pass).
  const size_t ih_t = (size_t)REACH_OBS * 3 * H;
  if (single)
    memset(r->work_f, 0, ih_t * sizeof *r->work_f);
  else
    memset(r->work, 0, ih_t * sizeof *r->work);
  reach_arm_adjoint_zero(&r->adj);

  const bool overlap = overlap_plant(r, dv, dp);
  if (overlap && T > 0) reach_rollout_plant_reverse(r, c, T - 1, plant);
  for (int t = T - 1; t >= 0; t--) {
    if (!overlap) reach_rollout_plant_reverse(r, c, t, plant);
    const int grad_t = pipelined && t + 1 < T ? t + 1 : -1;
    const int plant_t = overlap && t > 0 ? t - 1 : -1;
    bwd_region region = {r, c, theta, t, B, single, dv, dp, grad, grad_t, plant_t, plant};
    reach_pool_run(r->pool, bwd_part, &region);
  }
  for (int k = 0; k < H; k++) r->h0_bar[k] = 0.0;
  for (int b = 0; b < B; b++)
    for (int k = 0; k < H; k++) r->h0_bar[k] += r->h_bar[(size_t)b * H + k];

  // Pipelined: step 0's weight gradients (the later steps' were added by the regions above);
  // else all steps' at once, in step order.
  grad_region region = {r, g, grad, single, 0, T > 0 ? (pipelined ? 1 : T) : 0};
  reach_pool_run(r->pool, grad_part, &region);
  if (single)
    for (size_t i = 0; i < g->offset[REACH_GRU_W_OUT]; i++) grad[i] += (double)r->grad_f[i];
}

void reach_rollout_lateral(const reach_rollout *r, const reach_task_config *c, double *ld) {
  const int B = r->batch, T = r->steps, cap = r->capacity;
  const int k1 = c->ld_start_index + 1 <= T ? c->ld_start_index + 1 : T;
  for (int b = 0; b < B; b++) {
    const double h1[2] = {AT(r->xy + (size_t)k1 * 2 * cap, 0, b),
                          AT(r->xy + (size_t)k1 * 2 * cap, 1, b)};
    double x1[2];
    reach_rollout_cursor(r, b, h1, x1);
    const double *x2 = r->trials->target + 2 * b;
    // The recorded hand path is states 1 … T (MotorNet records after each step).
    double best = 0.0;
    for (int k = 1; k <= T; k++) {
      const double hand[2] = {AT(r->xy + (size_t)k * 2 * cap, 0, b),
                              AT(r->xy + (size_t)k * 2 * cap, 1, b)};
      double p[2];
      reach_rollout_cursor(r, b, hand, p);
      double d = reach_lateral_distance(x1, x2, p);
      if (fabs(d) > fabs(best)) best = d;
    }
    ld[b] = best;
  }
}

void reach_rollout_set_rotation(reach_rollout *r, double angle_deg) {
  r->rotated = angle_deg != 0.0;
  const double a = angle_deg * (ROT_PI / 180.0);
  r->rot_cos = r->rotated ? cos(a) : 1.0;
  r->rot_sin = r->rotated ? sin(a) : 0.0;
}

void reach_rollout_direction_error(const reach_rollout *r, double *deg) {
  const int B = r->batch, T = r->steps, cap = r->capacity;
  for (int b = 0; b < B; b++) {
    int best = -1;
    double vmax = -1.0;
    const int k0 = r->trials->go_step[b] + 1 > 1 ? r->trials->go_step[b] + 1 : 1;
    for (int k = k0; k <= T; k++) {
      const double *v = r->vxy + (size_t)k * 2 * cap;
      const double s = AT(v, 0, b) * AT(v, 0, b) + AT(v, 1, b) * AT(v, 1, b);
      if (s > vmax) {
        vmax = s;
        best = k;
      }
    }
    deg[b] = NAN;
    if (best < 0) continue;
    const double hand[2] = {AT(r->xy + (size_t)best * 2 * cap, 0, b),
                            AT(r->xy + (size_t)best * 2 * cap, 1, b)};
    double cur[2];
    reach_rollout_cursor(r, b, hand, cur);
    const double *s = r->trials->start + 2 * b, *g = r->trials->target + 2 * b;
    const double cx = cur[0] - s[0], cy = cur[1] - s[1], dx = g[0] - s[0], dy = g[1] - s[1];
    if (cx == 0.0 && cy == 0.0) continue;
    // cursor × target > 0: the cursor lies clockwise of the target direction (as LD > 0).
    deg[b] = atan2(cx * dy - cy * dx, cx * dx + cy * dy) * (180.0 / ROT_PI);
  }
}
