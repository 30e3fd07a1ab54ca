// SPDX-License-Identifier: GPL-3.0-or-later
// The report's figures, equivalents of the paper's Fig. 2-7, in the house PLplot style of
// demo.c: white page, dark axes, each figure drawn to a side name and renamed into place so a
// reader never sees half a file. Each figure is written as PNG and SVG (both cairo drivers).
#include <math.h>
#include <plplot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

enum { C_AX = 15, C_GREY = 8, C_NF1 = 1, C_FF1 = 2, C_NF2 = 3, C_FF2 = 4, C_LIGHT = 5 };
static const int phase_col[REACH_NPHASE] = {C_NF1, C_FF1, C_NF2, C_FF2};

typedef void (*draw_fn)(const void *ctx);

// Opens dev on "<path>.partial", runs draw, closes, writes the provenance into the file (an
// iTXt chunk in a PNG, a <metadata> element in an SVG), renames. Returns 0 or an exit status.
static int figure(const char *dir, const char *name, const char *ext, const char *dev,
                  const char *geometry, int nx, int ny, draw_fn draw, const void *ctx,
                  const char *prov) {
  char file[256];
  snprintf(file, sizeof file, "%s.%s", name, ext);
  char *out = g_build_filename(dir, file, NULL);
  char *tmp = g_strconcat(out, ".partial", NULL);
  char why[600];
  if (reach_cli_check_writable(tmp, why, sizeof why)) {  // PLplot would exit the process
    g_free(tmp);
    g_free(out);
    return reach_cli_fail(1, "report: %s", why);
  }
  plsdev(dev);
  plsfnam(tmp);
  plsetopt("geometry", geometry);
  plscolbg(255, 255, 255);
  plscol0(C_AX, 30, 30, 30);
  plscol0(C_GREY, 150, 150, 150);
  plscol0(C_LIGHT, 205, 205, 205);
  plscol0(C_NF1, 90, 90, 90);    // NF1: dark grey
  plscol0(C_FF1, 26, 95, 180);   // FF1: blue
  plscol0(C_NF2, 110, 170, 90);  // NF2: green
  plscol0(C_FF2, 210, 80, 40);   // FF2: orange-red
  plssub(nx, ny);
  plinit();
  // Three panels side by side get smaller text so titles and exponents fit.
  plschr(0.0, nx >= 3 ? 0.85 : 1.0);
  draw(ctx);
  plend();
  int status = 0;
  reach_error err = {0};
  reach_status ps = REACH_OK;
  if (prov && strcmp(ext, "png") == 0)
    ps = reach_png_add_text(tmp, REACH_PROVENANCE_PNG_KEY, prov, &err);
  else if (prov && strcmp(ext, "svg") == 0)
    ps = reach_svg_add_metadata(tmp, prov, &err);
  if (ps != REACH_OK) {
    remove(tmp);
    status = reach_cli_fail(1, "report: %s", err.msg);
  } else if (rename(tmp, out) != 0) {
    remove(tmp);
    status = reach_cli_fail(1, "report: %s: could not move the finished figure into place", out);
  }
  g_free(tmp);
  g_free(out);
  return status;
}

static int both(const char *dir, const char *name, const char *geometry, int nx, int ny,
                draw_fn draw, const void *ctx, const char *prov) {
  int st = figure(dir, name, "png", "pngcairo", geometry, nx, ny, draw, ctx, prov);
  if (!st) st = figure(dir, name, "svg", "svgcairo", geometry, nx, ny, draw, ctx, prov);
  return st;
}

static void frame(double x0, double x1, double y0, double y1, const char *xl, const char *yl,
                  const char *title) {
  pladv(0);
  plvpor(0.22, 0.95, 0.15, 0.87);
  if (!(x1 > x0)) x1 = x0 + 1;
  if (!(y1 > y0)) y1 = y0 + 1;
  plwind(x0, x1, y0, y1);
  plcol0(C_AX);
  plwidth(1.0);
  // An empty x label means categorical ticks drawn by the caller: no numbers on that axis.
  plbox(xl[0] ? "bcnst" : "bc", 0, 0, "bcnstv", 0, 0);
  pllab(xl, yl, title);
}

