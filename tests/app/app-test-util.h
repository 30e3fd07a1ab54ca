// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers of the GUI tests (test-app.c, test-neural.c, test-tool.c): open and close the window,
// iterate the main loop until a condition holds, wait frames, render a widget and read back its
// pixels, and the tests' main().
#pragma once

#include <adwaita.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "reach-arm-scene.h"
#include "reach-plot.h"
#include "reach-screenshot.h"
#include "reach-session.h"
#include "reach-window.h"

// The test draws with GTK's Cairo renderer (GDK_DEBUG=gl-disable, tests/app/meson.build), else
// with GL as the app does.
static inline gboolean app_gl_disabled(void) {
  const char *dbg = g_getenv("GDK_DEBUG");
  return dbg && strstr(dbg, "gl-disable");
}

// Iterates the main loop until cond(data) holds or timeout_ms passes; returns cond's value.
static inline gboolean app_wait_for(gboolean (*cond)(gpointer), gpointer data, int timeout_ms) {
  gint64 end = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
  while (!cond(data)) {
    if (g_get_monotonic_time() > end) return FALSE;
    g_main_context_iteration(NULL, FALSE);
    g_usleep(1000);
  }
  return TRUE;
}

static inline void app_spin(int ms) {
  gint64 end = g_get_monotonic_time() + (gint64)ms * 1000;
  while (g_get_monotonic_time() < end) {
    g_main_context_iteration(NULL, FALSE);
    g_usleep(1000);
  }
}

