// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-shift-panel.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "reach-neural-view.h"
#include "reach-panel.h"

struct _ReachShiftPanel {
  GtkWidget parent_instance;
  // template children
  GtkAdjustment *m_adjustment;
  GtkScale *m_scale;
  GtkDrawingArea *paths;
  GtkLabel *pushed_label, *ff1_label, *ff2_label;

  ReachNeural *neural;
  char *why;
  gboolean presentation;
  double want;           // the slider's latest value
  gboolean busy;         // a push is running
  ReachArmTrace *shown;  // the latest push's reaches (nullable)
  double shown_m, shown_ld;
  int pushes;
};

G_DEFINE_FINAL_TYPE(ReachShiftPanel, reach_shift_panel, GTK_TYPE_WIDGET)

typedef struct {
  ReachNeural *neural;
  double m, ld;
  ReachArmTrace *trace;
} Job;

static void job_free(gpointer p) {
  Job *j = p;
  reach_neural_unref(j->neural);
  reach_arm_trace_unref(j->trace);
  g_free(j);
}

static void push_thread(GTask *task, gpointer source, gpointer data, GCancellable *c) {
  (void)source;
  (void)data;
  (void)c;
  Job *j = g_task_get_task_data(task);
  GError *error = NULL;
  j->trace = reach_neural_push(j->neural, j->m, &j->ld, &error);
  if (j->trace)
    g_task_return_boolean(task, TRUE);
  else
    g_task_return_error(task, error);
}

static void start_push(ReachShiftPanel *self);

static void cm(char *buf, gsize len, double ld_m) { g_snprintf(buf, len, "%+.2f cm", 100 * ld_m); }

static void update_labels(ReachShiftPanel *self) {
  if (!self->pushed_label) return;
  const ReachNeural *n = self->neural;
  if (!n) {
    gtk_label_set_text(self->pushed_label,
                       self->why ? self->why : _("Waiting for a trained network"));
    gtk_label_set_text(self->ff1_label, "");
    gtk_label_set_text(self->ff2_label, "");
    return;
  }
  char a[32], b[32], c[32];
  cm(b, sizeof b, n->ld_ff1);
  cm(c, sizeof c, n->ld_ff2);
  g_autofree char *pushed = NULL;
  if (self->shown) {
    cm(a, sizeof a, self->shown_ld);
    pushed = g_strdup_printf(_("m = %+.1f: LD %s"), self->shown_m, a);
  } else {
    pushed = g_strdup(_("Pushing…"));
  }
  g_autofree char *ff1 = g_strdup_printf(_("FF1 batch 0 (first meeting): %s"), b);
  g_autofree char *ff2 = g_strdup_printf(_("FF2 batch 0 (m = 0, savings): %s"), c);
  gtk_label_set_text(self->pushed_label, pushed);
  gtk_label_set_text(self->ff1_label, ff1);
  gtk_label_set_text(self->ff2_label, ff2);
}

static void push_done(GObject *source, GAsyncResult *res, gpointer data) {
  (void)data;
  ReachShiftPanel *self = REACH_SHIFT_PANEL(source);
  GTask *task = G_TASK(res);
  Job *j = g_task_get_task_data(task);
  g_autoptr(GError) error = NULL;
  self->busy = FALSE;
  gboolean ok = g_task_propagate_boolean(task, &error);
  if (!ok && self->pushed_label) gtk_label_set_text(self->pushed_label, error->message);
  // a result for a network no longer shown is dropped
  if (ok && j->neural == self->neural) {
    reach_arm_trace_unref(self->shown);
    self->shown = reach_arm_trace_ref(j->trace);
    self->shown_m = j->m;
    self->shown_ld = j->ld;
    self->pushes++;
    update_labels(self);
    if (self->paths) gtk_widget_queue_draw(GTK_WIDGET(self->paths));
  }
  if (self->neural && (j->neural != self->neural || (ok && j->m != self->want))) start_push(self);
}

