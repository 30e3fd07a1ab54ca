// SPDX-License-Identifier: GPL-3.0-or-later
// Backend 2: a GRU network trained through the arm by libreach's savings runner
// (src/core/study/savings.h): growing up, then its protocol's phases (NF1 → FF1 → NF2 → FF2 in the
// study, or a protocol file's list put on the grown-up network). Every fill() runs the eight
// centre-out evaluation reaches with the current weights for the arm view.
#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reach-backend.h"
#include "reach-core-trace.h"
#include "reach-neural.h"

#include "study/savings.h"
#include "study/savings_report.h"

typedef struct {
  ReachBackend parent;
  reach_savings *e;
  // the finished run a replay starts from (the file opened, or the run before) and the phase it
  // starts at; its curves stay on the Learning page as a faded reference
  reach_savings *ref;
  // the network loaded (file or fresh run) while a protocol file's phases run on its grown-up
  // weights: the next protocol starts from it too, and the study returns to it as it was
  reach_savings *base;
  char *protocol;  // the protocol file chosen; NULL the study
  // the phases compared for savings (reach_compare_choose's default on e's list)
  reach_compare pair;
  reach_compare_measure measure;  // what the pair's savings is measured in
  gboolean have_pair, study;
  reach_trace tr;
  int total;
  // the Network page's analysis, made once the four phases are done (≈1 s on this thread); a
  // replay keeps the last one on show until it has one of its own
  ReachNeural *neural;
  char *neural_error;
  gboolean neural_current;  // neural (or neural_error) is of e, not of the run before
  gboolean opened_done;     // the run was opened finished (a network file), not trained here
  // FF2 against FF1 (study/savings_compare.h), refitted only when the field phases' logs have
  // grown and at most every SAVINGS_INTERVAL_US: two rate fits cost a few milliseconds
  reach_savings_compare cmp, cmp_dir;  // on LD and, with a rotation phase, on direction error
  gboolean rotation;                   // the protocol has a rotation phase
  int cmp_n[2];
  gint64 cmp_time;
  // the last evaluation trace: the arm view takes a new one only every reach (≈1.3 s), so
  // evaluating more often than twice a second would only slow training down
  ReachArmTrace *last;
  gint64 last_time;
  double last_field;
  int last_stage;
} Network;

#define TRACE_INTERVAL_US   500000
#define SAVINGS_INTERVAL_US 500000

static void network_free(ReachBackend *b) {
  Network *n = (Network *)b;
  reach_arm_trace_unref(n->last);
  reach_neural_unref(n->neural);
  g_free(n->neural_error);
  reach_trace_free(&n->tr);
  reach_savings_free(n->e);
  reach_savings_free(n->ref);
  reach_savings_free(n->base);
  g_free(n->protocol);
}

// The pair compared for savings and whether the protocol is the four-phase curl study (whose
// FF1 the Network page's analysis meets): savings_report.c's test, for the run in e.
static void take_protocol(Network *n) {
  int np;
  const reach_phase *ph = reach_savings_phases(n->e, &np);
  reach_error err = {0};
  n->have_pair = reach_compare_choose(ph, np, NULL, &n->pair, &err) == REACH_OK;
  n->measure = n->have_pair ? reach_compare_measure_of(ph, &n->pair) : REACH_COMPARE_LD;
  n->rotation = FALSE;
  for (int i = 0; i < np; i++) n->rotation = n->rotation || ph[i].kind == REACH_PHASE_ROTATION;
  n->study = n->have_pair && reach_compare_is_study(ph, np, &n->pair);
  n->parent.nphase = np;
  for (int i = 0; i < REACH_APP_MAXPHASE; i++)
    n->parent.phase_field[i] = i < np && ph[i].kind == REACH_PHASE_CURL ? ph[i].gain : 0.0;
}

static int network_stage(ReachBackend *b) {
  reach_stage st = reach_savings_stage(((Network *)b)->e);
  return st == REACH_STAGE_GROW   ? REACH_APP_STAGE_GROW
         : st >= REACH_STAGE_DONE ? REACH_APP_STAGE_DONE
                                  : (int)st;
}

static int network_total(ReachBackend *b) { return ((Network *)b)->total; }

