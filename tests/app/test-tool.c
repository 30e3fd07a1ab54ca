// SPDX-License-Identifier: GPL-3.0-or-later
// GUI tests of the tool study in the app (issue 8, "In the app"), under xvfb-run: the Study
// row's action switches the worker to the tool study, steps advance it trial by trial, the panel
// shows what libreach's tool run measures for the same sequence, the arm view draws the object,
// and the savings study comes back as it was. Each test prints what it checked, with numbers.
#define _GNU_SOURCE  // RUSAGE_THREAD
#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "app-test-util.h"
#include "context/paradigm_gen.h"
#include "study/savings.h"
#include "study/tool_run.h"
#include "study/tool_study.h"
#include "reach-arm-scene.h"
#include "reach-arm-view.h"
#include "reach-backend.h"
#include "reach-screenshot.h"
#include "reach-session.h"
#include "reach-tool-page.h"
#include "reach-window.h"

// Chooses a study as the Study row does, and waits until the worker plays it.
static void choose_study(ReachWindow *w, const char *id) {
  g_action_group_activate_action(G_ACTION_GROUP(w), "experiment", g_variant_new_string(id));
  g_assert_true(app_wait_for(app_is_settled, w, 20000));
}

static gboolean is_idle(gpointer data) {
  ReachSnapshot *s = app_snapshot(data);
  return app_is_settled(data) && s && !s->running;
}

// libreach's own run of the experiment the app plays: the bundled network's grown-up weights,
// `learner` (a context model, or the network learning as `reachlab-cli tool --learner rnn` has
// it: its own loss and the file's phase SGD), the generated sequence of `seed`, n trials; p_c1_q
// [n][2] from the SSSM's record (NAN for the other learners, which have none). end_xy [n][2]
// (nullable): the hand at the end of each trial.
static void reference_run_with(int experiment, int learner, unsigned long seed, int n,
                               reach_tool_result *res, double *p_c1_q, double *end_xy,
                               double *secs) {
  g_autofree char *path = reach_data_path(REACH_BUNDLED_NETWORK);
  reach_error err = {0};
  reach_savings *net = NULL;
  reach_paradigm p = {0};
  reach_tool_run *run = NULL;
  g_assert_cmpint(reach_savings_load(path, &net, &err), ==, REACH_OK);
  g_assert_cmpint(reach_paradigm_generate((reach_tool_experiment)experiment, seed, &p, &err), ==,
                  REACH_OK);
  reach_arm_model arm;
  reach_arm_model_arm26(&arm);
  const reach_config *ncfg = reach_savings_config(net);
  const reach_tool_rnn_config rnn = {.loss = ncfg->loss,
                                     .optim = ncfg->phase_optim,
                                     .freeze_b_hh = ncfg->freeze_b_hh,
                                     .freeze_h0 = ncfg->freeze_h0};
  const gboolean is_rnn = learner == REACH_TOOL_LEARNER_RNN,
                 is_coin = learner == REACH_TOOL_LEARNER_COIN;
  const reach_coin_params coin = reach_coin_params_default();  // COIN.m's, from the seed
  const reach_tool_run_config cfg = {
      .learner = is_rnn || is_coin ? REACH_CMODEL_SSSM : (reach_cmodel)learner,
      .group = reach_tool_experiment_group(experiment),
      .field_sign = 1.0,
      .rnn = is_rnn ? &rnn : NULL,
      .coin = is_coin ? &coin : NULL,
      .coin_seed = seed,
  };
  g_assert_cmpint(reach_tool_run_create(&arm, reach_savings_gru(net),
                                        reach_savings_snapshot(net, REACH_STAGE_GROW),
                                        &reach_savings_config(net)->task, &p, &cfg, &run, &err),
                  ==, REACH_OK);
  gint64 t0 = g_get_monotonic_time();
  for (int t = 0; t < n; t++) {
    g_assert_cmpint(reach_tool_run_step(run, &res[t], &err), ==, REACH_OK);
    const reach_sssm_record *rec = reach_tool_run_context(run);
    g_assert_true((rec != NULL) == (learner == REACH_TOOL_LEARNER_SSSM));
    p_c1_q[2 * t] = rec ? rec->p_c1_given_q[0] : NAN;
    p_c1_q[2 * t + 1] = rec ? rec->p_c1_given_q[1] : NAN;
    if (end_xy) {
      int steps = 0;
      const double *xy = NULL;
      reach_tool_run_last(run, &steps, &xy, NULL, NULL);
      end_xy[2 * t] = xy[2 * steps];
      end_xy[2 * t + 1] = xy[2 * steps + 1];
    }
  }
  if (secs) *secs = (double)(g_get_monotonic_time() - t0) / 1e6;
  reach_tool_run_free(run);
  reach_paradigm_free(&p);
  reach_savings_free(net);
}

