// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-learning-page.h"

#include <glib/gi18n.h>
#include <math.h>

#include "reach-panel.h"
#include "study/savings_csv.h"

struct _ReachLearningPage {
  GtkWidget parent_instance;
  ReachPlot *ld_plot, *savings_plot;
  GtkLabel *savings_headline, *savings_detail;
  // LD or the direction error, offered when the protocol has a rotation phase
  GtkWidget *measure_row;
  GtkLabel *measure_label;
  GtkToggleButton *measure_dir, *measure_ld;
  gboolean presentation;
  ReachSnapshot *last;       // the snapshot on show, to redraw it in the other measure
  int measure_choice;        // -1: the pair's measure (ReachSnapshot.measure), else the chosen
  char *measure_protocol;    // the protocol the choice was made under
  gboolean measure_syncing;  // the buttons are being set to the measure shown
  int measure_shown;         // reach_compare_measure plotted
  // what is on screen, to redraw only on change
  int ld_shown[REACH_APP_MAXPHASE];  // LD points plotted
  int ld_stage_shown;
  int ref_shown[REACH_APP_MAXPHASE];
  int nphase_shown;
  int halving_shown[2];
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
  for (int i = 0; i < REACH_APP_MAXPHASE; i++) self->ld_shown[i] = -1;
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
    gtk_label_set_text(self->savings_headline, "");
    gtk_label_set_text(self->savings_detail, "");
  }
}

// "Error halved (●, ■) after: 12 batches in FF1, 7 batches in FF2", from libreach's halving
// batches (a and b name the pair's phases).
static void append_halving(GString *detail, const reach_savings_compare *c, const char *a,
                           const char *b) {
  g_string_append(detail, _("Error halved (●, ■) after: "));
  for (int p = 0; p < 2; p++) {
    const int h = p ? c->ff2_halving : c->ff1_halving, n = p ? c->n_ff2 : c->n_ff1;
    if (p && n == 0) break;
    if (p) g_string_append(detail, ", ");
    if (h >= 0)
      g_string_append_printf(
          detail, g_dngettext(NULL, "%d batch in %s", "%d batches in %s", (gulong)h), h, p ? b : a);
    else
      g_string_append_printf(detail, _("not yet in %s"), p ? b : a);
  }
}

// Another protocol's pair in words (the study's own sentences name FF1 and FF2 below), in the
// measure plotted: c is libreach's comparison in it.
static void update_pair_text(ReachLearningPage *self, const ReachSnapshot *s,
                             const reach_savings_compare *c, gboolean have) {
  if (s->cmp_first < 0) {
    gtk_label_set_text(self->savings_headline,
                       _("Savings: this protocol has no perturbation met twice to compare"));
    gtk_label_set_text(self->savings_detail, "");
    return;
  }
  const char *a = s->phases[s->cmp_first].name, *b = s->phases[s->cmp_second].name;
  g_autofree char *headline = NULL;
  GString *detail = g_string_new(NULL);
  if (!have || c->n_ff1 == 0)
    headline =
        g_strdup_printf(_("Savings: %s compared with %s appears here once %s has begun"), b, a, a);
  else if (c->rates_ok)
    headline = g_strdup_printf(_("%s relearnt at %.2f× the rate of %s"), b, c->rate_ratio, a);
  else
    headline = g_strdup_printf(_("%s under way: %s is compared with it from its 15th batch"), a, b);
  if (have && c->n_ff1 > 0 && c->measure == REACH_COMPARE_DIRECTION) {
    // as plotted: the direction error with its sign (a counter-clockwise rotation's is negative)
    const double d1 = c->sign_ff1 * c->ff1_ld0, d2 = c->sign_ff2 * c->ff2_ld0;
    if (c->n_ff2 > 0)
      g_string_append_printf(detail,
                             _("Direction error in the first batch: %+.1f° in %s, %+.1f° in %s "
                               "(+ = clockwise)"),
                             d1, a, d2, b);
    else
      g_string_append_printf(
          detail, _("Direction error in the first batch: %+.1f° in %s (+ = clockwise)"), d1, a);
    g_string_append(detail, "\n");
    append_halving(detail, c, a, b);
  } else if (have && c->n_ff1 > 0) {
    if (c->n_ff2 > 0)
      g_string_append_printf(detail, _("First batch: %.2f cm in %s, %.2f cm in %s"),
                             100.0 * c->ff1_ld0, a, 100.0 * c->ff2_ld0, b);
    else
      g_string_append_printf(detail, _("First batch: %.2f cm in %s"), 100.0 * c->ff1_ld0, a);
  }
  gtk_label_set_text(self->savings_headline, headline);
  gtk_label_set_text(self->savings_detail, detail->str);
  g_string_free(detail, TRUE);
}

