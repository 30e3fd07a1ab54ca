// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-neural.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reach-core-trace.h"
#include "reach-error.h"

#include "study/execution.h"
#include "study/network_analysis.h"
#include "study/savings.h"

struct _ReachNeuralPusher {
  GMutex lock;
  reach_savings *e;  // NF2-final weights
  reach_trace tr;
  double *axis;  // [units] the unnormalised uniform-shift vector
  double *push;  // [units] scratch
  double field;
};

static void pusher_free(ReachNeuralPusher *p) {
  if (!p) return;
  reach_trace_free(&p->tr);
  reach_savings_free(p->e);
  g_free(p->axis);
  g_free(p->push);
  g_mutex_clear(&p->lock);
  g_free(p);
}

G_DEFINE_FINAL_TYPE(ReachNeural, reach_neural, G_TYPE_OBJECT)

static void reach_neural_finalize(GObject *object) {
  ReachNeural *n = REACH_NEURAL(object);
  for (int i = 0; i < 2; i++) g_free(n->pc[i]);
  for (int p = 0; p < REACH_NPHASE; p++) g_free(n->ring[p]);
  reach_arm_trace_unref(n->ff1_b0);
  reach_arm_trace_unref(n->ff2_b0);
  g_free(n->exec_shift_ff);
  g_free(n->exec_shift_nf);
  g_free(n->exec_error);
  g_free(n->label);
  pusher_free(n->pusher);
  G_OBJECT_CLASS(reach_neural_parent_class)->finalize(object);
}

static void reach_neural_class_init(ReachNeuralClass *klass) {
  G_OBJECT_CLASS(klass)->finalize = reach_neural_finalize;
}

static void reach_neural_init(ReachNeural *n) { (void)n; }

ReachNeural *reach_neural_ref(ReachNeural *n) { return g_object_ref(n); }

void reach_neural_unref(ReachNeural *n) {
  if (n) g_object_unref(n);
}

static gboolean fail(GError **error, const char *what, const reach_error *err) {
  g_set_error(error, REACH_APP_ERROR, REACH_APP_ERROR_FAILED, "%s: %s", what, err->msg);
  return FALSE;
}

// The pusher is a second network built from the same configuration (so the same evaluation
// reaches and the same display noise) holding the NF2-final weights: traces are a function of
// configuration, weights, field and push alone (reach_savings_trace), so it reproduces what
// reach_network_analyse computes on the original.
static ReachNeuralPusher *pusher_new(reach_savings *e, const reach_network_analysis *a,
                                     GError **error) {
  const reach_config *c = reach_savings_config(e);
  ReachNeuralPusher *p = g_new0(ReachNeuralPusher, 1);
  g_mutex_init(&p->lock);
  reach_error err = {0};
  if (reach_savings_create(c, &p->e, &err) != REACH_OK ||
      reach_trace_init(&p->tr, c->task.n_targets, c->task.steps, c->units) != REACH_OK) {
    fail(error, _("uniform-shift push"), &err);
    pusher_free(p);
    return NULL;
  }
  reach_savings_set_params(p->e, reach_savings_snapshot(e, REACH_STAGE_NF2));
  p->axis = g_memdup2(a->us.axis, sizeof(double) * (gsize)c->units);
  p->push = g_new0(double, (gsize)c->units);
  p->field = c->phase_field[REACH_STAGE_FF2];
  return p;
}

// The execution period of the same analysis (study/execution.h): the app shows libreach's
// numbers as they are. A failure is kept as a message, not an error: the rest of the page stands.
static void execution_from_core(ReachNeural *n, const reach_network_analysis *a) {
  G_STATIC_ASSERT((int)REACH_NEURAL_NPC == (int)REACH_EX_K &&
                  (int)REACH_NEURAL_NDOSE == (int)REACH_NA_NDOSE);
  for (int d = 0; d < REACH_NA_NDOSE; d++) n->dose_m[d] = reach_na_dose[d];
  reach_execution x;
  reach_error err = {0};
  if (reach_execution_analyse(a, &x, &err) != REACH_OK) {
    n->exec_error = g_strdup_printf("%s: %s", _("execution period"), err.msg);
    return;
  }
  const gsize S = (gsize)a->steps + 1;
  n->exec_window0 = x.window0;
  n->exec_window1 = x.window1;
  for (int j = 0; j < REACH_EX_K; j++) {
    n->exec_angle_ff[j] = x.angle_ff[j];
    n->exec_angle_nf[j] = x.angle_nf[j];
  }
  n->exec_shift_ff = g_memdup2(x.shift_ff, sizeof(double) * S);
  n->exec_shift_nf = g_memdup2(x.shift_nf, sizeof(double) * S);
  n->exec_shift_ff_mean = x.shift_ff_mean;
  n->exec_shift_nf_mean = x.shift_nf_mean;
  for (int d = 0; d < REACH_NA_NDOSE; d++) {
    n->exec_dose_move[d] = x.dose_move[d];
    n->exec_dose_move_rel[d] = x.dose_move_rel[d];
  }
  reach_execution_free(&x);
}