static void reference_run(int experiment, unsigned long seed, int n, reach_tool_result *res,
                          double *p_c1_q, double *end_xy, double *secs) {
  reference_run_with(experiment, REACH_TOOL_LEARNER_SSSM, seed, n, res, p_c1_q, end_xy, secs);
}

/* ---- steps advance the trial counter; the panel shows libreach's numbers ---- */

static gboolean reached(gpointer data) {
  AppAtTotal *a = data;
  ReachSnapshot *s = app_snapshot(a->w);
  return is_idle(a->w) && s->tool && s->total == a->total;
}

static void test_step_and_panel(void) {
  ReachWindow *w = app_open_window(0);
  ReachSession *session = reach_window_get_session(w);
  choose_study(w, "exp2-opposing");
  ReachSnapshot *s = app_snapshot(w);
  g_assert_nonnull(s->tool);
  g_test_message(
      "exp2-opposing chosen: %d trials in %d phases, %d played, stage %d; plot page "
      "“%s”",
      s->tool->n_total, s->tool->n_phases, s->tool->n, s->stage,
      reach_window_get_plot(w, "tool-mpe") &&
              gtk_widget_get_mapped(GTK_WIDGET(reach_window_get_plot(w, "tool-mpe")))
          ? "tool"
          : "not the tool page");
  g_assert_cmpint(s->tool->experiment, ==, REACH_EXP2_OPPOSING);
  g_assert_cmpint(s->tool->n, ==, 0);
  g_assert_cmpint(s->tool->n_total, ==, 540);
  g_assert_true(gtk_widget_get_mapped(GTK_WIDGET(reach_window_get_plot(w, "tool-mpe"))));

  // into the exposure phase at full speed, then trial by trial with win.step (Ctrl+→)
  const int run_to = 60, steps = 7;
  reach_session_run_until(session, run_to);
  AppAtTotal at = {w, run_to};
  g_assert_true(app_wait_for(reached, &at, 30000));
  const int before = app_snapshot(w)->total;
  for (int k = 0; k < steps; k++) g_action_group_activate_action(G_ACTION_GROUP(w), "step", NULL);
  at.total = before + steps;
  g_assert_true(app_wait_for(reached, &at, 30000));
  s = app_snapshot(w);
  g_test_message(
      "trial counter: %d after running to %d, %d after %d steps (expect +%d); "
      "history holds %d trials; stage %d, %d into it",
      before, run_to, s->total, steps, steps, s->tool->n, s->stage, s->batch);
  g_assert_cmpint(before, ==, run_to);
  g_assert_cmpint(s->total - before, ==, steps);
  g_assert_cmpint(s->tool->n, ==, s->total);

  ReachToolPage *panel = reach_window_get_tool_page(w);
  g_assert_true(app_wait_for(app_plot_drawn, reach_window_get_plot(w, "tool-adaptation"), 10000));
  const int n = s->tool->n;
  g_autofree reach_tool_result *ref = g_new0(reach_tool_result, (gsize)n);
  g_autofree double *ref_p = g_new0(double, 2 * (gsize)n);
  g_autofree double *ref_end = g_new0(double, 2 * (gsize)n);
  reference_run(REACH_EXP2_OPPOSING, s->tool->seed, n, ref, ref_p, ref_end, NULL);

  // channel-trial adaptation per side: the panel's points against libreach's, exactly
  int compared = 0, mismatched = 0;
  for (int side = 1; side <= 2; side++) {
    const double *x, *y;
    int m = reach_tool_page_get_adaptation(panel, side, &x, &y);
    int k = 0;
    for (int t = 0; t < n; t++) {
      if (!ref[t].channel || ref[t].side != side || ref[t].type != REACH_TRIAL_PLAIN) continue;
      gboolean same = k < m && x[k] == t + 1 && y[k] == ref[t].adaptation;
      g_test_message("side %d channel trial %3d: panel %+9.4f %%, libreach %+9.4f %% %s", side,
                     t + 1, k < m ? y[k] : NAN, ref[t].adaptation, same ? "equal" : "DIFFERENT");
      mismatched += !same;
      compared++;
      k++;
    }
    g_test_message("side %d: %d points in the panel, %d channel trials in libreach's run", side, m,
                   k);
    g_assert_cmpint(m, ==, k);
  }
  g_assert_cmpint(compared, >=, 4);
  g_assert_cmpint(mismatched, ==, 0);

  // MPE in blocks of 8 per side: the panel's helper against the blocks formed here
  double worst = 0;
  int blocks = 0;
  for (int side = 1; side <= 2; side++) {
    g_autofree double *bx = g_new(double, (gsize)n / 8 + 2);
    g_autofree double *by = g_new(double, (gsize)n / 8 + 2);
    int m = reach_tool_mpe_blocks(s->tool, side, bx, by);
    int k = 0;
    for (int b0 = 0; b0 < n; b0 += 8) {
      double sum = 0;
      int c = 0;
      for (int t = b0; t < MIN(b0 + 8, n); t++)
        if (!ref[t].channel && ref[t].side == side) sum += ref[t].mpe, c++;
      if (!c) continue;
      g_assert_cmpint(k, <, m);
      g_assert_cmpfloat(bx[k], ==, MIN(b0 + 8, n));
      worst = MAX(worst, fabs(by[k] - 1e3 * sum / c));
      k++;
    }
    g_assert_cmpint(m, ==, k);
    blocks += m;
  }
  g_test_message(
      "MPE blocks of 8: %d blocks over both sides, largest difference from libreach's "
      "trials %.3g mm (limit 1e-9)",
      blocks, worst);
  g_assert_cmpfloat(worst, <=, 1e-9);

  // the live SSSM's context probabilities, exactly
  int pdiff = 0;
  for (int t = 0; t < 2 * n; t++) pdiff += s->tool->p_c1_q[t] != ref_p[t];
  g_test_message(
      "p(context 1 | cue) over %d trials: %d of %d values differ from libreach's "
      "SSSM record; last trial %.6f / %.6f",
      n, pdiff, 2 * n, s->tool->p_c1_q[2 * n - 2], s->tool->p_c1_q[2 * n - 1]);
  g_assert_cmpint(pdiff, ==, 0);

  // the arm view's trace: the last trial's path, and the trials before it (faint), oldest first
  const ReachArmTrace *tr = s->trace;
  const int T = tr->steps;
  int ends_equal = tr->xy[2 * T] == ref_end[2 * (n - 1)] && tr->xy[2 * T + 1] == ref_end[2 * n - 1];
  for (int k = 0; k < tr->n_recent; k++) {
    const double *e = tr->recent_xy + 2 * ((gsize)k * (gsize)(T + 1) + (gsize)T);
    const int trial = n - 1 - tr->n_recent + k;
    ends_equal += e[0] == ref_end[2 * trial] && e[1] == ref_end[2 * trial + 1];
  }
  g_test_message(
      "arm view trace: trial %d's path and %d before it; %d of %d end points equal "
      "libreach's trials %d..%d",
      n, tr->n_recent, ends_equal, tr->n_recent + 1, n - tr->n_recent, n);
  g_assert_cmpint(tr->n_recent, ==, 7);
  g_assert_cmpint(ends_equal, ==, tr->n_recent + 1);

  // the tool page exports its three figures and one CSV row per trial played
  g_autofree char *dir = app_export_to_tmp(w, "reachlab-tool-XXXXXX", "tool.svg");
  const char *names[] = {"tool.svg", "tool-adaptation.svg", "tool-context.svg", "tool.csv"};
  // The CLI's trials.csv of libreach's own run: reach_tool_record_write_csv's header and rows.
  char *cli = NULL;
  size_t cli_len = 0;
  FILE *fp = open_memstream(&cli, &cli_len);
  reach_tool_csv_header(fp);
  for (int t = 0; t < n; t++) reach_tool_csv_row(fp, &ref[t], ref_p + 2 * t);
  g_assert_cmpint(fclose(fp), ==, 0);
  g_autoptr(GString) app_table = g_string_new(NULL);
  int found = 0, rows = 0;
  for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
    g_autofree char *path = g_build_filename(dir, names[i], NULL);
    found += g_file_test(path, G_FILE_TEST_IS_REGULAR);
    if (g_str_has_suffix(names[i], ".csv")) {
      g_autofree char *text = NULL;
      g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
      g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
      for (int k = 0; lines[k]; k++) {
        rows += g_ascii_isdigit(lines[k][0]);
        if (lines[k][0] && lines[k][0] != '#') g_string_append_printf(app_table, "%s\n", lines[k]);
      }
    }
    g_remove(path);
  }
  const char *cli_header_end = strchr(cli, '\n');
  g_test_message(
      "tool CSV: the app's header \"%.*s\"; header and %d rows equal the CLI's (%zu "
      "bytes): %d",
      (int)(strchr(app_table->str, '\n') - app_table->str), app_table->str, n, cli_len,
      g_str_equal(app_table->str, cli));
  g_assert_nonnull(cli_header_end);
  g_assert_cmpstr(app_table->str, ==, cli);
  free(cli);
  g_rmdir(dir);
  g_test_message(
      "export of the tool page: %d of 4 files written, %d trial rows in the CSV "
      "(expect %d)",
      found, rows, n);
  g_assert_cmpint(found, ==, 4);
  g_assert_cmpint(rows, ==, n);
  app_close_window(w);
}