// One push at a time; a slider move during it is taken up when it ends (only the latest m).
static void start_push(ReachShiftPanel *self) {
  if (self->busy || !self->neural) return;
  self->busy = TRUE;
  Job *j = g_new0(Job, 1);
  j->neural = reach_neural_ref(self->neural);
  j->m = self->want;
  GTask *task = g_task_new(self, NULL, push_done, NULL);
  g_task_set_task_data(task, j, job_free);
  g_task_run_in_thread(task, push_thread);
  g_object_unref(task);
}

static void m_changed(GtkAdjustment *adj, ReachShiftPanel *self) {
  // the slider snaps to tenths, as its labels show them
  self->want = round(gtk_adjustment_get_value(adj) * 10.0) / 10.0;
  start_push(self);
}

/* ---- the hand paths ---- */

static void paths_draw(GtkDrawingArea *area, cairo_t *cr, int W, int H, gpointer data) {
  (void)area;
  ReachShiftPanel *self = data;
  const gboolean dark = adw_style_manager_get_dark(adw_style_manager_get_default());
  const double bg = self->presentation ? 1.0 : dark ? 0x1e / 255.0 : 0xfa / 255.0;
  const double ink = self->presentation || !dark ? 0.25 : 0.8;
  cairo_set_source_rgb(cr, bg, bg, bg);
  cairo_paint(cr);
  const ReachNeural *n = self->neural;
  if (!n) return;
  const ReachArmTrace *ref = n->ff2_b0;
  double reach = 0;
  for (int b = 0; b < ref->n; b++)
    reach = MAX(reach,
                hypot(ref->target[2 * b] - ref->start[0], ref->target[2 * b + 1] - ref->start[1]));
  if (reach <= 0) return;
  // the targets fill the area; a path that overshoots may leave it
  const double k = 0.40 * MIN(W, H) / reach, cx = 0.5 * W, cy = 0.5 * H;
#define X(v) (cx + k * ((v)-ref->start[0]))
#define Y(v) (cy - k * ((v)-ref->start[1]))
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  const double tr = 0.012 * k;
  cairo_set_line_width(cr, 1.5);
  cairo_set_source_rgba(cr, ink, ink, ink, 0.6);
  for (int b = 0; b < ref->n; b++) {
    cairo_new_sub_path(cr);
    cairo_arc(cr, X(ref->target[2 * b]), Y(ref->target[2 * b + 1]), MAX(tr, 4.0), 0, 2 * G_PI);
  }
  cairo_stroke(cr);
  // the unperturbed FF2 batch 0 (m = 0), dashed grey, under the pushed reaches in target colours
  const ReachArmTrace *ts[2] = {ref, self->shown};
  for (int i = 0; i < 2; i++) {
    const ReachArmTrace *t = ts[i];
    if (!t) continue;
    for (int b = 0; b < t->n; b++) {
      double rgb[3];
      reach_neural_target_rgb(b, t->n, rgb);
      if (i == 0) {
        cairo_set_source_rgba(cr, ink, ink, ink, 0.45);
        cairo_set_dash(cr, (double[]){4, 3}, 2, 0);
        cairo_set_line_width(cr, 1.2);
      } else {
        cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
        cairo_set_dash(cr, NULL, 0, 0);
        cairo_set_line_width(cr, self->presentation ? 3.0 : 2.2);
      }
      for (int s = 0; s <= t->steps; s++) {
        const double *p = t->xy + 2 * ((gsize)s * (gsize)t->n + (gsize)b);
        if (s == 0)
          cairo_move_to(cr, X(p[0]), Y(p[1]));
        else
          cairo_line_to(cr, X(p[0]), Y(p[1]));
      }
      cairo_stroke(cr);
    }
  }
  cairo_set_source_rgb(cr, ink, ink, ink);
  cairo_arc(cr, cx, cy, 3.0, 0, 2 * G_PI);
  cairo_fill(cr);
#undef X
#undef Y
}

/* ---- GObject ---- */

