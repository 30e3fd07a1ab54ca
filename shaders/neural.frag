#version 150
// SPDX-License-Identifier: GPL-3.0-or-later
in vec4 v_color;
in vec2 v_edge;  // pixels from the stroke's centre line (x) or from a disc's centre (x, y)
in float v_half;
out vec4 frag;

void main() {
  float cover = clamp(v_half + 0.5 - length(v_edge), 0.0, 1.0);
  float a = v_color.a * cover;
  frag = vec4(v_color.rgb * a, a);  // GTK composites premultiplied alpha
}
