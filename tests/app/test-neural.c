// SPDX-License-Identifier: GPL-3.0-or-later
// GUI tests of the Network page (issue 7, "In the app"), run under xvfb-run like test-app.c: the
// 3-D PCA view draws its trajectories where its projection says (GL and Cairo), the TDR ring and
// uniform-shift panel plots its curves, the uniform-shift slider gives the LD values of libreach's
// dose–response for the same network, and the page exports. Each check prints its numbers.
#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "study/execution.h"
#include "study/network_analysis.h"
#include "app-test-util.h"
#include "study/savings.h"
#include "reach-backend.h"
#include "reach-network-page.h"
#include "reach-neural-view.h"
#include "reach-neural.h"
#include "reach-plot.h"
#include "reach-screenshot.h"
#include "reach-session.h"
#include "reach-shift-panel.h"
#include "reach-window.h"

static ReachNeural *neural_of(ReachWindow *w) {
  ReachSnapshot *s = app_snapshot(w);
  return s ? s->neural : NULL;
}

static gboolean has_neural(gpointer data) {
  ReachWindow *w = data;
  return neural_of(w) && app_is_settled(w);
}

// The analysis on the page (the caller has waited for it).
static const ReachNeural *the_neural(ReachWindow *w) {
  const ReachNeural *n = neural_of(w);
  if (!n) g_error("the window has no analysed network");
  return n;
}

static gboolean canvas_ready(gpointer data) {
  ReachNeuralView *v = data;
  GtkWidget *c = reach_neural_view_get_canvas(v);
  return gtk_widget_get_mapped(c) && gtk_widget_get_width(c) > 100 &&
         reach_neural_view_get_draw_count(v) > 0;
}

// The window with the bundled trained network (as the app opens it) on the Network page, once
// the worker has analysed it.
static ReachWindow *open_network_page(void) {
  ReachWindow *w = reach_window_new(NULL);
  gtk_window_set_default_size(GTK_WINDOW(w), 1280, 820);
  gtk_window_present(GTK_WINDOW(w));
  g_autofree char *bundle = reach_data_path(REACH_BUNDLED_NETWORK);
  reach_session_load_preset(reach_window_get_session(w), bundle);
  reach_window_show_page(w, "network");
  g_assert_true(app_wait_for(has_neural, w, 60000));
  g_assert_true(app_wait_for(canvas_ready, reach_window_get_neural_view(w), 20000));
  return w;
}

// The Network page's caption: which network its analysis is of.
static const char *caption_of(ReachWindow *w) {
  GtkWidget *page =
      gtk_widget_get_ancestor(GTK_WIDGET(reach_window_get_shift_panel(w)), REACH_TYPE_NETWORK_PAGE);
  g_assert_nonnull(page);
  return reach_network_page_get_caption(REACH_NETWORK_PAGE(page));
}

static void close_window(ReachWindow *w) {
  // a push still running holds the panel; let it land first
  ReachShiftPanel *p = reach_window_get_shift_panel(w);
  while (reach_shift_panel_is_busy(p)) app_spin(5);
  app_close_window(w);
}

/* ---- the 3-D view draws the trajectories where its projection puts them ---- */

typedef struct {
  int ink_markers, markers;
  double drawn_frac;
  double corner_d;
} ViewCheck;

// What a wait is for: a widget of the page and the value it is to pass or show.
typedef struct {
  gpointer widget;
  double value;
} Want;

static gboolean drew_again(gpointer data) {
  const Want *d = data;
  return reach_neural_view_get_draw_count(d->widget) > d->value;
}

