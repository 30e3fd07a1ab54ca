// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-window.h"

#include <glib/gi18n.h>
#include <math.h>

#include "config.h"
#include "reach-backend.h"
#include "reach-neural-view.h"
#include "reach-phase-bar.h"
#include "reach-ring-panel.h"
#include "reach-shift-panel.h"
#include "reach-tool-panel.h"

#include "context/paradigm_gen.h"

struct _ReachWindow {
  AdwApplicationWindow parent_instance;

  // template children
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkButton *run_button;
  GtkToggleButton *presentation_button;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  ReachPhaseBar *phase_bar;
  GtkRevealer *sidebar_revealer;
  GtkAdjustment *speed_adjustment;
  GtkScale *speed_scale;
  AdwComboRow *model_combo, *study_combo, *learner_combo;
  AdwActionRow *speed_row, *field_row, *gain_row;
  GtkStackPage *learning_page, *network_page, *tool_page;
  ReachToolPanel *tool_panel;
  GtkAdjustment *gain_adjustment;
  GtkSwitch *field_switch;
  AdwActionRow *model_row, *batch_row, *ld_row, *timing_row;
  ReachArmView *arm_view;
  GtkLabel *arm_label, *caption_label;
  GtkStack *plot_stack;
  GtkWidget *plot_box;
  GtkStackSwitcher *plot_switcher;
  ReachPlot *ld_plot, *savings_plot;
  ReachPlot *ctx_prob_opp, *ctx_prob_same, *ctx_adapt_opp, *ctx_adapt_same;
  ReachNeuralView *neural_view;
  ReachRingPanel *ring_panel;
  ReachShiftPanel *shift_panel;

  GSettings *settings;
  ReachSession *session;
  gboolean presentation;
  gboolean applying_initial;  // the first apply_presentation, from init: do not start running
  int ld_shown[REACH_APP_NPHASE];  // LD points plotted, to redraw only on change
  int ld_stage_shown;
  int grow_shown;
  gboolean ld_presentation;
  ReachContextResult *context_shown;
  int study_shown;  // -1 savings, else the tool study's reach_experiment; -2 before the first
  guint timing_id;
};

G_DEFINE_FINAL_TYPE(ReachWindow, reach_window, ADW_TYPE_APPLICATION_WINDOW)

static const char *const phase_names[REACH_APP_NPHASE] = {"NF1", "FF1", "NF2", "FF2"};
// what the Model row offers: the fixed controller, the bundled trained network, then network
// presets that train from scratch (paths under data/)
static const char *model_presets[] = {NULL, REACH_BUNDLED_NETWORK, "presets/demo.ini",
                                      "presets/small.ini"};

// what the Study row offers, as the win.experiment action's states: the savings study, then the
// tool study's experiments in reach_experiment order
static const char *const study_ids[] = {"savings", "exp1-two", "exp1-single", "exp2-opposing",
                                        "exp2-same"};

/* ---- actions ---- */

// Only a network experiment's configuration is a preset that loads again; the fixed controller's
// and the tool study's describe their run for exports but are not presets.
static gboolean config_savable(const ReachSnapshot *s) {
  return s && s->mode == REACH_SESSION_NETWORK && !s->tool && s->config_text && *s->config_text;
}

static void reach_window_actions_update(ReachWindow *self) {
  ReachSnapshot *s = reach_session_get_snapshot(self->session);
  gboolean have = s != NULL;
  gboolean running = reach_session_get_running(self->session);
  GActionMap *map = G_ACTION_MAP(self);
  GSimpleAction *run = G_SIMPLE_ACTION(g_action_map_lookup_action(map, "run"));
  g_simple_action_set_enabled(run, have);
  g_simple_action_set_state(run, g_variant_new_boolean(running));
  g_simple_action_set_enabled(G_SIMPLE_ACTION(g_action_map_lookup_action(map, "step")),
                              have && s->stage < REACH_APP_STAGE_DONE);
  g_simple_action_set_enabled(G_SIMPLE_ACTION(g_action_map_lookup_action(map, "reset")), have);
  GSimpleAction *field = G_SIMPLE_ACTION(g_action_map_lookup_action(map, "field"));
  g_simple_action_set_enabled(field, have && !s->tool);  // the tool paradigm sets every field
  g_simple_action_set_state(field, g_variant_new_boolean(reach_session_get_field_on(self->session)));
  g_simple_action_set_enabled(G_SIMPLE_ACTION(g_action_map_lookup_action(map, "dismiss-error")),
                              gtk_revealer_get_reveal_child(self->error_revealer));
  g_simple_action_set_enabled(G_SIMPLE_ACTION(g_action_map_lookup_action(map, "save-config")),
                              config_savable(s));
  gtk_button_set_icon_name(self->run_button, running ? "media-playback-pause-symbolic"
                                                     : "media-playback-start-symbolic");
}

static void change_run(GSimpleAction *action, GVariant *state, gpointer data) {
  (void)action;
  ReachWindow *self = data;
  reach_session_set_running(self->session, g_variant_get_boolean(state));
  reach_window_actions_update(self);
}

static void activate_toggle(GSimpleAction *action, GVariant *param, gpointer data) {
  (void)param;
  (void)data;
  GVariant *state = g_action_get_state(G_ACTION(action));
  g_action_change_state(G_ACTION(action), g_variant_new_boolean(!g_variant_get_boolean(state)));
  g_variant_unref(state);
}

static void activate_step(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a;
  (void)p;
  ReachWindow *self = data;
  reach_session_step(self->session);
  reach_window_actions_update(self);
}

static void activate_reset(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a;
  (void)p;
  ReachWindow *self = data;
  reach_session_reset(self->session);
}

static void show_study(ReachWindow *self, int experiment);

static void change_experiment(GSimpleAction *action, GVariant *state, gpointer data) {
  ReachWindow *self = data;
  const char *id = g_variant_get_string(state, NULL);
  int e = g_str_equal(id, "savings") ? -1 : reach_experiment_find(id);
  if (e < 0 && !g_str_equal(id, "savings")) return;  // not a study: the state stays
  g_simple_action_set_state(action, state);
  reach_session_set_experiment(self->session, e);
  show_study(self, e);
  reach_window_actions_update(self);
}

// The Learner row follows the action's state (from the row, --learner or the saved setting).
static void learner_changed(ReachWindow *self);

static void change_learner(GSimpleAction *action, GVariant *state, gpointer data) {
  ReachWindow *self = data;
  const char *id = g_variant_get_string(state, NULL);
  const int learner = reach_tool_learner_find(id);
  if (learner < 0) return;  // not a learner: the state stays
  g_simple_action_set_state(action, state);
  g_settings_set_string(self->settings, "learner", id);
  reach_session_set_learner(self->session, learner);
  g_signal_handlers_block_by_func(self->learner_combo, learner_changed, self);
  adw_combo_row_set_selected(self->learner_combo, (guint)learner);
  g_signal_handlers_unblock_by_func(self->learner_combo, learner_changed, self);
  reach_window_actions_update(self);
}

