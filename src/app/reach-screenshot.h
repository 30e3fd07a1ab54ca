// SPDX-License-Identifier: GPL-3.0-or-later
// The window's picture as a PNG: snapshot the window through a GtkWidgetPaintable, render the
// node with the window's own renderer, save the texture (ui-and-style-anchors §3.2).
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

// Renders `widget` (a realized, mapped widget) into a texture. Returns a new reference, or NULL
// with an error.
GdkTexture *reach_widget_render_texture(GtkWidget *widget, GError **error);
gboolean reach_widget_save_png(GtkWidget *widget, const char *path, GError **error);

G_END_DECLS
