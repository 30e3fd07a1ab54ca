// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-neural-view.h"

#include <adwaita.h>
#include <epoxy/gl.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reach-arm-gl.h"
#include "reach-panel.h"

// One stroke of the scene in PC space (centred): a segment a→b, or a disc at a (b = a). The
// GL path tessellates these once per network; the Cairo path walks them every frame.
typedef struct {
  float a[3], b[3];
  float rgba[4];
  float half;  // half width or radius (logical px)
  gboolean disc;
} Stroke;

// Vertex of shaders/neural.vert
typedef struct {
  float a[3], b[3];
  float shape[4];  // across, along, end, half width
  float rgba[4];
} Vertex;

struct _ReachNeuralView {
  GtkWidget parent_instance;
  // template children
  GtkWidget *overlay;
  GtkGLArea *gl_area;
  GtkDrawingArea *canvas;
  ReachPlot *plot;
  GtkLabel *legend_label;

  ReachNeural *neural;
  char *why;
  gboolean presentation;
  double yaw, pitch, drag_yaw, drag_pitch;
  double radius;  // largest distance of a point from the centre (PC units)
  float centre[3];
  GArray *strokes;  // Stroke, back to front
  gboolean strokes_dark, strokes_pres;
  float bg[3];
  int draws;
  // GL
  gboolean use_gl;
  GLuint program, vao, vbo;
  GLint u_rotation, u_viewport, u_center, u_zoom, u_px, u_radius, u_background;
  GLsizei n_vertices;
  gboolean upload;
};

G_DEFINE_FINAL_TYPE(ReachNeuralView, reach_neural_view, GTK_TYPE_WIDGET)

// A hue wheel without brown and grey (Tableau 10), so neighbouring targets get neighbouring hues.
static const guint32 target_palette[8] = {0xd62728, 0xff7f0e, 0xbcbd22, 0x2ca02c,
                                          0x17becf, 0x1f77b4, 0x9467bd, 0xe377c2};

void reach_neural_target_rgb(int b, int n, double rgb[3]) {
  guint32 c = target_palette[n > 0 ? (b * 8 / n) % 8 : 0];
  rgb[0] = ((c >> 16) & 0xff) / 255.0;
  rgb[1] = ((c >> 8) & 0xff) / 255.0;
  rgb[2] = (c & 0xff) / 255.0;
}

static gboolean is_dark(void) {
  return adw_style_manager_get_dark(adw_style_manager_get_default());
}

// The arm view's background (reach-arm-scene.c), so the two views read as one.
static void update_background(ReachNeuralView *self) {
  const float bg = self->presentation ? 1.0f : is_dark() ? 0x1e / 255.0f : 0xfa / 255.0f;
  self->bg[0] = self->bg[1] = self->bg[2] = bg;
}

/* ---- the scene ---- */

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void add_stroke(GArray *out, const double *a, const double *b, const float c[3], float alpha,
                       float half, gboolean disc, const float centre[3]) {
  Stroke s = {.half = half, .disc = disc};
  for (int j = 0; j < 3; j++) {
    s.a[j] = (float)a[j] - centre[j];
    s.b[j] = (float)b[j] - centre[j];
    s.rgba[j] = c[j];
  }
  s.rgba[3] = alpha;
  g_array_append_val(out, s);
}

// Target b's colour of B for network i: FF1 (i = 0) as is, FF2 (i = 1) mixed towards the
// background bg.
static void target_colour(int b, int B, int i, float bg, float c[3]) {
  double rgb[3];
  reach_neural_target_rgb(b, B, rgb);
  for (int j = 0; j < 3; j++) c[j] = i ? (float)(0.45 * rgb[j] + 0.55 * bg) : (float)rgb[j];
}

