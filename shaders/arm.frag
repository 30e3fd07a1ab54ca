#version 150
// SPDX-License-Identifier: GPL-3.0-or-later
in vec4 v_color;
in vec2 v_stroke;
out vec4 frag;

void main() {
  // coverage falls from 1 to 0 over the pixel at the stroke's edge
  float cover = clamp(v_stroke.y + 0.5 - abs(v_stroke.x), 0.0, 1.0);
  float a = v_color.a * cover;
  frag = vec4(v_color.rgb * a, a);  // GTK composites premultiplied alpha
}