// Merges the finite values of x into [lo, hi] (start from INFINITY, -INFINITY).
static void range(const double *x, int n, double *lo, double *hi) {
  for (int i = 0; i < n; i++)
    if (isfinite(x[i])) *lo = fmin(*lo, x[i]), *hi = fmax(*hi, x[i]);
}

// Pads [lo, hi] by 8 % below and `top` of the span above (room for a legend); an empty or
// one-point range becomes a small interval around it.
static void pad(double *lo, double *hi, double top) {
  if (!isfinite(*lo) || !isfinite(*hi)) *lo = 0, *hi = 1;
  if (*hi - *lo < 1e-12) {
    double w = fmax(1e-3, 0.1 * fabs(*lo));
    *lo -= w, *hi += w;
  }
  double span = *hi - *lo;
  *lo -= 0.08 * span, *hi += top * span;
}

static void legend_text(double x, double y, int col, const char *text) {
  // A short line sample and its label, in world coordinates of the current window.
  PLFLT xmin, xmax, ymin, ymax;
  plgvpw(&xmin, &xmax, &ymin, &ymax);
  double dx = 0.05 * (xmax - xmin);
  PLFLT lx[2] = {x, x + dx}, ly[2] = {y, y};
  plcol0(col);
  plwidth(2.5);
  plline(2, lx, ly);
  plwidth(1.0);
  plcol0(C_AX);
  plptex(x + 1.3 * dx, y, 1, 0, 0, text);
}

static void legend_at(int row, int col, const char *text) {
  PLFLT xmin, xmax, ymin, ymax;
  plgvpw(&xmin, &xmax, &ymin, &ymax);
  legend_text(xmin + 0.05 * (xmax - xmin), ymax - (0.07 + 0.065 * row) * (ymax - ymin), col, text);
}

// ---- Fig. 2: LD across the four phases -------------------------------------------------------

// The name of the phase playing part p (NF1, FF1, NF2, FF2) of the comparison: the protocol's
// own, or "-" where no phase plays it.
static const char *part_name(const report_net *x, int p) {
  return x->phase_name[p][0] ? x->phase_name[p] : "-";
}

static void draw_ld(const void *ctx) {
  const report *r = ctx;
  const report_net *x0 = &r->net[0];
  int total = 0, off[5] = {0};
  for (int p = 0; p < 4; p++) off[p + 1] = off[p] + x0->n[p], total += x0->n[p];
  double *mean = calloc((size_t)total + 1, sizeof *mean), *xs = calloc((size_t)total + 1, 8);
  double lo = INFINITY, hi = -INFINITY;
  int *cnt = calloc((size_t)total + 1, sizeof *cnt);
  for (int i = 0; i < r->n; i++)
    for (int p = 0; p < 4; p++)
      for (int k = 0; k < r->net[i].n[p] && k < x0->n[p]; k++) {
        mean[off[p] + k] += 1e3 * r->net[i].ld[p][k], cnt[off[p] + k]++;
        lo = fmin(lo, 1e3 * r->net[i].ld[p][k]), hi = fmax(hi, 1e3 * r->net[i].ld[p][k]);
      }
  for (int k = 0; k < total; k++) mean[k] /= cnt[k] ? cnt[k] : 1, xs[k] = k;
  double pad = 0.06 * (hi - lo + 1e-9);
  // A protocol's pair is drawn under its own phases' names (the four parts of the comparison).
  const char *name[4];
  for (int p = 0; p < 4; p++) name[p] = part_name(x0, p);
  char xlab[4 * REACH_PHASE_NAME + 32];
  snprintf(xlab, sizeof xlab, "batch (%s | %s | %s | %s)", name[0], name[1], name[2], name[3]);
  frame(0, total, lo - pad, hi + pad, xlab, "lateral deviation (mm)",
        "Lateral deviation across phases (thin: networks; thick: mean)");
  PLFLT zx[2] = {0, total}, zy[2] = {0, 0};
  plcol0(C_LIGHT);
  plline(2, zx, zy);
  for (int p = 1; p < 4; p++) {
    PLFLT vx[2] = {off[p], off[p]}, vy[2] = {lo - pad, hi + pad};
    plcol0(C_GREY);
    plline(2, vx, vy);
  }
  double *y = calloc((size_t)total + 1, sizeof *y);
  for (int i = 0; i < r->n; i++)
    for (int p = 0; p < 4; p++) {
      int n = r->net[i].n[p] < x0->n[p] ? r->net[i].n[p] : x0->n[p];
      for (int k = 0; k < n; k++) y[k] = 1e3 * r->net[i].ld[p][k];
      plcol0(C_LIGHT);
      plline(n, xs + off[p], y);
    }
  plwidth(2.5);
  for (int p = 0; p < 4; p++) {
    plcol0(phase_col[p]);
    plline(x0->n[p], xs + off[p], mean + off[p]);
    plcol0(C_AX);
    plptex(off[p] + 0.5 * x0->n[p], hi + 0.4 * pad, 1, 0, 0.5, name[p]);
  }
  plwidth(1.0);
  free(y);
  free(cnt);
  free(xs);
  free(mean);
}