static inline gboolean app_frame_tick(GtkWidget *w, GdkFrameClock *c, gpointer data) {
  (void)w;
  (void)c;
  int *left = data;
  return --*left > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

// Waits (at most 10 s) until the widget's frame clock has ticked n times.
static inline gboolean app_wait_frames(GtkWidget *w, int n) {
  int left = n;
  guint id = gtk_widget_add_tick_callback(w, app_frame_tick, &left, NULL);
  gint64 end = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
  while (left > 0 && g_get_monotonic_time() < end) {
    g_main_context_iteration(NULL, FALSE);
    g_usleep(1000);
  }
  if (left > 0) gtk_widget_remove_tick_callback(w, id);  // it still points at `left`
  return left <= 0;
}

// Downloads a texture to ARGB32 (premultiplied, native endian).
static inline guint32 *app_pixels_of(GdkTexture *t, int *w, int *h) {
  *w = gdk_texture_get_width(t);
  *h = gdk_texture_get_height(t);
  guint32 *px = g_new(guint32, (gsize)(*w) * (gsize)(*h));
  gdk_texture_download(t, (guchar *)px, (gsize)(*w) * 4);
  return px;
}

static inline double app_color_distance(guint32 p, double r, double g, double b) {
  double pr = ((p >> 16) & 0xff) / 255.0, pg = ((p >> 8) & 0xff) / 255.0, pb = (p & 0xff) / 255.0;
  return sqrt((pr - r) * (pr - r) + (pg - g) * (pg - g) + (pb - b) * (pb - b));
}

// The widget as the app renders it, as ARGB32 pixels (the caller frees them); with png (nullable)
// also saved there in $REACH_TEST_OUTDIR, so that a failing check can be looked at.
static inline guint32 *app_render(GtkWidget *widget, const char *png, int *w, int *h) {
  g_autoptr(GError) error = NULL;
  GdkTexture *tex = reach_widget_render_texture(widget, &error);
  g_assert_no_error(error);
  guint32 *px = app_pixels_of(tex, w, h);
  const char *out = g_getenv("REACH_TEST_OUTDIR");
  if (out && png) {
    g_autofree char *path = g_build_filename(out, png, NULL);
    gdk_texture_save_to_png(tex, path);
    g_test_message("picture: %s", path);
  }
  g_object_unref(tex);
  return px;
}

// Where the arm view puts the workspace in a w×h picture of the scene of (reach, step): pixels
// per metre and the origin, by the same transform the renderer uses; and the scene's background.
typedef struct {
  int w, h;
  double k, ox, oy;
  ReachRGBA bg;
} AppArmFrame;

static inline AppArmFrame app_arm_frame(const ReachArmTrace *t, int reach, int step, int w, int h) {
  AppArmFrame f = {.w = w, .h = h};
  ReachArmScene scene;
  reach_arm_scene_init(&scene);
  ReachArmStyle style = {adw_style_manager_get_dark(adw_style_manager_get_default()), FALSE};
  reach_arm_scene_build(&scene, t, reach, step, &style);
  reach_arm_scene_transform(&scene, w, h, &f.k, &f.ox, &f.oy);
  f.bg = scene.background;
  reach_arm_scene_clear(&scene);
  return f;
}

// The pixel (*x, *y) of workspace point (mx, my) m, which must fall inside the picture; returns
// its index.
static inline gsize app_arm_pixel(const AppArmFrame *f, double mx, double my, int *x, int *y) {
  *x = (int)lround(f->ox + f->k * mx);
  *y = (int)lround(f->oy - f->k * my);
  g_assert_cmpint(*x, >=, 0);
  g_assert_cmpint(*x, <, f->w);
  g_assert_cmpint(*y, >=, 0);
  g_assert_cmpint(*y, <, f->h);
  return (gsize)*y * (gsize)f->w + (gsize)*x;
}

static inline ReachSnapshot *app_snapshot(ReachWindow *w) {
  return reach_session_get_snapshot(reach_window_get_session(w));
}

static inline gboolean app_is_settled(gpointer window) {
  return reach_session_is_settled(reach_window_get_session(REACH_WINDOW(window)));
}

static inline gboolean app_plot_drawn(gpointer plot) {
  return reach_plot_is_drawn(REACH_PLOT(plot));
}

// The session has a trace and the arm view is on screen at a usable size.
static inline gboolean app_has_trace(gpointer window) {
  ReachWindow *w = window;
  ReachSnapshot *s = app_snapshot(w);
  GtkWidget *view = GTK_WIDGET(reach_window_get_arm_view(w));
  return s && s->trace && gtk_widget_get_mapped(view) && gtk_widget_get_width(view) > 100;
}

// The window as the app opens it, once it shows the arm and the worker has settled; then the
// main loop runs settle_ms more.
static inline ReachWindow *app_open_window(int settle_ms) {
  ReachWindow *w = reach_window_new(NULL);
  gtk_window_set_default_size(GTK_WINDOW(w), 1200, 760);
  gtk_window_present(GTK_WINDOW(w));
  g_assert_true(app_wait_for(app_has_trace, w, 20000));
  g_assert_true(app_wait_for(app_is_settled, w, 20000));
  app_spin(settle_ms);
  return w;
}

// The savings study on a network (not the tool study), with the worker settled.
static inline gboolean app_is_network(gpointer window) {
  ReachSnapshot *s = app_snapshot(REACH_WINDOW(window));
  return s && s->mode == REACH_SESSION_NETWORK && !s->tool && app_is_settled(window);
}

// app_open_window, then a preset or saved run (e.g. the bundled network) loaded and settled.
static inline ReachWindow *app_open_with(const char *preset, int settle_ms) {
  ReachWindow *w = app_open_window(settle_ms);
  reach_session_load_preset(reach_window_get_session(w), preset);
  g_assert_true(app_wait_for(app_is_network, w, 30000));
  return w;
}

static inline void app_close_window(ReachWindow *w) {
  gtk_window_destroy(GTK_WINDOW(w));
  app_spin(50);
}

// A wait for the window's session to reach a trial count.
typedef struct {
  ReachWindow *w;
  int total;
} AppAtTotal;

// Exports the window's page into a new temporary directory (from template tmpl) as `name`, its
// siblings beside it; returns the directory, which the caller removes.
static inline char *app_export_to_tmp(ReachWindow *w, const char *tmpl, const char *name) {
  char *dir = g_dir_make_tmp(tmpl, NULL);
  g_assert_nonnull(dir);
  g_autofree char *path = g_build_filename(dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_assert_true(reach_window_export(w, path, &error));
  g_assert_no_error(error);
  return dir;
}

typedef struct {
  const char *path;
  GTestFunc func;
} AppTest;

// main() of a GUI test program: its tests by GTest path.
static inline int app_test_main(int argc, char **argv, const AppTest *tests, gsize n) {
  g_test_init(&argc, &argv, NULL);
  adw_init();
  for (gsize i = 0; i < n; i++) g_test_add_func(tests[i].path, tests[i].func);
  return g_test_run();
}
