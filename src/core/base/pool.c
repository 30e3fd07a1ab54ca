// SPDX-License-Identifier: GPL-3.0-or-later
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

// Polling before sleeping: a pause is 10-140 cycles depending on the CPU, so this is roughly
// 20-200 µs, longer than the serial gap between two regions of a batch (an arm step, ~10 µs),
// much shorter than a batch, and short enough that a worker on a busy machine does not burn
// the CPU other processes are waiting for.
enum { SPINS = 4000 };

typedef struct worker {
  reach_pool *pool;
  int part;
  pthread_t thread;
} worker;

struct reach_pool {
  int threads;
  worker *workers;
  reach_pool_fn fn;
  void *arg;
  atomic_uint generation;  // incremented to start a region
  atomic_uint claimed;     // bit k: part k of the current region is taken
  atomic_int done;         // parts finished in the current region
  atomic_int sleepers;     // workers waiting on `wake`
  atomic_bool caller_sleeping;
  atomic_bool quit;
  pthread_mutex_t lock;
  pthread_cond_t wake, finished;
};

static inline void relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// The next part for thread `own` (0: the caller): its own part first, so that each part's rows
// (and the plant's state, on part 0) stay in one core's cache from region to region; then any
// part nobody has taken. -1: none left.
static int claim(reach_pool *p, int own) {
  const unsigned bit = 1u << own;
  if (!(atomic_fetch_or(&p->claimed, bit) & bit)) return own;
  for (int k = 0; k < p->threads; k++) {
    const unsigned b = 1u << k;
    if (!(atomic_load(&p->claimed) & b) && !(atomic_fetch_or(&p->claimed, b) & b)) return k;
  }
  return -1;
}

static void *worker_main(void *v) {
  worker *w = v;
  reach_pool *p = w->pool;
  unsigned seen = 0;
  for (;;) {
    int spins = 0;
    while (atomic_load(&p->generation) == seen && !atomic_load(&p->quit)) {
      if (++spins < SPINS) {
        relax();
        continue;
      }
      pthread_mutex_lock(&p->lock);
      atomic_fetch_add(&p->sleepers, 1);
      while (atomic_load(&p->generation) == seen && !atomic_load(&p->quit))
        pthread_cond_wait(&p->wake, &p->lock);
      atomic_fetch_sub(&p->sleepers, 1);
      pthread_mutex_unlock(&p->lock);
    }
    if (atomic_load(&p->quit)) break;
    seen = atomic_load(&p->generation);
    // Parts are claimed, not assigned: a worker the scheduler woke late finds its part taken by
    // the caller and goes back to waiting, so a busy machine costs speed, never a stall.
    for (int part; (part = claim(p, w->part)) >= 0;) {
      p->fn(p->arg, part, p->threads);
      if (atomic_fetch_add(&p->done, 1) + 1 == p->threads && atomic_load(&p->caller_sleeping)) {
        pthread_mutex_lock(&p->lock);
        pthread_cond_signal(&p->finished);
        pthread_mutex_unlock(&p->lock);
      }
    }
  }
  return NULL;
}

reach_pool *reach_pool_create(int threads) {
  reach_pool *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->threads = threads < 1 ? 1 : threads > 32 ? 32 : threads;  // parts are bits of `claimed`
  atomic_init(&p->generation, 0);
  atomic_init(&p->done, 0);
  atomic_init(&p->sleepers, 0);
  atomic_init(&p->caller_sleeping, false);
  atomic_init(&p->quit, false);
  pthread_mutex_init(&p->lock, NULL);
  pthread_cond_init(&p->wake, NULL);
  pthread_cond_init(&p->finished, NULL);
  if (p->threads > 1) {
    p->workers = calloc((size_t)p->threads - 1, sizeof *p->workers);
    if (!p->workers) {
      reach_pool_free(p);
      return NULL;
    }
    for (int i = 0; i < p->threads - 1; i++) {
      p->workers[i] = (worker){.pool = p, .part = i + 1};
      if (pthread_create(&p->workers[i].thread, NULL, worker_main, &p->workers[i])) {
        p->threads = i + 1;  // reach_pool_free joins the ones that started
        reach_pool_free(p);
        return NULL;
      }
    }
  }
  return p;
}

void reach_pool_free(reach_pool *p) {
  if (!p) return;
  if (p->workers) {
    pthread_mutex_lock(&p->lock);
    atomic_store(&p->quit, true);
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < p->threads - 1; i++) pthread_join(p->workers[i].thread, NULL);
    free(p->workers);
  }
  pthread_cond_destroy(&p->finished);
  pthread_cond_destroy(&p->wake);
  pthread_mutex_destroy(&p->lock);
  free(p);
}

int reach_pool_threads(const reach_pool *p) { return p ? p->threads : 1; }

void reach_pool_run(reach_pool *p, reach_pool_fn fn, void *arg) {
  if (!p || p->threads == 1) {
    fn(arg, 0, 1);
    return;
  }
  p->fn = fn;
  p->arg = arg;
  atomic_store(&p->done, 0);
  atomic_store(&p->claimed, 0u);
  atomic_fetch_add(&p->generation, 1);
  if (atomic_load(&p->sleepers) > 0) {
    pthread_mutex_lock(&p->lock);
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
  }
  for (int part; (part = claim(p, 0)) >= 0;) {
    fn(arg, part, p->threads);
    atomic_fetch_add(&p->done, 1);
  }
  const int others = p->threads;
  for (int spins = 0; atomic_load(&p->done) < others; spins++) {
    if (spins < SPINS) {
      relax();
      continue;
    }
    pthread_mutex_lock(&p->lock);
    atomic_store(&p->caller_sleeping, true);
    while (atomic_load(&p->done) < others) pthread_cond_wait(&p->finished, &p->lock);
    atomic_store(&p->caller_sleeping, false);
    pthread_mutex_unlock(&p->lock);
  }
}

void reach_pool_range(int n, int align, int part, int parts, int *lo, int *hi) {
  if (align < 1) align = 1;
  const int blocks = (n + align - 1) / align;
  const int b0 = (int)((long)blocks * part / parts), b1 = (int)((long)blocks * (part + 1) / parts);
  *lo = b0 * align < n ? b0 * align : n;
  *hi = b1 * align < n ? b1 * align : n;
  if (part == parts - 1) *hi = n;
}