static void change_field(GSimpleAction *action, GVariant *state, gpointer data) {
  (void)action;
  ReachWindow *self = data;
  reach_session_set_field_on(self->session, g_variant_get_boolean(state));
  reach_window_actions_update(self);
}

static void activate_dismiss_error(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a;
  (void)p;
  ReachWindow *self = data;
  gtk_revealer_set_reveal_child(self->error_revealer, FALSE);
  reach_window_actions_update(self);
}

static void activate_show_page(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)p;
  ReachWindow *self = data;
  const char *name = g_action_get_name(G_ACTION(a));
  reach_window_show_page(self, g_str_has_suffix(name, "context")   ? "context"
                               : g_str_has_suffix(name, "network") ? "network"
                                                                   : "learning");
}

// The three file dialogs (open a preset, export, save the configuration) differ only in their
// texts, filter and what is done with the chosen path.
typedef void (*FileChosen)(ReachWindow *self, const char *path);

static void file_chosen(GtkNativeDialog *dialog, int response, gpointer data) {
  ReachWindow *self = data;
  FileChosen done = (FileChosen)g_object_get_data(G_OBJECT(dialog), "reach-chosen");
  if (response == GTK_RESPONSE_ACCEPT) {
    g_autoptr(GFile) file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
    g_autofree char *path = file ? g_file_get_path(file) : NULL;
    if (path) done(self, path);
  }
  g_object_unref(dialog);
}

static void choose_file(ReachWindow *self, const char *title, GtkFileChooserAction action,
                        const char *accept, const char *name, const char *filter_name,
                        const char *const *patterns, FileChosen done) {
  GtkFileChooserNative *dialog =
      gtk_file_chooser_native_new(title, GTK_WINDOW(self), action, accept, _("_Cancel"));
  if (name) gtk_file_chooser_set_current_name(GTK_FILE_CHOOSER(dialog), name);
  GtkFileFilter *filter = gtk_file_filter_new();
  gtk_file_filter_set_name(filter, filter_name);
  for (int i = 0; patterns[i]; i++) gtk_file_filter_add_pattern(filter, patterns[i]);
  gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(dialog), filter);
  g_object_unref(filter);
  g_object_set_data(G_OBJECT(dialog), "reach-chosen", (gpointer)done);
  g_signal_connect(dialog, "response", G_CALLBACK(file_chosen), self);
  gtk_native_dialog_show(GTK_NATIVE_DIALOG(dialog));
}

// A file written: a toast saying so, or the error in the window.
static void report_written(ReachWindow *self, gboolean ok, const GError *error, const char *msg) {
  if (ok)
    adw_toast_overlay_add_toast(self->toast_overlay, adw_toast_new(msg));
  else
    reach_window_show_error(self, error->message);
}

static void open_preset(ReachWindow *self, const char *path) {
  reach_session_load_preset(self->session, path);
}

static void export_to(ReachWindow *self, const char *path) {
  g_autoptr(GError) error = NULL;
  gboolean ok = reach_window_export(self, path, &error);
  g_autofree char *base = g_path_get_basename(path);
  g_autofree char *msg = g_strdup_printf(_("Exported %s and its data"), base);
  report_written(self, ok, error, msg);
}

static void save_config_to(ReachWindow *self, const char *path) {
  g_autoptr(GError) error = NULL;
  gboolean ok = reach_window_save_config(self, path, &error);
  g_autofree char *base = g_path_get_basename(path);
  g_autofree char *msg = g_strdup_printf(_("Saved the configuration as %s"), base);
  report_written(self, ok, error, msg);
}

