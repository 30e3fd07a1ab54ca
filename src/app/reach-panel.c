// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-panel.h"

#include "reach-plot.h"

void reach_panel_class_set_template(GtkWidgetClass *widget_class, const char *resource,
                                    const char *css_name) {
  g_type_ensure(REACH_TYPE_PLOT);  // a template may hold ReachPlots: the type must exist first
  gtk_widget_class_set_template_from_resource(widget_class, resource);
  gtk_widget_class_set_layout_manager_type(widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name(widget_class, css_name);
}

void reach_panel_dispose_template(GtkWidget *panel, GType type) {
  gtk_widget_dispose_template(panel, type);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child(panel))) gtk_widget_unparent(child);
}
