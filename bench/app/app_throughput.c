// SPDX-License-Identifier: GPL-3.0-or-later
// Training throughput with the window open, as a ratio to the same training run headless in the
// same process (issue 6, "Speed": target ≥ 90 %). Both run the bundled network's four phases from
// its grown-up weights, as the app's Run does, on one BLAS thread. The headless rate is measured
// before and after the window's so that a change in machine load shows as a spread between the
// two rather than as a wrong ratio. Run under Xvfb: `meson test -C build --benchmark
// app-throughput`.
#include <adwaita.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study/savings.h"
#include "reach-backend.h"
#include "reach-session.h"
#include "reach-window.h"

void openblas_set_num_threads(int n);

// Batches per second of the bundled network retraining its phases with nothing else running.
static double headless_rate(const char *bundle, double seconds) {
  reach_error err = {0};
  reach_savings *done = NULL, *e = NULL;
  if (reach_savings_load(bundle, &done, &err) != REACH_OK ||
      reach_savings_create(reach_savings_config(done), &e, &err) != REACH_OK) {
    fprintf(stderr, "app-throughput: %s: %s\n", bundle, err.msg);
    exit(1);
  }
  reach_savings_set_params(e, reach_savings_snapshot(done, REACH_STAGE_GROW));
  reach_savings_skip_growing_up(e);
  int n = 0;
  gint64 t0 = g_get_monotonic_time(), end = t0 + (gint64)(seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time() < end && reach_savings_stage(e) < REACH_STAGE_DONE) {
    if (reach_savings_step(e, &err) != REACH_OK) {
      fprintf(stderr, "app-throughput: training failed: %s\n", err.msg);
      exit(1);
    }
    n++;
  }
  double rate = n / ((double)(g_get_monotonic_time() - t0) / G_USEC_PER_SEC);
  reach_savings_free(e);
  reach_savings_free(done);
  return rate;
}

static gboolean settled(gpointer w) {
  return reach_session_is_settled(reach_window_get_session(REACH_WINDOW(w)));
}

static void iterate_until(gboolean (*cond)(gpointer), gpointer data) {
  while (!cond(data)) g_main_context_iteration(NULL, TRUE);
}

static gboolean quit_loop(gpointer loop) {
  g_main_loop_quit(loop);
  return G_SOURCE_REMOVE;
}

// Batches per second of the session's worker while the window animates and redraws its plots,
// the main loop running as the app runs it (blocking, woken by frames and snapshots).
static double window_rate(const char *bundle, double seconds, const char **renderer) {
  ReachWindow *w = reach_window_new(NULL);
  gtk_window_set_default_size(GTK_WINDOW(w), 1270, 790);
  gtk_window_present(GTK_WINDOW(w));
  ReachSession *s = reach_window_get_session(w);
  reach_session_load_preset(s, bundle);
  iterate_until(settled, w);
  reach_session_set_loop(s, TRUE);
  reach_session_set_speed(s, 0);
  reach_session_set_running(s, TRUE);
  // let the first batches and the first frames of the running view pass
  GMainLoop *loop = g_main_loop_new(NULL, FALSE);
  g_timeout_add(1000, quit_loop, loop);
  g_main_loop_run(loop);
  guint64 w0 = reach_session_get_snapshot(s)->work;
  gint64 t0 = g_get_monotonic_time();
  g_timeout_add((guint)(seconds * 1000), quit_loop, loop);
  g_main_loop_run(loop);
  guint64 w1 = reach_session_get_snapshot(s)->work;
  double rate = (double)(w1 - w0) / ((double)(g_get_monotonic_time() - t0) / G_USEC_PER_SEC);
  *renderer = g_getenv("GDK_DEBUG") && strstr(g_getenv("GDK_DEBUG"), "gl-disable")
                  ? "Cairo (GDK_DEBUG=gl-disable)"
                  : "GL";
  reach_session_set_running(s, FALSE);
  iterate_until(settled, w);
  gtk_window_destroy(GTK_WINDOW(w));
  g_main_loop_unref(loop);
  return rate;
}

int main(int argc, char **argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 8.0;
  if (!(seconds > 0)) {
    fprintf(stderr, "usage: bench-app-throughput [SECONDS]\n");
    return 2;
  }
  openblas_set_num_threads(1);
  adw_init();
  g_autofree char *bundle = reach_data_path(REACH_BUNDLED_NETWORK);
  const char *renderer = NULL;
  double before = headless_rate(bundle, seconds);
  double app = window_rate(bundle, seconds, &renderer);
  double after = headless_rate(bundle, seconds);
  double headless = 0.5 * (before + after);
  printf("bundled network retraining its phases, %.0f s each, one BLAS thread\n", seconds);
  printf("headless: %.1f batches/s before, %.1f after (spread %.0f %%)\n", before, after,
         100.0 * fabs(before - after) / headless);
  printf("window open (%s): %.1f batches/s\n", renderer, app);
  printf("ratio window/headless: %.0f %% (target >= 90 %%)\n", 100.0 * app / headless);
  return 0;
}