// The view with the orbit given, once it has drawn it on screen.
static ViewCheck check_view(ReachNeuralView *view, double yaw, double pitch, const ReachNeural *n,
                            guint32 **keep, const char *picture) {
  Want before = {view, reach_neural_view_get_draw_count(view)};
  reach_neural_view_set_orbit(view, yaw, pitch);
  g_assert_true(app_wait_for(drew_again, &before, 10000));
  GtkWidget *canvas = reach_neural_view_get_canvas(view);
  int W, H;
  guint32 *px = app_render(canvas, picture, &W, &H);
  const double bg = 0xfa / 255.0;  // the light theme's background of the view
  ViewCheck c = {0};
  for (int b = 0; b < n->targets; b++) {
    const double *g = n->pc[0] + ((gsize)b * (gsize)n->steps + (gsize)n->go_index) * 3;
    double x, y;
    reach_neural_view_project(view, g, W, H, &x, &y);
    int ix = (int)lround(x), iy = (int)lround(y);
    if (ix < 0 || iy < 0 || ix >= W || iy >= H) continue;
    c.markers++;
    double d = app_color_distance(px[(gsize)iy * (gsize)W + (gsize)ix], bg, bg, bg);
    if (d > 0.15) c.ink_markers++;
  }
  gsize drawn = 0;
  for (gsize i = 0; i < (gsize)W * (gsize)H; i++)
    if (app_color_distance(px[i], bg, bg, bg) > 0.08) drawn++;
  c.drawn_frac = (double)drawn / ((double)W * H);
  // top right: outside the data's extent at any orbit (the picture is centred, radius 0.44·H)
  c.corner_d = app_color_distance(px[(gsize)4 * (gsize)W + (gsize)(W - 5)], bg, bg, bg);
  g_test_message(
      "%s %d×%d drawn by %s: go-cue markers of FF1 batch 0 inked %d of %d in view; "
      "%.1f %% of pixels drawn (expect 1–60 %%); top-right corner %.3f from background "
      "(expect < 0.08)",
      picture, W, H, reach_neural_view_get_renderer(view), c.ink_markers, c.markers,
      100 * c.drawn_frac, c.corner_d);
  if (keep)
    *keep = px;
  else
    g_free(px);
  return c;
}

static void test_view(void) {
  adw_style_manager_set_color_scheme(adw_style_manager_get_default(), ADW_COLOR_SCHEME_FORCE_LIGHT);
  ReachWindow *w = open_network_page();
  ReachNeuralView *view = reach_window_get_neural_view(w);
  const ReachNeural *n = the_neural(w);
  g_test_message(
      "bundled network analysed on the worker: %d targets × %d steps × %d units, go "
      "cue at PC index %d, variance ratios %.3f %.3f %.3f",
      n->targets, n->steps, n->units, n->go_index, n->pca_ratio[0], n->pca_ratio[1],
      n->pca_ratio[2]);
  const gboolean cairo = app_gl_disabled();
  g_autofree guint32 *a = NULL;
  ViewCheck c1 = check_view(view, 0.5, 0.35, n, &a,
                            cairo ? "test-neural-view-cairo.png" : "test-neural-view-gl.png");
  g_assert_cmpstr(reach_neural_view_get_renderer(view), ==, cairo ? "Cairo" : "GL");
  g_assert_cmpint(c1.markers, >=, n->targets - 1);
  g_assert_cmpint(c1.ink_markers, ==, c1.markers);
  g_assert_cmpfloat(c1.drawn_frac, >, 0.01);
  g_assert_cmpfloat(c1.drawn_frac, <, 0.60);
  g_assert_cmpfloat(c1.corner_d, <, 0.08);

  // orbiting a quarter turn moves the picture, and the markers stay where the projection says
  g_autofree guint32 *b = NULL;
  ViewCheck c2 = check_view(view, 0.5 + G_PI / 2, -0.2, n, &b,
                            cairo ? "test-neural-orbit-cairo.png" : "test-neural-orbit-gl.png");
  GtkWidget *canvas = reach_neural_view_get_canvas(view);
  gsize total = (gsize)gtk_widget_get_width(canvas) * (gsize)gtk_widget_get_height(canvas) *
                (gsize)gtk_widget_get_scale_factor(canvas) *
                (gsize)gtk_widget_get_scale_factor(canvas);
  gsize changed = 0;
  for (gsize i = 0; i < total; i++) changed += a[i] != b[i];
  g_test_message(
      "after orbiting by (+90°, −0.55 rad): %zu of %zu pixels changed (%.1f %%; expect > 1 %%)",
      changed, total, 100.0 * (double)changed / (double)total);
  g_assert_cmpint(c2.ink_markers, ==, c2.markers);
  g_assert_cmpint(c2.markers, >=, n->targets - 1);
  g_assert_cmpfloat((double)changed / (double)total, >, 0.01);

  // the mouse: a drag on the view turns it (half a turn per 300 pixels across, as documented)
  GtkGesture *drag = NULL;
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers(canvas);
  for (guint i = 0; i < g_list_model_get_n_items(controllers) && !drag; i++) {
    g_autoptr(GObject) c = g_list_model_get_item(controllers, i);
    if (GTK_IS_GESTURE_DRAG(c)) drag = GTK_GESTURE(c);
  }
  g_assert_nonnull(drag);
  double yaw0, pitch0, yaw1, pitch1;
  reach_neural_view_set_orbit(view, 0.2, 0.1);
  reach_neural_view_get_orbit(view, &yaw0, &pitch0);
  g_signal_emit_by_name(drag, "drag-begin", 100.0, 100.0);
  g_signal_emit_by_name(drag, "drag-update", 150.0, -30.0);
  reach_neural_view_get_orbit(view, &yaw1, &pitch1);
  g_test_message(
      "drag by (+150, −30) px: yaw %.4f → %.4f (expect %.4f), pitch %.4f → %.4f "
      "(expect %.4f)",
      yaw0, yaw1, yaw0 + G_PI / 2, pitch0, pitch1, pitch0 - 30 * G_PI / 300);
  g_assert_cmpfloat(fabs(yaw1 - yaw0 - G_PI / 2), <, 1e-12);
  g_assert_cmpfloat(fabs(pitch1 - pitch0 + 30 * G_PI / 300), <, 1e-12);
  close_window(w);
}

