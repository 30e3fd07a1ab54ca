// SPDX-License-Identifier: GPL-3.0-or-later
// The arm view's GL path: the ReachArmScene tessellated into anti-aliased triangles (one vertex
// format, one shader in shaders/), drawn in a GtkGLArea. The Cairo renderer of the same scene is
// the fallback when GL is unavailable (GDK_DEBUG=gl-disable).
#pragma once

#include <glib.h>

#include "reach-arm-scene.h"

G_BEGIN_DECLS

typedef struct {
  float x, y;        // device pixels
  float r, g, b, a;  // straight alpha
  float edge, half;  // signed distance across the stroke and its half width (pixels)
} ReachArmVertex;

// Appends triangles (3 vertices each) for the whole scene, background excluded, to `out`
// (an array of ReachArmVertex), for a target of width×height logical pixels at `scale` device
// pixels per logical pixel.
void reach_arm_scene_tessellate(const ReachArmScene *s, int width, int height, double scale,
                                GArray *out);

// Builds a program from two GLSL resources, binding attribs[i] (NULL-terminated) to location i
// and the output "frag" to 0. With a GL context current; 0 with an error naming the shader.
unsigned int reach_gl_program_new(const char *vert, const char *frag, const char *const *attribs,
                                  GError **error);

typedef struct _ReachArmGl ReachArmGl;

// With the GL context current. NULL with an error if the shaders do not build.
ReachArmGl *reach_arm_gl_new(GError **error);
// Returns the number of vertices drawn.
int reach_arm_gl_render(ReachArmGl *gl, const ReachArmScene *s, int width, int height,
                        double scale);
// With the GL context current.
void reach_arm_gl_free(ReachArmGl *gl);

G_END_DECLS
