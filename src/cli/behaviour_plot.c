// SPDX-License-Identifier: GPL-3.0-or-later
// The behaviour figure (paper Fig. 1, 2b-c): hand paths around the centre, hand speed against
// time, and each target's six muscle activations, drawn through the report's figure writer.
#include <math.h>
#include <plplot.h>
#include <stdio.h>
#include <stdlib.h>

#include "report.h"

// Colours this figure sets for itself (cmap0 entries the report's writer leaves free).
enum { C_AX = 15, C_GREY = 8, C_FIRST = 1 };
static const unsigned char palette[8][3] = {
    {26, 95, 180},  {210, 80, 40},  {60, 150, 70}, {150, 60, 160},
    {200, 150, 20}, {30, 160, 170}, {120, 80, 40}, {220, 60, 120},
};
static int col(int i) { return i < 7 ? C_FIRST + i : 9; }  // 1..7, then 9 (8 is grey)

static void panel(double x0, double x1, double y0, double y1, const char *xl, const char *yl,
                  const char *title, const char *xopt) {
  pladv(0);
  plvpor(0.24, 0.95, 0.17, 0.85);
  plwind(x0, x1, y0, y1);
  plcol0(C_AX);
  plwidth(1.0);
  plbox(xopt, 0, 0, "bcnstv", 0, 0);
  pllab(xl, yl, title);
}

static void go_line(const reach_behaviour *b, double y0, double y1) {
  PLFLT gx[2] = {b->go_s, b->go_s}, gy[2] = {y0, y1};
  plcol0(C_GREY);
  plline(2, gx, gy);
}

static void draw(const void *ctx) {
  const reach_behaviour *b = ctx;
  const int B = b->targets, S = b->steps + 1;
  for (int i = 0; i < 8; i++) plscol0(col(i), palette[i][0], palette[i][1], palette[i][2]);
  PLFLT *x = calloc(3 * (size_t)S, sizeof *x), *y = x + S, *t = y + S;
  if (!x) return;
  for (int k = 0; k < S; k++) t[k] = k * b->dt;
  // Paths: centred on the start, in cm, equal scales.
  const double cx = b->xy[0], cy = b->xy[1];
  double r = 0.0;
  for (int i = 0; i < B; i++) r = fmax(r, hypot(b->target[2 * i] - cx, b->target[2 * i + 1] - cy));
  r = 100.0 * 1.25 * (r > 0 ? r : 0.1);
  pladv(0);
  plvpas(0.24, 0.95, 0.17, 0.85, 1.0);
  plwind(-r, r, -r, r);
  plcol0(C_AX);
  plbox("bcnst", 0, 0, "bcnstv", 0, 0);
  char title[96];
  snprintf(title, sizeof title, "Hand paths (%s, %g N s/m)", reach_behaviour_stage_name(b->weights),
           b->field);
  pllab("x (cm)", "y (cm)", title);
  for (int i = 0; i < B; i++) {
    for (int k = 0; k < S; k++) {
      x[k] = 100.0 * (b->xy[2 * ((size_t)k * B + i)] - cx);
      y[k] = 100.0 * (b->xy[2 * ((size_t)k * B + i) + 1] - cy);
    }
    plcol0(col(i % 8));
    plwidth(2.0);
    plline(S, x, y);
    PLFLT tx = 100.0 * (b->target[2 * i] - cx), ty = 100.0 * (b->target[2 * i + 1] - cy);
    plwidth(1.0);
    plpoin(1, &tx, &ty, 4);
  }
  // Speed.
  double vmax = 0.0;
  for (size_t k = 0; k < (size_t)S * B; k++) vmax = fmax(vmax, b->speed[k]);
  vmax = 1.1 * (vmax > 0 ? vmax : 1.0);
  panel(0, t[S - 1], 0, vmax, "time (s)", "hand speed (m/s)", "Speed (grey: go cue)", "bcnst");
  go_line(b, 0, vmax);
  plwidth(2.0);
  for (int i = 0; i < B; i++) {
    for (int k = 0; k < S; k++) y[k] = b->speed[(size_t)k * B + i];
    plcol0(col(i % 8));
    plline(S, t, y);
  }
  plwidth(1.0);
  // The key: the muscles' colours and what was run.
  pladv(0);
  plvpor(0.05, 0.95, 0.05, 0.9);
  plwind(0, 1, 0, 1);
  plcol0(C_AX);
  plptex(0.0, 0.97, 1, 0, 0, "Muscle activations:");
  for (int m = 0; m < REACH_NMUSCLE; m++) {
    PLFLT lx[2] = {0.02, 0.14}, ly[2] = {0.86 - 0.1 * m, 0.86 - 0.1 * m};
    plcol0(col(m));
    plwidth(2.5);
    plline(2, lx, ly);
    plwidth(1.0);
    plcol0(C_AX);
    plptex(0.18, ly[0], 1, 0, 0, reach_muscle_names[m]);
  }
  snprintf(title, sizeof title, "%s weights, %g N s/m, noise %s",
           reach_behaviour_stage_name(b->weights), b->field, b->noise ? "on" : "off");
  plptex(0.0, 0.2, 1, 0, 0, title);
  snprintf(title, sizeof title, "go cue at %.2f s (grey line)", b->go_s);
  plptex(0.0, 0.1, 1, 0, 0, title);
  // Activations, one panel per target.
  double amax = 0.0;
  for (size_t k = 0; k < (size_t)S * B * REACH_NMUSCLE; k++) amax = fmax(amax, b->act[k]);
  amax = fmin(1.0, 1.15 * (amax > 0 ? amax : 1.0));
  for (int i = 0; i < B; i++) {
    double deg = atan2(b->target[2 * i + 1] - cy, b->target[2 * i] - cx) * 57.29577951308232;
    snprintf(title, sizeof title, "Target %d (%.0f#uo#d)", i, deg < -0.5 ? deg + 360 : deg);
    panel(0, t[S - 1], 0, amax, "time (s)", "activation", title, "bcnst");
    go_line(b, 0, amax);
    for (int m = 0; m < REACH_NMUSCLE; m++) {
      for (int k = 0; k < S; k++) y[k] = b->act[((size_t)k * B + i) * REACH_NMUSCLE + m];
      plcol0(col(m));
      plwidth(1.8);
      plline(S, t, y);
    }
    plwidth(1.0);
  }
  free(x);
}

int behaviour_figure(const char *dir, const reach_behaviour *b, const char *prov) {
  const int panels = 3 + b->targets, nx = 4, ny = (panels + nx - 1) / nx;
  char geometry[32];
  snprintf(geometry, sizeof geometry, "%dx%d", 340 * nx, 300 * ny);
  return report_figure(dir, "behaviour", geometry, nx, ny, draw, b, prov);
}