// ---- Fig. 3: FF1 vs FF2 overlay and savings per network --------------------------------------

static void draw_savings(const void *ctx) {
  const report *r = ctx;
  const report_net *x0 = &r->net[0];
  int nmax = x0->n[1] > x0->n[3] ? x0->n[1] : x0->n[3];
  double *xs = calloc((size_t)nmax + 1, 8), *m1 = calloc((size_t)nmax + 1, 8),
         *m3 = calloc((size_t)nmax + 1, 8);
  double lo = 0, hi = -INFINITY;
  for (int k = 0; k < nmax; k++) xs[k] = k;
  for (int i = 0; i < r->n; i++) {
    for (int k = 0; k < x0->n[1] && k < r->net[i].n[1]; k++)
      m1[k] += 1e3 * r->net[i].lds[1][k] / r->n;
    for (int k = 0; k < x0->n[3] && k < r->net[i].n[3]; k++)
      m3[k] += 1e3 * r->net[i].lds[3][k] / r->n;
  }
  range(m1, x0->n[1], &lo, &hi);
  range(m3, x0->n[3], &lo, &hi);
  pad(&lo, &hi, 0.15);
  char title[2 * REACH_PHASE_NAME + 40];
  snprintf(title, sizeof title, r->opposite ? "%s vs %s (%s flipped), mean" : "%s vs %s, mean LD",
           part_name(x0, 1), part_name(x0, 3), part_name(x0, 3));
  frame(0, nmax, lo, hi, "batch in phase", "lateral deviation (mm)", title);
  plwidth(2.5);
  plcol0(C_FF1);
  plline(x0->n[1], xs, m1);
  plcol0(C_FF2);
  plline(x0->n[3], xs, m3);
  plwidth(1.0);
  legend_at(0, C_FF1, part_name(x0, 1));
  legend_at(1, C_FF2, part_name(x0, 3));

  // Per network: batch-0 LD and rate, FF1 on x, FF2 on y; below the identity line = savings on
  // the LD measure, above it on the rate.
  for (int panel = 0; panel < 2; panel++) {
    double *a = calloc((size_t)r->n, 8), *b = calloc((size_t)r->n, 8);
    double l2 = INFINITY, h2 = -INFINITY;
    for (int i = 0; i < r->n; i++) {
      const report_net *x = &r->net[i];
      a[i] = panel ? 1e3 * x->m.ff1_rate.rate : 1e3 * x->m.ff1_ld0;
      b[i] = panel ? 1e3 * x->m.ff2_rate.rate : 1e3 * x->m.ff2_ld0;
    }
    range(a, r->n, &l2, &h2);
    range(b, r->n, &l2, &h2);
    pad(&l2, &h2, 0.08);
    char xl[REACH_PHASE_NAME + 32], yl[REACH_PHASE_NAME + 32];
    snprintf(xl, sizeof xl, panel ? "%s rate (10#u-3#d/block)" : "%s batch-0 LD (mm)",
             part_name(x0, 1));
    snprintf(yl, sizeof yl, panel ? "%s rate (10#u-3#d/block)" : "%s batch-0 LD (mm)",
             part_name(x0, 3));
    frame(l2, h2, l2, h2, xl, yl,
          panel ? "Rate per network (above: savings)" : "Batch-0 LD (below: savings)");
    PLFLT dx[2] = {l2, h2};
    plcol0(C_GREY);
    plline(2, dx, dx);
    plcol0(C_FF2);
    for (int i = 0; i < r->n; i++)
      if (isfinite(a[i]) && isfinite(b[i])) plpoin(1, &a[i], &b[i], 17);
    free(a);
    free(b);
  }
  free(xs);
  free(m1);
  free(m3);
}