ReachNeural *reach_neural_new(reach_savings *e, const char *label, GError **error) {
  reach_network_analysis a;
  reach_error err = {0};
  if (reach_network_analyse(e, &a, &err) != REACH_OK) {
    fail(error, _("neural analysis"), &err);
    return NULL;
  }
  ReachNeural *n = g_object_new(REACH_TYPE_NEURAL, NULL);
  const gsize B = (gsize)a.targets, T = (gsize)a.steps;
  n->targets = a.targets;
  n->steps = a.steps;
  n->units = a.units;
  // t = 0 of the analysis' time axis (code index 50, as the CLI's Fig. 6 marks it): about when the
  // network sees the go cue (programmed at 0.44 s, seen 70 ms later), the end of preparation
  n->go_index = CLAMP(REACH_NA_PREMOVE_END - 1, 0, a.steps - 1);
  n->pc[0] = g_memdup2(a.pc_ff1, sizeof(double) * B * T * REACH_NEURAL_NPC);
  n->pc[1] = g_memdup2(a.pc_ff2, sizeof(double) * B * T * REACH_NEURAL_NPC);
  for (int j = 0; j < REACH_NEURAL_NPC; j++) n->pca_ratio[j] = a.pca_ratio[j];
  for (int p = 0; p < REACH_NPHASE; p++) {
    n->ring[p] = g_memdup2(a.ring[p], sizeof(double) * B * 2);
    n->ring_rotation[p] = a.ring_rotation[p];
    n->us_proj[p] = a.us.proj[p];
  }
  n->us_norm = a.us.norm;
  n->ld_ff1 = a.ff1_b0_ld;
  n->ld_ff2 = a.ff2_b0_ld;
  n->field_ff2 = a.field[REACH_STAGE_FF2];
  n->ff1_b0 = reach_arm_trace_from_core(reach_savings_config(e), &a.ff1_b0);
  n->ff2_b0 = reach_arm_trace_from_core(reach_savings_config(e), &a.ff2_b0);
  n->dt = reach_savings_config(e)->task.dt;
  n->label = g_strdup(label);
  execution_from_core(n, &a);
  n->pusher = pusher_new(e, &a, error);
  reach_network_analysis_free(&a);
  if (!n->pusher) {
    reach_neural_unref(n);
    return NULL;
  }
  return n;
}

ReachArmTrace *reach_neural_push(ReachNeural *n, double m, double *mean_ld, GError **error) {
  ReachNeuralPusher *p = n->pusher;
  g_mutex_lock(&p->lock);
  // the same arithmetic as reach_network_analyse's dose loop, so the values agree exactly
  for (int j = 0; j < n->units; j++) p->push[j] = m * p->axis[j];
  reach_error err = {0};
  ReachArmTrace *t = NULL;
  if (reach_savings_trace_pushed(p->e, p->field, REACH_NA_PUSH_INDEX, p->push, &p->tr, &err) !=
      REACH_OK) {
    fail(error, _("uniform-shift push"), &err);
  } else {
    double s = 0.0;
    for (int b = 0; b < p->tr.batch; b++) s += p->tr.ld[b];
    if (mean_ld) *mean_ld = s / p->tr.batch;
    t = reach_arm_trace_from_core(reach_savings_config(p->e), &p->tr);
  }
  g_mutex_unlock(&p->lock);
  return t;
}

void reach_neural_append_csv(const ReachNeural *n, GString *csv) {
  g_string_append_printf(csv,
                         "# neural state: FF1 batch 0 LD %.9g m, FF2 batch 0 LD %.9g m, "
                         "uniform-shift norm %.9g, PCA variance ratios %.6g %.6g %.6g\n",
                         n->ld_ff1, n->ld_ff2, n->us_norm, n->pca_ratio[0], n->pca_ratio[1],
                         n->pca_ratio[2]);
  g_string_append(csv, "phase,us_projection,ring_rotation_rad\n");
  for (int p = 0; p < REACH_NPHASE; p++)
    g_string_append_printf(csv, "%s,%.9g,%.9g\n", reach_phase_names[p], n->us_proj[p],
                           n->ring_rotation[p]);
  g_string_append(csv, "phase,target,tdr_x,tdr_y\n");
  for (int p = 0; p < REACH_NPHASE; p++)
    for (int b = 0; b < n->targets; b++)
      g_string_append_printf(csv, "%s,%d,%.9g,%.9g\n", reach_phase_names[p], b, n->ring[p][2 * b],
                             n->ring[p][2 * b + 1]);
  g_string_append(csv, "network,target,step,pc1,pc2,pc3\n");
  for (int i = 0; i < 2; i++)
    for (int b = 0; b < n->targets; b++)
      for (int k = 0; k < n->steps; k++) {
        const double *v = n->pc[i] + ((gsize)b * (gsize)n->steps + (gsize)k) * REACH_NEURAL_NPC;
        g_string_append_printf(csv, "%s,%d,%d,%.9g,%.9g,%.9g\n", i ? "FF2_b0" : "FF1_b0", b, k,
                               v[0], v[1], v[2]);
      }
}
