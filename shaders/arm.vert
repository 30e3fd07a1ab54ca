#version 150
// SPDX-License-Identifier: GPL-3.0-or-later
// The arm view's one shader: positions in device pixels, straight-alpha colour, and the signed
// distance across a stroke (edge) with the stroke's half width, for 1-pixel anti-aliasing.
uniform vec2 viewport;  // device pixels
in vec2 position;
in vec4 color;
in vec2 stroke;  // (edge, half width), pixels
out vec4 v_color;
out vec2 v_stroke;

void main() {
  vec2 ndc = vec2(position.x / viewport.x * 2.0 - 1.0, 1.0 - position.y / viewport.y * 2.0);
  gl_Position = vec4(ndc, 0.0, 1.0);
  v_color = color;
  v_stroke = stroke;
}
