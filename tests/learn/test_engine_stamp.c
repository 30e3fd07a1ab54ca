// SPDX-License-Identifier: GPL-3.0-or-later
// The engine stamp of savings files (issue 14, docs/hdf5-layout.md):
//  - a saved run carries root attribute `engine` = reach_savings_engine of its configuration
//    ("reachlab VERSION; NUMERICS; PRECISION"), and it says nothing of the thread count;
//  - a loaded file remembers its stamp, and reach_savings_check_engine accepts it;
//  - the same file with another stamp (or none, as before the stamps) is still readable, but the
//    check refuses it with a message naming the file and both stamps.
#include <hdf5.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "net/gemm.h"
#include "reach.h"

// Rewrites (or with stamp = NULL removes) the root attribute `engine`.
static int restamp(const char *path, const char *stamp) {
  hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
  if (f < 0) return -1;
  if (H5Aexists(f, "engine") > 0) H5Adelete(f, "engine");
  if (stamp) {
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(f, "engine", t, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, t, &stamp);
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
  }
  if (H5Fclose(f) < 0) return -1;
  reach_error err = {0};  // a deliberate edit: accepted as a user would (reachlab-cli stamp)
  return reach_h5_restamp(path, &err) == REACH_OK ? 0 : -1;
}

int main(void) {
  reach_config cfg;
  reach_config_default(&cfg);
  cfg.units = 8;
  cfg.precision = REACH_PRECISION_SINGLE;  // paper.ini's
  cfg.grow_batches = 2;
  cfg.grow_batch = 4;
  for (int p = 0; p < REACH_NPHASE; p++) cfg.phase_batches[p] = 1;
  reach_error err = {0};
  char dir[] = "/tmp/reach-engine-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  char path[256];
  snprintf(path, sizeof path, "%s/network-0000.h5", dir);
  char want[160], want2[160];
  reach_savings_engine(&cfg, want, sizeof want);
  cfg.threads = 2;
  reach_savings_engine(&cfg, want2, sizeof want2);
  CHECK(strcmp(want, want2) == 0 && strstr(want, "reachlab ") == want &&
            strstr(want, REACH_GEMM_NUMERICS) && strstr(want, "single"),
        "engine of paper.ini's precision: '%s' (the same on 2 threads: '%s')", want, want2);

  reach_savings *e = NULL, *l = NULL;
  reach_status st = reach_savings_create(&cfg, &e, &err);
  for (int i = 0; i < 3 && !st; i++) st = reach_savings_step(e, &err);
  if (!st) st = reach_savings_save(e, path, &err);
  if (!st) st = reach_savings_load(path, &l, &err);
  CHECK(!st && strcmp(reach_savings_file_engine(l), want) == 0 &&
            reach_savings_check_engine(l, path, &err) == REACH_OK,
        "saved and loaded: file stamp '%s', accepted by the check",
        l ? reach_savings_file_engine(l) : "?");
  reach_savings_free(l);
  l = NULL;

  const char *other = "reachlab 0.0.9; openblas-sgemm; single";
  restamp(path, other);
  st = reach_savings_load(path, &l, &err);
  reach_error why = {0};
  reach_status chk = l ? reach_savings_check_engine(l, path, &why) : REACH_OK;
  CHECK(!st && chk == REACH_ERR_PARSE && strstr(why.msg, path) && strstr(why.msg, other) &&
            strstr(why.msg, want),
        "another engine's file loads (weights readable) but the check refuses it: %s", why.msg);
  reach_savings_free(l);
  l = NULL;

  restamp(path, NULL);
  st = reach_savings_load(path, &l, &err);
  why = (reach_error){0};
  chk = l ? reach_savings_check_engine(l, path, &why) : REACH_OK;
  CHECK(!st && chk == REACH_ERR_PARSE && strstr(why.msg, "before engine stamps"),
        "a file without a stamp is refused as from before the stamps: %s", why.msg);
  reach_savings_free(l);
  reach_savings_free(e);
  unlink(path);
  rmdir(dir);
  return reach_test_finish("engine-stamp");
}