// ---- Fig. 5: TDR ring (example network) and uniform-shift projections -----------------------

static void draw_tdr(const void *ctx) {
  const report *r = ctx;
  const reach_network_analysis *a = &r->ex;
  const int T = a->targets;
  double lo = INFINITY, hi = -INFINITY;
  for (int p = 0; p < 4; p++) range(a->ring[p], 2 * T, &lo, &hi);
  pad(&lo, &hi, 0.45);  // square window; the top holds the legend
  char title[128];
  snprintf(title, sizeof title, "TDR ring at -340 ms, network %d", r->net[r->example].index);
  frame(lo, hi, lo, hi, "force axis x (N)", "force axis y (N)", title);
  for (int p = 0; p < 4; p++) {
    PLFLT x[65], y[65];
    for (int i = 0; i <= T && i < 64; i++)
      x[i] = a->ring[p][2 * (i % T)], y[i] = a->ring[p][2 * (i % T) + 1];
    plcol0(phase_col[p]);
    plwidth(p == 0 ? 2.5 : 1.5);
    plline(T + 1, x, y);
    plpoin(T, x, y, p == 0 ? 17 : 4);
    // Target 0 (+x) marked so the rotation can be followed.
    plschr(0, 1.6);
    plpoin(1, x, y, 5);
    plschr(0, 1.0);
    char lab[64];
    snprintf(lab, sizeof lab, "%s (%+.1f#uo#d)", reach_phase_names[p], a->ring_rotation[p] * DEG);
    legend_at(p, phase_col[p], lab);
  }
  plwidth(1.0);

  // Uniform-shift projections: every network as a dot (spread sideways), the mean as a bar.
  double plo = 0, phi = 1;
  for (int i = 0; i < r->n; i++) range(r->net[i].us_proj, 4, &plo, &phi);
  pad(&plo, &phi, 0.08);
  frame(-0.5, 3.5, plo, phi, "", "projection (NF1 = 0, FF1 = 1)",
        "Uniform shift of preparatory activity");
  plcol0(C_LIGHT);
  PLFLT zx[2] = {-0.5, 3.5}, zy[2] = {0, 0};
  plline(2, zx, zy);
  for (int p = 0; p < 4; p++) {
    double s = 0;
    int k = 0;
    plcol0(phase_col[p]);
    for (int i = 0; i < r->n; i++) {
      PLFLT x = p + 0.25 * ((i % 7) - 3) / 3.0, y = r->net[i].us_proj[p];
      if (!isfinite(y)) continue;
      plpoin(1, &x, &y, 17);
      s += y, k++;
    }
    if (k) {
      PLFLT bx[2] = {p - 0.35, p + 0.35}, by[2] = {s / k, s / k};
      plwidth(3.0);
      plline(2, bx, by);
      plwidth(1.0);
    }
    plcol0(C_AX);
    plmtex("b", 1.5, (p + 0.5) / 4.0, 0.5, reach_phase_names[p]);
  }
}

// ---- Fig. 6: PCA of FF1 batch 0, FF2 batch 0 projected ---------------------------------------

