// SPDX-License-Identifier: GPL-3.0-or-later
// The baseline of bench-coin: the same COIN source (the particle filter coin.c and its samplers
// coin_sample.c) compiled with REACH_COIN_NAIVE, i.e. every per-particle loop over all
// max_contexts + 1 slots (as COIN.m's arrays are), one uniform draw per customer for the CRF table
// counts (as npbayes's randnumtable), and resampling that copies every particle through a second
// buffer; names prefixed naive_ so it links beside libreach's optimised build. The parameters'
// defaults and checks (coin_params.c) are libreach's own.
#define REACH_COIN_NAIVE             1
#define reach_coin_init              naive_coin_init
#define reach_coin_free              naive_coin_free
#define reach_coin_reset             naive_coin_reset
#define reach_coin_trial             naive_coin_trial
#define reach_coin_renumber_cues     naive_coin_renumber_cues
#define reach_coin_copy              naive_coin_copy
#define reach_coin_result_free       naive_coin_result_free
#define reach_coin_run               naive_coin_run
#define reach_coin_num_tables        naive_coin_num_tables
#define reach_coin_trunc_gauss       naive_coin_trunc_gauss
#define reach_coin_binomial          naive_coin_binomial
#define reach_coin_dirichlet         naive_coin_dirichlet
#define reach_coin_beta1             naive_coin_beta1
#define reach_coin_sample_dynamics   naive_coin_sample_dynamics
#define reach_coin_sample_bias       naive_coin_sample_bias
#define reach_coin_systematic_counts naive_coin_systematic_counts
#include "../src/core/context/coin.c"
#include "../src/core/context/coin_sample.c"
