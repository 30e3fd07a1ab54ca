// SPDX-License-Identifier: GPL-3.0-or-later
// The Protocol row (issue 19, item 7): a protocol's phases on the bundled network's grown-up
// weights, with the phase bar, the plots and the export following its list; the study comes back
// as it was; a bad file leaves the run as it was and the banner names its line; the choice is
// remembered and quietly forgotten when its file has gone.
#include "app-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

#include "reach-backend.h"
#include "reach-phase-bar.h"
#include "reach-settings.h"

// A wait for the snapshot to run a protocol of n phases (the worker settled).
typedef struct {
  ReachWindow *w;
  int nphase;
} AppPhases;

static gboolean has_phases(gpointer data) {
  AppPhases *a = data;
  ReachSnapshot *s = app_snapshot(a->w);
  return app_is_settled(a->w) && s && s->nphase == a->nphase;
}

static gboolean is_done(gpointer data) {
  ReachSnapshot *s = app_snapshot(REACH_WINDOW(data));
  return app_is_settled(data) && s && s->stage == REACH_APP_STAGE_DONE;
}

static gboolean at_cw2(gpointer data) {
  ReachSnapshot *s = app_snapshot(REACH_WINDOW(data));
  return app_is_settled(data) && s && s->stage == 4 && s->batch == 0;
}

static gboolean has_error(gpointer data) {
  return reach_window_get_error(REACH_WINDOW(data)) != NULL;
}

static void choose(ReachWindow *w, const char *id) {
  g_action_group_change_action_state(G_ACTION_GROUP(w), "protocol", g_variant_new_string(id));
}

// Checks the phase bar against the snapshot's list: n segments named as the protocol names them.
static void check_bar(ReachWindow *w, int n, const char *const names[]) {
  g_assert_true(app_wait_frames(GTK_WIDGET(w), 2));
  ReachPhaseBar *bar = reach_window_get_phase_bar(w);
  GString *shown = g_string_new(NULL);
  for (int i = 0; i < reach_phase_bar_get_n(bar); i++)
    g_string_append_printf(shown, "%s%s", i ? " | " : "", reach_phase_bar_get_name(bar, i));
  g_test_message("phase bar: %d segments: %s (want %d)", reach_phase_bar_get_n(bar), shown->str, n);
  g_string_free(shown, TRUE);
  g_assert_cmpint(reach_phase_bar_get_n(bar), ==, n);
  for (int i = 0; i < n; i++) g_assert_cmpstr(reach_phase_bar_get_name(bar, i), ==, names[i]);
}

static char *write_tmp(const char *name, const char *text) {
  g_autofree char *dir = g_dir_make_tmp("reachlab-protocol-XXXXXX", NULL);
  char *path = g_build_filename(dir, name, NULL);
  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  return path;
}

static void remove_tmp(const char *path) {
  g_autofree char *dir = g_path_get_dirname(path);
  g_remove(path);
  g_rmdir(dir);
}

