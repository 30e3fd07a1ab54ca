// SPDX-License-Identifier: GPL-3.0-or-later
#include "trace.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

reach_status reach_trace_init(reach_trace *t, int batch, int steps, int units) {
  memset(t, 0, sizeof *t);
  const size_t S = (size_t)steps + 1, B = (size_t)batch;
  t->block = calloc(S * B * (2 + 2 + 6 + 6 + (size_t)units) + B * 3, sizeof *t->block);
  if (!t->block) return REACH_ERR_NOMEM;
  t->batch = batch;
  t->steps = steps;
  t->units = units;
  t->q = t->block;
  t->xy = t->q + S * B * 2;
  t->act = t->xy + S * B * 2;
  t->hidden = t->act + S * B * 6;
  t->force = t->hidden + S * B * (size_t)units;
  t->target = t->force + S * B * 6;
  t->ld = t->target + B * 2;
  return REACH_OK;
}

double reach_trace_end_error(const reach_trace *t, int b) {
  const double *xy = t->xy + ((size_t)t->steps * (size_t)t->batch + (size_t)b) * 2;
  return hypot(xy[0] - t->target[2 * b], xy[1] - t->target[2 * b + 1]);
}

void reach_trace_free(reach_trace *t) {
  free(t->block);
  memset(t, 0, sizeof *t);
}
