// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-learning-page.h"

#include <glib/gi18n.h>
#include <math.h>

#include "reach-panel.h"
#include "study/savings_csv.h"

struct _ReachLearningPage {
  GtkWidget parent_instance;
  ReachPlot *ld_plot, *savings_plot;
  gboolean presentation;
  // what is on screen, to redraw only on change
  int ld_shown[REACH_NPHASE];  // LD points plotted
  int ld_stage_shown;
  int grow_shown;
  gboolean ld_presentation;
};

static void reach_learning_page_iface_init(ReachPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE(ReachLearningPage, reach_learning_page, GTK_TYPE_WIDGET,
                              G_IMPLEMENT_INTERFACE(REACH_TYPE_PAGE,
                                                    reach_learning_page_iface_init))

// Growing up has no centre-out evaluations yet: the top plot shows the training loss instead.
static void update_grow_plot(ReachLearningPage *self, const ReachSnapshot *s) {
  if (self->grow_shown == s->n_grow && self->ld_stage_shown == s->stage &&
      self->ld_presentation == self->presentation)
    return;
  gboolean entering =
      self->ld_stage_shown != s->stage || self->ld_presentation != self->presentation;
  self->grow_shown = s->n_grow;
  self->ld_stage_shown = s->stage;
  self->ld_presentation = self->presentation;
  for (int i = 0; i < REACH_NPHASE; i++) self->ld_shown[i] = -1;
  g_autoptr(ReachPlotData) d =
      reach_plot_data_new(_("Growing up: training loss per batch"), _("batch"), _("log₁₀ loss"));
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

static void learning_update(ReachPage *page, const ReachSnapshot *s) {
  ReachLearningPage *self = REACH_LEARNING_PAGE(page);
  if (s->stage == REACH_APP_STAGE_GROW) {
    update_grow_plot(self, s);
    return;
  }
  gboolean changed =
      self->ld_stage_shown != s->stage || self->ld_presentation != self->presentation;
  for (int i = 0; i < REACH_NPHASE; i++) changed = changed || self->ld_shown[i] != s->n_ld[i];
  if (!changed) return;
  self->ld_stage_shown = s->stage;
  self->ld_presentation = self->presentation;

  // lateral deviation per batch across the four phases, in cm
  g_autoptr(ReachPlotData) d =
      reach_plot_data_new(_("Lateral deviation per batch"), _("batch"), _("LD (cm)"));
  double x0 = 0;
  static const ReachPlotColor colors[REACH_NPHASE] = {REACH_PLOT_BLUE, REACH_PLOT_ORANGE,
                                                      REACH_PLOT_BLUE, REACH_PLOT_RED};
  for (int i = 0; i < REACH_NPHASE; i++) {
    self->ld_shown[i] = s->n_ld[i];
    int n = s->n_ld[i];
    double x1 = x0 + s->phase_batches[i];
    reach_plot_data_add_band(d, x0, x1, reach_phase_names[i], s->phase_field[i] != 0.0);
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
  g_autoptr(ReachPlotData) sv =
      reach_plot_data_new(_("FF1 and FF2 from field onset"), _("batch in the field"), _("LD (cm)"));
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

static void learning_reset(ReachPage *page) { REACH_LEARNING_PAGE(page)->ld_stage_shown = -99; }

static void learning_set_presentation(ReachPage *page, gboolean on) {
  ReachLearningPage *self = REACH_LEARNING_PAGE(page);
  self->presentation = on;
  reach_plot_set_presentation(self->ld_plot, on);
  reach_plot_set_presentation(self->savings_plot, on);
}

static ReachPlot *learning_get_plot(ReachPage *page, const char *name) {
  ReachLearningPage *self = REACH_LEARNING_PAGE(page);
  if (g_str_equal(name, "ld")) return self->ld_plot;
  if (g_str_equal(name, "savings")) return self->savings_plot;
  return NULL;
}

// The CLI's ld.csv schema (study/savings_csv.h); the snapshot holds no per-batch loss, so that
// column stays empty.
static void write_ld(FILE *fp, const void *data) {
  const ReachSnapshot *s = data;
  reach_ld_csv_header(fp);
  for (int ph = 0; ph < REACH_NPHASE; ph++)
    reach_ld_csv_rows(fp, ph, s->phase_field[ph], s->ld[ph], NULL, s->n_ld[ph]);
}

// The curves as drawn and the per-batch mean LD of every phase (m).
static gboolean learning_export(ReachPage *page, const ReachSnapshot *s, const char *path,
                                GError **error) {
  ReachLearningPage *self = REACH_LEARNING_PAGE(page);
  const ReachPageFigure figs[] = {{self->ld_plot, ""}, {self->savings_plot, "-savings"}};
  if (!reach_page_export_figures(path, figs, G_N_ELEMENTS(figs), error)) return FALSE;
  GString *csv = reach_page_csv_new(s);
  if (!reach_page_csv_append(csv, write_ld, s, error)) {
    g_string_free(csv, TRUE);
    return FALSE;
  }
  return reach_page_csv_write(path, csv, error);
}

static void reach_learning_page_iface_init(ReachPageInterface *iface) {
  iface->update = learning_update;
  iface->reset = learning_reset;
  iface->set_presentation = learning_set_presentation;
  iface->get_plot = learning_get_plot;
  iface->export = learning_export;
}

static void reach_learning_page_dispose(GObject *object) {
  reach_panel_dispose_template(GTK_WIDGET(object), REACH_TYPE_LEARNING_PAGE);
  G_OBJECT_CLASS(reach_learning_page_parent_class)->dispose(object);
}

static void reach_learning_page_class_init(ReachLearningPageClass *klass) {
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  G_OBJECT_CLASS(klass)->dispose = reach_learning_page_dispose;
  reach_page_class_set_template(widget_class, "/org/reachlab/ReachLab/ui/reach-learning-page.ui",
                                "learningpage");
  gtk_widget_class_bind_template_child(widget_class, ReachLearningPage, ld_plot);
  gtk_widget_class_bind_template_child(widget_class, ReachLearningPage, savings_plot);
}

static void reach_learning_page_init(ReachLearningPage *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->ld_stage_shown = -99;
}
