// SPDX-License-Identifier: GPL-3.0-or-later
#include "optim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/pool.h"

int reach_optim_init(reach_optim *o, size_t n) {
  memset(o, 0, sizeof *o);
  o->n = n;
  o->m = calloc(n ? n : 1, sizeof *o->m);
  o->v = calloc(n ? n : 1, sizeof *o->v);
  if (!o->m || !o->v) {
    reach_optim_free(o);
    return -1;
  }
  return 0;
}

void reach_optim_free(reach_optim *o) {
  free(o->m);
  free(o->v);
  o->m = o->v = NULL;
}

void reach_optim_reset(reach_optim *o, const reach_optim_config *cfg) {
  o->cfg = *cfg;
  o->lr = cfg->lr;
  o->step = 0;
  memset(o->m, 0, o->n * sizeof *o->m);
  memset(o->v, 0, o->n * sizeof *o->v);
}

double reach_grad_norm(const double *g, const unsigned char *mask, size_t n) {
  double s = 0.0;
  for (size_t i = 0; i < n; i++)
    if (!mask || mask[i]) s += g[i] * g[i];
  return sqrt(s);
}

typedef struct update_region {
  reach_optim *o;
  double *theta, *grad;
  const unsigned char *mask;
  double coef;  // clipping factor (< 1), or 1: none
  double step, root_c2;
} update_region;

static void update_part(void *arg, int part, int parts) {
  const update_region *a = arg;
  reach_optim *o = a->o;
  double *theta = a->theta, *grad = a->grad;
  const unsigned char *mask = a->mask;
  int i0, i1;
  // Blocks of 64 elements: whole cache lines of every array to each part.
  reach_pool_range((int)o->n, 64, part, parts, &i0, &i1);
  if (a->coef < 1.0)
    for (int i = i0; i < i1; i++) grad[i] *= a->coef;
  if (o->cfg.kind == REACH_OPT_ADAM) {
    const double b1 = o->cfg.beta1, b2 = o->cfg.beta2, eps = o->cfg.eps;
    const double step = a->step, root_c2 = a->root_c2;
    for (int i = i0; i < i1; i++) {
      if (mask && !mask[i]) continue;
      o->m[i] = b1 * o->m[i] + (1.0 - b1) * grad[i];
      o->v[i] = b2 * o->v[i] + (1.0 - b2) * grad[i] * grad[i];
      // torch.optim.Adam: denom = sqrt(v)/sqrt(1 − β2^t) + eps, step = lr/(1 − β1^t).
      theta[i] -= step * o->m[i] / (sqrt(o->v[i]) / root_c2 + eps);
    }
  } else {
    for (int i = i0; i < i1; i++) theta[i] -= o->lr * grad[i];
  }
}

double reach_optim_update(reach_optim *o, double *theta, double *grad, const unsigned char *mask) {
  return reach_optim_update_pool(o, theta, grad, mask, NULL);
}

double reach_optim_update_pool(reach_optim *o, double *theta, double *grad,
                               const unsigned char *mask, struct reach_pool *pool) {
  const size_t n = o->n;
  if (mask)
    for (size_t i = 0; i < n; i++)
      if (!mask[i]) grad[i] = 0.0;
  const double norm = reach_grad_norm(grad, NULL, n);
  update_region region = {.o = o, .theta = theta, .grad = grad, .mask = mask, .coef = 1.0};
  if (o->cfg.clip > 0.0) {
    // torch.nn.utils.clip_grad_norm_: scale by max_norm / (norm + 1e-6) when that is below 1.
    double coef = o->cfg.clip / (norm + 1e-6);
    if (coef < 1.0) region.coef = coef;
  }
  o->step++;
  if (o->cfg.kind == REACH_OPT_ADAM) {
    const double b1 = o->cfg.beta1, b2 = o->cfg.beta2;
    const double c1 = 1.0 - pow(b1, (double)o->step), c2 = 1.0 - pow(b2, (double)o->step);
    region.step = o->lr / c1;
    region.root_c2 = sqrt(c2);
  }
  reach_pool_run(pool, update_part, &region);
  o->lr *= o->cfg.lr_decay;
  return norm;
}