static void activate_open_preset(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a;
  (void)p;
  choose_file(data, _("Open Preset"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL,
              _("Presets and saved runs (*.ini, *.h5)"), (const char *[]){"*.ini", "*.h5", NULL},
              open_preset);
}

static void activate_export(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a;
  (void)p;
  choose_file(data, _("Export Figures and Data"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
              "reachlab.svg", _("Figures (*.svg, *.pdf, *.png)"),
              (const char *[]){"*.svg", "*.pdf", "*.png", NULL}, export_to);
}

static void activate_save_config(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a;
  (void)p;
  choose_file(data, _("Save Configuration"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
              "reachlab.ini", _("Presets (*.ini)"), (const char *[]){"*.ini", NULL},
              save_config_to);
}

static const GActionEntry win_entries[] = {
    {"export", activate_export, NULL, NULL, NULL, {0}},
    {"run", activate_toggle, NULL, "false", change_run, {0}},
    {"step", activate_step, NULL, NULL, NULL, {0}},
    {"reset", activate_reset, NULL, NULL, NULL, {0}},
    {"field", activate_toggle, NULL, "false", change_field, {0}},
    {"experiment", NULL, "s", "'savings'", change_experiment, {0}},
    {"learner", NULL, "s", "'sssm'", change_learner, {0}},
    {"dismiss-error", activate_dismiss_error, NULL, NULL, NULL, {0}},
    {"show-learning", activate_show_page, NULL, NULL, NULL, {0}},
    {"show-context", activate_show_page, NULL, NULL, NULL, {0}},
    {"show-network", activate_show_page, NULL, NULL, NULL, {0}},
    {"open-preset", activate_open_preset, NULL, NULL, NULL, {0}},
    {"save-config", activate_save_config, NULL, NULL, NULL, {0}},
};

/* ---- snapshot → widgets ---- */

static const char *caption_for(const ReachSnapshot *s) {
  gboolean learns = s->mode == REACH_SESSION_NETWORK;
  switch (s->stage) {
    case REACH_APP_STAGE_GROW:
      return _("Growing up: the network learns to reach at all");
    case 0:
      return _("NF1 · No field: the reaches are straight");
    case 1:
      return learns ? _("FF1 · A clockwise curl field bends the reaches, and the network learns to push back")
                    : _("FF1 · A clockwise curl field bends the reaches");
    case 2:
      return learns ? _("NF2 · Field off: the after-effect washes out")
                    : _("NF2 · Field off: the reaches are straight again");
    case 3:
      return learns ? _("FF2 · The field returns: is it relearnt faster than in FF1? (savings)")
                    : _("FF2 · The field returns; a fixed controller cannot learn, so nothing is saved");
    default:
      return _("Done: the protocol is complete");
  }
}

// Growing up has no centre-out evaluations yet: the top plot shows the training loss instead.
static void update_grow_plot(ReachWindow *self, const ReachSnapshot *s) {
  if (self->grow_shown == s->n_grow && self->ld_stage_shown == s->stage &&
      self->ld_presentation == self->presentation)
    return;
  gboolean entering = self->ld_stage_shown != s->stage || self->ld_presentation != self->presentation;
  self->grow_shown = s->n_grow;
  self->ld_stage_shown = s->stage;
  self->ld_presentation = self->presentation;
  for (int i = 0; i < REACH_APP_NPHASE; i++) self->ld_shown[i] = -1;
  g_autoptr(ReachPlotData) d = reach_plot_data_new(_("Growing up: training loss per batch"),
                                                   _("batch"), _("log₁₀ loss"));
  if (s->n_grow > 0) {
    g_autofree double *y = g_new(double, (gsize)s->n_grow);
    for (int k = 0; k < s->n_grow; k++) y[k] = s->grow_loss[k] > 0 ? log10(s->grow_loss[k]) : NAN;
    reach_plot_data_add_series(d, NULL, y, s->n_grow, REACH_PLOT_GREEN, 2.0, NULL);
  }
  reach_plot_data_set_range(d, 0, MAX(s->grow_batches - 1, 1), 0, 0);
  reach_plot_data_set_placeholder(d, _("Press Run to start growing up"));
  reach_plot_set_data(self->ld_plot, d);
  if (entering) {
    g_autoptr(ReachPlotData) sv = reach_plot_data_new(_("FF1 and FF2 from field onset"),
                                                      _("batch in the field"), _("LD (cm)"));
    reach_plot_data_set_placeholder(sv, _("Waiting for FF1"));
    reach_plot_set_data(self->savings_plot, sv);
  }
}

static void update_ld_plots(ReachWindow *self, const ReachSnapshot *s) {
  if (s->stage == REACH_APP_STAGE_GROW) {
    update_grow_plot(self, s);
    return;
  }
  gboolean changed = self->ld_stage_shown != s->stage || self->ld_presentation != self->presentation;
  for (int i = 0; i < REACH_APP_NPHASE; i++) changed = changed || self->ld_shown[i] != s->n_ld[i];
  if (!changed) return;
  self->ld_stage_shown = s->stage;
  self->ld_presentation = self->presentation;

  // lateral deviation per batch across the four phases, in cm
  g_autoptr(ReachPlotData) d = reach_plot_data_new(_("Lateral deviation per batch"),
                                                   _("batch"), _("LD (cm)"));
  double x0 = 0;
  static const ReachPlotColor colors[REACH_APP_NPHASE] = {REACH_PLOT_BLUE, REACH_PLOT_ORANGE,
                                                          REACH_PLOT_BLUE, REACH_PLOT_RED};
  for (int i = 0; i < REACH_APP_NPHASE; i++) {
    self->ld_shown[i] = s->n_ld[i];
    int n = s->n_ld[i];
    double x1 = x0 + s->phase_batches[i];
    reach_plot_data_add_band(d, x0, x1, phase_names[i], s->phase_field[i] != 0.0);
    if (n > 0) {
      g_autofree double *x = g_new(double, (gsize)n);
      g_autofree double *y = g_new(double, (gsize)n);
      for (int k = 0; k < n; k++) x[k] = x0 + k, y[k] = 100.0 * s->ld[i][k];
      reach_plot_data_add_series(d, x, y, n, colors[i], 2.0, NULL);
    }
    x0 = x1;
  }
  reach_plot_data_set_range(d, 0, MAX(x0, 1), 0, 0);
  reach_plot_data_set_placeholder(d, _("Press Run to start"));
  reach_plot_set_data(self->ld_plot, d);

  // the two field exposures from field onset: savings is FF2 below FF1
  g_autoptr(ReachPlotData) sv = reach_plot_data_new(_("FF1 and FF2 from field onset"),
                                                    _("batch in the field"), _("LD (cm)"));
  int len = MAX(s->phase_batches[1], s->phase_batches[3]);
  for (int p = 1; p <= 3; p += 2) {
    int n = s->n_ld[p];
    if (n <= 0) continue;
    g_autofree double *y = g_new(double, (gsize)n);
    for (int k = 0; k < n; k++) y[k] = 100.0 * s->ld[p][k];
    reach_plot_data_add_series(sv, NULL, y, n, p == 1 ? REACH_PLOT_ORANGE : REACH_PLOT_RED, 2.0,
                               p == 1 ? "FF1" : "FF2");
  }
  reach_plot_data_set_range(sv, 0, MAX(len - 1, 1), 0, 0);
  reach_plot_data_set_placeholder(sv, _("Waiting for FF1"));
  reach_plot_set_data(self->savings_plot, sv);
}

static ReachPlotData *context_prob_plot(const ReachContextRun *r, const char *title) {
  ReachPlotData *d = reach_plot_data_new(title, _("trial"), _("p(context 1 | cue)"));
  g_autofree double *y1 = g_new(double, (gsize)r->n);
  g_autofree double *y2 = g_new(double, (gsize)r->n);
  for (int t = 0; t < r->n; t++) y1[t] = r->p_c1_q[2 * t], y2[t] = r->p_c1_q[2 * t + 1];
  reach_plot_data_add_series(d, NULL, y1, r->n, REACH_PLOT_BLUE, 2.0, _("cue 1"));
  reach_plot_data_add_series(d, NULL, y2, r->n, REACH_PLOT_PURPLE, 2.0, _("cue 2"));
  reach_plot_data_set_range(d, 0, r->n - 1, -0.05, 1.05);
  return d;
}

// Adaptation: the model's output on the trials of each cue, with the exposure phase shaded.
static ReachPlotData *context_adapt_plot(const ReachContextRun *r, const char *title) {
  ReachPlotData *d = reach_plot_data_new(title, _("trial"), _("adaptation ŷ"));
  int first = -1, last = -1;
  for (int t = 0; t < r->n; t++)
    if (isfinite(r->pert[t]) && r->pert[t] != 0.0) {
      if (first < 0) first = t;
      last = t;
    }
  if (first >= 0) reach_plot_data_add_band(d, first, last, _("exposure"), TRUE);
  for (int cue = 1; cue <= 2; cue++) {
    g_autofree double *x = g_new(double, (gsize)r->n);
    g_autofree double *y = g_new(double, (gsize)r->n);
    int m = 0;
    for (int t = 0; t < r->n; t++)
      if (r->cue[t] == cue) x[m] = t, y[m++] = r->yhat[t];
    reach_plot_data_add_series(d, x, y, m, cue == 1 ? REACH_PLOT_BLUE : REACH_PLOT_PURPLE, 2.0,
                               cue == 1 ? _("cue 1") : _("cue 2"));
  }
  reach_plot_data_set_range(d, 0, r->n - 1, -1.1, 1.1);
  return d;
}

static void update_context_plots(ReachWindow *self, ReachContextResult *c, gboolean force) {
  if (!c || (c == self->context_shown && !force)) return;
  self->context_shown = c;
  ReachPlotData *d;
  d = context_prob_plot(&c->run[0], _("Opposing fields"));
  reach_plot_set_data(self->ctx_prob_opp, d);
  reach_plot_data_unref(d);
  d = context_prob_plot(&c->run[1], _("Same field"));
  reach_plot_set_data(self->ctx_prob_same, d);
  reach_plot_data_unref(d);
  d = context_adapt_plot(&c->run[0], _("Opposing: two memories"));
  reach_plot_set_data(self->ctx_adapt_opp, d);
  reach_plot_data_unref(d);
  d = context_adapt_plot(&c->run[1], _("Same: one memory"));
  reach_plot_set_data(self->ctx_adapt_same, d);
  reach_plot_data_unref(d);
}

// The Network page follows the analysis of the finished network the worker hands over.
static void update_neural(ReachWindow *self, const ReachSnapshot *s) {
  const char *why = s->neural_error   ? s->neural_error
                    : s->mode != REACH_SESSION_NETWORK
                        ? _("The fixed controller has no network: choose a trained network as the Model")
                        : _("The analysis appears when the network has finished FF2");
  reach_neural_view_set_neural(self->neural_view, s->neural, why);
  reach_ring_panel_set_neural(self->ring_panel, s->neural, why);
  reach_shift_panel_set_neural(self->shift_panel, s->neural, why);
}

// The page shown belongs to the study played: a page of the other study (a stored setting,
// Ctrl+1 in the tool study) gives way to this study's; Context serves both. The Network page holds three panels side
// by side with the arm: it takes more of the width.
static void page_changed(ReachWindow *self) {
  const char *page = gtk_stack_get_visible_child_name(self->plot_stack);
  gboolean tool = self->study_shown >= 0;
  if (tool && (g_strcmp0(page, "learning") == 0 || g_strcmp0(page, "network") == 0))
    gtk_stack_set_visible_child_name(self->plot_stack, "tool");
  else if (!tool && g_strcmp0(page, "tool") == 0)
    gtk_stack_set_visible_child_name(self->plot_stack, "learning");
  page = gtk_stack_get_visible_child_name(self->plot_stack);
  gboolean network = g_strcmp0(page, "network") == 0;
  gtk_widget_set_size_request(self->plot_box, !network ? 470 : self->presentation ? 820 : 700, -1);
}

static void model_changed(ReachWindow *self);
static void study_changed(ReachWindow *self);

// The Model row follows what the worker runs (a preset opened from the menu, say).
static void sync_model_combo(ReachWindow *self, const ReachSnapshot *s) {
  guint want = G_MAXUINT;
  for (guint i = 0; i < G_N_ELEMENTS(model_presets); i++)
    if (model_presets[i] ? s->preset && g_str_has_suffix(s->preset, model_presets[i]) : !s->preset)
      want = i;
  if (want == G_MAXUINT) want = G_N_ELEMENTS(model_presets);  // the "opened file" entry
  if (want == adw_combo_row_get_selected(self->model_combo)) return;
  g_signal_handlers_block_by_func(self->model_combo, model_changed, self);
  adw_combo_row_set_selected(self->model_combo, want);
  g_signal_handlers_unblock_by_func(self->model_combo, model_changed, self);
}

/* ---- the tool study ---- */

// The window follows the study the worker plays: the Study row, the action's state, the plot
// pages and the row texts that name batches or trials.
static void show_study(ReachWindow *self, int experiment) {
  if (experiment == self->study_shown) return;
  self->study_shown = experiment;
  gboolean tool = experiment >= 0;
  // the state only: changing it through the action would restart the worker's study
  g_simple_action_set_state(
      G_SIMPLE_ACTION(g_action_map_lookup_action(G_ACTION_MAP(self), "experiment")),
      g_variant_new_string(study_ids[experiment + 1]));
  g_signal_handlers_block_by_func(self->study_combo, study_changed, self);
  adw_combo_row_set_selected(self->study_combo, (guint)(experiment + 1));
  g_signal_handlers_unblock_by_func(self->study_combo, study_changed, self);
  gtk_stack_page_set_visible(self->tool_page, tool);
  gtk_stack_page_set_visible(self->learning_page, !tool);
  gtk_stack_page_set_visible(self->network_page, !tool);  // the savings network's analysis
  if (tool)
    gtk_stack_set_visible_child_name(self->plot_stack, "tool");
  else
    page_changed(self);
  // the tool paradigm sets every trial's field and the network; the savings study's rows go
  gtk_widget_set_visible(GTK_WIDGET(self->model_combo), !tool);
  gtk_widget_set_visible(GTK_WIDGET(self->learner_combo), tool);
  gtk_widget_set_visible(GTK_WIDGET(self->field_row), !tool);
  gtk_widget_set_visible(GTK_WIDGET(self->gain_row), !tool);
  adw_action_row_set_subtitle(self->speed_row,
                              tool ? _("trials per second") : _("batches per second"));
  adw_preferences_row_set_title(ADW_PREFERENCES_ROW(self->batch_row),
                                tool ? _("Trials done") : _("Batches done"));
  adw_preferences_row_set_title(ADW_PREFERENCES_ROW(self->ld_row),
                                tool ? _("Last trial") : _("Lateral deviation"));
  if (!tool) {
    // the savings plots are drawn again from the next snapshot
    self->ld_stage_shown = -99;
    reach_tool_panel_set_history(self->tool_panel, NULL);
  }
}

static const char *tool_phase_name(ReachToolPhase k) {
  switch (k) {
    case REACH_TOOL_PHASE_PRE:
      return _("Pre-exposure");
    case REACH_TOOL_PHASE_EXPOSE:
      return _("Exposure");
    case REACH_TOOL_PHASE_GENERAL:
      return _("Generalisation");
    default:
      return _("Post-exposure");
  }
}

static const char *tool_phase_kind(const ReachToolHistory *h, ReachToolPhase k) {
  switch (k) {
    case REACH_TOOL_PHASE_EXPOSE:
      return h->experiment == REACH_EXP2_SAME ? _("same field") : _("opposing fields");
    case REACH_TOOL_PHASE_GENERAL:
      return _("fields + probes");
    default:
      return _("null, channels");
  }
}

static const char *tool_caption(const ReachToolHistory *h, int stage) {
  if (stage >= h->n_phases) return _("Done: the experiment is complete");
  switch (h->phase_kind[stage]) {
    case REACH_TOOL_PHASE_PRE:
      return _("Pre-exposure · No field: the reaches with the object are straight");
    case REACH_TOOL_PHASE_EXPOSE:
      return h->experiment == REACH_EXP2_SAME
                 ? _("Exposure · One field at both control points: one memory serves both")
             : h->experiment == REACH_EXP1_SINGLE
                 ? _("Exposure · Opposing fields, but the centre is always moved: one memory cannot learn both")
             : h->sssm
                 ? _("Exposure · Each control point has its own field: the SSSM forms two memories")
                 : _("Exposure · Each control point has its own field: can this learner keep two memories?");
    case REACH_TOOL_PHASE_GENERAL:
      return _("Generalisation · Channel probes with the object or the hand shifted 14 cm");
    default:
      return h->experiment >= REACH_EXP2_OPPOSING
                 ? _("Post-exposure · One control point is washed out, then the other is probed: the rebound")
                 : _("Post-exposure · Null trials: the learning washes out");
  }
}

static void tool_snapshot_changed(ReachWindow *self, const ReachSnapshot *s) {
  const ReachToolHistory *h = s->tool;
  const char *names[REACH_APP_TOOL_MAXPHASE], *kinds[REACH_APP_TOOL_MAXPHASE];
  gboolean field[REACH_APP_TOOL_MAXPHASE];
  for (int i = 0; i < h->n_phases; i++) {
    names[i] = tool_phase_name(h->phase_kind[i]);
    kinds[i] = tool_phase_kind(h, h->phase_kind[i]);
    field[i] = s->phase_field[i] != 0.0;
  }
  reach_phase_bar_set_phases(self->phase_bar, h->n_phases, names, kinds, h->phase_trials, field,
                             s->stage, s->batch);
  g_autofree char *where =
      s->stage >= h->n_phases
          ? g_strdup_printf(_("done, %d trials"), h->n_total)
          : g_strdup_printf(_("%s, trial %d of %d"), names[s->stage], h->n, h->n_total);
  g_autofree char *subtitle = g_strdup_printf("%s — %s", s->model_label, where);
  adw_window_title_set_subtitle(self->window_title, subtitle);
  adw_action_row_set_subtitle(self->model_row, s->model_label);
  g_autofree char *done = g_strdup_printf(_("%d of %d"), h->n, h->n_total);
  adw_action_row_set_subtitle(self->batch_row, done);

  g_autofree char *last = NULL, *label = NULL;
  if (h->n > 0) {
    const int t = h->n - 1;
    const char *kind = h->channel[t] ? _("channel") : h->pert[t] != 0.0 ? _("field") : _("null");
    // the network learner has no explicit prediction off channel trials (ŷ NAN)
    last = h->channel[t] ? g_strdup_printf(_("%s, adaptation %+.0f %%, ŷ %+.2f"), kind,
                                           h->adapt[t], h->yhat[t])
           : isnan(h->yhat[t])
               ? g_strdup_printf(_("%s, MPE %+.1f mm"), kind, 1e3 * h->mpe[t])
               : g_strdup_printf(_("%s, MPE %+.1f mm, ŷ %+.2f"), kind, 1e3 * h->mpe[t], h->yhat[t]);
    label = g_strdup_printf("%s · %s", where, last);
  } else {
    label = g_strdup(where);
  }
  adw_action_row_set_subtitle(self->ld_row, last ? last : "—");
  gtk_label_set_text(self->arm_label, label);
  gtk_label_set_text(self->caption_label, tool_caption(h, s->stage));
  reach_tool_panel_set_history(self->tool_panel, s->tool);
}

static void snapshot_changed(ReachWindow *self) {
  ReachSnapshot *s = reach_session_get_snapshot(self->session);
  if (!s) return;
  reach_arm_view_set_trace(self->arm_view, s->trace);
  if (reach_session_is_settled(self->session)) show_study(self, s->tool ? s->tool->experiment : -1);
  if (s->tool) {
    tool_snapshot_changed(self, s);
    reach_window_actions_update(self);
    return;
  }
  reach_phase_bar_set_state(self->phase_bar, s->stage, s->batch, s->phase_batches, s->phase_field);

  g_autofree char *stage = s->stage == REACH_APP_STAGE_GROW ? g_strdup(_("growing up"))
                           : s->stage >= REACH_APP_STAGE_DONE
                               ? g_strdup(_("done"))
                               : g_strdup_printf(_("%s, batch %d of %d"), phase_names[s->stage],
                                                 s->batch + 1, s->phase_batches[s->stage]);
  g_autofree char *subtitle = g_strdup_printf("%s — %s", s->model_label, stage);
  adw_window_title_set_subtitle(self->window_title, subtitle);
  adw_action_row_set_subtitle(self->model_row, s->model_label);
  // a network opened finished has run nothing here, but its plots hold the batches it was
  // trained for: say so rather than show 0 beside them
  int logged = 0;
  for (int i = 0; i < REACH_APP_NPHASE; i++) logged += s->n_ld[i];
  g_autofree char *batches = s->total == 0 && logged > 0
                                 ? g_strdup_printf(_("%d, trained before it was opened"), logged)
                                 : g_strdup_printf("%d", s->total);
  adw_action_row_set_subtitle(self->batch_row, batches);

  // the last batch's mean LD and the field it met
  double ld = NAN;
  for (int i = REACH_APP_NPHASE - 1; i >= 0 && !isfinite(ld); i--)
    if (s->n_ld[i] > 0) ld = s->ld[i][s->n_ld[i] - 1];
  g_autofree char *ldtext = isfinite(ld) ? g_strdup_printf(_("%+.2f cm (mean of the last batch)"), 100 * ld)
                                         : g_strdup("—");
  adw_action_row_set_subtitle(self->ld_row, ldtext);
  g_autofree char *label = NULL;
  if (s->trace)
    label = g_strdup_printf(_("%s   field %s   LD %+.2f cm"), stage,
                            s->trace->field != 0 ? _("on") : _("off"),
                            isfinite(ld) ? 100 * ld : 0.0);
  else
    label = g_strdup(stage);
  gtk_label_set_text(self->arm_label, label);
  gtk_label_set_text(self->caption_label, caption_for(s));

  update_ld_plots(self, s);
  update_context_plots(self, s->context, FALSE);
  update_neural(self, s);
  sync_model_combo(self, s);
  reach_window_actions_update(self);
}

static gboolean update_timing(gpointer data) {
  ReachWindow *self = data;
  ReachSnapshot *s = reach_session_get_snapshot(self->session);
  double mean = 0, max = 0;
  int frames = 0;
  reach_arm_view_get_frame_stats(self->arm_view, &mean, &max, &frames);
  g_autofree char *t =
      s && s->tool ? g_strdup_printf(_("arm view %.2f ms/frame (max %.1f)\nworker %.2f ms/trial"),
                                     mean, max, s->batch_ms)
                   : g_strdup_printf(_("arm view %.2f ms/frame (max %.1f)\nworker %.2f ms/batch"),
                                     mean, max, s ? s->batch_ms : 0.0);
  adw_action_row_set_subtitle(self->timing_row, t);
  return G_SOURCE_CONTINUE;
}

static void session_error(ReachWindow *self, const char *message) {
  reach_window_show_error(self, message);
}

/* ---- presentation mode ---- */

static void apply_presentation(ReachWindow *self) {
  gboolean on = g_settings_get_boolean(self->settings, "presentation-mode");
  self->presentation = on;
  if (on)
    gtk_widget_add_css_class(GTK_WIDGET(self), "presentation");
  else
    gtk_widget_remove_css_class(GTK_WIDGET(self), "presentation");
  gtk_widget_set_visible(GTK_WIDGET(self->sidebar_revealer), !on);
  gtk_widget_set_visible(GTK_WIDGET(self->caption_label), on);
  reach_arm_view_set_presentation(self->arm_view, on);
  reach_phase_bar_set_presentation(self->phase_bar, on);
  ReachPlot *plots[] = {self->ld_plot,       self->savings_plot,  self->ctx_prob_opp,
                        self->ctx_prob_same, self->ctx_adapt_opp, self->ctx_adapt_same};
  for (gsize i = 0; i < G_N_ELEMENTS(plots); i++) reach_plot_set_presentation(plots[i], on);
  reach_tool_panel_set_presentation(self->tool_panel, on);
  reach_neural_view_set_presentation(self->neural_view, on);
  reach_ring_panel_set_presentation(self->ring_panel, on);
  reach_shift_panel_set_presentation(self->shift_panel, on);
  page_changed(self);
  // the story runs by itself, looping, during a talk
  reach_session_set_loop(self->session, on);
  if (on && !self->applying_initial) reach_session_set_running(self->session, TRUE);
}

/* ---- GObject ---- */

// The right end of the speed scale means "as fast as the worker can go".
#define SPEED_UNLIMITED 500.0

static void speed_changed(GtkAdjustment *adj, ReachWindow *self) {
  double v = gtk_adjustment_get_value(adj);
  reach_session_set_speed(self->session, v >= SPEED_UNLIMITED ? 0.0 : v);
}

static char *format_speed(GtkScale *scale, double value, gpointer data) {
  (void)scale;
  (void)data;
  return value >= SPEED_UNLIMITED ? g_strdup(_("max")) : g_strdup_printf("%.0f", value);
}


static void model_changed(ReachWindow *self) {
  guint i = adw_combo_row_get_selected(self->model_combo);
  if (i >= G_N_ELEMENTS(model_presets)) return;  // "opened file": chosen with Open Preset…
  g_autofree char *path = model_presets[i] ? reach_data_path(model_presets[i]) : NULL;
  reach_session_load_preset(self->session, path);
}

static void study_changed(ReachWindow *self) {
  guint i = adw_combo_row_get_selected(self->study_combo);
  if (i >= G_N_ELEMENTS(study_ids)) return;
  g_action_group_activate_action(G_ACTION_GROUP(self), "experiment",
                                 g_variant_new_string(study_ids[i]));
}

static void learner_changed(ReachWindow *self) {
  const char *id = reach_tool_learner_id((int)adw_combo_row_get_selected(self->learner_combo));
  if (id) g_action_group_activate_action(G_ACTION_GROUP(self), "learner", g_variant_new_string(id));
}

static void gain_changed(GtkAdjustment *adj, ReachWindow *self) {
  reach_session_set_gain(self->session, gtk_adjustment_get_value(adj));
}

static void session_gain_changed(ReachWindow *self) {
  gtk_adjustment_set_value(self->gain_adjustment, reach_session_get_gain(self->session));
}

static void reach_window_dispose(GObject *object) {
  ReachWindow *self = REACH_WINDOW(object);
  if (self->timing_id) g_source_remove(self->timing_id);
  self->timing_id = 0;
  if (self->session) {
    g_signal_handlers_disconnect_by_data(self->session, self);
    reach_session_shutdown(self->session);
  }
  g_clear_object(&self->session);
  g_clear_object(&self->settings);
  gtk_widget_dispose_template(GTK_WIDGET(self), REACH_TYPE_WINDOW);
  G_OBJECT_CLASS(reach_window_parent_class)->dispose(object);
}

static gboolean reach_window_close_request(GtkWindow *window) {
  ReachWindow *self = REACH_WINDOW(window);
  int w, h;
  gtk_window_get_default_size(window, &w, &h);
  g_settings_set_int(self->settings, "window-width", MAX(w, 360));
  g_settings_set_int(self->settings, "window-height", MAX(h, 360));
  g_settings_set_boolean(self->settings, "window-maximized", gtk_window_is_maximized(window));
  return GTK_WINDOW_CLASS(reach_window_parent_class)->close_request(window);
}

static void reach_window_class_init(ReachWindowClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS(klass);
  object_class->dispose = reach_window_dispose;
  window_class->close_request = reach_window_close_request;

  g_type_ensure(REACH_TYPE_ARM_VIEW);
  g_type_ensure(REACH_TYPE_PLOT);
  g_type_ensure(REACH_TYPE_PHASE_BAR);
  g_type_ensure(REACH_TYPE_TOOL_PANEL);
  g_type_ensure(REACH_TYPE_NEURAL_VIEW);
  g_type_ensure(REACH_TYPE_RING_PANEL);
  g_type_ensure(REACH_TYPE_SHIFT_PANEL);
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/reachlab/ReachLab/ui/reach-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child(widget_class, ReachWindow, name)
  BIND(toast_overlay);
  BIND(window_title);
  BIND(run_button);
  BIND(presentation_button);
  BIND(error_revealer);
  BIND(error_label);
  BIND(phase_bar);
  BIND(sidebar_revealer);
  BIND(speed_adjustment);
  BIND(speed_scale);
  BIND(model_combo);
  BIND(study_combo);
  BIND(learner_combo);
  BIND(speed_row);
  BIND(field_row);
  BIND(gain_row);
  BIND(learning_page);
  BIND(network_page);
  BIND(tool_page);
  BIND(tool_panel);
  BIND(gain_adjustment);
  BIND(field_switch);
  BIND(model_row);
  BIND(batch_row);
  BIND(ld_row);
  BIND(timing_row);
  BIND(arm_view);
  BIND(arm_label);
  BIND(caption_label);
  BIND(plot_stack);
  BIND(plot_box);
  BIND(plot_switcher);
  BIND(ld_plot);
  BIND(savings_plot);
  BIND(ctx_prob_opp);
  BIND(ctx_prob_same);
  BIND(ctx_adapt_opp);
  BIND(ctx_adapt_same);
  BIND(neural_view);
  BIND(ring_panel);
  BIND(shift_panel);
#undef BIND
}

static void reach_window_init(ReachWindow *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->ld_stage_shown = -99;
  self->study_shown = -2;
  self->settings = g_settings_new("org.reachlab.ReachLab");
  self->session = reach_session_new();

  g_action_map_add_action_entries(G_ACTION_MAP(self), win_entries, G_N_ELEMENTS(win_entries),
                                  self);
  g_autoptr(GAction) pres = g_settings_create_action(self->settings, "presentation-mode");
  g_action_map_add_action(G_ACTION_MAP(self), pres);

  gtk_window_set_default_size(GTK_WINDOW(self), g_settings_get_int(self->settings, "window-width"),
                              g_settings_get_int(self->settings, "window-height"));
  if (g_settings_get_boolean(self->settings, "window-maximized"))
    gtk_window_maximize(GTK_WINDOW(self));

  g_settings_bind(self->settings, "speed", self->speed_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  // The field gain is the experiment's (each preset and the bundled network set it), not a
  // preference: kept across launches it showed the last session's gain over the one a network
  // learnt in, and without a D-Bus session GSettings even reverted the preset's to the default.
  g_settings_bind(self->settings, "plot-page", self->plot_stack, "visible-child-name",
                  G_SETTINGS_BIND_DEFAULT);
  speed_changed(self->speed_adjustment, self);
  g_signal_connect_swapped(self->plot_stack, "notify::visible-child-name", G_CALLBACK(page_changed),
                           self);
  page_changed(self);
  gtk_scale_set_format_value_func(self->speed_scale, format_speed, NULL, NULL);
  g_signal_connect_swapped(self->model_combo, "notify::selected", G_CALLBACK(model_changed), self);
  g_signal_connect_swapped(self->study_combo, "notify::selected", G_CALLBACK(study_changed), self);
  g_signal_connect_swapped(self->learner_combo, "notify::selected", G_CALLBACK(learner_changed),
                           self);
  // the learner chosen last time; the worker plays it once a tool study is chosen
  g_autofree char *learner = g_settings_get_string(self->settings, "learner");
  g_action_group_change_action_state(G_ACTION_GROUP(self), "learner", g_variant_new_string(learner));
  reach_session_set_gain(self->session, gtk_adjustment_get_value(self->gain_adjustment));
  g_signal_connect(self->speed_adjustment, "value-changed", G_CALLBACK(speed_changed), self);
  g_signal_connect(self->gain_adjustment, "value-changed", G_CALLBACK(gain_changed), self);
  g_signal_connect_swapped(self->session, "notify::gain", G_CALLBACK(session_gain_changed), self);
  g_signal_connect_swapped(self->session, "notify::snapshot", G_CALLBACK(snapshot_changed), self);
  g_signal_connect_swapped(self->session, "notify::running",
                           G_CALLBACK(reach_window_actions_update), self);
  g_signal_connect_swapped(self->session, "notify::field-on",
                           G_CALLBACK(reach_window_actions_update), self);
  g_signal_connect_swapped(self->session, "error", G_CALLBACK(session_error), self);
  g_signal_connect_swapped(self->settings, "changed::presentation-mode",
                           G_CALLBACK(apply_presentation), self);

  reach_window_actions_update(self);
  reach_session_start(self->session);
  self->applying_initial = TRUE;
  apply_presentation(self);
  self->applying_initial = FALSE;
  self->timing_id = g_timeout_add(500, update_timing, self);
}

ReachWindow *reach_window_new(GtkApplication *app) {
  return g_object_new(REACH_TYPE_WINDOW, "application", app, NULL);
}

ReachSession *reach_window_get_session(ReachWindow *self) { return self->session; }
ReachArmView *reach_window_get_arm_view(ReachWindow *self) { return self->arm_view; }
ReachToolPanel *reach_window_get_tool_panel(ReachWindow *self) { return self->tool_panel; }

ReachPlot *reach_window_get_plot(ReachWindow *self, const char *name) {
  if (g_str_equal(name, "ld")) return self->ld_plot;
  if (g_str_equal(name, "savings")) return self->savings_plot;
  if (g_str_equal(name, "ctx-prob-opp")) return self->ctx_prob_opp;
  if (g_str_equal(name, "ctx-prob-same")) return self->ctx_prob_same;
  if (g_str_equal(name, "ctx-adapt-opp")) return self->ctx_adapt_opp;
  if (g_str_equal(name, "ctx-adapt-same")) return self->ctx_adapt_same;
  if (g_str_has_prefix(name, "tool-")) return reach_tool_panel_get_plot(self->tool_panel, name + 5);
  if (g_str_equal(name, "pca")) return reach_neural_view_get_plot(self->neural_view);
  if (g_str_equal(name, "tdr-ring")) return reach_ring_panel_get_ring_plot(self->ring_panel);
  if (g_str_equal(name, "us-proj")) return reach_ring_panel_get_shift_plot(self->ring_panel);
  return NULL;
}

ReachNeuralView *reach_window_get_neural_view(ReachWindow *self) { return self->neural_view; }
ReachShiftPanel *reach_window_get_shift_panel(ReachWindow *self) { return self->shift_panel; }

void reach_window_show_page(ReachWindow *self, const char *page) {
  gtk_stack_set_visible_child_name(self->plot_stack, page);
}

gboolean reach_window_get_presentation(ReachWindow *self) { return self->presentation; }

gboolean reach_window_get_sidebar_visible(ReachWindow *self) {
  return gtk_widget_get_visible(GTK_WIDGET(self->sidebar_revealer));
}

const char *reach_window_get_error(ReachWindow *self) {
  return gtk_revealer_get_reveal_child(self->error_revealer)
             ? gtk_label_get_text(self->error_label)
             : NULL;
}

// The visible page's figures as PATH (its suffix picks PNG, SVG or PDF; the second and further
// figures get -NAME before the suffix) and their data as PATH with .csv, which starts with
// comment lines holding the model, preset and the full configuration with its seed.
// The running experiment's whole configuration, seed included, as a preset that Open Preset (or
// `reachlab-cli train --config`) reproduces it from. g_file_set_contents writes a temporary file
// and renames it, so an existing preset is never left half written.
gboolean reach_window_save_config(ReachWindow *self, const char *path, GError **error) {
  ReachSnapshot *s = reach_session_get_snapshot(self->session);
  if (!config_savable(s)) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                _("%s: only a network's savings experiment has a configuration to save as a "
                  "preset"),
                path);
    return FALSE;
  }
  g_autofree char *text =
      g_strdup_printf("# ReachLab configuration of \"%s\"%s%s\n%s", s->model_label,
                      s->preset ? ", from " : "", s->preset ? s->preset : "", s->config_text);
  g_autoptr(GError) e = NULL;
  if (!g_file_set_contents(path, text, -1, &e)) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot save %s: %s"), path, e->message);
    return FALSE;
  }
  return TRUE;
}

gboolean reach_window_export(ReachWindow *self, const char *path, GError **error) {
  ReachSnapshot *s = reach_session_get_snapshot(self->session);
  if (!s) {
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Nothing to export yet"));
    return FALSE;
  }
  const char *dot = strrchr(path, '.');
  g_autofree char *stem = dot ? g_strndup(path, (gsize)(dot - path)) : g_strdup(path);
  const char *ext = dot ? dot : ".svg";
  const char *page = gtk_stack_get_visible_child_name(self->plot_stack);
  gboolean context = g_strcmp0(page, "context") == 0;
  gboolean network = g_strcmp0(page, "network") == 0 && s->neural;
  gboolean tool = g_strcmp0(page, "tool") == 0 && s->tool;
  struct {
    ReachPlot *plot;
    const char *suffix;
  } figs[] = {
      {context ? self->ctx_prob_opp : self->ld_plot, ""},
      {context ? self->ctx_prob_same : self->savings_plot, context ? "-prob-same" : "-savings"},
      {context ? self->ctx_adapt_opp : NULL, "-adapt-opposing"},
      {context ? self->ctx_adapt_same : NULL, "-adapt-same"},
  };
  if (network) {
    figs[0].plot = reach_neural_view_get_plot(self->neural_view);
    figs[1].plot = reach_ring_panel_get_ring_plot(self->ring_panel);
    figs[1].suffix = "-tdr-ring";
    figs[2].plot = reach_ring_panel_get_shift_plot(self->ring_panel);
    figs[2].suffix = "-uniform-shift";
  } else if (tool) {
    figs[0].plot = reach_tool_panel_get_plot(self->tool_panel, "mpe");
    figs[1].plot = reach_tool_panel_get_plot(self->tool_panel, "adaptation");
    figs[1].suffix = "-adaptation";
    figs[2].plot = reach_tool_panel_get_plot(self->tool_panel, "context");
    figs[2].suffix = "-context";
  }
  for (gsize i = 0; i < G_N_ELEMENTS(figs); i++) {
    if (!figs[i].plot || !reach_plot_get_data(figs[i].plot)) continue;
    g_autofree char *name = g_strconcat(stem, figs[i].suffix, ext, NULL);
    if (!reach_plot_data_export(reach_plot_get_data(figs[i].plot), name, 900, 560, error))
      return FALSE;
  }
  GString *csv = g_string_new("# ReachLab export\n");
  g_string_append_printf(csv, "# model: %s\n# preset: %s\n# configuration (INI):\n",
                         s->model_label, s->preset ? s->preset : "(built in)");
  g_auto(GStrv) lines = g_strsplit(s->config_text ? s->config_text : "", "\n", -1);
  for (int i = 0; lines[i]; i++)
    if (lines[i][0]) g_string_append_printf(csv, "#   %s\n", lines[i]);
  if (network) {
    reach_neural_append_csv(s->neural, csv);
  } else if (tool) {
    const ReachToolHistory *h = s->tool;
    g_string_append(csv, "trial,cue,side,type,perturbation,mpe_mm,adaptation_pct,yhat,"
                         "p_c1_given_q1,p_c1_given_q2\n");
    for (int t = 0; t < h->n; t++) {
      char pert[G_ASCII_DTOSTR_BUF_SIZE] = "", mpe[G_ASCII_DTOSTR_BUF_SIZE] = "",
           adapt[G_ASCII_DTOSTR_BUF_SIZE] = "";
      if (!h->channel[t]) g_ascii_dtostr(pert, sizeof pert, h->pert[t]);
      if (isfinite(h->mpe[t])) g_ascii_formatd(mpe, sizeof mpe, "%.6g", 1e3 * h->mpe[t]);
      if (isfinite(h->adapt[t])) g_ascii_formatd(adapt, sizeof adapt, "%.6g", h->adapt[t]);
      const char *type = h->channel[t] ? (h->type[t] ? "channel-shifted" : "channel")
                         : h->pert[t] != 0.0 ? "field"
                                             : "null";
      g_string_append_printf(csv, "%d,%d,%d,%s,%s,%s,%s,%.9g,%.9g,%.9g\n", t + 1, h->cue[t],
                             h->side[t], type, pert, mpe, adapt, h->yhat[t], h->p_c1_q[2 * t],
                             h->p_c1_q[2 * t + 1]);
    }
  } else if (context && s->context) {
    g_string_append_printf(csv, "# context model: SSSM, Table S2 parameters, paradigms seed %lu\n",
                           s->context->seed);
    g_string_append(csv, "paradigm,trial,cue,perturbation,yhat,p_c1_given_q1,p_c1_given_q2\n");
    for (int r = 0; r < s->context->n_runs; r++) {
      const ReachContextRun *run = &s->context->run[r];
      for (int t = 0; t < run->n; t++) {
        char p[G_ASCII_DTOSTR_BUF_SIZE] = "";
        if (isfinite(run->pert[t])) g_ascii_dtostr(p, sizeof p, run->pert[t]);
        g_string_append_printf(csv, "%s,%d,%d,%s,%.9g,%.9g,%.9g\n", run->name, t + 1, run->cue[t],
                               p, run->yhat[t], run->p_c1_q[2 * t], run->p_c1_q[2 * t + 1]);
      }
    }
  } else {
    g_string_append(csv, "phase,batch,field_Ns_per_m,ld_m\n");
    for (int ph = 0; ph < REACH_APP_NPHASE; ph++)
      for (int k = 0; k < s->n_ld[ph]; k++)
        g_string_append_printf(csv, "%s,%d,%g,%.9g\n", phase_names[ph], k, s->phase_field[ph],
                               s->ld[ph][k]);
  }
  g_autofree char *csv_path = g_strconcat(stem, ".csv", NULL);
  gboolean ok = g_file_set_contents(csv_path, csv->str, (gssize)csv->len, error);
  g_string_free(csv, TRUE);
  return ok;
}

void reach_window_show_error(ReachWindow *self, const char *message) {
  gtk_label_set_text(self->error_label, message);
  gtk_revealer_set_reveal_child(self->error_revealer, TRUE);
  reach_window_actions_update(self);
}
