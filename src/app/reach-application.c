// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-application.h"

#include <glib/gi18n.h>
#include <math.h>

#include "config.h"
#include "reach-backend.h"
#include "reach-screenshot.h"
#include "reach-settings.h"
#include "reach-window.h"

#include "context/paradigm_gen.h"

struct _ReachApplication {
  AdwApplication parent_instance;
  char *screenshot;  // --screenshot FILE.png
  char *preset;      // --preset FILE.ini
  int after_batches;
  char *page;
  char *experiment;  // --experiment: a win.experiment state
  char *learner;     // --learner: a win.learner state
  char *start_from;  // --start-from: a win.start-phase state
  char *protocol;    // --protocol: a win.protocol state (a protocol file)
  gboolean presentation;
  int reach, step;    // the moment the picture shows
  char *poke, *push;  // --poke DX,DY (cm from the start), --push FX,FY (N)
  int status;
  ReachWindow *shot_window;
  int frames;
  guint timeout_id;
  gint64 started;  // µs, when the run for the picture began
};

G_DEFINE_FINAL_TYPE(ReachApplication, reach_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
    {"screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
     N_("Open the window, run to the given point, save its picture as a PNG and quit"),
     N_("FILE.png")},
    {"preset", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Load a preset (INI) at start"),
     N_("FILE.ini")},
    {"after-batches", 0, 0, G_OPTION_ARG_INT, NULL,
     N_("With --screenshot: run this many batches first (default 0)"), N_("N")},
    {"page", 0, 0, G_OPTION_ARG_STRING, NULL,
     N_("Plot page to show: learning, context, network or network/execution"), N_("PAGE")},
    {"experiment", 0, 0, G_OPTION_ARG_STRING, NULL,
     N_("Study to open: savings (default), or the tool study's exp1-two, exp1-single, "
        "exp2-opposing or exp2-same (then --after-batches counts trials)"),
     N_("NAME")},
    {"learner", 0, 0, G_OPTION_ARG_STRING, NULL,
     N_("The tool study's learner: sssm (default), ssm1 … ssm7 (a reconstruction of a lost table) "
        "rnn (the network itself) or coin (COIN); remembered for the next start"),
     N_("NAME")},
    {"start-from", 0, 0, G_OPTION_ARG_STRING, NULL,
     N_("Replay the trained network from this phase: nf1 (default), ff1, nf2 or ff2 (then "
        "--after-batches counts the replay's batches)"),
     N_("PHASE")},
    {"protocol", 0, 0, G_OPTION_ARG_FILENAME, NULL,
     N_("The savings study's protocol: a protocol file (INI) whose phases start from the "
        "network's grown-up weights; remembered for the next start"),
     N_("FILE.ini")},
    {"presentation", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start in presentation mode"), NULL},
    {"reach", 0, 0, G_OPTION_ARG_INT, NULL,
     N_("With --screenshot: which of the eight reaches the arm shows (0–7, default 1)"), N_("I")},
    {"step", 0, 0, G_OPTION_ARG_INT, NULL,
     N_("With --screenshot: the time step of that reach (default 55)"), N_("K")},
    {"poke", 0, 0, G_OPTION_ARG_STRING, NULL,
     N_("With --screenshot: click a target DX, DY cm from the start and show the network's live "
        "reach 1.2 s later"),
     N_("DX,DY")},
    {"push", 0, 0, G_OPTION_ARG_STRING, NULL,
     N_("With --poke: then push the hand with FX, FY newtons and show it 0.1 s into the push"),
     N_("FX,FY")},
    {NULL, 0, 0, 0, NULL, NULL, NULL},
};

// "X,Y" → two numbers (C locale)
static gboolean parse_pair(const char *text, double out[2]) {
  g_auto(GStrv) parts = g_strsplit(text, ",", 3);
  if (g_strv_length(parts) != 2) return FALSE;
  for (int i = 0; i < 2; i++) {
    char *end = NULL;
    out[i] = g_ascii_strtod(parts[i], &end);
    if (end == parts[i] || *end != '\0' || !isfinite(out[i])) return FALSE;
  }
  return TRUE;
}

static gint handle_local_options(GApplication *app, GVariantDict *opts) {
  ReachApplication *self = REACH_APPLICATION(app);
  // after GOption has answered --help, which needs no settings; the window would abort inside
  // g_settings_new without the schema, so say what to do instead
  if (!reach_settings_schema_found()) {
    g_printerr(_("reachlab: the settings schema %s is not installed. Run the app with "
                 "`meson devenv -C BUILDDIR src/app/reachlab`, or set GSETTINGS_SCHEMA_DIR to "
                 "BUILDDIR/src/app, or install it with `meson install`.\n"),
               APPLICATION_ID);
    return 1;
  }
  g_variant_dict_lookup(opts, "screenshot", "^ay", &self->screenshot);
  g_variant_dict_lookup(opts, "preset", "^ay", &self->preset);
  g_variant_dict_lookup(opts, "after-batches", "i", &self->after_batches);
  g_variant_dict_lookup(opts, "page", "s", &self->page);
  g_variant_dict_lookup(opts, "experiment", "s", &self->experiment);
  g_variant_dict_lookup(opts, "learner", "s", &self->learner);
  g_variant_dict_lookup(opts, "start-from", "s", &self->start_from);
  g_variant_dict_lookup(opts, "protocol", "^ay", &self->protocol);
  g_variant_dict_lookup(opts, "reach", "i", &self->reach);
  g_variant_dict_lookup(opts, "step", "i", &self->step);
  g_variant_dict_lookup(opts, "poke", "s", &self->poke);
  g_variant_dict_lookup(opts, "push", "s", &self->push);
  self->presentation = g_variant_dict_contains(opts, "presentation");
  double pair[2];
  if (self->poke && !parse_pair(self->poke, pair)) {
    g_printerr(_("--poke: expected DX,DY in cm, got “%s”\n"), self->poke);
    return 2;
  }
  if (self->push && (!self->poke || !parse_pair(self->push, pair))) {
    g_printerr(_("--push: expected FX,FY in newtons, with --poke, got “%s”\n"), self->push);
    return 2;
  }
  if (self->page && !g_str_equal(self->page, "learning") && !g_str_equal(self->page, "context") &&
      !g_str_equal(self->page, "network") && !g_str_equal(self->page, "network/execution")) {
    g_printerr(_("--page: expected learning, context, network or network/execution, got “%s”\n"),
               self->page);
    return 2;
  }
  if (self->experiment && !g_str_equal(self->experiment, "savings") &&
      reach_tool_experiment_find(self->experiment) < 0) {
    g_printerr(_("--experiment: expected savings, exp1-two, exp1-single, exp2-opposing or "
                 "exp2-same, got “%s”\n"),
               self->experiment);
    return 2;
  }
  if (self->learner && reach_tool_learner_find(self->learner) < 0) {
    g_printerr(_("--learner: expected sssm, ssm1 … ssm7, rnn or coin, got “%s”\n"), self->learner);
    return 2;
  }
  if (self->start_from && !g_str_equal(self->start_from, "nf1") &&
      !g_str_equal(self->start_from, "ff1") && !g_str_equal(self->start_from, "nf2") &&
      !g_str_equal(self->start_from, "ff2")) {
    g_printerr(_("--start-from: expected nf1, ff1, nf2 or ff2, got “%s”\n"), self->start_from);
    return 2;
  }
  if (self->after_batches < 0) {
    g_printerr(_("--after-batches: expected a number ≥ 0, got %d\n"), self->after_batches);
    return 2;
  }
  return -1;
}

const char *reach_application_locale_dir(void) {
  g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
  g_autofree char *mo =
      g_build_filename(REACH_LOCALEDIR_BUILD, "de", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (exe && g_str_has_prefix(exe, REACH_BUILD_ROOT "/") && g_file_test(mo, G_FILE_TEST_EXISTS))
    return REACH_LOCALEDIR_BUILD;
  return LOCALEDIR;
}

static void shot_finish(ReachApplication *self, int status) {
  self->status = status;
  if (self->timeout_id) g_source_remove(self->timeout_id);
  self->timeout_id = 0;
  if (self->shot_window) gtk_window_destroy(GTK_WINDOW(self->shot_window));
  self->shot_window = NULL;
  g_application_quit(G_APPLICATION(self));
}

// Every plot on screen shows its latest data (plots redraw at most a few times a second).
static gboolean plots_drawn(ReachWindow *w) {
  static const char *const names[] = {"ld",
                                      "savings",
                                      "ctx-prob-opp",
                                      "ctx-prob-same",
                                      "ctx-adapt-opp",
                                      "ctx-adapt-same",
                                      "tool-mpe",
                                      "tool-adaptation",
                                      "tool-context",
                                      "tdr-ring",
                                      "us-proj",
                                      "exec-angles",
                                      "exec-shift",
                                      "exec-push"};
  for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
    ReachPlot *p = reach_window_get_plot(w, names[i]);
    if (p && gtk_widget_get_mapped(GTK_WIDGET(p)) && reach_plot_get_data(p) &&
        !reach_plot_is_drawn(p))
      return FALSE;
  }
  return TRUE;
}

static gboolean shot_tick(GtkWidget *widget, GdkFrameClock *clock, gpointer data) {
  (void)clock;
  ReachApplication *self = data;
  // let the layout settle and every panel draw before taking the picture
  if (++self->frames < 4 ||
      ((!plots_drawn(self->shot_window) || !reach_window_is_settled(self->shot_window)) &&
       self->frames < 120))
    return G_SOURCE_CONTINUE;
  g_autoptr(GError) error = NULL;
  if (!reach_widget_save_png(widget, self->screenshot, &error)) {
    // the window may be between frames (a resize, a theme change): try again a few times
    if (self->frames < 60) return G_SOURCE_CONTINUE;
    g_printerr("reachlab: --screenshot: %s\n", error->message);
    shot_finish(self, 1);
    return G_SOURCE_REMOVE;
  }
  ReachSnapshot *s = reach_session_get_snapshot(reach_window_get_session(self->shot_window));
  double mean, max;
  int frames;
  reach_arm_view_get_frame_stats(reach_window_get_arm_view(self->shot_window), &mean, &max,
                                 &frames);
  double secs = (double)(g_get_monotonic_time() - self->started) / 1e6;
  g_print(
      "wrote %s (%d×%d) after %d batches; page %s, presentation %s; arm view (%s) %.2f "
      "ms/frame over %d frames; worker %.1f batches/s over %.1f s with the window open\n",
      self->screenshot, gtk_widget_get_width(widget), gtk_widget_get_height(widget),
      s ? s->total : 0, reach_window_get_page(self->shot_window),
      reach_window_get_presentation(self->shot_window) ? "on" : "off",
      reach_arm_view_get_renderer(reach_window_get_arm_view(self->shot_window)), mean, frames,
      s && secs > 0 ? (double)s->work / secs : 0.0, secs);
  shot_finish(self, 0);
  return G_SOURCE_REMOVE;
}

// The live reach for the picture, stepped at once: a click, 1.2 s of reaching, then the push.
static void shot_poke(ReachApplication *self, ReachArmView *view, const ReachSnapshot *s) {
  double d[2], f[2];
  if (!s->trace || !parse_pair(self->poke, d)) return;
  const double xy[2] = {s->trace->start[0] + d[0] / 100.0, s->trace->start[1] + d[1] / 100.0};
  if (!reach_arm_view_poke_at(view, xy)) {
    g_printerr("reachlab: --poke: this model has no network to poke\n");
    return;
  }
  reach_arm_view_poke_advance(view, 1.2);
  if (self->push && parse_pair(self->push, f)) {
    reach_poke_pulse(reach_arm_view_get_poke(view), f, 0.2);
    reach_arm_view_poke_advance(view, 0.1);
  }
}

static void shot_snapshot(ReachApplication *self) {
  ReachSession *session = reach_window_get_session(self->shot_window);
  ReachSnapshot *s = reach_session_get_snapshot(session);
  if (!s || !reach_session_is_settled(session) || s->running) return;
  if (s->total < self->after_batches && s->stage < REACH_APP_STAGE_DONE && !s->error) return;
  g_signal_handlers_disconnect_by_data(session, self);
  ReachArmView *view = reach_window_get_arm_view(self->shot_window);
  reach_arm_view_freeze(view, self->reach, self->step);
  if (self->poke) shot_poke(self, view, s);
  self->frames = 0;
  gtk_widget_add_tick_callback(GTK_WIDGET(self->shot_window), shot_tick, self, NULL);
}

static gboolean shot_timeout(gpointer data) {
  ReachApplication *self = data;
  self->timeout_id = 0;
  g_printerr("reachlab: --screenshot: timed out waiting for the run\n");
  shot_finish(self, 1);
  return G_SOURCE_REMOVE;
}

static void reach_application_activate(GApplication *app) {
  ReachApplication *self = REACH_APPLICATION(app);
  GtkWindow *active = gtk_application_get_active_window(GTK_APPLICATION(app));
  if (active && !self->screenshot) {
    gtk_window_present(active);
    return;
  }
  ReachWindow *win = reach_window_new(GTK_APPLICATION(app));
  ReachSession *session = reach_window_get_session(win);
  if (self->page) reach_window_show_page(win, self->page);
  if (self->presentation)
    g_action_group_change_action_state(G_ACTION_GROUP(win), "presentation-mode",
                                       g_variant_new_boolean(TRUE));
  // First launch shows the bundled trained network (its curves complete, its arm reaching);
  // Run retrains its phases live from the grown-up weights.
  if (self->preset) {
    reach_session_load_preset(session, self->preset);
  } else {
    g_autofree char *bundle = reach_data_path(REACH_BUNDLED_NETWORK);
    reach_window_open_bundled(win, bundle);
  }
  if (self->learner)  // before the study, so the tool run starts with it
    g_action_group_activate_action(G_ACTION_GROUP(win), "learner",
                                   g_variant_new_string(self->learner));
  if (self->protocol) {  // a path as given, absolute so the setting finds it from anywhere
    g_autofree char *abs = g_canonicalize_filename(self->protocol, NULL);
    g_action_group_change_action_state(G_ACTION_GROUP(win), "protocol", g_variant_new_string(abs));
  }
  if (self->start_from)  // after the network is opened: it goes to the phase's start at once
    g_action_group_activate_action(G_ACTION_GROUP(win), "start-phase",
                                   g_variant_new_string(self->start_from));
  if (self->experiment)
    g_action_group_activate_action(G_ACTION_GROUP(win), "experiment",
                                   g_variant_new_string(self->experiment));
  if (self->screenshot) {
    self->shot_window = win;
    self->started = g_get_monotonic_time();
    if (self->after_batches > 0)
      reach_session_run_until(session, self->after_batches);
    else
      reach_session_set_running(session, FALSE);  // presentation mode would start the story
    g_signal_connect_swapped(session, "notify::snapshot", G_CALLBACK(shot_snapshot), self);
    self->timeout_id = g_timeout_add_seconds(900, shot_timeout, self);
  }
  gtk_window_present(GTK_WINDOW(win));
}

static void activate_about(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a;
  (void)p;
  GtkApplication *app = data;
  static const char *developers[] = {"The ReachLab developers", NULL};
  GtkWidget *about = g_object_new(
      ADW_TYPE_ABOUT_WINDOW, "transient-for", gtk_application_get_active_window(app),
      "application-name", _("ReachLab"), "application-icon", APPLICATION_ID, "version",
      PACKAGE_VERSION, "developer-name", _("The ReachLab developers"), "developers", developers,
      "license-type", GTK_LICENSE_GPL_3_0, "comments",
      _("A two-joint, six-muscle arm (MotorNet's arm26) reaching in curl force fields, a "
        "network that learns to compensate, and the switching state-space model of "
        "Heald et al. 2018."),
      "translator-credits", _("translator-credits"), NULL);
  gtk_window_present(GTK_WINDOW(about));
}

static void activate_quit(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a;
  (void)p;
  GApplication *app = data;
  GList *windows = gtk_application_get_windows(GTK_APPLICATION(app));
  for (GList *l = windows; l; l = l->next) gtk_window_destroy(l->data);
  g_application_quit(app);
}

static const GActionEntry app_entries[] = {
    {"about", activate_about, NULL, NULL, NULL, {0}},
    {"quit", activate_quit, NULL, NULL, NULL, {0}},
};

static void reach_application_startup(GApplication *app) {
  G_APPLICATION_CLASS(reach_application_parent_class)->startup(app);
  g_action_map_add_action_entries(G_ACTION_MAP(app), app_entries, G_N_ELEMENTS(app_entries), app);
  GtkApplication *gapp = GTK_APPLICATION(app);
  gtk_application_set_accels_for_action(gapp, "app.quit", (const char *[]){"<Control>q", NULL});
  gtk_application_set_accels_for_action(gapp, "win.run", (const char *[]){"space", NULL});
  gtk_application_set_accels_for_action(gapp, "win.step", (const char *[]){"<Control>Right", NULL});
  gtk_application_set_accels_for_action(gapp, "win.reset", (const char *[]){"<Control>r", NULL});
  gtk_application_set_accels_for_action(gapp, "win.field", (const char *[]){"<Control>f", NULL});
  gtk_application_set_accels_for_action(gapp, "win.presentation-mode",
                                        (const char *[]){"F5", NULL});
  gtk_application_set_accels_for_action(gapp, "win.leave-presentation",
                                        (const char *[]){"Escape", NULL});
  gtk_application_set_accels_for_action(gapp, "win.show-timing",
                                        (const char *[]){"<Control><Shift>t", NULL});
  gtk_application_set_accels_for_action(gapp, "win.open-preset",
                                        (const char *[]){"<Control>o", NULL});
  gtk_application_set_accels_for_action(gapp, "win.export", (const char *[]){"<Control>e", NULL});
  gtk_application_set_accels_for_action(gapp, "win.save-config",
                                        (const char *[]){"<Control>s", NULL});
  gtk_application_set_accels_for_action(gapp, "win.show-learning",
                                        (const char *[]){"<Control>1", NULL});
  gtk_application_set_accels_for_action(gapp, "win.show-context",
                                        (const char *[]){"<Control>2", NULL});
  gtk_application_set_accels_for_action(gapp, "win.show-network",
                                        (const char *[]){"<Control>3", NULL});
}

static void reach_application_finalize(GObject *object) {
  ReachApplication *self = REACH_APPLICATION(object);
  g_free(self->screenshot);
  g_free(self->preset);
  g_free(self->page);
  g_free(self->experiment);
  g_free(self->learner);
  g_free(self->poke);
  g_free(self->push);
  g_free(self->start_from);
  g_free(self->protocol);
  G_OBJECT_CLASS(reach_application_parent_class)->finalize(object);
}

static void reach_application_class_init(ReachApplicationClass *klass) {
  G_OBJECT_CLASS(klass)->finalize = reach_application_finalize;
  GApplicationClass *app_class = G_APPLICATION_CLASS(klass);
  app_class->activate = reach_application_activate;
  app_class->startup = reach_application_startup;
  app_class->handle_local_options = handle_local_options;
}

static void reach_application_init(ReachApplication *self) {
  self->reach = 1;
  self->step = 55;
  g_application_add_main_option_entries(G_APPLICATION(self), options);
}

ReachApplication *reach_application_new(void) {
  return g_object_new(REACH_TYPE_APPLICATION, "application-id", APPLICATION_ID, "flags",
                      G_APPLICATION_NON_UNIQUE, "resource-base-path", "/org/reachlab/ReachLab",
                      NULL);
}

int reach_application_get_status(ReachApplication *self) { return self->status; }
