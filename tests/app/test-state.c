// SPDX-License-Identifier: GPL-3.0-or-later
// The window's state lives in its actions; GSettings only remembers it (issue 18, item 3). The
// app must work the same without a settings backend that can write: no D-Bus session, as in CI
// and on some kiosks, where dconf used to undo --presentation and --page and warn at every
// change.
#include "app-test-util.h"

#include <glib/gstdio.h>

#include "reach-application.h"
#include "reach-settings.h"

// Runs the app binary with argv and an environment without GSETTINGS_BACKEND or a session bus
// address, as a headless box has it; returns its exit status, stdout and stderr.
static int run_without_dbus(const char *const *argv, char **out, char **err) {
  g_auto(GStrv) env = g_get_environ();
  env = g_environ_unsetenv(env, "GSETTINGS_BACKEND");
  env = g_environ_unsetenv(env, "DBUS_SESSION_BUS_ADDRESS");
  // nothing at $XDG_RUNTIME_DIR/bus either
  g_autofree char *runtime = g_dir_make_tmp("reachlab-runtime-XXXXXX", NULL);
  env = g_environ_setenv(env, "XDG_RUNTIME_DIR", runtime, TRUE);
  int status = -1;
  g_autoptr(GError) error = NULL;
  g_spawn_sync(NULL, (char **)argv, env, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error(error);
  g_rmdir(runtime);
  return status;
}

// --presentation and --page network land, every time, with no dconf warning.
static void test_no_dbus_options(void) {
  g_autofree char *dir = g_dir_make_tmp("reachlab-state-XXXXXX", NULL);
  g_autofree char *png = g_build_filename(dir, "shot.png", NULL);
  const char *argv[] = {REACHLAB_BIN, "--presentation", "--page", "network", "--screenshot", png,
                        NULL};
  for (int run = 1; run <= 3; run++) {
    g_autofree char *out = NULL, *err = NULL;
    int status = run_without_dbus(argv, &out, &err);
    gboolean page = strstr(out, "page network,") != NULL;
    gboolean presentation = strstr(out, "presentation on;") != NULL;
    gboolean dconf = strstr(err, "dconf") != NULL || strstr(err, "failed to commit") != NULL;
    g_test_message(
        "run %d without D-Bus: exit status %d, page network %d, presentation on %d, "
        "dconf warnings %d (expect 0, 1, 1, 0); stdout: %s; stderr: %s",
        run, status, page, presentation, dconf, g_strstrip(out), g_strstrip(err));
    g_assert_true(g_spawn_check_wait_status(status, NULL));
    g_assert_true(page);
    g_assert_true(presentation);
    g_assert_false(dconf);
  }
  g_unlink(png);
  g_rmdir(dir);
}

// The state is the window's: win.page, win.presentation-mode, win.speed, win.experiment and
// win.learner hold it, the widgets follow them, and the settings only remember it.
static void test_state_in_actions(void) {
  ReachWindow *w = app_open_window(100);
  GActionGroup *actions = G_ACTION_GROUP(w);
  g_autoptr(GSettings) settings = g_settings_new("org.reachlab.ReachLab");

  g_action_group_change_action_state(actions, "page", g_variant_new_string("network"));
  app_spin(50);
  g_autoptr(GVariant) page = g_action_group_get_action_state(actions, "page");
  g_autofree char *remembered = g_settings_get_string(settings, "plot-page");
  g_test_message("win.page ← network: page shown %s, state %s, setting %s (expect network ×3)",
                 reach_window_get_page(w), g_variant_get_string(page, NULL), remembered);
  g_assert_cmpstr(reach_window_get_page(w), ==, "network");
  g_assert_cmpstr(g_variant_get_string(page, NULL), ==, "network");
  g_assert_cmpstr(remembered, ==, "network");

  // Ctrl+1 goes through the stack: the action's state follows the page shown
  g_action_group_activate_action(actions, "show-learning", NULL);
  app_spin(50);
  g_autoptr(GVariant) page2 = g_action_group_get_action_state(actions, "page");
  g_test_message("win.show-learning: page %s, win.page state %s (expect learning ×2)",
                 reach_window_get_page(w), g_variant_get_string(page2, NULL));
  g_assert_cmpstr(g_variant_get_string(page2, NULL), ==, "learning");

  // a setting written from outside is remembered, not obeyed
  g_settings_set_string(settings, "plot-page", "context");
  g_settings_set_boolean(settings, "presentation-mode", TRUE);
  app_spin(50);
  g_test_message("settings written from outside: page %s, presentation %d (expect learning, 0)",
                 reach_window_get_page(w), reach_window_get_presentation(w));
  g_assert_cmpstr(reach_window_get_page(w), ==, "learning");
  g_assert_false(reach_window_get_presentation(w));

  g_action_group_change_action_state(actions, "speed", g_variant_new_double(123.0));
  app_spin(20);
  g_autoptr(GVariant) speed = g_action_group_get_action_state(actions, "speed");
  double setting = g_settings_get_double(settings, "speed");
  g_test_message("win.speed ← 123: state %.0f, setting %.0f (expect 123 ×2)",
                 g_variant_get_double(speed), setting);
  g_assert_cmpfloat(g_variant_get_double(speed), ==, 123.0);
  g_assert_cmpfloat(setting, ==, 123.0);

  g_action_group_change_action_state(actions, "presentation-mode", g_variant_new_boolean(TRUE));
  app_spin(50);
  g_test_message("win.presentation-mode ← true: presentation %d, setting %d (expect 1, 1)",
                 reach_window_get_presentation(w),
                 g_settings_get_boolean(settings, "presentation-mode"));
  g_assert_true(reach_window_get_presentation(w));
  g_assert_true(g_settings_get_boolean(settings, "presentation-mode"));
  app_close_window(w);

  // the next window starts where this one stopped, from the settings
  g_settings_set_string(settings, "plot-page", "context");
  ReachWindow *w2 = app_open_window(50);
  g_autoptr(GVariant) speed2 = g_action_group_get_action_state(G_ACTION_GROUP(w2), "speed");
  g_test_message("a new window: page %s, presentation %d, speed %.0f (expect context, 1, 123)",
                 reach_window_get_page(w2), reach_window_get_presentation(w2),
                 g_variant_get_double(speed2));
  g_assert_cmpstr(reach_window_get_page(w2), ==, "context");
  g_assert_true(reach_window_get_presentation(w2));
  g_assert_cmpfloat(g_variant_get_double(speed2), ==, 123.0);
  app_close_window(w2);
}

// Without a session bus the settings fall back to memory (dconf would warn and undo); with
// GSETTINGS_BACKEND=memory, as this test runs, the default backend is kept.
static void test_settings_backend(void) {
  g_autoptr(GSettings) settings = reach_settings_new();
  g_autoptr(GSettingsBackend) backend = NULL;
  g_object_get(settings, "backend", &backend, NULL);
  g_test_message("GSETTINGS_BACKEND=%s: the app's settings use %s", g_getenv("GSETTINGS_BACKEND"),
                 G_OBJECT_TYPE_NAME(backend));
  g_assert_cmpstr(G_OBJECT_TYPE_NAME(backend), ==, "GMemorySettingsBackend");
}

// `reachlab --help` answers without the settings schema; a run without it says what to do.
static void test_help_without_schema(void) {
  g_auto(GStrv) env = g_environ_unsetenv(g_get_environ(), "GSETTINGS_SCHEMA_DIR");
  const char *help[] = {REACHLAB_BIN, "--help", NULL};
  const char *run[] = {REACHLAB_BIN, "--page", "network", NULL};
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  int status = -1, status2 = -1;
  g_autoptr(GError) error = NULL;
  g_spawn_sync(NULL, (char **)help, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error(error);
  g_spawn_sync(NULL, (char **)run, env, G_SPAWN_DEFAULT, NULL, NULL, &out2, &err2, &status2,
               &error);
  g_assert_no_error(error);
  gboolean lists = strstr(out, "--presentation") && strstr(out, "--page");
  gboolean says = strstr(err2, "schema") && strstr(err2, "GSETTINGS_SCHEMA_DIR");
  g_test_message(
      "without the schema: --help exit %d, lists the options %d; a run exits %d, "
      "names the schema and GSETTINGS_SCHEMA_DIR %d (expect 0, 1, ≠ 0, 1)",
      g_spawn_check_wait_status(status, NULL) ? 0 : 1, lists,
      g_spawn_check_wait_status(status2, NULL) ? 0 : 1, says);
  g_assert_true(g_spawn_check_wait_status(status, NULL));
  g_assert_true(lists);
  g_assert_false(g_spawn_check_wait_status(status2, NULL));
  g_assert_true(says);
}

static void collect(GtkWidget *w, GType type, GPtrArray *out) {
  if (G_TYPE_CHECK_INSTANCE_TYPE(w, type)) g_ptr_array_add(out, w);
  for (GtkWidget *c = gtk_widget_get_first_child(w); c; c = gtk_widget_get_next_sibling(c))
    collect(c, type, out);
}

/* ---- presentation mode that holds (issue 18, item 4) ---- */

// The screen (the one monitor of xvfb-run's screen 0).
static GdkRectangle screen_geometry(void) {
  GListModel *monitors = gdk_display_get_monitors(gdk_display_get_default());
  g_autoptr(GdkMonitor) m = g_list_model_get_item(monitors, 0);
  GdkRectangle r;
  gdk_monitor_get_geometry(m, &r);
  return r;
}

// The window fills the screen, up to its client-side shadow.
static gboolean fills_screen(gpointer data) {
  GtkWidget *w = data;
  GdkRectangle r = screen_geometry();
  return gtk_widget_get_width(w) >= r.width - 20 && gtk_widget_get_height(w) >= r.height - 20;
}

typedef struct {
  GtkWidget *w;
  int width, height;
} SizeWant;

// The window is on screen at about the size it had before presentation mode (its minimum
// height follows its content).
static gboolean has_size(gpointer data) {
  const SizeWant *s = data;
  return gtk_widget_get_mapped(s->w) && abs(gtk_widget_get_width(s->w) - s->width) <= 30 &&
         abs(gtk_widget_get_height(s->w) - s->height) <= 30;
}

// Whether two widgets' areas overlap, in window coordinates.
static gboolean overlap(GtkWidget *a, GtkWidget *b, GtkWidget *win, graphene_rect_t *ra,
                        graphene_rect_t *rb) {
  g_assert_true(gtk_widget_compute_bounds(a, win, ra));
  g_assert_true(gtk_widget_compute_bounds(b, win, rb));
  return graphene_rect_intersection(ra, rb, NULL);
}

// On a 1920×1080 (or 1280×720) screen: presentation mode fills it, its caption sits below the
// arm, never over it, the plots' tick labels are at least 20 px (at 1080 pixels high; in
// proportion on a smaller screen), and win.leave-presentation (Escape) gives the window back its
// size.
static void test_presentation_full_screen(void) {
  GdkRectangle screen = screen_geometry();
  const double min_text = 20.0 * MIN(1.0, screen.height / 1080.0);
  ReachWindow *w = reach_window_new(NULL);
  gtk_window_set_default_size(GTK_WINDOW(w), screen.width * 5 / 8, screen.height * 5 / 8);
  gtk_window_present(GTK_WINDOW(w));
  g_assert_true(app_wait_for(app_has_trace, w, 20000));
  g_assert_true(app_wait_for(app_is_settled, w, 20000));
  app_spin(100);
  GtkWidget *win = GTK_WIDGET(w);
  int w0 = gtk_widget_get_width(win), h0 = gtk_widget_get_height(win);
  g_action_group_change_action_state(G_ACTION_GROUP(w), "presentation-mode",
                                     g_variant_new_boolean(TRUE));
  gboolean big = app_wait_for(fills_screen, win, 10000);
  // shown again at the new size (without a window manager): let it draw a few frames
  g_assert_true(app_wait_frames(win, 3));
  ReachPlot *ld = reach_window_get_plot(w, "ld");
  app_wait_for(app_plot_drawn, ld, 5000);
  app_spin(300);  // the CSS text scale follows the allocation
  g_assert_true(app_wait_for(app_plot_drawn, ld, 5000));
  int w1 = gtk_widget_get_width(win), h1 = gtk_widget_get_height(win);
  graphene_rect_t rarm, rcap;
  gboolean covers = overlap(GTK_WIDGET(reach_window_get_arm_view(w)), reach_window_get_caption(w),
                            win, &rarm, &rcap);
  double text = reach_plot_get_text_px(ld);
  // no text at all over the arm: neither the caption nor the status line
  g_autoptr(GPtrArray) labels = g_ptr_array_new();
  collect(win, GTK_TYPE_LABEL, labels);
  int over_arm = 0;
  for (guint i = 0; i < labels->len; i++) {
    GtkWidget *l = labels->pdata[i];
    graphene_rect_t rl, ra;
    if (!gtk_widget_is_visible(l) || !*gtk_label_get_text(GTK_LABEL(l))) continue;
    if (overlap(l, GTK_WIDGET(reach_window_get_arm_view(w)), win, &rl, &ra)) {
      over_arm++;
      g_test_message("over the arm: “%s”", gtk_label_get_text(GTK_LABEL(l)));
    }
  }
  int iw, ih;
  g_autofree char *png = g_strdup_printf("test-presentation-%d.png", screen.height);
  // a window shown again at a new size may draw nothing for a frame or two: try again
  GdkTexture *tex = NULL;
  for (int tries = 0; !tex && tries < 40; tries++) {
    tex = reach_widget_render_texture(win, NULL);
    if (!tex) app_spin(50);
  }
  g_assert_nonnull(tex);
  g_autofree guint32 *px = app_pixels_of(tex, &iw, &ih);
  if (g_getenv("REACH_TEST_OUTDIR")) {
    g_autofree char *path = g_build_filename(g_getenv("REACH_TEST_OUTDIR"), png, NULL);
    gdk_texture_save_to_png(tex, path);
  }
  g_object_unref(tex);
  g_test_message(
      "screen %d×%d: window %d×%d → presentation %d×%d (expect the screen's, less the "
      "shadow); arm view y %.0f–%.0f, caption y %.0f–%.0f, overlap %d (expect 0); LD "
      "plot text %.1f px (expect ≥ %.1f); labels over the arm %d (expect 0)",
      screen.width, screen.height, w0, h0, w1, h1, rarm.origin.y, rarm.origin.y + rarm.size.height,
      rcap.origin.y, rcap.origin.y + rcap.size.height, covers, text, min_text, over_arm);
  g_assert_true(big);
  g_assert_true(gtk_widget_get_visible(reach_window_get_caption(w)));
  g_assert_false(covers);
  g_assert_cmpfloat(text, >=, min_text);
  g_assert_cmpint(over_arm, ==, 0);

  // Escape is win.leave-presentation (ReachApplication's accelerators)
  g_autoptr(ReachApplication) app = reach_application_new();
  g_application_register(G_APPLICATION(app), NULL, NULL);
  g_auto(GStrv) escape = gtk_application_get_actions_for_accel(GTK_APPLICATION(app), "Escape");
  gboolean mapped =
      escape && g_strv_contains((const char *const *)escape, "win.leave-presentation");
  g_action_group_activate_action(G_ACTION_GROUP(w), "leave-presentation", NULL);
  SizeWant before = {win, w0, h0};
  gboolean back = app_wait_for(has_size, &before, 10000);
  g_test_message(
      "Escape → %s; after it: presentation %d, window %d×%d (expect win.leave-"
      "presentation, 0, %d×%d)",
      escape && escape[0] ? escape[0] : "nothing", reach_window_get_presentation(w),
      gtk_widget_get_width(win), gtk_widget_get_height(win), w0, h0);
  g_assert_true(mapped);
  g_assert_false(reach_window_get_presentation(w));
  g_assert_true(back);
  g_assert_false(g_action_group_get_action_enabled(G_ACTION_GROUP(w), "leave-presentation"));
  app_close_window(w);
}

/* ---- rough edges (issue 18, item 9) ---- */

// The side panel: no two visible rows share a title (the Model choice and the model running
// were both "Model"), the developer's Timing row is not among them until win.show-timing, and
// each drop-down list shows its choices whole.
static void test_side_panel(void) {
  ReachWindow *w = app_open_window(100);
  g_autoptr(GPtrArray) rows = g_ptr_array_new();
  collect(GTK_WIDGET(w), ADW_TYPE_PREFERENCES_ROW, rows);
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  int shown = 0, twice = 0;
  gboolean timing = FALSE;
  for (guint i = 0; i < rows->len; i++) {
    GtkWidget *row = rows->pdata[i];
    if (!gtk_widget_is_visible(row)) continue;
    const char *title = adw_preferences_row_get_title(ADW_PREFERENCES_ROW(row));
    shown++;
    if (g_hash_table_contains(seen, title)) twice++, g_test_message("title twice: %s", title);
    g_hash_table_add(seen, (gpointer)title);
    timing = timing || g_str_equal(title, "Timing");
  }
  g_action_group_change_action_state(G_ACTION_GROUP(w), "show-timing", g_variant_new_boolean(TRUE));
  gboolean timing_after = FALSE;
  for (guint i = 0; i < rows->len; i++) {
    GtkWidget *row = rows->pdata[i];
    timing_after = timing_after ||
                   (gtk_widget_is_visible(row) &&
                    g_str_equal(adw_preferences_row_get_title(ADW_PREFERENCES_ROW(row)), "Timing"));
  }
  g_test_message(
      "%d rows shown, %d titles twice (expect 0); Timing shown %d, after "
      "win.show-timing %d (expect 0, 1)",
      shown, twice, timing, timing_after);
  g_assert_cmpint(twice, ==, 0);
  g_assert_false(timing);
  g_assert_true(timing_after);

  // the Model drop-down, opened: its longest choice is not cut
  g_autoptr(GPtrArray) combos = g_ptr_array_new();
  collect(GTK_WIDGET(w), ADW_TYPE_COMBO_ROW, combos);
  AdwComboRow *model = NULL;
  for (guint i = 0; i < combos->len; i++)
    if (g_str_equal(adw_preferences_row_get_title(combos->pdata[i]), "Model"))
      model = combos->pdata[i];
  g_assert_nonnull(model);
  g_assert_nonnull(adw_combo_row_get_list_factory(model));
  gtk_widget_activate(GTK_WIDGET(model));
  app_spin(300);
  g_autoptr(GPtrArray) labels = g_ptr_array_new();
  collect(GTK_WIDGET(model), GTK_TYPE_LABEL, labels);
  GtkLabel *longest = NULL;
  for (guint i = 0; i < labels->len; i++)
    if (g_str_equal(gtk_label_get_text(labels->pdata[i]), "Trained network (bundled)") &&
        gtk_widget_get_mapped(labels->pdata[i]) &&
        gtk_widget_get_ancestor(labels->pdata[i], GTK_TYPE_POPOVER))
      longest = labels->pdata[i];
  g_assert_nonnull(longest);
  int nat = 0;
  gtk_widget_measure(GTK_WIDGET(longest), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &nat, NULL, NULL);
  int width = gtk_widget_get_width(GTK_WIDGET(longest));
  g_test_message(
      "the open Model list: “Trained network (bundled)” %d px wide of %d natural, "
      "ellipsized %d (expect ≥ natural, 0)",
      width, nat, gtk_label_get_ellipsize(longest) != PANGO_ELLIPSIZE_NONE);
  g_assert_cmpint(width, >=, nat);
  g_assert_true(gtk_label_get_ellipsize(longest) == PANGO_ELLIPSIZE_NONE);
  app_close_window(w);
}

static gboolean has_error(gpointer w) { return reach_window_get_error(REACH_WINDOW(w)) != NULL; }

// A bad preset's banner is whole and below the header bar, not under it.
static void test_banner_below_header(void) {
  ReachWindow *w = app_open_window(50);
  g_autofree char *dir = g_dir_make_tmp("reachlab-banner-XXXXXX", NULL);
  g_autofree char *ini = g_build_filename(dir, "bad.ini", NULL);
  g_assert_true(g_file_set_contents(ini, "[task]\nsteps = banana\n", -1, NULL));
  reach_session_load_preset(reach_window_get_session(w), ini);
  g_assert_true(app_wait_for(has_error, w, 10000));
  app_spin(600);  // the banner slides down
  g_autoptr(GPtrArray) bars = g_ptr_array_new();
  collect(GTK_WIDGET(w), ADW_TYPE_HEADER_BAR, bars);
  g_assert_cmpuint(bars->len, ==, 1);
  g_autoptr(GPtrArray) labels = g_ptr_array_new();
  collect(GTK_WIDGET(w), GTK_TYPE_LABEL, labels);
  GtkWidget *banner = NULL;
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0(gtk_label_get_text(labels->pdata[i]), reach_window_get_error(w)) == 0)
      banner = labels->pdata[i];
  g_assert_nonnull(banner);
  graphene_rect_t rb, rh;
  gboolean under = overlap(banner, bars->pdata[0], GTK_WIDGET(w), &rb, &rh);
  int min_h = 0;
  gtk_widget_measure(banner, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width(banner), &min_h, NULL,
                     NULL, NULL);
  g_test_message(
      "header bar y %.0f–%.0f, banner text y %.0f–%.0f (%d px tall of %d needed); "
      "overlap %d (expect 0)",
      rh.origin.y, rh.origin.y + rh.size.height, rb.origin.y, rb.origin.y + rb.size.height,
      gtk_widget_get_height(banner), min_h, under);
  g_assert_false(under);
  g_assert_cmpfloat(rb.origin.y, >=, rh.origin.y + rh.size.height);
  g_assert_cmpint(gtk_widget_get_height(banner), >=, min_h);
  g_unlink(ini);
  g_rmdir(dir);
  app_close_window(w);
}

// With no data directory the window says so, instead of silently showing the fixed controller.
static void test_no_data_dir(void) {
  ReachWindow *w = app_open_window(50);
  reach_window_open_bundled(w, "/nonexistent/reachlab/networks/demo/network.h5");
  const char *err = reach_window_get_error(w);
  g_test_message("bundled network missing: banner “%s”", err ? err : "(none)");
  g_assert_nonnull(err);
  g_assert_nonnull(strstr(err, "/nonexistent/reachlab/networks/demo/network.h5"));
  g_assert_nonnull(strstr(err, "fixed controller"));
  app_close_window(w);
}

// The file dialogs open in Documents (or home), not in the working directory.
static void test_file_folder(void) {
  ReachWindow *w = app_open_window(50);
  g_autofree char *cwd = g_get_current_dir();
  g_autoptr(GFile) folder = reach_window_get_file_folder(w);
  g_autofree char *path = g_file_get_path(folder);
  const char *docs = g_get_user_special_dir(G_USER_DIRECTORY_DOCUMENTS);
  g_test_message("file dialogs open in %s (working directory %s, Documents %s, home %s)", path, cwd,
                 docs ? docs : "(none)", g_get_home_dir());
  g_assert_true(g_strcmp0(path, docs) == 0 || g_strcmp0(path, g_get_home_dir()) == 0);
  if (g_strcmp0(cwd, g_get_home_dir()) != 0 && g_strcmp0(cwd, docs) != 0)
    g_assert_cmpstr(path, !=, cwd);
  app_close_window(w);
}

// Started as a user would (no GDK_DEBUG of its own making), the app prints neither GTK's
// "GL support disabled" message nor dconf warnings.
static void test_quiet_start(void) {
  g_autofree char *dir = g_dir_make_tmp("reachlab-quiet-XXXXXX", NULL);
  g_autofree char *png = g_build_filename(dir, "shot.png", NULL);
  const char *argv[] = {REACHLAB_BIN, "--screenshot", png, NULL};
  // as a user starts it on a box without D-Bus: no GDK_DEBUG, no GTK_A11Y, no session bus
  g_auto(GStrv) env = g_environ_unsetenv(g_get_environ(), "GDK_DEBUG");
  env = g_environ_unsetenv(env, "GTK_A11Y");
  env = g_environ_unsetenv(env, "NO_AT_BRIDGE");
  env = g_environ_unsetenv(env, "DBUS_SESSION_BUS_ADDRESS");
  env = g_environ_setenv(env, "XDG_RUNTIME_DIR", dir, TRUE);  // no bus socket in it
  g_autofree char *out = NULL, *err = NULL;
  int status = -1;
  g_autoptr(GError) error = NULL;
  g_spawn_sync(NULL, (char **)argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error(error);
  gboolean gsk = strstr(err, "Gsk-Message") || strstr(err, "GL support disabled");
  gboolean bus = strstr(err, "session bus") != NULL;
  g_test_message(
      "reachlab without GDK_DEBUG, GTK_A11Y and a session bus: exit %d, GL message %d, "
      "session-bus message %d (expect 0, 0, 0); stderr: %s",
      g_spawn_check_wait_status(status, NULL) ? 0 : 1, gsk, bus, g_strstrip(err));
  g_assert_true(g_spawn_check_wait_status(status, NULL));
  g_assert_false(gsk);
  g_assert_false(bus);
  g_unlink(png);
  g_rmdir(dir);
}

int main(int argc, char **argv) {
  static const AppTest tests[] = {
      {"/state/no-dbus-options", test_no_dbus_options},
      {"/state/in-actions", test_state_in_actions},
      {"/state/settings-backend", test_settings_backend},
      {"/state/help-without-schema", test_help_without_schema},
      {"/state/presentation-full-screen", test_presentation_full_screen},
      {"/state/side-panel", test_side_panel},
      {"/state/no-data-dir", test_no_data_dir},
      {"/state/banner-below-header", test_banner_below_header},
      {"/state/file-folder", test_file_folder},
      {"/state/quiet-start", test_quiet_start},
  };
  return app_test_main(argc, argv, tests, G_N_ELEMENTS(tests));
}
