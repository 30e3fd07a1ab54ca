// SPDX-License-Identifier: GPL-3.0-or-later
// The network/checkpoint loader (learn/savings_io.c, io/h5.c) on mutated real files: a file
// either loads or fails with a message naming it; what loads has finite weights and takes one
// training step without crashing or hanging (a corrupt RNG state did both).
// Files carry a SHA-256 of their content (io/h5.c), so most mutations stop there. Built with
// REACH_FUZZ_FIXUP (fuzz-network-h5-deep) the harness rewrites the checksum of each mutated
// input, so the mutations reach libhdf5's parser and the checks of savings_io.c behind it.
#include <glib.h>
#include <math.h>

#include "fuzz_util.h"
#include "reach.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
#ifdef REACH_FUZZ_FIXUP
  static const char magic[] = "ReachLab HDF5 checksum v1\n";
  uint8_t *fixed = NULL;
  if (size > 512 && memcmp(data, magic, sizeof magic - 1) == 0 && (fixed = malloc(size))) {
    memcpy(fixed, data, size);
    gchar *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, fixed + 512, size - 512);
    memset(fixed, 0, 512);
    snprintf((char *)fixed, 512, "%ssha256 %s\nbytes %zu\n", magic, hex, size - 512);
    g_free(hex);
    data = fixed;
  }
  const char *path = fuzz_file("network.h5", data, size);
  free(fixed);
#else
  // Files written before the checksum (HDF5's signature at byte 0) go to libhdf5 unchecked, and
  // libhdf5 1.10 has memory errors of its own on damaged files (fuzz-network-h5-deep): this
  // target covers the files ReachLab writes now, and everything the loader decides before HDF5.
  if (size >= 8 && memcmp(data, "\211HDF\r\n\032\n", 8) == 0) return 0;
  const char *path = fuzz_file("network.h5", data, size);
#endif
  if (!path) return 0;
  reach_savings *e = NULL;
  reach_error err = {0};
  if (reach_savings_load(path, &e, &err) != REACH_OK) {
    if (!strstr(err.msg, path)) {
      fprintf(stderr, "message without the file: %s\n", err.msg);
      abort();
    }
    return 0;
  }
  size_t n;
  const double *theta = reach_savings_params(e, &n);
  for (size_t i = 0; i < n; i++)
    if (!isfinite(theta[i])) abort();
  // A step only for small networks: the configuration inside the file may ask for any size.
  const reach_config *c = reach_savings_config(e);
  if (reach_savings_stage(e) != REACH_STAGE_DONE && c->units <= 16 && c->grow_batch <= 16 &&
      c->task.steps <= 200 && c->task.n_targets * c->phase_batch_repeats <= 64)
    (void)reach_savings_step(e, &err);
  reach_savings_free(e);
  return 0;
}