/* ---- the ring panel plots the four rings and the four projections ---- */

static int count_color(const guint32 *px, int W, int H, ReachPlotColor c) {
  double rgb[3];
  reach_plot_color_rgb(c, FALSE, rgb);
  int k = 0;
  for (gsize i = 0; i < (gsize)W * (gsize)H; i++)
    k += app_color_distance(px[i], rgb[0], rgb[1], rgb[2]) < 0.12;
  return k;
}

static gboolean plots_drawn(gpointer data) {
  ReachWindow *w = data;
  return reach_plot_is_drawn(reach_window_get_plot(w, "tdr-ring")) &&
         reach_plot_is_drawn(reach_window_get_plot(w, "us-proj"));
}

static void test_rings(void) {
  adw_style_manager_set_color_scheme(adw_style_manager_get_default(), ADW_COLOR_SCHEME_FORCE_LIGHT);
  ReachWindow *w = open_network_page();
  const ReachNeural *n = the_neural(w);
  g_assert_true(app_wait_for(plots_drawn, w, 10000));
  ReachPlot *ring = reach_window_get_plot(w, "tdr-ring"),
            *shift = reach_window_get_plot(w, "us-proj");
  int np_ring = reach_plot_data_n_points(reach_plot_get_data(ring));
  int np_shift = reach_plot_data_n_points(reach_plot_get_data(shift));
  // per phase: the closed ring (targets + 1) and its target points; a bar (2) and a point
  const int want_ring = 4 * (2 * n->targets + 1), want_shift = 4 * 3;
  g_test_message(
      "ring plot holds %d points (expect %d), uniform-shift plot %d (expect %d); "
      "projections NF1 %.3f FF1 %.3f NF2 %.3f FF2 %.3f; ring rotations %+.1f° %+.1f° %+.1f°",
      np_ring, want_ring, np_shift, want_shift, n->us_proj[0], n->us_proj[1], n->us_proj[2],
      n->us_proj[3], n->ring_rotation[1] * 180 / G_PI, n->ring_rotation[2] * 180 / G_PI,
      n->ring_rotation[3] * 180 / G_PI);
  g_assert_cmpint(np_ring, ==, want_ring);
  g_assert_cmpint(np_shift, ==, want_shift);
  // NF1 = 0 and FF1 = 1 by construction of the normalisation
  g_assert_cmpfloat(fabs(n->us_proj[0]), <, 1e-9);
  g_assert_cmpfloat(fabs(n->us_proj[1] - 1.0), <, 1e-9);

  static const ReachPlotColor colors[4] = {REACH_PLOT_GREY, REACH_PLOT_ORANGE, REACH_PLOT_BLUE,
                                           REACH_PLOT_RED};
  static const char *const names[4] = {"NF1", "FF1", "NF2", "FF2"};
  ReachPlot *plots[2] = {ring, shift};
  for (int i = 0; i < 2; i++) {
    int W, H;
    g_autofree guint32 *px = app_render(
        GTK_WIDGET(plots[i]), i ? "test-neural-shift.png" : "test-neural-ring.png", &W, &H);
    for (int p = 0; p < 4; p++) {
      int k = count_color(px, W, H, colors[p]);
      g_test_message("%s plot %d×%d: %d pixels in %s's colour (expect ≥ 15)",
                     i ? "uniform-shift" : "ring", W, H, k, names[p]);
      g_assert_cmpint(k, >=, 15);
    }
  }
  close_window(w);
}

