// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-network-page.h"

#include <glib/gi18n.h>

#include "reach-neural.h"
#include "reach-panel.h"
#include "reach-ring-panel.h"

struct _ReachNetworkPage {
  GtkWidget parent_instance;
  ReachNeuralView *neural_view;
  ReachRingPanel *ring_panel;
  ReachShiftPanel *shift_panel;
  ReachExecPanel *exec_panel;
  GtkLabel *caption;
  GtkStack *view_stack;
};

static void reach_network_page_iface_init(ReachPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE(ReachNetworkPage, reach_network_page, GTK_TYPE_WIDGET,
                              G_IMPLEMENT_INTERFACE(REACH_TYPE_PAGE, reach_network_page_iface_init))

// The panels follow the analysis of the finished network the worker hands over (each ignores
// the one it shows already).
static void network_update(ReachPage *page, const ReachSnapshot *s) {
  ReachNetworkPage *self = REACH_NETWORK_PAGE(page);
  const gboolean other = s->mode == REACH_SESSION_NETWORK && !s->study;  // another protocol
  const char *why =
      s->neural_error ? s->neural_error
      : s->mode != REACH_SESSION_NETWORK
          ? _("The fixed controller has no network: choose a trained network as the Model")
      : other ? _("The TDR ring, the uniform shift and the dose response are the four-phase "
                  "study's analysis (a curl field met in FF1 and again in FF2, washed out "
                  "between): this protocol has no such pair of phases. Choose the study under "
                  "Protocol to see them.")
              : _("The analysis appears when the network has finished FF2");
  // the panels beside the view say it in brief: the view says why
  const char *brief = other ? _("The four-phase study's analysis") : why;
  reach_neural_view_set_neural(self->neural_view, s->neural, why);
  reach_ring_panel_set_neural(self->ring_panel, s->neural, brief);
  reach_shift_panel_set_neural(self->shift_panel, s->neural, brief);
  reach_exec_panel_set_neural(self->exec_panel, s->neural, brief);
  // The analysis is made when a run finishes its phases; a replay (or a run still learning)
  // goes on showing the one before, which the caption says rather than leave it to be guessed.
  g_autofree char *caption = NULL;
  const char *label = s->neural && s->neural->label ? s->neural->label : _("the network");
  if (s->neural && s->stage == REACH_APP_STAGE_DONE)
    caption = g_strdup_printf(_("Analysis of %s, at the end of its phases"), label);
  else if (s->neural)
    caption = g_strdup_printf(
        _("Analysis of %s, not of the run in progress: redone when this run finishes"), label);
  gtk_label_set_text(self->caption, caption ? caption : "");
}

static void network_set_presentation(ReachPage *page, gboolean on) {
  ReachNetworkPage *self = REACH_NETWORK_PAGE(page);
  reach_neural_view_set_presentation(self->neural_view, on);
  reach_ring_panel_set_presentation(self->ring_panel, on);
  reach_shift_panel_set_presentation(self->shift_panel, on);
  reach_exec_panel_set_presentation(self->exec_panel, on);
}

static ReachPlot *network_get_plot(ReachPage *page, const char *name) {
  ReachNetworkPage *self = REACH_NETWORK_PAGE(page);
  if (g_str_equal(name, "pca")) return reach_neural_view_get_plot(self->neural_view);
  if (g_str_equal(name, "tdr-ring")) return reach_ring_panel_get_ring_plot(self->ring_panel);
  if (g_str_equal(name, "us-proj")) return reach_ring_panel_get_shift_plot(self->ring_panel);
  if (g_str_equal(name, "exec-angles")) return reach_exec_panel_get_angle_plot(self->exec_panel);
  if (g_str_equal(name, "exec-shift")) return reach_exec_panel_get_shift_plot(self->exec_panel);
  if (g_str_equal(name, "exec-push")) return reach_exec_panel_get_dose_plot(self->exec_panel);
  return NULL;
}

static gboolean network_can_export(ReachPage *page, const ReachSnapshot *s) {
  (void)page;
  return s->neural != NULL;
}

// The PCA, ring and uniform-shift figures, the execution period's, and the numbers behind them.
static gsize network_figures(ReachPage *page, ReachPageFigure *figs) {
  ReachNetworkPage *self = REACH_NETWORK_PAGE(page);
  figs[0] = (ReachPageFigure){reach_neural_view_get_plot(self->neural_view), ""};
  figs[1] = (ReachPageFigure){reach_ring_panel_get_ring_plot(self->ring_panel), "-tdr-ring"};
  figs[2] = (ReachPageFigure){reach_ring_panel_get_shift_plot(self->ring_panel), "-uniform-shift"};
  figs[3] = (ReachPageFigure){reach_exec_panel_get_angle_plot(self->exec_panel), "-exec-angles"};
  figs[4] = (ReachPageFigure){reach_exec_panel_get_shift_plot(self->exec_panel), "-exec-shift"};
  figs[5] = (ReachPageFigure){reach_exec_panel_get_dose_plot(self->exec_panel), "-exec-push"};
  return 6;
}

static gboolean network_append_csv(ReachPage *page, const ReachSnapshot *s, GString *csv,
                                   GError **error) {
  (void)page;
  reach_neural_append_csv(s->neural, csv);
  // a network whose execution period could not be analysed still exports the rest
  if (s->neural->exec_error) {
    g_string_append_printf(csv, "# %s\n", s->neural->exec_error);
    return TRUE;
  }
  return reach_exec_panel_append_csv(s->neural, csv, error);
}

static void reach_network_page_iface_init(ReachPageInterface *iface) {
  iface->update = network_update;
  iface->set_presentation = network_set_presentation;
  iface->get_plot = network_get_plot;
  iface->can_export = network_can_export;
  iface->figures = network_figures;
  iface->append_csv = network_append_csv;
}

static void reach_network_page_class_init(ReachNetworkPageClass *klass) {
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  g_type_ensure(REACH_TYPE_NEURAL_VIEW);
  g_type_ensure(REACH_TYPE_RING_PANEL);
  g_type_ensure(REACH_TYPE_SHIFT_PANEL);
  g_type_ensure(REACH_TYPE_EXEC_PANEL);
  reach_page_class_set_template(widget_class, "/org/reachlab/ReachLab/ui/reach-network-page.ui",
                                "networkpage");
  gtk_widget_class_bind_template_child(widget_class, ReachNetworkPage, neural_view);
  gtk_widget_class_bind_template_child(widget_class, ReachNetworkPage, ring_panel);
  gtk_widget_class_bind_template_child(widget_class, ReachNetworkPage, shift_panel);
  gtk_widget_class_bind_template_child(widget_class, ReachNetworkPage, exec_panel);
  gtk_widget_class_bind_template_child(widget_class, ReachNetworkPage, caption);
  gtk_widget_class_bind_template_child(widget_class, ReachNetworkPage, view_stack);
}

static void reach_network_page_init(ReachNetworkPage *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
}

ReachNeuralView *reach_network_page_get_neural_view(ReachNetworkPage *self) {
  return self->neural_view;
}

ReachShiftPanel *reach_network_page_get_shift_panel(ReachNetworkPage *self) {
  return self->shift_panel;
}

ReachExecPanel *reach_network_page_get_exec_panel(ReachNetworkPage *self) {
  return self->exec_panel;
}

const char *reach_network_page_get_caption(ReachNetworkPage *self) {
  return gtk_label_get_text(self->caption);
}

void reach_network_page_show_view(ReachNetworkPage *self, const char *view) {
  gtk_stack_set_visible_child_name(self->view_stack, view);
}