static void draw_pca(const void *ctx) {
  const report *r = ctx;
  const reach_network_analysis *a = &r->ex;
  const int T = a->targets, S = a->steps;
  const int pairs[2][2] = {{0, 1}, {1, 2}};
  for (int pp = 0; pp < 2; pp++) {
    int i0 = pairs[pp][0], i1 = pairs[pp][1];
    double xl = INFINITY, xh = -INFINITY, yl = INFINITY, yh = -INFINITY;
    double *x = malloc(sizeof *x * (size_t)S), *y = malloc(sizeof *y * (size_t)S);
    for (int c = 0; c < 2; c++) {
      const double *pc = c ? a->pc_ff2 : a->pc_ff1;
      for (int k = 0; k < T * S; k++) {
        double v0 = pc[3 * k + i0], v1 = pc[3 * k + i1];
        xl = fmin(xl, v0), xh = fmax(xh, v0), yl = fmin(yl, v1), yh = fmax(yh, v1);
      }
    }
    double px = 0.06 * (xh - xl + 1e-12), py = 0.06 * (yh - yl + 1e-12);
    char xlab[64], ylab[64], title[128];
    snprintf(xlab, sizeof xlab, "PC%d (%.0f%% var)", i0 + 1, 100 * a->pca_ratio[i0]);
    snprintf(ylab, sizeof ylab, "PC%d (%.0f%% var)", i1 + 1, 100 * a->pca_ratio[i1]);
    snprintf(title, sizeof title, "Hidden trajectories, network %d", r->net[r->example].index);
    frame(xl - px, xh + px, yl - py, yh + 7 * py, xlab, ylab, title);  // legend room
    for (int c = 0; c < 2; c++) {
      const double *pc = c ? a->pc_ff2 : a->pc_ff1;
      for (int b = 0; b < T; b++) {
        for (int k = 0; k < S; k++)
          x[k] = pc[3 * ((size_t)b * S + k) + i0], y[k] = pc[3 * ((size_t)b * S + k) + i1];
        plcol0(c ? C_FF2 : C_FF1);
        plwidth(1.6);
        pllsty(c ? 2 : 1);
        plline(S, x, y);
        pllsty(1);
        plwidth(1.0);
        plcol0(C_AX);
        plpoin(1, &x[0], &y[0], 4);    // trial start (the code plots from index 0)
        int go = 50 < S ? 50 : S - 1;  // t = 0, code index 50
        plcol0(c ? C_FF2 : C_FF1);
        plpoin(1, &x[go], &y[go], 17);
      }
    }
    legend_at(0, C_FF1, "FF1 batch 0 (fit)");
    legend_at(1, C_FF2, "FF2 batch 0 (projected)");
    legend_at(2, C_AX, "o start, #(229) go (t = 0)");
    free(x);
    free(y);
  }
}

// ---- Fig. 7: perturbation dose-response -----------------------------------------------------