/* ---- the slider replays libreach's dose–response ---- */

static gboolean shows_m(gpointer data) {
  const Want *w = data;
  double m;
  return !reach_shift_panel_is_busy(w->widget) &&
         reach_shift_panel_get_result(w->widget, &m, NULL) && m == w->value;
}

static double pushed_ld(ReachShiftPanel *p, double m) {
  reach_shift_panel_set_m(p, m);
  Want want = {p, m};
  g_assert_true(app_wait_for(shows_m, &want, 20000));
  double ld = NAN;
  g_assert_true(reach_shift_panel_get_result(p, NULL, &ld));
  return ld;
}

static gboolean replaying(gpointer data) {
  ReachWindow *w = data;
  ReachSnapshot *s = app_snapshot(w);
  return s && s->stage == 0 && s->batch == 1 && app_is_settled(w);
}

static void test_push(void) {
  // the reference: libreach's own analysis of the bundled network file
  g_autofree char *bundle = reach_data_path(REACH_BUNDLED_NETWORK);
  reach_savings *e = NULL;
  reach_error err = {0};
  g_assert_cmpint(reach_savings_load(bundle, &e, &err), ==, REACH_OK);
  reach_network_analysis a;
  gint64 t0 = g_get_monotonic_time();
  g_assert_cmpint(reach_network_analyse(e, &a, &err), ==, REACH_OK);
  g_test_message(
      "reach_network_analyse of %s: %.0f ms; dose LD (cm) m=−2 %+.4f, −1 %+.4f, 0 %+.4f, "
      "+1 %+.4f, +2 %+.4f; FF1/FF2 batch 0 %+.4f / %+.4f",
      bundle, (double)(g_get_monotonic_time() - t0) / 1000.0, 100 * a.dose_ld[0],
      100 * a.dose_ld[1], 100 * a.dose_ld[2], 100 * a.dose_ld[3], 100 * a.dose_ld[4],
      100 * a.ff1_b0_ld, 100 * a.ff2_b0_ld);

  ReachWindow *w = open_network_page();
  ReachShiftPanel *p = reach_window_get_shift_panel(w);
  const ReachNeural *n = the_neural(w);
  const char *done_caption = caption_of(w);
  g_test_message("caption of the finished network: “%s” (expect it to name %s)", done_caption,
                 n->label);
  g_assert_nonnull(strstr(done_caption, n->label));
  g_assert_nonnull(strstr(done_caption, "as opened"));
  g_assert_nonnull(strstr(done_caption, "at the end of its phases"));
  g_test_message(
      "the page's analysis: FF1 / FF2 batch 0 LD %+.6f / %+.6f cm (reference %+.6f / %+.6f)",
      100 * n->ld_ff1, 100 * n->ld_ff2, 100 * a.ff1_b0_ld, 100 * a.ff2_b0_ld);
  g_assert_cmpfloat(fabs(n->ld_ff1 - a.ff1_b0_ld), <, 1e-12);
  g_assert_cmpfloat(fabs(n->ld_ff2 - a.ff2_b0_ld), <, 1e-12);

  const struct {
    double m, ref;
    const char *what;
  } cases[] = {
      {2.0, a.dose_ld[4], "dose m = +2"},
      {-2.0, a.dose_ld[0], "dose m = −2"},
      {1.0, a.dose_ld[3], "dose m = +1"},
      {0.0, a.ff2_b0_ld, "unperturbed FF2 batch 0"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    double ld = pushed_ld(p, cases[i].m);
    g_test_message(
        "slider m = %+.1f: mean LD %+.12f m; libreach %s %+.12f m; |Δ| = %.3g (expect ≤ 1e-9)",
        cases[i].m, ld, cases[i].what, cases[i].ref, fabs(ld - cases[i].ref));
    g_assert_cmpfloat(fabs(ld - cases[i].ref), <=, 1e-9);
  }
  // what one slider step costs (reported, not asserted: the machine is shared)
  gint64 t1 = g_get_monotonic_time();
  for (int k = 0; k < 5; k++) {
    double ld;
    ReachArmTrace *t = reach_neural_push((ReachNeural *)n, 0.5, &ld, NULL);
    g_assert_nonnull(t);
    reach_arm_trace_unref(t);
  }
  g_test_message("one push (8 reaches × %d steps, %d units) takes %.1f ms on this machine",
                 n->steps, n->units, (double)(g_get_monotonic_time() - t1) / 5000.0);
  // the push matters: ±2 differ from each other
  g_assert_cmpfloat(fabs(a.dose_ld[4] - a.dose_ld[0]), >, 1e-4);

  // a burst of slider moves without the main loop in between: one push runs, the latest value
  // follows, the values in between are never computed
  int before = reach_shift_panel_get_pushes(p);
  int moves = 0;
  for (int k = -20; k <= 15; k++, moves++) reach_shift_panel_set_m(p, k / 10.0);
  Want want = {p, 1.5};
  g_assert_true(app_wait_for(shows_m, &want, 20000));
  app_spin(100);
  int pushes = reach_shift_panel_get_pushes(p) - before;
  double m_last, ld_last;
  reach_shift_panel_get_result(p, &m_last, &ld_last);
  g_test_message(
      "%d slider moves in a burst (−2.0 … +1.5): %d pushes computed (expect 1 or 2), "
      "shown m = %+.1f, LD %+.4f cm",
      moves, pushes, m_last, 100 * ld_last);
  g_assert_cmpint(pushes, >=, 1);
  g_assert_cmpint(pushes, <=, 2);
  g_assert_cmpfloat(m_last, ==, 1.5);

  // retraining the phases (one step) replays the network from NF1; the page keeps the finished
  // network's analysis until the replay has one of its own (issue 18 item 2: the presentation
  // loop no longer blanks the Network page)
  ReachNeural *before_step = app_snapshot(w)->neural;
  reach_session_step(reach_window_get_session(w));
  g_assert_true(app_wait_for(replaying, w, 30000));
  ReachSnapshot *s = app_snapshot(w);
  g_test_message("after one step of retraining: stage %d, analysis %s", s->stage,
                 s->neural == before_step ? "the finished network's, kept (expected)"
                 : s->neural              ? "another"
                                          : "absent");
  g_assert_true(s->neural == before_step && s->neural != NULL);
  // ...and says whose it is (issue 19: the replay showed the finished run's without saying so)
  const char *replay_caption = caption_of(w);
  g_test_message(
      "caption during the replay: “%s” (expect “as opened” and “not of the run in "
      "progress”)",
      replay_caption);
  g_assert_nonnull(strstr(replay_caption, "as opened"));
  g_assert_nonnull(strstr(replay_caption, "not of the run in progress"));
  close_window(w);
  reach_network_analysis_free(&a);
  reach_savings_free(e);
}

/* ---- a network trained live is analysed when it finishes FF2 ---- */

static gboolean is_done_and_analysed(gpointer data) {
  ReachWindow *w = data;
  ReachSnapshot *s = app_snapshot(w);
  return s && s->stage == REACH_APP_STAGE_DONE && (s->neural || s->neural_error) &&
         app_is_settled(w);
}

static void test_live(void) {
  // a tiny protocol: 3 batches of growing up and 2 per phase, 8 units
  g_autofree char *dir = g_dir_make_tmp("reachlab-live-XXXXXX", NULL);
  g_autofree char *ini = g_build_filename(dir, "tiny.ini", NULL);
  const char *text =
      "[network]\nunits = 8\n[growing_up]\nbatches = 3\n[phases]\n"
      "nf1_batches = 2\nff1_batches = 2\nnf2_batches = 2\nff2_batches = 2\n";
  g_assert_true(g_file_set_contents(ini, text, -1, NULL));
  ReachWindow *w = reach_window_new(NULL);
  gtk_window_set_default_size(GTK_WINDOW(w), 1280, 820);
  gtk_window_present(GTK_WINDOW(w));
  reach_window_show_page(w, "network");
  ReachSession *session = reach_window_get_session(w);
  reach_session_load_preset(session, ini);
  reach_session_run_until(session, 11);
  g_assert_true(app_wait_for(is_done_and_analysed, w, 60000));
  ReachSnapshot *s = reach_session_get_snapshot(session);
  g_test_message("trained live through %d batches (3 + 4 × 2): stage %d (done = %d); analysis %s%s",
                 s->total, s->stage, REACH_APP_STAGE_DONE,
                 s->neural ? "made" : "failed: ", s->neural ? "" : s->neural_error);
  g_assert_nonnull(s->neural);
  g_assert_cmpint(s->neural->units, ==, 8);
  ReachShiftPanel *p = reach_window_get_shift_panel(w);
  double ld = pushed_ld(p, 0.0);
  g_test_message("its FF2 batch 0 LD %+.6f cm; the slider at m = 0 shows %+.6f cm",
                 100 * s->neural->ld_ff2, 100 * ld);
  g_assert_cmpfloat(fabs(ld - s->neural->ld_ff2), <=, 1e-9);
  int np = reach_plot_data_n_points(reach_plot_get_data(reach_window_get_plot(w, "tdr-ring")));
  g_test_message("ring plot of the live network: %d points (expect %d)", np, 4 * 17);
  g_assert_cmpint(np, ==, 4 * 17);
  // the caption names it as trained here, and the execution period was analysed with it
  app_spin(50);
  const char *caption = caption_of(w);
  g_test_message("caption: “%s” (expect “trained in this session”); execution period %s", caption,
                 s->neural->exec_error ? s->neural->exec_error : "analysed");
  g_assert_nonnull(strstr(caption, "trained in this session"));
  g_assert_null(s->neural->exec_error);
  close_window(w);
  g_unlink(ini);
  g_rmdir(dir);
}

/* ---- the page exports its figures and numbers ---- */

static void test_export(void) {
  ReachWindow *w = open_network_page();
  g_autofree char *dir = app_export_to_tmp(w, "reachlab-neural-XXXXXX", "net.svg");
  const char *files[] = {"net.svg",
                         "net-tdr-ring.svg",
                         "net-uniform-shift.svg",
                         "net-exec-angles.svg",
                         "net-exec-shift.svg",
                         "net-exec-push.svg",
                         "net.csv"};
  for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autofree char *path = g_build_filename(dir, files[i], NULL);
    GStatBuf st;
    gboolean ok = g_stat(path, &st) == 0 && st.st_size > 200;
    g_test_message("%s: %s, %lld bytes (expect > 200)", files[i], ok ? "written" : "missing",
                   ok ? (long long)st.st_size : 0LL);
    g_assert_true(ok);
  }
  g_autofree char *csv_path = g_build_filename(dir, "net.csv", NULL);
  g_autofree char *csv = NULL;
  g_assert_true(g_file_get_contents(csv_path, &csv, NULL, NULL));
  const ReachNeural *n = the_neural(w);
  int rows = 0;
  // the PC table's rows, up to the execution period's tables after it
  for (const char *l = strstr(csv, "network,target,step"); l && (l = strchr(l, '\n')); l++)
    if (g_str_has_prefix(l + 1, "FF1_b0,") || g_str_has_prefix(l + 1, "FF2_b0,")) rows++;
  g_test_message("CSV: us_projection table %s, %d PC rows (expect %d = 2 × %d targets × %d steps)",
                 strstr(csv, "phase,us_projection") ? "present" : "missing", rows,
                 2 * n->targets * n->steps, n->targets, n->steps);
  g_assert_nonnull(strstr(csv, "phase,us_projection"));
  g_assert_cmpint(rows, ==, 2 * n->targets * n->steps);
  for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autofree char *path = g_build_filename(dir, files[i], NULL);
    g_unlink(path);
  }
  g_rmdir(dir);
  // the same as pictures, to look at
  const char *out = g_getenv("REACH_TEST_OUTDIR");
  if (out) {
    g_autofree char *png = g_build_filename(out, "test-neural-export.png", NULL);
    g_autoptr(GError) error = NULL;
    g_assert_true(reach_window_export(w, png, &error));
    g_test_message("pictures: %s and its -tdr-ring, -uniform-shift siblings", png);
  }
  close_window(w);
}

