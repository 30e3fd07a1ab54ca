// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-plot.h"

#include <math.h>
#include <limits.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <plplot.h>
#include <string.h>

#include "config.h"
#include "io/provenance.h"

typedef struct {
  double *x, *y;
  int n;
  ReachPlotColor color;
  double width;
  gboolean points;
  ReachPlotStyle style;
  char *legend;
} Series;

typedef struct {
  double x0, x1;
  char *label;
  gboolean shaded;
} Band;

struct _ReachPlotData {
  char *title, *xlabel, *ylabel, *placeholder;
  double xmin, xmax, ymin, ymax;
  gboolean have_range, x_categories;
  GArray *series;  // Series
  GArray *bands;   // Band
};

static void data_clear(gpointer p) {
  ReachPlotData *d = p;
  g_free(d->title);
  g_free(d->xlabel);
  g_free(d->ylabel);
  g_free(d->placeholder);
  for (guint i = 0; i < d->series->len; i++) {
    Series *s = &g_array_index(d->series, Series, i);
    g_free(s->x);
    g_free(s->y);
    g_free(s->legend);
  }
  for (guint i = 0; i < d->bands->len; i++) g_free(g_array_index(d->bands, Band, i).label);
  g_array_unref(d->series);
  g_array_unref(d->bands);
}

ReachPlotData *reach_plot_data_new(const char *title, const char *xlabel, const char *ylabel) {
  ReachPlotData *d = g_rc_box_new0(ReachPlotData);
  d->title = g_strdup(title);
  d->xlabel = g_strdup(xlabel);
  d->ylabel = g_strdup(ylabel);
  d->series = g_array_new(FALSE, FALSE, sizeof(Series));
  d->bands = g_array_new(FALSE, FALSE, sizeof(Band));
  return d;
}

ReachPlotData *reach_plot_data_ref(ReachPlotData *d) { return g_rc_box_acquire(d); }

void reach_plot_data_unref(ReachPlotData *d) {
  if (d) g_rc_box_release_full(d, data_clear);
}

void reach_plot_data_set_range(ReachPlotData *d, double xmin, double xmax, double ymin,
                               double ymax) {
  d->xmin = xmin;
  d->xmax = xmax;
  d->ymin = ymin;
  d->ymax = ymax;
  d->have_range = TRUE;
}

static void add(ReachPlotData *d, const double *x, const double *y, int n, ReachPlotColor color,
                double width, gboolean points, const char *legend) {
  Series s = {.n = n, .color = color, .width = width, .points = points};
  s.x = g_new(double, (gsize)MAX(n, 1));
  s.y = g_memdup2(y, sizeof(double) * (gsize)MAX(n, 0));
  for (int i = 0; i < n; i++) s.x[i] = x ? x[i] : i;
  s.legend = g_strdup(legend);
  g_array_append_val(d->series, s);
}

void reach_plot_data_add_series(ReachPlotData *d, const double *x, const double *y, int n,
                                ReachPlotColor color, double width, const char *legend) {
  add(d, x, y, n, color, width, FALSE, legend);
}

void reach_plot_data_add_points(ReachPlotData *d, const double *x, const double *y, int n,
                                ReachPlotColor color, const char *legend) {
  add(d, x, y, n, color, 1.0, TRUE, legend);
}

void reach_plot_data_set_style(ReachPlotData *d, ReachPlotStyle style) {
  g_return_if_fail(d->series->len > 0);
  g_array_index(d->series, Series, d->series->len - 1).style = style;
}

void reach_plot_data_set_x_categories(ReachPlotData *d) { d->x_categories = TRUE; }

void reach_plot_data_add_band(ReachPlotData *d, double x0, double x1, const char *label,
                              gboolean shaded) {
  Band b = {x0, x1, g_strdup(label), shaded};
  g_array_append_val(d->bands, b);
}

