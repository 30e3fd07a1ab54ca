// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-arm-view.h"

#include <adwaita.h>

#include "reach-arm-gl.h"
#include "reach-arm-scene.h"

// pause at the target before the next reach starts (s)
#define HOLD_S       0.35
#define MIN_FRAME_US 33000

struct _ReachArmView {
  GtkWidget parent_instance;
  ReachArmTrace *trace;    // shown now
  ReachArmTrace *pending;  // newest, taken at the next reach
  ReachArmScene scene;
  gboolean presentation;
  guint tick_id;
  gint64 t0;  // frame time (µs) when the current reach began
  int reach, step;
  gboolean frozen;
  gint64 last_redraw;  // frame time of the last animation redraw (µs)
  double sum_ms, max_ms, sum_scene_ms;
  int frames;
  int vertices;
  // GL path: a GtkGLArea child drawing the same scene; Cairo when GL is unavailable
  GtkGLArea *gl_area;
  ReachArmGl *gl;
  gboolean use_gl;
};

G_DEFINE_FINAL_TYPE(ReachArmView, reach_arm_view, GTK_TYPE_WIDGET)

static void redraw(ReachArmView *self) {
  if (self->use_gl)
    gtk_gl_area_queue_render(self->gl_area);
  else
    gtk_widget_queue_draw(GTK_WIDGET(self));
}

static ReachArmStyle current_style(ReachArmView *self) {
  return (ReachArmStyle){
      .dark = adw_style_manager_get_dark(adw_style_manager_get_default()),
      .presentation = self->presentation,
  };
}

// t0: frame start; t1: when the scene was built (the rest is drawing it)
static void account(ReachArmView *self, gint64 t0, gint64 t1) {
  double ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
  self->sum_scene_ms += (double)(t1 - t0) / 1000.0;
  self->sum_ms += ms;
  self->max_ms = MAX(self->max_ms, ms);
  self->frames++;
}

static void reach_arm_scene_render_gl(ReachArmView *self, GtkWidget *w) {
  self->vertices = reach_arm_gl_render(self->gl, &self->scene, gtk_widget_get_width(w),
                                       gtk_widget_get_height(w), gtk_widget_get_scale_factor(w));
}

static gboolean gl_render(GtkGLArea *area, GdkGLContext *ctx, gpointer data) {
  (void)ctx;
  ReachArmView *self = data;
  if (!self->gl) return FALSE;
  gint64 t0 = g_get_monotonic_time();
  ReachArmStyle style = current_style(self);
  const ReachArmTrace *t = self->trace ? self->trace : self->pending;
  reach_arm_scene_build(&self->scene, t, self->reach, self->step, &style);
  gint64 t1 = g_get_monotonic_time();
  GtkWidget *w = GTK_WIDGET(area);
  reach_arm_scene_render_gl(self, w);
  account(self, t0, t1);
  return TRUE;
}

static void fall_back_to_cairo(ReachArmView *self, const char *why) {
  g_debug("arm view: drawing with Cairo (%s)", why);
  self->use_gl = FALSE;
  gtk_widget_set_visible(GTK_WIDGET(self->gl_area), FALSE);
  gtk_widget_queue_draw(GTK_WIDGET(self));
}

static void gl_realize(GtkGLArea *area, gpointer data) {
  ReachArmView *self = data;
  gtk_gl_area_make_current(area);
  GError *err = gtk_gl_area_get_error(area);
  if (err) {
    fall_back_to_cairo(self, err->message);
    return;
  }
  g_autoptr(GError) error = NULL;
  self->gl = reach_arm_gl_new(&error);
  if (!self->gl) fall_back_to_cairo(self, error->message);
}

static void gl_unrealize(GtkGLArea *area, gpointer data) {
  ReachArmView *self = data;
  gtk_gl_area_make_current(area);
  if (!gtk_gl_area_get_error(area)) reach_arm_gl_free(self->gl);
  self->gl = NULL;
}