static void draw_perturb(const void *ctx) {
  const report *r = ctx;
  const int D = REACH_NA_NDOSE;
  double lo = INFINITY, hi = -INFINITY, ff1 = 0;
  int k = 0;
  double mean[REACH_NA_NDOSE] = {0};
  for (int i = 0; i < r->n; i++) {
    if (!r->net[i].analysed) continue;
    double y[REACH_NA_NDOSE];
    for (int d = 0; d < D; d++) y[d] = 1e3 * r->net[i].dose_ld[d], mean[d] += y[d];
    range(y, D, &lo, &hi);
    ff1 += 1e3 * r->net[i].ff1_b0_ld, k++;
  }
  if (k) {
    for (int d = 0; d < D; d++) mean[d] /= k;
    ff1 /= k;
    range(&ff1, 1, &lo, &hi);
  }
  pad(&lo, &hi, 0.3);
  double mx[REACH_NA_NDOSE];
  for (int d = 0; d < D; d++) mx[d] = reach_na_dose[d];
  frame(-2.3, 2.3, lo, hi, "m (x uniform-shift vector)", "FF2 batch-0 LD (mm)",
        "Push along the uniform shift");
  for (int i = 0; i < r->n; i++) {
    if (!r->net[i].analysed) continue;
    double y[REACH_NA_NDOSE];
    for (int d = 0; d < D; d++) y[d] = 1e3 * r->net[i].dose_ld[d];
    plcol0(C_LIGHT);
    plline(D, mx, y);
  }
  plcol0(C_FF2);
  plwidth(2.5);
  plline(D, mx, mean);
  plpoin(D, mx, mean, 17);
  PLFLT fx[2] = {-2.3, 2.3}, fy[2] = {ff1, ff1};
  plcol0(C_FF1);
  pllsty(2);
  plline(2, fx, fy);
  pllsty(1);
  plwidth(1.0);
  legend_at(0, C_FF2, "FF2 batch 0, pushed");
  legend_at(1, C_FF1, "FF1 batch 0");

  // Example network: how far the push moves the hidden state over the trial.
  const reach_network_analysis *a = &r->ex;
  const int S = a->steps + 1;
  double *t = malloc(sizeof *t * (size_t)S);
  double hl = 0, hh = -INFINITY;
  range(a->dose_hidden_dev, D * S, &hl, &hh);
  pad(&hl, &hh, 0.3);
  for (int s = 0; s < S; s++) t[s] = (s - 1 - 50) * 10.0;  // trace s = code s-1; t = 0 at 50
  char title[96];
  snprintf(title, sizeof title, "Hidden-state change, network %d", r->net[r->example].index);
  frame(t[0], t[S - 1], 0, hh, "time from go (ms)", "mean |h(m) - h(0)|", title);
  const int dcol[REACH_NA_NDOSE] = {C_FF1, C_FF1, C_NF1, C_FF2, C_FF2};
  for (int i = D - 1; i >= 0; i--) {  // m > 0 first, so m < 0's dashes lie on top
    const int d = i;
    if (reach_na_dose[d] == 0.0) continue;
    plcol0(dcol[d]);
    plwidth(fabs(reach_na_dose[d]) > 1.5 ? 2.5 : 1.2);
    pllsty(reach_na_dose[d] < 0 ? 2 : 1);  // ±m move the state equally at first: dash one
    plline(S, t, a->dose_hidden_dev + (size_t)d * S);
    pllsty(1);
  }
  plwidth(1.0);
  legend_at(0, C_FF1, "m < 0 (dashed)");
  legend_at(1, C_FF2, "m > 0; thick: |m| = 2");
  free(t);

  // Relative change of pre-movement muscle commands vs of the hidden state (R11).
  double am[REACH_NA_NDOSE] = {0}, hm[REACH_NA_NDOSE] = {0};
  for (int i = 0; i < r->n; i++)
    if (r->net[i].analysed)
      for (int d = 0; d < D; d++)
        am[d] += 100 * r->net[i].dose_act[d] / k, hm[d] += 100 * r->net[i].dose_hid[d] / k;
  double rl = 0, rh = -INFINITY;
  range(am, D, &rl, &rh);
  range(hm, D, &rl, &rh);
  pad(&rl, &rh, 0.3);
  frame(-2.3, 2.3, 0, rh, "m", "relative RMS change (%)", "Push to go: muscles vs hidden");
  plwidth(2.5);
  plcol0(C_FF2);
  plline(D, mx, am);
  plpoin(D, mx, am, 17);
  plcol0(C_NF1);
  plline(D, mx, hm);
  plpoin(D, mx, hm, 4);
  plwidth(1.0);
  legend_at(0, C_FF2, "muscle activations");
  legend_at(1, C_NF1, "hidden state");
}

// ---- Execution period (not in the paper; docs/protocols.md) --------------------------------