void reach_plot_data_set_placeholder(ReachPlotData *d, const char *text) {
  g_free(d->placeholder);
  d->placeholder = g_strdup(text);
}

const char *reach_plot_data_get_placeholder(const ReachPlotData *d) { return d->placeholder; }

int reach_plot_data_n_points(const ReachPlotData *d) {
  int n = 0;
  for (guint i = 0; i < d->series->len; i++) n += g_array_index(d->series, Series, i).n;
  return n;
}

int reach_plot_data_n_series(const ReachPlotData *d) { return (int)d->series->len; }

int reach_plot_data_get_series(const ReachPlotData *d, int i, const double **x, const double **y,
                               const char **legend) {
  if (i < 0 || (guint)i >= d->series->len) return 0;
  const Series *s = &g_array_index(d->series, Series, i);
  if (x) *x = s->x;
  if (y) *y = s->y;
  if (legend) *legend = s->legend;
  return s->n;
}

void reach_plot_data_get_labels(const ReachPlotData *d, const char **title, const char **xlabel,
                                const char **ylabel) {
  if (title) *title = d->title;
  if (xlabel) *xlabel = d->xlabel;
  if (ylabel) *ylabel = d->ylabel;
}

/* ---- the widget ---- */

struct _ReachPlot {
  GtkWidget parent_instance;
  GtkDrawingArea *area;
  ReachPlotData *data;
  gboolean presentation;
  int draws;
  double last_ms;
  gint64 last_draw;  // µs
  guint redraw_id;
  const ReachPlotData *drawn;  // the data of the last draw (compared, never dereferenced)
  double text_px;              // the last draw's character height
};

// Presentation text: 1.6 × the plots' 9.5-px type in a window up to 800 pixels high, and in
// proportion above (20 px at 1080).
#define PRESENTATION_CHR    1.6
#define PRESENTATION_HEIGHT 800.0

// A plot redraws at most this often: a learning curve does not need the frame rate, and every
// PLplot draw costs the main loop a few milliseconds.
#define MIN_REDRAW_INTERVAL_US 250000

G_DEFINE_FINAL_TYPE(ReachPlot, reach_plot, GTK_TYPE_WIDGET)

// GNOME palette (blue 3, orange 3, green 4, red 3, purple 3, dark 2), and a deeper variant for
// presentation mode; then Okabe & Ito's sky blue, vermillion and blue for the savings phases,
// chosen to stay apart under every common colour-vision deficiency
static const unsigned palette[2][REACH_PLOT_NCOLORS] = {
    {0x3584e4, 0xff7800, 0x2ec27e, 0xe01b24, 0x9141ac, 0x77767b, 0x56b4e9, 0xd55e00, 0x0072b2},
    {0x1a5fb4, 0xc64600, 0x26a269, 0xa51d2d, 0x613583, 0x3d3846, 0x56b4e9, 0xd55e00, 0x0072b2},
};

void reach_plot_color_rgb(ReachPlotColor c, gboolean presentation, double rgb[3]) {
  unsigned hex = palette[presentation ? 1 : 0][c];
  rgb[0] = ((hex >> 16) & 0xff) / 255.0;
  rgb[1] = ((hex >> 8) & 0xff) / 255.0;
  rgb[2] = (hex & 0xff) / 255.0;
}

enum {
  COL_BG = 0,
  COL_FG = 1,
  COL_FAINT = 2,
  COL_BAND = 3,
  COL_SERIES = 4,                               // the palette
  COL_FADED = COL_SERIES + REACH_PLOT_NCOLORS,  // the palette, a quarter opaque
  COL_COUNT = COL_FADED + REACH_PLOT_NCOLORS
};

