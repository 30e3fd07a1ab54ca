// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-muscle-panel.h"

#include <glib/gi18n.h>
#include <string.h>

#include "plant/arm.h"
#include "reach-panel.h"

// the scale of every row: the trained network's reaches stay under 20 % (a push may clip)
#define ACT_TOP 0.25

struct _ReachMusclePanel {
  GtkBox parent_instance;
  GtkLabel *title;
  GtkDrawingArea *area;
  double *act;  // [n_shown][6]
  int n_shown, n_axis, go_step;
  double dt;
  gboolean presentation;
};

G_DEFINE_FINAL_TYPE(ReachMusclePanel, reach_muscle_panel, GTK_TYPE_BOX)

// Rows of agonist–antagonist pairs, the flexor (blue) and the extensor (orange) of a joint
// drawn over each other, so their alternation in a reach reads at a glance.
enum { NPAIR = 3 };
static const struct {
  reach_muscle muscle;
  const char *name;  // the core's arm26 muscle, readable
} pairs[NPAIR][2] = {
    {{REACH_PECTORALIS, N_("Pectoralis")}, {REACH_DELTOID, N_("Post. deltoid")}},
    {{REACH_BRACHIORADIALIS, N_("Brachioradialis")}, {REACH_TRICEPS_LAT, N_("Triceps lat.")}},
    {{REACH_BICEPS, N_("Biceps")}, {REACH_TRICEPS_LONG, N_("Triceps long")}},
};
// flexors blue, extensors orange (GNOME palette)
static const double colour[2][3] = {{0.11, 0.44, 0.85}, {0.90, 0.38, 0.0}};