/* ---- the execution period: libreach's numbers, drawn and exported ---- */

// The numbers of the CSV table whose header is `header`: rows × cols after the first column
// (rows until a line that does not start with a number or a name of the table).
static int csv_table(const char *csv, const char *header, int cols, double *out, int max_rows) {
  const char *at = strstr(csv, header);
  if (!at) return -1;
  g_auto(GStrv) lines = g_strsplit(strchr(at, '\n') + 1, "\n", -1);
  int r = 0;
  for (; lines[r] && r < max_rows; r++) {
    g_auto(GStrv) f = g_strsplit(lines[r], ",", -1);
    if (g_strv_length(f) != (guint)cols + 1) break;
    for (int c = 0; c < cols; c++) {
      char *end = NULL;
      out[r * cols + c] = g_ascii_strtod(f[c + 1], &end);
      if (end == f[c + 1]) return r;
    }
  }
  return r;
}

static gboolean exec_plots_drawn(gpointer data) {
  ReachWindow *w = data;
  return reach_plot_is_drawn(reach_window_get_plot(w, "exec-shift")) &&
         reach_plot_is_drawn(reach_window_get_plot(w, "exec-angles")) &&
         reach_plot_is_drawn(reach_window_get_plot(w, "exec-push"));
}

static void test_execution(void) {
  // the reference: libreach's execution-period analysis of the bundled network file
  g_autofree char *bundle = reach_data_path(REACH_BUNDLED_NETWORK);
  reach_savings *e = NULL;
  reach_error err = {0};
  g_assert_cmpint(reach_savings_load(bundle, &e, &err), ==, REACH_OK);
  reach_network_analysis a;
  g_assert_cmpint(reach_network_analyse(e, &a, &err), ==, REACH_OK);
  reach_execution x;
  g_assert_cmpint(reach_execution_analyse(&a, &x, &err), ==, REACH_OK);
  const double deg = 180.0 / G_PI;
  g_test_message(
      "libreach: E1 FF1 vs FF2 %.4f %.4f %.4f°, NF1 vs NF2 %.4f %.4f %.4f°; E2 means "
      "%+.5f / %+.5f shift units over trace indices %d–%d; E3 m = ±2 moves %.5f / %.5f "
      "of the spread",
      deg * x.angle_ff[0], deg * x.angle_ff[1], deg * x.angle_ff[2], deg * x.angle_nf[0],
      deg * x.angle_nf[1], deg * x.angle_nf[2], x.shift_ff_mean, x.shift_nf_mean, x.window0,
      x.window1, x.dose_move_rel[0], x.dose_move_rel[4]);

  adw_style_manager_set_color_scheme(adw_style_manager_get_default(), ADW_COLOR_SCHEME_FORCE_LIGHT);
  ReachWindow *w = open_network_page();
  reach_window_show_page(w, "network/execution");
  g_assert_true(app_wait_for(exec_plots_drawn, w, 10000));
  const ReachNeural *n = the_neural(w);
  g_assert_null(n->exec_error);

  // the page's CSV holds the E1, E2 and E3 tables with units, equal to libreach's to the digits
  // written (%.9g)
  g_autofree char *dir = app_export_to_tmp(w, "reachlab-exec-XXXXXX", "net.svg");
  g_autofree char *csv_path = g_build_filename(dir, "net.csv", NULL);
  g_autofree char *csv = NULL;
  g_assert_true(g_file_get_contents(csv_path, &csv, NULL, NULL));
  const int S = a.steps + 1;
  double e1[2 * 4], e3[REACH_NA_NDOSE * 2];
  g_autofree double *e2 = g_new(double, (gsize)S * 4);
  int r1 =
      csv_table(csv, "pair,angle1_deg,angle2_deg,angle3_deg,mean_separation_shift_units", 4, e1, 2);
  int r2 = csv_table(csv,
                     "trace_index,time_from_go_ms,movement,separation_ff2_minus_ff1_shift_units,"
                     "separation_nf2_minus_nf1_shift_units",
                     4, e2, S);
  int r3 = csv_table(
      csv, "push_m,execution_displacement_hidden_units,execution_displacement_over_spread", 2, e3,
      REACH_NA_NDOSE);
  g_test_message(
      "CSV tables: E1 %d rows (expect 2), E2 %d rows (expect %d), E3 %d rows "
      "(expect %d)",
      r1, r2, S, r3, REACH_NA_NDOSE);
  g_assert_cmpint(r1, ==, 2);
  g_assert_cmpint(r2, ==, S);
  g_assert_cmpint(r3, ==, REACH_NA_NDOSE);
  double worst = 0;
#define NEAR(got, want) worst = MAX(worst, fabs((got) - (want)) / MAX(1e-3, fabs(want)))
  for (int j = 0; j < REACH_EX_K; j++) {
    NEAR(e1[j], deg * x.angle_ff[j]);
    NEAR(e1[4 + j], deg * x.angle_nf[j]);
  }
  NEAR(e1[3], x.shift_ff_mean);
  NEAR(e1[7], x.shift_nf_mean);
  int in_window = 0;
  for (int k = 0; k < S; k++) {
    NEAR(e2[4 * k + 2], x.shift_ff[k]);
    NEAR(e2[4 * k + 3], x.shift_nf[k]);
    NEAR(e2[4 * k + 0], 1e3 * a.ff1_b0.dt * (k - x.window0));
    in_window += e2[4 * k + 1] == 1.0;
  }
  for (int d = 0; d < REACH_NA_NDOSE; d++) {
    NEAR(e3[2 * d], x.dose_move[d]);
    NEAR(e3[2 * d + 1], x.dose_move_rel[d]);
  }
#undef NEAR
  g_test_message(
      "largest relative difference CSV vs libreach over the %d numbers: %.3g (expect "
      "≤ 1e-8); %d rows in the movement window (expect %d)",
      2 * 4 + 3 * S + 2 * REACH_NA_NDOSE, worst, in_window, x.window1 - x.window0 + 1);
  g_assert_cmpfloat(worst, <=, 1e-8);
  g_assert_cmpint(in_window, ==, x.window1 - x.window0 + 1);
  g_assert_nonnull(strstr(csv, "time_from_go_ms"));
  const char *figs[] = {"net-exec-angles.svg", "net-exec-shift.svg", "net-exec-push.svg"};
  for (gsize i = 0; i < G_N_ELEMENTS(figs); i++) {
    g_autofree char *path = g_build_filename(dir, figs[i], NULL);
    GStatBuf st;
    gboolean ok = g_stat(path, &st) == 0 && st.st_size > 200;
    g_test_message("%s: %s (expect written, > 200 bytes)", figs[i], ok ? "written" : "missing");
    g_assert_true(ok);
  }
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  for (const char *f; d && (f = g_dir_read_name(d));) {
    g_autofree char *path = g_build_filename(dir, f, NULL);
    g_unlink(path);
  }
  g_rmdir(dir);

  // the plots hold the core's curves and draw them: the separation over the shown time (a fifth
  // of a second before the go cue to the end) for both pairs, the go-cue line, three angles per
  // pair, five pushes
  const int shown = x.window1 - MAX(0, x.window0 - 20) + 1;
  const struct {
    const char *name;
    int points;
    ReachPlotColor color;
  } plots[] = {{"exec-shift", 2 * shown + 2, REACH_PLOT_FF1},
               {"exec-angles", 2 * 2 * REACH_EX_K, REACH_PLOT_NF},
               {"exec-push", 2 * REACH_NA_NDOSE, REACH_PLOT_FF2}};
  for (gsize i = 0; i < G_N_ELEMENTS(plots); i++) {
    ReachPlot *plot = reach_window_get_plot(w, plots[i].name);
    const int np = reach_plot_data_n_points(reach_plot_get_data(plot));
    int W, H;
    g_autofree char *png = g_strdup_printf("test-neural-%s.png", plots[i].name);
    g_autofree guint32 *px = app_render(GTK_WIDGET(plot), png, &W, &H);
    const int k = count_color(px, W, H, plots[i].color);
    g_test_message(
        "%s: %d points (expect %d), %d×%d px, %d pixels in its curve's colour "
        "(expect ≥ 30)",
        plots[i].name, np, plots[i].points, W, H, k);
    g_assert_cmpint(np, ==, plots[i].points);
    g_assert_cmpint(k, >=, 30);
  }
  close_window(w);
  reach_execution_free(&x);
  reach_network_analysis_free(&a);
  reach_savings_free(e);
}

int main(int argc, char **argv) {
  static const AppTest tests[] = {
      {"/neural/view", test_view},           {"/neural/rings", test_rings},
      {"/neural/push", test_push},           {"/neural/export", test_export},
      {"/neural/execution", test_execution}, {"/neural/live", test_live}};
  return app_test_main(argc, argv, tests, G_N_ELEMENTS(tests));
}