// Min/max per pixel column of x, in order, when there are more than two points per column.
static int decimate(const Series *s, double xmin, double xmax, int columns, double *ox,
                    double *oy) {
  if (s->n <= 2 * columns || xmax <= xmin) {
    for (int i = 0; i < s->n; i++) ox[i] = s->x[i], oy[i] = s->y[i];
    return s->n;
  }
  int m = 0, col = -1;
  double lo = 0, hi = 0, xlo = 0, xhi = 0;
  for (int i = 0; i <= s->n; i++) {
    int c = i < s->n ? (int)floor((s->x[i] - xmin) / (xmax - xmin) * columns) : INT_MAX;
    if (c != col && col != -1) {
      // emit in x order so the line keeps its shape
      if (xlo <= xhi) {
        ox[m] = xlo, oy[m++] = lo;
        ox[m] = xhi, oy[m++] = hi;
      } else {
        ox[m] = xhi, oy[m++] = hi;
        ox[m] = xlo, oy[m++] = lo;
      }
    }
    if (i == s->n) break;
    double y = s->y[i];
    if (c != col) {
      col = c;
      lo = hi = y;
      xlo = xhi = s->x[i];
    } else {
      if (y < lo) lo = y, xlo = s->x[i];
      if (y > hi) hi = y, xhi = s->x[i];
    }
  }
  return m;
}

static void data_extent(const ReachPlotData *d, double *xmin, double *xmax, double *ymin,
                        double *ymax) {
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (guint i = 0; i < d->series->len; i++) {
    const Series *s = &g_array_index(d->series, Series, i);
    for (int k = 0; k < s->n; k++) {
      if (!isfinite(s->y[k])) continue;
      x0 = MIN(x0, s->x[k]), x1 = MAX(x1, s->x[k]);
      y0 = MIN(y0, s->y[k]), y1 = MAX(y1, s->y[k]);
    }
  }
  if (d->have_range && d->xmin < d->xmax) x0 = d->xmin, x1 = d->xmax;
  if (d->have_range && d->ymin < d->ymax) {
    y0 = d->ymin, y1 = d->ymax;
  } else if (isfinite(y0)) {
    // automatic ranges include zero: deviations are read against it
    y0 = MIN(y0, 0.0), y1 = MAX(y1, 0.0);
    double pad = MAX(0.08 * (y1 - y0), 1e-3);
    y0 -= pad, y1 += pad;
  }
  if (!isfinite(x0) || x1 <= x0) x0 = 0, x1 = 1;
  if (!isfinite(y0) || y1 <= y0) y0 = -1, y1 = 1;
  *xmin = x0, *xmax = x1, *ymin = y0, *ymax = y1;
}

// A label's width in pixels at the plots' 9.5-px type, scaled by chr: an estimate (PLplot's own
// plstrl needs the stream set up), good enough to keep labels apart.
static double text_px(const char *text, double chr) {
  return (double)g_utf8_strlen(text, -1) * 0.62 * 9.5 * chr;
}

// text_px falls short of a legend of capitals and digits ("FF2 − FF1 batch 0"): where samples
// stand before the names, the entries are spaced by this much more, as the samples are placed.
#define LEGEND_W 1.3

// Where band b's label goes: centred over the band inside the frame's top, unless it would run
// into the legend there (which ends at legend_left, a fraction of the plot's width of plot_px
// pixels); then in the margin above the frame, where only the title, left-aligned and
// title_right wide, can be in its way; and where neither has room, nowhere (the phase bar still
// names the phase).
typedef enum { LABEL_INSIDE, LABEL_ABOVE, LABEL_NONE } LabelPlace;

static LabelPlace label_place(const Band *b, double xmin, double xmax, double legend_left,
                              double title_right, double plot_px, double chr) {
  double centre = (0.5 * (b->x0 + b->x1) - xmin) / (xmax - xmin);
  double half = 0.5 * text_px(b->label, chr) / plot_px;
  // a label wider than its band would run into the next one's (a long protocol's short phases);
  // the estimate runs short for capitals, hence the margin
  if ((1.3 * text_px(b->label, chr) + 6.0) / plot_px > (b->x1 - b->x0) / (xmax - xmin))
    return LABEL_NONE;
  if (legend_left >= 1.0 || centre + half < legend_left - 0.02) return LABEL_INSIDE;
  return centre - half > title_right + 0.02 && centre + half < 1.0 ? LABEL_ABOVE : LABEL_NONE;
}

