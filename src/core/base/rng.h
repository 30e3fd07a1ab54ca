// SPDX-License-Identifier: GPL-3.0-or-later
// The one random-number source of the core: GSL's MT19937 behind a small owned struct, so every
// draw of a run comes from state the run owns, seeded from its configuration and saved in its
// checkpoints (same seed, same results; --resume continues the same stream).
#ifndef REACH_RNG_H
#define REACH_RNG_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>  // gsl_rng is an anonymous-struct typedef: no forward declaration

typedef struct reach_rng {
  gsl_rng *gen;
} reach_rng;

// 0 on success, -1 if out of memory. Seeds are taken modulo 2^32 (MT19937's seed width) after
// mixing the high half in, so 64-bit seeds stay distinct in practice.
int reach_rng_init(reach_rng *r, uint64_t seed);
void reach_rng_free(reach_rng *r);
void reach_rng_seed(reach_rng *r, uint64_t seed);
// Seeded with `seed` as given, without the folding above: for the streams whose sequences were
// fixed before that (the generated tool paradigms, the fit's random starts), so they stay.
int reach_rng_init_exact(reach_rng *r, unsigned long seed);

double reach_rng_uniform(reach_rng *r, double lo, double hi);  // [lo, hi)
double reach_rng_gauss(reach_rng *r, double sigma);            // N(0, σ²), ziggurat
unsigned long reach_rng_below(reach_rng *r, unsigned long n);  // uniform in [0, n)
// Shuffles n elements of `size` bytes at base uniformly (Fisher-Yates).
void reach_rng_shuffle(reach_rng *r, void *base, size_t n, size_t size);
// Fills x[n] with N(0, σ²); σ = 0 still consumes the draws so a stream does not shift when a
// noise level is switched off.
void reach_rng_gauss_fill(reach_rng *r, double sigma, double *x, size_t n);

// The generator's complete state as bytes, for checkpoints.
size_t reach_rng_state_size(const reach_rng *r);
const void *reach_rng_state(const reach_rng *r);
// Restores a state saved by reach_rng_state; -1 (state unchanged) unless
// reach_rng_check_state accepts it.
int reach_rng_set_state(reach_rng *r, const void *state, size_t size);
// 0 if state is a state the generator can be in (size, generator type, position, words);
// otherwise -1 with the reason in why (e.g. "position -100000000 (bytes 4992-4995) outside
// [0, 624]"). A corrupt state would crash or hang GSL at the next draw.
int reach_rng_check_state(const reach_rng *r, const void *state, size_t size, char *why,
                          size_t len);

#endif