static void test_lists(void) {
  g_autofree char *bundle = reach_data_path(REACH_BUNDLED_NETWORK);
  ReachWindow *w = app_open_with(bundle, 100);
  ReachSession *session = reach_window_get_session(w);
  ReachSnapshot *s = app_snapshot(w);
  const int units = s->trace ? s->trace->units : 0;
  g_autofree char *study_label = g_strdup(s->model_label);
  const int study_ld1 = s->n_ld[1];
  check_bar(w, 4, reach_phase_names);

  // capacity-4: nine phases, four cues, from the bundled network's grown-up weights
  choose(w, "presets/protocols/capacity-4.ini");
  AppPhases nine = {w, 9};
  g_assert_true(app_wait_for(has_phases, &nine, 30000));
  s = app_snapshot(w);
  const char *cap[] = {"NF1", "CW1", "CCW1", "ROT1", "ROTCCW1", "CW2", "CCW2", "ROT2", "ROTCCW2"};
  g_test_message("capacity-4: “%s”, stage %d batch %d, %d units, pair %d/%d, study %d",
                 s->model_label, s->stage, s->batch, s->trace ? s->trace->units : 0, s->cmp_first,
                 s->cmp_second, s->study);
  g_assert_cmpint(s->stage, ==, 0);
  g_assert_cmpint(s->batch, ==, 0);
  g_assert_false(s->study);
  g_assert_cmpint(s->trace ? s->trace->units : 0, ==, units);
  check_bar(w, 9, cap);
  g_autofree char *state = NULL;
  g_variant_get(g_action_group_get_action_state(G_ACTION_GROUP(w), "protocol"), "s", &state);
  g_test_message("win.protocol state “%s”", state);
  g_assert_cmpstr(state, ==, "presets/protocols/capacity-4.ini");
  reach_session_run_until(session, 3);
  g_assert_true(app_wait_for(app_is_settled, w, 30000));
  app_spin(300);
  {  // the export names the nine phases: NF1's rows, and the configuration in its header
    g_autofree char *cdir = app_export_to_tmp(w, "reachlab-protocol-export-XXXXXX", "cap.svg");
    g_autofree char *cpath = g_build_filename(cdir, "cap.csv", NULL);
    g_autofree char *ccsv = NULL;
    g_assert_true(g_file_get_contents(cpath, &ccsv, NULL, NULL));
    int named = 0;
    for (int i = 0; i < 9; i++) {
      g_autofree char *key = g_strdup_printf("name = %s\n", cap[i]);
      named += strstr(ccsv, key) != NULL;
    }
    g_test_message("capacity-4 export: %d of 9 phase names in its configuration, NF1 rows %d",
                   named, strstr(ccsv, "\nNF1,0,") != NULL);
    g_assert_cmpint(named, ==, 9);
    g_assert_nonnull(strstr(ccsv, "\nNF1,0,"));
    g_autoptr(GDir) cd = g_dir_open(cdir, 0, NULL);
    for (const char *f; cd && (f = g_dir_read_name(cd));) {
      g_autofree char *fp = g_build_filename(cdir, f, NULL);
      g_remove(fp);
    }
    g_rmdir(cdir);
  }

  // a five-phase list short enough to finish: every phase's name in the exported ld data
  const char *five_names[] = {"BASE", "CW1", "VMR", "WASH", "CW2"};
  g_autofree char *five =
      write_tmp("five.ini",
                "[network]\ncontext_inputs = 1\n[phases]\nlr = 0.01\n"
                "[phase.1]\nname = BASE\nbatches = 3\n"
                "[phase.2]\nname = CW1\nkind = curl\ngain = 8\ncontext = 1\nbatches = 20\n"
                "[phase.3]\nname = VMR\nkind = rotation\nangle_deg = 30\nbatches = 3\n"
                "[phase.4]\nname = WASH\nbatches = 3\n"
                "[phase.5]\nname = CW2\nkind = curl\ngain = 8\ncontext = 1\nbatches = 20\n");
  choose(w, five);
  AppPhases fivep = {w, 5};
  g_assert_true(app_wait_for(has_phases, &fivep, 30000));
  check_bar(w, 5, five_names);
  reach_session_set_running(session, TRUE);
  g_assert_true(app_wait_for(is_done, w, 120000));
  app_spin(300);
  s = app_snapshot(w);
  g_test_message(
      "five phases done: %d/%d/%d/%d/%d batches logged; savings CW2 vs CW1 %d/%d, "
      "rate ratio %.3f",
      s->n_ld[0], s->n_ld[1], s->n_ld[2], s->n_ld[3], s->n_ld[4], s->cmp_first, s->cmp_second,
      s->savings.rate_ratio);
  g_assert_cmpint(s->cmp_first, ==, 1);
  g_assert_cmpint(s->cmp_second, ==, 4);
  reach_window_show_page(w, "learning");
  g_autofree char *dir = app_export_to_tmp(w, "reachlab-protocol-export-XXXXXX", "five.svg");
  g_autofree char *csv_path = g_build_filename(dir, "five.csv", NULL);
  g_autofree char *csv = NULL;
  g_assert_true(g_file_get_contents(csv_path, &csv, NULL, NULL));
  for (int i = 0; i < 5; i++) {
    g_autofree char *row = g_strdup_printf("\n%s,0,", five_names[i]);
    g_test_message("export: phase %s's first row %s", five_names[i],
                   strstr(csv, row) ? "present" : "MISSING");
    g_assert_nonnull(strstr(csv, row));
  }
  g_autofree char *svg_path = g_build_filename(dir, "five-savings.svg", NULL);
  g_autofree char *svg = NULL;
  g_assert_true(g_file_get_contents(svg_path, &svg, NULL, NULL));
  const gboolean pair_named = strstr(svg, "CW1") != NULL && strstr(svg, "CW2") != NULL;
  g_test_message("the pair figure names CW1 and CW2: %d", pair_named);
  g_assert_true(pair_named);
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  for (const char *f; d && (f = g_dir_read_name(d));) {
    g_autofree char *fp = g_build_filename(dir, f, NULL);
    g_remove(fp);
  }
  g_rmdir(dir);
  remove_tmp(five);

  // Start from follows the list: the finished five-phase run replays from CW2's start
  g_action_group_activate_action(G_ACTION_GROUP(w), "start-phase", g_variant_new_string("cw2"));
  g_assert_true(app_wait_for(at_cw2, w, 30000));
  s = app_snapshot(w);
  g_test_message(
      "start from cw2: stage %d (%s) batch %d, start_phase %d, reference %d/%d batches "
      "of CW1/CW2",
      s->stage, s->phases[MAX(s->stage, 0) % 5].name, s->batch, s->start_phase, s->n_ref[1],
      s->n_ref[4]);
  g_assert_cmpint(s->start_phase, ==, 4);
  g_assert_cmpint(s->n_ref[4], ==, 20);
  g_assert_cmpint(s->n_ld[1], ==, 20);

  // back to the study: the bundled network as it was opened
  choose(w, "");
  AppPhases four = {w, 4};
  g_assert_true(app_wait_for(has_phases, &four, 30000));
  s = app_snapshot(w);
  g_test_message("the study again: “%s” (was “%s”), FF1 %d batches logged (was %d), study %d",
                 s->model_label, study_label, s->n_ld[1], study_ld1, s->study);
  g_assert_cmpstr(s->model_label, ==, study_label);
  g_assert_cmpint(s->n_ld[1], ==, study_ld1);
  g_assert_true(s->study);
  check_bar(w, 4, reach_phase_names);
  app_close_window(w);
}

