// SPDX-License-Identifier: GPL-3.0-or-later
// The savings report of a results directory (reachlab-cli report DIR, and savings --report):
// the behavioural statistics (savings_report.h) and the per-network neural pipeline
// (network_analysis.h) over every network-NNNN.h5 in DIR, written as DIR/report.csv,
// DIR/report.h5, DIR/summary.txt and the figures DIR/fig*.png (+ .svg).
#ifndef REACH_CLI_REPORT_H
#define REACH_CLI_REPORT_H

#include <stdint.h>

#include "analysis/network_analysis.h"
#include "cli.h"

#define DEG 57.295779513082321  // degrees per radian

// What the report keeps of one network (the full analysis only of the example network).
typedef struct report_net {
  int index, units;
  uint64_t seed;
  reach_config cfg;  // as trained (the statistics must not mix configurations)
  double field[REACH_NPHASE];
  // LD logs as logged (m) and signed so each field's direction is positive (sign_ff1 for NF1,
  // FF1 and NF2 so the after-effect keeps its sign; sign_ff2 for FF2): the opposite-field
  // control is compared the way the code does (FF2's LD flipped).
  double *ld[REACH_NPHASE], *lds[REACH_NPHASE];
  int n[REACH_NPHASE];
  double sign_ff1, sign_ff2;
  reach_savings_measures m;  // from lds; rates NaN if their fit failed
  double us_proj[REACH_TDR_NPHASE], us_norm, ring_rot[REACH_TDR_NPHASE];
  double ff1_b0_ld, ff2_b0_ld;  // traces, signed (m)
  double dose_ld[REACH_NA_NDOSE], dose_act[REACH_NA_NDOSE], dose_hid[REACH_NA_NDOSE];
  double dose_slope;  // least-squares slope of signed FF2 LD on m (mm per unit m)
  double pca_ratio[REACH_NA_NPC], pca_ff2[REACH_NA_NPC];
  bool analysed;
  char engine[160];  // the file's engine stamp ("" before stamps)
} report_net;

typedef struct report {
  const char *dir;
  int n;
  report_net *net;
  int example;  // index into net of the network with the full analysis (-1: none)
  reach_network_analysis ex;
  bool opposite;    // FF2's field is opposite to FF1's (the control, R7)
  bool summary_ok;  // at least R1 or R6 computable (a size sweep's point)
  bool ok_init, ok_rate, ok_wash, ok_after, ok_p_init, ok_p_rate;
  reach_savings_summary s;
  reach_ttest rot_ff1, us_nf2, slope;
  bool rot_ok, us_ok, slope_ok;
  int monotone, gone;  // networks with dose LD decreasing in m; with LD(m=−2) ≥ FF1 batch 0
} report;

// Figures (report_plot.c). Each writes DIR/<name>.png and .svg; returns 0 or an exit status.
int report_figures(const report *r);
// Probability of savings against units for a size sweep (DIR/fig3b-sizes.png); p[k] holds the
// summary of size units[k].
int report_size_figure(const char *dir, int n, const int *units, const reach_savings_summary *s);

// Runs the report on one directory of network files. Fills *summary (if not NULL) for the size
// sweep. Returns 0 or an exit status after printing why.
int reach_cli_report_dir(const char *dir, reach_savings_summary *summary, bool *summary_ok);
// A size sweep: DIR/units-H for each size, then DIR/sizes.csv and the size figure.
int reach_cli_report_sizes(const char *dir, int n, const int *units);

#endif
