// SPDX-License-Identifier: GPL-3.0-or-later
// ReachWindow's insides, shared by reach-window.c (the shell: snapshots to widgets, the study
// and page shown, presentation mode) and reach-window-actions.c (the win.* actions and the file
// dialogs), as gnome-text-editor splits its window.
#pragma once

#include "reach-context-page.h"
#include "reach-learning-page.h"
#include "reach-network-page.h"
#include "reach-phase-bar.h"
#include "reach-tool-page.h"
#include "reach-window.h"

G_BEGIN_DECLS

enum { REACH_WINDOW_NPAGES = 4 };

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
  AdwComboRow *model_combo, *study_combo, *learner_combo, *start_combo, *protocol_combo;
  AdwActionRow *speed_row, *field_row, *gain_row;
  GtkStackPage *learning_page, *network_page, *tool_page;
  GtkAdjustment *gain_adjustment;
  GtkSwitch *field_switch;
  AdwActionRow *model_row, *batch_row, *ld_row, *timing_row;
  AdwPreferencesGroup *timing_group;
  ReachArmView *arm_view;
  ReachMusclePanel *muscle_panel;  // the arm's six activations, fed by the arm view
  GtkLabel *arm_label, *caption_label;
  GtkLabel *status_label;  // the arm label's text above the arm in presentation mode
  GtkStack *plot_stack;
  GtkWidget *plot_box;
  GtkStackSwitcher *plot_switcher;
  // the pages of plots (reach-page.h)
  ReachLearningPage *learning;
  ReachContextPage *context;
  ReachNetworkPage *network;
  ReachToolPage *tool;
  ReachPage *pages[REACH_WINDOW_NPAGES];  // the four above, in stack order

  GSettings *settings;
  ReachSession *session;
  gboolean presentation;
  gboolean applying_initial;  // the first apply_presentation, from init: do not start running
  int study_shown;  // -1 savings, else the tool study's reach_experiment; -2 before the first
  guint timing_id;
  const char *text_scale_class;  // presentation text scaled with the window's height (nullable)
  gboolean filled;               // presentation mode filled the monitor without a window manager
  int saved_w, saved_h;          // the default size before that
  GFile *last_folder;            // where the last file was chosen (nullable)
  // reach-window-protocol.c: the protocol the worker runs ("" the study, else its file), and
  // the phases the Start from row lists (the study's sentences, or start_n names)
  char *protocol_shown;
  char *protocol_tooltip;  // the Protocol row's own tooltip (the .ui's), for a network model
  gboolean start_study;
  int start_n;
  char start_names[REACH_APP_MAXPHASE][REACH_PHASE_NAME];
};

// reach-window-actions.c
void reach_window_actions_init(ReachWindow *self);
// Enables and sets the state of every win.* action from the session: the one place that does.
void reach_window_actions_update(ReachWindow *self);
// The Study and Learner rows and the win.experiment / win.learner states follow the study shown
// (reach-window.c calls it from show_study, without restarting the worker's study).
void reach_window_actions_show_study(ReachWindow *self, int experiment);
// The Model row follows what the worker runs (a preset opened from the menu, say).
void reach_window_sync_model(ReachWindow *self, const ReachSnapshot *s);

// A file chosen in a native file chooser (GTK 4.8: GtkFileChooserNative), opened in the folder of
// the last one; `done` gets its path.
typedef void (*ReachFileChosen)(ReachWindow *self, const char *path);
void reach_window_choose_file(ReachWindow *self, const char *title, GtkFileChooserAction action,
                              const char *accept, const char *name, const char *filter_name,
                              const char *const *patterns, ReachFileChosen done);
// The Start from row's entries, one per phase of the protocol shown; the row keeps its choice
// where it still exists.
void reach_window_actions_set_start_list(ReachWindow *self, GListModel *list);

// reach-window-protocol.c: the Protocol row and win.protocol, win.open-protocol.
void reach_window_protocol_init(ReachWindow *self);
// The row, the action's state, the setting and the Start from row follow the snapshot.
void reach_window_protocol_sync(ReachWindow *self, const ReachSnapshot *s);

// reach-window.c
void reach_window_show_study(ReachWindow *self, int experiment);
// Puts the window in or out of presentation mode as win.presentation-mode's state says.
void reach_window_apply_presentation(ReachWindow *self);

G_END_DECLS
