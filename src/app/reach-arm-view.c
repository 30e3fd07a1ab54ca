// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-arm-view.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "reach-arm-gl.h"
#include "reach-arm-scene.h"
#include "reach-muscle-panel.h"
#include "reach-poke.h"

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
  // poking (reach-poke.h): a live reach instead of the trace while poke is set
  ReachPoke *poke;
  GtkGesture *drag;
  double drag_x, drag_y;  // widget pixels where the drag began
  GtkWidget *poke_box;    // the hint or the clamp note, and the way back
  GtkLabel *poke_label;
  gint64 poke_last;  // frame time of the last poke frame (µs)
  gint64 poke_first;
  int poke_frames;
  double poke_max_interval;  // µs
  double poke_speed;
  ReachMusclePanel *muscles;  // not owned: fed as the arm moves
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

static void build_scene(ReachArmView *self) {
  ReachArmStyle style = current_style(self);
  if (self->poke) {
    ReachPokePicture p;
    reach_poke_picture(self->poke, &p);
    reach_arm_scene_build_poke(&self->scene, &p, &style);
    return;
  }
  const ReachArmTrace *t = self->trace ? self->trace : self->pending;
  reach_arm_scene_build(&self->scene, t, self->reach, self->step, &style);
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
  build_scene(self);
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

// The muscle traces of what is on screen: the live reach's recent past, or the trace's reach up
// to the step shown.
static void update_muscles(ReachArmView *self) {
  if (!self->muscles) return;
  if (self->poke) {
    int n;
    double dt;
    const double *act = reach_poke_activations(self->poke, &n, &dt);
    reach_muscle_panel_show(self->muscles, act, REACH_APP_NMUSCLE, n, REACH_POKE_WINDOW, dt, -1);
    return;
  }
  const ReachArmTrace *t = self->trace ? self->trace : self->pending;
  if (!t || t->n <= 0) {
    reach_muscle_panel_clear(self->muscles);
    return;
  }
  const int reach = CLAMP(self->reach, 0, t->n - 1), step = CLAMP(self->step, 0, t->steps);
  reach_muscle_panel_show(self->muscles, t->act + (gsize)reach * REACH_APP_NMUSCLE,
                          (gsize)t->n * REACH_APP_NMUSCLE, step + 1, t->steps + 1, t->dt,
                          t->has_tool ? -1 : t->go_step);
}

static void update_poke_label(ReachArmView *self) {
  const char *text =
      !self->poke                      ? NULL
      : reach_poke_grabbed(self->poke) ? _("Pushing the hand: let go to see the network correct")
      : reach_poke_clamped(self->poke)
          ? _("Out of reach: the target moved to the nearest point the arm can reach")
          : _("Click: a new target. Drag the hand: push it.");
  if (text && g_strcmp0(gtk_label_get_label(self->poke_label), text) != 0)
    gtk_label_set_label(self->poke_label, text);
  gtk_widget_set_visible(self->poke_box, self->poke != NULL);
}

static void poke_tick(ReachArmView *self, GdkFrameClock *clock) {
  gint64 now = gdk_frame_clock_get_frame_time(clock);
  if (self->poke_last) {
    reach_poke_advance(self->poke, (double)(now - self->poke_last) / 1e6, self->poke_speed);
    self->poke_max_interval = MAX(self->poke_max_interval, (double)(now - self->poke_last));
  } else {
    self->poke_first = now;
  }
  self->poke_last = now;
  self->poke_frames++;
  update_poke_label(self);
  update_muscles(self);
  redraw(self);
}

static gboolean tick(GtkWidget *widget, GdkFrameClock *clock, gpointer data) {
  (void)data;
  ReachArmView *self = REACH_ARM_VIEW(widget);
  if (self->poke && !self->frozen) {
    // every frame: the live reach is stepped by the frame clock, in real time
    poke_tick(self, clock);
    return G_SOURCE_CONTINUE;
  }
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
    update_muscles(self);
    redraw(self);
  }
  return G_SOURCE_CONTINUE;
}

