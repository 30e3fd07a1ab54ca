// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-ring-panel.h"

#include <glib/gi18n.h>
#include <math.h>

#include "reach-panel.h"

struct _ReachRingPanel {
  GtkWidget parent_instance;
  ReachPlot *ring_plot, *shift_plot;
  ReachNeural *neural;
  char *why;
  gboolean presentation;
};

G_DEFINE_FINAL_TYPE(ReachRingPanel, reach_ring_panel, GTK_TYPE_WIDGET)

static const ReachPlotColor phase_colors[REACH_NPHASE] = {REACH_PLOT_GREY, REACH_PLOT_ORANGE,
                                                          REACH_PLOT_BLUE, REACH_PLOT_RED};

static void update(ReachRingPanel *self) {
  const ReachNeural *n = self->neural;
  const char *why = self->why ? self->why : _("Waiting for a trained network");
  g_autoptr(ReachPlotData) ring =
      reach_plot_data_new(_("Preparatory states, TDR plane"), _("force axis x"), _("force axis y"));
  // the bars themselves show NF1 at 0 and FF1 at 1, which presentation fonts leave no room to say
  g_autoptr(ReachPlotData) shift = reach_plot_data_new(
      self->presentation ? _("Uniform shift") : _("Uniform shift (NF1 = 0, FF1 = 1)"), NULL,
      _("projection"));
  reach_plot_data_set_x_categories(shift);  // the phases are named over their bars
  reach_plot_data_set_placeholder(ring, why);
  reach_plot_data_set_placeholder(shift, why);
  if (n) {
    const int B = n->targets;
    g_autofree double *x = g_new(double, (gsize)B + 1);
    g_autofree double *y = g_new(double, (gsize)B + 1);
    double lim = 0;
    for (int p = 0; p < REACH_NPHASE; p++) {
      // the ring closed back to its first target
      for (int b = 0; b <= B; b++) {
        x[b] = n->ring[p][2 * (b % B)];
        y[b] = n->ring[p][2 * (b % B) + 1];
        lim = MAX(lim, MAX(fabs(x[b]), fabs(y[b])));
      }
      // presentation fonts leave room for the phase names only; the rings show the rotation
      g_autofree char *legend = p && !self->presentation
                                    ? g_strdup_printf("%s %+.0f°", reach_phase_names[p],
                                                      n->ring_rotation[p] * 180.0 / G_PI)
                                    : g_strdup(reach_phase_names[p]);
      reach_plot_data_add_series(ring, x, y, B + 1, phase_colors[p], p == 0 ? 2.5 : 1.8, legend);
      reach_plot_data_add_points(ring, x, y, B, phase_colors[p], NULL);
    }
    lim *= 1.15;
    reach_plot_data_set_range(ring, -lim, lim, -lim, lim);

    double lo = 0, hi = 1;
    for (int p = 0; p < REACH_NPHASE; p++) {
      reach_plot_data_add_band(shift, p - 0.5, p + 0.5, reach_phase_names[p], p % 2 == 1);
      double px[2] = {p - 0.3, p + 0.3}, py[2] = {n->us_proj[p], n->us_proj[p]};
      reach_plot_data_add_series(shift, px, py, 2, phase_colors[p], 4.0, NULL);
      reach_plot_data_add_points(shift, (double[]){p}, py, 1, phase_colors[p], NULL);
      lo = MIN(lo, n->us_proj[p]);
      hi = MAX(hi, n->us_proj[p]);
    }
    double pad = 0.15 * (hi - lo);
    // the top is left free for the phase labels
    reach_plot_data_set_range(shift, -0.5, 3.5, lo - pad, hi + 2 * pad);
  }
  reach_plot_set_data(self->ring_plot, ring);
  reach_plot_set_data(self->shift_plot, shift);
}

static void reach_ring_panel_dispose(GObject *object) {
  reach_panel_dispose_template(GTK_WIDGET(object), REACH_TYPE_RING_PANEL);
  G_OBJECT_CLASS(reach_ring_panel_parent_class)->dispose(object);
}

static void reach_ring_panel_finalize(GObject *object) {
  ReachRingPanel *self = REACH_RING_PANEL(object);
  reach_neural_unref(self->neural);
  g_free(self->why);
  G_OBJECT_CLASS(reach_ring_panel_parent_class)->finalize(object);
}

static void reach_ring_panel_class_init(ReachRingPanelClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  object_class->dispose = reach_ring_panel_dispose;
  object_class->finalize = reach_ring_panel_finalize;
  reach_panel_class_set_template(widget_class, "/org/reachlab/ReachLab/ui/reach-ring-panel.ui",
                                 "ringpanel");
  gtk_widget_class_bind_template_child(widget_class, ReachRingPanel, ring_plot);
  gtk_widget_class_bind_template_child(widget_class, ReachRingPanel, shift_plot);
}

// The plots' fonts grow in presentation mode; so does the panel.
#define WIDTH              290
#define WIDTH_PRESENTATION 360

static void reach_ring_panel_init(ReachRingPanel *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  gtk_widget_set_size_request(GTK_WIDGET(self), WIDTH, -1);
  update(self);
}

void reach_ring_panel_set_neural(ReachRingPanel *self, ReachNeural *n, const char *why) {
  g_return_if_fail(REACH_IS_RING_PANEL(self));
  if (n == self->neural && g_strcmp0(why, self->why) == 0) return;
  reach_neural_unref(self->neural);
  self->neural = n ? reach_neural_ref(n) : NULL;
  g_free(self->why);
  self->why = g_strdup(why);
  update(self);
}

void reach_ring_panel_set_presentation(ReachRingPanel *self, gboolean on) {
  if (self->presentation == on) return;
  self->presentation = on;
  update(self);
  gtk_widget_set_size_request(GTK_WIDGET(self), on ? WIDTH_PRESENTATION : WIDTH, -1);
  reach_plot_set_presentation(self->ring_plot, on);
  reach_plot_set_presentation(self->shift_plot, on);
}

ReachPlot *reach_ring_panel_get_ring_plot(ReachRingPanel *self) { return self->ring_plot; }
ReachPlot *reach_ring_panel_get_shift_plot(ReachRingPanel *self) { return self->shift_plot; }
