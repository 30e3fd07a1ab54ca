// SPDX-License-Identifier: GPL-3.0-or-later
// Backend 2: a GRU network trained through the arm by libreach's savings runner
// (src/core/study/savings.h): growing up, then NF1 → FF1 → NF2 → FF2. Every fill() runs the
// eight centre-out evaluation reaches with the current weights for the arm view.
#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reach-backend.h"
#include "reach-core-trace.h"
#include "reach-neural.h"

#include "study/savings.h"

typedef struct {
  ReachBackend parent;
  reach_savings *e;
  reach_trace tr;
  int total;
  // the Network page's analysis, made once the four phases are done (≈1 s on this thread)
  ReachNeural *neural;
  char *neural_error;
  // the last evaluation trace: the arm view takes a new one only every reach (≈1.3 s), so
  // evaluating more often than twice a second would only slow training down
  ReachArmTrace *last;
  gint64 last_time;
  double last_field;
  int last_stage;
} Network;

#define TRACE_INTERVAL_US 500000

static void network_free(ReachBackend *b) {
  Network *n = (Network *)b;
  reach_arm_trace_unref(n->last);
  reach_neural_unref(n->neural);
  g_free(n->neural_error);
  reach_trace_free(&n->tr);
  reach_savings_free(n->e);
}

static int network_stage(ReachBackend *b) {
  reach_stage st = reach_savings_stage(((Network *)b)->e);
  // The app shows the four-phase study: a longer protocol's later phases count as done until
  // its phase bar follows any list (issue 19 item 7).
  return st == REACH_STAGE_GROW                              ? REACH_APP_STAGE_GROW
         : st >= REACH_STAGE_DONE || (int)st >= REACH_NPHASE ? REACH_APP_STAGE_DONE
                                                             : (int)st;
}

static int network_total(ReachBackend *b) { return ((Network *)b)->total; }

// A finished run (the bundled network, a completed file) is shown as it ended; running it again
// retrains its four phases live from its grown-up weights, which takes seconds rather than the
// minutes growing up would.
static gboolean restart_phases(Network *n, GError **error) {
  const double *grown = reach_savings_snapshot(n->e, REACH_STAGE_GROW);
  if (!grown) return TRUE;  // nothing to restart from: stay done
  reach_error err = {0};
  reach_savings *fresh = NULL;
  if (reach_savings_create(reach_savings_config(n->e), &fresh, &err) != REACH_OK) {
    g_set_error_literal(error, REACH_APP_ERROR, REACH_APP_ERROR_FAILED, err.msg);
    return FALSE;
  }
  reach_savings_set_params(fresh, grown);
  reach_savings_skip_growing_up(fresh);
  reach_savings_free(n->e);
  n->e = fresh;
  n->total = 0;
  g_clear_pointer(&n->neural, reach_neural_unref);
  g_clear_pointer(&n->neural_error, g_free);
  g_free(n->parent.label);
  n->parent.label = g_strdup_printf(_("GRU network, %d units (learning its phases again)"),
                                    reach_savings_config(fresh)->units);
  return TRUE;
}

static gboolean network_step(ReachBackend *b, double field, GError **error) {
  (void)field;
  Network *n = (Network *)b;
  if (network_stage(b) >= REACH_APP_STAGE_DONE) {
    if (!restart_phases(n, error)) return FALSE;
    if (network_stage(b) >= REACH_APP_STAGE_DONE) return TRUE;
  }
  reach_error err = {0};
  if (reach_savings_step(n->e, &err) != REACH_OK) {
    g_set_error_literal(
        error, REACH_APP_ERROR,
        err.code == REACH_ERR_NUMERIC ? REACH_APP_ERROR_NUMERIC : REACH_APP_ERROR_FAILED, err.msg);
    return FALSE;
  }
  n->total++;
  return TRUE;
}