static void set_pl_color(int idx, const GdkRGBA *c) {
  plscol0a(idx, (PLINT)lround(c->red * 255), (PLINT)lround(c->green * 255),
           (PLINT)lround(c->blue * 255), c->alpha);
}

// Dashes of a fixed pixel length (PLplot measures them in µm of its page), longer in presentation
// mode where the line is wider.
static void set_dashes(gboolean pres, double chr, double px_per_mm) {
  PLINT mark = (PLINT)lround(1000.0 * (pres ? 16.0 : 9.0) * chr / px_per_mm);
  PLINT space = (PLINT)lround(1000.0 * (pres ? 9.0 : 5.0) * chr / px_per_mm);
  plstyl(1, &mark, &space);
}

// Draws d with PLplot into cr (width × height pixels), text and axes in fg. The whole PLplot
// stream lives inside this call (PLplot keeps global state: main thread only).
static void render(const ReachPlotData *d, cairo_t *cr, int width, int height, gboolean pres,
                   double chr, GdkRGBA fg) {
  if (pres) fg = (GdkRGBA){0, 0, 0, 1};
  gboolean dark = fg.red + fg.green + fg.blue > 1.5;

  cairo_save(cr);
  if (pres) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
  }
  PLINT strm;
  plmkstrm(&strm);
  plsdev("extcairo");
  plscmap0n(COL_COUNT);
  char geom[32];
  g_snprintf(geom, sizeof geom, "%dx%d", width, height);
  plsetopt("geometry", geom);
  plinit();
  pl_cmd(PLESC_DEVINIT, cr);

  GdkRGBA faint = fg, band = {1.0, 0.47, 0.0, dark ? 0.16 : 0.10};
  faint.alpha = 0.25;
  set_pl_color(COL_FG, &fg);
  set_pl_color(COL_FAINT, &faint);
  set_pl_color(COL_BAND, &band);
  for (int c = 0; c < REACH_PLOT_NCOLORS; c++) {
    double rgb[3];
    reach_plot_color_rgb(c, pres, rgb);
    if (dark && !pres) {  // lighten on a dark background
      for (int k = 0; k < 3; k++) rgb[k] = rgb[k] + 0.25 * (1 - rgb[k]);
    }
    GdkRGBA col = {(float)rgb[0], (float)rgb[1], (float)rgb[2], 1};
    set_pl_color(COL_SERIES + c, &col);
    col.alpha = 0.28f;
    set_pl_color(COL_FADED + c, &col);
  }

  // text of a fixed pixel size whatever the plot's size (chr × the plots' 9.5-px type): PLplot
  // sizes characters in mm of a page it scales to the geometry, so convert through the page's
  // mm width. Presentation margins grow with the text.
  const double grow = chr / 1.45;
  double ml = (pres ? 78.0 * grow : 58.0) / width, mr = (pres ? 24.0 * grow : 16.0) / width;
  double mb = (pres ? 66.0 * grow : 48.0) / height, mt = (pres ? 44.0 * grow : 34.0) / height;
  pladv(0);
  PLFLT px0, px1, py0, py1;
  plgspa(&px0, &px1, &py0, &py1);
  double px_per_mm = px1 > px0 ? width / (px1 - px0) : 3.5;
  plschr(chr * (width < 300 ? 8.5 : 9.5) / px_per_mm, 1.0);
  plvpor(ml, 1.0 - mr, mb, 1.0 - mt);
  double xmin, xmax, ymin, ymax;
  data_extent(d, &xmin, &xmax, &ymin, &ymax);
  // the legend runs right-aligned along the top, inside the frame
  const double plot_px = width * (1 - ml - mr), gap_px = 14.0 * chr;
  double legend_left = 1.0;  // fraction of the plot's width
  // where a legend names a dashed line, every legend shows a sample of its line before its name
  gboolean samples = FALSE;
  for (guint i = 0; i < d->series->len; i++) {
    const Series *s = &g_array_index(d->series, Series, i);
    samples = samples || (s->legend && (s->style & REACH_PLOT_DASHED));
  }
  const double sample_px = samples ? 44.0 * chr : 0.0, legend_w = samples ? LEGEND_W : 1.0;
  for (guint i = 0; i < d->series->len; i++) {
    const Series *s = &g_array_index(d->series, Series, i);
    if (s->legend)
      legend_left -= (legend_w * text_px(s->legend, chr) + gap_px + sample_px) / plot_px;
  }
  const double title_right = d->title ? text_px(d->title, chr) / plot_px : 0.0;
  plwind(xmin, xmax, ymin, ymax);

  // bands under everything
  for (guint i = 0; i < d->bands->len; i++) {
    const Band *b = &g_array_index(d->bands, Band, i);
    if (b->shaded) {
      PLFLT bx[4] = {b->x0, b->x1, b->x1, b->x0}, by[4] = {ymin, ymin, ymax, ymax};
      plcol0(COL_BAND);
      plfill(4, bx, by);
    }
    LabelPlace place =
        b->label ? label_place(b, xmin, xmax, legend_left, title_right, plot_px, chr) : LABEL_NONE;
    plcol0(COL_FG);
    // inside: on the legend's line, a fixed distance under the frame whatever the plot's height
    double centre = (0.5 * (b->x0 + b->x1) - xmin) / (xmax - xmin);
    if (place != LABEL_NONE) plmtex("t", place == LABEL_INSIDE ? -1.4 : 1.3, centre, 0.5, b->label);
    if (i > 0) {
      // stop short of the frame: a dash must not poke out above it
      PLFLT lx[2] = {b->x0, b->x0}, ly[2] = {ymin, ymax - 0.01 * (ymax - ymin)};
      plcol0(COL_FAINT);
      plwidth(1.0);
      pllsty(2);
      plline(2, lx, ly);
      pllsty(1);
    }
  }
  // zero line
  if (ymin < 0 && ymax > 0) {
    PLFLT zx[2] = {xmin, xmax}, zy[2] = {0, 0};
    plcol0(COL_FAINT);
    plwidth(1.0);
    plline(2, zx, zy);
  }

  plcol0(COL_FG);
  plwidth(pres ? 2.0 : 1.0);
  // batch counts of a long protocol in full (18000, not 1.8 with a ×10⁴ cut off at the right)
  plsxax(6, 0);
  plbox(d->x_categories ? "bc" : "bcnst", 0, 0, "bcnstv", 0, 0);
  plmtex("b", 3.0, 0.5, 0.5, d->xlabel ? d->xlabel : "");
  plmtex("l", pres ? 3.6 : 3.4, 0.5, 0.5, d->ylabel ? d->ylabel : "");
  plmtex("t", 1.3, 0.0, 0.0, d->title ? d->title : "");

  // series
  int columns = MAX(width, 1);
  double *bx = NULL, *by = NULL;
  int cap = 0;
  double legend_pos = 1.0;
  for (int i = (int)d->series->len - 1; i >= 0; i--) {
    // legend right-aligned along the top, last series rightmost
    const Series *s = &g_array_index(d->series, Series, (guint)i);
    if (!s->legend) continue;
    plcol0(COL_SERIES + (int)s->color);
    plmtex("t", -1.4, legend_pos - 0.02, 1.0, s->legend);
    const double text_w = text_px(s->legend, chr) / plot_px;
    if (samples && !s->points) {
      // the sample ends a little before the name, on the name's middle line
      const double f1 = legend_pos - 0.02 - LEGEND_W * text_w - 4.0 * chr / plot_px;
      const double f0 = f1 - (sample_px - 8.0 * chr) / plot_px;
      const double vp_h = height * (1 - mb - mt), y_px = 1.0 * chr * 9.5;
      PLFLT lx[2] = {xmin + f0 * (xmax - xmin), xmin + f1 * (xmax - xmin)};
      const PLFLT y = ymax - y_px / vp_h * (ymax - ymin);
      PLFLT ly[2] = {y, y};
      plwidth(s->width * (pres ? 2.2 : 1.0));
      if (s->style & REACH_PLOT_DASHED) set_dashes(pres, chr, px_per_mm);
      plline(2, lx, ly);
      pllsty(1);
    }
    legend_pos -= legend_w * text_w + (gap_px + sample_px) / plot_px;
  }
  for (guint i = 0; i < d->series->len; i++) {
    const Series *s = &g_array_index(d->series, Series, i);
    if (s->n <= 0) continue;
    if (s->n * 2 > cap) {
      cap = s->n * 2;
      bx = g_renew(double, bx, (gsize)cap);
      by = g_renew(double, by, (gsize)cap);
    }
    plcol0(((s->style & REACH_PLOT_FADED) ? COL_FADED : COL_SERIES) + (int)s->color);
    if (s->points && (s->style & REACH_PLOT_LARGE)) {
      // a marker that must stand out: a filled disc, or a larger square that shows around a disc
      // at the same place, of a fixed pixel size, drawn as a
      // polygon (PLplot's Hershey symbols for the two differ in size by a factor of three)
      const gboolean square = (s->style & REACH_PLOT_SQUARE) != 0;
      const double r_px = (square ? 7.0 : 4.5) * chr * (pres ? 1.2 : 1.0);
      const double rx = r_px / plot_px * (xmax - xmin);
      const double ry = r_px / (height * (1 - mb - mt)) * (ymax - ymin);
      for (int k = 0; k < s->n; k++) {
        if (!isfinite(s->y[k])) continue;
        PLFLT px[24], py[24];
        const int nv = square ? 4 : 24;
        for (int v = 0; v < nv; v++) {
          const double a = square ? G_PI / 4 + v * G_PI / 2 : 2 * G_PI * v / nv;
          px[v] = s->x[k] + (square ? G_SQRT2 : 1.0) * rx * cos(a);
          py[v] = s->y[k] + (square ? G_SQRT2 : 1.0) * ry * sin(a);
        }
        plfill(nv, px, py);
      }
      continue;
    }
    if (s->points) {
      const gboolean square = (s->style & REACH_PLOT_SQUARE) != 0;
      plssym(0.0, (pres ? 0.9 : 0.6) * (square ? 1.5 : 1.0));
      int m = 0;
      for (int k = 0; k < s->n; k++)
        if (isfinite(s->y[k])) bx[m] = s->x[k], by[m++] = s->y[k];
      if (m > 0) plpoin(m, bx, by, square ? 16 : 17);
      continue;
    }
    int m = decimate(s, xmin, xmax, columns, bx, by);
    plwidth(s->width * (pres ? 2.2 : 1.0));
    if (s->style & REACH_PLOT_DASHED) set_dashes(pres, chr, px_per_mm);
    // NAN splits the line into runs
    int start = 0;
    for (int k = 0; k <= m; k++) {
      if (k == m || !isfinite(by[k])) {
        if (k - start >= 2) plline(k - start, bx + start, by + start);
        start = k + 1;
      }
    }
    if (s->style & REACH_PLOT_DASHED) pllsty(1);
  }
  g_free(bx);
  g_free(by);
  if (d->placeholder && reach_plot_data_n_points(d) == 0) {
    plcol0(COL_FAINT);
    // PLplot clips, never wraps: break the message into lines the plot's width holds (a small
    // panel showed "s when the netw" of a whole sentence), in smaller type where three lines
    // of the usual size would not hold it
    // (plschr's scale multiplies the type set above, which holds chr already)
    const double whole = text_px(d->placeholder, chr);
    const double ph = MIN(1.1, 3.0 * 0.62 * plot_px / MAX(whole, 1.0));
    plschr(0.0, ph);
    g_auto(GStrv) words = g_strsplit(d->placeholder, " ", -1);
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    GString *line = g_string_new(NULL);
    for (int i = 0; words[i]; i++) {
      g_autofree char *trial =
          line->len ? g_strconcat(line->str, " ", words[i], NULL) : g_strdup(words[i]);
      if (line->len && text_px(trial, chr * ph) > 0.75 * plot_px) {
        g_ptr_array_add(lines, g_strdup(line->str));
        g_string_assign(line, words[i]);
      } else {
        g_string_assign(line, trial);
      }
    }
    g_ptr_array_add(lines, g_string_free(line, FALSE));
    const double vp_h = height * (1 - mb - mt), step_px = 1.5 * chr * ph * 9.5;
    const double step = step_px / vp_h * (ymax - ymin);
    const double y0 = 0.5 * (ymin + ymax) + 0.5 * step * (lines->len - 1);
    for (guint i = 0; i < lines->len; i++)
      plptex(0.5 * (xmin + xmax), y0 - step * i, 1, 0, 0.5, g_ptr_array_index(lines, i));
    g_ptr_array_unref(lines);
  }
  plend1();
  cairo_restore(cr);
}