/* ---- the arm view draws the object where the trial's geometry puts it ---- */

static void test_arm_view(void) {
  ReachWindow *w = app_open_window(0);
  choose_study(w, "exp2-opposing");
  for (int k = 0; k < 3; k++) g_action_group_activate_action(G_ACTION_GROUP(w), "step", NULL);
  AppAtTotal at = {w, 3};
  g_assert_true(app_wait_for(reached, &at, 30000));
  ReachSnapshot *s = app_snapshot(w);
  const ReachArmTrace *t = s->trace;
  g_assert_nonnull(t);
  g_assert_true(t->has_tool);
  ReachArmView *view = reach_window_get_arm_view(w);
  const int step = 20;  // moving: the target ahead is still clear of the object
  reach_arm_view_freeze(view, 0, step);
  g_assert_true(app_wait_frames(GTK_WIDGET(view), 3));

  int W, H;
  g_autofree guint32 *px = app_render(GTK_WIDGET(view), "test-tool-arm-view.png", &W, &H);

  const AppArmFrame frame = app_arm_frame(t, 0, step, W, H);
  const ReachRGBA bg = frame.bg;
  // the object at the hand of state `step`: centre, body, control points (spec §3.1: a red
  // rectangle, green control points), and the trial's target: the colour of the scene's disc at
  // the target (the scene's ink), found by its place
  const ReachToolPose *o = &t->tool;
  ReachRGBA ink = {-1, -1, -1, 0};
  ReachArmScene scene;
  reach_arm_scene_init(&scene);
  ReachArmStyle style = {adw_style_manager_get_dark(adw_style_manager_get_default()), FALSE};
  reach_arm_scene_build(&scene, t, 0, step, &style);
  const float(*pt)[2] = (const float(*)[2])(const void *)scene.points->data;
  for (guint i = 0; i < scene.prims->len; i++) {
    const ReachPrim *p = &g_array_index(scene.prims, ReachPrim, i);
    if (p->kind == REACH_PRIM_DISC && fabs(pt[p->first][0] - o->target[0]) < 1e-6 &&
        fabs(pt[p->first][1] - o->target[1]) < 1e-6)
      ink = p->color;
  }
  reach_arm_scene_clear(&scene);
  g_assert_cmpfloat(ink.r, >=, 0);  // the scene has a disc at the target
  const double c[2] = {t->xy[2 * step] + o->object_offset[0],
                       t->xy[2 * step + 1] + o->object_offset[1]};
  struct {
    const char *what;
    double x, y;
    double r, g, b;  // expected colour; r < 0: the background
  } probes[] = {
      {"object body, 3.5 cm left of centre", c[0] - 0.035, c[1], 0xe0 / 255.0, 0x1b / 255.0,
       0x24 / 255.0},
      {"object body, 3.5 cm right of centre", c[0] + 0.035, c[1], 0xe0 / 255.0, 0x1b / 255.0,
       0x24 / 255.0},
      {"left control point", c[0] - 0.07, c[1], 0x33 / 255.0, 0xd1 / 255.0, 0x7a / 255.0},
      {"right control point", c[0] + 0.07, c[1], 0x33 / 255.0, 0xd1 / 255.0, 0x7a / 255.0},
      {"target of the cued point", o->target[0], o->target[1], ink.r, ink.g, ink.b},
      {"empty workspace 20 cm left of home, 14 cm ahead", o->home[0] - 0.20, o->home[1] + 0.14, -1,
       0, 0},
  };
  int failures = 0;
  for (gsize i = 0; i < G_N_ELEMENTS(probes); i++) {
    int x, y;
    guint32 p = px[app_arm_pixel(&frame, probes[i].x, probes[i].y, &x, &y)];
    gboolean want_bg = probes[i].r < 0;
    double d = want_bg ? app_color_distance(p, bg.r, bg.g, bg.b)
                       : app_color_distance(p, probes[i].r, probes[i].g, probes[i].b);
    gboolean ok = d < 0.12;
    g_test_message("%-48s pixel (%4d, %4d) #%06x: distance %.3f from the %s (limit 0.12) %s",
                   probes[i].what, x, y, p & 0xffffff, d,
                   want_bg ? "background" : "expected colour", ok ? "ok" : "WRONG");
    failures += !ok;
  }
  const char *want = app_gl_disabled() ? "Cairo" : "GL";
  g_test_message("drawn by %s (expect %s), %d×%d, %.0f px per m", reach_arm_view_get_renderer(view),
                 want, W, H, frame.k);
  g_assert_cmpstr(reach_arm_view_get_renderer(view), ==, want);
  g_assert_cmpint(failures, ==, 0);
  app_close_window(w);
}