static void reach_arm_view_snapshot(GtkWidget *widget, GtkSnapshot *snapshot) {
  ReachArmView *self = REACH_ARM_VIEW(widget);
  if (self->use_gl) {
    gtk_widget_snapshot_child(widget, GTK_WIDGET(self->gl_area), snapshot);
    gtk_widget_snapshot_child(widget, self->poke_box, snapshot);
    return;
  }
  int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
  if (w <= 0 || h <= 0) return;
  gint64 t0 = g_get_monotonic_time();
  build_scene(self);
  gint64 t1 = g_get_monotonic_time();
  cairo_t *cr = gtk_snapshot_append_cairo(snapshot, &GRAPHENE_RECT_INIT(0, 0, (float)w, (float)h));
  reach_arm_scene_render_cairo(&self->scene, cr, w, h);
  cairo_destroy(cr);
  account(self, t0, t1);
  gtk_widget_snapshot_child(widget, self->poke_box, snapshot);
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
  if (self->poke_box && gtk_widget_get_visible(self->poke_box)) {
    // along the bottom, over the body: the arm and its targets stay clear
    const int margin = 8, bw = MAX(width - 2 * margin, 1);
    int min_h, nat_h;
    gtk_widget_measure(self->poke_box, GTK_ORIENTATION_VERTICAL, bw, &min_h, &nat_h, NULL, NULL);
    GtkAllocation a = {margin, height - nat_h - margin, bw, nat_h};
    gtk_widget_size_allocate(self->poke_box, &a, -1);
  }
}

static void reach_arm_view_dispose(GObject *object) {
  ReachArmView *self = REACH_ARM_VIEW(object);
  if (self->gl_area) gtk_widget_unparent(GTK_WIDGET(self->gl_area));
  self->gl_area = NULL;
  if (self->poke_box) gtk_widget_unparent(self->poke_box);
  self->poke_box = NULL;
  g_clear_pointer(&self->poke, reach_poke_free);
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

static void slow_toggled(GtkToggleButton *b, ReachArmView *self) {
  reach_arm_view_set_poke_speed(self, gtk_toggle_button_get_active(b) ? 0.25 : 1.0);
}

static void to_world(ReachArmView *self, double x, double y, double xy[2]) {
  double k, ox, oy;
  reach_arm_scene_transform(&self->scene, gtk_widget_get_width(GTK_WIDGET(self)),
                            gtk_widget_get_height(GTK_WIDGET(self)), &k, &ox, &oy);
  xy[0] = (x - ox) / k;
  xy[1] = (oy - y) / k;
}

static void drag_begin(GtkGestureDrag *g, double x, double y, ReachArmView *self) {
  double xy[2];
  to_world(self, x, y, xy);
  if (!reach_arm_view_poke_at(self, xy)) {
    gtk_gesture_set_state(GTK_GESTURE(g), GTK_EVENT_SEQUENCE_DENIED);
    return;
  }
  gtk_gesture_set_state(GTK_GESTURE(g), GTK_EVENT_SEQUENCE_CLAIMED);
  self->drag_x = x;
  self->drag_y = y;
}

static void drag_update(GtkGestureDrag *g, double dx, double dy, ReachArmView *self) {
  (void)g;
  if (!self->poke || !reach_poke_grabbed(self->poke)) return;
  double xy[2];
  to_world(self, self->drag_x + dx, self->drag_y + dy, xy);
  reach_poke_drag(self->poke, xy);
}

static void drag_end(GtkGestureDrag *g, double dx, double dy, ReachArmView *self) {
  (void)g;
  (void)dx;
  (void)dy;
  if (self->poke) reach_poke_release(self->poke);
}

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

  self->poke_speed = 1.0;
  self->drag = gtk_gesture_drag_new();
  gtk_gesture_single_set_button(GTK_GESTURE_SINGLE(self->drag), GDK_BUTTON_PRIMARY);
  g_signal_connect(self->drag, "drag-begin", G_CALLBACK(drag_begin), self);
  g_signal_connect(self->drag, "drag-update", G_CALLBACK(drag_update), self);
  g_signal_connect(self->drag, "drag-end", G_CALLBACK(drag_end), self);
  gtk_widget_add_controller(GTK_WIDGET(self), GTK_EVENT_CONTROLLER(self->drag));

  // the note above the way back, both at the bottom right: a narrow view still fits the note
  self->poke_box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
  self->poke_label = GTK_LABEL(gtk_label_new(NULL));
  gtk_widget_add_css_class(GTK_WIDGET(self->poke_label), "arm-label");
  gtk_label_set_wrap(self->poke_label, TRUE);
  gtk_label_set_xalign(self->poke_label, 0);
  gtk_widget_set_halign(GTK_WIDGET(self->poke_label), GTK_ALIGN_END);
  gtk_box_append(GTK_BOX(self->poke_box), GTK_WIDGET(self->poke_label));
  // Translators: leaves the live reach for the animation of the eight evaluation reaches
  GtkWidget *back = gtk_button_new_with_mnemonic(_("_Back to the 8 Reaches"));
  g_signal_connect_swapped(back, "clicked", G_CALLBACK(reach_arm_view_stop_poke), self);
  // a quarter of real time: the burst of a correction lasts about 0.3 s, too fast to follow
  GtkWidget *slow = gtk_toggle_button_new_with_mnemonic(_("_Slow Motion"));
  g_signal_connect(slow, "toggled", G_CALLBACK(slow_toggled), self);
  GtkWidget *row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign(row, GTK_ALIGN_END);
  gtk_box_append(GTK_BOX(row), slow);
  gtk_box_append(GTK_BOX(row), back);
  gtk_box_append(GTK_BOX(self->poke_box), row);
  gtk_widget_set_parent(self->poke_box, GTK_WIDGET(self));
  gtk_widget_set_visible(self->poke_box, FALSE);
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
  if (self->poke) {
    // the live reach goes on with the newest weights; another study's trace ends it
    if (reach_poke_possible(trace))
      reach_poke_set_trace(self->poke, trace);
    else
      reach_arm_view_stop_poke(self);
  }
  if (self->frozen || !self->trace) {
    // nothing animating yet (or frozen for a picture): show it at once
    reach_arm_trace_unref(self->trace);
    self->trace = g_steal_pointer(&self->pending);
    if (self->trace && self->reach >= self->trace->n) self->reach = 0;
    update_muscles(self);
    redraw(self);
  }
}

