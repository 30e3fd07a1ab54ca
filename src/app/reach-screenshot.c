// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-screenshot.h"

#include <glib/gi18n.h>

GdkTexture *reach_widget_render_texture(GtkWidget *widget, GError **error) {
  int w = gtk_widget_get_width(widget), h = gtk_widget_get_height(widget);
  GtkNative *native = gtk_widget_get_native(widget);
  GskRenderer *renderer = native ? gtk_native_get_renderer(native) : NULL;
  if (w <= 0 || h <= 0 || !renderer) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                _("The window is not on screen yet (size %d×%d)"), w, h);
    return NULL;
  }
  GdkPaintable *paintable = gtk_widget_paintable_new(widget);
  GtkSnapshot *snapshot = gtk_snapshot_new();
  gdk_paintable_snapshot(paintable, GDK_SNAPSHOT(snapshot), w, h);
  GskRenderNode *node = gtk_snapshot_free_to_node(snapshot);
  g_object_unref(paintable);
  if (!node) {
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window drew nothing"));
    return NULL;
  }
  GdkTexture *tex =
      gsk_renderer_render_texture(renderer, node, &GRAPHENE_RECT_INIT(0, 0, (float)w, (float)h));
  gsk_render_node_unref(node);
  return tex;
}

gboolean reach_widget_save_png(GtkWidget *widget, const char *path, GError **error) {
  GdkTexture *tex = reach_widget_render_texture(widget, error);
  if (!tex) return FALSE;
  gboolean ok = gdk_texture_save_to_png(tex, path);
  g_object_unref(tex);
  if (!ok) g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s"), path);
  return ok;
}