// The savings in words a class reads, from libreach's numbers (study/savings_compare.h).
static void update_savings_text(ReachLearningPage *self, const ReachSnapshot *s,
                                const reach_savings_compare *pc, gboolean have) {
  if (!s->study) {
    update_pair_text(self, s, pc, have);
    return;
  }
  const reach_savings_compare *c = &s->savings;
  g_autofree char *headline = NULL;
  GString *detail = g_string_new(NULL);
  if (!s->have_savings || c->n_ff1 == 0) {
    headline = g_strdup(_("Savings: FF2 compared with FF1 appears here once FF1 has begun"));
  } else if (c->rates_ok && c->rate_batches < c->n_ff1) {
    // FF2 still running: compared with FF1 over the same first batches, said as a present state
    const double r = c->rate_ratio;
    if (r >= 1.05)
      headline = g_strdup_printf(_("So far FF2 is relearnt %.1f× faster than FF1 was"), r);
    else if (r <= 1.0 / 1.05)
      headline = g_strdup_printf(_("So far FF2 is relearnt more slowly than FF1 was (%.2f×)"), r);
    else
      headline = g_strdup_printf(_("So far FF2 is relearnt about as fast as FF1 was (%.2f×)"), r);
  } else if (c->rates_ok) {
    const double r = c->rate_ratio;
    if (r >= 1.05)
      headline = g_strdup_printf(_("FF2 relearnt %.1f× faster than FF1"), r);
    else if (r <= 1.0 / 1.05)
      headline = g_strdup_printf(_("FF2 relearnt more slowly than FF1 (%.2f× its rate)"), r);
    else
      headline = g_strdup_printf(_("FF2 relearnt about as fast as FF1 (%.2f× its rate)"), r);
  } else if (c->n_ff2 > 0) {
    headline = g_strdup(_("FF2 under way: the rates are compared from its 15th batch"));
  } else {
    headline = g_strdup(_("FF1 under way: FF2 is compared with it when the field returns"));
  }
  if (c->n_ff1 > 0) {
    g_string_append_printf(detail, _("First batch in the field: %.2f cm in FF1"),
                           100.0 * c->ff1_ld0);
    if (c->n_ff2 > 0) g_string_append_printf(detail, _(", %.2f cm in FF2"), 100.0 * c->ff2_ld0);
    if (c->n_ff2 > 0 && c->ff2_ld0 < c->ff1_ld0)
      g_string_append_printf(detail, _(" (%.2f cm less)"), 100.0 * (c->ff1_ld0 - c->ff2_ld0));
    g_string_append(detail, "\n");
    append_halving(detail, c, "FF1", "FF2");
    if (c->rates_ok && c->rate_batches < c->n_ff1)
      g_string_append_printf(detail, _("\nRates fitted over the first %d batches of each"),
                             c->rate_batches);
  }
  gtk_label_set_text(self->savings_headline, headline);
  gtk_label_set_text(self->savings_detail, detail->str);
  g_string_free(detail, TRUE);
}

