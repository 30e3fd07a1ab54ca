// SPDX-License-Identifier: GPL-3.0-or-later
// Poking the network in the arm view, and the muscle traces beside it (issue 18, items 5 and 6),
// with the bundled network as the app opens it (nothing training):
// /poke/reach-and-push: a click sets a target and the network reaches it with the trace's
//   weights in the trace's field; a click out of reach is clamped into the workspace and the view
//   says so; grabbing the hand and dragging pushes it toward the pointer, the push drawn as an
//   arrow, and after letting go the network brings the hand back; the muscle traces follow the
//   live reach; "Back" returns to the eight reaches.
// /poke/real-time: the live reach is stepped by the frame clock, one step per 10 ms of frame
//   time (a quarter of that in slow motion), and every frame is drawn (the rate is reported, not
//   asserted: bench/app/poke_fps.c).
// /poke/muscles-replay: during the replay of the eight reaches the traces show the reach and
//   the step on screen.
// /poke/controller: the fixed controller has no network: a click does not start poking.
#include "app-test-util.h"
#include "reach-backend.h"
#include "study/live_reach.h"

static ReachWindow *open_bundle(void) {
  g_autofree char *bundle = reach_data_path(REACH_BUNDLED_NETWORK);
  ReachWindow *w = app_open_with(bundle, 100);
  g_assert_true(app_wait_for(app_has_trace, w, 30000));
  return w;
}

static double dist(const double a[2], const double b[2]) { return hypot(a[0] - b[0], a[1] - b[1]); }

// The view's pixels that are the push arrow's colour (reach-arm-scene.c).
static int push_pixels(ReachArmView *view, const char *png) {
  int w, h;
  guint32 *px = app_render(GTK_WIDGET(view), png, &w, &h);
  int n = 0;
  for (int i = 0; i < w * h; i++)
    if (app_color_distance(px[i], 0x91 / 255.0, 0x41 / 255.0, 0xac / 255.0) < 0.08) n++;
  g_free(px);
  return n;
}