static void test_bad_file(void) {
  g_autofree char *bundle = reach_data_path(REACH_BUNDLED_NETWORK);
  ReachWindow *w = app_open_with(bundle, 100);
  choose(w, "presets/protocols/rotation-savings.ini");
  AppPhases four = {w, 4};
  g_assert_true(app_wait_for(has_phases, &four, 30000));
  ReachSnapshot *before = reach_snapshot_ref(app_snapshot(w));
  g_assert_cmpstr(before->phases[1].name, ==, "VMR1");
  g_autofree char *bad =
      write_tmp("bad.ini", "[phase.1]\nname = A\nbatches = 5\n\n[phase.2]\nkind = spiral\n");
  choose(w, bad);
  g_assert_true(app_wait_for(has_error, w, 10000));
  g_assert_true(app_wait_for(app_is_settled, w, 10000));
  const char *msg = reach_window_get_error(w);
  ReachSnapshot *s = app_snapshot(w);
  g_autofree char *state = NULL;
  g_variant_get(g_action_group_get_action_state(G_ACTION_GROUP(w), "protocol"), "s", &state);
  g_test_message("bad protocol: banner “%s”; still %d phases (%s, %s), protocol “%s”", msg,
                 s->nphase, s->phases[0].name, s->phases[1].name, state);
  g_assert_nonnull(strstr(msg, "bad.ini:6: [phase.2] kind"));
  g_assert_cmpint(s->nphase, ==, 4);
  g_assert_cmpstr(s->phases[1].name, ==, "VMR1");
  g_assert_cmpstr(s->model_label, ==, before->model_label);
  g_assert_cmpstr(state, ==, "presets/protocols/rotation-savings.ini");
  reach_snapshot_unref(before);
  remove_tmp(bad);
  app_close_window(w);
}

// The setting of last time: taken at startup; a file that has gone falls back to the study
// quietly (no banner).
static void test_remembered(void) {
  g_autoptr(GSettings) settings = reach_settings_new();
  g_settings_set_string(settings, "protocol", "presets/protocols/capacity-3.ini");
  g_autofree char *bundle = reach_data_path(REACH_BUNDLED_NETWORK);
  ReachWindow *w = app_open_with(bundle, 100);
  AppPhases seven = {w, 7};
  g_assert_true(app_wait_for(has_phases, &seven, 30000));
  g_test_message("restored capacity-3: %d phases", app_snapshot(w)->nphase);
  app_close_window(w);

  g_settings_set_string(settings, "protocol", "/nonexistent/gone.ini");
  w = app_open_with(bundle, 100);
  AppPhases four = {w, 4};
  g_assert_true(app_wait_for(has_phases, &four, 30000));
  g_autofree char *kept = g_settings_get_string(settings, "protocol");
  g_test_message("a protocol file gone: %d phases, banner %s, setting now “%s”",
                 app_snapshot(w)->nphase, reach_window_get_error(w) ? "shown" : "none", kept);
  g_assert_null(reach_window_get_error(w));
  g_assert_cmpstr(kept, ==, "");
  app_close_window(w);
}

int main(int argc, char **argv) {
  static const AppTest tests[] = {{"/protocol/lists", test_lists},
                                  {"/protocol/bad-file", test_bad_file},
                                  {"/protocol/remembered", test_remembered}};
  return app_test_main(argc, argv, tests, G_N_ELEMENTS(tests));
}
