// SPDX-License-Identifier: GPL-3.0-or-later
// The savings study's Protocol row and its win.protocol / win.open-protocol actions (issue 19):
// the study (NF1, FF1, NF2, FF2), the reviewers' protocols of data/presets/protocols, or any
// protocol file, put on the loaded network's grown-up weights by the session's worker
// (reach_session_set_protocol). The action's state is the protocol as the worker runs it: a file
// it refused (the banner says why) leaves the state, the row and the setting as they were. The
// Start from row follows the protocol's phases.
#include <glib/gi18n.h>

#include "reach-backend.h"
#include "reach-window-private.h"

// The Protocol row's entries after "The study": the bundled protocols, in the row's order (the
// .ui template names them), as paths under data/.
static const char *const bundled[] = {
    "presets/protocols/rotation-savings.ini",   "presets/protocols/aba-interference.ini",
    "presets/protocols/context-two-fields.ini", "presets/protocols/context-two-fields-none.ini",
    "presets/protocols/capacity-3.ini",         "presets/protocols/capacity-4.ini",
    "presets/protocols/null-model.ini",
};
enum { ROW_STUDY = 0, ROW_OPENED = 1 + G_N_ELEMENTS(bundled), ROW_OPEN };

// The row that shows protocol `id` ("" the study, a data/ path or an opened file's path).
static guint row_of(const char *id) {
  if (!id || !*id) return ROW_STUDY;
  for (guint i = 0; i < G_N_ELEMENTS(bundled); i++)
    if (g_str_has_suffix(id, bundled[i])) return 1 + i;
  return ROW_OPENED;
}

static void protocol_selected(ReachWindow *self);

static void show_row(ReachWindow *self, guint row) {
  g_signal_handlers_block_by_func(self->protocol_combo, protocol_selected, self);
  adw_combo_row_set_selected(self->protocol_combo, row);
  g_signal_handlers_unblock_by_func(self->protocol_combo, protocol_selected, self);
}

// A chosen protocol: its file to the worker. The state, row and setting follow the worker's
// answer (reach_window_protocol_sync), so a file it refuses changes none of them.
static void change_protocol(GSimpleAction *action, GVariant *state, gpointer data) {
  (void)action;
  ReachWindow *self = data;
  const char *id = g_variant_get_string(state, NULL);
  g_autofree char *path = NULL;
  if (*id) path = g_path_is_absolute(id) ? g_strdup(id) : reach_data_path(id);
  reach_session_set_protocol(self->session, path);
}

static void protocol_opened(ReachWindow *self, const char *path) {
  g_action_group_change_action_state(G_ACTION_GROUP(self), "protocol", g_variant_new_string(path));
}