static void test_reach_and_push(void) {
  ReachWindow *w = open_bundle();
  ReachArmView *view = reach_window_get_arm_view(w);
  ReachSnapshot *s = app_snapshot(w);
  reach_arm_view_freeze(view, 0, 0);  // steps by hand below, not by the frame clock
  const double *start = s->trace->start;
  const double target[2] = {start[0] + 0.07, start[1] + 0.05};
  g_assert_true(reach_arm_view_poke_at(view, target));
  ReachPoke *p = reach_arm_view_get_poke(view);
  g_assert_nonnull(p);
  g_assert_false(reach_poke_clamped(p));
  int steps = reach_arm_view_poke_advance(view, 1.2);
  double hand[2];
  int t;
  reach_poke_get_hand(p, hand, &t);
  g_test_message(
      "click %.1f, %.1f cm from the start: after 1.2 s (%d steps, t = %d) the hand is "
      "%.2f cm from the target (field %.1f N·s/m, the trace's)",
      100 * (target[0] - start[0]), 100 * (target[1] - start[1]), steps, t,
      100 * dist(hand, target), s->trace->field);
  g_assert_cmpint(steps, ==, 120);
  g_assert_cmpfloat(dist(hand, target), <, 0.02);
  ReachPokePicture pic;
  reach_poke_picture(p, &pic);
  g_assert_cmpfloat(pic.field, ==, s->trace->field);

  // the muscle traces are the live reach's activations
  ReachMusclePanel *panel = reach_window_get_muscle_panel(w);
  double shown[6];
  int n_shown = reach_muscle_panel_get_latest(panel, shown);
  g_test_message("muscle traces: %d states shown, latest pectoralis %.4f (live %.4f)", n_shown,
                 shown[0], pic.act[0]);
  g_assert_cmpint(n_shown, ==, 121);  // the state at the start, then 120 steps
  for (int i = 0; i < 6; i++) g_assert_cmpfloat(shown[i], ==, pic.act[i]);

  // grab the hand and pull it 5 cm to the right: the spring pushes it there
  const double held[2] = {hand[0], hand[1]};
  g_assert_true(reach_poke_press(p, (const double[2]){hand[0] + 0.01, hand[1]}));
  reach_poke_drag(p, (const double[2]){hand[0] + 0.05, hand[1]});
  g_assert_true(reach_poke_grabbed(p));
  reach_arm_view_poke_advance(view, 0.05);
  reach_poke_picture(p, &pic);
  app_wait_frames(GTK_WIDGET(view), 3);
  int purple = push_pixels(view, "test-poke-push.png");
  reach_arm_view_poke_advance(view, 0.10);
  reach_poke_get_hand(p, hand, &t);
  double moved = hand[0] - held[0];
  g_test_message(
      "dragging 5 cm right: push %.1f, %.1f N, drawn as an arrow of %d pixels; the "
      "hand moved %.2f cm right, %.2f cm up in 0.15 s",
      pic.f_push[0], pic.f_push[1], purple, 100 * moved, 100 * (hand[1] - held[1]));
  g_assert_cmpfloat(pic.f_push[0], >, 3.0);
  g_assert_cmpint(purple, >, 30);
  g_assert_cmpfloat(moved, >, 0.01);
  reach_poke_release(p);
  reach_arm_view_poke_advance(view, 1.0);
  reach_poke_get_hand(p, hand, &t);
  reach_poke_picture(p, &pic);
  g_test_message("1 s after letting go the hand is %.2f cm from the target; push now %.1f N",
                 100 * dist(hand, target), hypot(pic.f_push[0], pic.f_push[1]));
  g_assert_cmpfloat(dist(hand, target), <, 0.02);
  g_assert_cmpfloat(hypot(pic.f_push[0], pic.f_push[1]), ==, 0.0);

  // out of reach, behind the shoulder: clamped, and said so
  g_assert_true(reach_arm_view_poke_at(view, (const double[2]){0.2, -0.05}));
  g_assert_true(reach_poke_clamped(p));
  reach_poke_picture(p, &pic);
  double out[2];
  g_assert_true(reach_live_clamp_target(s->trace->policy, pic.target, out) == FALSE);
  g_test_message("a click at (20, −5) cm is clamped to (%.1f, %.1f) cm, inside the workspace",
                 100 * pic.target[0], 100 * pic.target[1]);
  g_autofree char *label = reach_arm_view_get_poke_text(view);
  g_test_message("the view says: “%s”", label);
  g_assert_nonnull(strstr(label, "reach"));
  reach_arm_view_poke_advance(view, 1.0);
  app_wait_frames(GTK_WIDGET(view), 3);
  g_free(app_render(GTK_WIDGET(view), "test-poke-clamped.png", &(int){0}, &(int){0}));

  // back to the eight reaches
  reach_arm_view_stop_poke(view);
  g_assert_null(reach_arm_view_get_poke(view));
  app_close_window(w);
}

static void test_real_time(void) {
  ReachWindow *w = open_bundle();
  ReachArmView *view = reach_window_get_arm_view(w);
  ReachSnapshot *s = app_snapshot(w);
  const double target[2] = {s->trace->start[0] - 0.05, s->trace->start[1] + 0.06};
  g_assert_true(reach_arm_view_poke_at(view, target));
  app_wait_frames(GTK_WIDGET(view), 2);
  reach_arm_view_reset_poke_stats(view);
  int t0;
  reach_poke_get_hand(reach_arm_view_get_poke(view), NULL, &t0);
  app_wait_frames(GTK_WIDGET(view), 40);
  double fps, gap;
  int frames, t1, drawn;
  reach_arm_view_get_poke_stats(view, &fps, &gap, &frames);
  reach_arm_view_get_frame_stats(view, NULL, NULL, &drawn);
  reach_poke_get_hand(reach_arm_view_get_poke(view), NULL, &t1);
  double span = frames > 1 ? (frames - 1) / fps : 0;
  g_test_message(
      "%s: %d live frames at %.1f frames/s by the frame clock (longest gap %.1f ms); "
      "%d steps of 10 ms over %.2f s of frame time",
      reach_arm_view_get_renderer(view), frames, fps, gap, t1 - t0, span);
  g_assert_cmpint(frames, >=, 40);
  // real time: the steps follow the frame clock (within a step and the 0.1 s catch-up cap
  // per frame)
  g_assert_cmpint(t1 - t0, >=, (int)floor(span * 100) - 2);
  g_assert_cmpint(t1 - t0, <=, (int)ceil(span * 100) + 12);

  // slow motion: a quarter of the steps for the same frame time
  reach_arm_view_set_poke_speed(view, 0.25);
  app_wait_frames(GTK_WIDGET(view), 2);
  reach_arm_view_reset_poke_stats(view);
  reach_poke_get_hand(reach_arm_view_get_poke(view), NULL, &t0);
  app_wait_frames(GTK_WIDGET(view), 40);
  reach_arm_view_get_poke_stats(view, &fps, &gap, &frames);
  reach_poke_get_hand(reach_arm_view_get_poke(view), NULL, &t1);
  span = frames > 1 ? (frames - 1) / fps : 0;
  g_test_message("slow motion (0.25): %d steps over %.2f s of frame time (%d frames)", t1 - t0,
                 span, frames);
  g_assert_cmpint(t1 - t0, >=, (int)floor(span * 25) - 2);
  g_assert_cmpint(t1 - t0, <=, (int)ceil(span * 25) + 4);
  app_close_window(w);
}

