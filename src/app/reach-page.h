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

// One figure of a page: the plot and what its file name adds before the suffix ("" for the
// first).
enum { REACH_PAGE_MAX_FIGURES = 8 };
typedef struct _ReachPageFigure {
  ReachPlot *plot;
  const char *suffix;
} ReachPageFigure;

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
  // What an export writes (reach_page_export does the writing): the page's figures, at most
  // REACH_PAGE_MAX_FIGURES, returning how many...
  gsize (*figures)(ReachPage *page, ReachPageFigure *figs);
  // ...and its data rows, appended to the CSV after the provenance header (reach_page_csv_append
  // for the core's export schemas, which write to a FILE*).
  gboolean (*append_csv)(ReachPage *page, const ReachSnapshot *s, GString *csv, GError **error);
};

void reach_page_update(ReachPage *page, const ReachSnapshot *s);
void reach_page_reset(ReachPage *page);
void reach_page_set_presentation(ReachPage *page, gboolean on);
ReachPlot *reach_page_get_plot(ReachPage *page, const char *name);
gboolean reach_page_can_export(ReachPage *page, const ReachSnapshot *s);
// Writes the page's figures as `path` (its suffix picks PNG, SVG or PDF; further figures get
// -NAME before the suffix), each carrying the run's provenance (reach_page_provenance), and its
// data as `path` with .csv: the provenance as comment lines, then the page's rows.
gboolean reach_page_export(ReachPage *page, const ReachSnapshot *s, const char *path,
                           GError **error);
// The run's provenance (io/provenance.h): model, preset, engine and the configuration with its
// seed. Free with g_free.
char *reach_page_provenance(const ReachSnapshot *s);

/* ---- for the pages' classes ---- */

// reach_panel_class_set_template (reach-panel.h), a dispose that disposes the template (a page
// derives from GtkWidget directly), and the page's expand flags follow its template's (a stack page
// whose plots expand makes the plot column take its share of a wide window).
void reach_page_class_set_template(GtkWidgetClass *widget_class, const char *resource,
                                   const char *css_name);

/* ---- for the pages' export functions ---- */

// Appends to csv what write(fp, data) writes: the core's export schemas (docs/exports.md) write
// to a FILE*, so the app's files have the CLI's columns.
typedef void (*ReachPageCsvWriter)(FILE *fp, const void *data);
gboolean reach_page_csv_append(GString *csv, ReachPageCsvWriter write, const void *data,
                               GError **error);

G_END_DECLS