// A finished run (the bundled network, a completed file) is shown as it ended; running it again
// replays it live from the start of the chosen phase (NF1 by default) with the weights it had
// there, which takes seconds rather than the minutes growing up would. The finished run is the
// reference the replay is drawn over.
static gboolean restart_phases(Network *n, GError **error) {
  // the first finished run stays the reference (the bundled network through every replay)
  if (!n->ref && reach_savings_stage(n->e) == REACH_STAGE_DONE) {
    n->ref = n->e;
    n->e = NULL;
  }
  if (!n->ref) return TRUE;  // nothing to replay: stay as it is
  reach_error err = {0};
  reach_savings *fresh = NULL;
  if (reach_savings_from_phase(n->ref, (reach_stage)n->parent.start_phase, &fresh, &err) !=
      REACH_OK) {
    g_set_error_literal(error, REACH_APP_ERROR, REACH_APP_ERROR_FAILED, err.msg);
    if (!n->e) n->e = n->ref, n->ref = NULL;  // keep showing the finished run
    return FALSE;
  }
  reach_savings_free(n->e);
  n->e = fresh;
  n->total = 0;
  n->neural_current = FALSE;
  n->cmp_time = 0;
  n->cmp_n[0] = n->cmp_n[1] = -1;
  g_free(n->parent.label);
  int np;
  const reach_phase *ph = reach_savings_phases(fresh, &np);
  n->parent.label = g_strdup_printf(_("GRU network, %d units (relearning from %s)"),
                                    reach_savings_config(fresh)->units,
                                    ph[MIN(n->parent.start_phase, np - 1)].name);
  return TRUE;
}

// Back to the loaded network (the study) or the loaded network's grown-up weights under a
// protocol file's phases. The run shown is replaced only when the new one exists.
static gboolean network_set_protocol(ReachBackend *b, const char *path, GError **error) {
  Network *n = (Network *)b;
  reach_savings *loaded = n->base ? n->base : n->ref ? n->ref : n->e;
  reach_savings *fresh = NULL;
  if (path) {
    reach_config c;
    reach_error err = {0};
    reach_config_default(&c);
    if (reach_config_load(&c, path, &err) != REACH_OK ||
        reach_savings_with_protocol(loaded, &c, path, &fresh, &err) != REACH_OK) {
      g_set_error_literal(error, REACH_APP_ERROR, REACH_APP_ERROR_PRESET, err.msg);
      return FALSE;
    }
  } else if (!n->base) {
    return TRUE;  // the study already
  }
  // keep the loaded network; drop the runs made from it (a replay, another protocol's)
  if (n->e != loaded) reach_savings_free(n->e);
  if (n->ref != loaded) reach_savings_free(n->ref);
  n->ref = NULL;
  n->base = path ? loaded : NULL;
  n->e = path ? fresh : loaded;
  g_free(n->protocol);
  n->protocol = g_strdup(path);
  n->total = 0;
  n->neural_current = FALSE;
  n->cmp_time = 0;
  n->cmp_n[0] = n->cmp_n[1] = -1;
  n->parent.start_phase = 0;
  take_protocol(n);
  const reach_config *c = reach_savings_config(n->e);
  g_free(n->parent.label);
  if (path) {
    g_autofree char *name = g_path_get_basename(path);
    n->parent.label =
        g_strdup_printf(_("GRU network, %d units (grown up; phases of %s)"), c->units, name);
  } else {
    n->parent.label = g_strdup_printf(_("GRU network, %d units (trained; Run retrains its "
                                        "phases live)"),
                                      c->units);
  }
  char *ini = reach_config_to_string(c);
  g_free(n->parent.config_text);
  n->parent.config_text = g_strdup(ini);
  free(ini);
  return TRUE;
}