// A phase's colour: null phases grey-blue; the pair compared FF1's vermillion and FF2's blue (as
// NF1, FF1, NF2, FF2 of the study); other perturbed phases by kind, as the phase bar tints them.
static ReachPlotColor phase_color(const ReachSnapshot *s, int phase) {
  const reach_phase *p = &s->phases[phase];
  if (phase == s->cmp_first) return REACH_PLOT_FF1;
  if (phase == s->cmp_second) return REACH_PLOT_FF2;
  if (p->kind == REACH_PHASE_ROTATION) return REACH_PLOT_GREEN;
  if (p->kind == REACH_PHASE_CURL) return p->gain < 0.0 ? REACH_PLOT_PURPLE : REACH_PLOT_ORANGE;
  return REACH_PLOT_NF;
}

// One phase's log from x0 on, times scale (LD m → cm; degrees as they are); the second of the
// pair dashed, a reference faded.
static void add_phase(ReachPlotData *d, const ReachSnapshot *s, int phase, const double *v, int n,
                      double scale, double x0, gboolean faded, const char *legend) {
  if (n <= 0 || !v) return;
  g_autofree double *x = g_new(double, (gsize)n);
  g_autofree double *y = g_new(double, (gsize)n);
  for (int k = 0; k < n; k++) x[k] = x0 + k, y[k] = scale * v[k];
  reach_plot_data_add_series(d, x, y, n, phase_color(s, phase), faded ? 1.5 : 2.0, legend);
  ReachPlotStyle st =
      (phase == s->cmp_second ? REACH_PLOT_DASHED : 0) | (faded ? REACH_PLOT_FADED : 0);
  if (st) reach_plot_data_set_style(d, st);
}

// The finite values' range of v[n], widened from [*lo, *hi].
static void span_of(const double *v, int n, double *lo, double *hi) {
  for (int j = 0; v && j < n; j++)
    if (isfinite(v[j])) *lo = MIN(*lo, v[j]), *hi = MAX(*hi, v[j]);
}

// The direction error's y range (lo < hi, 0 included): a rotation's error is negative and rises
// to 0 on the right, where the legend runs along the top, and a washout's after-effect is
// positive under the band labels; room above the curves keeps the names off them. LD's range
// follows its data as before (lo = hi).
static void set_range_with_room(ReachPlotData *d, double xmax, double lo, double hi) {
  if (hi > lo)
    reach_plot_data_set_range(d, 0, xmax, lo - 0.06 * (hi - lo), hi + 0.35 * (hi - lo));
  else
    reach_plot_data_set_range(d, 0, xmax, 0, 0);
}

static gboolean has_rotation(const ReachSnapshot *s) {
  for (int i = 0; i < s->nphase; i++)
    if (s->phases[i].kind == REACH_PHASE_ROTATION) return TRUE;
  return FALSE;
}

// The measure plotted: with a rotation phase, the one chosen or else the pair's (the direction
// error for two rotations); LD otherwise.
static reach_compare_measure shown_measure(ReachLearningPage *self, const ReachSnapshot *s) {
  if (!has_rotation(s)) return REACH_COMPARE_LD;
  if (g_strcmp0(self->measure_protocol, s->protocol) != 0) {
    // another protocol: its own default again
    g_free(self->measure_protocol);
    self->measure_protocol = g_strdup(s->protocol);
    self->measure_choice = -1;
  }
  return self->measure_choice >= 0 ? (reach_compare_measure)self->measure_choice : s->measure;
}

static void sync_measure_row(ReachLearningPage *self, const ReachSnapshot *s,
                             reach_compare_measure m) {
  gtk_widget_set_visible(self->measure_row, has_rotation(s));
  self->measure_syncing = TRUE;
  gtk_toggle_button_set_active(m == REACH_COMPARE_DIRECTION ? self->measure_dir : self->measure_ld,
                               TRUE);
  self->measure_syncing = FALSE;
}

