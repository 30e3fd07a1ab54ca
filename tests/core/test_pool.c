// SPDX-License-Identifier: GPL-3.0-or-later
// The thread pool behind [train] threads (src/core/base/pool.h): every part of every region runs
// exactly once, and a region returns only when all its parts are done, at 1 to 5 threads (more
// threads than this machine's cores too, so that late workers' parts are taken by others). Each
// part records the region it ran in and how many times it ran; a part run twice, skipped, or
// still running when the region returned shows up as a wrong count or a stale region number.
#include <stdatomic.h>

#include "base/pool.h"
#include "harness.h"

enum { REGIONS = 5000, MAX_PARTS = 8 };

typedef struct region {
  int id, parts_seen;
  atomic_int runs[MAX_PARTS];
  int last[MAX_PARTS];
  atomic_int bad_parts;
} region;

static void part_fn(void *arg, int part, int parts) {
  region *r = arg;
  if (parts != r->parts_seen || part < 0 || part >= parts) atomic_fetch_add(&r->bad_parts, 1);
  // A little work, more on the workers' parts, so that parts overlap and a region that returned
  // early would find a worker's part unfinished.
  volatile double x = 0.0;
  for (int i = 0; i < (part ? 6000 : 3000); i++) x += (double)i;
  (void)x;
  r->last[part] = r->id;
  atomic_fetch_add(&r->runs[part], 1);
}

int main(void) {
  for (int threads = 1; threads <= 5; threads++) {
    reach_pool *p = reach_pool_create(threads);
    CHECK(p != NULL && reach_pool_threads(p) == threads, "pool of %d threads created", threads);
    if (!p) continue;
    region r = {.parts_seen = threads};
    for (int k = 0; k < MAX_PARTS; k++) atomic_init(&r.runs[k], 0);
    atomic_init(&r.bad_parts, 0);
    int stale = 0;
    for (int id = 1; id <= REGIONS; id++) {
      r.id = id;
      reach_pool_run(p, part_fn, &r);
      for (int k = 0; k < threads; k++) stale += r.last[k] != id;
    }
    int wrong = 0;
    for (int k = 0; k < threads; k++) wrong += atomic_load(&r.runs[k]) != REGIONS;
    CHECK(wrong == 0 && stale == 0 && atomic_load(&r.bad_parts) == 0,
          "%d threads, %d regions: parts run other than once %d, parts not done when the region "
          "returned %d, calls with a wrong part or part count %d",
          threads, REGIONS, wrong, stale, atomic_load(&r.bad_parts));
    reach_pool_free(p);
  }
  return reach_test_finish("pool");
}