static gboolean muscles_follow(gpointer data) {
  ReachWindow *w = data;
  ReachArmView *view = reach_window_get_arm_view(w);
  int reach, step;
  reach_arm_view_get_position(view, &reach, &step);
  return step > 30;
}

static void test_muscles_replay(void) {
  ReachWindow *w = open_bundle();
  ReachArmView *view = reach_window_get_arm_view(w);
  g_assert_true(app_wait_for(muscles_follow, w, 10000));
  reach_arm_view_freeze(view, 3, 60);
  ReachSnapshot *s = app_snapshot(w);
  double shown[6];
  int n = reach_muscle_panel_get_latest(reach_window_get_muscle_panel(w), shown);
  const double *a = s->trace->act + ((gsize)60 * s->trace->n + 3) * 6;
  g_test_message(
      "replay frozen at reach 3, step 60: %d states shown; latest %.4f %.4f %.4f %.4f "
      "%.4f %.4f (trace %.4f …)",
      n, shown[0], shown[1], shown[2], shown[3], shown[4], shown[5], a[0]);
  g_assert_cmpint(n, ==, 61);
  for (int i = 0; i < 6; i++) g_assert_cmpfloat(shown[i], ==, a[i]);
  app_wait_frames(GTK_WIDGET(view), 3);
  g_free(app_render(GTK_WIDGET(reach_window_get_muscle_panel(w)), "test-poke-muscles.png",
                    &(int){0}, &(int){0}));
  app_close_window(w);
}

static gboolean is_controller(gpointer data) {
  ReachSnapshot *s = app_snapshot(REACH_WINDOW(data));
  return s && s->mode == REACH_SESSION_CONTROLLER && s->trace && app_is_settled(data);
}

static void test_controller(void) {
  ReachWindow *w = app_open_window(100);
  reach_session_load_preset(reach_window_get_session(w), NULL);  // the fixed controller
  g_assert_true(app_wait_for(is_controller, w, 30000));
  ReachArmView *view = reach_window_get_arm_view(w);
  ReachSnapshot *s = app_snapshot(w);
  gboolean poked = reach_arm_view_poke_at(view, s->trace->start);
  g_test_message("the fixed controller's trace carries weights: %s; a click pokes: %s",
                 s->trace->policy ? "yes" : "no", poked ? "yes" : "no");
  g_assert_false(poked);
  g_assert_null(reach_arm_view_get_poke(view));
  app_close_window(w);
}

int main(int argc, char **argv) {
  static const AppTest tests[] = {{"/poke/reach-and-push", test_reach_and_push},
                                  {"/poke/real-time", test_real_time},
                                  {"/poke/muscles-replay", test_muscles_replay},
                                  {"/poke/controller", test_controller}};
  return app_test_main(argc, argv, tests, G_N_ELEMENTS(tests));
}
