// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-arm-scene.h"

#include <math.h>

#include "task/tool.h"

#define ADD_PRIM(s, p) g_array_append_val((s)->prims, (p))

void reach_arm_scene_init(ReachArmScene *s) {
  s->prims = g_array_new(FALSE, FALSE, sizeof(ReachPrim));
  s->points = g_array_new(FALSE, FALSE, sizeof(float) * 2);
  s->px_scale = 1.0;
}

void reach_arm_scene_clear(ReachArmScene *s) {
  g_clear_pointer(&s->prims, g_array_unref);
  g_clear_pointer(&s->points, g_array_unref);
}

static ReachRGBA rgba(unsigned hex, float a) {
  return (ReachRGBA){((hex >> 16) & 0xff) / 255.0f, ((hex >> 8) & 0xff) / 255.0f,
                     (hex & 0xff) / 255.0f, a};
}

static guint add_points(ReachArmScene *s, const double *xy, int n, int stride) {
  guint first = s->points->len;
  for (int k = 0; k < n; k++) {
    float p[2] = {(float)xy[(gsize)k * (gsize)stride], (float)xy[(gsize)k * (gsize)stride + 1]};
    g_array_append_val(s->points, p);
  }
  return first;
}

static void line(ReachArmScene *s, const double *xy, int n, int stride, ReachRGBA c, float width,
                 gboolean world) {
  if (n < 2) return;
  ReachPrim p = {.kind = REACH_PRIM_POLYLINE, .color = c, .width = width, .world_width = world};
  p.first = add_points(s, xy, n, stride);
  p.n = (guint)n;
  ADD_PRIM(s, p);
}

static void seg(ReachArmScene *s, double ax, double ay, double bx, double by, ReachRGBA c,
                float width, gboolean world) {
  double xy[4] = {ax, ay, bx, by};
  line(s, xy, 2, 2, c, width, world);
}

static void circle(ReachArmScene *s, ReachPrimKind kind, double x, double y, double r, ReachRGBA c,
                   float width) {
  double xy[2] = {x, y};
  ReachPrim p = {.kind = kind, .color = c, .width = width, .radius = (float)r};
  p.first = add_points(s, xy, 1, 2);
  p.n = 1;
  ADD_PRIM(s, p);
}

static void arrow(ReachArmScene *s, double ax, double ay, double bx, double by, ReachRGBA c,
                  float width) {
  double xy[4] = {ax, ay, bx, by};
  ReachPrim p = {.kind = REACH_PRIM_ARROW, .color = c, .width = width};
  p.first = add_points(s, xy, 2, 2);
  p.n = 2;
  ADD_PRIM(s, p);
}

ReachRGBA reach_activation_color(double a, gboolean dark) {
  // a three-stop ramp: resting muscle, mid (orange), fully active (deep red)
  static const float lo_l[3] = {0.78f, 0.70f, 0.72f}, lo_d[3] = {0.50f, 0.44f, 0.47f};
  static const float mid[3] = {0.96f, 0.55f, 0.15f}, hi[3] = {0.80f, 0.05f, 0.10f};
  const float *lo = dark ? lo_d : lo_l;
  // full colour at 60 % activation: reaching rarely needs more
  double t = a < 0 ? 0 : a / 0.6 > 1 ? 1 : a / 0.6;
  float c[3];
  for (int i = 0; i < 3; i++)
    c[i] = t < 0.5 ? lo[i] + (float)(t / 0.5) * (mid[i] - lo[i])
                   : mid[i] + (float)((t - 0.5) / 0.5) * (hi[i] - mid[i]);
  return (ReachRGBA){c[0], c[1], c[2], 1.0f};
}

