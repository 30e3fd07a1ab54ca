// SPDX-License-Identifier: GPL-3.0-or-later
// ReachPage: what the window asks of each page of plots (Learning, Context, Network, Tool Study).
// The window is the shell: it hands every page the snapshots of its study, switches them into
// presentation mode, finds their plots by name and has the visible one export itself. A page
// keeps its own .ui template and redraws only what changed.
//
// To add a page: a class reach-<name>-page.c/.h with ui/reach-<name>-page.ui (registered in
// ui/reachlab.gresource.xml) that implements this interface, and one GtkStackPage holding it in
// ui/reach-window.ui; reach-window.c lists its pages in one array.
#pragma once

#include <gtk/gtk.h>
#include <stdio.h>

#include "reach-plot.h"
#include "reach-snapshot.h"

G_BEGIN_DECLS

#define REACH_TYPE_PAGE (reach_page_get_type())
G_DECLARE_INTERFACE(ReachPage, reach_page, REACH, PAGE, GtkWidget)

struct _ReachPageInterface {
  GTypeInterface parent_iface;
  // Shows the snapshot (never NULL), redrawing only what changed since the last one.
  void (*update)(ReachPage *page, const ReachSnapshot *s);
  // Optional: forget what is on screen, so the next update draws everything again.
  void (*reset)(ReachPage *page);
  void (*set_presentation)(ReachPage *page, gboolean on);
  // The page's plot called `name` (reach_window_get_plot's names), or NULL.
  ReachPlot *(*get_plot)(ReachPage *page, const char *name);
  // Optional (default TRUE): whether the snapshot holds what this page exports.
  gboolean (*can_export)(ReachPage *page, const ReachSnapshot *s);
  // Writes the page's figures as `path` (its suffix picks PNG, SVG or PDF; further figures get
  // -NAME before the suffix) and its data as `path` with .csv (reach_page_csv_new's header,
  // then the page's rows).
  gboolean (*export)(ReachPage *page, const ReachSnapshot *s, const char *path, GError **error);
};

void reach_page_update(ReachPage *page, const ReachSnapshot *s);
void reach_page_reset(ReachPage *page);
void reach_page_set_presentation(ReachPage *page, gboolean on);
ReachPlot *reach_page_get_plot(ReachPage *page, const char *name);
gboolean reach_page_can_export(ReachPage *page, const ReachSnapshot *s);
gboolean reach_page_export(ReachPage *page, const ReachSnapshot *s, const char *path,
                           GError **error);

/* ---- for the pages' classes ---- */

// reach_panel_class_set_template (reach-panel.h), and the page's expand flags follow its
// template's (a stack page whose plots expand makes the plot column take its share of a wide
// window).
void reach_page_class_set_template(GtkWidgetClass *widget_class, const char *resource,
                                   const char *css_name);

/* ---- for the pages' export functions ---- */

// One figure of a page: the plot and what its file name adds before the suffix ("" for the
// first).
typedef struct {
  ReachPlot *plot;
  const char *suffix;
} ReachPageFigure;

// Writes each figure that has data as `path`'s stem + suffix + `path`'s extension (.svg when it
// has none), 900 × 560 points.
gboolean reach_page_export_figures(const char *path, const ReachPageFigure *figs, gsize n,
                                   GError **error);
// The CSV every export starts with: comment lines holding the model, the preset and the full
// configuration (INI) with its seed.
GString *reach_page_csv_new(const ReachSnapshot *s);
// Writes csv as `path`'s stem + ".csv" and frees it.
gboolean reach_page_csv_write(const char *path, GString *csv, GError **error);
// Appends to csv what write(fp, data) writes: the core's export schemas (docs/exports.md) write
// to a FILE*, so the app's files have the CLI's columns.
typedef void (*ReachPageCsvWriter)(FILE *fp, const void *data);
gboolean reach_page_csv_append(GString *csv, ReachPageCsvWriter write, const void *data,
                               GError **error);

G_END_DECLS
