// SPDX-License-Identifier: GPL-3.0-or-later
// The arm view's scene: a flat list of primitives in world coordinates (metres, y up), built
// from a trace and a moment in it. The Cairo renderer draws it; a GL renderer draws the same
// list, so both paths show the same picture. The tool study's object, control points, targets
// and channel (Heald's task, a trace with has_tool) are primitives of the same list.
#pragma once

#include <cairo.h>
#include <glib.h>

#include "reach-snapshot.h"

G_BEGIN_DECLS

typedef struct {
  float r, g, b, a;
} ReachRGBA;

typedef enum {
  REACH_PRIM_POLYLINE,  // open path through the points, round caps and joins
  REACH_PRIM_CIRCLE,    // centre = first point, radius
  REACH_PRIM_DISC,      // filled circle
  REACH_PRIM_ARROW,     // from the first point to the second, with a head
  REACH_PRIM_RIBBON,    // filled band: m left points, m right points reversed, the first again
} ReachPrimKind;

typedef struct {
  ReachPrimKind kind;
  ReachRGBA color;
  float width;  // line width: world metres if world_width, else pixels
  gboolean world_width;
  float radius;    // m
  guint first, n;  // points[first .. first+n) (x, y pairs)
} ReachPrim;

typedef struct {
  GArray *prims;          // ReachPrim
  GArray *points;         // float pairs
  double x0, y0, x1, y1;  // world rectangle to fit into the widget
  ReachRGBA background;
  double px_scale;  // multiplies pixel widths (presentation mode)
} ReachArmScene;

typedef struct {
  gboolean dark;
  gboolean presentation;  // thick lines, high contrast
} ReachArmStyle;

void reach_arm_scene_init(ReachArmScene *s);
void reach_arm_scene_clear(ReachArmScene *s);

// Fills s (cleared first) with the picture of reach `reach` of t at state `step` (0..steps):
// body, workspace, field arrows (if t->field ≠ 0), targets, the other reaches' paths, this
// reach's path so far, the arm with its six muscles coloured by activation, and the hand.
// t may be NULL (arm at rest at the start posture is not known then: only the frame is drawn).
void reach_arm_scene_build(ReachArmScene *s, const ReachArmTrace *t, int reach, int step,
                           const ReachArmStyle *style);

// A live reach on screen (reach-poke.h): the arm now, its path since the reach began, the target
// (and the click, when the target was clamped into the workspace), the workspace's edge, and the
// loads on the hand: the field's and the user's push, each an arrow.
typedef struct {
  double shoulder[2], l1, l2;
  double q[2];
  double act[REACH_APP_NMUSCLE];
  const double *path;  // [n_path][2] hand since the reach began
  int n_path;
  const double *edge;  // [n_edge][2] closed
  int n_edge;
  gboolean has_target, clamped;
  double target[2], clicked[2];
  double field;       // curl gain (N·s/m)
  double f_field[2];  // N, the field's force on the hand now
  double f_push[2];   // N, the push now
  gboolean aiming;    // the hand is grabbed: a line to the pointer
  double pointer[2];
} ReachPokePicture;

// Arrow length per newton of a push (m/N): 10 N draw 8 cm.
#define REACH_POKE_ARROW_M_PER_N 0.008

void reach_arm_scene_build_poke(ReachArmScene *s, const ReachPokePicture *p,
                                const ReachArmStyle *style);

// World → widget transform (uniform scale, centred).
void reach_arm_scene_transform(const ReachArmScene *s, int width, int height, double *scale,
                               double *ox, double *oy);

void reach_arm_scene_render_cairo(const ReachArmScene *s, cairo_t *cr, int width, int height);

// Activation in [0, 1] → colour (pale to saturated red).
ReachRGBA reach_activation_color(double a, gboolean dark);

G_END_DECLS
