// SPDX-License-Identifier: GPL-3.0-or-later
// The policy: one GRU layer (PyTorch's equations, gates stacked r, z, n, with separate input and
// recurrent biases), a linear read-out and a sigmoid to the six muscle excitations
// (motornet-spec §6, savings-paper-spec §1.3).
//
//   r = σ(W_ir x + b_ir + W_hr h + b_hr)     z = σ(W_iz x + b_iz + W_hz h + b_hz)
//   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))     h' = (1 − z) ⊙ n + z ⊙ h
//   u = σ(W_out h' + b_out)
//
// All parameters live in one flat vector θ (so optimisers, clipping, masks and checkpoints see a
// single array); reach_gru_layout says where each block starts. The batch is the row dimension
// of every activation matrix ([B][n], row-major), so each product is one BLAS GEMM.
#ifndef REACH_GRU_H
#define REACH_GRU_H

#include <stddef.h>

#include "../base/rng.h"

typedef enum reach_gru_block {
  REACH_GRU_W_IH = 0,  // [3H][I]
  REACH_GRU_W_HH,      // [3H][H]
  REACH_GRU_B_IH,      // [3H]
  REACH_GRU_B_HH,      // [3H]
  REACH_GRU_W_OUT,     // [O][H]
  REACH_GRU_B_OUT,     // [O]
  REACH_GRU_H0,        // [H], learnable initial state broadcast over the batch
  REACH_GRU_NBLOCK,
} reach_gru_block;

extern const char *const reach_gru_block_names[REACH_GRU_NBLOCK];

typedef struct reach_gru {
  int inputs, units, outputs;
  size_t offset[REACH_GRU_NBLOCK + 1];  // block k is θ[offset[k] .. offset[k+1])
  size_t n_params;
} reach_gru;

void reach_gru_layout(reach_gru *g, int inputs, int units, int outputs);
// Shape of block k as stored (row-major): writes dims and returns the rank (2 for matrices,
// 1 for vectors).
int reach_gru_block_shape(const reach_gru *g, reach_gru_block k, size_t dims[2]);

// PyTorch's initialisation: Xavier-uniform W_ih (over the stacked 3H×I matrix), orthogonal W_hh
// (orthonormal columns of the stacked 3H×H matrix, by QR of a Gaussian matrix), zero GRU biases,
// Xavier-uniform W_out, b_out = out_bias (−5 in the study), h0 = 0.
int reach_gru_init(const reach_gru *g, double *theta, double out_bias, reach_rng *rng);

// What one step keeps for the backward pass, for B rows: r, z, n and W_hn h + b_hn, [B][H] each.
typedef struct reach_gru_cache {
  double *r, *z, *n, *hn;
} reach_gru_cache;

// h_next = GRU(x, h) for B rows; x [B][I], h, h_next [B][H]; work is [B][6H] scratch (holds the
// input and recurrent projections). cache (nullable) receives the gates.
void reach_gru_step(const reach_gru *g, const double *theta, int batch, const double *x,
                    const double *h, double *h_next, double *work, reach_gru_cache *cache);
// u = σ(W_out h + b_out), u [B][O].
void reach_gru_readout(const reach_gru *g, const double *theta, int batch, const double *h,
                       double *u);

// Backward of one step. Given h_next_bar [B][H] (the adjoint of h_next), writes the gate
// pre-activation adjoints gi_bar (input side) and gh_bar (recurrent side), [B][3H] each, and
// h_bar [B][H] (overwritten) and x_bar [B][I] (overwritten; nullable). Weight and bias gradients
// are formed later for all steps at once by reach_gru_recurrent_grad and reach_gru_readout_grad,
// as a few large GEMMs.
void reach_gru_step_backward(const reach_gru *g, const double *theta, int batch, const double *h,
                             const reach_gru_cache *cache, const double *h_next_bar,
                             double *gi_bar, double *gh_bar, double *h_bar, double *x_bar);

// Accumulate into grad the parameter gradients of `rows` stacked step-rows (steps × batch):
// x [rows][I], h_prev [rows][H] (state entering each step), gi_bar, gh_bar [rows][3H] give W_ih,
// W_hh, b_ih and b_hh (work: [H][3H] scratch); h_next [rows][H] and y_bar [rows][O] (adjoint of
// the read-out pre-activation) give W_out and b_out, and h0_bar [H] (nullable) adds to h0.
void reach_gru_recurrent_grad(const reach_gru *g, int rows, const double *x, const double *h_prev,
                              const double *gi_bar, const double *gh_bar, double *grad,
                              double *work);
void reach_gru_readout_grad(const reach_gru *g, int rows, const double *h_next,
                            const double *y_bar, const double *h0_bar, double *grad);

// Single precision ([train] precision = single): the step, its backward and the recurrent
// gradients on float arrays, the same operations in the same order as the double functions
// above (one source, gru_real.h). θ stays double for the optimiser and checkpoints; a float copy
// is made once per batch. The read-out and its gradient stay double (6 outputs: no time to win,
// and the loss reads u in double).
typedef struct reach_gru_cache_f {
  float *r, *z, *n, *hn;
} reach_gru_cache_f;

void reach_gru_theta_to_float(const reach_gru *g, const double *theta, float *theta_f);
void reach_gru_step_f(const reach_gru *g, const float *theta, int batch, const float *x,
                      const float *h, float *h_next, float *work, reach_gru_cache_f *cache);
void reach_gru_step_backward_f(const reach_gru *g, const float *theta, int batch, const float *h,
                               const reach_gru_cache_f *cache, const float *h_next_bar,
                               float *gi_bar, float *gh_bar, float *h_bar, float *x_bar);
void reach_gru_recurrent_grad_f(const reach_gru *g, int rows, const float *x, const float *h_prev,
                                const float *gi_bar, const float *gh_bar, float *grad,
                                float *work);

#endif