static void draw(GtkDrawingArea *area, cairo_t *cr, int w, int h, gpointer data) {
  (void)area;
  ReachMusclePanel *self = data;
  GtkWidget *widget = GTK_WIDGET(self->area);
  GdkRGBA fg;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color(gtk_widget_get_style_context(widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  // names in a column as wide as the widest
  PangoLayout *layout = gtk_widget_create_pango_layout(widget, NULL);
  int name_w = 0, text_h = 0;
  for (int i = 0; i < NPAIR; i++)
    for (int j = 0; j < 2; j++) {
      int lw, lh;
      pango_layout_set_text(layout, _(pairs[i][j].name), -1);
      pango_layout_get_pixel_size(layout, &lw, &lh);
      name_w = MAX(name_w, lw);
      text_h = MAX(text_h, lh);
    }
  const double gap = 10, x0 = name_w + gap, x1 = w - 2, row_h = (double)h / NPAIR;
  const int n_axis = MAX(self->n_axis, 2);
  const double sx = (x1 - x0) / (n_axis - 1);
  for (int i = 0; i < NPAIR; i++) {
    const double top = i * row_h, base = top + row_h - 3, height = row_h - 6;
    cairo_set_source_rgba(cr, fg.red, fg.green, fg.blue, 0.2);
    cairo_rectangle(cr, x0, base, x1 - x0, 1);
    cairo_fill(cr);
    for (int j = 0; j < 2; j++) {
      const double *c = colour[j];
      pango_layout_set_text(layout, _(pairs[i][j].name), -1);
      cairo_move_to(cr, 0, top + 0.5 * row_h - text_h + j * text_h);
      cairo_set_source_rgb(cr, 0.75 * c[0], 0.75 * c[1], 0.75 * c[2]);
      pango_cairo_show_layout(cr, layout);
      if (self->n_shown < 1) continue;
      const int m = pairs[i][j].muscle;
      cairo_new_path(cr);
      cairo_move_to(cr, x0, base);
      for (int k = 0; k < self->n_shown; k++) {
        double a = CLAMP(self->act[6 * k + m] / ACT_TOP, 0.0, 1.0);
        cairo_line_to(cr, x0 + k * sx, base - a * height);
      }
      cairo_line_to(cr, x0 + (self->n_shown - 1) * sx, base);
      cairo_close_path(cr);
      cairo_set_source_rgba(cr, c[0], c[1], c[2], 0.22);
      cairo_fill(cr);
      cairo_new_path(cr);
      for (int k = 0; k < self->n_shown; k++) {
        double a = CLAMP(self->act[6 * k + m] / ACT_TOP, 0.0, 1.0);
        cairo_line_to(cr, x0 + k * sx, base - a * height);
      }
      cairo_set_source_rgba(cr, c[0], c[1], c[2], 1.0);
      cairo_set_line_width(cr, self->presentation ? 3.0 : 1.8);
      cairo_stroke(cr);
    }
  }
  // now, and the go cue
  if (self->n_shown > 0) {
    cairo_set_source_rgba(cr, fg.red, fg.green, fg.blue, 0.5);
    cairo_rectangle(cr, x0 + (self->n_shown - 1) * sx - 0.5, 0, 1, h);
    cairo_fill(cr);
  }
  if (self->go_step >= 0 && self->go_step < n_axis) {
    const double dash[] = {4, 3};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_source_rgba(cr, 0.15, 0.64, 0.41, 0.9);
    cairo_set_line_width(cr, 1.5);
    cairo_move_to(cr, x0 + self->go_step * sx, 0);
    cairo_line_to(cr, x0 + self->go_step * sx, h);
    cairo_stroke(cr);
  }
  g_object_unref(layout);
}

static void reach_muscle_panel_finalize(GObject *object) {
  ReachMusclePanel *self = REACH_MUSCLE_PANEL(object);
  g_free(self->act);
  G_OBJECT_CLASS(reach_muscle_panel_parent_class)->finalize(object);
}

static void reach_muscle_panel_dispose(GObject *object) {
  reach_panel_dispose_template(GTK_WIDGET(object), REACH_TYPE_MUSCLE_PANEL);
  G_OBJECT_CLASS(reach_muscle_panel_parent_class)->dispose(object);
}

static void reach_muscle_panel_class_init(ReachMusclePanelClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  object_class->finalize = reach_muscle_panel_finalize;
  object_class->dispose = reach_muscle_panel_dispose;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/reachlab/ReachLab/ui/reach-muscle-panel.ui");
  gtk_widget_class_bind_template_child(widget_class, ReachMusclePanel, title);
  gtk_widget_class_bind_template_child(widget_class, ReachMusclePanel, area);
  gtk_widget_class_set_css_name(widget_class, "musclepanel");
}

static void reach_muscle_panel_init(ReachMusclePanel *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->act = g_new0(double, 6);
  self->go_step = -1;
  gtk_drawing_area_set_draw_func(self->area, draw, self, NULL);
}

GtkWidget *reach_muscle_panel_new(void) { return g_object_new(REACH_TYPE_MUSCLE_PANEL, NULL); }

void reach_muscle_panel_show(ReachMusclePanel *self, const double *act, gsize stride, int n_shown,
                             int n_axis, double dt, int go_step) {
  g_return_if_fail(REACH_IS_MUSCLE_PANEL(self));
  n_shown = MAX(n_shown, 0);
  if (n_shown > self->n_shown || n_shown == 0) {
    g_free(self->act);
    self->act = g_new0(double, 6 * (gsize)MAX(n_shown, 1));
  }
  for (int k = 0; k < n_shown; k++)
    memcpy(self->act + 6 * k, act + (gsize)k * stride, 6 * sizeof *act);
  self->n_shown = n_shown;
  self->n_axis = n_axis;
  self->dt = dt;
  self->go_step = go_step;
  gtk_widget_queue_draw(GTK_WIDGET(self->area));
}

void reach_muscle_panel_clear(ReachMusclePanel *self) {
  self->n_shown = 0;
  gtk_widget_queue_draw(GTK_WIDGET(self->area));
}

void reach_muscle_panel_set_presentation(ReachMusclePanel *self, gboolean on) {
  self->presentation = on;
  gtk_drawing_area_set_content_height(self->area, on ? 120 : 132);
  gtk_widget_queue_draw(GTK_WIDGET(self->area));
}

int reach_muscle_panel_get_latest(ReachMusclePanel *self, double act[6]) {
  if (self->n_shown > 0) memcpy(act, self->act + 6 * (self->n_shown - 1), 6 * sizeof *act);
  return self->n_shown;
}