static void learning_update(ReachPage *page, const ReachSnapshot *s) {
  ReachLearningPage *self = REACH_LEARNING_PAGE(page);
  if (s != self->last) {
    if (self->last) reach_snapshot_unref(self->last);
    self->last = reach_snapshot_ref((ReachSnapshot *)s);
  }
  const reach_compare_measure m = shown_measure(self, s);
  sync_measure_row(self, s, m);
  if (s->stage == REACH_APP_STAGE_GROW) {
    update_grow_plot(self, s);
    return;
  }
  const gboolean dir = m == REACH_COMPARE_DIRECTION;
  // the comparison in the measure plotted (study/savings_compare.h)
  const reach_savings_compare *c = dir ? &s->savings_dir : &s->savings;
  const gboolean have = dir ? s->have_savings_dir : s->have_savings;
  const int halving[2] = {have ? c->ff1_halving : -1, have ? c->ff2_halving : -1};
  gboolean changed = self->ld_stage_shown != s->stage ||
                     self->ld_presentation != self->presentation ||
                     self->nphase_shown != s->nphase || self->measure_shown != (int)m;
  for (int i = 0; i < s->nphase; i++)
    changed = changed || self->ld_shown[i] != s->n_ld[i] || self->ref_shown[i] != s->n_ref[i];
  changed = changed || halving[0] != self->halving_shown[0] || halving[1] != self->halving_shown[1];
  if (!changed) return;
  self->ld_stage_shown = s->stage;
  self->ld_presentation = self->presentation;
  self->nphase_shown = s->nphase;
  self->measure_shown = (int)m;
  self->halving_shown[0] = halving[0];
  self->halving_shown[1] = halving[1];
  // LD in cm, or the cursor's direction error at peak speed in degrees (the core's sign: + =
  // clockwise, so a counter-clockwise rotation's error is negative)
  const double scale = dir ? 1.0 : 100.0;
  double *const *val = dir ? s->dir : s->ld;
  double *const *ref = dir ? s->ref_dir : s->ref_ld;
  const char *ylabel = dir ? _("direction error (°)") : _("LD (cm)");

  // the measure per batch across the protocol's phases; a replay's reference (the run it started
  // from) faded underneath from the phase it restarted at
  g_autoptr(ReachPlotData) d =
      reach_plot_data_new(dir ? _("Direction error at peak speed per batch (+ = clockwise)")
                              : _("Lateral deviation per batch"),
                          _("batch"), ylabel);
  double x0 = 0, lo = 0.0, hi = 0.0;
  for (int i = 0; i < s->nphase; i++) {
    self->ld_shown[i] = s->n_ld[i];
    self->ref_shown[i] = s->n_ref[i];
    double x1 = x0 + s->phase_batches[i];
    reach_plot_data_add_band(d, x0, x1, s->phases[i].name, s->phases[i].kind != REACH_PHASE_NULL);
    if (i >= s->start_phase) add_phase(d, s, i, ref[i], s->n_ref[i], scale, x0, TRUE, NULL);
    add_phase(d, s, i, val[i], s->n_ld[i], scale, x0, FALSE, NULL);
    if (dir) {
      span_of(val[i], s->n_ld[i], &lo, &hi);
      if (i >= s->start_phase) span_of(ref[i], s->n_ref[i], &lo, &hi);
    }
    x0 = x1;
  }
  set_range_with_room(d, MAX(x0, 1), lo, hi);
  reach_plot_data_set_placeholder(d, _("Press Run to start"));
  reach_plot_set_data(self->ld_plot, d);

  // the two field exposures from field onset: savings is FF2 below FF1 and falling faster. FF1
  // solid vermillion, FF2 dashed blue; where each first halved its batch-0 error, a disc (FF1)
  // and a square (FF2) on its half level. Another protocol: its pair (reach_compare_choose)
  const int pf = s->cmp_first, ps = s->cmp_second;
  g_autofree char *title =
      s->study || pf < 0 ? g_strdup(_("FF1 and FF2 from field onset"))
      : dir ? g_strdup_printf(_("%s and %s from onset: direction error (+ = clockwise)"),
                              s->phases[pf].name, s->phases[ps].name)
            : g_strdup_printf(_("%s and %s from onset"), s->phases[pf].name, s->phases[ps].name);
  g_autoptr(ReachPlotData) sv = reach_plot_data_new(
      title, s->study ? _("batch in the field") : _("batch in the phase"), ylabel);
  int len = pf < 0 ? 1 : MAX(s->phase_batches[pf], s->phase_batches[ps]);
  const int pair[2] = {pf, ps};
  lo = hi = 0.0;
  for (int k = 0; k < 2 && pf >= 0; k++)
    if (pair[k] >= s->start_phase)
      add_phase(sv, s, pair[k], ref[pair[k]], s->n_ref[pair[k]], scale, 0, TRUE, NULL);
  for (int k = 0; k < 2 && pf >= 0; k++)
    add_phase(sv, s, pair[k], val[pair[k]], s->n_ld[pair[k]], scale, 0, FALSE,
              s->phases[pair[k]].name);
  for (int p = 1; p >= 0; p--) {  // FF1's smaller disc over FF2's square where they meet
    if (halving[p] < 0) continue;
    const double sign = p ? c->sign_ff2 : c->sign_ff1, ld0 = p ? c->ff2_ld0 : c->ff1_ld0;
    const double hx[2] = {halving[p], halving[p]}, hy[2] = {0.0, scale * sign * 0.5 * ld0};
    reach_plot_data_add_series(sv, hx, hy, 2, p ? REACH_PLOT_FF2 : REACH_PLOT_FF1, 1.0, NULL);
    reach_plot_data_add_points(sv, hx + 1, hy + 1, 1, p ? REACH_PLOT_FF2 : REACH_PLOT_FF1, NULL);
    reach_plot_data_set_style(sv, p ? REACH_PLOT_SQUARE | REACH_PLOT_LARGE : REACH_PLOT_LARGE);
  }
  for (int k = 0; k < 2 && pf >= 0 && dir; k++) {
    span_of(val[pair[k]], s->n_ld[pair[k]], &lo, &hi);
    if (pair[k] >= s->start_phase) span_of(ref[pair[k]], s->n_ref[pair[k]], &lo, &hi);
  }
  set_range_with_room(sv, MAX(len - 1, 1), lo, hi);
  g_autofree char *waiting = s->study || pf < 0
                                 ? g_strdup(_("Waiting for FF1"))
                                 : g_strdup_printf(_("Waiting for %s"), s->phases[pf].name);
  reach_plot_data_set_placeholder(sv, waiting);
  reach_plot_set_data(self->savings_plot, sv);
  update_savings_text(self, s, c, have);
}

