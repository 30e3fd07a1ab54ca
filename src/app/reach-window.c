// SPDX-License-Identifier: GPL-3.0-or-later
// The shell: the header bar, the phase bar, the side panel, the arm view and the stack of pages
// (reach-page.h). It shows each snapshot of the session in the shell's own widgets and hands it
// to the pages of the study being played; the actions live in reach-window-actions.c.
#include "reach-window.h"

#include <glib/gi18n.h>
#include <math.h>

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "reach-captions.h"
#include "reach-settings.h"
#include "reach-window-private.h"

G_DEFINE_FINAL_TYPE(ReachWindow, reach_window, ADW_TYPE_APPLICATION_WINDOW)

/* ---- snapshot → widgets ---- */

// The page shown belongs to the study played: a page of the other study (a stored setting,
// Ctrl+1 in the tool study) gives way to this study's; Context serves both. The Network page holds
// three panels side by side with the arm: it takes more of the width.
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
  if (!page) return;
  GAction *action = g_action_map_lookup_action(G_ACTION_MAP(self), "page");
  g_simple_action_set_state(G_SIMPLE_ACTION(action), g_variant_new_string(page));
  g_settings_set_string(self->settings, "plot-page", page);
}

// The window follows the study the worker plays: the Study row, the action's state, the plot
// pages and the row texts that name batches or trials.
void reach_window_show_study(ReachWindow *self, int experiment) {
  if (experiment == self->study_shown) return;
  self->study_shown = experiment;
  gboolean tool = experiment >= 0;
  reach_window_actions_show_study(self, experiment);
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
  gtk_widget_set_visible(GTK_WIDGET(self->start_combo), !tool);
  gtk_widget_set_visible(GTK_WIDGET(self->protocol_combo), !tool);
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
    reach_page_reset(REACH_PAGE(self->learning));
    reach_page_reset(REACH_PAGE(self->tool));
  }
}

// The phase bar, the title, the run rows, the label over the arm and the caption.
static void show_status(ReachWindow *self, const ReachSnapshot *s) {
  const ReachToolHistory *h = s->tool;
  if (h) {
    const char *names[REACH_APP_TOOL_MAXPHASE], *kinds[REACH_APP_TOOL_MAXPHASE];
    int field[REACH_APP_TOOL_MAXPHASE];
    for (int i = 0; i < h->n_phases; i++) {
      names[i] = reach_tool_phase_name(h->phase_kind[i]);
      kinds[i] = reach_tool_phase_kind(h, h->phase_kind[i]);
      field[i] = s->phase_field[i] != 0.0;
    }
    reach_phase_bar_set_phases(self->phase_bar, h->n_phases, names, kinds, h->phase_trials, field,
                               NULL, s->stage, s->batch);
  } else {
    reach_phase_bar_set_state(self->phase_bar, s->stage, s->batch, s->nphase, s->phases);
  }
  ReachCaptions c;
  reach_captions_init(&c, s);
  adw_window_title_set_subtitle(self->window_title, c.subtitle);
  adw_action_row_set_subtitle(self->model_row, s->model_label);
  adw_action_row_set_subtitle(self->batch_row, c.done);
  adw_action_row_set_subtitle(self->ld_row, c.last);
  gtk_label_set_text(self->arm_label, c.arm_label);
  gtk_label_set_text(self->status_label, c.arm_label);
  gtk_label_set_text(self->caption_label, c.caption);
  reach_captions_clear(&c);
}

static void snapshot_changed(ReachWindow *self) {
  ReachSnapshot *s = reach_session_get_snapshot(self->session);
  if (!s) return;
  reach_arm_view_set_trace(self->arm_view, s->trace);
  if (reach_session_is_settled(self->session))
    reach_window_show_study(self, s->tool ? s->tool->experiment : -1);
  show_status(self, s);
  if (s->tool) {
    reach_page_update(REACH_PAGE(self->tool), s);
  } else {
    reach_page_update(REACH_PAGE(self->learning), s);
    reach_page_update(REACH_PAGE(self->context), s);
    reach_page_update(REACH_PAGE(self->network), s);
    reach_window_sync_model(self, s);
    reach_window_protocol_sync(self, s);
  }
  reach_window_actions_update(self);
}

