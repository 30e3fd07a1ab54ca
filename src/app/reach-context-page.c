// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-context-page.h"

#include <glib/gi18n.h>
#include <math.h>

#include "reach-panel.h"

struct _ReachContextPage {
  GtkWidget parent_instance;
  ReachPlot *ctx_prob_opp, *ctx_prob_same, *ctx_coin_opp, *ctx_coin_same, *ctx_count_opp,
      *ctx_count_same, *ctx_adapt_opp, *ctx_adapt_same;
  const ReachContextResult *shown;  // compared only, never dereferenced
};

static void reach_context_page_iface_init(ReachPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE(ReachContextPage, reach_context_page, GTK_TYPE_WIDGET,
                              G_IMPLEMENT_INTERFACE(REACH_TYPE_PAGE, reach_context_page_iface_init))

static ReachPlotData *context_prob_plot(const reach_context_compare *r, const char *title) {
  ReachPlotData *d = reach_plot_data_new(title, _("trial"), _("p(context 1 | cue)"));
  g_autofree double *y1 = g_new(double, (gsize)r->n);
  g_autofree double *y2 = g_new(double, (gsize)r->n);
  for (int t = 0; t < r->n; t++) y1[t] = r->sssm_p_c1_q[2 * t], y2[t] = r->sssm_p_c1_q[2 * t + 1];
  reach_plot_data_add_series(d, NULL, y1, r->n, REACH_PLOT_BLUE, 2.0, _("cue 1"));
  reach_plot_data_add_series(d, NULL, y2, r->n, REACH_PLOT_PURPLE, 2.0, _("cue 2"));
  reach_plot_data_set_range(d, 0, r->n - 1, -0.05, 1.05);
  return d;
}

// COIN's predicted probability of its first context labels given the cue, drawn separately on
// the trials of each cue (thick: cue 1, thin: cue 2), as the SSSM's p(context 1 | cue) is per cue.
static ReachPlotData *coin_prob_plot(const reach_context_compare *r, const char *title) {
  ReachPlotData *d = reach_plot_data_new(title, _("trial"), _("p(context k | cue)"));
  const ReachPlotColor colour[REACH_CONTEXT_COMPARE_LABELS] = {REACH_PLOT_BLUE, REACH_PLOT_PURPLE,
                                                               REACH_PLOT_ORANGE};
  const char *legend[REACH_CONTEXT_COMPARE_LABELS] = {_("context 1"), _("context 2"),
                                                      _("context 3")};
  g_autofree double *x = g_new(double, (gsize)r->n);
  g_autofree double *y = g_new(double, (gsize)r->n);
  for (int k = 0; k < REACH_CONTEXT_COMPARE_LABELS; k++)
    for (int cue = 1; cue <= 2; cue++) {
      int m = 0;
      for (int t = 0; t < r->n; t++)
        if (r->cue[t] == cue)
          x[m] = t, y[m++] = r->coin_pred[(gsize)t * REACH_CONTEXT_COMPARE_LABELS + k];
      reach_plot_data_add_series(d, x, y, m, colour[k], cue == 1 ? 2.0 : 1.0,
                                 cue == 1 ? legend[k] : NULL);
    }
  reach_plot_data_set_range(d, 0, r->n - 1, -0.05, 1.05);
  return d;
}

// COIN's number of contexts (mean over particles and runs).
static ReachPlotData *coin_count_plot(const reach_context_compare *r, const char *title) {
  ReachPlotData *d = reach_plot_data_new(title, _("trial"), _("contexts"));
  double top = 1;
  for (int t = 0; t < r->n; t++) top = fmax(top, r->coin_contexts[t]);
  reach_plot_data_add_series(d, NULL, r->coin_contexts, r->n, REACH_PLOT_GREEN, 2.0,
                             _("COIN: contexts"));
  reach_plot_data_set_range(d, 0, r->n - 1, 0, ceil(top) + 0.5);
  return d;
}

// Adaptation: each model's output on the trials of each cue, with the exposure phase shaded.
static ReachPlotData *context_adapt_plot(const reach_context_compare *r, const char *title) {
  ReachPlotData *d = reach_plot_data_new(title, _("trial"), _("adaptation ŷ"));
  int first = -1, last = -1;
  for (int t = 0; t < r->n; t++)
    if (isfinite(r->pert[t]) && r->pert[t] != 0.0) {
      if (first < 0) first = t;
      last = t;
    }
  if (first >= 0) reach_plot_data_add_band(d, first, last, _("exposure"), TRUE);
  g_autofree double *x = g_new(double, (gsize)r->n);
  g_autofree double *y = g_new(double, (gsize)r->n);
  for (int model = 0; model < 2; model++)
    for (int cue = 1; cue <= 2; cue++) {
      const double *out = model == 0 ? r->sssm_yhat : r->coin_output;
      int m = 0;
      for (int t = 0; t < r->n; t++)
        if (r->cue[t] == cue) x[m] = t, y[m++] = out[t];
      // the cues' colours as above; the legend names the models
      const char *legend = cue == 2 ? NULL : model == 0 ? _("SSSM") : _("COIN");
      const ReachPlotColor colour = model == 0 ? (cue == 1 ? REACH_PLOT_BLUE : REACH_PLOT_PURPLE)
                                               : (cue == 1 ? REACH_PLOT_GREEN : REACH_PLOT_ORANGE);
      reach_plot_data_add_series(d, x, y, m, colour, model == 0 ? 2.0 : 1.0, legend);
    }
  reach_plot_data_set_range(d, 0, r->n - 1, -1.1, 1.1);
  return d;
}

static void show(ReachPlot *plot, ReachPlotData *d) {
  reach_plot_set_data(plot, d);
  reach_plot_data_unref(d);
}

// The result is computed once per session: the plots change only when a new one arrives.
static void context_update(ReachPage *page, const ReachSnapshot *s) {
  ReachContextPage *self = REACH_CONTEXT_PAGE(page);
  const ReachContextResult *c = s->context;
  if (!c || c == self->shown) return;
  self->shown = c;
  show(self->ctx_prob_opp, context_prob_plot(&c->run[0], _("SSSM · Opposing fields")));
  show(self->ctx_prob_same, context_prob_plot(&c->run[1], _("SSSM · Same field")));
  show(self->ctx_coin_opp, coin_prob_plot(&c->run[0], _("COIN · Opposing (thin: cue 2)")));
  show(self->ctx_coin_same, coin_prob_plot(&c->run[1], _("COIN · Same (thin: cue 2)")));
  show(self->ctx_count_opp, coin_count_plot(&c->run[0], _("COIN · Opposing: contexts inferred")));
  show(self->ctx_count_same, coin_count_plot(&c->run[1], _("COIN · Same: contexts inferred")));
  show(self->ctx_adapt_opp, context_adapt_plot(&c->run[0], _("Opposing: two memories")));
  show(self->ctx_adapt_same, context_adapt_plot(&c->run[1], _("Same: one memory")));
}

static void context_set_presentation(ReachPage *page, gboolean on) {
  ReachContextPage *self = REACH_CONTEXT_PAGE(page);
  reach_plot_set_presentation(self->ctx_prob_opp, on);
  reach_plot_set_presentation(self->ctx_prob_same, on);
  reach_plot_set_presentation(self->ctx_coin_opp, on);
  reach_plot_set_presentation(self->ctx_coin_same, on);
  reach_plot_set_presentation(self->ctx_count_opp, on);
  reach_plot_set_presentation(self->ctx_count_same, on);
  reach_plot_set_presentation(self->ctx_adapt_opp, on);
  reach_plot_set_presentation(self->ctx_adapt_same, on);
}

static ReachPlot *context_get_plot(ReachPage *page, const char *name) {
  ReachContextPage *self = REACH_CONTEXT_PAGE(page);
  if (g_str_equal(name, "ctx-prob-opp")) return self->ctx_prob_opp;
  if (g_str_equal(name, "ctx-prob-same")) return self->ctx_prob_same;
  if (g_str_equal(name, "ctx-coin-opp")) return self->ctx_coin_opp;
  if (g_str_equal(name, "ctx-coin-same")) return self->ctx_coin_same;
  if (g_str_equal(name, "ctx-count-opp")) return self->ctx_count_opp;
  if (g_str_equal(name, "ctx-count-same")) return self->ctx_count_same;
  if (g_str_equal(name, "ctx-adapt-opp")) return self->ctx_adapt_opp;
  if (g_str_equal(name, "ctx-adapt-same")) return self->ctx_adapt_same;
  return NULL;
}

static gboolean context_can_export(ReachPage *page, const ReachSnapshot *s) {
  (void)page;
  return s->context != NULL;
}

// The CSV schema of study/context_compare.h, both paradigms.
static void write_models(FILE *fp, const void *data) {
  const ReachContextResult *c = data;
  reach_context_compare_csv(fp, c->run, c->n_runs);
}

// The eight figures and both models' trial-by-trial output on both paradigms.
static gsize context_figures(ReachPage *page, ReachPageFigure *figs) {
  ReachContextPage *self = REACH_CONTEXT_PAGE(page);
  figs[0] = (ReachPageFigure){self->ctx_prob_opp, ""};
  figs[1] = (ReachPageFigure){self->ctx_prob_same, "-prob-same"};
  figs[2] = (ReachPageFigure){self->ctx_coin_opp, "-coin-opposing"};
  figs[3] = (ReachPageFigure){self->ctx_coin_same, "-coin-same"};
  figs[4] = (ReachPageFigure){self->ctx_count_opp, "-contexts-opposing"};
  figs[5] = (ReachPageFigure){self->ctx_count_same, "-contexts-same"};
  figs[6] = (ReachPageFigure){self->ctx_adapt_opp, "-adapt-opposing"};
  figs[7] = (ReachPageFigure){self->ctx_adapt_same, "-adapt-same"};
  return 8;
}

static gboolean context_append_csv(ReachPage *page, const ReachSnapshot *s, GString *csv,
                                   GError **error) {
  (void)page;
  g_string_append_printf(csv, "# paradigms: seed %lu\n", s->context->seed);
  return reach_page_csv_append(csv, write_models, s->context, error);
}

static void reach_context_page_iface_init(ReachPageInterface *iface) {
  iface->update = context_update;
  iface->set_presentation = context_set_presentation;
  iface->get_plot = context_get_plot;
  iface->can_export = context_can_export;
  iface->figures = context_figures;
  iface->append_csv = context_append_csv;
}

static void reach_context_page_class_init(ReachContextPageClass *klass) {
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  reach_page_class_set_template(widget_class, "/org/reachlab/ReachLab/ui/reach-context-page.ui",
                                "contextpage");
  gtk_widget_class_bind_template_child(widget_class, ReachContextPage, ctx_prob_opp);
  gtk_widget_class_bind_template_child(widget_class, ReachContextPage, ctx_prob_same);
  gtk_widget_class_bind_template_child(widget_class, ReachContextPage, ctx_coin_opp);
  gtk_widget_class_bind_template_child(widget_class, ReachContextPage, ctx_coin_same);
  gtk_widget_class_bind_template_child(widget_class, ReachContextPage, ctx_count_opp);
  gtk_widget_class_bind_template_child(widget_class, ReachContextPage, ctx_count_same);
  gtk_widget_class_bind_template_child(widget_class, ReachContextPage, ctx_adapt_opp);
  gtk_widget_class_bind_template_child(widget_class, ReachContextPage, ctx_adapt_same);
}

static void reach_context_page_init(ReachContextPage *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
}
