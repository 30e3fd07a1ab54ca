#version 150
// SPDX-License-Identifier: GPL-3.0-or-later
// The neural view's shader: hidden-state trajectories in PC space, rotated by the orbit and
// projected orthographically, each segment widened across its on-screen direction (the arm
// shader's 1-pixel anti-aliasing, in 3-D). The Cairo fallback projects with the same formulas
// (reach-neural-view.c, project()).
uniform mat3 rotation;    // orbit (rows = screen x, screen y, towards the viewer)
uniform vec2 viewport;    // device pixels
uniform vec2 center;      // device pixels
uniform float zoom;       // device pixels per PC unit
uniform float px;         // device pixels per logical pixel
uniform float radius;     // PC units: the data's extent, for the depth cue
uniform vec3 background;
in vec3 a;       // segment start (or disc centre), PC units, centred
in vec3 b;       // segment end (= a for a disc)
in vec4 shape;   // across, along (in stroke half widths), end (0 at a, 1 at b), half width (px)
in vec4 color;   // straight alpha
out vec4 v_color;
out vec2 v_edge;
out float v_half;

void main() {
  vec3 ra = rotation * a, rb = rotation * b;
  vec2 pa = center + zoom * vec2(ra.x, -ra.y);
  vec2 pb = center + zoom * vec2(rb.x, -rb.y);
  vec2 d = pb - pa;
  float len = length(d);
  vec2 t = len > 1e-3 ? d / len : vec2(1.0, 0.0);
  vec2 n = vec2(-t.y, t.x);
  float h = shape.w * px;
  vec2 e = shape.xy * (h + 1.0);
  vec2 p = mix(pa, pb, shape.z) + n * e.x + t * e.y;
  gl_Position = vec4(p.x / viewport.x * 2.0 - 1.0, 1.0 - p.y / viewport.y * 2.0, 0.0, 1.0);
  // depth cue: the far side fades towards the background
  float z = mix(ra.z, rb.z, shape.z);
  float fade = 0.45 * clamp(0.5 - 0.5 * z / radius, 0.0, 1.0);
  v_color = vec4(mix(color.rgb, background, fade), color.a);
  v_edge = e;
  v_half = h;
}