// Muscle paths of arm26 for drawing: origin, optional via point, insertion. The anatomy is
// schematic (top view, right arm, shoulder at the origin): flexors on the inner side of the
// joints, extensors outside, bi-articular muscles spanning both joints.
static int muscle_path(int i, const double S[2], double q1, double q2, double l1, double l2,
                       double out[3][2]) {
  double u1[2] = {cos(q1), sin(q1)}, n1[2] = {-u1[1], u1[0]};
  double u2[2] = {cos(q1 + q2), sin(q1 + q2)}, n2[2] = {-u2[1], u2[0]};
  double E[2] = {S[0] + l1 * u1[0], S[1] + l1 * u1[1]};
#define ON1(f, o) \
  { S[0] + (f)*l1 *u1[0] + (o)*n1[0], S[1] + (f)*l1 *u1[1] + (o)*n1[1] }
#define ON2(f, o) \
  { E[0] + (f)*l2 *u2[0] + (o)*n2[0], E[1] + (f)*l2 *u2[1] + (o)*n2[1] }
  double olecranon[2] = {E[0] - 0.028 * u2[0] - 0.006 * n2[0],
                         E[1] - 0.028 * u2[1] - 0.006 * n2[1]};
  switch (i) {
    case 0: {  // pectoralis: chest to the front of the upper arm
      double a[2] = {S[0] - 0.11, S[1] + 0.035}, b[2] = ON1(0.30, 0.016);
      out[0][0] = a[0], out[0][1] = a[1], out[1][0] = b[0], out[1][1] = b[1];
      return 2;
    }
    case 1: {  // posterior deltoid: shoulder blade to the back of the upper arm
      double a[2] = {S[0] + 0.055, S[1] - 0.035}, b[2] = ON1(0.32, -0.016);
      out[0][0] = a[0], out[0][1] = a[1], out[1][0] = b[0], out[1][1] = b[1];
      return 2;
    }
    case 2: {  // brachioradialis: lower upper arm, over the inner elbow, to the forearm
      double a[2] = ON1(0.70, 0.014), b[2] = ON2(0.45, 0.012);
      out[0][0] = a[0], out[0][1] = a[1], out[1][0] = b[0], out[1][1] = b[1];
      return 2;
    }
    case 3: {  // triceps lateral head: back of the upper arm to the olecranon
      double a[2] = ON1(0.40, -0.017);
      out[0][0] = a[0], out[0][1] = a[1];
      out[1][0] = olecranon[0], out[1][1] = olecranon[1];
      return 2;
    }
    case 4: {  // biceps: from the shoulder, along the front of the arm, to the forearm
      double a[2] = ON1(0.06, 0.022), v[2] = ON1(0.80, 0.024), b[2] = ON2(0.14, 0.011);
      out[0][0] = a[0], out[0][1] = a[1], out[1][0] = v[0], out[1][1] = v[1];
      out[2][0] = b[0], out[2][1] = b[1];
      return 3;
    }
    default: {  // triceps long head: from the shoulder blade along the back to the olecranon
      double a[2] = {S[0] + 0.025, S[1] - 0.03}, v[2] = ON1(0.62, -0.024);
      out[0][0] = a[0], out[0][1] = a[1], out[1][0] = v[0], out[1][1] = v[1];
      out[2][0] = olecranon[0], out[2][1] = olecranon[1];
      return 3;
    }
  }
#undef ON1
#undef ON2
}