/* ---- back to the savings study: its view returns as it was ---- */

static void test_back_to_savings(void) {
  g_autofree char *bundle = reach_data_path(REACH_BUNDLED_NETWORK);
  ReachWindow *w = app_open_with(bundle, 0);
  ReachSnapshot *before = reach_snapshot_ref(app_snapshot(w));
  ReachPlot *ld = reach_window_get_plot(w, "ld");
  g_assert_true(app_wait_for(app_plot_drawn, ld, 10000));
  const int ld_points = reach_plot_data_n_points(reach_plot_get_data(ld));

  choose_study(w, "exp2-same");
  g_action_group_activate_action(G_ACTION_GROUP(w), "step", NULL);
  AppAtTotal at = {w, 1};
  g_assert_true(app_wait_for(reached, &at, 30000));
  GtkStack *stack = GTK_STACK(gtk_widget_get_ancestor(GTK_WIDGET(ld), GTK_TYPE_STACK));
  g_test_message("tool study: page “%s”, %d trial played, model “%s”",
                 gtk_stack_get_visible_child_name(stack), app_snapshot(w)->tool->n,
                 app_snapshot(w)->model_label);
  g_assert_cmpstr(gtk_stack_get_visible_child_name(stack), ==, "tool");

  choose_study(w, "savings");
  g_assert_true(app_wait_for(app_is_network, w, 30000));
  ReachSnapshot *s = app_snapshot(w);
  g_assert_true(app_wait_for(app_plot_drawn, ld, 10000));
  int same_ld = 0, n_ld = 0;
  for (int i = 0; i < REACH_NPHASE; i++) {
    n_ld += s->n_ld[i];
    if (s->n_ld[i] == before->n_ld[i])
      for (int b = 0; b < s->n_ld[i]; b++) same_ld += s->ld[i][b] == before->ld[i][b];
  }
  g_autoptr(GVariant) state = g_action_group_get_action_state(G_ACTION_GROUP(w), "experiment");
  g_test_message(
      "back to savings: model “%s” (before “%s”), stage %d (before %d), %d of %d LD "
      "values as before, LD plot %d points (before %d), page “%s”, action state %s, "
      "arm view trace of the tool: %s",
      s->model_label, before->model_label, s->stage, before->stage, same_ld, n_ld,
      reach_plot_data_n_points(reach_plot_get_data(ld)), ld_points,
      gtk_stack_get_visible_child_name(stack), g_variant_get_string(state, NULL),
      s->trace && s->trace->has_tool ? "yes" : "no");
  g_assert_cmpstr(s->model_label, ==, before->model_label);
  g_assert_cmpint(s->stage, ==, before->stage);
  g_assert_cmpint(n_ld, >, 0);
  g_assert_cmpint(same_ld, ==, n_ld);
  g_assert_cmpint(reach_plot_data_n_points(reach_plot_get_data(ld)), ==, ld_points);
  g_assert_cmpstr(gtk_stack_get_visible_child_name(stack), ==, "learning");
  g_assert_cmpstr(g_variant_get_string(state, NULL), ==, "savings");
  g_assert_nonnull(s->trace);
  g_assert_false(s->trace->has_tool);

  // a stored page of the other study (the setting from a tool session) leaves the savings page
  g_autoptr(GSettings) settings = g_settings_new("org.reachlab.ReachLab");
  g_settings_set_string(settings, "plot-page", "tool");
  app_spin(50);
  g_test_message("plot-page setting “tool” in the savings study: page shown “%s” (expect learning)",
                 gtk_stack_get_visible_child_name(stack));
  g_assert_cmpstr(gtk_stack_get_visible_child_name(stack), ==, "learning");
  reach_snapshot_unref(before);
  app_close_window(w);
}

