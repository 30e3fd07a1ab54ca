// SPDX-License-Identifier: GPL-3.0-or-later
// ReachLab's HDF5 files as a Python user meets them, and back:
// - a file written by reach_h5 (doubles of rank 2 with NaN/Inf/-0/subnormals, a `units`
//   attribute, int64 extremes, a byte blob, the configuration text, fixed and variable UTF-8
//   strings, a list of strings, root attributes) read with h5py gives exactly those values;
// - a file written by h5py (float64 and float32, int64 and int32, uint8, h5py's str and bytes
//   strings, attributes) is read by reach_h5 with the expected values.
// Needs python3-h5py; without it the test says so and exits 77 (meson: skipped).
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "io/h5.h"
#include "task/config.h"

#ifndef REACH_PYTHON
#define REACH_PYTHON "python3"
#endif
#ifndef REACH_H5PY_SCRIPT
#define REACH_H5PY_SCRIPT "tests/io/check_h5py.py"
#endif

int main(void) {
  char cmd[1200];
  // REACH_H5PY_PYTHON overrides the interpreter found at configure time (e.g. a venv with h5py).
  const char *py = getenv("REACH_H5PY_PYTHON") ? getenv("REACH_H5PY_PYTHON") : REACH_PYTHON;
  snprintf(cmd, sizeof cmd, "'%s' -c 'import h5py' >/dev/null 2>&1", py);
  if (system(cmd) != 0) {
    printf("SKIP: '%s' cannot import h5py: install python3-h5py (Debian) to run this test\n", py);
    return 77;
  }
  char dir[] = "/tmp/reach-h5py-XXXXXX";
  if (!mkdtemp(dir)) return 2;
  char ours[300], theirs[300];
  snprintf(ours, sizeof ours, "%s/ours.h5", dir);
  snprintf(theirs, sizeof theirs, "%s/theirs.h5", dir);
  reach_error err = {0};

  // --- ours, read by h5py ---
  double w[3][4];
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 4; j++) w[i][j] = i * 10 + j + 1.0 / 3.0;
  const double ld[5] = {0.1 + 0.2, NAN, INFINITY, -0.0, 4.9406564584124654e-324};
  const int64_t counts[4] = {INT64_MIN, -1, 0, INT64_MAX};
  unsigned char blob[256];
  for (int i = 0; i < 256; i++) blob[i] = (unsigned char)i;
  reach_config c;
  reach_config_default(&c);
  char *cfg = reach_config_to_string(&c);
  const char *phases[] = {"NF1", "FF1", "NF2", "FF2"};
  static const size_t d34[] = {3, 4}, d5[] = {5}, d4[] = {4};
  reach_h5w wr;
  reach_status st = reach_h5_create(&wr, ours, &err);
  if (st == REACH_OK) st = reach_h5_write_double(&wr, "weights/W_hh", 2, d34, &w[0][0], &err);
  if (st == REACH_OK) st = reach_h5_write_double(&wr, "results/ld", 1, d5, ld, &err);
  if (st == REACH_OK)
    st = reach_h5_attr_string(&wr, "results/ld", "units", "m", REACH_H5_VLEN, &err);
  if (st == REACH_OK) st = reach_h5_write_int64(&wr, "counts", 1, d4, counts, &err);
  if (st == REACH_OK) st = reach_h5_write_bytes(&wr, "rng/state", blob, sizeof blob, &err);
  if (st == REACH_OK) st = reach_h5_write_string(&wr, "config", cfg, REACH_H5_VLEN, &err);
  if (st == REACH_OK)
    st = reach_h5_write_string(&wr, "note_fixed", "b = 8 N·s/m ✓", REACH_H5_FIXED, &err);
  if (st == REACH_OK)
    st = reach_h5_write_strings(&wr, "phase_names", 4, phases, REACH_H5_VLEN, &err);
  if (st == REACH_OK)
    st = reach_h5_attr_string(&wr, "/", "creator", "test-h5py", REACH_H5_VLEN, &err);
  if (st == REACH_OK) st = reach_h5_attr_double(&wr, "/", "dt", 0.01, &err);
  if (st == REACH_OK) st = reach_h5_attr_int64(&wr, "/", "batch", -7, &err);
  if (st == REACH_OK)
    st = reach_h5_commit(&wr, &err);
  else
    reach_h5_abort(&wr);
  CHECK(st == REACH_OK, "wrote %s (%s)", ours, err.msg);
  free(cfg);
  fflush(stdout);
  snprintf(cmd, sizeof cmd, "'%s' '%s' check '%s'", py, REACH_H5PY_SCRIPT, ours);
  int rc = system(cmd);
  CHECK(rc == 0, "h5py reads every value of our file as written (check_h5py.py exit %d)", rc);

  // --- theirs, read by reach_h5 ---
  snprintf(cmd, sizeof cmd, "'%s' '%s' write '%s'", py, REACH_H5PY_SCRIPT, theirs);
  rc = system(cmd);
  CHECK(rc == 0, "h5py wrote %s (exit %d)", theirs, rc);
  reach_h5r r;
  st = reach_h5_open(&r, theirs, &err);
  CHECK(st == REACH_OK, "open the h5py file (%s)", err.msg);
  if (st == REACH_OK) {
    double m[2][3], f32[2], pi = 0;
    int64_t n[3], n32[2], k = 0;
    unsigned char b[4];
    static const size_t d23[] = {2, 3}, d2[] = {2}, d3[] = {3};
    reach_status s1 = reach_h5_read_double(&r, "a/b/m", 2, d23, &m[0][0], &err);
    CHECK(s1 == REACH_OK && m[1][2] == 5.0 / 7.0 && m[0][1] == 1.0 / 7.0,
          "float64 2×3: [0][1] = %.17g, [1][2] = %.17g (want 1/7, 5/7) %s", m[0][1], m[1][2],
          s1 ? err.msg : "");
    s1 = reach_h5_read_double(&r, "a/f32", 1, d2, f32, &err);
    CHECK(s1 == REACH_OK && f32[0] == 0.5 && f32[1] == 1.25, "float32 read as double: %g %g %s",
          f32[0], f32[1], s1 ? err.msg : "");
    s1 = reach_h5_read_int64(&r, "n", 1, d3, n, &err);
    reach_status s2 = reach_h5_read_int64(&r, "n32", 1, d2, n32, &err);
    CHECK(s1 == REACH_OK && s2 == REACH_OK && n[0] == -3 && n[2] == (int64_t)1 << 40 &&
              n32[0] == 7 && n32[1] == -8,
          "int64 %" PRId64 " %" PRId64 " %" PRId64 ", int32 %" PRId64 " %" PRId64, n[0], n[1], n[2],
          n32[0], n32[1]);
    s1 = reach_h5_read_bytes(&r, "blob", b, 4, &err);
    CHECK(s1 == REACH_OK && b[0] == 0 && b[1] == 1 && b[2] == 254 && b[3] == 255,
          "uint8 blob: %d %d %d %d", b[0], b[1], b[2], b[3]);
    char *sv = NULL, *sf = NULL, *units = NULL;
    reach_h5_read_string(&r, "s_vlen", &sv, &err);
    reach_h5_read_string(&r, "s_fixed", &sf, &err);
    reach_h5_read_attr_string(&r, "a/b/m", "units", &units, &err);
    CHECK(sv && sf && units && strcmp(sv, "Ω = 1 N·m") == 0 && strcmp(sf, "ascii12345") == 0 &&
              strcmp(units, "N·s/m") == 0,
          "h5py str \"%s\", bytes (fixed, full length) \"%s\", units attribute \"%s\"",
          sv ? sv : "(null)", sf ? sf : "(null)", units ? units : "(null)");
    free(sv);
    free(sf);
    free(units);
    size_t nn = 0;
    char **names = NULL;
    s1 = reach_h5_read_strings(&r, "names", &nn, &names, &err);
    CHECK(s1 == REACH_OK && nn == 3 && strcmp(names[0], "x") == 0 && strcmp(names[1], "yy") == 0 &&
              strcmp(names[2], "ÿ") == 0,
          "h5py list of str: %zu: %s %s %s", nn, nn == 3 ? names[0] : "", nn == 3 ? names[1] : "",
          nn == 3 ? names[2] : "");
    reach_h5_strings_free(nn, names);
    s1 = reach_h5_read_attr_double(&r, "/", "pi", &pi, &err);
    s2 = reach_h5_read_attr_int64(&r, "/", "k", &k, &err);
    CHECK(s1 == REACH_OK && s2 == REACH_OK && pi == 3.141592653589793 && k == -12,
          "root attributes: pi %.17g, k %" PRId64, pi, k);
    reach_h5_close(&r);
  }
  unlink(ours);
  unlink(theirs);
  rmdir(dir);
  return reach_test_finish("h5py");
}