// A muscle as a filled spindle along its path: thin tendons at the ends, a belly in the middle
// whose width grows with activation, and a darker outline.
static void spindle(ReachArmScene *s, const double (*pts)[2], int np, double belly, ReachRGBA c,
                    ReachRGBA edge) {
  enum { PER = 14, MAXS = 3 * PER + 1 };
  double len[3] = {0}, total = 0;
  for (int i = 0; i + 1 < np; i++) {
    len[i] = hypot(pts[i + 1][0] - pts[i][0], pts[i + 1][1] - pts[i][1]);
    total += len[i];
  }
  if (total <= 0) return;
  double left[MAXS][2], right[MAXS][2];
  int m = 0;
  double done = 0;
  for (int i = 0; i + 1 < np; i++) {
    double dx = (pts[i + 1][0] - pts[i][0]) / MAX(len[i], 1e-9);
    double dy = (pts[i + 1][1] - pts[i][1]) / MAX(len[i], 1e-9);
    for (int k = (i == 0 ? 0 : 1); k <= PER; k++) {
      double f = (double)k / PER, u = (done + f * len[i]) / total;
      double x = pts[i][0] + f * (pts[i + 1][0] - pts[i][0]);
      double y = pts[i][1] + f * (pts[i + 1][1] - pts[i][1]);
      double w = 0.0012 + belly * pow(sin(G_PI * u), 1.3);
      left[m][0] = x - w * dy, left[m][1] = y + w * dx;
      right[m][0] = x + w * dy, right[m][1] = y - w * dx;
      m++;
    }
    done += len[i];
  }
  double poly[2 * MAXS + 1][2];
  int q = 0;
  for (int k = 0; k < m; k++) poly[q][0] = left[k][0], poly[q++][1] = left[k][1];
  for (int k = m - 1; k >= 0; k--) poly[q][0] = right[k][0], poly[q++][1] = right[k][1];
  poly[q][0] = poly[0][0], poly[q++][1] = poly[0][1];
  ReachPrim p = {.kind = REACH_PRIM_RIBBON, .color = c, .width = -1.0f};
  p.first = add_points(s, &poly[0][0], q, 2);
  p.n = (guint)q;
  ADD_PRIM(s, p);
  line(s, &poly[0][0], q, 2, edge, 1.0f, FALSE);
}

static void body(ReachArmScene *s, const double S[2], ReachRGBA torso, ReachRGBA edge,
                 ReachRGBA head) {
  // torso from above: an ellipse between the shoulders, the head on top of it
  enum { N = 48 };
  double xy[2 * (N + 1)];
  const double cx = S[0] - 0.17, cy = S[1] - 0.045, rx = 0.205, ry = 0.085;
  for (int k = 0; k <= N; k++) {
    double a = 2 * G_PI * k / N;
    xy[2 * k] = cx + rx * cos(a);
    xy[2 * k + 1] = cy + ry * sin(a);
  }
  ReachPrim p = {.kind = REACH_PRIM_POLYLINE, .color = torso, .width = -1.0f};  // filled
  p.first = add_points(s, xy, N + 1, 2);
  p.n = N + 1;
  ADD_PRIM(s, p);
  line(s, xy, N + 1, 2, edge, 1.5f, FALSE);
  circle(s, REACH_PRIM_DISC, cx, cy + 0.01, 0.075, head, 0);
  circle(s, REACH_PRIM_CIRCLE, cx, cy + 0.01, 0.075, edge, 1.5f);
}

/* ---- the tool study: Heald's object, its control points and targets (sssm-coin-spec §3.1) ---- */

typedef struct {
  ReachRGBA ink, faint, path, path_other, field, target, bg;
} ToolColors;

static void rect_fill(ReachArmScene *s, double cx, double cy, double w, double h, ReachRGBA c) {
  const double xy[10] = {cx - w / 2, cy - h / 2, cx + w / 2, cy - h / 2, cx + w / 2,
                         cy + h / 2, cx - w / 2, cy + h / 2, cx - w / 2, cy - h / 2};
  ReachPrim p = {.kind = REACH_PRIM_POLYLINE, .color = c, .width = -1.0f};  // filled
  p.first = add_points(s, xy, 5, 2);
  p.n = 5;
  ADD_PRIM(s, p);
}