static void draw(GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user) {
  (void)area;
  ReachPlot *self = REACH_PLOT(user);
  const ReachPlotData *d = self->data;
  if (!d || width < 60 || height < 60) return;
  gint64 t0 = g_get_monotonic_time();
  GdkRGBA fg;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color(gtk_widget_get_style_context(GTK_WIDGET(self)), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  // presentation text grows with the window (a full screen), as the window's CSS text does
  // (reach-window.c): 15 px at 800 pixels high, 20 px at 1080
  double chr = 1.0;
  if (self->presentation) {
    GtkWidget *root = GTK_WIDGET(gtk_widget_get_root(GTK_WIDGET(self)));
    double root_h = root ? gtk_widget_get_height(root) : 0.0;
    chr = PRESENTATION_CHR * MAX(1.0, root_h / PRESENTATION_HEIGHT);
  }
  self->text_px = chr * (width < 300 ? 8.5 : 9.5);
  render(d, cr, width, height, self->presentation, chr, fg);
  self->drawn = d;
  self->draws++;
  self->last_ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
  self->last_draw = g_get_monotonic_time();
}

static void reach_plot_dispose(GObject *object) {
  ReachPlot *self = REACH_PLOT(object);
  if (self->redraw_id) g_source_remove(self->redraw_id);
  self->redraw_id = 0;
  gtk_widget_dispose_template(GTK_WIDGET(self), REACH_TYPE_PLOT);
  G_OBJECT_CLASS(reach_plot_parent_class)->dispose(object);
}

static void reach_plot_finalize(GObject *object) {
  ReachPlot *self = REACH_PLOT(object);
  reach_plot_data_unref(self->data);
  G_OBJECT_CLASS(reach_plot_parent_class)->finalize(object);
}

static void reach_plot_class_init(ReachPlotClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  object_class->dispose = reach_plot_dispose;
  object_class->finalize = reach_plot_finalize;
  gtk_widget_class_set_template_from_resource(widget_class,
                                              "/org/reachlab/ReachLab/ui/reach-plot.ui");
  gtk_widget_class_bind_template_child(widget_class, ReachPlot, area);
  gtk_widget_class_set_css_name(widget_class, "plot");
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void reach_plot_init(ReachPlot *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  gtk_drawing_area_set_draw_func(self->area, draw, self, NULL);
}

GtkWidget *reach_plot_new(void) { return g_object_new(REACH_TYPE_PLOT, NULL); }

static gboolean redraw_later(gpointer data) {
  ReachPlot *self = data;
  self->redraw_id = 0;
  gtk_widget_queue_draw(GTK_WIDGET(self->area));
  return G_SOURCE_REMOVE;
}

void reach_plot_set_data(ReachPlot *self, ReachPlotData *d) {
  g_return_if_fail(REACH_IS_PLOT(self));
  if (d == self->data) return;
  reach_plot_data_unref(self->data);
  self->data = d ? reach_plot_data_ref(d) : NULL;
  if (self->redraw_id) return;  // a redraw is already on its way
  gint64 since = g_get_monotonic_time() - self->last_draw;
  if (since >= MIN_REDRAW_INTERVAL_US)
    gtk_widget_queue_draw(GTK_WIDGET(self->area));
  else
    self->redraw_id =
        g_timeout_add((guint)((MIN_REDRAW_INTERVAL_US - since) / 1000) + 1, redraw_later, self);
}

void reach_plot_set_presentation(ReachPlot *self, gboolean on) {
  if (self->presentation == on) return;
  self->presentation = on;
  gtk_widget_queue_draw(GTK_WIDGET(self->area));
}

gboolean reach_plot_data_export(const ReachPlotData *d, const char *path, int width, int height,
                                const char *provenance, GError **error) {
  const char *dot = strrchr(path, '.');
  g_autofree char *ext = dot ? g_ascii_strdown(dot + 1, -1) : g_strdup("");
  cairo_surface_t *surf;
  if (g_str_equal(ext, "png"))
    surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  else if (g_str_equal(ext, "svg"))
    surf = cairo_svg_surface_create(path, width, height);
  else if (g_str_equal(ext, "pdf")) {
    surf = cairo_pdf_surface_create(path, width, height);
    if (provenance) {
      cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT, provenance);
      cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, d->title ? d->title : "");
    }
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "ReachLab " PACKAGE_VERSION);
  } else {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                _("%s: expected a .png, .svg or .pdf name"), path);
    return FALSE;
  }
  cairo_t *cr = cairo_create(surf);
  cairo_set_source_rgb(cr, 1, 1, 1);  // figures for papers and slides: white paper
  cairo_paint(cr);
  render(d, cr, width, height, FALSE, 1.0, (GdkRGBA){0.1f, 0.1f, 0.1f, 1});
  cairo_destroy(cr);
  cairo_status_t st;
  if (g_str_equal(ext, "png"))
    st = cairo_surface_write_to_png(surf, path);
  else {
    cairo_surface_finish(surf);
    st = cairo_surface_status(surf);
  }
  cairo_surface_destroy(surf);
  if (st != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path, cairo_status_to_string(st));
    return FALSE;
  }
  // Cairo's PNG and SVG writers keep no text: the core adds it to the finished file
  reach_error err = {0};
  reach_status rs = REACH_OK;
  if (provenance && g_str_equal(ext, "png"))
    rs = reach_png_add_text(path, REACH_PROVENANCE_PNG_KEY, provenance, &err);
  else if (provenance && g_str_equal(ext, "svg"))
    rs = reach_svg_add_metadata(path, provenance, &err);
  if (rs != REACH_OK) {
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, err.msg);
    return FALSE;
  }
  return TRUE;
}

ReachPlotData *reach_plot_get_data(ReachPlot *self) { return self->data; }

int reach_plot_get_draw_count(ReachPlot *self) { return self->draws; }

gboolean reach_plot_is_drawn(ReachPlot *self) {
  return self->data && self->drawn == self->data && !self->redraw_id;
}
double reach_plot_get_last_draw_ms(ReachPlot *self) { return self->last_ms; }
double reach_plot_get_text_px(ReachPlot *self) { return self->text_px; }
