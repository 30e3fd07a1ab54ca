// SPDX-License-Identifier: GPL-3.0-or-later
// Joining what sharded `savings --shard I/N` runs wrote (`reachlab-cli merge`): their summary
// tables into one, sorted by network, rows copied as text (so a merged table is byte-identical to
// an unsharded run's), and their network files into one directory. A network found twice is an
// error naming both places: silently keeping one could mix two different runs.
#ifndef REACH_SAVINGS_MERGE_H
#define REACH_SAVINGS_MERGE_H

#include <stdbool.h>

#include "../base/error.h"

typedef struct reach_sweep_merge reach_sweep_merge;

reach_sweep_merge *reach_sweep_merge_create(void);
void reach_sweep_merge_free(reach_sweep_merge *m);

// The summary tables of a results directory: its summary-shard-*.csv, else its summary.csv
// (unless that is `skip`, the merge's own output). REACH_ERR_PARSE naming the file and line for
// a foreign header, a bad network number or field count; REACH_ERR_IO if dir has neither.
reach_status reach_sweep_merge_read_dir(reach_sweep_merge *m, const char *dir, const char *skip,
                                        reach_error *err);
// Sorts the rows and checks that no network is there twice and, if networks > 0, that exactly
// networks 0..networks-1 are (naming up to 20 missing ones).
reach_status reach_sweep_merge_check(reach_sweep_merge *m, int networks, reach_error *err);
// Writes the header and rows to path (atomic).
reach_status reach_sweep_merge_write(const reach_sweep_merge *m, const char *path,
                                     reach_error *err);
// Rows and summary files read so far.
int reach_sweep_merge_rows(const reach_sweep_merge *m);
int reach_sweep_merge_files(const reach_sweep_merge *m);

// Brings every network-NNNN.h5 of dirs[ndir] into out (hard link, or a copy across file
// systems), each checked to load and to be finished. A name in two directories is an error; a file
// already in out is kept if it is the same file and is an error otherwise. *count: files brought.
reach_status reach_sweep_gather_networks(char *const *dirs, int ndir, const char *out, int *count,
                                         reach_error *err);

#endif