// FF2 batch 0 first and lighter (mixed towards the background), FF1 batch 0 over it; go-cue
// discs last, ringed in the ink colour so they read on any trajectory.
static void build_strokes(ReachNeuralView *self) {
  g_array_set_size(self->strokes, 0);
  const ReachNeural *n = self->neural;
  if (!n) return;
  const gboolean dark = is_dark(), pres = self->presentation;
  self->strokes_dark = dark;
  self->strokes_pres = pres;
  update_background(self);
  const float bg = self->bg[0];
  const float ink[3] = {dark && !pres ? 0.87f : 0.15f, dark && !pres ? 0.87f : 0.15f,
                        dark && !pres ? 0.85f : 0.18f};
  const float w = pres ? 1.5f : 1.0f;
  const int B = n->targets, T = n->steps;
  // centre and extent over both networks, so orbiting never changes the scale
  double sum[3] = {0, 0, 0};
  for (int i = 0; i < 2; i++)
    for (gsize k = 0; k < (gsize)B * (gsize)T; k++)
      for (int j = 0; j < 3; j++) sum[j] += n->pc[i][3 * k + j];
  for (int j = 0; j < 3; j++) self->centre[j] = (float)(sum[j] / (2.0 * B * T));
  // The extent is the 95th percentile of the distances: the first few states after h0 = 0 lie far
  // out and would otherwise shrink the picture of everything else (they run off the edge).
  const gsize np = 2 * (gsize)B * (gsize)T;
  g_autofree double *dist = g_new(double, np);
  for (int i = 0; i < 2; i++)
    for (gsize k = 0; k < (gsize)B * (gsize)T; k++) {
      double d = 0;
      for (int j = 0; j < 3; j++) d += pow(n->pc[i][3 * k + j] - self->centre[j], 2);
      dist[(gsize)i * (gsize)B * (gsize)T + k] = sqrt(d);
    }
  qsort(dist, np, sizeof *dist, compare_double);
  self->radius = dist[(gsize)(0.95 * (double)(np - 1))];
  if (!(self->radius > 0)) self->radius = 1.0;
  for (int i = 1; i >= 0; i--)
    for (int b = 0; b < B; b++) {
      float c[3];
      target_colour(b, B, i, bg, c);
      const double *p = n->pc[i] + (gsize)b * (gsize)T * 3;
      for (int k = 0; k + 1 < T; k++)
        add_stroke(self->strokes, p + 3 * k, p + 3 * (k + 1), c, 1.0f, (i ? 1.1f : 1.5f) * w, FALSE,
                   self->centre);
    }
  for (int i = 1; i >= 0; i--)
    for (int b = 0; b < B; b++) {
      float c[3];
      target_colour(b, B, i, bg, c);
      const double *g = n->pc[i] + ((gsize)b * (gsize)T + (gsize)n->go_index) * 3;
      float r = (i ? 3.5f : 5.0f) * w;
      add_stroke(self->strokes, g, g, ink, i ? 0.5f : 1.0f, r + 1.3f * w, TRUE, self->centre);
      add_stroke(self->strokes, g, g, c, 1.0f, r, TRUE, self->centre);
    }
  self->upload = TRUE;
}

static void ensure_strokes(ReachNeuralView *self) {
  if (self->neural && (self->strokes->len == 0 || self->strokes_dark != is_dark() ||
                       self->strokes_pres != self->presentation))
    build_strokes(self);
}

// Rows: screen x, screen y (up), towards the viewer. Yaw about the vertical, then pitch.
static void rotation(const ReachNeuralView *self, double R[3][3]) {
  double cy = cos(self->yaw), sy = sin(self->yaw), cp = cos(self->pitch), sp = sin(self->pitch);
  double Ry[3][3] = {{cy, 0, sy}, {0, 1, 0}, {-sy, 0, cy}};
  double Rx[3][3] = {{1, 0, 0}, {0, cp, -sp}, {0, sp, cp}};
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      R[i][j] = 0;
      for (int k = 0; k < 3; k++) R[i][j] += Rx[i][k] * Ry[k][j];
    }
}

static void frame(const ReachNeuralView *self, int width, int height, double *cx, double *cy,
                  double *zoom) {
  *cx = 0.5 * width;
  *cy = 0.5 * height;
  *zoom = 0.44 * MIN(width, height) / self->radius;
}

