// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-exec-panel.h"

#include <glib/gi18n.h>
#include <math.h>

#include "reach-error.h"
#include "reach-page.h"
#include "reach-panel.h"

struct _ReachExecPanel {
  GtkWidget parent_instance;
  ReachPlot *angle_plot, *shift_plot, *dose_plot;
  GtkLabel *note_label;
  ReachNeural *neural;
  char *why;
  gboolean presentation;
};

G_DEFINE_FINAL_TYPE(ReachExecPanel, reach_exec_panel, GTK_TYPE_WIDGET)

#define DEG (180.0 / G_PI)

// Trace index k's time from the go cue (ms).
static double time_ms(const ReachNeural *n, int k) { return 1e3 * n->dt * (k - n->exec_window0); }

// The separation over time: from a fifth of a second before the go cue (the state the reach
// starts from) to the end, the movement shaded and the go cue a vertical line.
static ReachPlotData *shift_data(ReachExecPanel *self, const char *why) {
  const ReachNeural *n = self->neural;
  ReachPlotData *d =
      reach_plot_data_new(_("Separation along the uniform shift"), _("time from the go cue (ms)"),
                          self->presentation ? _("shift units") : _("separation (shift units)"));
  reach_plot_data_set_placeholder(d, why);
  if (!n || !n->exec_shift_ff) return d;
  const int k0 = MAX(0, n->exec_window0 - 20), k1 = n->exec_window1, S = k1 - k0 + 1;
  g_autofree double *t = g_new(double, (gsize)S);
  double lo = 0, hi = 0;
  for (int k = k0; k <= k1; k++) {
    t[k - k0] = time_ms(n, k);
    lo = MIN(lo, MIN(n->exec_shift_ff[k], n->exec_shift_nf[k]));
    hi = MAX(hi, MAX(n->exec_shift_ff[k], n->exec_shift_nf[k]));
  }
  const double span = MAX(hi - lo, 1e-9);
  lo -= 0.1 * span;
  hi += 0.4 * span;  // the legend runs along the top
  reach_plot_data_add_band(d, 0.0, t[S - 1], _("movement"), TRUE);
  reach_plot_data_add_series(d, (double[]){0.0, 0.0}, (double[]){lo, hi}, 2, REACH_PLOT_GREY, 2.0,
                             NULL);
  reach_plot_data_set_style(d, REACH_PLOT_DASHED);
  // the means over the movement, as reach_execution gives them, in the legend
  g_autofree char *ff = self->presentation ? g_strdup(_("FF2 − FF1"))
                                           : g_strdup_printf(_("FF2 − FF1 batch 0 (mean %+.2f)"),
                                                             n->exec_shift_ff_mean);
  g_autofree char *nf = self->presentation ? g_strdup(_("NF2 − NF1"))
                                           : g_strdup_printf(_("NF2 − NF1 final (mean %+.2f)"),
                                                             n->exec_shift_nf_mean);
  reach_plot_data_add_series(d, t, n->exec_shift_ff + k0, S, REACH_PLOT_FF1, 3.0, ff);
  reach_plot_data_add_series(d, t, n->exec_shift_nf + k0, S, REACH_PLOT_NF, 3.0, nf);
  // before the go cue the two pairs coincide (no field acts before movement): the dashed line
  // lets the one under it show through
  reach_plot_data_set_style(d, REACH_PLOT_DASHED);
  reach_plot_data_set_range(d, t[0], t[S - 1], lo, hi);
  return d;
}

