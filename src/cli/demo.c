// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo.h"

#include <math.h>
#include <plplot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { NTARGET = 8, NSTEP = 100 };
#define REACH_DISTANCE 0.10  // m

static const char *device_for(const char *path) {
  const char *dot = strrchr(path, '.');
  if (!dot) return NULL;
  if (strcmp(dot, ".png") == 0) return "pngcairo";
  if (strcmp(dot, ".svg") == 0) return "svgcairo";
  if (strcmp(dot, ".pdf") == 0) return "pdfcairo";
  return NULL;
}

static void panel(const char *title, const double (*px)[NSTEP + 1], const double (*py)[NSTEP + 1],
                  const double tgx[NTARGET], const double tgy[NTARGET]) {
  pladv(0);
  plvpor(0.2, 0.95, 0.14, 0.88);
  plwind(-13.0, 13.0, -13.0, 13.0);  // the page aspect keeps cm square
  plcol0(15);
  plwidth(1.0);
  plbox("bcnst", 5.0, 0, "bcnstv", 5.0, 0);
  pllab("x (cm)", "y (cm)", title);
  for (int i = 0; i < NTARGET; i++) {  // targets: open circles 1 cm across
    PLFLT cx[33], cy[33];
    for (int k = 0; k <= 32; k++) {
      cx[k] = tgx[i] + 0.5 * cos(2.0 * 3.14159265358979 * k / 32.0);
      cy[k] = tgy[i] + 0.5 * sin(2.0 * 3.14159265358979 * k / 32.0);
    }
    plcol0(8);
    plline(33, cx, cy);
  }
  plcol0(9);
  plwidth(2.5);
  for (int i = 0; i < NTARGET; i++) plline(NSTEP + 1, px[i], py[i]);
  plwidth(1.0);
}

int reach_cli_demo_run(const reach_arm_model *m, const double q0[2], double gain, const char *out,
                       const char *csv) {
  const char *dev = device_for(out);
  if (!dev) return reach_cli_fail(2, "arm demo: --out %s: expected a .png, .svg or .pdf name", out);
  // PLplot prints one line per failed open and then exits the process: find out first.
  {
    char *probe = g_strconcat(out, ".partial", NULL), why[600];
    const int bad = reach_cli_check_writable(probe, why, sizeof why);
    g_free(probe);
    if (bad) return reach_cli_fail(1, "arm demo: --out %s: %s", out, why);
    if (csv && reach_cli_check_writable(csv, why, sizeof why))
      return reach_cli_fail(1, "arm demo: --csv %s: %s", csv, why);
  }
  // The same reaches in the null field, then in the curl field (study/centre_out.h).
  reach_centre_out r[2];
  reach_feedback_reach ctl = reach_feedback_reach_default();
  reach_error err = {0};
  for (int fld = 0; fld < 2; fld++)
    if (reach_centre_out_init(&r[fld], m, q0, NTARGET, REACH_DISTANCE, NSTEP, &err) != REACH_OK ||
        reach_centre_out_run(&r[fld], m, &ctl, fld ? gain : 0.0, 0.0, NULL, &err) != REACH_OK) {
      reach_centre_out_free(&r[0]);
      reach_centre_out_free(&r[1]);
      return reach_cli_fail(1, "arm demo: %s", err.msg);
    }
  const double *x0 = r[0].start;
  static double px[2][NTARGET][NSTEP + 1], py[2][NTARGET][NSTEP + 1];
  for (int fld = 0; fld < 2; fld++)
    for (int i = 0; i < NTARGET; i++)
      for (int k = 0; k <= NSTEP; k++) {
        const double *p = r[fld].xy + 2 * ((size_t)k * NTARGET + (size_t)i);
        px[fld][i][k] = 100.0 * (p[0] - x0[0]);
        py[fld][i][k] = 100.0 * (p[1] - x0[1]);
      }

  printf("centre-out reaches, 10 cm, start (%.1f°, %.1f°) = hand at (%.1f, %.1f) cm\n",
         q0[0] * 180.0 / 3.14159265358979323846, q0[1] * 180.0 / 3.14159265358979323846,
         100 * x0[0], 100 * x0[1]);
  printf(
      "target  angle  max lateral deviation (cm, + = clockwise): null field   curl b=%g N·s/m"
      "   end error null (cm)\n",
      gain);
  double tgx[NTARGET], tgy[NTARGET];
  for (int i = 0; i < NTARGET; i++) {
    tgx[i] = 100 * (r[0].target[2 * i] - x0[0]);
    tgy[i] = 100 * (r[0].target[2 * i + 1] - x0[1]);
    double end = hypot(px[0][i][NSTEP] - tgx[i], py[0][i][NSTEP] - tgy[i]);
    printf("%6d  %4d°  %56.2f   %15.2f   %8.2f\n", i, i * 45, 100 * r[0].ld[i], 100 * r[1].ld[i],
           end);
  }
  reach_centre_out_free(&r[0]);
  reach_centre_out_free(&r[1]);

  if (csv) {
    reach_file f;
    if (reach_file_begin(&f, csv, &err) != REACH_OK) return reach_cli_fail(1, "%s", err.msg);
    fputs("field,target,step,t_s,x_cm,y_cm\n", f.fp);
    for (int fld = 0; fld < 2; fld++)
      for (int i = 0; i < NTARGET; i++)
        for (int k = 0; k <= NSTEP; k++)
          fprintf(f.fp, "%s,%d,%d,%.2f,%.6f,%.6f\n", fld ? "curl" : "null", i, k, k * m->dt,
                  px[fld][i][k], py[fld][i][k]);
    if (reach_file_commit(&f, &err) != REACH_OK) return reach_cli_fail(1, "%s", err.msg);
    printf("wrote %s\n", csv);
  }

  // PLplot writes straight to its file name; draw to a side name, then rename into place
  size_t n = strlen(out);
  char *tmp = malloc(n + 16);
  if (!tmp) return reach_cli_fail(1, "out of memory");
  snprintf(tmp, n + 16, "%s.partial", out);
  plsdev(dev);
  plsfnam(tmp);
  plsetopt("geometry", "1240x600");
  plscolbg(255, 255, 255);
  plscol0(15, 30, 30, 30);    // axes and text
  plscol0(8, 120, 120, 120);  // targets
  plscol0(9, 26, 95, 180);    // paths
  plssub(2, 1);
  plinit();
  plschr(0.0, 1.1);
  panel("Null field", (const double(*)[NSTEP + 1]) px[0], (const double(*)[NSTEP + 1]) py[0], tgx,
        tgy);
  char title[96];
  snprintf(title, sizeof title, "Clockwise curl field, b = %g N#(183)s/m", gain);
  panel(title, (const double(*)[NSTEP + 1]) px[1], (const double(*)[NSTEP + 1]) py[1], tgx, tgy);
  plend();
  int rc = rename(tmp, out);
  free(tmp);
  if (rc != 0) return reach_cli_fail(1, "%s: could not move the finished figure into place", out);
  printf("wrote %s\n", out);
  return 0;
}