static gboolean update_timing(gpointer data) {
  ReachWindow *self = data;
  if (!gtk_widget_get_visible(GTK_WIDGET(self->timing_group))) return G_SOURCE_CONTINUE;
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

// Presentation text grows with the screen, so that it is as readable from the back of a hall at
// 1920×1080 as at 1280×800: the window's font size steps up with its monitor's height through the
// text-scale-* classes of style.css (the plots scale their own text the same way, reach-plot.c).
// The class is set as presentation mode starts (or the window is realized), not from a later
// allocation: a class added after the window was laid out at its new size did not restyle it.
#define PRESENTATION_HEIGHT 800.0
static const struct {
  double scale;
  const char *css_class;
} text_scales[] = {{1.125, "text-scale-112"}, {1.25, "text-scale-125"}, {1.375, "text-scale-137"},
                   {1.5, "text-scale-150"},   {1.75, "text-scale-175"}, {2.0, "text-scale-200"}};

// The height the window has in presentation mode: its monitor's, as it fills it. Known once
// the window is realized.
static int monitor_height(ReachWindow *self) {
  GdkSurface *surface = gtk_native_get_surface(GTK_NATIVE(self));
  GdkMonitor *monitor = surface ? gdk_display_get_monitor_at_surface(
                                      gtk_widget_get_display(GTK_WIDGET(self)), surface)
                                : NULL;
  if (!monitor) return 0;
  GdkRectangle geometry;
  gdk_monitor_get_geometry(monitor, &geometry);
  return geometry.height;
}

static void update_text_scale(ReachWindow *self) {
  double scale = self->presentation ? monitor_height(self) / PRESENTATION_HEIGHT : 1.0;
  const char *want = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS(text_scales); i++)
    if (scale >= text_scales[i].scale - 0.05) want = text_scales[i].css_class;
  if (g_strcmp0(want, self->text_scale_class) == 0) return;
  if (self->text_scale_class) gtk_widget_remove_css_class(GTK_WIDGET(self), self->text_scale_class);
  self->text_scale_class = want;
  if (want) gtk_widget_add_css_class(GTK_WIDGET(self), want);
}

// Full screen is the window manager's to grant. Where none can (a bare X server, as under
// xvfb-run, or a kiosk without one), the window fills its monitor itself.
static gboolean wm_can_fullscreen(ReachWindow *self) {
#ifdef GDK_WINDOWING_X11
  GdkDisplay *display = gtk_widget_get_display(GTK_WIDGET(self));
  if (GDK_IS_X11_DISPLAY(display))
    return gdk_x11_screen_supports_net_wm_hint(gdk_x11_display_get_screen(display),
                                               "_NET_WM_STATE_FULLSCREEN");
#endif
  (void)self;
  return TRUE;
}

// A default size counts only when the window is shown: a window on screen is shown again.
static void apply_default_size(ReachWindow *self, int w, int h) {
  gboolean shown = gtk_widget_get_mapped(GTK_WIDGET(self));
  if (shown) gtk_widget_set_visible(GTK_WIDGET(self), FALSE);
  gtk_window_set_default_size(GTK_WINDOW(self), w, h);
  if (shown) gtk_widget_set_visible(GTK_WIDGET(self), TRUE);
}

static void fill_monitor(ReachWindow *self) {
  GdkSurface *surface = gtk_native_get_surface(GTK_NATIVE(self));
  if (!surface || !self->presentation || self->filled || wm_can_fullscreen(self)) return;
  GdkMonitor *monitor =
      gdk_display_get_monitor_at_surface(gtk_widget_get_display(GTK_WIDGET(self)), surface);
  if (!monitor) return;
  GdkRectangle geometry;
  gdk_monitor_get_geometry(monitor, &geometry);
  gtk_window_get_default_size(GTK_WINDOW(self), &self->saved_w, &self->saved_h);
  self->filled = TRUE;
  apply_default_size(self, geometry.width, geometry.height);
}

static void set_fullscreen(ReachWindow *self, gboolean on) {
  if (on) {
    gtk_window_fullscreen(GTK_WINDOW(self));
    fill_monitor(self);  // once realized; else from map
  } else {
    gtk_window_unfullscreen(GTK_WINDOW(self));
    if (self->filled) {
      self->filled = FALSE;
      apply_default_size(self, self->saved_w, self->saved_h);
    }
  }
}

static void window_realized(ReachWindow *self) {
  update_text_scale(self);
  fill_monitor(self);
}

