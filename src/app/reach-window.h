// SPDX-License-Identifier: GPL-3.0-or-later
// ReachWindow: the main window, a shell around the pages of plots. It owns a ReachSession and
// shows its snapshots: the phase bar, the side panel's rows, the arm view, and one ReachPage per
// page (Learning, Context, Network, Tool Study). User intents become win.* actions, whose
// enabled state is computed in one place (reach_window_actions_update).
#pragma once

#include <adwaita.h>

#include "reach-arm-view.h"
#include "reach-neural-view.h"
#include "reach-plot.h"
#include "reach-session.h"
#include "reach-shift-panel.h"
#include "reach-tool-page.h"

G_BEGIN_DECLS

#define REACH_TYPE_WINDOW (reach_window_get_type())
G_DECLARE_FINAL_TYPE(ReachWindow, reach_window, REACH, WINDOW, AdwApplicationWindow)

ReachWindow *reach_window_new(GtkApplication *app);

ReachSession *reach_window_get_session(ReachWindow *self);
ReachArmView *reach_window_get_arm_view(ReachWindow *self);
ReachMusclePanel *reach_window_get_muscle_panel(ReachWindow *self);
// The tool study's plots (the "tool" page; win.experiment chooses the study).
ReachToolPage *reach_window_get_tool_page(ReachWindow *self);
// "ld", "savings", "ctx-prob-opp", "ctx-prob-same", "ctx-adapt-opp", "ctx-adapt-same", on the
// Network page "pca", "tdr-ring", "us-proj", "exec-angles", "exec-shift", "exec-push", and on the
// tool page "tool-mpe", "tool-adaptation", "tool-context"
ReachPlot *reach_window_get_plot(ReachWindow *self, const char *name);
// A row of the side panel by name, for tests: "field" (Curl field), "protocol", "last" (the last
// batch's LD); NULL otherwise.
AdwPreferencesRow *reach_window_get_row(ReachWindow *self, const char *name);
ReachNeuralView *reach_window_get_neural_view(ReachWindow *self);
// The phase bar over the arm (the protocol's phases, or the tool study's).
struct _ReachPhaseBar *reach_window_get_phase_bar(ReachWindow *self);
ReachShiftPanel *reach_window_get_shift_panel(ReachWindow *self);
// "learning", "context", "network" or "tool"; "network/execution" and "network/preparation" also
// choose the Network page's view.
void reach_window_show_page(ReachWindow *self, const char *page);
// The page shown: "learning", "context", "network" or "tool" (win.page's state).
const char *reach_window_get_page(ReachWindow *self);
gboolean reach_window_get_presentation(ReachWindow *self);
gboolean reach_window_get_sidebar_visible(ReachWindow *self);
// The presentation caption under the arm.
GtkWidget *reach_window_get_caption(ReachWindow *self);
// The error banner's text, or NULL when it is hidden.
const char *reach_window_get_error(ReachWindow *self);
// Whether the error banner has finished sliding in or out (a picture taken mid-way shows it cut
// off under the header bar).
gboolean reach_window_is_settled(ReachWindow *self);
void reach_window_show_error(ReachWindow *self, const char *message);
// The visible page writes its figures (PNG, SVG or PDF by the suffix of path) and their data
// (path with .csv, carrying the configuration and seed): reach_page_export. Also win.export
// (Ctrl+E).
gboolean reach_window_export(ReachWindow *self, const char *path, GError **error);
// Where the file dialogs open: the folder of the last file chosen, else the user's Documents,
// else home. New reference.
GFile *reach_window_get_file_folder(ReachWindow *self);
// Opens the bundled trained network at `path`, or, when it is not there (no data directory was
// found), shows the fixed controller with a banner that says so.
void reach_window_open_bundled(ReachWindow *self, const char *path);
// Writes the current experiment's configuration (INI, seed included) to path, atomically.
gboolean reach_window_save_config(ReachWindow *self, const char *path, GError **error);

G_END_DECLS
