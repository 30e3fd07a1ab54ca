// SPDX-License-Identifier: GPL-3.0-or-later
// A context model (the SSSM or SSM1-SSM7) run over a set of paradigms, one row per trial with the
// columns of the reference sssm_trials.csv: `reachlab-cli sssm`. The table is filled first and
// then written as CSV or as HDF5 (one dataset per column; docs/hdf5-layout.md), so both formats
// hold the same numbers.
#ifndef REACH_CONTEXT_TABLE_H
#define REACH_CONTEXT_TABLE_H

#include "../base/error.h"
#include "../context/model.h"
#include "../context/sssm.h"
#include "../context/paradigm.h"

enum { REACH_CONTEXT_TABLE_MAXCOL = 25 };

typedef struct reach_context_column reach_context_column;

typedef struct reach_context_table {
  int ncol, nrow;
  const reach_context_column *col[REACH_CONTEXT_TABLE_MAXCOL];
  double *v;           // [nrow][ncol]; the group column holds 0
  const char **group;  // [nrow]: same, opposing or none
} reach_context_table;

// Runs model m with parameters theta over every paradigm of the set into t (opt: the SSSM's);
// with more than one paradigm the rows start with subject,group.
reach_status reach_context_table_run(reach_context_table *t, const reach_paradigm_set *set,
                                     reach_cmodel m, const double *theta,
                                     const reach_sssm_options *opt, reach_error *err);
void reach_context_table_free(reach_context_table *t);
reach_status reach_context_table_write_csv(const char *path, const reach_context_table *t,
                                           reach_error *err);
// HDF5: /trials/<column>, /params/<name>, and root attributes creator, model, variant, source,
// columns, note.
reach_status reach_context_table_write_h5(const char *path, const reach_context_table *t,
                                          reach_cmodel m, const double *theta,
                                          const reach_sssm_options *opt, const char *creator,
                                          const char *source, reach_error *err);

#endif