/* ---- speed: trials per second in the app against libreach alone ---- */

// CPU time (s) of the process (RUSAGE_SELF) or of the calling thread (RUSAGE_THREAD).
static double cpu_seconds(int who) {
  struct rusage u;
  getrusage(who, &u);
  return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

static void test_speed(void) {
  ReachWindow *w = app_open_window(0);
  ReachSession *session = reach_window_get_session(w);
  choose_study(w, "exp1-two");
  const int n = app_snapshot(w)->tool->n_total;
  reach_session_set_speed(session, 0);  // as fast as the worker can go
  char loadavg[64] = "?";
  {
    g_autofree char *text = NULL;
    if (g_file_get_contents("/proc/loadavg", &text, NULL, NULL)) {
      g_strlcpy(loadavg, text, sizeof loadavg);
      g_strstrip(loadavg);
    }
  }
  const double cpu0 = cpu_seconds(RUSAGE_SELF), main0 = cpu_seconds(RUSAGE_THREAD);
  gint64 t0 = g_get_monotonic_time();
  reach_session_run_until(session, n);
  AppAtTotal at = {w, n};
  g_assert_true(app_wait_for(reached, &at, 120000));
  double app_s = (double)(g_get_monotonic_time() - t0) / 1e6;
  const double cpu = cpu_seconds(RUSAGE_SELF) - cpu0, main_cpu = cpu_seconds(RUSAGE_THREAD) - main0;
  ReachSnapshot *s = app_snapshot(w);
  int channels = 0, finite = 0;
  for (int t = 0; t < s->tool->n; t++)
    if (s->tool->channel[t]) channels++, finite += isfinite(s->tool->adapt[t]);

  g_autofree reach_tool_result *ref = g_new0(reach_tool_result, (gsize)n);
  g_autofree double *ref_p = g_new0(double, 2 * (gsize)n);
  double lib_s = 0;
  const double lib_cpu0 = cpu_seconds(RUSAGE_THREAD);
  reference_run(REACH_EXP1_TWO, s->tool->seed, n, ref, ref_p, NULL, &lib_s);
  const double lib_cpu = cpu_seconds(RUSAGE_THREAD) - lib_cpu0;  // includes loading the network
  int differ = 0;
  for (int t = 0; t < n; t++)
    differ += !(s->tool->yhat[t] == ref[t].yhat) ||
              (ref[t].channel ? !(s->tool->adapt[t] == ref[t].adaptation)
                              : !(s->tool->mpe[t] == ref[t].mpe));
  g_test_message(
      "exp1-two, SSSM: %d trials in the app in %.2f s (%.0f trials/s, window open, "
      "including hand-over and plots); libreach alone in this process %.2f s (%.0f "
      "trials/s); app/libreach %.2f",
      n, app_s, n / app_s, lib_s, n / lib_s, lib_s / app_s);
  const char *plots[] = {"tool-mpe", "tool-adaptation", "tool-context"};
  for (gsize i = 0; i < G_N_ELEMENTS(plots); i++) {
    ReachPlot *p = reach_window_get_plot(w, plots[i]);
    g_test_message("main thread: %s drawn %d times during the run, the last draw in %.1f ms",
                   plots[i], reach_plot_get_draw_count(p), reach_plot_get_last_draw_ms(p));
  }
  g_test_message(
      "CPU during the app's run: %.2f s in the process, of which %.2f s on the main "
      "(GTK) thread and %.2f s elsewhere (the worker: %.3f ms per trial); wall %.2f s. "
      "libreach alone: %.2f s CPU (%.3f ms per trial, loading the network included), "
      "wall %.2f s. Load average now %s",
      cpu, main_cpu, cpu - main_cpu, 1e3 * (cpu - main_cpu) / n, app_s, lib_cpu, 1e3 * lib_cpu / n,
      lib_s, loadavg);
  g_test_message(
      "%d channel trials, %d with a finite adaptation; %d of %d trials differ from "
      "libreach's run in ŷ, MPE or adaptation; stage %d",
      channels, finite, differ, n, s->stage);
  g_assert_cmpint(s->tool->n, ==, n);
  g_assert_cmpint(s->stage, ==, REACH_APP_STAGE_DONE);
  g_assert_cmpint(finite, ==, channels);
  g_assert_cmpint(differ, ==, 0);
  app_close_window(w);
}

/* ---- the Learner row: each learner plays libreach's run; only the SSSM has contexts ---- */

// Chooses a learner as the Learner row does, and waits until the worker plays it.
static void choose_learner(ReachWindow *w, const char *id) {
  g_action_group_activate_action(G_ACTION_GROUP(w), "learner", g_variant_new_string(id));
  g_assert_true(app_wait_for(app_is_settled, w, 20000));
}

// Equal, or both NAN (where a measure does not apply).
static gboolean same_value(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

static void test_learners(void) {
  ReachWindow *w = app_open_window(0);
  ReachSession *session = reach_window_get_session(w);
  g_autoptr(GSettings) settings = g_settings_new("org.reachlab.ReachLab");
  choose_study(w, "exp2-opposing");
  // through the exposure phase's first channel trials of both sides
  const int n = 67;
  const char *ids[] = {"sssm", "ssm3", "rnn", "coin"};
  const char *names[] = {"SSSM", "SSM3", "the network", "COIN"};
  for (gsize l = 0; l < G_N_ELEMENTS(ids); l++) {
    const int learner = reach_tool_learner_find(ids[l]);
    choose_learner(w, ids[l]);
    ReachSnapshot *s = app_snapshot(w);
    g_autofree char *setting = g_settings_get_string(settings, "learner");
    g_autoptr(GVariant) state = g_action_group_get_action_state(G_ACTION_GROUP(w), "learner");
    g_autofree char *config_line = g_strdup_printf("learner = %s\n", ids[l]);
    g_test_message(
        "learner %s chosen: history learner %d (expect %d), %d trials played, label "
        "“%s”, config says it: %s, setting “%s”, action state “%s”",
        ids[l], s->tool->learner, learner, s->tool->n, s->model_label,
        strstr(s->config_text, config_line) ? "yes" : "no", setting,
        g_variant_get_string(state, NULL));
    g_assert_cmpint(s->tool->learner, ==, learner);
    g_assert_cmpint(s->tool->experiment, ==, REACH_EXP2_OPPOSING);
    g_assert_cmpint(s->tool->n, ==, 0);
    g_assert_nonnull(strstr(s->model_label, names[l]));
    g_assert_nonnull(strstr(s->config_text, config_line));
    g_assert_cmpstr(setting, ==, ids[l]);
    g_assert_cmpstr(g_variant_get_string(state, NULL), ==, ids[l]);

    reach_session_run_until(session, n);
    AppAtTotal at = {w, n};
    g_assert_true(app_wait_for(reached, &at, 60000));
    s = app_snapshot(w);
    g_autofree reach_tool_result *ref = g_new0(reach_tool_result, (gsize)n);
    g_autofree double *ref_p = g_new0(double, 2 * (gsize)n);
    reference_run_with(REACH_EXP2_OPPOSING, learner, s->tool->seed, n, ref, ref_p, NULL, NULL);
    int differ = 0, channels = 0, finite_p = 0;
    double last_adapt[3] = {NAN, NAN, NAN};
    for (int t = 0; t < n; t++) {
      differ += !same_value(s->tool->yhat[t], ref[t].yhat) ||
                !same_value(s->tool->mpe[t], ref[t].mpe) ||
                !same_value(s->tool->adapt[t], ref[t].adaptation) ||
                !same_value(s->tool->p_c1_q[2 * t], ref_p[2 * t]) ||
                !same_value(s->tool->p_c1_q[2 * t + 1], ref_p[2 * t + 1]);
      finite_p += isfinite(s->tool->p_c1_q[2 * t]);
      if (ref[t].channel) {
        channels++;
        last_adapt[ref[t].side] = s->tool->adapt[t];
      }
    }
    g_test_message(
        "learner %s, %d trials: %d differ from libreach's run of the same "
        "configuration in ŷ, MPE, adaptation or p(context | cue); %d channel trials, "
        "last adaptation side 1 %+.4f %%, side 2 %+.4f %%; last MPE %+.3f mm (libreach "
        "%+.3f mm); %d trials with a context probability",
        ids[l], n, differ, channels, last_adapt[1], last_adapt[2], 1e3 * s->tool->mpe[n - 1],
        1e3 * ref[n - 1].mpe, finite_p);
    g_assert_cmpint(s->tool->n, ==, n);
    g_assert_cmpint(channels, >=, 4);
    g_assert_cmpint(differ, ==, 0);
    g_assert_cmpint(finite_p, ==, learner == REACH_TOOL_LEARNER_SSSM ? n : 0);

    // the context plot: the SSSM's probabilities, else the placeholder and nothing drawn
    ReachPlot *ctx = reach_window_get_plot(w, "tool-context");
    g_assert_true(app_wait_for(app_plot_drawn, ctx, 10000));
    ReachPlotData *d = reach_plot_get_data(ctx);
    const int points = reach_plot_data_n_points(d);
    const char *placeholder = reach_plot_data_get_placeholder(d);
    g_test_message("learner %s: context plot has %d points, placeholder “%s”", ids[l], points,
                   placeholder ? placeholder : "(none)");
    if (learner == REACH_TOOL_LEARNER_SSSM) {
      g_assert_cmpint(points, ==, 2 * n);
    } else {
      g_assert_cmpint(points, ==, 0);
      g_assert_cmpstr(placeholder, ==,
                      learner == REACH_TOOL_LEARNER_COIN ? "COIN's contexts: on the Context page"
                                                         : "This learner has no contexts");
    }
  }
  app_close_window(w);
}

/* ---- the learner leaves the savings study alone, and is remembered ---- */

static void test_learner_savings(void) {
  g_autofree char *bundle = reach_data_path(REACH_BUNDLED_NETWORK);
  ReachWindow *w = app_open_with(bundle, 0);
  g_autoptr(GSettings) settings = g_settings_new("org.reachlab.ReachLab");
  g_settings_set_string(settings, "learner", "sssm");
  ReachSnapshot *before = reach_snapshot_ref(app_snapshot(w));
  choose_learner(w, "ssm5");
  ReachSnapshot *s = app_snapshot(w);
  int same_ld = 0, n_ld = 0;
  for (int i = 0; i < REACH_NPHASE; i++) {
    n_ld += s->n_ld[i];
    if (s->n_ld[i] == before->n_ld[i])
      for (int b = 0; b < s->n_ld[i]; b++) same_ld += s->ld[i][b] == before->ld[i][b];
  }
  g_test_message(
      "savings study, learner ssm5 chosen: model “%s” (before “%s”), %d batches "
      "(before %d), stage %d (before %d), %d of %d LD values as before, tool history %s",
      s->model_label, before->model_label, s->total, before->total, s->stage, before->stage,
      same_ld, n_ld, s->tool ? "present" : "none");
  g_assert_null(s->tool);
  g_assert_cmpstr(s->model_label, ==, before->model_label);
  g_assert_cmpint(s->total, ==, before->total);
  g_assert_cmpint(s->stage, ==, before->stage);
  g_assert_cmpint(n_ld, >, 0);
  g_assert_cmpint(same_ld, ==, n_ld);
  reach_snapshot_unref(before);

  // the tool study then plays the chosen learner
  choose_study(w, "exp1-two");
  s = app_snapshot(w);
  g_test_message(
      "exp1-two after choosing ssm5 in the savings study: history learner %d "
      "(expect %d), label “%s”",
      s->tool->learner, reach_tool_learner_find("ssm5"), s->model_label);
  g_assert_cmpint(s->tool->learner, ==, reach_tool_learner_find("ssm5"));
  g_assert_nonnull(strstr(s->model_label, "SSM5"));
  app_close_window(w);

  // a new window starts with the remembered learner; an unknown one leaves the state alone
  w = app_open_window(0);
  g_action_group_activate_action(G_ACTION_GROUP(w), "learner", g_variant_new_string("ssm9"));
  choose_study(w, "exp1-single");
  g_autoptr(GVariant) state = g_action_group_get_action_state(G_ACTION_GROUP(w), "learner");
  g_autofree char *setting = g_settings_get_string(settings, "learner");
  s = app_snapshot(w);
  g_test_message(
      "new window: learner action state “%s”, setting “%s” after an attempt at "
      "“ssm9”; exp1-single plays learner %d",
      g_variant_get_string(state, NULL), setting, s->tool->learner);
  g_assert_cmpstr(g_variant_get_string(state, NULL), ==, "ssm5");
  g_assert_cmpstr(setting, ==, "ssm5");
  g_assert_cmpint(s->tool->learner, ==, reach_tool_learner_find("ssm5"));
  app_close_window(w);
}

/* ---- --learner: an unknown name is refused, naming the option and what it expects ---- */

#ifndef REACHLAB_BIN
#define REACHLAB_BIN "reachlab"
#endif

static void test_learner_option(void) {
  g_autofree char *out = NULL, *err = NULL;
  int status = -1;
  const char *argv[] = {REACHLAB_BIN, "--experiment", "exp2-opposing", "--learner", "ssm9", NULL};
  g_autoptr(GError) error = NULL;
  g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error(error);
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  g_test_message("reachlab --learner ssm9: exit code %d (expect 2); stderr: %s", code,
                 g_strstrip(err));
  g_assert_cmpint(code, ==, 2);
  g_assert_nonnull(strstr(err, "--learner"));
  g_assert_nonnull(strstr(err, "ssm9"));
  g_assert_nonnull(strstr(err, "rnn"));
}

int main(int argc, char **argv) {
  static const AppTest tests[] = {{"/tool/step-and-panel", test_step_and_panel},
                                  {"/tool/arm-view", test_arm_view},
                                  {"/tool/back-to-savings", test_back_to_savings},
                                  {"/tool/speed", test_speed},
                                  {"/tool/learners", test_learners},
                                  {"/tool/learner-savings", test_learner_savings},
                                  {"/tool/learner-option", test_learner_option}};
  return app_test_main(argc, argv, tests, G_N_ELEMENTS(tests));
}