// A finished run (or one replaying already) goes to the start phase at once, paused at its first
// batch; a run still training replays from there when it has finished.
static gboolean network_go_to_start(ReachBackend *b, GError **error) {
  Network *n = (Network *)b;
  if (!n->ref && reach_savings_stage(n->e) != REACH_STAGE_DONE) return TRUE;
  return restart_phases(n, error);
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

// What the Network page's caption calls the network the analysis is of.
static char *neural_label(const Network *n) {
  const int units = reach_savings_config(n->e)->units;
  if (n->ref)
    return g_strdup_printf(_("the network relearnt from %s (%d units)"),
                           reach_phase_names[n->parent.start_phase], units);
  if (n->opened_done) return g_strdup_printf(_("the trained network as opened (%d units)"), units);
  return g_strdup_printf(_("the network trained in this session (%d units)"), units);
}

static void network_fill(ReachBackend *b, double field, ReachSnapshot *s) {
  Network *n = (Network *)b;
  const reach_config *c = reach_savings_config(n->e);
  s->stage = network_stage(b);
  s->batch = reach_savings_batch(n->e);
  s->total = n->total;
  int np;
  const reach_phase *ph = reach_savings_phases(n->e, &np);
  s->nphase = np;
  s->study = n->study;
  s->protocol = g_strdup(n->protocol);
  s->cmp_first = n->have_pair ? n->pair.first : -1;
  s->cmp_second = n->have_pair ? n->pair.second : -1;
  // the reference is drawn under the live curves only when it ran the same protocol
  int nref = 0;
  if (n->ref) reach_savings_phases(n->ref, &nref);
  for (int i = 0; i < np; i++) {
    const double *ld = NULL, *loss = NULL;
    int k = reach_savings_ld(n->e, i, &ld, &loss);
    s->phases[i] = ph[i];
    s->phase_batches[i] = ph[i].batches;
    s->phase_field[i] = ph[i].kind == REACH_PHASE_CURL ? ph[i].gain : 0.0;
    s->n_ld[i] = k;
    s->ld[i] = k > 0 ? g_memdup2(ld, sizeof(double) * (gsize)k) : NULL;
    const double *dir = NULL;
    reach_savings_direction_error(n->e, i, &dir);
    s->dir[i] = k > 0 && dir ? g_memdup2(dir, sizeof(double) * (gsize)k) : NULL;
    const double *rl = NULL, *rd = NULL;
    int kr = n->ref && nref == np ? reach_savings_ld(n->ref, i, &rl, NULL) : 0;
    if (kr > 0) reach_savings_direction_error(n->ref, i, &rd);
    s->n_ref[i] = kr;
    s->ref_ld[i] = kr > 0 ? g_memdup2(rl, sizeof(double) * (gsize)kr) : NULL;
    s->ref_dir[i] = kr > 0 && rd ? g_memdup2(rd, sizeof(double) * (gsize)kr) : NULL;
  }
  s->measure = n->measure;
  s->start_phase = n->parent.start_phase;
  gint64 t_now = g_get_monotonic_time();
  const int f = n->pair.first, g = n->pair.second;
  if (n->have_pair && (s->n_ld[f] != n->cmp_n[0] || s->n_ld[g] != n->cmp_n[1])) {
    const gboolean phase_end = s->n_ld[f] == ph[f].batches || s->n_ld[g] == ph[g].batches;
    if (phase_end || !b->running || t_now - n->cmp_time >= SAVINGS_INTERVAL_US) {
      // the pair in FF1's and FF2's places; the compare signs each by its field's sign, which
      // for a rotation or a cued field reach_compare_choose gives as sign_first, sign_second
      const int nc[REACH_NPHASE] = {0, s->n_ld[f], 0, s->n_ld[g]};
      const double fc[REACH_NPHASE] = {0.0, n->pair.sign_first, 0.0, n->pair.sign_second};
      const double *ldc[REACH_NPHASE] = {NULL, s->ld[f], NULL, s->ld[g]};
      reach_savings_compare_compute(ldc, nc, n->study ? s->phase_field : fc, &n->cmp);
      if (n->rotation) {
        const double *dc[REACH_NPHASE] = {NULL, s->dir[f], NULL, s->dir[g]};
        reach_savings_compare_direction(dc, nc, fc, &n->cmp_dir);
      }
      n->cmp_n[0] = s->n_ld[f];
      n->cmp_n[1] = s->n_ld[g];
      n->cmp_time = t_now;
    }
  }
  s->have_savings = n->cmp_n[0] >= 0;
  s->savings = n->cmp;
  s->have_savings_dir = s->have_savings && n->rotation;
  s->savings_dir = n->cmp_dir;
  const double *gl = NULL;
  int ng = reach_savings_grow_loss(n->e, &gl);
  s->n_grow = ng;
  s->grow_loss = ng > 0 ? g_memdup2(gl, sizeof(double) * (gsize)ng) : NULL;
  s->grow_batches = c->grow_batches;

  if (s->stage == REACH_APP_STAGE_DONE && !n->neural_current) {
    g_autoptr(GError) error = NULL;
    // the analysis meets FF1's curl field with the NF2 network: the study's, as report's
    g_autofree char *label = n->study ? neural_label(n) : NULL;
    ReachNeural *fresh = n->study ? reach_neural_new(n->e, label, &error) : NULL;
    g_clear_pointer(&n->neural, reach_neural_unref);
    g_clear_pointer(&n->neural_error, g_free);
    n->neural = fresh;
    // another protocol: no analysis and no error (the Network page says why)
    if (!fresh && n->study) n->neural_error = g_strdup(error->message);
    n->neural_current = TRUE;
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
  // the same weights, for the arm view's live reaches; without them the view only replays
  if (reach_live_model_create(c, reach_savings_params(n->e, NULL), &t->policy, &err) != REACH_OK)
    t->policy = NULL;
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
    .go_to_start = network_go_to_start,
    .set_protocol = network_set_protocol,
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
  n->cmp_n[0] = n->cmp_n[1] = -1;
  n->parent.mode = REACH_SESSION_NETWORK;
  n->opened_done = reach_savings_stage(n->e) == REACH_STAGE_DONE;
  n->parent.label = reach_savings_stage(n->e) == REACH_STAGE_DONE
                        ? g_strdup_printf(_("GRU network, %d units (trained; Run retrains its "
                                            "phases live)"),
                                          c->units)
                        : g_strdup_printf(_("GRU network, %d units (learning)"), c->units);
  n->parent.preset = p && p->path ? g_strdup(p->path) : NULL;
  take_protocol(n);
  char *ini = reach_config_to_string(c);
  n->parent.config_text = g_strdup(ini);
  char engine[160];
  reach_savings_engine(c, engine, sizeof engine);
  n->parent.engine = g_strdup(engine);
  free(ini);
  return &n->parent;
}
