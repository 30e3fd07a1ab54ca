// SPDX-License-Identifier: GPL-3.0-or-later
#include "tool_rnn.h"

#include <stdlib.h>
#include <string.h>

#include "../learn/loss.h"
#include "../learn/optim.h"

struct reach_tool_rnn {
  reach_tool_rnn_config cfg;
  reach_gru base, ext;             // 17 inputs (the rollout's), 17 + REACH_TOOL_RNN_EXTRA
  double *theta;                   // [ext.n_params]
  double *grad;                    // [ext.n_params]
  double *folded;                  // [base.n_params]
  double *grad_base;               // [base.n_params]
  unsigned char *mask;             // [ext.n_params]
  double e[REACH_TOOL_RNN_EXTRA];  // of the last fold
  reach_optim opt;
};

void reach_tool_rnn_free(reach_tool_rnn *l) {
  if (!l) return;
  free(l->theta);
  free(l->grad);
  free(l->folded);
  free(l->grad_base);
  free(l->mask);
  reach_optim_free(&l->opt);
  free(l);
}

static void mask_block(reach_tool_rnn *l, reach_gru_block k) {
  memset(l->mask + l->ext.offset[k], 1, l->ext.offset[k + 1] - l->ext.offset[k]);
}

reach_tool_rnn_config reach_tool_rnn_config_of(const reach_config *c) {
  return (reach_tool_rnn_config){.loss = c->loss,
                                 .optim = c->phase_optim,
                                 .freeze_b_hh = c->freeze_b_hh,
                                 .freeze_h0 = c->freeze_h0};
}

reach_status reach_tool_rnn_create(const reach_gru *gru, const double *theta,
                                   const reach_tool_rnn_config *cfg, reach_tool_rnn **out,
                                   reach_error *err) {
  *out = NULL;
  if (gru->inputs != REACH_OBS)
    return reach_error_set(err, REACH_ERR_USAGE,
                           "rnn learner: the network has %d inputs; the arm's rollout gives %d",
                           gru->inputs, REACH_OBS);
  reach_tool_rnn *l = calloc(1, sizeof *l);
  if (!l) return reach_error_set(err, REACH_ERR_NOMEM, "rnn learner: out of memory");
  l->cfg = *cfg;
  l->base = *gru;
  reach_gru_layout(&l->ext, REACH_OBS + REACH_TOOL_RNN_EXTRA, gru->units, gru->outputs);
  const size_t n = l->ext.n_params, nb = gru->n_params;
  l->theta = calloc(n, sizeof *l->theta);
  l->grad = calloc(n, sizeof *l->grad);
  l->folded = calloc(nb, sizeof *l->folded);
  l->grad_base = calloc(nb, sizeof *l->grad_base);
  l->mask = calloc(n, 1);
  if (!l->theta || !l->grad || !l->folded || !l->grad_base || !l->mask ||
      reach_optim_init(&l->opt, n)) {
    reach_tool_rnn_free(l);
    return reach_error_set(err, REACH_ERR_NOMEM, "rnn learner: out of memory");
  }
  // The grown-up weights; the cue columns of W_ih stay zero (calloc).
  const int I = REACH_OBS, IE = l->ext.inputs, rows = 3 * gru->units;
  for (int i = 0; i < rows; i++)
    memcpy(l->theta + l->ext.offset[REACH_GRU_W_IH] + (size_t)i * IE,
           theta + gru->offset[REACH_GRU_W_IH] + (size_t)i * I, (size_t)I * sizeof *theta);
  for (int k = REACH_GRU_W_HH; k < REACH_GRU_NBLOCK; k++)
    memcpy(l->theta + l->ext.offset[k], theta + gru->offset[k],
           (gru->offset[k + 1] - gru->offset[k]) * sizeof *theta);
  mask_block(l, REACH_GRU_W_HH);
  if (!cfg->freeze_b_hh) mask_block(l, REACH_GRU_B_HH);
  if (!cfg->freeze_h0) mask_block(l, REACH_GRU_H0);
  for (int i = 0; i < rows; i++)
    memset(l->mask + l->ext.offset[REACH_GRU_W_IH] + (size_t)i * IE + I, 1, REACH_TOOL_RNN_EXTRA);
  reach_optim_reset(&l->opt, &cfg->optim);
  *out = l;
  return REACH_OK;
}