// The projection of shaders/neural.vert, for the Cairo path and for callers.
static void project(const ReachNeuralView *self, const double R[3][3], const float p[3], int width,
                    int height, double out[3]) {
  double cx, cy, zoom;
  frame(self, width, height, &cx, &cy, &zoom);
  double r[3];
  for (int i = 0; i < 3; i++) r[i] = R[i][0] * p[0] + R[i][1] * p[1] + R[i][2] * p[2];
  out[0] = cx + zoom * r[0];
  out[1] = cy - zoom * r[1];
  out[2] = r[2];
}

void reach_neural_view_project(ReachNeuralView *self, const double p[3], int width, int height,
                               double *x, double *y) {
  ensure_strokes(self);
  double R[3][3], out[3];
  rotation(self, R);
  float c[3] = {(float)p[0] - self->centre[0], (float)p[1] - self->centre[1],
                (float)p[2] - self->centre[2]};
  project(self, R, c, width, height, out);
  *x = out[0];
  *y = out[1];
}

static double fade_of(const ReachNeuralView *self, double z) {
  return 0.45 * CLAMP(0.5 - 0.5 * z / self->radius, 0.0, 1.0);
}

static void draw_strokes_cairo(ReachNeuralView *self, cairo_t *cr, int W, int H) {
  double R[3][3];
  rotation(self, R);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < self->strokes->len; i++) {
    const Stroke *s = &g_array_index(self->strokes, Stroke, i);
    double pa[3], pb[3];
    project(self, R, s->a, W, H, pa);
    project(self, R, s->b, W, H, pb);
    double f = fade_of(self, 0.5 * (pa[2] + pb[2]));
    cairo_set_source_rgba(cr, s->rgba[0] + f * (self->bg[0] - s->rgba[0]),
                          s->rgba[1] + f * (self->bg[1] - s->rgba[1]),
                          s->rgba[2] + f * (self->bg[2] - s->rgba[2]), s->rgba[3]);
    if (s->disc) {
      cairo_arc(cr, pa[0], pa[1], s->half, 0, 2 * G_PI);
      cairo_fill(cr);
    } else {
      cairo_set_line_width(cr, 2 * s->half);
      cairo_move_to(cr, pa[0], pa[1]);
      cairo_line_to(cr, pb[0], pb[1]);
      cairo_stroke(cr);
    }
  }
}