// E1: the two pairs side by side, each with its three angles, on a fixed 0–90° scale so that
// "small" reads as small from afar; the bands name the pairs (no legend to read).
static ReachPlotData *angle_data(ReachExecPanel *self, const char *why) {
  const ReachNeural *n = self->neural;
  ReachPlotData *d = reach_plot_data_new(
      self->presentation ? _("Principal angles") : _("Movement subspaces: principal angles"), NULL,
      _("angle (degrees)"));
  reach_plot_data_set_x_categories(d);
  reach_plot_data_set_placeholder(d, why);
  if (!n || !n->exec_shift_ff) return d;
  const struct {
    const double *rad;
    const char *name;
    ReachPlotColor color;
    ReachPlotStyle style;
  } pairs[2] = {
      {n->exec_angle_ff, N_("FF1 vs FF2"), REACH_PLOT_FF1, REACH_PLOT_LARGE},
      {n->exec_angle_nf, N_("NF1 vs NF2"), REACH_PLOT_NF, REACH_PLOT_LARGE | REACH_PLOT_SQUARE},
  };
  for (int p = 0; p < 2; p++) {
    double x[REACH_NEURAL_NPC], y[REACH_NEURAL_NPC];
    for (int j = 0; j < REACH_NEURAL_NPC; j++) {
      x[j] = p + 0.25 * (j - 1);
      y[j] = DEG * pairs[p].rad[j];
    }
    reach_plot_data_add_band(d, p - 0.5, p + 0.5, _(pairs[p].name), p == 0);
    reach_plot_data_add_series(d, x, y, REACH_NEURAL_NPC, pairs[p].color, 3.0, NULL);
    reach_plot_data_add_points(d, x, y, REACH_NEURAL_NPC, pairs[p].color, NULL);
    reach_plot_data_set_style(d, pairs[p].style);
  }
  reach_plot_data_set_range(d, -0.5, 1.5, 0.0, 100.0);
  return d;
}

// E3: the push m against how far it moves the execution states, over their spread.
static ReachPlotData *dose_data(ReachExecPanel *self, const char *why) {
  const ReachNeural *n = self->neural;
  ReachPlotData *d =
      reach_plot_data_new(self->presentation ? _("States moved by the push")
                                             : _("Push m: how far the execution states move"),
                          _("push m (× uniform shift)"),
                          /* xgettext:no-c-format */
                          self->presentation ? _("% of spread")
                                             /* xgettext:no-c-format */
                                             : _("displacement (% of spread)"));
  reach_plot_data_set_placeholder(d, why);
  if (!n || !n->exec_shift_ff) return d;
  double hi = 0, pct[REACH_NEURAL_NDOSE];
  for (int i = 0; i < REACH_NEURAL_NDOSE; i++) {
    pct[i] = 100.0 * n->exec_dose_move_rel[i];
    if (isfinite(pct[i])) hi = MAX(hi, pct[i]);
  }
  reach_plot_data_add_series(d, n->dose_m, pct, REACH_NEURAL_NDOSE, REACH_PLOT_FF2, 3.0, NULL);
  reach_plot_data_add_points(d, n->dose_m, pct, REACH_NEURAL_NDOSE, REACH_PLOT_FF2, NULL);
  reach_plot_data_set_style(d, REACH_PLOT_LARGE);
  const double m0 = n->dose_m[0], m1 = n->dose_m[REACH_NEURAL_NDOSE - 1];
  reach_plot_data_set_range(d, m0 - 0.3, m1 + 0.3, 0.0, hi > 0 ? 1.15 * hi : 1.0);
  return d;
}

static void update(ReachExecPanel *self) {
  const ReachNeural *n = self->neural;
  const char *why = n && n->exec_error ? n->exec_error
                    : self->why        ? self->why
                                       : _("Waiting for a trained network");
  g_autoptr(ReachPlotData) shift = shift_data(self, why);
  g_autoptr(ReachPlotData) angle = angle_data(self, why);
  g_autoptr(ReachPlotData) dose = dose_data(self, why);
  reach_plot_set_data(self->shift_plot, shift);
  reach_plot_set_data(self->angle_plot, angle);
  reach_plot_set_data(self->dose_plot, dose);
}

/* ---- the CSV ---- */