// The hand's straight line, the channel's walls or the field's push, the targets, home, the
// recent trials' hand paths (faint) and this trial's so far.
static void tool_scene(ReachArmScene *s, const ReachArmTrace *t, int step, const ToolColors *c) {
  const ReachToolPose *o = &t->tool;
  const double *a = o->hand_start, *b = o->hand_target;
  double ux = b[0] - a[0], uy = b[1] - a[1], len = hypot(ux, uy);
  if (len > 0) ux /= len, uy /= len;
  seg(s, a[0], a[1], b[0], b[1], c->faint, 1.5f, FALSE);
  if (o->channel) {
    // walls 6 mm either side of the hand's line: the channel holds it there
    for (int side = -1; side <= 1; side += 2) {
      double nx = side * 0.006 * uy, ny = -side * 0.006 * ux;
      seg(s, a[0] + nx, a[1] + ny, b[0] + nx, b[1] + ny, c->ink, 2.0f, FALSE);
    }
  } else if (o->field_gain != 0.0) {
    // the field's push on a hand moving along the line: F = g·(ẏ, −ẋ), beside the path
    double fx = uy, fy = -ux, k = o->field_gain > 0 ? 1.0 : -1.0, l = 0.028;
    for (int i = 1; i <= 3; i++) {
      double f = i / 4.0, px = a[0] + f * len * ux - k * 0.05 * fx,
             py = a[1] + f * len * uy - k * 0.05 * fy;
      arrow(s, px, py, px + k * l * fx, py + k * l * fy, c->field, 2.0f);
    }
  }
  // home of the controlled point, and its target; the single-point group's lateral cue target
  circle(s, REACH_PRIM_CIRCLE, a[0] + o->point[0], a[1] + o->point[1], REACH_TOOL_HOME_RADIUS,
         c->ink, 1.5f);
  // targets in ink: the green belongs to the control points
  if (isfinite(o->lateral[0]))
    circle(s, REACH_PRIM_CIRCLE, o->lateral[0], o->lateral[1], REACH_TOOL_TARGET_RADIUS, c->ink,
           2.0f);
  circle(s, REACH_PRIM_DISC, o->target[0], o->target[1], REACH_TOOL_TARGET_RADIUS, c->ink, 0);
  for (int k = 0; k < t->n_recent; k++)
    line(s, t->recent_xy + 2 * (gsize)k * (gsize)(t->steps + 1), t->steps + 1, 2, c->path_other,
         1.5f, FALSE);
  line(s, t->xy, step + 1, 2 * t->n, c->path, 3.0f, FALSE);
}

// The object held at the hand: a 16 × 3 cm red rectangle, green control points at ±7 cm (the
// controlled one ringed), a yellow cross at its centre.
static void tool_object(ReachArmScene *s, const ReachToolPose *o, const double hand[2],
                        gboolean pres, ReachRGBA ink) {
  const double cx = hand[0] + o->object_offset[0], cy = hand[1] + o->object_offset[1];
  rect_fill(s, cx, cy, REACH_TOOL_OBJECT_WIDTH + 0.003, REACH_TOOL_OBJECT_HEIGHT + 0.003, ink);
  rect_fill(s, cx, cy, REACH_TOOL_OBJECT_WIDTH, REACH_TOOL_OBJECT_HEIGHT,
            rgba(pres ? 0xc01c28 : 0xe01b24, 1));
  const ReachRGBA green = rgba(pres ? 0x1a7f4b : 0x33d17a, 1), yellow = rgba(0xf6d32d, 1);
  for (int k = 1; k <= 2; k++) {
    double x = cx + (k == 1 ? -1 : 1) * REACH_TOOL_CP_OFFSET;
    if (o->controlled == k) circle(s, REACH_PRIM_CIRCLE, x, cy, 0.0085, yellow, 3.0f);
    circle(s, REACH_PRIM_DISC, x, cy, REACH_TOOL_CP_RADIUS, green, 0);
  }
  const double arm = 0.006;
  if (o->controlled == 0) circle(s, REACH_PRIM_CIRCLE, cx, cy, 0.0085, yellow, 3.0f);
  seg(s, cx - arm, cy, cx + arm, cy, yellow, 0.0022f, TRUE);
  seg(s, cx, cy - arm, cx, cy + arm, yellow, 0.0022f, TRUE);
}