void reach_window_apply_presentation(ReachWindow *self) {
  g_autoptr(GVariant) state =
      g_action_group_get_action_state(G_ACTION_GROUP(self), "presentation-mode");
  const gboolean on = g_variant_get_boolean(state);
  if (on == self->presentation && !self->applying_initial) return;
  self->presentation = on;
  if (on)
    gtk_widget_add_css_class(GTK_WIDGET(self), "presentation");
  else
    gtk_widget_remove_css_class(GTK_WIDGET(self), "presentation");
  gtk_widget_set_visible(GTK_WIDGET(self->sidebar_revealer), !on);
  gtk_widget_set_visible(GTK_WIDGET(self->caption_label), on);
  // in large type the label over the arm would cover its targets: it moves above the arm
  gtk_widget_set_visible(GTK_WIDGET(self->arm_label), !on);
  gtk_widget_set_visible(GTK_WIDGET(self->status_label), on);
  // a talk fills the screen; the window's size is kept for afterwards
  set_fullscreen(self, on);
  update_text_scale(self);
  reach_arm_view_set_presentation(self->arm_view, on);
  reach_phase_bar_set_presentation(self->phase_bar, on);
  for (int i = 0; i < REACH_WINDOW_NPAGES; i++) reach_page_set_presentation(self->pages[i], on);
  page_changed(self);
  reach_window_actions_update(self);
  // the story runs by itself, looping, during a talk
  reach_session_set_loop(self->session, on);
  if (on && !self->applying_initial) reach_session_set_running(self->session, TRUE);
}

/* ---- GObject ---- */

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
  g_clear_object(&self->last_folder);
  g_clear_pointer(&self->protocol_shown, g_free);
  g_clear_pointer(&self->protocol_tooltip, g_free);
  gtk_widget_dispose_template(GTK_WIDGET(self), REACH_TYPE_WINDOW);
  G_OBJECT_CLASS(reach_window_parent_class)->dispose(object);
}

static gboolean reach_window_close_request(GtkWindow *window) {
  ReachWindow *self = REACH_WINDOW(window);
  int w, h;
  gtk_window_get_default_size(window, &w, &h);
  if (self->filled) w = self->saved_w, h = self->saved_h;  // not the monitor's size
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
  g_type_ensure(REACH_TYPE_MUSCLE_PANEL);
  g_type_ensure(REACH_TYPE_PHASE_BAR);
  g_type_ensure(REACH_TYPE_LEARNING_PAGE);
  g_type_ensure(REACH_TYPE_CONTEXT_PAGE);
  g_type_ensure(REACH_TYPE_NETWORK_PAGE);
  g_type_ensure(REACH_TYPE_TOOL_PAGE);
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
  BIND(start_combo);
  BIND(protocol_combo);
  BIND(speed_row);
  BIND(field_row);
  BIND(gain_row);
  BIND(learning_page);
  BIND(network_page);
  BIND(tool_page);
  BIND(gain_adjustment);
  BIND(field_switch);
  BIND(model_row);
  BIND(batch_row);
  BIND(ld_row);
  BIND(timing_row);
  BIND(timing_group);
  BIND(arm_view);
  BIND(muscle_panel);
  BIND(arm_label);
  BIND(caption_label);
  BIND(status_label);
  BIND(plot_stack);
  BIND(plot_box);
  BIND(plot_switcher);
  BIND(learning);
  BIND(context);
  BIND(network);
  BIND(tool);
#undef BIND
}

static void reach_window_init(ReachWindow *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  reach_arm_view_set_muscle_panel(self->arm_view, self->muscle_panel);
  self->pages[0] = REACH_PAGE(self->learning);
  self->pages[1] = REACH_PAGE(self->context);
  self->pages[2] = REACH_PAGE(self->network);
  self->pages[3] = REACH_PAGE(self->tool);
  self->study_shown = -2;
  self->settings = reach_settings_new();
  self->session = reach_session_new();

  reach_window_actions_init(self);
  reach_window_protocol_init(self);

  gtk_window_set_default_size(GTK_WINDOW(self), g_settings_get_int(self->settings, "window-width"),
                              g_settings_get_int(self->settings, "window-height"));
  if (g_settings_get_boolean(self->settings, "window-maximized"))
    gtk_window_maximize(GTK_WINDOW(self));
  // the page, study and presentation mode of last time: the window's state from here on
  g_autofree char *page = g_settings_get_string(self->settings, "plot-page");
  if (gtk_stack_get_child_by_name(self->plot_stack, page))
    gtk_stack_set_visible_child_name(self->plot_stack, page);
  g_signal_connect_swapped(self->plot_stack, "notify::visible-child-name", G_CALLBACK(page_changed),
                           self);
  g_signal_connect(self, "realize", G_CALLBACK(window_realized), NULL);
  page_changed(self);

  g_signal_connect_swapped(self->session, "notify::snapshot", G_CALLBACK(snapshot_changed), self);
  g_signal_connect_swapped(self->session, "notify::running",
                           G_CALLBACK(reach_window_actions_update), self);
  g_signal_connect_swapped(self->session, "notify::field-on",
                           G_CALLBACK(reach_window_actions_update), self);
  g_signal_connect_swapped(self->session, "error", G_CALLBACK(session_error), self);

  reach_window_actions_update(self);
  reach_session_start(self->session);
  g_autofree char *study = g_settings_get_string(self->settings, "study");
  if (!g_str_equal(study, "savings"))
    g_action_group_change_action_state(G_ACTION_GROUP(self), "experiment",
                                       g_variant_new_string(study));
  self->applying_initial = TRUE;
  g_simple_action_set_state(
      G_SIMPLE_ACTION(g_action_map_lookup_action(G_ACTION_MAP(self), "presentation-mode")),
      g_variant_new_boolean(g_settings_get_boolean(self->settings, "presentation-mode")));
  reach_window_apply_presentation(self);
  self->applying_initial = FALSE;
  self->timing_id = g_timeout_add(500, update_timing, self);
}