static void draw_execution(const void *ctx) {
  const report *r = ctx;
  reach_execution x;
  reach_error err = {0};
  if (reach_execution_analyse(&r->ex, &x, &err)) {
    frame(0, 1, 0, 1, "", "", err.msg);
    pladv(0);
    return;
  }
  const int S = r->ex.steps + 1;
  double *t = malloc(sizeof *t * (size_t)S);
  for (int s = 0; s < S; s++) t[s] = (s - 1 - 50) * 10.0;  // trace s = code s-1; t = 0 at 50
  double lo = 0, hi = -INFINITY;
  range(x.shift_ff, S, &lo, &hi);
  range(x.shift_nf, S, &lo, &hi);
  pad(&lo, &hi, 0.3);
  char title[96];
  snprintf(title, sizeof title, "Along the uniform shift, network %d", r->net[r->example].index);
  frame(t[0], t[S - 1], lo, hi, "time from go (ms)", "separation (shift units)", title);
  PLFLT gx[2] = {t[x.window0], t[x.window0]}, gy[2] = {lo, hi};
  plcol0(C_LIGHT);
  plline(2, gx, gy);
  plwidth(2.5);
  plcol0(C_FF2);
  plline(S, t, x.shift_ff);
  plcol0(C_NF2);
  plline(S, t, x.shift_nf);
  plwidth(1.0);
  legend_at(0, C_FF2, "FF2 - FF1 batch 0");
  legend_at(1, C_NF2, "NF2 - NF1 final");
  free(t);

  // Principal angles of the movement-period subspaces, per network and their mean.
  const reach_report_neural *nn = &r->neural;
  double ax[REACH_EX_K];
  for (int j = 0; j < REACH_EX_K; j++) ax[j] = j + 1;
  double al = 0, ah = -INFINITY;
  range(nn->ex_angle_ff, REACH_EX_K, &al, &ah);
  range(nn->ex_angle_nf, REACH_EX_K, &al, &ah);
  for (int i = 0; i < r->n; i++) {
    double a[2 * REACH_EX_K];
    for (int j = 0; j < REACH_EX_K; j++)
      a[j] = DEG * r->net[i].ex_angle_ff[j], a[REACH_EX_K + j] = DEG * r->net[i].ex_angle_nf[j];
    range(a, 2 * REACH_EX_K, &al, &ah);
  }
  pad(&al, &ah, 0.3);
  frame(0.5, REACH_EX_K + 0.5, al, ah, "principal angle", "degrees",
        "Movement-period subspaces (3-d PCA)");
  for (int i = 0; i < r->n; i++) {
    double a[REACH_EX_K];
    for (int j = 0; j < REACH_EX_K; j++) a[j] = DEG * r->net[i].ex_angle_ff[j];
    plcol0(C_LIGHT);
    plline(REACH_EX_K, ax, a);
  }
  plwidth(2.5);
  plcol0(C_FF2);
  plline(REACH_EX_K, ax, nn->ex_angle_ff);
  plpoin(REACH_EX_K, ax, nn->ex_angle_ff, 17);
  plcol0(C_NF2);
  plline(REACH_EX_K, ax, nn->ex_angle_nf);
  plpoin(REACH_EX_K, ax, nn->ex_angle_nf, 4);
  plwidth(1.0);
  legend_at(0, C_FF2, "FF1 vs FF2 batch 0");
  legend_at(1, C_NF2, "NF1 vs NF2 final");
  reach_execution_free(&x);
}

// The figures' provenance (io/provenance.h): the networks' configuration (the report refuses
// mixed ones; the INI's seed is the first network's) with every network's seed, and the engine.
static char *report_provenance(const report *r) {
  if (r->n < 1) return NULL;
  GString *extra = g_string_new(NULL);
  g_string_append_printf(extra, "networks: %d, seeds:", r->n);
  for (int i = 0; i < r->n; i++)
    g_string_append_printf(extra, " %llu", (unsigned long long)r->net[i].seed);
  char *ini = reach_config_to_string(&r->net[0].cfg);
  char *text = reach_provenance_text("report", NULL, NULL, r->net[0].engine, extra->str, ini);
  free(ini);
  g_string_free(extra, TRUE);
  return text;
}

int report_figures(const report *r) {
  char *prov = report_provenance(r);
  int st = both(r->dir, "fig2-ld", "1000x520", 1, 1, draw_ld, r, prov);
  if (!st) st = both(r->dir, "fig3-savings", "1650x520", 3, 1, draw_savings, r, prov);
  if (r->example >= 0) {
    if (!st) st = both(r->dir, "fig5-tdr-shift", "1100x540", 2, 1, draw_tdr, r, prov);
    if (!st) st = both(r->dir, "fig6-pca", "1100x540", 2, 1, draw_pca, r, prov);
    if (!st) st = both(r->dir, "fig7-perturbation", "1650x520", 3, 1, draw_perturb, r, prov);
    if (!st) st = both(r->dir, "fig8-execution", "1100x540", 2, 1, draw_execution, r, prov);
  }
  free(prov);
  return st;
}

