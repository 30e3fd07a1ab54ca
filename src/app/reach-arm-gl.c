// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-arm-gl.h"

#include <epoxy/gl.h>
#include <gio/gio.h>
#include <math.h>

/* ---- tessellation (plain C, no GL) ---- */

typedef struct {
  GArray *v;
  ReachRGBA c;
} Tess;

static void vert(Tess *t, double x, double y, double edge, double half) {
  ReachArmVertex v = {(float)x, (float)y, t->c.r, t->c.g, t->c.b, t->c.a, (float)edge, (float)half};
  g_array_append_val(t->v, v);
}

// A straight stroke a→b of half width h (pixels), widened by one pixel for the soft edge.
static void segment(Tess *t, double ax, double ay, double bx, double by, double h) {
  double dx = bx - ax, dy = by - ay, len = hypot(dx, dy);
  if (len < 1e-6) return;
  double nx = -dy / len * (h + 1), ny = dx / len * (h + 1);
  double e = h + 1;
  vert(t, ax + nx, ay + ny, e, h);
  vert(t, ax - nx, ay - ny, -e, h);
  vert(t, bx + nx, by + ny, e, h);
  vert(t, bx + nx, by + ny, e, h);
  vert(t, ax - nx, ay - ny, -e, h);
  vert(t, bx - nx, by - ny, -e, h);
}

// A filled disc of radius r with a soft rim: a fan whose edge value is the distance from the
// centre.
static void disc(Tess *t, double cx, double cy, double r) {
  int n = CLAMP((int)(r * 1.5), 8, 96);
  double R = r + 1;
  for (int k = 0; k < n; k++) {
    double a0 = 2 * G_PI * k / n, a1 = 2 * G_PI * (k + 1) / n;
    vert(t, cx, cy, 0, r);
    vert(t, cx + R * cos(a0), cy + R * sin(a0), R, r);
    vert(t, cx + R * cos(a1), cy + R * sin(a1), R, r);
  }
}

// A ring of radius r and half width h.
static void ring(Tess *t, double cx, double cy, double r, double h) {
  int n = CLAMP((int)(r * 1.5), 16, 128);
  double ri = MAX(r - h - 1, 0), ro = r + h + 1;
  for (int k = 0; k < n; k++) {
    double a0 = 2 * G_PI * k / n, a1 = 2 * G_PI * (k + 1) / n;
    double c0 = cos(a0), s0 = sin(a0), c1 = cos(a1), s1 = sin(a1);
    vert(t, cx + ri * c0, cy + ri * s0, ri - r, h);
    vert(t, cx + ro * c0, cy + ro * s0, ro - r, h);
    vert(t, cx + ro * c1, cy + ro * s1, ro - r, h);
    vert(t, cx + ri * c0, cy + ri * s0, ri - r, h);
    vert(t, cx + ro * c1, cy + ro * s1, ro - r, h);
    vert(t, cx + ri * c1, cy + ri * s1, ri - r, h);
  }
}

void reach_arm_scene_tessellate(const ReachArmScene *s, int width, int height, double scale,
                                GArray *out) {
  double k, ox, oy;
  reach_arm_scene_transform(s, width, height, &k, &ox, &oy);
  k *= scale, ox *= scale, oy *= scale;
  const float(*pt)[2] = (const float(*)[2])(const void *)s->points->data;
  Tess t = {out, {0, 0, 0, 0}};
#define PX(i) (ox + k * pt[i][0])
#define PY(i) (oy - k * pt[i][1])
  for (guint i = 0; i < s->prims->len; i++) {
    const ReachPrim *p = &g_array_index(s->prims, ReachPrim, i);
    t.c = p->color;
    double h = 0.5 * (p->world_width ? p->width * k : p->width * s->px_scale * scale);
    switch (p->kind) {
      case REACH_PRIM_POLYLINE:
        if (p->width < 0) {
          // filled: a fan from the centroid (the scene's fills are star-shaped about it)
          double cx = 0, cy = 0;
          for (guint j = 0; j < p->n; j++) cx += PX(p->first + j), cy += PY(p->first + j);
          cx /= p->n, cy /= p->n;
          for (guint j = 0; j + 1 < p->n; j++) {
            vert(&t, cx, cy, 0, 1e6);
            vert(&t, PX(p->first + j), PY(p->first + j), 0, 1e6);
            vert(&t, PX(p->first + j + 1), PY(p->first + j + 1), 0, 1e6);
          }
        } else {
          for (guint j = 0; j + 1 < p->n; j++)
            segment(&t, PX(p->first + j), PY(p->first + j), PX(p->first + j + 1),
                    PY(p->first + j + 1), h);
          // round joins and caps where the stroke is opaque (translucent ones would darken)
          if (p->color.a >= 0.99f && h >= 1.5)
            for (guint j = 0; j < p->n; j++) disc(&t, PX(p->first + j), PY(p->first + j), h);
        }
        break;
      case REACH_PRIM_RIBBON: {
        // left side then right side reversed: a strip between the two
        guint m = (p->n - 1) / 2;
        for (guint j = 0; j + 1 < m; j++) {
          guint l0 = p->first + j, l1 = l0 + 1;
          guint r0 = p->first + 2 * m - 1 - j, r1 = r0 - 1;
          vert(&t, PX(l0), PY(l0), 0, 1e6);
          vert(&t, PX(r0), PY(r0), 0, 1e6);
          vert(&t, PX(l1), PY(l1), 0, 1e6);
          vert(&t, PX(l1), PY(l1), 0, 1e6);
          vert(&t, PX(r0), PY(r0), 0, 1e6);
          vert(&t, PX(r1), PY(r1), 0, 1e6);
        }
        break;
      }
      case REACH_PRIM_CIRCLE: ring(&t, PX(p->first), PY(p->first), p->radius * k, h); break;
      case REACH_PRIM_DISC: disc(&t, PX(p->first), PY(p->first), p->radius * k); break;
      case REACH_PRIM_ARROW: {
        double ax = PX(p->first), ay = PY(p->first), bx = PX(p->first + 1), by = PY(p->first + 1);
        double dx = bx - ax, dy = by - ay, len = hypot(dx, dy);
        if (len < 1e-6) break;
        double lw = 2 * h, ux = dx / len, uy = dy / len,
               head = MIN(len * 0.45, 3.5 * lw + 3.0 * scale);
        segment(&t, ax, ay, bx - 0.6 * head * ux, by - 0.6 * head * uy, h);
        vert(&t, bx, by, 0, 1e6);
        vert(&t, bx - head * ux + 0.5 * head * uy, by - head * uy - 0.5 * head * ux, 0, 1e6);
        vert(&t, bx - head * ux - 0.5 * head * uy, by - head * uy + 0.5 * head * ux, 0, 1e6);
        break;
      }
    }
  }
#undef PX
#undef PY
}