static void network_fill(ReachBackend *b, double field, ReachSnapshot *s) {
  Network *n = (Network *)b;
  const reach_config *c = reach_savings_config(n->e);
  s->stage = network_stage(b);
  s->batch = reach_savings_batch(n->e);
  s->total = n->total;
  for (int i = 0; i < REACH_NPHASE; i++) {
    const double *ld = NULL, *loss = NULL;
    int k = reach_savings_ld(n->e, i, &ld, &loss);
    s->phase_batches[i] = c->phase_batches[i];
    s->phase_field[i] = c->phase_field[i];
    s->n_ld[i] = k;
    s->ld[i] = k > 0 ? g_memdup2(ld, sizeof(double) * (gsize)k) : NULL;
  }
  const double *gl = NULL;
  int ng = reach_savings_grow_loss(n->e, &gl);
  s->n_grow = ng;
  s->grow_loss = ng > 0 ? g_memdup2(gl, sizeof(double) * (gsize)ng) : NULL;
  s->grow_batches = c->grow_batches;

  if (s->stage == REACH_APP_STAGE_DONE && !n->neural && !n->neural_error) {
    g_autoptr(GError) error = NULL;
    n->neural = reach_neural_new(n->e, &error);
    if (!n->neural) n->neural_error = g_strdup(error->message);
  }
  s->neural = n->neural ? reach_neural_ref(n->neural) : NULL;
  s->neural_error = g_strdup(n->neural_error);

  gint64 now = g_get_monotonic_time();
  if (n->last && now - n->last_time < TRACE_INTERVAL_US && n->last_field == field &&
      n->last_stage == s->stage) {
    s->trace = reach_arm_trace_ref(n->last);
    return;
  }
  reach_error err = {0};
  if (reach_savings_trace(n->e, field, &n->tr, &err) != REACH_OK) return;
  ReachArmTrace *t = reach_arm_trace_from_core(c, &n->tr);
  reach_arm_trace_unref(n->last);
  n->last = reach_arm_trace_ref(t);
  n->last_time = now;
  n->last_field = field;
  n->last_stage = s->stage;
  s->trace = t;
}

static const ReachBackendClass network_class = {
    .name = "network",
    .free = network_free,
    .step = network_step,
    .fill = network_fill,
    .stage = network_stage,
    .total = network_total,
};

ReachBackend *reach_backend_network_new(const ReachPreset *p, GError **error) {
  reach_config def;
  const reach_config *c = p ? p->config : NULL;
  if (!c) {
    reach_config_default(&def);
    c = &def;
  }
  reach_error err = {0};
  Network *n = g_new0(Network, 1);
  reach_status st = p && p->checkpoint ? reach_savings_load(p->checkpoint, &n->e, &err)
                                       : reach_savings_create(c, &n->e, &err);
  if (st != REACH_OK) {
    g_set_error_literal(error, REACH_APP_ERROR, REACH_APP_ERROR_PRESET, err.msg);
    g_free(n);
    return NULL;
  }
  c = reach_savings_config(n->e);
  if (reach_trace_init(&n->tr, c->task.n_targets, c->task.steps, c->units) != REACH_OK) {
    g_set_error_literal(error, REACH_APP_ERROR, REACH_APP_ERROR_FAILED, _("out of memory"));
    reach_savings_free(n->e);
    g_free(n);
    return NULL;
  }
  n->parent.klass = &network_class;
  n->parent.mode = REACH_SESSION_NETWORK;
  n->parent.label = reach_savings_stage(n->e) == REACH_STAGE_DONE
                        ? g_strdup_printf(_("GRU network, %d units (trained; Run retrains its "
                                            "phases live)"),
                                          c->units)
                        : g_strdup_printf(_("GRU network, %d units (learning)"), c->units);
  n->parent.preset = p && p->path ? g_strdup(p->path) : NULL;
  for (int i = 0; i < REACH_NPHASE; i++) n->parent.phase_field[i] = c->phase_field[i];
  char *ini = reach_config_to_string(c);
  n->parent.config_text = g_strdup(ini);
  free(ini);
  return &n->parent;
}
