// SPDX-License-Identifier: GPL-3.0-or-later
// A sweep of savings networks in one results directory (`reachlab-cli savings`): network i is
// DIR/network-NNNN.h5, trained with the sweep's configuration and seed i; a file already there is
// resumed or, when complete, kept; and one summary row per finished network.
#ifndef REACH_SAVINGS_SWEEP_H
#define REACH_SAVINGS_SWEEP_H

#include <stdbool.h>
#include <stdio.h>

#include "../base/error.h"
#include "savings.h"

// "network-NNNN.h5", the file name of network i.
void reach_sweep_network_name(int i, char *buf, size_t len);

// Network i of a sweep with configuration base (seed i): loaded from path if the file exists,
// else created, from the grown-up network in the file `grown` if not NULL
// (reach_savings_from_grown_up, savings --grown-up-from). *complete: the loaded run has finished
// its phases. REACH_ERR_USAGE (with the first differing key) when the file was trained with
// another configuration or engine, or `grown` cannot start this run's phases: the file belongs to
// another sweep and must not be resumed or counted as this one's.
reach_status reach_sweep_open_network(const reach_config *base, int i, const char *path,
                                      const char *grown, reach_savings **out, bool *complete,
                                      reach_error *err);

// The header of a sweep's summary.csv (savings writes it, merge expects it).
#define REACH_SWEEP_SUMMARY_HEADER                                                            \
  "network,units,seed,nf1_final_ld_mm,ff1_ld0_mm,ff1_final_ld_mm,nf2_ld0_mm,nf2_final_ld_mm," \
  "ff2_ld0_mm,ff2_final_ld_mm"

// The summary table: network,units,seed,nf1_final_ld_mm,ff1_ld0_mm,ff1_final_ld_mm,nf2_ld0_mm,
// nf2_final_ld_mm,ff2_ld0_mm,ff2_final_ld_mm (final = the mean of the phase's last 10 batches;
// LD signed + = clockwise).
void reach_sweep_summary_header(FILE *fp);
void reach_sweep_summary_row(FILE *fp, int i, const reach_savings *e);

#endif
