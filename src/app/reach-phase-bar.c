// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-phase-bar.h"

#include <glib/gi18n.h>

#include "task/phase.h"

#define MAX_PHASES REACH_MAX_PHASES

struct _ReachPhaseBar {
  GtkWidget parent_instance;
  int n;  // phases shown
  int stage, batch;
  int batches[MAX_PHASES];
  int tint[MAX_PHASES], cue[MAX_PHASES];
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
    // null phases blue, a clockwise curl orange, a counter-clockwise one purple, a rotation green
    // (GNOME palette)
    static const double tints[][3] = {
        {0.21, 0.52, 0.89}, {1.0, 0.47, 0.0}, {0.57, 0.25, 0.67}, {0.18, 0.76, 0.49}};
    const double *t = tints[CLAMP(self->tint[i], 0, (int)G_N_ELEMENTS(tints) - 1)];
    double r = t[0], g = t[1], b = t[2];
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
    if (self->cue[i] > 0) {
      // the cue's colour along the top: phases that share a context input share it
      static const double cues[][3] = {{0.88, 0.11, 0.14}, {0.15, 0.64, 0.41}, {0.6, 0.35, 0.71},
                                       {0.39, 0.27, 0.18}, {0.96, 0.76, 0.07}, {0.2, 0.2, 0.2},
                                       {0.0, 0.5, 0.5},    {0.5, 0.5, 0.0}};
      const double *c = cues[(self->cue[i] - 1) % (int)G_N_ELEMENTS(cues)];
      cairo_save(cr);
      rounded(cr, x, 1, seg, h - 2, 6);
      cairo_clip(cr);
      cairo_rectangle(cr, x, 1, seg, 4);
      cairo_set_source_rgba(cr, c[0], c[1], c[2], 0.9);
      cairo_fill(cr);
      cairo_restore(cr);
    }
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
    if (pango_layout_is_ellipsized(layout)) {
      // too narrow (a long protocol): the name alone, with the progress of the phase run; the
      // tint and the cue stripe say the kind
      g_autofree char *shorter =
          self->stage == i ? g_strdup_printf("<b>%s</b> %d/%d", name, self->batch, self->batches[i])
                           : g_strdup_printf("<b>%s</b>", name);
      pango_layout_set_markup(layout, shorter, -1);
    }
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
  reach_phase_bar_set_phases(self, REACH_NPHASE, reach_phase_names, kinds, none, field, NULL, 0, 0);
}

GtkWidget *reach_phase_bar_new(void) { return g_object_new(REACH_TYPE_PHASE_BAR, NULL); }

// What a phase is, in a few words: the study's "null field" / "curl field", and for other lists
// the curl's direction, the rotation's angle and the cue.
static char *describe(const reach_phase *p) {
  g_autofree char *kind =
      p->kind == REACH_PHASE_ROTATION ? g_strdup_printf(_("rotation %+.0f°"), p->angle_deg)
      : p->kind == REACH_PHASE_CURL && p->gain < 0.0 ? g_strdup(_("curl field, counter-clockwise"))
      : p->kind == REACH_PHASE_CURL                  ? g_strdup(_("curl field"))
                                                     : g_strdup(_("null field"));
  if (p->context <= 0) return g_steal_pointer(&kind);
  g_autofree char *cue = g_strdup_printf(_("cue %d"), p->context);
  return g_strdup_printf("%s · %s", kind, cue);
}

void reach_phase_bar_set_state(ReachPhaseBar *self, int stage, int batch, int n,
                               const reach_phase phases[]) {
  n = CLAMP(n, 0, MAX_PHASES);
  const char *names[MAX_PHASES] = {NULL};
  char *kinds[MAX_PHASES] = {NULL};
  int lengths[MAX_PHASES] = {0}, tint[MAX_PHASES] = {0}, cue[MAX_PHASES] = {0};
  for (int i = 0; i < n; i++) {
    const reach_phase *p = &phases[i];
    names[i] = p->name;
    kinds[i] = describe(p);
    lengths[i] = p->batches;
    tint[i] = p->kind == REACH_PHASE_ROTATION ? REACH_PHASE_TINT_ROTATION
              : p->kind == REACH_PHASE_CURL
                  ? (p->gain < 0.0 ? REACH_PHASE_TINT_CURL_CCW : REACH_PHASE_TINT_CURL_CW)
                  : REACH_PHASE_TINT_NULL;
    cue[i] = p->context;
  }
  reach_phase_bar_set_phases(self, n, names, (const char *const *)kinds, lengths, tint, cue,
                             stage >= n ? MAX_PHASES : stage, batch);
  for (int i = 0; i < n; i++) g_free(kinds[i]);
}

int reach_phase_bar_get_n(ReachPhaseBar *self) { return self->n; }

const char *reach_phase_bar_get_name(ReachPhaseBar *self, int i) {
  return i >= 0 && i < self->n ? self->names[i] : NULL;
}

void reach_phase_bar_set_phases(ReachPhaseBar *self, int n, const char *const names[],
                                const char *const kinds[], const int lengths[], const int tint[],
                                const int cue[], int stage, int done) {
  n = CLAMP(n, 0, MAX_PHASES);
  gboolean same = self->n == n && self->stage == stage && self->batch == done;
  for (int i = 0; i < n && same; i++)
    same = self->batches[i] == lengths[i] && self->tint[i] == tint[i] &&
           self->cue[i] == (cue ? cue[i] : 0) && g_strcmp0(self->names[i], names[i]) == 0 &&
           g_strcmp0(self->kinds[i], kinds[i]) == 0;
  if (same) return;
  self->n = n;
  self->stage = stage;
  self->batch = done;
  for (int i = 0; i < n; i++) {
    self->batches[i] = lengths[i];
    self->tint[i] = tint[i];
    self->cue[i] = cue ? cue[i] : 0;
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