static void reach_shift_panel_dispose(GObject *object) {
  ReachShiftPanel *self = REACH_SHIFT_PANEL(object);
  g_clear_pointer(&self->neural, reach_neural_unref);
  reach_panel_dispose_template(GTK_WIDGET(self), REACH_TYPE_SHIFT_PANEL);
  G_OBJECT_CLASS(reach_shift_panel_parent_class)->dispose(object);
}

static void reach_shift_panel_finalize(GObject *object) {
  ReachShiftPanel *self = REACH_SHIFT_PANEL(object);
  reach_arm_trace_unref(self->shown);
  g_free(self->why);
  G_OBJECT_CLASS(reach_shift_panel_parent_class)->finalize(object);
}

static void reach_shift_panel_class_init(ReachShiftPanelClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  object_class->dispose = reach_shift_panel_dispose;
  object_class->finalize = reach_shift_panel_finalize;
  reach_panel_class_set_template(widget_class, "/org/reachlab/ReachLab/ui/reach-shift-panel.ui",
                                 "shiftpanel");
  gtk_widget_class_bind_template_child(widget_class, ReachShiftPanel, m_adjustment);
  gtk_widget_class_bind_template_child(widget_class, ReachShiftPanel, m_scale);
  gtk_widget_class_bind_template_child(widget_class, ReachShiftPanel, paths);
  gtk_widget_class_bind_template_child(widget_class, ReachShiftPanel, pushed_label);
  gtk_widget_class_bind_template_child(widget_class, ReachShiftPanel, ff1_label);
  gtk_widget_class_bind_template_child(widget_class, ReachShiftPanel, ff2_label);
}

static void reach_shift_panel_init(ReachShiftPanel *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  for (int m = -2; m <= 2; m++) {
    g_autofree char *mark = g_strdup_printf("%+d", m);
    gtk_scale_add_mark(self->m_scale, m, GTK_POS_BOTTOM, m ? mark : "0");
  }
  gtk_drawing_area_set_draw_func(self->paths, paths_draw, self, NULL);
  g_signal_connect(self->m_adjustment, "value-changed", G_CALLBACK(m_changed), self);
  g_signal_connect_object(adw_style_manager_get_default(), "notify::dark",
                          G_CALLBACK(gtk_widget_queue_draw), self->paths, G_CONNECT_SWAPPED);
  update_labels(self);
}

void reach_shift_panel_set_neural(ReachShiftPanel *self, ReachNeural *n, const char *why) {
  g_return_if_fail(REACH_IS_SHIFT_PANEL(self));
  if (n == self->neural && g_strcmp0(why, self->why) == 0) return;
  reach_neural_unref(self->neural);
  self->neural = n ? reach_neural_ref(n) : NULL;
  g_free(self->why);
  self->why = g_strdup(why);
  g_clear_pointer(&self->shown, reach_arm_trace_unref);
  gtk_widget_set_sensitive(GTK_WIDGET(self->m_scale), n != NULL);
  update_labels(self);
  gtk_widget_queue_draw(GTK_WIDGET(self->paths));
  start_push(self);
}

void reach_shift_panel_set_presentation(ReachShiftPanel *self, gboolean on) {
  self->presentation = on;
  gtk_widget_queue_draw(GTK_WIDGET(self->paths));
}

void reach_shift_panel_set_m(ReachShiftPanel *self, double m) {
  gtk_adjustment_set_value(self->m_adjustment, m);
}

gboolean reach_shift_panel_get_result(ReachShiftPanel *self, double *m, double *ld) {
  if (!self->shown) return FALSE;
  if (m) *m = self->shown_m;
  if (ld) *ld = self->shown_ld;
  return TRUE;
}

int reach_shift_panel_get_pushes(ReachShiftPanel *self) { return self->pushes; }
gboolean reach_shift_panel_is_busy(ReachShiftPanel *self) { return self->busy; }
GtkWidget *reach_shift_panel_get_paths(ReachShiftPanel *self) { return GTK_WIDGET(self->paths); }