// The measure chosen by its buttons: kept until the protocol changes.
static void measure_toggled(GtkToggleButton *button, ReachLearningPage *self) {
  if (self->measure_syncing || !gtk_toggle_button_get_active(button)) return;
  reach_learning_page_set_measure(
      self, button == self->measure_dir ? REACH_COMPARE_DIRECTION : REACH_COMPARE_LD);
}

void reach_learning_page_set_measure(ReachLearningPage *self, reach_compare_measure m) {
  self->measure_choice = (int)m;
  if (self->last) {
    g_free(self->measure_protocol);
    self->measure_protocol = g_strdup(self->last->protocol);
    self->ld_stage_shown = -99;  // redraw
    ReachSnapshot *s = reach_snapshot_ref(self->last);
    learning_update(REACH_PAGE(self), s);
    reach_snapshot_unref(s);
  }
}

reach_compare_measure reach_learning_page_get_measure(ReachLearningPage *self) {
  return (reach_compare_measure)self->measure_shown;
}

static void learning_reset(ReachPage *page) { REACH_LEARNING_PAGE(page)->ld_stage_shown = -99; }

const char *reach_learning_page_get_savings_text(ReachLearningPage *self) {
  return gtk_label_get_text(self->savings_headline);
}

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

// The CLI's ld.csv schema (study/savings_csv.h), direction errors included; the snapshot holds no
// per-batch loss, so that column stays empty.
static void write_ld(FILE *fp, const void *data) {
  const ReachSnapshot *s = data;
  reach_ld_csv_header(fp);
  for (int ph = 0; ph < s->nphase; ph++)
    reach_ld_csv_rows_named(fp, s->phases[ph].name, s->phase_field[ph], s->ld[ph], NULL, s->dir[ph],
                            s->n_ld[ph]);
}