void reach_tool_rnn_inputs(const reach_tool_rnn *l, const reach_tool_trial *tr,
                           double e[REACH_TOOL_RNN_EXTRA]) {
  if (l->cfg.no_cue) {
    memset(e, 0, REACH_TOOL_RNN_EXTRA * sizeof *e);
    return;
  }
  e[0] = tr->cue == 1 ? 1.0 : 0.0;
  e[1] = tr->cue == 2 ? 1.0 : 0.0;
  e[2] = tr->point[0];
  e[3] = tr->point[1];
}

const reach_gru *reach_tool_rnn_gru(const reach_tool_rnn *l) { return &l->ext; }
double *reach_tool_rnn_params(reach_tool_rnn *l) { return l->theta; }

const double *reach_tool_rnn_fold(reach_tool_rnn *l, const double e[REACH_TOOL_RNN_EXTRA]) {
  const reach_gru *b = &l->base, *x = &l->ext;
  const int I = b->inputs, IE = x->inputs, rows = 3 * b->units;
  memcpy(l->e, e, sizeof l->e);
  const double *w = l->theta + x->offset[REACH_GRU_W_IH];
  const double *bias = l->theta + x->offset[REACH_GRU_B_IH];
  double *fw = l->folded + b->offset[REACH_GRU_W_IH];
  double *fb = l->folded + b->offset[REACH_GRU_B_IH];
  for (int i = 0; i < rows; i++) {
    const double *wi = w + (size_t)i * IE;
    memcpy(fw + (size_t)i * I, wi, (size_t)I * sizeof *fw);
    double s = bias[i];
    for (int j = 0; j < REACH_TOOL_RNN_EXTRA; j++) s += wi[I + j] * e[j];
    fb[i] = s;
  }
  // The blocks after W_ih have the same shapes in both layouts (b_ih is overwritten above).
  for (int k = REACH_GRU_W_HH; k < REACH_GRU_NBLOCK; k++)
    if (k != REACH_GRU_B_IH)
      memcpy(l->folded + b->offset[k], l->theta + x->offset[k],
             (b->offset[k + 1] - b->offset[k]) * sizeof *l->folded);
  return l->folded;
}

double reach_tool_rnn_gradient(reach_tool_rnn *l, reach_rollout *ro, const reach_rollout_ctx *ctx,
                               double *grad) {
  const reach_gru *b = &l->base, *x = &l->ext;
  if (!grad) grad = l->grad;
  const double loss = reach_loss_eval(ro, &l->cfg.loss, ctx->task, NULL);
  memset(l->grad_base, 0, b->n_params * sizeof *l->grad_base);
  reach_rollout_backward(ro, ctx, l->folded, l->grad_base, true);
  // The adjoint of the folding: the obs columns and the other blocks map one to one; a cue
  // column j gets e_j times the input bias's gradient.
  const int I = b->inputs, IE = x->inputs, rows = 3 * b->units;
  const double *gw = l->grad_base + b->offset[REACH_GRU_W_IH];
  const double *gb = l->grad_base + b->offset[REACH_GRU_B_IH];
  double *w = grad + x->offset[REACH_GRU_W_IH];
  for (int i = 0; i < rows; i++) {
    memcpy(w + (size_t)i * IE, gw + (size_t)i * I, (size_t)I * sizeof *w);
    for (int j = 0; j < REACH_TOOL_RNN_EXTRA; j++) w[(size_t)i * IE + I + j] = gb[i] * l->e[j];
  }
  for (int k = REACH_GRU_W_HH; k < REACH_GRU_NBLOCK; k++)
    memcpy(grad + x->offset[k], l->grad_base + b->offset[k],
           (b->offset[k + 1] - b->offset[k]) * sizeof *grad);
  return loss;
}

double reach_tool_rnn_update(reach_tool_rnn *l) {
  return reach_optim_update(&l->opt, l->theta, l->grad, l->mask);
}
