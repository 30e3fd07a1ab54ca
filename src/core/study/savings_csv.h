// SPDX-License-Identifier: GPL-3.0-or-later
// The per-batch lateral deviation of a savings run as CSV, one schema for the CLI's
// DIR/ld.csv and the app's export (docs/exports.md):
//   phase,batch,field_Ns_per_m,ld_m,loss,direction_error_deg
// LD in metres with the library's sign (+ = clockwise, analysis/lateral.h), as the HDF5 log holds
// it; loss the training batch's loss (empty where there is none, as for the fixed controller);
// direction_error_deg the cursor's direction error at peak speed (+ = clockwise; the adaptation
// measure of a rotation), empty where it was not logged.
#ifndef REACH_SAVINGS_CSV_H
#define REACH_SAVINGS_CSV_H

#include <stdio.h>

#include "../base/error.h"
#include "savings.h"

void reach_ld_csv_header(FILE *fp);
// n batches of one phase: ld[n] (m) and loss[n] (nullable).
void reach_ld_csv_rows(FILE *fp, int phase, double field, const double *ld, const double *loss,
                       int n);
// The same for phase `name` with its direction errors dir[n] (nullable).
void reach_ld_csv_rows_named(FILE *fp, const char *name, double field, const double *ld,
                             const double *loss, const double *dir, int n);
// Every logged batch of run e's phases, to path (atomic).
reach_status reach_savings_write_ld_csv(const reach_savings *e, const char *path, reach_error *err);

#endif
