// SPDX-License-Identifier: GPL-3.0-or-later
#include "savings_csv.h"

#include "../io/csv.h"
#include "../task/phase.h"

void reach_ld_csv_header(FILE *fp) { fputs("phase,batch,field_Ns_per_m,ld_m,loss\n", fp); }

void reach_ld_csv_rows(FILE *fp, int phase, double field, const double *ld, const double *loss,
                       int n) {
  for (int k = 0; k < n; k++) {
    fprintf(fp, "%s,%d,%g,%.9g,", reach_phase_names[phase], k, field, ld[k]);
    if (loss) fprintf(fp, "%.9g", loss[k]);
    fputc('\n', fp);
  }
}

reach_status reach_savings_write_ld_csv(const reach_savings *e, const char *path,
                                        reach_error *err) {
  reach_file f;
  reach_status st = reach_file_begin(&f, path, err);
  if (st != REACH_OK) return st;
  reach_ld_csv_header(f.fp);
  const reach_config *c = reach_savings_config(e);
  for (int p = 0; p < REACH_NPHASE; p++) {
    const double *ld, *loss;
    const int n = reach_savings_ld(e, p, &ld, &loss);
    reach_ld_csv_rows(f.fp, p, c->phase_field[p], ld, loss, n);
  }
  return reach_file_commit(&f, err);
}