static gboolean tick(GtkWidget *widget, GdkFrameClock *clock, gpointer data) {
  (void)data;
  ReachArmView *self = REACH_ARM_VIEW(widget);
  if (self->frozen) return G_SOURCE_CONTINUE;
  if (self->pending && !self->trace) {
    self->trace = g_steal_pointer(&self->pending);
    self->t0 = gdk_frame_clock_get_frame_time(clock);
  }
  if (!self->trace) return G_SOURCE_CONTINUE;
  const ReachArmTrace *t = self->trace;
  double period = (t->steps + 1) * t->dt + HOLD_S;
  double el = (gdk_frame_clock_get_frame_time(clock) - self->t0) / 1e6;
  if (el >= period) {
    // next reach; take the newest trace now, so a reach is never cut in half
    self->reach = (self->reach + 1) % MAX(t->n, 1);
    self->t0 = gdk_frame_clock_get_frame_time(clock);
    el = 0;
    if (self->pending) {
      reach_arm_trace_unref(self->trace);
      self->trace = g_steal_pointer(&self->pending);
      t = self->trace;
    }
  }
  int step = MIN((int)(el / t->dt), t->steps);
  // 30 frames a second are smooth for a 1 s reach and halve what a software renderer takes
  // from the worker on a small machine
  gint64 now = gdk_frame_clock_get_frame_time(clock);
  if ((step != self->step && now - self->last_redraw >= MIN_FRAME_US) || el == 0) {
    self->step = step;
    self->last_redraw = now;
    redraw(self);
  }
  return G_SOURCE_CONTINUE;
}

static void reach_arm_view_snapshot(GtkWidget *widget, GtkSnapshot *snapshot) {
  ReachArmView *self = REACH_ARM_VIEW(widget);
  if (self->use_gl) {
    gtk_widget_snapshot_child(widget, GTK_WIDGET(self->gl_area), snapshot);
    return;
  }
  int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
  if (w <= 0 || h <= 0) return;
  gint64 t0 = g_get_monotonic_time();
  ReachArmStyle style = current_style(self);
  const ReachArmTrace *t = self->trace ? self->trace : self->pending;
  reach_arm_scene_build(&self->scene, t, self->reach, self->step, &style);
  gint64 t1 = g_get_monotonic_time();
  cairo_t *cr = gtk_snapshot_append_cairo(snapshot, &GRAPHENE_RECT_INIT(0, 0, (float)w, (float)h));
  reach_arm_scene_render_cairo(&self->scene, cr, w, h);
  cairo_destroy(cr);
  account(self, t0, t1);
}

static void reach_arm_view_map(GtkWidget *widget) {
  ReachArmView *self = REACH_ARM_VIEW(widget);
  GTK_WIDGET_CLASS(reach_arm_view_parent_class)->map(widget);
  if (!self->tick_id) self->tick_id = gtk_widget_add_tick_callback(widget, tick, NULL, NULL);
}

static void reach_arm_view_unmap(GtkWidget *widget) {
  ReachArmView *self = REACH_ARM_VIEW(widget);
  if (self->tick_id) gtk_widget_remove_tick_callback(widget, self->tick_id);
  self->tick_id = 0;
  GTK_WIDGET_CLASS(reach_arm_view_parent_class)->unmap(widget);
}

static void reach_arm_view_measure(GtkWidget *widget, GtkOrientation orientation, int for_size,
                                   int *minimum, int *natural, int *minimum_baseline,
                                   int *natural_baseline) {
  (void)widget;
  (void)for_size;
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 280;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 560;
  *minimum_baseline = *natural_baseline = -1;
}

static void reach_arm_view_size_allocate(GtkWidget *widget, int width, int height, int baseline) {
  ReachArmView *self = REACH_ARM_VIEW(widget);
  if (self->gl_area && gtk_widget_get_visible(GTK_WIDGET(self->gl_area)))
    gtk_widget_allocate(GTK_WIDGET(self->gl_area), width, height, baseline, NULL);
}

static void reach_arm_view_dispose(GObject *object) {
  ReachArmView *self = REACH_ARM_VIEW(object);
  if (self->gl_area) gtk_widget_unparent(GTK_WIDGET(self->gl_area));
  self->gl_area = NULL;
  G_OBJECT_CLASS(reach_arm_view_parent_class)->dispose(object);
}

static void reach_arm_view_finalize(GObject *object) {
  ReachArmView *self = REACH_ARM_VIEW(object);
  reach_arm_trace_unref(self->trace);
  reach_arm_trace_unref(self->pending);
  reach_arm_scene_clear(&self->scene);
  G_OBJECT_CLASS(reach_arm_view_parent_class)->finalize(object);
}