typedef struct {
  ReachRGBA bg, ink, faint, torso, skin, skin_edge, path, path_other, field, target_on, joint;
} Palette;

static Palette palette(const ReachArmStyle *style) {
  const gboolean dark = style->dark, pres = style->presentation;
  Palette p;
  p.bg = pres ? rgba(0xffffff, 1) : dark ? rgba(0x1e1e1e, 1) : rgba(0xfafafa, 1);
  p.ink = pres ? rgba(0x000000, 1) : dark ? rgba(0xdeddda, 1) : rgba(0x3d3846, 1);
  p.faint = dark ? rgba(0x5e5c64, 1) : rgba(0xc0bfbc, 1);
  p.torso = dark ? rgba(0x303034, 1) : rgba(0xedebe9, 1);
  p.skin = dark ? rgba(0x4a4550, 1) : rgba(0xe3d9cf, 1);
  p.skin_edge = dark ? rgba(0x77767b, 1) : rgba(0xb6a99c, 1);
  p.path = pres ? rgba(0x1c71d8, 1) : dark ? rgba(0x62a0ea, 1) : rgba(0x1c71d8, 1);
  // the other reaches' paths: the path colour faded into the background, opaque, so crossings
  // and joints do not darken
  p.path_other = p.path;
  float f = pres ? 0.45f : 0.35f;
  p.path_other.r = f * p.path.r + (1 - f) * p.bg.r;
  p.path_other.g = f * p.path.g + (1 - f) * p.bg.g;
  p.path_other.b = f * p.path.b + (1 - f) * p.bg.b;
  p.field = pres ? rgba(0xc64600, 0.85f) : rgba(0xe66100, dark ? 0.6f : 0.55f);
  p.target_on = pres ? rgba(0x26a269, 1) : rgba(0x2ec27e, 1);
  p.joint = dark ? rgba(0x9a9996, 1) : rgba(0x77767b, 1);
  return p;
}

// The arm at joint angles q1, q2 with its six muscles coloured and thickened by activation.
static void arm_with_muscles(ReachArmScene *s, const double S[2], double l1, double l2, double q1,
                             double q2, const double *act, const Palette *c, gboolean dark,
                             double H[2]) {
  double E[2] = {S[0] + l1 * cos(q1), S[1] + l1 * sin(q1)};
  H[0] = E[0] + l2 * cos(q1 + q2);
  H[1] = E[1] + l2 * sin(q1 + q2);
  seg(s, S[0], S[1], E[0], E[1], c->skin_edge, 0.034f, TRUE);
  seg(s, E[0], E[1], H[0], H[1], c->skin_edge, 0.029f, TRUE);
  seg(s, S[0], S[1], E[0], E[1], c->skin, 0.029f, TRUE);
  seg(s, E[0], E[1], H[0], H[1], c->skin, 0.024f, TRUE);
  for (int i = 0; i < REACH_APP_NMUSCLE; i++) {
    double pts[3][2];
    int np = muscle_path(i, S, q1, q2, l1, l2, pts);
    ReachRGBA mc = reach_activation_color(act[i], dark), e = mc;
    e.r *= 0.7f, e.g *= 0.7f, e.b *= 0.7f;
    spindle(s, (const double(*)[2])pts, np, 0.0045 + 0.006 * CLAMP(act[i] / 0.6, 0.0, 1.0), mc, e);
  }
  circle(s, REACH_PRIM_DISC, S[0], S[1], 0.013, c->joint, 0);
  circle(s, REACH_PRIM_DISC, E[0], E[1], 0.011, c->joint, 0);
  circle(s, REACH_PRIM_DISC, H[0], H[1], 0.014, c->ink, 0);
}