// The curves as drawn and the per-batch mean LD of every phase (m).
static gsize learning_figures(ReachPage *page, ReachPageFigure *figs) {
  ReachLearningPage *self = REACH_LEARNING_PAGE(page);
  figs[0] = (ReachPageFigure){self->ld_plot, ""};
  figs[1] = (ReachPageFigure){self->savings_plot, "-savings"};
  return 2;
}

static gboolean learning_append_csv(ReachPage *page, const ReachSnapshot *s, GString *csv,
                                    GError **error) {
  (void)page;
  return reach_page_csv_append(csv, write_ld, s, error);
}

static void reach_learning_page_iface_init(ReachPageInterface *iface) {
  iface->update = learning_update;
  iface->reset = learning_reset;
  iface->set_presentation = learning_set_presentation;
  iface->get_plot = learning_get_plot;
  iface->figures = learning_figures;
  iface->append_csv = learning_append_csv;
}

static void learning_finalize(GObject *object) {
  ReachLearningPage *self = REACH_LEARNING_PAGE(object);
  if (self->last) reach_snapshot_unref(self->last);
  g_free(self->measure_protocol);
  G_OBJECT_CLASS(reach_learning_page_parent_class)->finalize(object);
}

static void reach_learning_page_class_init(ReachLearningPageClass *klass) {
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  reach_page_class_set_template(widget_class, "/org/reachlab/ReachLab/ui/reach-learning-page.ui",
                                "learningpage");
  gtk_widget_class_bind_template_child(widget_class, ReachLearningPage, ld_plot);
  gtk_widget_class_bind_template_child(widget_class, ReachLearningPage, savings_plot);
  gtk_widget_class_bind_template_child(widget_class, ReachLearningPage, savings_headline);
  gtk_widget_class_bind_template_child(widget_class, ReachLearningPage, savings_detail);
  gtk_widget_class_bind_template_child(widget_class, ReachLearningPage, measure_row);
  gtk_widget_class_bind_template_child(widget_class, ReachLearningPage, measure_label);
  gtk_widget_class_bind_template_child(widget_class, ReachLearningPage, measure_dir);
  gtk_widget_class_bind_template_child(widget_class, ReachLearningPage, measure_ld);
  G_OBJECT_CLASS(klass)->finalize = learning_finalize;
}

static void reach_learning_page_init(ReachLearningPage *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->ld_stage_shown = -99;
  self->measure_choice = -1;
  self->measure_shown = -1;
  gtk_label_set_text(self->measure_label, _("Measure:"));
  gtk_button_set_label(GTK_BUTTON(self->measure_dir), _("Direction error (°)"));
  gtk_button_set_label(GTK_BUTTON(self->measure_ld), _("Lateral deviation (cm)"));
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->measure_dir),
                              _("The cursor's direction at peak speed against the target's, "
                                "+ = clockwise: a visuomotor rotation's adaptation measure"));
  gtk_widget_set_tooltip_text(GTK_WIDGET(self->measure_ld),
                              _("The cursor's largest lateral deviation from the straight line, "
                                "+ = clockwise: a curl field's adaptation measure"));
  g_signal_connect(self->measure_dir, "toggled", G_CALLBACK(measure_toggled), self);
  g_signal_connect(self->measure_ld, "toggled", G_CALLBACK(measure_toggled), self);
}