// The axes' directions (bottom left) and the hint; over the GL picture or the Cairo one.
static void draw_overlay(ReachNeuralView *self, cairo_t *cr, int W, int H) {
  GdkRGBA fg;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color(gtk_widget_get_style_context(GTK_WIDGET(self->canvas)), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  PangoLayout *layout = gtk_widget_create_pango_layout(GTK_WIDGET(self->canvas), NULL);
  if (!self->neural) {
    pango_layout_set_text(layout, self->why ? self->why : _("Waiting for a trained network"), -1);
    pango_layout_set_width(layout, (W - 40) * PANGO_SCALE);
    pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
    int tw, th;
    pango_layout_get_pixel_size(layout, &tw, &th);
    cairo_set_source_rgba(cr, fg.red, fg.green, fg.blue, 0.6);
    cairo_move_to(cr, 20, 0.5 * (H - th));
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
    return;
  }
  double R[3][3];
  rotation(self, R);
  const double L = self->presentation ? 34 : 26, ox = 16 + L, oy = H - 16 - L;
  cairo_set_line_width(cr, 1.5);
  for (int j = 0; j < 3; j++) {
    double ex = ox + L * R[0][j], ey = oy - L * R[1][j];
    cairo_set_source_rgba(cr, fg.red, fg.green, fg.blue, R[2][j] < 0 ? 0.45 : 0.85);
    cairo_move_to(cr, ox, oy);
    cairo_line_to(cr, ex, ey);
    cairo_stroke(cr);
    g_autofree char *text = g_strdup_printf("PC%d", j + 1);
    pango_layout_set_text(layout, text, -1);
    int tw, th;
    pango_layout_get_pixel_size(layout, &tw, &th);
    // the label just beyond the axis' tip, in its on-screen direction
    double dx = R[0][j], dy = -R[1][j], len = hypot(dx, dy);
    if (len > 1e-3) dx /= len, dy /= len;
    cairo_move_to(cr, ex + dx * (0.5 * tw + 4) - 0.5 * tw, ey + dy * (0.5 * th + 2) - 0.5 * th);
    pango_cairo_show_layout(cr, layout);
  }
  g_object_unref(layout);
}

static void canvas_draw(GtkDrawingArea *area, cairo_t *cr, int W, int H, gpointer data) {
  (void)area;
  ReachNeuralView *self = data;
  ensure_strokes(self);
  if (!self->use_gl) {
    update_background(self);
    cairo_set_source_rgb(cr, self->bg[0], self->bg[1], self->bg[2]);
    cairo_paint(cr);
    if (self->neural) draw_strokes_cairo(self, cr, W, H);
    self->draws++;
  }
  draw_overlay(self, cr, W, H);
}

/* ---- GL ---- */

static void tessellate(const ReachNeuralView *self, GArray *out) {
  for (guint i = 0; i < self->strokes->len; i++) {
    const Stroke *s = &g_array_index(self->strokes, Stroke, i);
    // a disc: a square around its centre; a segment: a quad from a to b
    static const float disc[6][3] = {{-1, -1, 0}, {1, -1, 0}, {1, 1, 0},
                                     {-1, -1, 0}, {1, 1, 0},  {-1, 1, 0}};
    static const float seg[6][3] = {{1, 0, 0}, {-1, 0, 0}, {1, 0, 1},
                                    {1, 0, 1}, {-1, 0, 0}, {-1, 0, 1}};
    const float(*c)[3] = s->disc ? disc : seg;
    for (int k = 0; k < 6; k++) {
      Vertex v;
      memcpy(v.a, s->a, sizeof v.a);
      memcpy(v.b, s->b, sizeof v.b);
      v.shape[0] = c[k][0];
      v.shape[1] = c[k][1];
      v.shape[2] = c[k][2];
      v.shape[3] = s->half;
      memcpy(v.rgba, s->rgba, sizeof v.rgba);
      g_array_append_val(out, v);
    }
  }
}

static void fall_back_to_cairo(ReachNeuralView *self, const char *why) {
  g_debug("neural view: drawing with Cairo (%s)", why);
  // the area stays in place (a GtkGLArea with an error draws nothing); the canvas over it paints
  // the whole picture
  self->use_gl = FALSE;
  gtk_widget_queue_draw(GTK_WIDGET(self->canvas));
}

static void gl_realize(GtkGLArea *area, gpointer data) {
  ReachNeuralView *self = data;
  gtk_gl_area_make_current(area);
  GError *err = gtk_gl_area_get_error(area);
  if (err) {
    fall_back_to_cairo(self, err->message);
    return;
  }
  static const char *const attribs[] = {"a", "b", "shape", "color", NULL};
  g_autoptr(GError) error = NULL;
  self->program =
      reach_gl_program_new("/org/reachlab/ReachLab/shaders/neural.vert",
                           "/org/reachlab/ReachLab/shaders/neural.frag", attribs, &error);
  if (!self->program) {
    fall_back_to_cairo(self, error->message);
    return;
  }
  GLuint p = self->program;
  self->u_rotation = glGetUniformLocation(p, "rotation");
  self->u_viewport = glGetUniformLocation(p, "viewport");
  self->u_center = glGetUniformLocation(p, "center");
  self->u_zoom = glGetUniformLocation(p, "zoom");
  self->u_px = glGetUniformLocation(p, "px");
  self->u_radius = glGetUniformLocation(p, "radius");
  self->u_background = glGetUniformLocation(p, "background");
  glGenVertexArrays(1, &self->vao);
  glGenBuffers(1, &self->vbo);
  glBindVertexArray(self->vao);
  glBindBuffer(GL_ARRAY_BUFFER, self->vbo);
  static const struct {
    int size;
    gsize offset;
  } attr[] = {{3, G_STRUCT_OFFSET(Vertex, a)},
              {3, G_STRUCT_OFFSET(Vertex, b)},
              {4, G_STRUCT_OFFSET(Vertex, shape)},
              {4, G_STRUCT_OFFSET(Vertex, rgba)}};
  for (GLuint i = 0; i < G_N_ELEMENTS(attr); i++) {
    glEnableVertexAttribArray(i);
    glVertexAttribPointer(i, attr[i].size, GL_FLOAT, GL_FALSE, sizeof(Vertex),
                          (void *)attr[i].offset);
  }
  glBindVertexArray(0);
  self->upload = TRUE;
}

static void gl_unrealize(GtkGLArea *area, gpointer data) {
  ReachNeuralView *self = data;
  gtk_gl_area_make_current(area);
  if (!gtk_gl_area_get_error(area) && self->program) {
    glDeleteBuffers(1, &self->vbo);
    glDeleteVertexArrays(1, &self->vao);
    glDeleteProgram(self->program);
  }
  self->program = self->vao = self->vbo = 0;
}

static gboolean gl_render(GtkGLArea *area, GdkGLContext *ctx, gpointer data) {
  (void)ctx;
  ReachNeuralView *self = data;
  if (!self->program) return FALSE;
  ensure_strokes(self);
  GtkWidget *w = GTK_WIDGET(area);
  const int width = gtk_widget_get_width(w), height = gtk_widget_get_height(w);
  const double scale = gtk_widget_get_scale_factor(w);
  const int W = (int)lround(width * scale), H = (int)lround(height * scale);
  update_background(self);
  glViewport(0, 0, W, H);
  glClearColor(self->bg[0], self->bg[1], self->bg[2], 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  self->draws++;
  if (!self->neural) return TRUE;
  if (self->upload) {
    g_autoptr(GArray) v = g_array_new(FALSE, FALSE, sizeof(Vertex));
    tessellate(self, v);
    glBindBuffer(GL_ARRAY_BUFFER, self->vbo);
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(v->len * sizeof(Vertex)), v->data, GL_STATIC_DRAW);
    self->n_vertices = (GLsizei)v->len;
    self->upload = FALSE;
  }
  double R[3][3], cx, cy, zoom;
  rotation(self, R);
  frame(self, width, height, &cx, &cy, &zoom);
  float Rf[9];
  for (int i = 0; i < 9; i++) Rf[i] = (float)R[i / 3][i % 3];
  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glUseProgram(self->program);
  glUniformMatrix3fv(self->u_rotation, 1, GL_TRUE, Rf);
  glUniform2f(self->u_viewport, (float)W, (float)H);
  glUniform2f(self->u_center, (float)(cx * scale), (float)(cy * scale));
  glUniform1f(self->u_zoom, (float)(zoom * scale));
  glUniform1f(self->u_px, (float)scale);
  glUniform1f(self->u_radius, (float)self->radius);
  glUniform3f(self->u_background, self->bg[0], self->bg[1], self->bg[2]);
  glBindVertexArray(self->vao);
  glDrawArrays(GL_TRIANGLES, 0, self->n_vertices);
  glBindVertexArray(0);
  glUseProgram(0);
  return TRUE;
}

static void redraw(ReachNeuralView *self) {
  if (self->use_gl) gtk_gl_area_queue_render(self->gl_area);
  gtk_widget_queue_draw(GTK_WIDGET(self->canvas));
}

/* ---- orbit ---- */

static void drag_begin(GtkGestureDrag *g, double x, double y, ReachNeuralView *self) {
  (void)g;
  (void)x;
  (void)y;
  self->drag_yaw = self->yaw;
  self->drag_pitch = self->pitch;
}

static void drag_update(GtkGestureDrag *g, double dx, double dy, ReachNeuralView *self) {
  (void)g;
  // half a turn across a 300-pixel drag; pitch stops short of looking straight down
  reach_neural_view_set_orbit(self, self->drag_yaw + dx * G_PI / 300.0,
                              self->drag_pitch + dy * G_PI / 300.0);
}

/* ---- the PC1–PC2 figure ---- */

static void update_plot(ReachNeuralView *self) {
  const ReachNeural *n = self->neural;
  g_autoptr(ReachPlotData) d =
      reach_plot_data_new(_("Hidden state, FF1 vs FF2 batch 0"), _("PC1"), _("PC2"));
  if (!n) {
    reach_plot_data_set_placeholder(d, self->why ? self->why : _("Waiting for a trained network"));
    reach_plot_set_data(self->plot, d);
    return;
  }
  const int B = n->targets, T = n->steps;
  g_autofree double *x = g_new(double, (gsize)T);
  g_autofree double *y = g_new(double, (gsize)T);
  g_autofree double *gx = g_new(double, (gsize)B);
  g_autofree double *gy = g_new(double, (gsize)B);
  for (int i = 0; i < 2; i++) {
    for (int b = 0; b < B; b++) {
      const double *p = n->pc[i] + (gsize)b * (gsize)T * 3;
      for (int k = 0; k < T; k++) x[k] = p[3 * k], y[k] = p[3 * k + 1];
      gx[b] = p[3 * n->go_index];
      gy[b] = p[3 * n->go_index + 1];
      reach_plot_data_add_series(d, x, y, T, i ? REACH_PLOT_RED : REACH_PLOT_ORANGE, i ? 1.0 : 2.0,
                                 b   ? NULL
                                 : i ? _("FF2 batch 0")
                                     : _("FF1 batch 0"));
    }
    reach_plot_data_add_points(d, gx, gy, B, REACH_PLOT_GREY, i ? NULL : _("go cue"));
  }
  // equal ranges on both axes, so the picture is not stretched
  double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
  for (int i = 0; i < 2; i++)
    for (gsize k = 0; k < (gsize)B * (gsize)T; k++)
      for (int j = 0; j < 2; j++)
        lo[j] = MIN(lo[j], n->pc[i][3 * k + j]), hi[j] = MAX(hi[j], n->pc[i][3 * k + j]);
  double span = 1.1 * MAX(hi[0] - lo[0], hi[1] - lo[1]);
  double mx = 0.5 * (lo[0] + hi[0]), my = 0.5 * (lo[1] + hi[1]);
  reach_plot_data_set_range(d, mx - 0.5 * span, mx + 0.5 * span, my - 0.5 * span, my + 0.5 * span);
  reach_plot_set_data(self->plot, d);
}

static void update_legend(ReachNeuralView *self) {
  const ReachNeural *n = self->neural;
  if (!n) {
    gtk_label_set_text(self->legend_label, "");
    return;
  }
  g_autofree char *text =
      g_strdup_printf(_("Bold: FF1 batch 0 · light: FF2 batch 0 · disc: go\n"
                        "PCs of FF1 batch 0: %.0f %%, %.0f %%, %.0f %% · drag to turn"),
                      100 * n->pca_ratio[0], 100 * n->pca_ratio[1], 100 * n->pca_ratio[2]);
  gtk_label_set_text(self->legend_label, text);
}

/* ---- GObject ---- */

static void dark_changed(ReachNeuralView *self) { redraw(self); }

static void reach_neural_view_dispose(GObject *object) {
  ReachNeuralView *self = REACH_NEURAL_VIEW(object);
  reach_panel_dispose_template(GTK_WIDGET(self), REACH_TYPE_NEURAL_VIEW);
  G_OBJECT_CLASS(reach_neural_view_parent_class)->dispose(object);
}

static void reach_neural_view_finalize(GObject *object) {
  ReachNeuralView *self = REACH_NEURAL_VIEW(object);
  reach_neural_unref(self->neural);
  g_free(self->why);
  g_array_unref(self->strokes);
  G_OBJECT_CLASS(reach_neural_view_parent_class)->finalize(object);
}

static void reach_neural_view_class_init(ReachNeuralViewClass *klass) {
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  object_class->dispose = reach_neural_view_dispose;
  object_class->finalize = reach_neural_view_finalize;
  reach_panel_class_set_template(widget_class, "/org/reachlab/ReachLab/ui/reach-neural-view.ui",
                                 "neuralview");
  gtk_widget_class_bind_template_child(widget_class, ReachNeuralView, overlay);
  gtk_widget_class_bind_template_child(widget_class, ReachNeuralView, gl_area);
  gtk_widget_class_bind_template_child(widget_class, ReachNeuralView, canvas);
  gtk_widget_class_bind_template_child(widget_class, ReachNeuralView, plot);
  gtk_widget_class_bind_template_child(widget_class, ReachNeuralView, legend_label);
}

static void reach_neural_view_init(ReachNeuralView *self) {
  gtk_widget_init_template(GTK_WIDGET(self));
  self->strokes = g_array_new(FALSE, FALSE, sizeof(Stroke));
  self->yaw = 0.5;
  self->pitch = 0.35;
  self->radius = 1.0;
  self->use_gl = g_strcmp0(g_getenv("REACH_ARM_VIEW"), "cairo") != 0;
  gtk_gl_area_set_required_version(self->gl_area, 3, 2);
  g_signal_connect(self->gl_area, "realize", G_CALLBACK(gl_realize), self);
  g_signal_connect(self->gl_area, "unrealize", G_CALLBACK(gl_unrealize), self);
  g_signal_connect(self->gl_area, "render", G_CALLBACK(gl_render), self);
  gtk_drawing_area_set_draw_func(self->canvas, canvas_draw, self, NULL);
  GtkGesture *drag = gtk_gesture_drag_new();
  g_signal_connect(drag, "drag-begin", G_CALLBACK(drag_begin), self);
  g_signal_connect(drag, "drag-update", G_CALLBACK(drag_update), self);
  gtk_widget_add_controller(self->overlay, GTK_EVENT_CONTROLLER(drag));
  g_signal_connect_object(adw_style_manager_get_default(), "notify::dark", G_CALLBACK(dark_changed),
                          self, G_CONNECT_SWAPPED);
  update_plot(self);
}

void reach_neural_view_set_neural(ReachNeuralView *self, ReachNeural *n, const char *why) {
  g_return_if_fail(REACH_IS_NEURAL_VIEW(self));
  if (n == self->neural && g_strcmp0(why, self->why) == 0) return;
  reach_neural_unref(self->neural);
  self->neural = n ? reach_neural_ref(n) : NULL;
  g_free(self->why);
  self->why = g_strdup(why);
  g_array_set_size(self->strokes, 0);
  ensure_strokes(self);
  update_plot(self);
  update_legend(self);
  redraw(self);
}

void reach_neural_view_set_presentation(ReachNeuralView *self, gboolean on) {
  self->presentation = on;
  reach_plot_set_presentation(self->plot, on);
  redraw(self);
}

void reach_neural_view_set_orbit(ReachNeuralView *self, double yaw, double pitch) {
  self->yaw = fmod(yaw, 2 * G_PI);
  self->pitch = CLAMP(pitch, -0.47 * G_PI, 0.47 * G_PI);
  redraw(self);
}

void reach_neural_view_get_orbit(ReachNeuralView *self, double *yaw, double *pitch) {
  if (yaw) *yaw = self->yaw;
  if (pitch) *pitch = self->pitch;
}

GtkWidget *reach_neural_view_get_canvas(ReachNeuralView *self) { return self->overlay; }
ReachPlot *reach_neural_view_get_plot(ReachNeuralView *self) { return self->plot; }
const char *reach_neural_view_get_renderer(ReachNeuralView *self) {
  return self->use_gl ? "GL" : "Cairo";
}
int reach_neural_view_get_draw_count(ReachNeuralView *self) { return self->draws; }