static void scene_begin(ReachArmScene *s, const ReachArmStyle *style, const Palette *c,
                        const double S[2]) {
  g_array_set_size(s->prims, 0);
  g_array_set_size(s->points, 0);
  s->px_scale = style->presentation ? 2.0 : 1.0;
  // the workspace in front of the body, the right arm and the near half of the body
  s->x0 = -0.27;
  s->x1 = 0.25;
  s->y0 = -0.09;
  s->y1 = 0.59;  // room above the far target for the view's label
  s->background = c->bg;
  body(s, S, c->torso, c->faint, style->dark ? rgba(0x3d3846, 1) : rgba(0xf6f5f4, 1));
}

void reach_arm_scene_build(ReachArmScene *s, const ReachArmTrace *t, int reach, int step,
                           const ReachArmStyle *style) {
  const gboolean dark = style->dark, pres = style->presentation;
  const Palette c = palette(style);
  double S[2] = {0.0, 0.0};
  if (t) {
    S[0] = t->shoulder[0];
    S[1] = t->shoulder[1];
  }
  if (t && t->has_tool) {
    // the tool's workspace around home, closer: 14 cm shifts of hand or object and the 16 cm
    // object left and right, the elbow, down to the shoulder
    const double *h = t->tool.home;
    g_array_set_size(s->prims, 0);
    g_array_set_size(s->points, 0);
    s->px_scale = pres ? 2.0 : 1.0;
    s->x0 = h[0] - 0.21;
    s->x1 = h[0] + 0.28;
    s->y0 = h[1] - 0.47;
    s->y1 = h[1] + 0.21;  // room above the targets for the view's label
    s->background = c.bg;
    body(s, S, c.torso, c.faint, dark ? rgba(0x3d3846, 1) : rgba(0xf6f5f4, 1));
  } else {
    scene_begin(s, style, &c, S);
  }
  if (!t || t->n <= 0) return;
  reach = CLAMP(reach, 0, t->n - 1);
  step = CLAMP(step, 0, t->steps);
  const int n = t->n;
  const double *st = t->start;
  const ReachRGBA ink = c.ink, faint = c.faint, path = c.path, path_other = c.path_other,
                  field = c.field, target_on = c.target_on;

  if (!t->has_tool) {
    // workspace ring through the targets
    {
      enum { N = 96 };
      double xy[2 * (N + 1)], r = hypot(t->target[0] - st[0], t->target[1] - st[1]);
      for (int k = 0; k <= N; k++) {
        xy[2 * k] = st[0] + r * cos(2 * G_PI * k / N);
        xy[2 * k + 1] = st[1] + r * sin(2 * G_PI * k / N);
      }
      ReachRGBA ring = faint;
      line(s, xy, N + 1, 2, ring, 1.0f, FALSE);
    }

    // the curl field: the force a centre-out reach at each place would feel, F = b·(ẏ, −ẋ)
    if (t->field != 0.0) {
      double len = 0.0016 * t->field;
      for (int ri = 1; ri <= 3; ri++) {
        double r = 0.032 * ri;
        for (int k = 0; k < 8; k++) {
          double a = (k + 0.5) * G_PI / 4.0, v[2] = {cos(a), sin(a)};
          double px = st[0] + r * v[0], py = st[1] + r * v[1];
          double f[2] = {v[1], -v[0]};
          arrow(s, px - 0.5 * len * f[0], py - 0.5 * len * f[1], px + 0.5 * len * f[0],
                py + 0.5 * len * f[1], field, 1.6f);
        }
      }
    }

    // targets; the one being reached is filled
    for (int i = 0; i < n; i++) {
      const double *tg = t->target + 2 * i;
      if (i == reach) {
        circle(s, REACH_PRIM_DISC, tg[0], tg[1], 0.011, target_on, 0);
      } else {
        circle(s, REACH_PRIM_CIRCLE, tg[0], tg[1], 0.009, ink, 1.5f);
      }
    }
    circle(s, REACH_PRIM_CIRCLE, st[0], st[1], 0.006, ink, 1.5f);

    // hand paths: the other reaches whole, this one up to now
    for (int i = 0; i < n; i++)
      if (i != reach) line(s, t->xy + 2 * i, t->steps + 1, 2 * n, path_other, 2.0f, FALSE);
    line(s, t->xy + 2 * reach, step + 1, 2 * n, path, 3.0f, FALSE);
  }

  // the arm
  gsize at = (gsize)step * (gsize)n + (gsize)reach;
  double H[2];
  arm_with_muscles(s, S, t->l1, t->l2, t->q[2 * at], t->q[2 * at + 1],
                   t->act + REACH_APP_NMUSCLE * at, &c, dark, H);
  if (t->has_tool) {
    // the vBOT's mirror shows the task over the arm
    const ToolColors tc = {ink, faint, path, path_other, field, target_on, c.bg};
    const double *hand = t->xy + 2 * ((gsize)step * (gsize)n + (gsize)reach);
    tool_scene(s, t, step, &tc);
    tool_object(s, &t->tool, hand, pres, ink);
  }

  // the force the field exerts on the hand now
  if (t->field != 0.0 && step > 0) {
    gsize prev = (gsize)(step - 1) * (gsize)n + (gsize)reach;
    double vx = (t->xy[2 * at] - t->xy[2 * prev]) / t->dt;
    double vy = (t->xy[2 * at + 1] - t->xy[2 * prev + 1]) / t->dt;
    double fx = t->field * vy, fy = -t->field * vx;  // N
    if (hypot(fx, fy) > 0.2) {
      ReachRGBA f = field;
      f.a = 1.0f;
      arrow(s, H[0], H[1], H[0] + 0.012 * fx, H[1] + 0.012 * fy, f, 3.0f);
    }
  }
}

