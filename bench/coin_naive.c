// SPDX-License-Identifier: GPL-3.0-or-later
// The baseline of bench-coin: the same COIN source compiled with REACH_COIN_NAIVE, i.e. every
// per-particle loop over all max_contexts + 1 slots (as COIN.m's arrays are), one uniform draw per
// customer for the CRF table counts (as npbayes's randnumtable), and resampling that copies every
// particle through a second buffer; public names prefixed naive_ so it links beside
// libreach's optimised build.
#define REACH_COIN_NAIVE          1
#define reach_coin_params_default naive_coin_params_default
#define reach_coin_params_check   naive_coin_params_check
#define reach_coin_init           naive_coin_init
#define reach_coin_free           naive_coin_free
#define reach_coin_reset          naive_coin_reset
#define reach_coin_trial          naive_coin_trial
#define reach_coin_renumber_cues  naive_coin_renumber_cues
#define reach_coin_result_free    naive_coin_result_free
#define reach_coin_run            naive_coin_run
#define reach_coin_num_tables     naive_coin_num_tables
#include "../src/core/context/coin.c"