void reach_arm_view_set_presentation(ReachArmView *self, gboolean on) {
  self->presentation = on;
  if (self->muscles) reach_muscle_panel_set_presentation(self->muscles, on);
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
  update_muscles(self);
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

void reach_arm_view_set_muscle_panel(ReachArmView *self, ReachMusclePanel *panel) {
  self->muscles = panel;
  if (panel) reach_muscle_panel_set_presentation(panel, self->presentation);
  update_muscles(self);
}

gboolean reach_arm_view_poke_at(ReachArmView *self, const double xy[2]) {
  if (!self->poke) {
    // the newest weights: the trace waiting for the next reach, else the one on screen
    ReachArmTrace *t = reach_poke_possible(self->pending) ? self->pending : self->trace;
    self->poke = reach_poke_new(t);
    if (!self->poke) return FALSE;
    self->poke_last = 0;
    self->poke_frames = 0;
    self->poke_max_interval = 0;
  }
  reach_poke_press(self->poke, xy);
  update_poke_label(self);
  gtk_widget_queue_allocate(GTK_WIDGET(self));
  redraw(self);
  return TRUE;
}

void reach_arm_view_stop_poke(ReachArmView *self) {
  if (!self->poke) return;
  g_clear_pointer(&self->poke, reach_poke_free);
  self->t0 = 0;
  update_poke_label(self);
  update_muscles(self);
  redraw(self);
}

ReachPoke *reach_arm_view_get_poke(ReachArmView *self) { return self->poke; }

void reach_arm_view_set_poke_speed(ReachArmView *self, double speed) {
  self->poke_speed = speed > 0 ? speed : 1.0;
}

void reach_arm_view_get_poke_stats(ReachArmView *self, double *fps, double *max_interval_ms,
                                   int *frames) {
  double span = (double)(self->poke_last - self->poke_first) / 1e6;
  if (fps) *fps = self->poke_frames > 1 && span > 0 ? (self->poke_frames - 1) / span : 0.0;
  if (max_interval_ms) *max_interval_ms = self->poke_max_interval / 1000.0;
  if (frames) *frames = self->poke_frames;
}

void reach_arm_view_reset_poke_stats(ReachArmView *self) {
  self->poke_first = self->poke_last;
  self->poke_frames = self->poke_last ? 1 : 0;
  self->poke_max_interval = 0;
}

int reach_arm_view_poke_advance(ReachArmView *self, double seconds) {
  if (!self->poke) return 0;
  // in slices: one call catches up at most 0.1 s (a stalled frame is not replayed)
  int n = 0;
  for (double done = 0; done < seconds - 1e-9; done += 0.05)
    n += reach_poke_advance(self->poke, MIN(0.05, seconds - done), 1.0);
  update_poke_label(self);
  update_muscles(self);
  redraw(self);
  return n;
}

char *reach_arm_view_get_poke_text(ReachArmView *self) {
  return self->poke ? g_strdup(gtk_label_get_label(self->poke_label)) : NULL;
}