static void reach_arm_view_class_init(ReachArmViewClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  object_class->finalize = reach_arm_view_finalize;
  object_class->dispose = reach_arm_view_dispose;
  widget_class->size_allocate = reach_arm_view_size_allocate;
  widget_class->snapshot = reach_arm_view_snapshot;
  widget_class->map = reach_arm_view_map;
  widget_class->unmap = reach_arm_view_unmap;
  widget_class->measure = reach_arm_view_measure;
  gtk_widget_class_set_css_name(widget_class, "armview");
  gtk_widget_class_set_accessible_role(widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void dark_changed(ReachArmView *self) { redraw(self); }

static void reach_arm_view_init(ReachArmView *self) {
  reach_arm_scene_init(&self->scene);
  gtk_widget_set_hexpand(GTK_WIDGET(self), TRUE);
  gtk_widget_set_vexpand(GTK_WIDGET(self), TRUE);
  gtk_widget_set_overflow(GTK_WIDGET(self), GTK_OVERFLOW_HIDDEN);
  g_signal_connect_object(adw_style_manager_get_default(), "notify::dark", G_CALLBACK(dark_changed),
                          self, G_CONNECT_SWAPPED);
  // REACH_ARM_VIEW=cairo forces the fallback (for comparisons); GL errors fall back by themselves
  self->use_gl = g_strcmp0(g_getenv("REACH_ARM_VIEW"), "cairo") != 0;
  self->gl_area = GTK_GL_AREA(gtk_gl_area_new());
  gtk_gl_area_set_required_version(self->gl_area, 3, 2);
  gtk_widget_set_hexpand(GTK_WIDGET(self->gl_area), TRUE);
  gtk_widget_set_vexpand(GTK_WIDGET(self->gl_area), TRUE);
  gtk_widget_set_parent(GTK_WIDGET(self->gl_area), GTK_WIDGET(self));
  gtk_widget_set_visible(GTK_WIDGET(self->gl_area), self->use_gl);
  g_signal_connect(self->gl_area, "realize", G_CALLBACK(gl_realize), self);
  g_signal_connect(self->gl_area, "unrealize", G_CALLBACK(gl_unrealize), self);
  g_signal_connect(self->gl_area, "render", G_CALLBACK(gl_render), self);
}

const char *reach_arm_view_get_renderer(ReachArmView *self) {
  return self->use_gl ? "GL" : "Cairo";
}

GtkWidget *reach_arm_view_new(void) { return g_object_new(REACH_TYPE_ARM_VIEW, NULL); }

void reach_arm_view_set_trace(ReachArmView *self, ReachArmTrace *trace) {
  g_return_if_fail(REACH_IS_ARM_VIEW(self));
  if (trace == self->trace || trace == self->pending) return;
  reach_arm_trace_unref(self->pending);
  self->pending = trace ? reach_arm_trace_ref(trace) : NULL;
  if (self->frozen || !self->trace) {
    // nothing animating yet (or frozen for a picture): show it at once
    reach_arm_trace_unref(self->trace);
    self->trace = g_steal_pointer(&self->pending);
    if (self->trace && self->reach >= self->trace->n) self->reach = 0;
    redraw(self);
  }
}

void reach_arm_view_set_presentation(ReachArmView *self, gboolean on) {
  self->presentation = on;
  redraw(self);
}

void reach_arm_view_freeze(ReachArmView *self, int reach, int step) {
  self->frozen = reach >= 0;
  if (self->frozen) {
    self->reach = reach;
    self->step = step;
    if (self->pending) {
      reach_arm_trace_unref(self->trace);
      self->trace = g_steal_pointer(&self->pending);
    }
  }
  redraw(self);
}

void reach_arm_view_get_position(ReachArmView *self, int *reach, int *step) {
  if (reach) *reach = self->reach;
  if (step) *step = self->step;
}

void reach_arm_view_get_frame_stats(ReachArmView *self, double *mean_ms, double *max_ms,
                                    int *frames) {
  if (mean_ms) *mean_ms = self->frames ? self->sum_ms / self->frames : 0.0;
  if (max_ms) *max_ms = self->max_ms;
  if (frames) *frames = self->frames;
}

void reach_arm_view_get_scene_stats(ReachArmView *self, double *scene_ms, int *vertices) {
  if (scene_ms) *scene_ms = self->frames ? self->sum_scene_ms / self->frames : 0.0;
  if (vertices) *vertices = self->vertices;
}

void reach_arm_view_reset_frame_stats(ReachArmView *self) {
  self->sum_ms = self->max_ms = self->sum_scene_ms = 0;
  self->frames = 0;
}
