// SPDX-License-Identifier: GPL-3.0-or-later
#include "savings_csv.h"

#include "../io/csv.h"
#include "../task/phase.h"

#include <math.h>

void reach_ld_csv_header(FILE *fp) {
  fputs("phase,batch,field_Ns_per_m,ld_m,loss,direction_error_deg\n", fp);
}

void reach_ld_csv_rows_named(FILE *fp, const char *name, double field, const double *ld,
                             const double *loss, const double *dir, int n) {
  for (int k = 0; k < n; k++) {
    fprintf(fp, "%s,%d,%g,%.9g,", name, k, field, ld[k]);
    if (loss) fprintf(fp, "%.9g", loss[k]);
    fputc(',', fp);
    if (dir && !isnan(dir[k])) fprintf(fp, "%.9g", dir[k]);
    fputc('\n', fp);
  }
}

void reach_ld_csv_rows(FILE *fp, int phase, double field, const double *ld, const double *loss,
                       int n) {
  reach_ld_csv_rows_named(fp, reach_phase_names[phase], field, ld, loss, NULL, n);
}

reach_status reach_savings_write_ld_csv(const reach_savings *e, const char *path,
                                        reach_error *err) {
  reach_file f;
  reach_status st = reach_file_begin(&f, path, err);
  if (st != REACH_OK) return st;
  reach_ld_csv_header(f.fp);
  int np = 0;
  const reach_phase *ph = reach_savings_phases(e, &np);
  for (int p = 0; p < np; p++) {
    const double *ld, *loss, *dir;
    const int n = reach_savings_ld(e, p, &ld, &loss);
    reach_savings_direction_error(e, p, &dir);
    const double field = ph[p].kind == REACH_PHASE_CURL ? ph[p].gain : 0.0;
    reach_ld_csv_rows_named(f.fp, ph[p].name, field, ld, loss, dir, n);
  }
  return reach_file_commit(&f, err);
}