static void activate_open_protocol(GSimpleAction *a, GVariant *p, gpointer data) {
  (void)a;
  (void)p;
  reach_window_choose_file(data, _("Open Protocol"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL,
                           _("Protocols (*.ini)"), (const char *[]){"*.ini", NULL},
                           protocol_opened);
}

static const GActionEntry protocol_entries[] = {
    {"protocol", NULL, "s", "''", change_protocol, {0}},
    {"open-protocol", activate_open_protocol, NULL, NULL, NULL, {0}},
};

static void protocol_selected(ReachWindow *self) {
  guint row = adw_combo_row_get_selected(self->protocol_combo);
  if (row == ROW_OPEN || row == ROW_OPENED) {
    // "Open…" (or the opened file's row, chosen again): the dialog; the row shows the protocol
    // run until a file is chosen and taken
    show_row(self, row_of(self->protocol_shown));
    g_action_group_activate_action(G_ACTION_GROUP(self), "open-protocol", NULL);
    return;
  }
  g_action_group_change_action_state(
      G_ACTION_GROUP(self), "protocol",
      g_variant_new_string(row == ROW_STUDY ? "" : bundled[row - 1]));
}

// The Start from row: the study's four sentences, or each phase's name for another protocol.
static void sync_start_from(ReachWindow *self, const ReachSnapshot *s) {
  if (s->nphase < 1 || s->study == self->start_study) {
    gboolean same = s->study || s->nphase == self->start_n;
    for (int i = 0; same && !s->study && i < s->nphase; i++)
      same = g_strcmp0(self->start_names[i], s->phases[i].name) == 0;
    if (same || s->nphase < 1) return;
  }
  self->start_study = s->study;
  self->start_n = s->nphase;
  g_autoptr(GtkStringList) list = gtk_string_list_new(NULL);
  for (int i = 0; i < s->nphase; i++) {
    g_strlcpy(self->start_names[i], s->phases[i].name, sizeof self->start_names[i]);
    if (s->study) {
      const char *study[] = {_("NF1, null field"), _("FF1, curl field"), _("NF2, washout"),
                             _("FF2, the field again")};
      gtk_string_list_append(list, study[i]);
    } else {
      gtk_string_list_append(list, s->phases[i].name);
    }
  }
  reach_window_actions_set_start_list(self, G_LIST_MODEL(list));
}

// The Curl field row names the phases whose curl field the switch is on in, as the protocol lists
// them (the study: FF1 and FF2).
static void sync_field_row(ReachWindow *self, const ReachSnapshot *s) {
  GString *names = g_string_new(NULL);
  for (int i = 0; i < s->nphase; i++)
    if (s->phases[i].kind == REACH_PHASE_CURL && s->phases[i].gain != 0.0)
      g_string_append_printf(names, "%s%s", names->len ? ", " : "", s->phases[i].name);
  g_autofree char *text =
      g_str_equal(names->str, "FF1, FF2") ? g_strdup(_("on in FF1 and FF2; switch to probe"))
      : names->len ? g_strdup_printf(_("on in %s; switch to probe"), names->str)
                   : g_strdup(_("no curl field in this protocol; switch to probe"));
  g_string_free(names, TRUE);
  if (g_strcmp0(adw_action_row_get_subtitle(self->field_row), text) != 0)
    adw_action_row_set_subtitle(self->field_row, text);
}

// The fixed feedback controller runs the study's four phases and has no protocol list: the row
// is insensitive there and its tooltip says why.
static void sync_protocol_sensitive(ReachWindow *self, const ReachSnapshot *s) {
  const gboolean network = s->mode == REACH_SESSION_NETWORK;
  if (gtk_widget_get_sensitive(GTK_WIDGET(self->protocol_combo)) == network) return;
  gtk_widget_set_sensitive(GTK_WIDGET(self->protocol_combo), network);
  gtk_widget_set_tooltip_text(
      GTK_WIDGET(self->protocol_combo),
      network ? self->protocol_tooltip
              : _("The fixed feedback controller has no protocol list: it runs the study's four "
                  "phases. Choose a network as the Model to run another protocol"));
}

void reach_window_protocol_sync(ReachWindow *self, const ReachSnapshot *s) {
  if (s->mode == REACH_SESSION_NETWORK && !s->tool) sync_start_from(self, s);
  if (!s->tool) {
    sync_field_row(self, s);
    sync_protocol_sensitive(self, s);
  }
  if (!reach_session_is_settled(self->session)) return;
  const char *path = s->protocol ? s->protocol : "";
  if (g_strcmp0(path, self->protocol_shown) == 0) return;
  g_free(self->protocol_shown);
  self->protocol_shown = g_strdup(path);
  // a bundled protocol is remembered by its place under data/, so it is found installed too
  guint row = row_of(path);
  const char *id = row > ROW_STUDY && row < ROW_OPENED ? bundled[row - 1] : path;
  g_simple_action_set_state(
      G_SIMPLE_ACTION(g_action_map_lookup_action(G_ACTION_MAP(self), "protocol")),
      g_variant_new_string(id));
  g_settings_set_string(self->settings, "protocol", id);
  show_row(self, row);
}

void reach_window_protocol_init(ReachWindow *self) {
  self->protocol_shown = g_strdup("");
  self->protocol_tooltip = g_strdup(gtk_widget_get_tooltip_text(GTK_WIDGET(self->protocol_combo)));
  self->start_study = TRUE;
  self->start_n = REACH_NPHASE;
  for (int i = 0; i < REACH_NPHASE; i++)
    g_strlcpy(self->start_names[i], reach_phase_names[i], sizeof self->start_names[i]);
  g_action_map_add_action_entries(G_ACTION_MAP(self), protocol_entries,
                                  G_N_ELEMENTS(protocol_entries), self);
  g_signal_connect_swapped(self->protocol_combo, "notify::selected", G_CALLBACK(protocol_selected),
                           self);
  // the protocol of last time, quietly the study if its file has gone
  g_autofree char *id = g_settings_get_string(self->settings, "protocol");
  if (!*id) return;
  g_autofree char *path = g_path_is_absolute(id) ? g_strdup(id) : reach_data_path(id);
  if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
    g_action_group_change_action_state(G_ACTION_GROUP(self), "protocol", g_variant_new_string(id));
  else
    g_settings_set_string(self->settings, "protocol", "");
}
