// SPDX-License-Identifier: GPL-3.0-or-later
// ReachPlot: a line plot drawn by PLplot's extcairo device into a GtkDrawingArea. The data are
// an immutable ReachPlotData; the plot redraws only when it is given new data (or is resized),
// and series longer than two points per pixel column are decimated to their min/max per column.
// PLplot is not thread-safe: every call happens on the main thread, in the draw function.
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  REACH_PLOT_BLUE,
  REACH_PLOT_ORANGE,
  REACH_PLOT_GREEN,
  REACH_PLOT_RED,
  REACH_PLOT_PURPLE,
  REACH_PLOT_GREY,
  // The savings protocol's phases in Okabe & Ito's colour-blind-safe palette, the same in
  // presentation mode: the null fields sky blue, FF1 vermillion, FF2 blue (and drawn dashed, so
  // the two field exposures differ in line style too).
  REACH_PLOT_NF,
  REACH_PLOT_FF1,
  REACH_PLOT_FF2,
  REACH_PLOT_NCOLORS
} ReachPlotColor;

// How the last series added is drawn (flags).
typedef enum {
  REACH_PLOT_DASHED = 1 << 0,  // a dashed line
  REACH_PLOT_FADED = 1 << 1,   // a quarter-opaque reference under the live curves
  REACH_PLOT_SQUARE = 1 << 2,  // points as squares rather than discs
  REACH_PLOT_LARGE = 1 << 3,   // points twice the size: a marker that must stand out
} ReachPlotStyle;

typedef struct _ReachPlotData ReachPlotData;

// Units go in the labels ("lateral deviation (cm)"). Returns a new reference.
ReachPlotData *reach_plot_data_new(const char *title, const char *xlabel, const char *ylabel);
ReachPlotData *reach_plot_data_ref(ReachPlotData *d);
void reach_plot_data_unref(ReachPlotData *d);
// Axis ranges; when ymin ≥ ymax the y range follows the data (with 8 % margins).
void reach_plot_data_set_range(ReachPlotData *d, double xmin, double xmax, double ymin,
                               double ymax);
// Copies x and y (n points). x NULL means 0, 1, 2, ... legend nullable. NAN breaks the line.
void reach_plot_data_add_series(ReachPlotData *d, const double *x, const double *y, int n,
                                ReachPlotColor color, double width, const char *legend);
// Plots points (small discs) instead of a line.
void reach_plot_data_add_points(ReachPlotData *d, const double *x, const double *y, int n,
                                ReachPlotColor color, const char *legend);
// Styles the series added last.
void reach_plot_data_set_style(ReachPlotData *d, ReachPlotStyle style);
// The x axis names categories through its bands' labels: no numbers or ticks on it.
void reach_plot_data_set_x_categories(ReachPlotData *d);
// A shaded x interval with a label at the top (e.g. a field phase).
void reach_plot_data_add_band(ReachPlotData *d, double x0, double x1, const char *label,
                              gboolean shaded);
// A message drawn in the middle when there is nothing to plot yet.
void reach_plot_data_set_placeholder(ReachPlotData *d, const char *text);
// The message (nullable); drawn only while the plot has no points.
const char *reach_plot_data_get_placeholder(const ReachPlotData *d);
int reach_plot_data_n_points(const ReachPlotData *d);
// What a plot holds, for tests: its series in the order added (x, y as given, x filled in when it
// was NULL; borrowed; 0 points past the last) and its labels.
int reach_plot_data_n_series(const ReachPlotData *d);
int reach_plot_data_get_series(const ReachPlotData *d, int i, const double **x, const double **y,
                               const char **legend);
void reach_plot_data_get_labels(const ReachPlotData *d, const char **title, const char **xlabel,
                                const char **ylabel);
// Draws the plot into a file: .png, .svg or .pdf by the name's suffix, width × height points.
// provenance (nullable; io/provenance.h) goes into the file as the format keeps text: the PDF's
// information dictionary (Subject), an SVG <metadata> element, a PNG iTXt chunk.
gboolean reach_plot_data_export(const ReachPlotData *d, const char *path, int width, int height,
                                const char *provenance, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ReachPlotData, reach_plot_data_unref)

#define REACH_TYPE_PLOT (reach_plot_get_type())
G_DECLARE_FINAL_TYPE(ReachPlot, reach_plot, REACH, PLOT, GtkWidget)

GtkWidget *reach_plot_new(void);
// Takes a new reference. Redraws unless d is the data already shown.
void reach_plot_set_data(ReachPlot *self, ReachPlotData *d);
void reach_plot_set_presentation(ReachPlot *self, gboolean on);
// The data shown (borrowed; nullable).
ReachPlotData *reach_plot_get_data(ReachPlot *self);
// How often PLplot drew this plot, and the last draw's time (ms).
int reach_plot_get_draw_count(ReachPlot *self);
// True when the data on screen are the latest given (no redraw pending).
gboolean reach_plot_is_drawn(ReachPlot *self);
double reach_plot_get_last_draw_ms(ReachPlot *self);
// The last draw's character height (px) of tick labels, titles and legends.
double reach_plot_get_text_px(ReachPlot *self);
// RGB (0..1) of a series colour, for tests that look for the curve in pixels.
void reach_plot_color_rgb(ReachPlotColor c, gboolean presentation, double rgb[3]);

G_END_DECLS