static void write_csv(FILE *fp, const void *data) {
  const ReachNeural *n = data;
  fprintf(fp,
          "# execution period (libreach reach_execution_analyse): trace indices %d to %d, "
          "the go cue to the end of the reach, %.9g s per index\n",
          n->exec_window0, n->exec_window1, n->dt);
  fputs("pair,angle1_deg,angle2_deg,angle3_deg,mean_separation_shift_units\n", fp);
  const struct {
    const char *name;
    const double *angle;
    double mean;
  } pairs[2] = {{"FF1_b0_vs_FF2_b0", n->exec_angle_ff, n->exec_shift_ff_mean},
                {"NF1_final_vs_NF2_final", n->exec_angle_nf, n->exec_shift_nf_mean}};
  for (int p = 0; p < 2; p++)
    fprintf(fp, "%s,%.9g,%.9g,%.9g,%.9g\n", pairs[p].name, DEG * pairs[p].angle[0],
            DEG * pairs[p].angle[1], DEG * pairs[p].angle[2], pairs[p].mean);
  fputs(
      "trace_index,time_from_go_ms,movement,separation_ff2_minus_ff1_shift_units,"
      "separation_nf2_minus_nf1_shift_units\n",
      fp);
  for (int k = 0; k <= n->steps; k++)
    fprintf(fp, "%d,%.9g,%d,%.9g,%.9g\n", k, time_ms(n, k),
            k >= n->exec_window0 && k <= n->exec_window1, n->exec_shift_ff[k], n->exec_shift_nf[k]);
  fputs("push_m,execution_displacement_hidden_units,execution_displacement_over_spread\n", fp);
  for (int i = 0; i < REACH_NEURAL_NDOSE; i++)
    fprintf(fp, "%.9g,%.9g,%.9g\n", n->dose_m[i], n->exec_dose_move[i], n->exec_dose_move_rel[i]);
}

gboolean reach_exec_panel_append_csv(const ReachNeural *n, GString *csv, GError **error) {
  if (!n->exec_shift_ff) {
    g_set_error(error, REACH_APP_ERROR, REACH_APP_ERROR_FAILED, "%s",
                n->exec_error ? n->exec_error : _("no execution-period analysis"));
    return FALSE;
  }
  return reach_page_csv_append(csv, write_csv, n, error);
}

/* ---- GObject ---- */

static void reach_exec_panel_dispose(GObject *object) {
  reach_panel_dispose_template(GTK_WIDGET(object), REACH_TYPE_EXEC_PANEL);
  G_OBJECT_CLASS(reach_exec_panel_parent_class)->dispose(object);
}

static void reach_exec_panel_finalize(GObject *object) {
  ReachExecPanel *self = REACH_EXEC_PANEL(object);
  reach_neural_unref(self->neural);
  g_free(self->why);
  G_OBJECT_CLASS(reach_exec_panel_parent_class)->finalize(object);
}

static void reach_exec_panel_class_init(ReachExecPanelClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  object_class->dispose = reach_exec_panel_dispose;
  object_class->finalize = reach_exec_panel_finalize;
  reach_panel_class_set_template(widget_class, "/org/reachlab/ReachLab/ui/reach-exec-panel.ui",
                                 "execpanel");
  gtk_widget_class_bind_template_child(widget_class, ReachExecPanel, angle_plot);
  gtk_widget_class_bind_template_child(widget_class, ReachExecPanel, shift_plot);
  gtk_widget_class_bind_template_child(widget_class, ReachExecPanel, dose_plot);
  gtk_widget_class_bind_template_child(widget_class, ReachExecPanel, note_label);
}

static void reach_exec_panel_init(ReachExecPanel *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  update(self);
}

void reach_exec_panel_set_neural(ReachExecPanel *self, ReachNeural *n, const char *why) {
  g_return_if_fail(REACH_IS_EXEC_PANEL(self));
  if (n == self->neural && g_strcmp0(why, self->why) == 0) return;
  reach_neural_unref(self->neural);
  self->neural = n ? reach_neural_ref(n) : NULL;
  g_free(self->why);
  self->why = g_strdup(why);
  update(self);
}

void reach_exec_panel_set_presentation(ReachExecPanel *self, gboolean on) {
  if (self->presentation == on) return;
  self->presentation = on;
  update(self);
  // the explanation is for the screen at hand, not the hall
  gtk_widget_set_visible(GTK_WIDGET(self->note_label), !on);
  reach_plot_set_presentation(self->angle_plot, on);
  reach_plot_set_presentation(self->shift_plot, on);
  reach_plot_set_presentation(self->dose_plot, on);
}

ReachPlot *reach_exec_panel_get_angle_plot(ReachExecPanel *self) { return self->angle_plot; }
ReachPlot *reach_exec_panel_get_shift_plot(ReachExecPanel *self) { return self->shift_plot; }
ReachPlot *reach_exec_panel_get_dose_plot(ReachExecPanel *self) { return self->dose_plot; }
