// SPDX-License-Identifier: GPL-3.0-or-later
// Optimisers over the flat parameter vector: Adam (PyTorch's, with bias correction) and plain
// SGD, with a per-batch exponential learning-rate decay (ExponentialLR), gradient-norm clipping
// (clip_grad_norm_) and a trainable mask (frozen parameters get no gradient, so they neither
// move nor count in the clipping norm, as in PyTorch with requires_grad = False).
#ifndef REACH_OPTIM_H
#define REACH_OPTIM_H

#include <stddef.h>
#include <stdint.h>

#include "../task/config.h"

typedef struct reach_optim {
  reach_optim_config cfg;
  size_t n;
  double lr;      // current learning rate
  int64_t step;   // updates done (Adam's bias correction)
  double *m, *v;  // Adam moments [n]
} reach_optim;

int reach_optim_init(reach_optim *o, size_t n);
void reach_optim_free(reach_optim *o);
// Starts a fresh optimiser with this configuration (moments zero, lr = cfg.lr).
void reach_optim_reset(reach_optim *o, const reach_optim_config *cfg);

// ‖g‖₂ over the masked-in entries (mask nullable = all).
double reach_grad_norm(const double *g, const unsigned char *mask, size_t n);

// One update: zeroes grad where mask is 0, clips, steps theta, then decays lr. Returns the
// gradient norm before clipping.
double reach_optim_update(reach_optim *o, double *theta, double *grad, const unsigned char *mask);
// The same with the element-wise part (clipping and the step) split over the pool's threads (the
// norm, a sum, stays on the calling thread): the same bits on any number of threads.
struct reach_pool;
double reach_optim_update_pool(reach_optim *o, double *theta, double *grad,
                               const unsigned char *mask, struct reach_pool *pool);

#endif
