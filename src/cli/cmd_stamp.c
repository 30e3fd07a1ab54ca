// SPDX-License-Identifier: GPL-3.0-or-later
// `reachlab-cli stamp FILE...`: accepts a deliberate edit of ReachLab HDF5 files (a weight
// lesioned in h5py, a dataset repacked) by rewriting their checksum (io/h5.h reach_h5_restamp).
// Reading refuses a file whose content no longer matches its checksum, as it would a damaged one.
#include <glib.h>

#include "cli.h"
#include "io/h5.h"

int reach_cli_stamp(int argc, char **argv) {
  char **files = NULL;
  GOptionEntry entries[] = {
      {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE..."},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  int status = reach_cli_parse_options(
      "stamp", "FILE...",
      "Accept a deliberate edit of HDF5 files that ReachLab wrote: their SHA-256 checksum\n"
      "(docs/hdf5-layout.md) is rewritten to match their content now. Without it, ReachLab\n"
      "refuses an edited file as damaged.",
      entries, &argc, &argv);
  if (status == 0 && (!files || !files[0]))
    status = reach_cli_fail(2, "stamp: expected at least one FILE");
  for (int i = 0; status == 0 && files[i]; i++) {
    reach_error err = {0};
    if (reach_h5_restamp(files[i], &err) != REACH_OK)
      status = reach_cli_fail(1, "stamp: %s", err.msg);
    else
      printf("%s: checksum rewritten\n", files[i]);
  }
  g_strfreev(files);
  return status;
}
