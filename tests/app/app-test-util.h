// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers of the GUI tests: iterate the main loop until a condition holds, wait frames, read back
// pixels. (test-app.c has its own copies from before this header; new tests use this one.)
#pragma once

#include <gtk/gtk.h>
#include <math.h>

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