/* ---- GL ---- */

struct _ReachArmGl {
  GLuint program, vao, vbo;
  GLint u_viewport;
  GArray *verts;
};

static GLuint compile(GLenum kind, const char *resource, GError **error) {
  g_autoptr(GBytes) src = g_resources_lookup_data(resource, 0, error);
  if (!src) return 0;
  gsize len;
  const char *text = g_bytes_get_data(src, &len);
  GLint glen = (GLint)len;
  GLuint sh = glCreateShader(kind);
  glShaderSource(sh, 1, &text, &glen);
  glCompileShader(sh);
  GLint ok = 0;
  glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[1024];
    glGetShaderInfoLog(sh, sizeof log, NULL, log);
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", resource, log);
    glDeleteShader(sh);
    return 0;
  }
  return sh;
}

GLuint reach_gl_program_new(const char *vert, const char *frag, const char *const *attribs,
                            GError **error) {
  GLuint vs = compile(GL_VERTEX_SHADER, vert, error);
  if (!vs) return 0;
  GLuint fs = compile(GL_FRAGMENT_SHADER, frag, error);
  if (!fs) {
    glDeleteShader(vs);
    return 0;
  }
  GLuint prog = glCreateProgram();
  glAttachShader(prog, vs);
  glAttachShader(prog, fs);
  for (GLuint i = 0; attribs[i]; i++) glBindAttribLocation(prog, i, attribs[i]);
  glBindFragDataLocation(prog, 0, "frag");
  glLinkProgram(prog);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(prog, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[1024];
    glGetProgramInfoLog(prog, sizeof log, NULL, log);
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s + %s: link: %s", vert, frag, log);
    glDeleteProgram(prog);
    return 0;
  }
  return prog;
}

ReachArmGl *reach_arm_gl_new(GError **error) {
  static const char *const attribs[] = {"position", "color", "stroke", NULL};
  GLuint prog = reach_gl_program_new("/org/reachlab/ReachLab/shaders/arm.vert",
                                     "/org/reachlab/ReachLab/shaders/arm.frag", attribs, error);
  if (!prog) return NULL;
  ReachArmGl *gl = g_new0(ReachArmGl, 1);
  gl->program = prog;
  gl->u_viewport = glGetUniformLocation(prog, "viewport");
  gl->verts = g_array_new(FALSE, FALSE, sizeof(ReachArmVertex));
  glGenVertexArrays(1, &gl->vao);
  glGenBuffers(1, &gl->vbo);
  glBindVertexArray(gl->vao);
  glBindBuffer(GL_ARRAY_BUFFER, gl->vbo);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ReachArmVertex),
                        (void *)G_STRUCT_OFFSET(ReachArmVertex, x));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, sizeof(ReachArmVertex),
                        (void *)G_STRUCT_OFFSET(ReachArmVertex, r));
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(2, 2, GL_FLOAT, GL_FALSE, sizeof(ReachArmVertex),
                        (void *)G_STRUCT_OFFSET(ReachArmVertex, edge));
  glBindVertexArray(0);
  return gl;
}

int reach_arm_gl_render(ReachArmGl *gl, const ReachArmScene *s, int width, int height,
                        double scale) {
  g_array_set_size(gl->verts, 0);
  reach_arm_scene_tessellate(s, width, height, scale, gl->verts);
  int W = (int)lround(width * scale), H = (int)lround(height * scale);
  glViewport(0, 0, W, H);
  ReachRGBA bg = s->background;
  glClearColor(bg.r * bg.a, bg.g * bg.a, bg.b * bg.a, bg.a);
  glClear(GL_COLOR_BUFFER_BIT);
  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glUseProgram(gl->program);
  glUniform2f(gl->u_viewport, (float)W, (float)H);
  glBindVertexArray(gl->vao);
  glBindBuffer(GL_ARRAY_BUFFER, gl->vbo);
  glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)(gl->verts->len * sizeof(ReachArmVertex)),
               gl->verts->data, GL_STREAM_DRAW);
  glDrawArrays(GL_TRIANGLES, 0, (GLsizei)gl->verts->len);
  glBindVertexArray(0);
  glUseProgram(0);
  return (int)gl->verts->len;
}

void reach_arm_gl_free(ReachArmGl *gl) {
  if (!gl) return;
  glDeleteBuffers(1, &gl->vbo);
  glDeleteVertexArrays(1, &gl->vao);
  glDeleteProgram(gl->program);
  g_array_unref(gl->verts);
  g_free(gl);
}
