// SPDX-License-Identifier: GPL-3.0-or-later
// The plant's part of a rollout step (rollout_plant.h): sensing with its noise, the endpoint
// loads, the arm step, and their adjoints. Split from rollout.c, which schedules these steps
// against the policy's on the pool's threads.
#include "rollout_plant.h"

#include <math.h>
#include <string.h>

// The arm state arrays are laid out for `capacity` arms; a pass over fewer arms uses the first
// `batch` columns of each row, so every [comp][B] index below uses the capacity as stride.
#define AT(ptr, comp, b) ((ptr)[(size_t)(comp) * (size_t)r->capacity + (size_t)(b)])

// Noisy sensory signals of state k: what the delay buffers hold.
void reach_rollout_sense(reach_rollout *r, const reach_rollout_ctx *c, int k, reach_rng *noise) {
  const int B = r->batch;
  const reach_arm_state *s = &r->arm[k];
  const double *xy = r->xy + (size_t)k * 2 * r->capacity;
  double *out = r->sense + (size_t)k * (size_t)r->capacity * REACH_OBS_SENSE;
  const reach_task_config *tc = c->task;
  for (int b = 0; b < B; b++) {
    double *o = out + (size_t)b * REACH_OBS_SENSE;
    const double hand[2] = {AT(xy, 0, b), AT(xy, 1, b)};
    reach_rollout_cursor(r, b, hand, o);
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

// Adjoint of sense_state: the observations' adjoints of state k into the hand's (through the
// rotation) and the muscles' adjoints.
static void sense_state_vjp(reach_rollout *r, const reach_rollout_ctx *c, int k) {
  const int B = r->batch, cap = r->capacity;
  reach_arm_adjoint *adj = &r->adj;
  double *xyb = r->xy_bar + (size_t)k * 2 * cap;
  const double *sb = r->sense_bar + (size_t)k * cap * REACH_OBS_SENSE;
  for (int b = 0; b < B; b++) {
    const double *o = sb + (size_t)b * REACH_OBS_SENSE;
    double hb[2];
    reach_rollout_cursor_vjp(r, o, hb);
    AT(xyb, 0, b) += hb[0];
    AT(xyb, 1, b) += hb[1];
    for (int m = 0; m < REACH_NMUSCLE; m++) {
      AT(adj->mlen, m, b) += o[2 + m] * c->arm->inv_l0_ce[m];
      AT(adj->mvel, m, b) += o[2 + REACH_NMUSCLE + m] * c->arm->inv_vmax[m];
    }
  }
}

// Whether trial b's loads act on step t (from its go step on; never for the unused columns).
static inline bool load_on(const reach_rollout *r, int t, int b) {
  return b < r->batch && t >= r->trials->go_step[b];
}

// The unit curl (ẏ, −ẋ) of every arm: scaled per trial it is both the curl field and the
// learner's compensation. Computed by the field code itself so that a uniform gain reproduces
// the savings study's load bit for bit (b·(1·ẏ) = b·ẏ exactly).
static const reach_field unit_curl = {.kind = REACH_FIELD_CURL, .gain = 1.0};

// The endpoint load of step t into f_end and f_other (see the header's step equations).
static void step_loads(reach_rollout *r, const reach_rollout_ctx *c, int t) {
  const int cap = r->capacity;
  double *f = r->f_end + (size_t)t * cap * 2;
  double *fo = r->f_other + (size_t)t * cap * 2;
  if (!r->loaded) {
    memset(f, 0, 2 * (size_t)cap * sizeof *f);
    memset(fo, 0, 2 * (size_t)cap * sizeof *fo);
    return;
  }
  reach_field_load(&unit_curl, c->arm, &r->arm[t], NULL, NULL, NULL, r->u_curl);
  bool any_channel = false;
  for (int b = 0; b < cap; b++) {
    const bool on = load_on(r, t, b);
    AT(fo, 0, b) = on ? r->gain[b] * AT(r->u_curl, 0, b) : 0.0;
    AT(fo, 1, b) = on ? r->gain[b] * AT(r->u_curl, 1, b) : 0.0;
    AT(f, 0, b) = AT(fo, 0, b);
    AT(f, 1, b) = AT(fo, 1, b);
    any_channel = any_channel || (on && r->channel[b]);
  }
  if (!any_channel) return;
  // The channel solve runs over every arm of the state; only channel trials keep its result.
  const reach_field chan = reach_field_channel();
  reach_field_load(&chan, c->arm, &r->arm[t], r->line_start, r->line_target, fo, r->f_chan);
  for (int b = 0; b < cap; b++)
    if (load_on(r, t, b) && r->channel[b]) {
      AT(f, 0, b) = AT(r->f_chan, 0, b);
      AT(f, 1, b) = AT(r->f_chan, 1, b);
    }
}

// Adjoint of step_loads: pulls f_bar (the adjoint of f_end at step t) back into the arm adjoint
// of state t.
static void step_loads_vjp(reach_rollout *r, const reach_rollout_ctx *c, int t) {
  if (!r->loaded) return;
  const int cap = r->capacity;
  const double *fo = r->f_other + (size_t)t * cap * 2;
  bool any_channel = false;
  for (int b = 0; b < cap; b++) {
    const bool ch = load_on(r, t, b) && r->channel[b];
    AT(r->fb_mask, 0, b) = ch ? AT(r->f_bar, 0, b) : 0.0;
    AT(r->fb_mask, 1, b) = ch ? AT(r->f_bar, 1, b) : 0.0;
    any_channel = any_channel || ch;
  }
  if (any_channel) {
    const reach_field chan = reach_field_channel();
    reach_field_load_vjp(&chan, c->arm, &r->arm[t], r->line_start, r->line_target, fo, r->fb_mask,
                         &r->adj, r->fo_bar);
  }
  // Adjoint of f_other: through the channel on channel trials, directly otherwise; then through
  // the gain into the unit curl's velocity.
  for (int b = 0; b < cap; b++) {
    const bool on = load_on(r, t, b), ch = on && r->channel[b];
    for (int i = 0; i < 2; i++) {
      const double fb = ch ? AT(r->fo_bar, i, b) : on ? AT(r->f_bar, i, b) : 0.0;
      AT(r->fb_mask, i, b) = r->gain[b] * fb;
    }
  }
  reach_field_load_vjp(&unit_curl, c->arm, &r->arm[t], NULL, NULL, NULL, r->fb_mask, &r->adj, NULL);
}

// Plant step t: the action noise on the network's output, the endpoint loads, the arm step to
// state t + 1, its fingertip and its noisy sensory signals (the step equations of rollout.h).
void reach_rollout_plant_step(reach_rollout *r, const reach_rollout_ctx *c, int t,
                              reach_rng *noise) {
  const int B = r->batch, cap = r->capacity;
  const double *un = r->u_net + (size_t)t * cap * REACH_NMUSCLE;
  double *ua = r->u_arm + (size_t)t * cap * REACH_NMUSCLE;
  for (int b = 0; b < cap; b++)
    for (int m = 0; m < REACH_NMUSCLE; m++) {
      double u = b < B ? un[(size_t)b * REACH_NMUSCLE + m] : 0.0;
      if (noise && b < B) u += reach_rng_gauss(noise, c->task->noise_action);
      AT(ua, m, b) = u;
    }
  step_loads(r, c, t);
  const double *f = r->f_end + (size_t)t * cap * 2;
  reach_arm_step(c->arm, &r->arm[t], ua, f, &r->arm[t + 1]);
  reach_arm_fingertip_batch(c->arm, &r->arm[t + 1], r->xy + (size_t)(t + 1) * 2 * cap,
                            r->vxy + (size_t)(t + 1) * 2 * cap);
  reach_rollout_sense(r, c, t + 1, noise);
}

// The adjoint of step t's excitations: two buffers, so that the plant's reverse step t − 1 can
// write its own while the policy's reverse step t reads step t's.
double *reach_rollout_u_bar_step(const reach_rollout *r, int t) {
  return r->u_bar + (size_t)(t & 1) * REACH_NMUSCLE * r->capacity;
}

// Reverse of plant step t: completes the adjoint of state t + 1 (the loss terms on it and the
// observations that read it), then pulls it back through the fingertip, the arm step and the
// loads into the adjoint of state t, the excitations' (step_u_bar) and the load's. plant =
// false drops the arm's adjoint (see reach_rollout_backward).
void reach_rollout_plant_reverse(reach_rollout *r, const reach_rollout_ctx *c, int t, bool plant) {
  const int cap = r->capacity, k = t + 1;
  reach_arm_adjoint *adj = &r->adj;
  const reach_arm_state *sk = &r->arm[k];
  const double *fb = r->force_bar + (size_t)k * cap * REACH_NMUSCLE;
  for (size_t i = 0; i < (size_t)cap * REACH_NMUSCLE; i++) adj->force[i] += fb[i];
  double *xyb = r->xy_bar + (size_t)k * 2 * cap;
  sense_state_vjp(r, c, k);
  reach_arm_fingertip_vjp(c->arm, sk, xyb, r->vxy_bar + (size_t)k * 2 * cap, adj->q, adj->qd);
  // Through the arm step to state t, the excitations and the field load.
  const double *ua = r->u_arm + (size_t)t * cap * REACH_NMUSCLE;
  const double *f = r->f_end + (size_t)t * cap * 2;
  reach_arm_step_vjp(c->arm, &r->arm[t], ua, f, adj, adj, reach_rollout_u_bar_step(r, t), r->f_bar);
  step_loads_vjp(r, c, t);
  if (!plant) reach_arm_adjoint_zero(adj);
}