void reach_arm_scene_build_poke(ReachArmScene *s, const ReachPokePicture *p,
                                const ReachArmStyle *style) {
  const Palette c = palette(style);
  scene_begin(s, style, &c, p->shoulder);
  // where a target may go
  line(s, p->edge, p->n_edge, 2, c.faint, 1.5f, FALSE);
  // the curl field around the hand's target, as in the centre-out view
  if (p->field != 0.0) {
    double len = 0.0016 * p->field;
    for (int ri = 1; ri <= 2; ri++) {
      double r = 0.04 * ri;
      for (int k = 0; k < 8; k++) {
        double a = (k + 0.5) * G_PI / 4.0, v[2] = {cos(a), sin(a)};
        double px = p->target[0] + r * v[0], py = p->target[1] + r * v[1];
        double f[2] = {v[1], -v[0]};
        arrow(s, px - 0.5 * len * f[0], py - 0.5 * len * f[1], px + 0.5 * len * f[0],
              py + 0.5 * len * f[1], c.field, 1.6f);
      }
    }
  }
  if (p->clamped) {
    // the click, and the nearest place the arm can reach
    const double k = 0.008;
    seg(s, p->clicked[0] - k, p->clicked[1] - k, p->clicked[0] + k, p->clicked[1] + k, c.ink, 2.0f,
        FALSE);
    seg(s, p->clicked[0] - k, p->clicked[1] + k, p->clicked[0] + k, p->clicked[1] - k, c.ink, 2.0f,
        FALSE);
    seg(s, p->clicked[0], p->clicked[1], p->target[0], p->target[1], c.faint, 1.5f, FALSE);
  }
  if (p->has_target) circle(s, REACH_PRIM_DISC, p->target[0], p->target[1], 0.011, c.target_on, 0);
  line(s, p->path, p->n_path, 2, c.path, 3.0f, FALSE);
  double H[2];
  arm_with_muscles(s, p->shoulder, p->l1, p->l2, p->q[0], p->q[1], p->act, &c, style->dark, H);
  if (hypot(p->f_field[0], p->f_field[1]) > 0.2) {
    ReachRGBA f = c.field;
    f.a = 1.0f;
    arrow(s, H[0], H[1], H[0] + 0.012 * p->f_field[0], H[1] + 0.012 * p->f_field[1], f, 3.0f);
  }
  // the user's push: the hand pulled toward the pointer, the force as a bold arrow
  const ReachRGBA push = style->presentation ? rgba(0x813d9c, 1) : rgba(0x9141ac, 1);
  if (p->aiming) {
    ReachRGBA faint_push = push;
    faint_push.a = 0.45f;
    seg(s, H[0], H[1], p->pointer[0], p->pointer[1], faint_push, 1.5f, FALSE);
  }
  if (hypot(p->f_push[0], p->f_push[1]) > 0.05)
    arrow(s, H[0], H[1], H[0] + REACH_POKE_ARROW_M_PER_N * p->f_push[0],
          H[1] + REACH_POKE_ARROW_M_PER_N * p->f_push[1], push, 4.0f);
}

