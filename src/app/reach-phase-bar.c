// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-phase-bar.h"

#include <glib/gi18n.h>

#include "task/phase.h"

#define MAX_PHASES 6

struct _ReachPhaseBar {
  GtkWidget parent_instance;
  int n;  // phases shown
  int stage, batch;
  int batches[MAX_PHASES];
  gboolean field[MAX_PHASES];
  char *names[MAX_PHASES], *kinds[MAX_PHASES];
  gboolean presentation;
};

G_DEFINE_FINAL_TYPE(ReachPhaseBar, reach_phase_bar, GTK_TYPE_WIDGET)

static void rounded(cairo_t *cr, double x, double y, double w, double h, double r) {
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc(cr, x + r, y + r, r, G_PI, 1.5 * G_PI);
  cairo_close_path(cr);
}

static void reach_phase_bar_snapshot(GtkWidget *widget, GtkSnapshot *snapshot) {
  ReachPhaseBar *self = REACH_PHASE_BAR(widget);
  int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
  GdkRGBA fg;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color(gtk_widget_get_style_context(widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  cairo_t *cr = gtk_snapshot_append_cairo(snapshot, &GRAPHENE_RECT_INIT(0, 0, (float)w, (float)h));
  const int n = MAX(self->n, 1);
  const double gap = 6, seg = (w - (n - 1) * gap) / n;
  for (int i = 0; i < self->n; i++) {
    double x = i * (seg + gap);
    gboolean ff = self->field[i];
    // field phases orange, null phases blue (GNOME palette)
    double r = ff ? 1.0 : 0.21, g = ff ? 0.47 : 0.52, b = ff ? 0.0 : 0.89;
    double frac = self->stage > i || self->stage >= self->n ? 1.0
                  : self->stage == i && self->batches[i] > 0
                      ? CLAMP((double)self->batch / self->batches[i], 0.0, 1.0)
                      : 0.0;
    rounded(cr, x, 1, seg, h - 2, 6);
    cairo_set_source_rgba(cr, r, g, b, 0.14);
    cairo_fill_preserve(cr);
    cairo_save(cr);
    cairo_clip(cr);
    cairo_rectangle(cr, x, 0, seg * frac, h);
    cairo_set_source_rgba(cr, r, g, b, self->stage == i ? 0.55 : 0.32);
    cairo_fill(cr);
    cairo_restore(cr);
    if (self->stage == i) {
      rounded(cr, x + 1, 2, seg - 2, h - 4, 5);
      cairo_set_source_rgba(cr, r * 0.8, g * 0.8, b * 0.8, 1);
      cairo_set_line_width(cr, 2.0);
      cairo_stroke(cr);
    }
    g_autofree char *text = NULL;
    g_autofree char *name = g_markup_escape_text(self->names[i], -1);
    g_autofree char *kind = g_markup_escape_text(self->kinds[i], -1);
    if (self->stage == i)
      text = g_strdup_printf("<b>%s</b>  %s · %d/%d", name, kind, self->batch, self->batches[i]);
    else
      text = g_strdup_printf("<b>%s</b>  %s", name, kind);
    PangoLayout *layout = gtk_widget_create_pango_layout(widget, NULL);
    pango_layout_set_markup(layout, text, -1);
    pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    pango_layout_set_width(layout, (int)((seg - 12) * PANGO_SCALE));
    pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
    int lw, lh;
    pango_layout_get_pixel_size(layout, &lw, &lh);
    cairo_move_to(cr, x + 6, 0.5 * (h - lh));
    gdk_cairo_set_source_rgba(cr, &fg);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
  }
  cairo_destroy(cr);
}

static void reach_phase_bar_measure(GtkWidget *widget, GtkOrientation orientation, int for_size,
                                    int *minimum, int *natural, int *minimum_baseline,
                                    int *natural_baseline) {
  (void)for_size;
  ReachPhaseBar *self = REACH_PHASE_BAR(widget);
  if (orientation == GTK_ORIENTATION_HORIZONTAL) {
    *minimum = 240;
    *natural = 600;
  } else {
    PangoLayout *layout = gtk_widget_create_pango_layout(widget, "NF1");
    int lw, lh;
    pango_layout_get_pixel_size(layout, &lw, &lh);
    g_object_unref(layout);
    *minimum = *natural = lh + (self->presentation ? 20 : 14);
  }
  *minimum_baseline = *natural_baseline = -1;
}

static void reach_phase_bar_finalize(GObject *object) {
  ReachPhaseBar *self = REACH_PHASE_BAR(object);
  for (int i = 0; i < MAX_PHASES; i++) {
    g_free(self->names[i]);
    g_free(self->kinds[i]);
  }
  G_OBJECT_CLASS(reach_phase_bar_parent_class)->finalize(object);
}

static void reach_phase_bar_class_init(ReachPhaseBarClass *klass) {
  G_OBJECT_CLASS(klass)->finalize = reach_phase_bar_finalize;
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  widget_class->snapshot = reach_phase_bar_snapshot;
  widget_class->measure = reach_phase_bar_measure;
  gtk_widget_class_set_css_name(widget_class, "phasebar");
  gtk_widget_class_set_accessible_role(widget_class, GTK_ACCESSIBLE_ROLE_PROGRESS_BAR);
}

static void reach_phase_bar_init(ReachPhaseBar *self) {
  const int none[REACH_NPHASE] = {0}, field[REACH_NPHASE] = {0, 1, 0, 1};
  const char *kinds[REACH_NPHASE] = {_("null field"), _("curl field"), _("null field"),
                                     _("curl field")};
  reach_phase_bar_set_phases(self, REACH_NPHASE, reach_phase_names, kinds, none, field, 0, 0);
}

GtkWidget *reach_phase_bar_new(void) { return g_object_new(REACH_TYPE_PHASE_BAR, NULL); }

void reach_phase_bar_set_state(ReachPhaseBar *self, int stage, int batch,
                               const int batches[REACH_NPHASE], const double field[REACH_NPHASE]) {
  const char *kinds[REACH_NPHASE];
  gboolean on[REACH_NPHASE];
  for (int i = 0; i < REACH_NPHASE; i++) {
    on[i] = field[i] != 0.0;
    kinds[i] = on[i] ? _("curl field") : _("null field");
  }
  reach_phase_bar_set_phases(self, REACH_NPHASE, reach_phase_names, kinds, batches, on, stage,
                             batch);
}

void reach_phase_bar_set_phases(ReachPhaseBar *self, int n, const char *const names[],
                                const char *const kinds[], const int lengths[],
                                const gboolean field[], int stage, int done) {
  n = CLAMP(n, 0, MAX_PHASES);
  gboolean same = self->n == n && self->stage == stage && self->batch == done;
  for (int i = 0; i < n && same; i++)
    same = self->batches[i] == lengths[i] && self->field[i] == !!field[i] &&
           g_strcmp0(self->names[i], names[i]) == 0 && g_strcmp0(self->kinds[i], kinds[i]) == 0;
  if (same) return;
  self->n = n;
  self->stage = stage;
  self->batch = done;
  for (int i = 0; i < n; i++) {
    self->batches[i] = lengths[i];
    self->field[i] = !!field[i];
    if (g_strcmp0(self->names[i], names[i]) != 0) {
      g_free(self->names[i]);
      self->names[i] = g_strdup(names[i]);
    }
    if (g_strcmp0(self->kinds[i], kinds[i]) != 0) {
      g_free(self->kinds[i]);
      self->kinds[i] = g_strdup(kinds[i]);
    }
  }
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

void reach_phase_bar_set_presentation(ReachPhaseBar *self, gboolean on) {
  self->presentation = on;
  gtk_widget_queue_resize(GTK_WIDGET(self));
}