ReachWindow *reach_window_new(GtkApplication *app) {
  return g_object_new(REACH_TYPE_WINDOW, "application", app, NULL);
}

ReachSession *reach_window_get_session(ReachWindow *self) { return self->session; }
ReachArmView *reach_window_get_arm_view(ReachWindow *self) { return self->arm_view; }

ReachMusclePanel *reach_window_get_muscle_panel(ReachWindow *self) { return self->muscle_panel; }
ReachToolPage *reach_window_get_tool_page(ReachWindow *self) { return self->tool; }

ReachPlot *reach_window_get_plot(ReachWindow *self, const char *name) {
  for (int i = 0; i < REACH_WINDOW_NPAGES; i++) {
    ReachPlot *p = reach_page_get_plot(self->pages[i], name);
    if (p) return p;
  }
  return NULL;
}

AdwPreferencesRow *reach_window_get_row(ReachWindow *self, const char *name) {
  if (g_str_equal(name, "field")) return ADW_PREFERENCES_ROW(self->field_row);
  if (g_str_equal(name, "protocol")) return ADW_PREFERENCES_ROW(self->protocol_combo);
  if (g_str_equal(name, "last")) return ADW_PREFERENCES_ROW(self->ld_row);
  return NULL;
}

ReachNeuralView *reach_window_get_neural_view(ReachWindow *self) {
  return reach_network_page_get_neural_view(self->network);
}

ReachShiftPanel *reach_window_get_shift_panel(ReachWindow *self) {
  return reach_network_page_get_shift_panel(self->network);
}

void reach_window_show_page(ReachWindow *self, const char *page) {
  // "network/execution": the Network page's view during movement (--page, for screenshots)
  if (g_str_has_prefix(page, "network/")) {
    reach_network_page_show_view(self->network, page + strlen("network/"));
    page = "network";
  }
  gtk_stack_set_visible_child_name(self->plot_stack, page);
}

const char *reach_window_get_page(ReachWindow *self) {
  return gtk_stack_get_visible_child_name(self->plot_stack);
}

gboolean reach_window_get_presentation(ReachWindow *self) { return self->presentation; }

gboolean reach_window_get_sidebar_visible(ReachWindow *self) {
  return gtk_widget_get_visible(GTK_WIDGET(self->sidebar_revealer));
}

GtkWidget *reach_window_get_caption(ReachWindow *self) { return GTK_WIDGET(self->caption_label); }

gboolean reach_window_is_settled(ReachWindow *self) {
  return gtk_revealer_get_child_revealed(self->error_revealer) ==
         gtk_revealer_get_reveal_child(self->error_revealer);
}

ReachPhaseBar *reach_window_get_phase_bar(ReachWindow *self) { return self->phase_bar; }

const char *reach_window_get_error(ReachWindow *self) {
  return gtk_revealer_get_reveal_child(self->error_revealer) ? gtk_label_get_text(self->error_label)
                                                             : NULL;
}

void reach_window_open_bundled(ReachWindow *self, const char *path) {
  if (g_file_test(path, G_FILE_TEST_EXISTS)) {
    reach_session_load_preset(self->session, path);
    return;
  }
  g_autofree char *msg = g_strdup_printf(
      _("The bundled trained network was not found (%s): ReachLab's data directory is missing. "
        "The fixed controller is shown instead; install ReachLab with `meson install`, or run it "
        "from its build tree."),
      path);
  reach_window_show_error(self, msg);
}

void reach_window_show_error(ReachWindow *self, const char *message) {
  gtk_label_set_text(self->error_label, message);
  gtk_revealer_set_reveal_child(self->error_revealer, TRUE);
  reach_window_actions_update(self);
}
