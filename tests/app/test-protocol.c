// SPDX-License-Identifier: GPL-3.0-or-later
// The Protocol row (issue 19, item 7): a protocol's phases on the bundled network's grown-up
// weights, with the phase bar, the plots and the export following its list; the study comes back
// as it was; a bad file leaves the run as it was and the banner names its line; the choice is
// remembered and quietly forgotten when its file has gone.
#include "app-test-util.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reach-backend.h"
#include "reach-learning-page.h"
#include "reach-phase-bar.h"
#include "reach-settings.h"
#include "study/savings.h"
#include "study/savings_report.h"

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

static gboolean at_vmr2(gpointer data) {
  ReachSnapshot *s = app_snapshot(REACH_WINDOW(data));
  return app_is_settled(data) && s && s->stage == 3 && s->batch == 0 && s->n_ref[3] > 0;
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

// The rotation-savings preset with its phases shortened (NF 3 batches, VMR 30): the file's own
// text, only its phase lengths changed.
static char *short_rotation(void) {
  g_autofree char *preset = reach_data_path("presets/protocols/rotation-savings.ini");
  g_autofree char *text = NULL;
  g_assert_true(g_file_get_contents(preset, &text, NULL, NULL));
  g_autoptr(GString) t = g_string_new(text);
  const guint nf = g_string_replace(t, "batches = 10000\n", "batches = 3\n", 0);
  const guint vmr = g_string_replace(t, "batches = 3200\n", "batches = 30\n", 0);
  g_test_message("rotation-savings.ini shortened: %u null and %u rotation phases", nf, vmr);
  g_assert_cmpuint(nf, ==, 2);
  g_assert_cmpuint(vmr, ==, 2);
  return write_tmp("rotation-short.ini", t->str);
}

// The same protocol run by libreach alone: the bundled network's grown-up weights under it,
// stepped to the end (reach_savings_with_protocol, as the app's worker does).
static reach_savings *core_run(const char *bundle, const char *protocol) {
  reach_savings *src = NULL, *e = NULL;
  reach_error err = {0};
  reach_config c;
  reach_config_default(&c);
  g_assert_true(reach_savings_load(bundle, &src, &err) == REACH_OK);
  g_assert_true(reach_config_load(&c, protocol, &err) == REACH_OK);
  if (reach_savings_with_protocol(src, &c, protocol, &e, &err) != REACH_OK)
    g_error("with_protocol: %s", err.msg);
  while (reach_savings_stage(e) != REACH_STAGE_DONE)
    g_assert_true(reach_savings_step(e, &err) == REACH_OK);
  reach_savings_free(src);
  return e;
}

// The series of a plot in the order drawn, concatenated, with those whose legend is `legend`
// only when it is not NULL; the points counted in *n.
static double *plot_values(ReachPlot *plot, const char *legend, int *n) {
  ReachPlotData *d = reach_plot_get_data(plot);
  GArray *a = g_array_new(FALSE, FALSE, sizeof(double));
  for (int i = 0; i < reach_plot_data_n_series(d); i++) {
    const double *y;
    const char *l;
    int k = reach_plot_data_get_series(d, i, NULL, &y, &l);
    if (!legend || g_strcmp0(l, legend) == 0) g_array_append_vals(a, y, (guint)k);
  }
  *n = (int)a->len;
  return (double *)g_array_free(a, FALSE);
}

// Bitwise equality of n doubles (NaN equal to the same NaN); the first difference in *at.
static gboolean same_bits(const double *a, const double *b, int n, int *at) {
  for (int i = 0; i < n; i++)
    if (memcmp(&a[i], &b[i], sizeof *a) != 0) {
      *at = i;
      return FALSE;
    }
  *at = -1;
  return TRUE;
}

static gboolean plot_has_ylabel(gpointer data) {
  ReachPlot *p = data;
  const char *y = NULL;
  ReachPlotData *d = reach_plot_get_data(p);
  if (d) reach_plot_data_get_labels(d, NULL, NULL, &y);
  return y && strstr(y, "direction error") && reach_plot_data_n_points(d) > 0;
}

// A visuomotor rotation on the Learning page (issue 19): rotation-savings, shortened, run on the
// bundled network's grown-up weights. The direction error plotted, carried in the snapshot and
// exported is libreach's for the same run; the pair's comparison is the core's on it, said in
// degrees; LD stays one click away; the Curl field row says there is none.
static void test_rotation(void) {
  g_autofree char *bundle = reach_data_path(REACH_BUNDLED_NETWORK);
  g_autofree char *proto = short_rotation();
  ReachWindow *w = app_open_with(bundle, 100);
  ReachSession *session = reach_window_get_session(w);
  reach_window_show_page(w, "learning");
  choose(w, proto);
  AppPhases four = {w, 4};
  g_assert_true(app_wait_for(has_phases, &four, 30000));
  g_assert_true(app_wait_for(app_is_settled, w, 30000));
  g_assert_cmpstr(app_snapshot(w)->phases[1].name, ==, "VMR1");
  reach_session_set_running(session, TRUE);
  g_assert_true(app_wait_for(is_done, w, 120000));
  app_spin(300);
  ReachSnapshot *s = reach_snapshot_ref(app_snapshot(w));

  // libreach on its own, the same protocol from the same network
  reach_savings *e = core_run(bundle, proto);
  int total = 0;
  g_autoptr(GArray) core_all = g_array_new(FALSE, FALSE, sizeof(double));
  for (int p = 0; p < 4; p++) {
    const double *dir = NULL;
    const int n = reach_savings_direction_error(e, p, &dir);
    int at = -1;
    const gboolean same = n == s->n_ld[p] && s->dir[p] && same_bits(dir, s->dir[p], n, &at);
    g_test_message(
        "%s: %d batches (app %d); direction error batch 0 %+.4f° (app %+.4f°), last "
        "%+.4f°; snapshot bit-identical to libreach: %s (first difference %d)",
        s->phases[p].name, n, s->n_ld[p], dir[0], s->dir[p] ? s->dir[p][0] : NAN, dir[n - 1],
        same ? "yes" : "NO", at);
    g_assert_true(same);
    g_array_append_vals(core_all, dir, (guint)n);
    total += n;
  }
  // the rotation is seen: a network that reaches straight sees its cursor 30° counter-clockwise
  g_test_message(
      "VMR1 batch 0: %+.2f° (a +30° rotation of straight reaches reads about −30°), "
      "NF1 batch 0 %+.2f°",
      s->dir[1][0], s->dir[0][0]);
  g_assert_cmpfloat(s->dir[1][0], <, -20.0);
  g_assert_cmpfloat(s->dir[1][0], >, -40.0);
  g_assert_cmpfloat(fabs(s->dir[0][0]), <, 10.0);

  // the pair in degrees: libreach's comparison on libreach's logs
  reach_compare pair;
  reach_error err = {0};
  int np = 0;
  const reach_phase *ph = reach_savings_phases(e, &np);
  g_assert_true(reach_compare_choose(ph, np, NULL, &pair, &err) == REACH_OK);
  const double *d1, *d2;
  const int n1 = reach_savings_direction_error(e, pair.first, &d1);
  const int n2 = reach_savings_direction_error(e, pair.second, &d2);
  const double *dc[4] = {NULL, d1, NULL, d2};
  const int nc[4] = {0, n1, 0, n2};
  const double sc[4] = {0, pair.sign_first, 0, pair.sign_second};
  reach_savings_compare c;
  reach_savings_compare_direction(dc, nc, sc, &c);
  g_test_message(
      "pair %s/%s (measure %d, direction 1): app batch-0 error %.4f°/%.4f°, halving "
      "%d/%d, rate ratio %.6f; libreach %.4f°/%.4f°, %d/%d, %.6f",
      s->phases[s->cmp_first].name, s->phases[s->cmp_second].name, (int)s->measure,
      s->savings_dir.ff1_ld0, s->savings_dir.ff2_ld0, s->savings_dir.ff1_halving,
      s->savings_dir.ff2_halving, s->savings_dir.rate_ratio, c.ff1_ld0, c.ff2_ld0, c.ff1_halving,
      c.ff2_halving, c.rate_ratio);
  g_assert_cmpint(s->measure, ==, REACH_COMPARE_DIRECTION);
  g_assert_true(s->have_savings_dir);
  g_assert_cmpint(s->cmp_first, ==, pair.first);
  g_assert_cmpint(s->cmp_second, ==, pair.second);
  g_assert_true(memcmp(&c.ff1_ld0, &s->savings_dir.ff1_ld0, sizeof c.ff1_ld0) == 0);
  g_assert_true(memcmp(&c.ff2_ld0, &s->savings_dir.ff2_ld0, sizeof c.ff2_ld0) == 0);
  g_assert_true(memcmp(&c.rate_ratio, &s->savings_dir.rate_ratio, sizeof c.rate_ratio) == 0);
  g_assert_cmpint(c.ff1_halving, ==, s->savings_dir.ff1_halving);

  // what the Learning page plots: the direction error, bit for bit
  ReachPlot *top = reach_window_get_plot(w, "ld"), *bottom = reach_window_get_plot(w, "savings");
  g_assert_true(app_wait_for(plot_has_ylabel, top, 10000));
  ReachLearningPage *page =
      REACH_LEARNING_PAGE(gtk_widget_get_ancestor(GTK_WIDGET(top), REACH_TYPE_LEARNING_PAGE));
  const char *title, *ylabel;
  reach_plot_data_get_labels(reach_plot_get_data(top), &title, NULL, &ylabel);
  int n_top, at = -1;
  g_autofree double *y_top = plot_values(top, NULL, &n_top);
  const gboolean top_same =
      n_top == total && same_bits(y_top, (double *)core_all->data, total, &at);
  g_test_message(
      "top plot “%s”, y “%s”: %d points (libreach %d), bit-identical: %s (first "
      "difference %d)",
      title, ylabel, n_top, total, top_same ? "yes" : "NO", at);
  g_assert_cmpint(reach_learning_page_get_measure(page), ==, REACH_COMPARE_DIRECTION);
  g_assert_nonnull(strstr(title, "+ = clockwise"));
  g_assert_nonnull(strstr(ylabel, "°"));
  g_assert_true(top_same);
  for (int k = 0; k < 2; k++) {
    const int p = k ? pair.second : pair.first;
    int n_pair;
    g_autofree double *y = plot_values(bottom, s->phases[p].name, &n_pair);
    const gboolean same = n_pair == (k ? n2 : n1) && same_bits(y, k ? d2 : d1, n_pair, &at);
    g_test_message("pair plot, %s: %d points, bit-identical to libreach: %s", s->phases[p].name,
                   n_pair, same ? "yes" : "NO");
    g_assert_true(same);
  }
  reach_plot_data_get_labels(reach_plot_get_data(bottom), &title, NULL, &ylabel);
  g_test_message("pair plot “%s”, y “%s”", title, ylabel);
  g_assert_nonnull(strstr(title, "direction error"));
  // the words under it: the core's first-batch errors, in degrees as plotted
  GtkWidget *detail_label = NULL;
  for (GtkWidget *c2 = gtk_widget_get_next_sibling(GTK_WIDGET(bottom)); c2;
       c2 = gtk_widget_get_next_sibling(c2))
    detail_label = c2;  // the last label under the plot: the detail
  const char *detail = gtk_label_get_text(GTK_LABEL(detail_label));
  g_autofree char *want =
      g_strdup_printf("%+.1f° in %s, %+.1f° in %s", c.sign_ff1 * c.ff1_ld0, ph[pair.first].name,
                      c.sign_ff2 * c.ff2_ld0, ph[pair.second].name);
  g_test_message("the page says: “%s” / “%s” (expects “%s”)",
                 reach_learning_page_get_savings_text(page), detail, want);
  g_assert_nonnull(strstr(detail, want));

  // the export: ld.csv's schema with direction_error_deg, each value libreach's to %.9g
  g_autofree char *dir = app_export_to_tmp(w, "reachlab-rotation-export-XXXXXX", "rot.svg");
  g_autofree char *csv_path = g_build_filename(dir, "rot.csv", NULL);
  g_autofree char *csv = NULL;
  g_assert_true(g_file_get_contents(csv_path, &csv, NULL, NULL));
  const gboolean header =
      strstr(csv, "phase,batch,field_Ns_per_m,ld_m,loss,direction_error_deg\n") != NULL;
  g_auto(GStrv) lines = g_strsplit(csv, "\n", -1);
  int rows = 0, bad = 0;
  double worst = 0.0;
  for (int i = 0; lines[i]; i++) {
    g_auto(GStrv) f = g_strsplit(lines[i], ",", -1);
    if (g_strv_length(f) != 6) continue;
    for (int p = 0; p < 4; p++) {
      if (strcmp(f[0], s->phases[p].name) != 0) continue;
      const int k = atoi(f[1]);
      const double *dp;
      const int n = reach_savings_direction_error(e, p, &dp);
      char *end = NULL;
      const double v = g_ascii_strtod(f[5], &end);
      if (k < 0 || k >= n || end == f[5]) {
        bad++;
        continue;
      }
      const double rel = fabs(v - dp[k]) / fmax(fabs(dp[k]), 1e-300);
      worst = fmax(worst, rel);
      bad += rel > 5e-9;  // %.9g keeps 9 significant digits: a rounding of at most 5e-9
      rows++;
    }
  }
  g_test_message(
      "export %s: header with direction_error_deg %s; %d phase rows (libreach %d), "
      "%d off, largest relative difference %.2e (tolerance 5e-9, %%.9g)",
      csv_path, header ? "yes" : "NO", rows, total, bad, worst);
  g_assert_true(header);
  g_assert_cmpint(rows, ==, total);
  g_assert_cmpint(bad, ==, 0);
  g_autoptr(GDir) gd = g_dir_open(dir, 0, NULL);
  for (const char *f; gd && (f = g_dir_read_name(gd));) {
    g_autofree char *fp = g_build_filename(dir, f, NULL);
    g_remove(fp);
  }
  g_rmdir(dir);

  // LD one click away: the same plots in cm, libreach's LD × 100
  reach_learning_page_set_measure(page, REACH_COMPARE_LD);
  reach_plot_data_get_labels(reach_plot_get_data(top), &title, NULL, &ylabel);
  g_autofree double *y_ld = plot_values(top, NULL, &n_top);
  int off = 0, i0 = 0;
  for (int p = 0; p < 4; p++) {
    const double *ld;
    const int n = reach_savings_ld(e, p, &ld, NULL);
    for (int k = 0; k < n && i0 + k < n_top; k++) off += y_ld[i0 + k] != 100.0 * ld[k];
    i0 += n;
  }
  g_test_message(
      "measure LD: top plot “%s”, y “%s”, %d points, %d differ from 100 × libreach's "
      "LD",
      title, ylabel, n_top, off);
  g_assert_cmpint(reach_learning_page_get_measure(page), ==, REACH_COMPARE_LD);
  g_assert_cmpstr(ylabel, ==, "LD (cm)");
  g_assert_cmpint(n_top, ==, total);
  g_assert_cmpint(off, ==, 0);

  // the Run group's last batch: LD and the direction error, as the snapshot has them
  const char *last = adw_action_row_get_subtitle(ADW_ACTION_ROW(reach_window_get_row(w, "last")));
  g_autofree char *want_last = g_strdup_printf("direction error %+.1f°", s->dir[3][s->n_ld[3] - 1]);
  g_test_message("last batch row: “%s” (expects “%s”)", last, want_last);
  g_assert_nonnull(strstr(last, want_last));

  // the Curl field row follows the protocol: no curl phase here
  const char *sub = adw_action_row_get_subtitle(ADW_ACTION_ROW(reach_window_get_row(w, "field")));
  g_test_message("Curl field row: “%s”", sub);
  g_assert_null(strstr(sub, "FF1"));
  g_assert_nonnull(strstr(sub, "no curl field"));

  // a replay from VMR2: the finished run is the reference, its direction error carried too
  g_action_group_activate_action(G_ACTION_GROUP(w), "start-phase", g_variant_new_string("vmr2"));
  g_assert_true(app_wait_for(at_vmr2, w, 30000));
  ReachSnapshot *r = app_snapshot(w);
  const double *dv;
  const int nv = reach_savings_direction_error(e, 3, &dv);
  const gboolean ref_same =
      r->n_ref[3] == nv && r->ref_dir[3] && same_bits(dv, r->ref_dir[3], nv, &at);
  g_test_message(
      "replay from VMR2: stage %d batch %d, reference VMR2 %d batches (libreach %d), its "
      "direction error bit-identical: %s",
      r->stage, r->batch, r->n_ref[3], nv, ref_same ? "yes" : "NO");
  g_assert_true(ref_same);

  reach_savings_free(e);
  reach_snapshot_unref(s);
  remove_tmp(proto);
  app_close_window(w);
}

static gboolean is_controller(gpointer data) {
  ReachSnapshot *s = app_snapshot(REACH_WINDOW(data));
  return s && s->mode == REACH_SESSION_CONTROLLER && app_is_settled(data);
}

// The fixed controller has no protocol list: the Protocol row is insensitive with a tooltip
// saying why, and comes back with a network; the Curl field row names the curl phases.
static void test_controller_row(void) {
  g_autofree char *bundle = reach_data_path(REACH_BUNDLED_NETWORK);
  ReachWindow *w = app_open_with(bundle, 100);
  GtkWidget *row = GTK_WIDGET(reach_window_get_row(w, "protocol"));
  AdwActionRow *field = ADW_ACTION_ROW(reach_window_get_row(w, "field"));
  g_autofree char *net_tip = g_strdup(gtk_widget_get_tooltip_text(row));
  g_test_message("network: Protocol row sensitive %d; Curl field “%s”",
                 gtk_widget_get_sensitive(row), adw_action_row_get_subtitle(field));
  g_assert_true(gtk_widget_get_sensitive(row));
  g_assert_nonnull(strstr(adw_action_row_get_subtitle(field), "FF1 and FF2"));
  choose(w, "presets/protocols/aba-interference.ini");
  AppPhases aba = {w, 4};
  g_assert_true(app_wait_for(has_phases, &aba, 30000));
  g_assert_true(app_wait_for(app_is_settled, w, 30000));
  g_assert_true(app_wait_frames(GTK_WIDGET(w), 2));
  ReachSnapshot *s = app_snapshot(w);
  g_autoptr(GString) curl = g_string_new(NULL);
  for (int i = 0; i < s->nphase; i++)
    if (s->phases[i].kind == REACH_PHASE_CURL)
      g_string_append_printf(curl, "%s%s", curl->len ? ", " : "", s->phases[i].name);
  g_test_message("aba-interference (%s, …): Curl field “%s” (expects its curl phases “%s”)",
                 s->phases[0].name, adw_action_row_get_subtitle(field), curl->str);
  g_assert_nonnull(strstr(adw_action_row_get_subtitle(field), curl->str));
  g_assert_null(strstr(adw_action_row_get_subtitle(field), "FF1 and FF2"));
  reach_session_load_preset(reach_window_get_session(w), NULL);  // the fixed controller
  g_assert_true(app_wait_for(is_controller, w, 30000));
  g_assert_true(app_wait_frames(GTK_WIDGET(w), 2));
  const char *tip = gtk_widget_get_tooltip_text(row);
  g_test_message("controller: Protocol row sensitive %d, tooltip “%s”; Curl field “%s”",
                 gtk_widget_get_sensitive(row), tip, adw_action_row_get_subtitle(field));
  g_assert_false(gtk_widget_get_sensitive(row));
  g_assert_nonnull(strstr(tip, "fixed feedback controller"));
  g_assert_nonnull(strstr(adw_action_row_get_subtitle(field), "FF1 and FF2"));
  reach_session_load_preset(reach_window_get_session(w), bundle);
  g_assert_true(app_wait_for(app_is_network, w, 30000));
  g_assert_true(app_wait_frames(GTK_WIDGET(w), 2));
  g_test_message("network again: sensitive %d, tooltip is the row's own: %d",
                 gtk_widget_get_sensitive(row),
                 g_strcmp0(gtk_widget_get_tooltip_text(row), net_tip) == 0);
  g_assert_true(gtk_widget_get_sensitive(row));
  g_assert_cmpstr(gtk_widget_get_tooltip_text(row), ==, net_tip);
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
                                  {"/protocol/remembered", test_remembered},
                                  {"/protocol/rotation", test_rotation},
                                  {"/protocol/controller-row", test_controller_row}};
  return app_test_main(argc, argv, tests, G_N_ELEMENTS(tests));
}