void reach_arm_scene_transform(const ReachArmScene *s, int width, int height, double *scale,
                               double *ox, double *oy) {
  double w = s->x1 - s->x0, h = s->y1 - s->y0;
  double k = MIN(width / w, height / h);
  *scale = k;
  *ox = 0.5 * (width - k * w) - k * s->x0;
  *oy = 0.5 * (height - k * h) + k * s->y1;
}

static void set_color(cairo_t *cr, ReachRGBA c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

void reach_arm_scene_render_cairo(const ReachArmScene *s, cairo_t *cr, int width, int height) {
  double k, ox, oy;
  reach_arm_scene_transform(s, width, height, &k, &ox, &oy);
  cairo_save(cr);
  set_color(cr, s->background);
  cairo_paint(cr);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  const float(*pt)[2] = (const float(*)[2])(const void *)s->points->data;
  for (guint i = 0; i < s->prims->len; i++) {
    const ReachPrim *p = &g_array_index(s->prims, ReachPrim, i);
    double lw = p->world_width ? p->width * k : p->width * s->px_scale;
    set_color(cr, p->color);
    switch (p->kind) {
      case REACH_PRIM_POLYLINE:
      case REACH_PRIM_RIBBON:
        cairo_new_path(cr);
        for (guint j = 0; j < p->n; j++)
          cairo_line_to(cr, ox + k * pt[p->first + j][0], oy - k * pt[p->first + j][1]);
        if (p->width < 0) {
          cairo_close_path(cr);
          cairo_fill(cr);
        } else {
          cairo_set_line_width(cr, lw);
          cairo_stroke(cr);
        }
        break;
      case REACH_PRIM_CIRCLE:
      case REACH_PRIM_DISC:
        cairo_new_path(cr);
        cairo_arc(cr, ox + k * pt[p->first][0], oy - k * pt[p->first][1], p->radius * k, 0,
                  2 * G_PI);
        if (p->kind == REACH_PRIM_DISC) {
          cairo_fill(cr);
        } else {
          cairo_set_line_width(cr, lw);
          cairo_stroke(cr);
        }
        break;
      case REACH_PRIM_ARROW: {
        double ax = ox + k * pt[p->first][0], ay = oy - k * pt[p->first][1];
        double bx = ox + k * pt[p->first + 1][0], by = oy - k * pt[p->first + 1][1];
        double dx = bx - ax, dy = by - ay, len = hypot(dx, dy);
        if (len < 1e-6) break;
        double ux = dx / len, uy = dy / len, head = MIN(len * 0.45, 3.5 * lw + 3.0);
        cairo_set_line_width(cr, lw);
        cairo_move_to(cr, ax, ay);
        cairo_line_to(cr, bx - 0.6 * head * ux, by - 0.6 * head * uy);
        cairo_stroke(cr);
        cairo_move_to(cr, bx, by);
        cairo_line_to(cr, bx - head * ux + 0.5 * head * uy, by - head * uy - 0.5 * head * ux);
        cairo_line_to(cr, bx - head * ux - 0.5 * head * uy, by - head * uy + 0.5 * head * ux);
        cairo_close_path(cr);
        cairo_fill(cr);
        break;
      }
    }
  }
  cairo_restore(cr);
}
