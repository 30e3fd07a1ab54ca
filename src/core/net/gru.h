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

#include <stdbool.h>
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

// The weights as the products read them (issue 14), packed once per batch since they do not
// change within a rollout: W_ihᵀ [I][3H], then W_hhᵀ [H][3H], in reach_gru_packed_size(g)
// values (reach_gru_pack / reach_gru_pack_f); W_outᵀ [H][O] apart, always double
// (reach_gru_pack_readout). Every product is reach_gemm (net/gemm.h): the same bits on any ISA
// and any split of the rows between threads.
size_t reach_gru_packed_size(const reach_gru *g);
void reach_gru_pack_readout(const reach_gru *g, const double *theta, double *w_out_t);

// u = σ(W_out h + b_out), u [B][O]; w_out_t is W_outᵀ [H][O] (reach_gru_pack_readout). Double
// only (6 outputs: no time to win in float, and the loss reads u in double).
void reach_gru_readout(const reach_gru *g, const double *theta, const double *w_out_t, int batch,
                       const double *h, double *u);
// Accumulate into grad the read-out's gradients: h_next [rows][H] and y_bar [rows][O] (adjoint
// of the read-out pre-activation) give W_out and b_out (when output is true: they are frozen in
// the phases), and h0_bar [H] (nullable) adds to h0.
void reach_gru_readout_grad(const reach_gru *g, int rows, const double *h_next, const double *y_bar,
                            const double *h0_bar, bool output, double *grad);
// The same for W_out's columns [c0, c1) (units) alone, plus b_out and h0 when rest is true: each
// element's sum is the same chain as in the whole call, so parts of the columns on several
// threads (one of them with rest) give its bits.
void reach_gru_readout_grad_cols(const reach_gru *g, int rows, const double *h_next,
                                 const double *y_bar, const double *h0_bar, bool output,
                                 double *grad, int c0, int c1, bool rest);

// The step, its backward and the recurrent gradients exist for two real types, declared below
// by REACH_GRU_DECLARE(REAL, SFX): double with no suffix (the reference path and the default)
// and float with suffix _f ([train] precision = single). One source, gru_real.h, defines both
// with the same operations in the same order. θ stays double for the optimiser and checkpoints;
// the float path works on a copy made once per batch by reach_gru_theta_to_float.
//
// reach_gru_cache: what one step keeps for the backward pass, for B rows: r, z, n and
// W_hn h + b_hn, [B][H] each. reach_gru_cache_bind points `steps` caches of `rows` × `units`
// into block, which holds 4 · steps · rows · units values.
//
// reach_gru_pack: theta into the packed block (see reach_gru_packed_size).
//
// reach_gru_step: h_next = GRU(x, h) for B rows; x [B][I], h, h_next [B][H]; packed is theta's
// packed block; work is [B][6H] scratch (holds the input and recurrent projections). cache
// (nullable) receives the gates. Rows are independent: a call on rows [b0, b1) (every pointer
// moved by b0 rows, cache included) gives exactly those rows of the whole call.
//
// reach_gru_step_backward: given h_next_bar [B][H] (the adjoint of h_next), writes the gate
// pre-activation adjoints gi_bar (input side) and gh_bar (recurrent side), [B][3H] each, and
// h_bar [B][H] (overwritten) and x_bar [B][I] (overwritten; nullable). Weight and bias gradients
// are formed later for all steps at once by reach_gru_recurrent_grad and reach_gru_readout_grad,
// as a few large GEMMs.
//
// reach_gru_recurrent_grad: accumulate into grad the parameter gradients of `rows` stacked
// step-rows (steps × batch): x [rows][I], h_prev [rows][H] (state entering each step), gi_bar,
// gh_bar [rows][3H] give W_hh, b_ih and b_hh, and W_ih's gradient transposed into gw_ih_t
// [I][3H] (its columns [g0, g1)), for the gate rows [g0, g1) of the 3H (the whole gradient is
// g0 = 0, g1 = 3H; disjoint ranges may run on different threads, and any split gives the same
// bits). input = false skips W_ih and b_ih (frozen in the phases). Each call continues every
// element's sum from what grad (and gw_ih_t) hold.
// reach_gru_ih_grad_add: grad's W_ih rows [g0, g1) += gw_ih_t transposed, once every row is in.
#define REACH_GRU_DECLARE(REAL, SFX)                                                             \
  typedef struct reach_gru_cache##SFX {                                                          \
    REAL *r, *z, *n, *hn;                                                                        \
  } reach_gru_cache##SFX;                                                                        \
  void reach_gru_cache_bind##SFX(reach_gru_cache##SFX *cache, size_t steps, size_t rows,         \
                                 size_t units, REAL *block);                                     \
  void reach_gru_pack##SFX(const reach_gru *g, const double *theta, REAL *packed);               \
  void reach_gru_step##SFX(const reach_gru *g, const REAL *theta, const REAL *packed, int batch, \
                           const REAL *x, const REAL *h, REAL *h_next, REAL *work,               \
                           reach_gru_cache##SFX *cache);                                         \
  void reach_gru_step_backward##SFX(const reach_gru *g, const REAL *theta, int batch,            \
                                    const REAL *h, const reach_gru_cache##SFX *cache,            \
                                    const REAL *h_next_bar, REAL *gi_bar, REAL *gh_bar,          \
                                    REAL *h_bar, REAL *x_bar);                                   \
  void reach_gru_recurrent_grad##SFX(const reach_gru *g, int rows, const REAL *x,                \
                                     const REAL *h_prev, const REAL *gi_bar, const REAL *gh_bar, \
                                     int g0, int g1, bool input, REAL *grad, REAL *gw_ih_t);     \
  void reach_gru_ih_grad_add##SFX(const reach_gru *g, int g0, int g1, const REAL *gw_ih_t,       \
                                  REAL *grad);

REACH_GRU_DECLARE(double, )
REACH_GRU_DECLARE(float, _f)

void reach_gru_theta_to_float(const reach_gru *g, const double *theta, float *theta_f);

#endif
