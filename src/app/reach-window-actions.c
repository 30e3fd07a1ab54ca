// SPDX-License-Identifier: GPL-3.0-or-later
// ReachWindow's win.* actions, the side panel's controls that drive them, the file dialogs, and
// the window's two writers (export, save configuration). User intents become actions; their
// enabled state and state are computed in one place, reach_window_actions_update.
#include <glib/gi18n.h>

#include "reach-backend.h"
#include "reach-window-private.h"

#include "context/paradigm_gen.h"

// what the Model row offers: the fixed controller, the bundled trained network, then network
// presets that train from scratch (paths under data/)
static const char *model_presets[] = {NULL, REACH_BUNDLED_NETWORK, "presets/demo.ini",
                                      "presets/small.ini"};

// what the Study row offers, as the win.experiment action's states: the savings study, then the
// tool study's experiments in reach_experiment order
static const char *const study_ids[] = {"savings", "exp1-two", "exp1-single", "exp2-opposing",
                                        "exp2-same"};

// Only a network experiment's configuration is a preset that loads again; the fixed controller's
// and the tool study's describe their run for exports but are not presets.
static gboolean config_savable(const ReachSnapshot *s) {
  return s && s->mode == REACH_SESSION_NETWORK && !s->tool && s->config_text && *s->config_text;
}

