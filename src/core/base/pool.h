// SPDX-License-Identifier: GPL-3.0-or-later
// A small persistent thread pool for one network on several cores (issue 14): the workers are
// created once (per reach_savings, per bench) and woken for each parallel region, never created
// per step. A region runs fn(arg, part, parts) for part = 0 … parts − 1 and returns when every
// part is done. Thread k (the caller is 0) takes part k when it gets there first, so a part's
// data stays in one core's cache from region to region, and any part nobody has taken otherwise
// (a late worker's part is run by whoever is free; at most 32 threads). Callers
// split only what is not summed over (rows of a product, columns of a gradient), so the result
// never depends on the number of parts.
//
// Waiting: a worker (and the caller, for the others) first spins briefly, since the regions of
// one batch come every few microseconds, then sleeps on a condition variable, so an idle pool
// costs nothing.
#ifndef REACH_POOL_H
#define REACH_POOL_H

typedef struct reach_pool reach_pool;
typedef void (*reach_pool_fn)(void *arg, int part, int parts);

// threads ≥ 1 (1: no worker, regions run inline). NULL if a thread cannot be created.
reach_pool *reach_pool_create(int threads);
void reach_pool_free(reach_pool *p);
// Number of parts a region has (1 for a NULL pool).
int reach_pool_threads(const reach_pool *p);
// Runs the region (inline when p is NULL or has one thread).
void reach_pool_run(reach_pool *p, reach_pool_fn fn, void *arg);

// [lo, hi) of part `part` of `parts` over n items, in blocks of `align` (the last takes the rest).
void reach_pool_range(int n, int align, int part, int parts, int *lo, int *hi);

#endif
