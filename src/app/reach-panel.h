// SPDX-License-Identifier: GPL-3.0-or-later
// What every panel and page of plots shares (the ring, shift and neural-view panels, the
// Learning, Context, Network and Tool pages): a .ui template whose one root box fills the widget
// (bin layout), under the widget's own CSS node name.
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

// Call from class_init, then bind the template's children. Makes sure the widget types a
// template may hold (ReachPlot) exist first.
void reach_panel_class_set_template(GtkWidgetClass *widget_class, const char *resource,
                                    const char *css_name);
// From dispose: disposes the template of `type` and unparents the root box, which has no id, so
// gtk_widget_dispose_template leaves it.
void reach_panel_dispose_template(GtkWidget *panel, GType type);

G_END_DECLS
