// SPDX-License-Identifier: GPL-3.0-or-later
// Frames per second of the arm view while the user pokes the network (issue 18: "at ≥ 60
// frames/s with the Cairo renderer while nothing trains"). The bundled network, not training;
// a live reach to a target, then a push every half second (alternating directions, as a drag
// would), stepped in real time by the frame clock. The baseline, measured over the same
// seconds, is the frame clock itself: a tick callback on the window counts the frames the
// display offered, and the ratio says how many of them the view drew. Also the trace
// animation's rate (redrawn at most 30 times a second by design) for comparison. Run under Xvfb:
// `meson test -C build --benchmark app-poke-fps`.
#include <adwaita.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reach-backend.h"
#include "reach-session.h"
#include "reach-window.h"
#include "study/savings.h"

static gboolean settled(gpointer w) {
  ReachSession *s = reach_window_get_session(REACH_WINDOW(w));
  ReachSnapshot *snap = reach_session_get_snapshot(s);
  return reach_session_is_settled(s) && snap && snap->trace &&
         gtk_widget_get_width(GTK_WIDGET(reach_window_get_arm_view(REACH_WINDOW(w)))) > 100;
}

static gboolean count_tick(GtkWidget *w, GdkFrameClock *clock, gpointer data) {
  (void)w;
  gint64 *c = data;  // [0] ticks, [1] first frame time, [2] last frame time
  gint64 t = gdk_frame_clock_get_frame_time(clock);
  if (c[0]++ == 0) c[1] = t;
  c[2] = t;
  return G_SOURCE_CONTINUE;
}

static gboolean push(gpointer data) {
  ReachArmView *view = data;
  static int k;
  ReachPoke *p = reach_arm_view_get_poke(view);
  if (p) {
    const double f[2] = {k % 2 ? 6.0 : -6.0, k % 2 ? -2.0 : 3.0};
    reach_poke_pulse(p, f, 0.15);
  }
  k++;
  return G_SOURCE_CONTINUE;
}

static void spin(double seconds) {
  gint64 end = g_get_monotonic_time() + (gint64)(seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time() < end) g_main_context_iteration(NULL, TRUE);
}

int main(int argc, char **argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 6.0;
  if (!(seconds > 0)) {
    fprintf(stderr, "usage: bench-poke-fps [SECONDS]\n");
    return 2;
  }
  adw_init();
  g_autofree char *bundle = reach_data_path(REACH_BUNDLED_NETWORK);
  ReachWindow *w = reach_window_new(NULL);
  gtk_window_set_default_size(GTK_WINDOW(w), 1270, 790);
  gtk_window_present(GTK_WINDOW(w));
  reach_session_load_preset(reach_window_get_session(w), bundle);
  while (!settled(w)) g_main_context_iteration(NULL, TRUE);
  spin(1.0);
  ReachArmView *view = reach_window_get_arm_view(w);

  // the trace animation, for comparison
  gint64 clock_anim[3] = {0};
  guint id = gtk_widget_add_tick_callback(GTK_WIDGET(w), count_tick, clock_anim, NULL);
  reach_arm_view_reset_frame_stats(view);
  spin(seconds / 2);
  int anim_frames;
  double anim_ms;
  reach_arm_view_get_frame_stats(view, &anim_ms, NULL, &anim_frames);
  gtk_widget_remove_tick_callback(GTK_WIDGET(w), id);
  double anim_span = (double)(clock_anim[2] - clock_anim[1]) / 1e6;

  // poking: a target up and to the right of the start, then pushes
  ReachSnapshot *s = reach_session_get_snapshot(reach_window_get_session(w));
  const double target[2] = {s->trace->start[0] + 0.06, s->trace->start[1] + 0.05};
  if (!reach_arm_view_poke_at(view, target)) {
    fprintf(stderr, "bench-poke-fps: the bundled network cannot be poked\n");
    return 1;
  }
  spin(0.5);
  gint64 clock[3] = {0};
  id = gtk_widget_add_tick_callback(GTK_WIDGET(w), count_tick, clock, NULL);
  guint push_id = g_timeout_add(500, push, view);
  reach_arm_view_reset_poke_stats(view);
  reach_arm_view_reset_frame_stats(view);
  spin(seconds);
  g_source_remove(push_id);
  gtk_widget_remove_tick_callback(GTK_WIDGET(w), id);
  double fps, max_gap, draw_ms, draw_max;
  int frames, drawn;
  reach_arm_view_get_poke_stats(view, &fps, &max_gap, &frames);
  reach_arm_view_get_frame_stats(view, &draw_ms, &draw_max, &drawn);
  double clock_span = (double)(clock[2] - clock[1]) / 1e6;
  double clock_fps = clock[0] > 1 ? (clock[0] - 1) / clock_span : 0.0;
  const char *dbg = g_getenv("GDK_DEBUG");
  printf("arm view drawn by %s; window renderer %s; nothing training\n",
         reach_arm_view_get_renderer(view),
         dbg && strstr(dbg, "gl-disable") ? "Cairo (GDK_DEBUG=gl-disable)" : "GL");
  printf(
      "trace animation: %d frames drawn in %.1f s (%.1f /s; it redraws at most 30 /s), "
      "%.2f ms to build and draw; the frame clock ticked %.1f /s\n",
      anim_frames, anim_span, anim_span > 0 ? anim_frames / anim_span : 0.0, anim_ms,
      clock_anim[0] > 1 ? (clock_anim[0] - 1) / anim_span : 0.0);
  printf(
      "poking, %.0f s with a push every 0.5 s: %d live frames, %.1f frames/s by the frame "
      "clock; longest interval %.1f ms\n",
      seconds, frames, fps, max_gap);
  printf("frames drawn %d, building and drawing the scene %.2f ms mean, %.2f ms max\n", drawn,
         draw_ms, draw_max);
  printf(
      "baseline, the frame clock's own ticks: %.1f /s; ratio live frames/clock ticks %.0f %% "
      "(target: 60 frames/s, every tick drawn)\n",
      clock_fps, clock_fps > 0 ? 100.0 * fps / clock_fps : 0.0);
  gtk_window_destroy(GTK_WINDOW(w));
  return 0;
}