// ---- Fig. 3b: probability of savings against size --------------------------------------------

typedef struct size_ctx {
  int n;
  const int *units;
  const reach_savings_summary *s;
} size_ctx;

static void draw_sizes(const void *ctx) {
  const size_ctx *c = ctx;
  double lx = log2(c->units[0]) - 0.5, hx = log2(c->units[c->n - 1]) + 0.5;
  pladv(0);
  plvpor(0.12, 0.95, 0.14, 0.88);
  // room above 1 for the legend, so that it never covers a probability near 1; the axis is
  // labelled only from 0 to 1
  const double ly = -0.03, hy = 1.22;
  plwind(lx, hx, ly, hy);
  plcol0(C_AX);
  plbox("bcst", 1, 0, "bcstv", 0.2, 2);
  for (int i = 0; i < c->n; i++) {
    char lab[16];
    snprintf(lab, sizeof lab, "%d", c->units[i]);
    plmtex("b", 1.5, (log2(c->units[i]) - lx) / (hx - lx), 0.5, lab);
  }
  for (int k = 0; k <= 5; k++) {
    char lab[8];
    snprintf(lab, sizeof lab, "%.1f", 0.2 * k);
    plmtex("lv", 0.8, (0.2 * k - ly) / (hy - ly), 1.0, lab);
  }
  pllab("", "probability of savings", "Probability of savings vs network size (95% CI)");
  plmtex("b", 3.0, 0.5, 0.5, "GRU units");
  PLFLT cx[2] = {lx, hx}, cy[2] = {0.5, 0.5};
  plcol0(C_LIGHT);
  plline(2, cx, cy);
  for (int m = 0; m < 4; m++) {
    double x[16], y[16];
    int n = c->n < 16 ? c->n : 16;
    for (int i = 0; i < n; i++) {
      const reach_savings_summary *s = &c->s[i];
      const reach_prob_ci *p = m == 0   ? &s->p_init
                               : m == 1 ? &s->p_rate
                               : m == 2 ? &s->p_init_cross
                                        : &s->p_rate_cross;
      x[i] = log2(c->units[i]) + (m - 1.5) * 0.04;
      y[i] = p->p;
      PLFLT ex[1] = {x[i]}, lo[1] = {p->lo}, hi[1] = {p->hi};
      plcol0(m % 2 ? C_FF2 : C_FF1);
      plerry(1, ex, lo, hi);
    }
    plcol0(m % 2 ? C_FF2 : C_FF1);
    plwidth(2.0);
    pllsty(m < 2 ? 1 : 2);
    plline(n, x, y);
    plpoin(n, x, y, m < 2 ? 17 : 4);
    pllsty(1);
    plwidth(1.0);
  }
  legend_at(0, C_FF1, "initial LD (solid: paired, dashed: cross-pairs)");
  legend_at(1, C_FF2, "learning rate");
}

int report_size_figure(const char *dir, int n, const int *units, const reach_savings_summary *s) {
  size_ctx c = {n, units, s};
  // each size's own report (DIR/units-H) carries its configuration; this figure names the sizes
  GString *extra = g_string_new("size sweep, units:");
  for (int i = 0; i < n; i++) g_string_append_printf(extra, " %d", units[i]);
  char *prov = reach_provenance_text("report", NULL, NULL, NULL, extra->str, NULL);
  g_string_free(extra, TRUE);
  int st = both(dir, "fig3b-sizes", "900x540", 1, 1, draw_sizes, &c, prov);
  free(prov);
  return st;
}

int report_figure(const char *dir, const char *name, const char *geometry, int nx, int ny,
                  report_draw_fn draw, const void *ctx, const char *prov) {
  return both(dir, name, geometry, nx, ny, draw, ctx, prov);
}
