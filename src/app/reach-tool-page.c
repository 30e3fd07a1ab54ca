// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-tool-page.h"

#include <glib/gi18n.h>
#include <math.h>

#include "reach-backend.h"
#include "reach-panel.h"

#include "context/paradigm.h"
#include "study/tool_study.h"

struct _ReachToolPage {
  GtkWidget parent_instance;
  ReachPlot *mpe_plot, *adapt_plot, *ctx_plot;
  ReachToolHistory *shown;  // the history on screen (nullable)
  gboolean presentation;
  // what the adaptation plot shows, per side (index 0 left, 1 right)
  GArray *adapt_x[2], *adapt_y[2];
};

static void reach_tool_page_iface_init(ReachPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE(ReachToolPage, reach_tool_page, GTK_TYPE_WIDGET,
                              G_IMPLEMENT_INTERFACE(REACH_TYPE_PAGE, reach_tool_page_iface_init))

static const ReachPlotColor side_color[2] = {REACH_PLOT_BLUE, REACH_PLOT_PURPLE};

int reach_tool_mpe_blocks(const ReachToolHistory *h, int side, double *x, double *mm) {
  int m = 0;
  for (int b0 = 0; b0 < h->n; b0 += 8) {
    const int b1 = MIN(b0 + 8, h->n);
    double sum = 0;
    int k = 0;
    for (int t = b0; t < b1; t++)
      if (h->side[t] == side && !h->channel[t] && isfinite(h->mpe[t])) sum += h->mpe[t], k++;
    if (k == 0) continue;
    x[m] = b1;
    mm[m++] = 1e3 * sum / k;
  }
  return m;
}

// Legends are short: the titles say what the sides are.
static const char *side_name(int side) { return side == 1 ? _("left") : _("right"); }

// Index of the phase holding 1-based trial x.
static int phase_of(const ReachToolHistory *h, double x) {
  double end = 0;
  for (int i = 0; i < h->n_phases; i++) {
    end += h->phase_trials[i];
    if (x <= end) return i;
  }
  return h->n_phases - 1;
}

static const char *phase_short(ReachToolPhase k) {
  switch (k) {
    case REACH_TOOL_PHASE_PRE: return C_("tool phase, short", "pre");
    case REACH_TOOL_PHASE_EXPOSE: return C_("tool phase, short", "exposure");
    case REACH_TOOL_PHASE_GENERAL: return C_("tool phase, short", "generalisation");
    default: return C_("tool phase, short", "post");
  }
}

// The experiment's phases as bands, field phases shaded; a band too narrow for its name (the
// 32 pre-exposure trials) goes unnamed.
static void add_phases(ReachPlotData *d, const ReachToolHistory *h) {
  double x0 = 0;
  for (int i = 0; i < h->n_phases; i++) {
    double x1 = x0 + h->phase_trials[i];
    gboolean field =
        h->phase_kind[i] == REACH_TOOL_PHASE_EXPOSE || h->phase_kind[i] == REACH_TOOL_PHASE_GENERAL;
    gboolean wide = h->phase_trials[i] >= 0.1 * h->n_total;
    reach_plot_data_add_band(d, x0, x1, wide ? phase_short(h->phase_kind[i]) : NULL, field);
    x0 = x1;
  }
}

// A curve through (x, y), broken (NAN) where consecutive points lie in different phases more
// than `gap` trials apart: experiment 2's post-exposure probes one control point after the
// other, and a line across the other's 50 trials would show data that are not there.
static void add_curve(ReachPlotData *d, const ReachToolHistory *h, const double *x, const double *y,
                      int n, double gap, ReachPlotColor color, const char *legend) {
  g_autofree double *bx = g_new(double, 2 * (gsize)MAX(n, 1));
  g_autofree double *by = g_new(double, 2 * (gsize)MAX(n, 1));
  int m = 0;
  for (int k = 0; k < n; k++) {
    if (k > 0 && x[k] - x[k - 1] > gap && phase_of(h, x[k]) != phase_of(h, x[k - 1]))
      bx[m] = 0.5 * (x[k] + x[k - 1]), by[m++] = NAN;
    bx[m] = x[k], by[m++] = y[k];
  }
  reach_plot_data_add_series(d, bx, by, m, color, 2.0, legend);
}

// y range from lo..hi with room at the top for the legend.
static void set_y_range(ReachPlotData *d, const ReachToolHistory *h, double lo, double hi) {
  reach_plot_data_set_range(d, 0, h->n_total, lo - 0.05 * (hi - lo), hi + 0.3 * (hi - lo));
}

static void update_mpe(ReachToolPage *self, const ReachToolHistory *h) {
  g_autoptr(ReachPlotData) d =
      reach_plot_data_new(h->two_points ? _("MPE per control point, blocks of 8")
                                        : _("MPE per target side, blocks of 8"),
                          _("trial"), _("MPE (mm)"));
  add_phases(d, h);
  const gsize nb = (gsize)(h->n + 7) / 8 + 1;
  g_autofree double *x = g_new(double, nb);
  g_autofree double *y = g_new(double, nb);
  double lo = -5, hi = 5;
  for (int side = 1; side <= 2; side++) {
    int m = reach_tool_mpe_blocks(h, side, x, y);
    for (int k = 0; k < m; k++) lo = MIN(lo, y[k]), hi = MAX(hi, y[k]);
    if (m > 0) add_curve(d, h, x, y, m, 24, side_color[side - 1], side_name(side));
  }
  set_y_range(d, h, lo, hi);
  reach_plot_data_set_placeholder(d, _("Press Run to play the trials"));
  reach_plot_set_data(self->mpe_plot, d);
}

static void update_adaptation(ReachToolPage *self, const ReachToolHistory *h) {
  g_autoptr(ReachPlotData) d =
      reach_plot_data_new(h->two_points ? _("Channel-trial adaptation per control point")
                                        : _("Channel-trial adaptation per target side"),
                          _("trial"), _("adaptation (%)"));
  add_phases(d, h);
  double lo = -10, hi = 50;
  for (int side = 1; side <= 2; side++) {
    GArray *xs = self->adapt_x[side - 1], *ys = self->adapt_y[side - 1];
    g_array_set_size(xs, 0);
    g_array_set_size(ys, 0);
    for (int t = 0; t < h->n; t++)
      if (h->channel[t] && h->side[t] == side && h->type[t] == REACH_TRIAL_PLAIN) {
        double x = t + 1;
        g_array_append_val(xs, x);
        g_array_append_val(ys, h->adapt[t]);
        lo = MIN(lo, h->adapt[t]);
        hi = MAX(hi, h->adapt[t]);
      }
    if (xs->len > 0) {
      add_curve(d, h, (double *)xs->data, (double *)ys->data, (int)xs->len, 40,
                side_color[side - 1], side_name(side));
      reach_plot_data_add_points(d, (double *)xs->data, (double *)ys->data, (int)xs->len,
                                 side_color[side - 1], NULL);
    }
  }
  // experiment 1's generalisation probes (translated object, hand or both): points
  g_autofree double *gx = g_new(double, (gsize)MAX(h->n, 1));
  g_autofree double *gy = g_new(double, (gsize)MAX(h->n, 1));
  int ng = 0;
  for (int t = 0; t < h->n; t++)
    if (h->channel[t] && h->type[t] != REACH_TRIAL_PLAIN) {
      gx[ng] = t + 1;
      gy[ng++] = h->adapt[t];
      lo = MIN(lo, h->adapt[t]);
      hi = MAX(hi, h->adapt[t]);
    }
  if (ng > 0) reach_plot_data_add_points(d, gx, gy, ng, REACH_PLOT_GREY, _("shifted"));
  set_y_range(d, h, lo, hi);
  reach_plot_data_set_placeholder(d, _("No channel trial yet"));
  reach_plot_set_data(self->adapt_plot, d);
}

static void update_context(ReachToolPage *self, const ReachToolHistory *h) {
  // only the SSSM infers contexts: the SSMs and the network have none to show
  g_autoptr(ReachPlotData) d = reach_plot_data_new(
      h->sssm ? _("SSSM, live: p(context 1 | cue)") : _("p(context 1 | cue): the SSSM's alone"),
      _("trial"), _("probability"));
  add_phases(d, h);
  if (h->sssm && h->n > 0) {
    g_autofree double *y1 = g_new(double, (gsize)h->n);
    g_autofree double *y2 = g_new(double, (gsize)h->n);
    for (int t = 0; t < h->n; t++) y1[t] = h->p_c1_q[2 * t], y2[t] = h->p_c1_q[2 * t + 1];
    // x = 0, 1, …: trial t + 1 is plotted at t, a shift the eye cannot see at this scale
    // the single-point group's learner sees one cue (the centre) only
    reach_plot_data_add_series(d, NULL, y1, h->n, REACH_PLOT_BLUE, 2.0,
                               h->two_points ? _("cue 1") : _("centre, the only cue"));
    if (h->two_points)
      reach_plot_data_add_series(d, NULL, y2, h->n, REACH_PLOT_PURPLE, 2.0, _("cue 2"));
  }
  reach_plot_data_set_range(d, 0, h->n_total, -0.05, 1.05);
  reach_plot_data_set_placeholder(d, h->sssm ? _("Press Run to play the trials")
                                     : h->learner == REACH_TOOL_LEARNER_COIN
                                         ? _("COIN's contexts: on the Context page")
                                         : _("This learner has no contexts"));
  reach_plot_set_data(self->ctx_plot, d);
}

void reach_tool_page_set_history(ReachToolPage *self, ReachToolHistory *h) {
  g_return_if_fail(REACH_IS_TOOL_PAGE(self));
  if (h == self->shown) return;
  const ReachToolHistory *old = self->shown;
  // a newer copy of the same trials changes nothing on screen
  gboolean same =
      old && h && old->n == h->n && old->experiment == h->experiment && old->seed == h->seed;
  if (h) reach_tool_history_ref(h);
  reach_tool_history_unref(self->shown);
  self->shown = h;
  if (!h || same) return;
  update_mpe(self, h);
  update_adaptation(self, h);
  update_context(self, h);
}

void reach_tool_page_set_presentation(ReachToolPage *self, gboolean on) {
  self->presentation = on;
  reach_plot_set_presentation(self->mpe_plot, on);
  reach_plot_set_presentation(self->adapt_plot, on);
  reach_plot_set_presentation(self->ctx_plot, on);
}

ReachPlot *reach_tool_page_get_plot(ReachToolPage *self, const char *name) {
  if (g_str_equal(name, "mpe")) return self->mpe_plot;
  if (g_str_equal(name, "adaptation")) return self->adapt_plot;
  if (g_str_equal(name, "context")) return self->ctx_plot;
  return NULL;
}

int reach_tool_page_get_adaptation(ReachToolPage *self, int side, const double **trial,
                                   const double **percent) {
  g_return_val_if_fail(side == 1 || side == 2, 0);
  GArray *xs = self->adapt_x[side - 1], *ys = self->adapt_y[side - 1];
  if (trial) *trial = (const double *)(const void *)xs->data;
  if (percent) *percent = (const double *)(const void *)ys->data;
  return (int)xs->len;
}

static void tool_update(ReachPage *page, const ReachSnapshot *s) {
  reach_tool_page_set_history(REACH_TOOL_PAGE(page), s->tool);
}

static void tool_reset(ReachPage *page) {
  reach_tool_page_set_history(REACH_TOOL_PAGE(page), NULL);
}

static void tool_set_presentation(ReachPage *page, gboolean on) {
  reach_tool_page_set_presentation(REACH_TOOL_PAGE(page), on);
}

static ReachPlot *tool_get_plot(ReachPage *page, const char *name) {
  return g_str_has_prefix(name, "tool-") ? reach_tool_page_get_plot(REACH_TOOL_PAGE(page), name + 5)
                                         : NULL;
}

static gboolean tool_can_export(ReachPage *page, const ReachSnapshot *s) {
  (void)page;
  return s->tool != NULL;
}

// The CLI's trials.csv schema (study/tool_study.h), one row per trial played.
static void write_trials(FILE *fp, const void *data) {
  const ReachToolHistory *h = data;
  reach_tool_csv_header(fp);
  for (int t = 0; t < h->n; t++) reach_tool_csv_row(fp, &h->res[t], h->p_c1_q + 2 * t);
}

// The three figures and every trial played (the columns of docs/exports.md).
static gsize tool_figures(ReachPage *page, ReachPageFigure *figs) {
  ReachToolPage *self = REACH_TOOL_PAGE(page);
  figs[0] = (ReachPageFigure){self->mpe_plot, ""};
  figs[1] = (ReachPageFigure){self->adapt_plot, "-adaptation"};
  figs[2] = (ReachPageFigure){self->ctx_plot, "-context"};
  return 3;
}

static gboolean tool_append_csv(ReachPage *page, const ReachSnapshot *s, GString *csv,
                                GError **error) {
  (void)page;
  return reach_page_csv_append(csv, write_trials, s->tool, error);
}

static void reach_tool_page_iface_init(ReachPageInterface *iface) {
  iface->update = tool_update;
  iface->reset = tool_reset;
  iface->set_presentation = tool_set_presentation;
  iface->get_plot = tool_get_plot;
  iface->can_export = tool_can_export;
  iface->figures = tool_figures;
  iface->append_csv = tool_append_csv;
}

static void reach_tool_page_finalize(GObject *object) {
  ReachToolPage *self = REACH_TOOL_PAGE(object);
  reach_tool_history_unref(self->shown);
  for (int i = 0; i < 2; i++) {
    g_array_unref(self->adapt_x[i]);
    g_array_unref(self->adapt_y[i]);
  }
  G_OBJECT_CLASS(reach_tool_page_parent_class)->finalize(object);
}

static void reach_tool_page_class_init(ReachToolPageClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  object_class->finalize = reach_tool_page_finalize;
  reach_page_class_set_template(widget_class, "/org/reachlab/ReachLab/ui/reach-tool-page.ui",
                                "toolpage");
  gtk_widget_class_bind_template_child(widget_class, ReachToolPage, mpe_plot);
  gtk_widget_class_bind_template_child(widget_class, ReachToolPage, adapt_plot);
  gtk_widget_class_bind_template_child(widget_class, ReachToolPage, ctx_plot);
}

static void reach_tool_page_init(ReachToolPage *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  for (int i = 0; i < 2; i++) {
    self->adapt_x[i] = g_array_new(FALSE, FALSE, sizeof(double));
    self->adapt_y[i] = g_array_new(FALSE, FALSE, sizeof(double));
  }
}

GtkWidget *reach_tool_page_new(void) { return g_object_new(REACH_TYPE_TOOL_PAGE, NULL); }