void reach_window_actions_update(ReachWindow *self) {
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
  g_simple_action_set_state(field,
                            g_variant_new_boolean(reach_session_get_field_on(self->session)));
  g_simple_action_set_enabled(G_SIMPLE_ACTION(g_action_map_lookup_action(map, "dismiss-error")),
                              gtk_revealer_get_reveal_child(self->error_revealer));
  g_simple_action_set_enabled(G_SIMPLE_ACTION(g_action_map_lookup_action(map, "save-config")),
                              config_savable(s));
  g_simple_action_set_enabled(
      G_SIMPLE_ACTION(g_action_map_lookup_action(map, "leave-presentation")), self->presentation);
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

static void change_experiment(GSimpleAction *action, GVariant *state, gpointer data) {
  ReachWindow *self = data;
  const char *id = g_variant_get_string(state, NULL);
  int e = g_str_equal(id, "savings") ? -1 : reach_tool_experiment_find(id);
  if (e < 0 && !g_str_equal(id, "savings")) return;  // not a study: the state stays
  g_simple_action_set_state(action, state);
  g_settings_set_string(self->settings, "study", id);
  reach_session_set_experiment(self->session, e);
  reach_window_show_study(self, e);
  reach_window_actions_update(self);
}

// The phase a replay starts from, as the win.start-phase action's states: the protocol's phase
// names in lower case (nf1, ff1, nf2, ff2 in the study), in the Start from row's order.
static void start_changed(ReachWindow *self);

static void change_start_phase(GSimpleAction *action, GVariant *state, gpointer data) {
  ReachWindow *self = data;
  const char *id = g_variant_get_string(state, NULL);
  int phase = -1;
  for (int i = 0; i < self->start_n; i++)
    if (g_ascii_strcasecmp(id, self->start_names[i]) == 0) phase = i;
  if (phase < 0) return;  // not a phase: the state stays
  g_simple_action_set_state(action, state);
  reach_session_set_start_phase(self->session, phase);
  g_signal_handlers_block_by_func(self->start_combo, start_changed, self);
  adw_combo_row_set_selected(self->start_combo, (guint)phase);
  g_signal_handlers_unblock_by_func(self->start_combo, start_changed, self);
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

// Presentation mode: the window's state; the setting remembers it for the next start.
static void change_presentation(GSimpleAction *action, GVariant *state, gpointer data) {
  ReachWindow *self = data;
  g_simple_action_set_state(action, state);
  g_settings_set_boolean(self->settings, "presentation-mode", g_variant_get_boolean(state));
  reach_window_apply_presentation(self);
}

// The developer's Timing row (frame and batch times), out of the way of the Simulation and Run
// rows.
static void change_show_timing(GSimpleAction *action, GVariant *state, gpointer data) {
  ReachWindow *self = data;
  g_simple_action_set_state(action, state);
  gtk_widget_set_visible(GTK_WIDGET(self->timing_group), g_variant_get_boolean(state));
}

// Escape: out of presentation mode (enabled only in it, so Escape means nothing else otherwise).
static void activate_leave_presentation(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a;
  (void)p;
  g_action_group_change_action_state(G_ACTION_GROUP(data), "presentation-mode",
                                     g_variant_new_boolean(FALSE));
}

// The page shown is the stack's; the action's state follows it (reach-window.c, page_changed),
// so a page of the other study gives way to this study's.
static void change_page(GSimpleAction *action, GVariant *state, gpointer data) {
  (void)action;
  ReachWindow *self = data;
  const char *page = g_variant_get_string(state, NULL);
  if (gtk_stack_get_child_by_name(self->plot_stack, page))
    gtk_stack_set_visible_child_name(self->plot_stack, page);
}

// The right end of the speed scale means "as fast as the worker can go".
#define SPEED_MIN       1.0
#define SPEED_UNLIMITED 500.0

static void change_speed(GSimpleAction *action, GVariant *state, gpointer data) {
  ReachWindow *self = data;
  const double v = CLAMP(g_variant_get_double(state), SPEED_MIN, SPEED_UNLIMITED);
  g_simple_action_set_state(action, g_variant_new_double(v));
  g_settings_set_double(self->settings, "speed", v);
  gtk_adjustment_set_value(self->speed_adjustment, v);
  reach_session_set_speed(self->session, v >= SPEED_UNLIMITED ? 0.0 : v);
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

/* ---- files ---- */

// The three file dialogs (open a preset, export, save the configuration) differ only in their
// texts, filter and what is done with the chosen path.
static void file_chosen(GtkNativeDialog *dialog, int response, gpointer data) {
  ReachWindow *self = data;
  ReachFileChosen done = (ReachFileChosen)g_object_get_data(G_OBJECT(dialog), "reach-chosen");
  if (response == GTK_RESPONSE_ACCEPT) {
    g_autoptr(GFile) file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
    g_autofree char *path = file ? g_file_get_path(file) : NULL;
    if (file) {
      g_clear_object(&self->last_folder);
      self->last_folder = g_file_get_parent(file);
    }
    if (path) done(self, path);
  }
  g_object_unref(dialog);
}

GFile *reach_window_get_file_folder(ReachWindow *self) {
  if (self->last_folder) return g_object_ref(self->last_folder);
  const char *docs = g_get_user_special_dir(G_USER_DIRECTORY_DOCUMENTS);
  if (docs && g_file_test(docs, G_FILE_TEST_IS_DIR)) return g_file_new_for_path(docs);
  return g_file_new_for_path(g_get_home_dir());
}

void reach_window_choose_file(ReachWindow *self, const char *title, GtkFileChooserAction action,
                              const char *accept, const char *name, const char *filter_name,
                              const char *const *patterns, ReachFileChosen done) {
  GtkFileChooserNative *dialog =
      gtk_file_chooser_native_new(title, GTK_WINDOW(self), action, accept, _("_Cancel"));
  // the folder of the last file chosen, else Documents (else home), not the working directory
  g_autoptr(GFile) folder = reach_window_get_file_folder(self);
  gtk_file_chooser_set_current_folder(GTK_FILE_CHOOSER(dialog), folder, NULL);
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
  reach_window_choose_file(data, _("Open Preset"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL,
                           _("Presets and saved runs (*.ini, *.h5)"),
                           (const char *[]){"*.ini", "*.h5", NULL}, open_preset);
}

static void activate_export(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a;
  (void)p;
  reach_window_choose_file(data, _("Export Figures and Data"), GTK_FILE_CHOOSER_ACTION_SAVE,
                           _("_Export"), "reachlab.svg", _("Figures (*.svg, *.pdf, *.png)"),
                           (const char *[]){"*.svg", "*.pdf", "*.png", NULL}, export_to);
}

static void activate_save_config(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a;
  (void)p;
  reach_window_choose_file(data, _("Save Configuration"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
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
    {"start-phase", NULL, "s", "'nf1'", change_start_phase, {0}},
    {"presentation-mode", activate_toggle, NULL, "false", change_presentation, {0}},
    {"leave-presentation", activate_leave_presentation, NULL, NULL, NULL, {0}},
    {"show-timing", activate_toggle, NULL, "false", change_show_timing, {0}},
    {"page", NULL, "s", "'learning'", change_page, {0}},
    {"speed", NULL, "d", "100.0", change_speed, {0}},
    {"dismiss-error", activate_dismiss_error, NULL, NULL, NULL, {0}},
    {"show-learning", activate_show_page, NULL, NULL, NULL, {0}},
    {"show-context", activate_show_page, NULL, NULL, NULL, {0}},
    {"show-network", activate_show_page, NULL, NULL, NULL, {0}},
    {"open-preset", activate_open_preset, NULL, NULL, NULL, {0}},
    {"save-config", activate_save_config, NULL, NULL, NULL, {0}},
};

/* ---- the side panel's controls ---- */

static void speed_changed(GtkAdjustment *adj, ReachWindow *self) {
  g_action_group_change_action_state(G_ACTION_GROUP(self), "speed",
                                     g_variant_new_double(gtk_adjustment_get_value(adj)));
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

static void start_changed(ReachWindow *self) {
  guint i = adw_combo_row_get_selected(self->start_combo);
  if (i >= (guint)self->start_n) return;
  g_autofree char *id = g_ascii_strdown(self->start_names[i], -1);
  g_action_group_activate_action(G_ACTION_GROUP(self), "start-phase", g_variant_new_string(id));
}

void reach_window_actions_set_start_list(ReachWindow *self, GListModel *list) {
  g_signal_handlers_block_by_func(self->start_combo, start_changed, self);
  adw_combo_row_set_model(self->start_combo, list);
  adw_combo_row_set_selected(self->start_combo, 0);
  g_signal_handlers_unblock_by_func(self->start_combo, start_changed, self);
  // a new protocol replays from its first phase (the worker's start phase goes back to 0 too)
  g_autofree char *id = g_ascii_strdown(self->start_names[0], -1);
  g_simple_action_set_state(
      G_SIMPLE_ACTION(g_action_map_lookup_action(G_ACTION_MAP(self), "start-phase")),
      g_variant_new_string(id));
}

static void gain_changed(GtkAdjustment *adj, ReachWindow *self) {
  reach_session_set_gain(self->session, gtk_adjustment_get_value(adj));
}

static void session_gain_changed(ReachWindow *self) {
  gtk_adjustment_set_value(self->gain_adjustment, reach_session_get_gain(self->session));
}

void reach_window_actions_show_study(ReachWindow *self, int experiment) {
  // the state only: changing it through the action would restart the worker's study
  g_simple_action_set_state(
      G_SIMPLE_ACTION(g_action_map_lookup_action(G_ACTION_MAP(self), "experiment")),
      g_variant_new_string(study_ids[experiment + 1]));
  g_signal_handlers_block_by_func(self->study_combo, study_changed, self);
  adw_combo_row_set_selected(self->study_combo, (guint)(experiment + 1));
  g_signal_handlers_unblock_by_func(self->study_combo, study_changed, self);
}

void reach_window_sync_model(ReachWindow *self, const ReachSnapshot *s) {
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

// The drop-down lists show each choice whole: AdwComboRow's own labels are ellipsized to the
// row's width ("Trained network (bund…").
static void list_item_setup(GtkSignalListItemFactory *f, GtkListItem *item, gpointer data) {
  (void)f;
  (void)data;
  GtkWidget *label = gtk_label_new(NULL);
  gtk_label_set_xalign(GTK_LABEL(label), 0.0f);
  gtk_list_item_set_child(item, label);
}

static void list_item_bind(GtkSignalListItemFactory *f, GtkListItem *item, gpointer data) {
  (void)f;
  (void)data;
  GtkStringObject *s = gtk_list_item_get_item(item);
  gtk_label_set_text(GTK_LABEL(gtk_list_item_get_child(item)), gtk_string_object_get_string(s));
}

static void set_whole_list(AdwComboRow *row) {
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new();
  g_signal_connect(factory, "setup", G_CALLBACK(list_item_setup), NULL);
  g_signal_connect(factory, "bind", G_CALLBACK(list_item_bind), NULL);
  adw_combo_row_set_list_factory(row, factory);
  g_object_unref(factory);
}

void reach_window_actions_init(ReachWindow *self) {
  set_whole_list(self->study_combo);
  set_whole_list(self->model_combo);
  set_whole_list(self->learner_combo);
  set_whole_list(self->start_combo);
  set_whole_list(self->protocol_combo);
  g_action_map_add_action_entries(G_ACTION_MAP(self), win_entries, G_N_ELEMENTS(win_entries), self);
  // the speed of last time (the window's state from here on)
  g_action_group_change_action_state(
      G_ACTION_GROUP(self), "speed",
      g_variant_new_double(g_settings_get_double(self->settings, "speed")));
  gtk_scale_set_format_value_func(self->speed_scale, format_speed, NULL, NULL);
  g_signal_connect_swapped(self->model_combo, "notify::selected", G_CALLBACK(model_changed), self);
  g_signal_connect_swapped(self->study_combo, "notify::selected", G_CALLBACK(study_changed), self);
  g_signal_connect_swapped(self->learner_combo, "notify::selected", G_CALLBACK(learner_changed),
                           self);
  g_signal_connect_swapped(self->start_combo, "notify::selected", G_CALLBACK(start_changed), self);
  // the learner chosen last time; the worker plays it once a tool study is chosen
  g_autofree char *learner = g_settings_get_string(self->settings, "learner");
  g_action_group_change_action_state(G_ACTION_GROUP(self), "learner",
                                     g_variant_new_string(learner));
  // The field gain is the experiment's (each preset and the bundled network set it), not a
  // preference: kept across launches it showed the last session's gain over the one a network
  // learnt in, and without a D-Bus session GSettings even reverted the preset's to the default.
  reach_session_set_gain(self->session, gtk_adjustment_get_value(self->gain_adjustment));
  g_signal_connect(self->speed_adjustment, "value-changed", G_CALLBACK(speed_changed), self);
  g_signal_connect(self->gain_adjustment, "value-changed", G_CALLBACK(gain_changed), self);
  g_signal_connect_swapped(self->session, "notify::gain", G_CALLBACK(session_gain_changed), self);
}

/* ---- writers ---- */

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

// The visible page exports itself (reach-page.h); a page whose data the run does not hold yet
// (the Network page before the analysis, say) gives way to the Learning page.
gboolean reach_window_export(ReachWindow *self, const char *path, GError **error) {
  ReachSnapshot *s = reach_session_get_snapshot(self->session);
  if (!s) {
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Nothing to export yet"));
    return FALSE;
  }
  ReachPage *page = REACH_PAGE(gtk_stack_get_visible_child(self->plot_stack));
  if (!reach_page_can_export(page, s)) page = REACH_PAGE(self->learning);
  return reach_page_export(page, s, path, error);
}
