// SPDX-License-Identifier: GPL-3.0-or-later
#include "rng.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static unsigned long rng_fold(uint64_t seed) {
  // splitmix64 finaliser: neighbouring 64-bit seeds map to unrelated 32-bit MT seeds.
  uint64_t z = seed + 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  z ^= z >> 31;
  return (unsigned long)(z & 0xffffffffull);
}

int reach_rng_init(reach_rng *r, uint64_t seed) {
  r->gen = gsl_rng_alloc(gsl_rng_mt19937);
  if (!r->gen) return -1;
  reach_rng_seed(r, seed);
  return 0;
}

int reach_rng_init_exact(reach_rng *r, unsigned long seed) {
  r->gen = gsl_rng_alloc(gsl_rng_mt19937);
  if (!r->gen) return -1;
  gsl_rng_set(r->gen, seed);
  return 0;
}

void reach_rng_free(reach_rng *r) {
  if (r->gen) gsl_rng_free(r->gen);
  r->gen = NULL;
}

void reach_rng_seed(reach_rng *r, uint64_t seed) { gsl_rng_set(r->gen, rng_fold(seed)); }

double reach_rng_uniform(reach_rng *r, double lo, double hi) {
  return lo + (hi - lo) * gsl_rng_uniform(r->gen);
}

double reach_rng_gauss(reach_rng *r, double sigma) {
  return gsl_ran_gaussian_ziggurat(r->gen, sigma);
}

unsigned long reach_rng_below(reach_rng *r, unsigned long n) {
  return gsl_rng_uniform_int(r->gen, n);
}

void reach_rng_shuffle(reach_rng *r, void *base, size_t n, size_t size) {
  gsl_ran_shuffle(r->gen, base, n, size);
}

void reach_rng_gauss_fill(reach_rng *r, double sigma, double *x, size_t n) {
  for (size_t i = 0; i < n; i++) x[i] = gsl_ran_gaussian_ziggurat(r->gen, 1.0) * sigma;
}

size_t reach_rng_state_size(const reach_rng *r) { return gsl_rng_size(r->gen); }

const void *reach_rng_state(const reach_rng *r) { return gsl_rng_state(r->gen); }

// GSL's mt19937 state (gsl/rng/mt.c): the 624 words, each below 2^32 although stored in an
// unsigned long, then the position of the next word. A word with high bits set makes
// gsl_rng_uniform return 1.0 or more (so gsl_rng_uniform_int loops for ever) and a position
// outside [0, 624] reads outside the state: saved bytes are checked before GSL sees them.
typedef struct mt_state {
  unsigned long mt[624];
  int mti;
} mt_state;

int reach_rng_check_state(const reach_rng *r, const void *state, size_t size, char *why,
                          size_t len) {
  const char *type = gsl_rng_name(r->gen);
  if (strcmp(type, "mt19937") != 0 || gsl_rng_size(r->gen) != sizeof(mt_state)) {
    snprintf(why, len, "the generator is %s; only GSL's mt19937 state can be checked", type);
    return -1;
  }
  if (size != sizeof(mt_state)) {
    snprintf(why, len, "expected %zu bytes of GSL mt19937 state, found %zu", sizeof(mt_state),
             size);
    return -1;
  }
  mt_state s;
  memcpy(&s, state, sizeof s);  // the bytes may not be aligned for unsigned long
  if (s.mti < 0 || s.mti > 624) {
    snprintf(why, len, "position %d (bytes %zu-%zu) outside [0, 624]", s.mti,
             offsetof(mt_state, mti), offsetof(mt_state, mti) + sizeof s.mti - 1);
    return -1;
  }
  unsigned long any = 0;
  for (int i = 0; i < 624; i++) {
    if (s.mt[i] > 0xffffffffUL) {
      snprintf(why, len, "word %d is %#lx, above 2^32 - 1", i, s.mt[i]);
      return -1;
    }
    any |= s.mt[i];
  }
  if (!any) {
    snprintf(why, len, "all 624 words are zero (not a state mt19937 can reach)");
    return -1;
  }
  return 0;
}

int reach_rng_set_state(reach_rng *r, const void *state, size_t size) {
  char why[8];
  if (reach_rng_check_state(r, state, size, why, sizeof why)) return -1;
  memcpy(gsl_rng_state(r->gen), state, size);
  return 0;
}
