// SPDX-License-Identifier: GPL-3.0-or-later
// The savings report of a results directory (reachlab-cli report DIR, and savings --report):
// the behavioural statistics (savings_report.h) and the per-network neural pipeline
// (network_analysis.h) over every network-NNNN.h5 in DIR, written as DIR/report.csv,
// DIR/report.h5, DIR/summary.txt and the figures DIR/fig*.png (+ .svg).
#ifndef REACH_CLI_REPORT_H
#define REACH_CLI_REPORT_H

#include <stdint.h>

#include "study/network_analysis.h"
#include "cli.h"

#define DEG 57.295779513082321  // degrees per radian

// What the report keeps of one network (study/savings_report.h).
typedef reach_report_network report_net;

typedef struct report {
  const char *dir;
  const char *compare;  // --compare A,B (NULL: the protocol's default pair)
  const char *against;  // --against DIR2 (NULL: none)
  int n;
  report_net *net;
  int example;  // index into net of the network with the full analysis (-1: none)
  reach_network_analysis ex;
  bool opposite;    // FF2's field is opposite to FF1's (the control, R7)
  bool summary_ok;  // at least R1 or R6 computable (a size sweep's point)
  reach_savings_summary s;
  // A pair with a rotation: the same statistics of the cursor's direction error (degrees).
  bool rotation;
  reach_savings_summary ds;
  bool have_paired;  // --against: the other run's networks paired with these by seed
  reach_runs_paired paired;
  reach_report_neural neural;  // the neural statistics across networks
} report;

// Draws one figure's panels; ctx is the figure's data.
typedef void (*report_draw_fn)(const void *ctx);
// Writes DIR/<name>.png and .svg with the report's style (white page, dark axes), nx × ny panels
// of a `geometry` ("WxH") page, drawn by draw(ctx). Returns 0 or an exit status.
int report_figure(const char *dir, const char *name, const char *geometry, int nx, int ny,
                  report_draw_fn draw, const void *ctx, const char *prov);
// The behaviour figure (behaviour_plot.c): DIR/behaviour.png and .svg.
int behaviour_figure(const char *dir, const reach_behaviour *b, const char *prov);

// Figures (report_plot.c). Each writes DIR/<name>.png and .svg; returns 0 or an exit status.
int report_figures(const report *r);
// Probability of savings against units for a size sweep (DIR/fig3b-sizes.png); p[k] holds the
// summary of size units[k].
int report_size_figure(const char *dir, int n, const int *units, const reach_savings_summary *s);

// Runs the report on one directory of network files. Fills *summary (if not NULL) for the size
// sweep. Returns 0 or an exit status after printing why.
int reach_cli_report_dir(const char *dir, reach_savings_summary *summary, bool *summary_ok);
// The same comparing the phases `compare` names ("A,B"; NULL: the protocol's default pair), and
// with `against` (nullable) another run's directory whose networks of the same seeds are paired
// with these (summary.txt A1-A3).
int reach_cli_report_dir_compare(const char *dir, const char *compare, const char *against,
                                 reach_savings_summary *summary, bool *summary_ok);
// A size sweep: DIR/units-H for each size, then DIR/sizes.csv and the size figure.
int reach_cli_report_sizes(const char *dir, int n, const int *units);

#endif
