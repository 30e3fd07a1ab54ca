// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-page.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "io/provenance.h"
#include "reach-panel.h"

G_DEFINE_INTERFACE(ReachPage, reach_page, GTK_TYPE_WIDGET)

static void reach_page_default_init(ReachPageInterface *iface) { (void)iface; }

void reach_page_update(ReachPage *page, const ReachSnapshot *s) {
  g_return_if_fail(REACH_IS_PAGE(page) && s);
  REACH_PAGE_GET_IFACE(page)->update(page, s);
}

void reach_page_reset(ReachPage *page) {
  g_return_if_fail(REACH_IS_PAGE(page));
  ReachPageInterface *iface = REACH_PAGE_GET_IFACE(page);
  if (iface->reset) iface->reset(page);
}

void reach_page_set_presentation(ReachPage *page, gboolean on) {
  g_return_if_fail(REACH_IS_PAGE(page));
  REACH_PAGE_GET_IFACE(page)->set_presentation(page, on);
}

ReachPlot *reach_page_get_plot(ReachPage *page, const char *name) {
  g_return_val_if_fail(REACH_IS_PAGE(page), NULL);
  return REACH_PAGE_GET_IFACE(page)->get_plot(page, name);
}

gboolean reach_page_can_export(ReachPage *page, const ReachSnapshot *s) {
  g_return_val_if_fail(REACH_IS_PAGE(page), FALSE);
  ReachPageInterface *iface = REACH_PAGE_GET_IFACE(page);
  return s && (!iface->can_export || iface->can_export(page, s));
}

// GtkWidget does not pass its children's expand flags up by itself; a container must.
static void compute_expand(GtkWidget *widget, gboolean *hexpand, gboolean *vexpand) {
  *hexpand = *vexpand = FALSE;
  for (GtkWidget *c = gtk_widget_get_first_child(widget); c; c = gtk_widget_get_next_sibling(c)) {
    *hexpand = *hexpand || gtk_widget_compute_expand(c, GTK_ORIENTATION_HORIZONTAL);
    *vexpand = *vexpand || gtk_widget_compute_expand(c, GTK_ORIENTATION_VERTICAL);
  }
}

// Every page is a GtkWidget holding its template: disposing it disposes the template.
static void page_dispose(GObject *object) {
  reach_panel_dispose_template(GTK_WIDGET(object), G_OBJECT_TYPE(object));
  G_OBJECT_CLASS(g_type_class_peek(GTK_TYPE_WIDGET))->dispose(object);
}

void reach_page_class_set_template(GtkWidgetClass *widget_class, const char *resource,
                                   const char *css_name) {
  reach_panel_class_set_template(widget_class, resource, css_name);
  widget_class->compute_expand = compute_expand;
  G_OBJECT_CLASS(widget_class)->dispose = page_dispose;
}

// path without its extension, and the extension (".svg" when there is none)
static char *split_path(const char *path, const char **ext) {
  const char *dot = strrchr(path, '.');
  if (ext) *ext = dot ? dot : ".svg";
  return dot ? g_strndup(path, (gsize)(dot - path)) : g_strdup(path);
}

char *reach_page_provenance(const ReachSnapshot *s) {
  char *t = reach_provenance_text("export", s->model_label, s->preset ? s->preset : "(built in)",
                                  s->engine, NULL, s->config_text);
  char *g = g_strdup(t);
  free(t);
  return g;
}

// Each figure that has data as `path`'s stem + suffix + `path`'s extension (.svg when it has
// none), 900 × 560 points, carrying the provenance.
static gboolean export_figures(const char *path, const ReachPageFigure *figs, gsize n,
                               const char *provenance, GError **error) {
  const char *ext;
  g_autofree char *stem = split_path(path, &ext);
  for (gsize i = 0; i < n; i++) {
    if (!figs[i].plot || !reach_plot_get_data(figs[i].plot)) continue;
    g_autofree char *name = g_strconcat(stem, figs[i].suffix, ext, NULL);
    if (!reach_plot_data_export(reach_plot_get_data(figs[i].plot), name, 900, 560, provenance,
                                error))
      return FALSE;
  }
  return TRUE;
}

gboolean reach_page_export(ReachPage *page, const ReachSnapshot *s, const char *path,
                           GError **error) {
  g_return_val_if_fail(REACH_IS_PAGE(page) && s && path, FALSE);
  ReachPageInterface *iface = REACH_PAGE_GET_IFACE(page);
  ReachPageFigure figs[REACH_PAGE_MAX_FIGURES] = {{0}};
  const gsize n = iface->figures ? iface->figures(page, figs) : 0;
  g_autofree char *provenance = reach_page_provenance(s);
  if (!export_figures(path, figs, MIN(n, (gsize)REACH_PAGE_MAX_FIGURES), provenance, error))
    return FALSE;
  // the CSV: the provenance as comment lines, then the page's rows
  GString *csv = g_string_new(NULL);
  g_auto(GStrv) lines = g_strsplit(provenance ? provenance : "", "\n", -1);
  for (int i = 0; lines[i]; i++)
    if (lines[i][0]) g_string_append_printf(csv, "# %s\n", lines[i]);
  if (iface->append_csv && !iface->append_csv(page, s, csv, error)) {
    g_string_free(csv, TRUE);
    return FALSE;
  }
  g_autofree char *stem = split_path(path, NULL);
  g_autofree char *csv_path = g_strconcat(stem, ".csv", NULL);
  gboolean ok = g_file_set_contents(csv_path, csv->str, (gssize)csv->len, error);
  g_string_free(csv, TRUE);
  return ok;
}

gboolean reach_page_csv_append(GString *csv, ReachPageCsvWriter write, const void *data,
                               GError **error) {
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  if (!fp) {
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "CSV buffer: %s",
                g_strerror(errno));
    return FALSE;
  }
  // The core writes with printf, and the app runs in the user's locale: "." as the decimal point
  // whatever LC_NUMERIC says (docs/exports.md), for this thread only.
  locale_t c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
  locale_t old = c_numeric ? uselocale(c_numeric) : (locale_t)0;
  write(fp, data);
  if (c_numeric) {
    uselocale(old);
    freelocale(c_numeric);
  }
  const gboolean ok = !ferror(fp);
  if (fclose(fp) != 0 || !ok) {
    free(buf);
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOMEM,
                "CSV buffer: the rows could not be written");
    return FALSE;
  }
  g_string_append_len(csv, buf, (gssize)len);
  free(buf);
  return TRUE;
}
