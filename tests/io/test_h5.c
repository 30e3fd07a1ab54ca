// SPDX-License-Identifier: GPL-3.0-or-later
// The HDF5 layer (io/h5.h) as claims:
// - every type round-trips bit for bit: doubles of rank 0-3 (NaN, ±Inf, -0 and subnormals
//   included, and an empty array), int64 extremes, a byte blob (a real RNG state, restored and
//   drawing the same numbers), UTF-8 strings of both kinds as datasets, lists and attributes;
// - writing is atomic: while a writer is open, and after it is aborted or fails, the old file is
//   intact and no temporary file is left; a commit that cannot rename removes its temporary;
// - mistakes are errors naming the file and the dataset and saying what was expected and found
//   ("expected 384×128, found 384×64"), missing files and non-HDF5 files included;
// - HDF5 itself prints nothing (stderr stays empty through all the error cases, one of them on
//   a second thread).
#include <dirent.h>
#include <inttypes.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/rng.h"
#include "harness.h"
#include "io/h5.h"

static char dir[] = "/tmp/reach-h5-XXXXXX";

// Entries of dir other than . and ..; names the first one containing "tmp" in *tmpname.
static int count_entries(char *tmpname, size_t len) {
  int n = 0;
  if (tmpname) tmpname[0] = '\0';
  DIR *dh = opendir(dir);
  for (struct dirent *e; dh && (e = readdir(dh));) {
    if (e->d_name[0] == '.') continue;
    n++;
    if (tmpname && strstr(e->d_name, ".tmp-")) snprintf(tmpname, len, "%s", e->d_name);
  }
  if (dh) closedir(dh);
  return n;
}

static int same_bits(const void *a, const void *b, size_t n) { return memcmp(a, b, n) == 0; }

// A failing read on a thread that never opened a file: HDF5's print switch is per thread.
static void *read_missing(void *arg) {
  static reach_error terr;
  double x;
  reach_h5_read_double((const reach_h5r *)arg, "d1/x", 0, NULL, &x, &terr);  // H5Lexists fails
  return terr.msg;
}

// Reads v (a scalar double dataset) from path; NAN if that fails.
static double read_v(const char *path) {
  reach_h5r r;
  reach_error err;
  double v = NAN;
  if (reach_h5_open(&r, path, &err) != REACH_OK) return NAN;
  if (reach_h5_read_double(&r, "v", 0, NULL, &v, &err) != REACH_OK) v = NAN;
  reach_h5_close(&r);
  return v;
}

static reach_status write_v(const char *path, double v, reach_error *err) {
  reach_h5w w;
  reach_status st = reach_h5_create(&w, path, err);
  if (st != REACH_OK) return st;
  st = reach_h5_write_double(&w, "v", 0, NULL, &v, err);
  if (st != REACH_OK) {
    reach_h5_abort(&w);
    return st;
  }
  return reach_h5_commit(&w, err);
}

int main(void) {
  if (!mkdtemp(dir)) return 2;
  char path[300];
  snprintf(path, sizeof path, "%s/all.h5", dir);
  reach_error err = {0};

  // --- every type, written then read back ---
  double d1[6] = {1.5, -0.0, NAN, INFINITY, -INFINITY, 4.9406564584124654e-324};
  double d2[3][4], d3[2][3][4], scalar = 0.1 + 0.2;
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 4; j++) d2[i][j] = i * 10 + j + 1.0 / 3.0;
  for (int i = 0; i < 24; i++) (&d3[0][0][0])[i] = sin(i) * 1e-300;
  int64_t i1[4] = {INT64_MIN, -1, 0, INT64_MAX}, i0 = 1234567890123456789LL;
  reach_rng rng;
  reach_rng_init(&rng, 42);
  for (int i = 0; i < 1000; i++) reach_rng_uniform(&rng, 0, 1);
  const size_t nstate = reach_rng_state_size(&rng);
  unsigned char *state = malloc(nstate);
  memcpy(state, reach_rng_state(&rng), nstate);
  double next_draws[3];
  for (int i = 0; i < 3; i++) next_draws[i] = reach_rng_uniform(&rng, 0, 1);
  const char *utf8 = "b = 8 N·s/m, 384×128, Ωμ∑ — ✓";
  const char *names[] = {"NF1", "FF1 (curl, b > 0)", "", "FF2 ×"};
  static const size_t dim1[] = {6}, dim2[] = {3, 4}, dim3[] = {2, 3, 4}, dim0[] = {0}, dimi[] = {4},
                      dimw[] = {384, 64};
  double *w_hh = calloc(384 * 64, sizeof *w_hh);
  for (int i = 0; i < 384 * 64; i++) w_hh[i] = i * 0.5;

  reach_h5w w;
  reach_status st = reach_h5_create(&w, path, &err);
  CHECK(st == REACH_OK, "create %s (%s)", path, err.msg);
  const reach_status sts[] = {
      reach_h5_write_double(&w, "d1", 1, dim1, d1, &err),
      reach_h5_write_double(&w, "deep/er/d2", 2, dim2, &d2[0][0], &err),
      reach_h5_write_double(&w, "deep/d3", 3, dim3, &d3[0][0][0], &err),
      reach_h5_write_double(&w, "scalar", 0, NULL, &scalar, &err),
      reach_h5_write_double(&w, "empty", 1, dim0, NULL, &err),
      reach_h5_write_double(&w, "weights/W_hh", 2, dimw, w_hh, &err),
      reach_h5_write_int64(&w, "ints/i1", 1, dimi, i1, &err),
      reach_h5_write_int64(&w, "ints/i0", 0, NULL, &i0, &err),
      reach_h5_write_bytes(&w, "rng/state", state, nstate, &err),
      reach_h5_write_bytes(&w, "rng/none", NULL, 0, &err),
      reach_h5_write_string(&w, "text/vlen", utf8, REACH_H5_VLEN, &err),
      reach_h5_write_string(&w, "text/fixed", utf8, REACH_H5_FIXED, &err),
      reach_h5_write_string(&w, "text/empty", "", REACH_H5_FIXED, &err),
      reach_h5_write_strings(&w, "text/list_vlen", 4, names, REACH_H5_VLEN, &err),
      reach_h5_write_strings(&w, "text/list_fixed", 4, names, REACH_H5_FIXED, &err),
      reach_h5_group(&w, "results/phases", &err),
      reach_h5_group(&w, "results", &err),  // existing group: fine
      reach_h5_attr_string(&w, "d1", "units", "m", REACH_H5_VLEN, &err),
      reach_h5_attr_string(&w, "d1", "units", "mm", REACH_H5_VLEN, &err),  // replaces
      reach_h5_attr_string(&w, "results/phases", "note", utf8, REACH_H5_FIXED, &err),
      reach_h5_attr_string(&w, "/", "creator", "test-h5", REACH_H5_VLEN, &err),
      reach_h5_attr_double(&w, "", "dt", 0.01, &err),
      reach_h5_attr_int64(&w, "weights/W_hh", "batch", -7, &err),
  };
  int nbad = 0, first_bad = -1;
  for (size_t i = 0; i < sizeof sts / sizeof sts[0]; i++)
    if (sts[i] != REACH_OK && nbad++ == 0) first_bad = (int)i;
  CHECK(nbad == 0, "%zu writes: %d failed (first #%d: %s)", sizeof sts / sizeof sts[0], nbad,
        first_bad, nbad ? err.msg : "");
  char tmpname[256];
  int n = count_entries(tmpname, sizeof tmpname);
  CHECK(n == 1 && tmpname[0] && strncmp(tmpname, "all.h5.tmp-", 11) == 0,
        "while writing, the folder holds only the temporary '%s' (%d entries)", tmpname, n);
  st = reach_h5_commit(&w, &err);
  n = count_entries(tmpname, sizeof tmpname);
  CHECK(st == REACH_OK && n == 1 && !tmpname[0],
        "commit: the folder holds only all.h5 (%d entries, temporary '%s') %s", n, tmpname,
        st ? err.msg : "");
  struct stat sb;
  stat(path, &sb);
  CHECK((sb.st_mode & 0777) == 0644, "committed file mode %o (expected 644)",
        (unsigned)(sb.st_mode & 0777));

  reach_h5r r;
  st = reach_h5_open(&r, path, &err);
  CHECK(st == REACH_OK, "open %s (%s)", path, err.msg);
  {
    double b1[6], b2[3][4], b3[2][3][4], bs = 0;
    int64_t bi1[4], bi0 = 0;
    unsigned char *bstate = malloc(nstate);
    st = reach_h5_read_double(&r, "d1", 1, dim1, b1, &err);
    CHECK(st == REACH_OK && same_bits(b1, d1, sizeof d1),
          "d1 (1.5, -0, NaN, Inf, -Inf, 4.9e-324) bit for bit: %g %g %g %g %g %g %s", b1[0], b1[1],
          b1[2], b1[3], b1[4], b1[5], st ? err.msg : "");
    st = reach_h5_read_double(&r, "deep/er/d2", 2, dim2, &b2[0][0], &err);
    CHECK(st == REACH_OK && same_bits(b2, d2, sizeof d2), "d2 3×4 bit for bit: [2][3] = %.17g %s",
          b2[2][3], st ? err.msg : "");
    st = reach_h5_read_double(&r, "/deep/d3", 3, dim3, &b3[0][0][0], &err);
    CHECK(st == REACH_OK && same_bits(b3, d3, sizeof d3),
          "d3 2×3×4 bit for bit (leading '/' accepted): [1][2][3] = %.17g %s", b3[1][2][3],
          st ? err.msg : "");
    st = reach_h5_read_double(&r, "scalar", 0, NULL, &bs, &err);
    CHECK(st == REACH_OK && bs == scalar, "scalar %.17g (wrote %.17g)", bs, scalar);
    st = reach_h5_read_double(&r, "empty", 1, dim0, NULL, &err);
    int rank = -1;
    size_t dims[REACH_H5_MAXRANK] = {9, 9, 9};
    reach_status st2 = reach_h5_dims(&r, "empty", &rank, dims, &err);
    CHECK(st == REACH_OK && st2 == REACH_OK && rank == 1 && dims[0] == 0,
          "empty array: rank %d, length %zu", rank, dims[0]);
    st = reach_h5_dims(&r, "weights/W_hh", &rank, dims, &err);
    CHECK(st == REACH_OK && rank == 2 && dims[0] == 384 && dims[1] == 64,
          "dims of weights/W_hh: rank %d, %zu×%zu", rank, dims[0], dims[1]);
    st = reach_h5_read_int64(&r, "ints/i1", 1, dimi, bi1, &err);
    st2 = reach_h5_read_int64(&r, "ints/i0", 0, NULL, &bi0, &err);
    CHECK(st == REACH_OK && st2 == REACH_OK && same_bits(bi1, i1, sizeof i1) && bi0 == i0,
          "int64: %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 ", scalar %" PRId64, bi1[0], bi1[1],
          bi1[2], bi1[3], bi0);
    st = reach_h5_read_bytes(&r, "rng/state", bstate, nstate, &err);
    reach_rng rng2;
    reach_rng_init(&rng2, 7);
    int set = reach_rng_set_state(&rng2, bstate, nstate);
    double again[3];
    for (int i = 0; i < 3; i++) again[i] = reach_rng_uniform(&rng2, 0, 1);
    CHECK(st == REACH_OK && same_bits(bstate, state, nstate) && set == 0 &&
              same_bits(again, next_draws, sizeof again),
          "RNG state (%zu bytes) round trip; restored stream draws %.17g %.17g %.17g (expected "
          "%.17g %.17g %.17g)",
          nstate, again[0], again[1], again[2], next_draws[0], next_draws[1], next_draws[2]);
    reach_rng_free(&rng2);
    st = reach_h5_read_bytes(&r, "rng/none", NULL, 0, &err);
    CHECK(st == REACH_OK, "zero-byte blob reads (%s)", err.msg);
    free(bstate);

    char *s1 = NULL, *s2 = NULL, *s3 = NULL;
    reach_h5_read_string(&r, "text/vlen", &s1, &err);
    reach_h5_read_string(&r, "text/fixed", &s2, &err);
    reach_h5_read_string(&r, "text/empty", &s3, &err);
    CHECK(s1 && s2 && s3 && strcmp(s1, utf8) == 0 && strcmp(s2, utf8) == 0 && s3[0] == '\0',
          "UTF-8 strings: vlen \"%s\", fixed \"%s\", empty \"%s\"", s1 ? s1 : "(null)",
          s2 ? s2 : "(null)", s3 ? s3 : "(null)");
    free(s1);
    free(s2);
    free(s3);
    const char *lists[] = {"text/list_vlen", "text/list_fixed"};
    for (int k = 0; k < 2; k++) {
      size_t ns = 0;
      char **ls = NULL;
      st = reach_h5_read_strings(&r, lists[k], &ns, &ls, &err);
      int ok = st == REACH_OK && ns == 4;
      for (size_t i = 0; ok && i < 4; i++) ok = strcmp(ls[i], names[i]) == 0;
      CHECK(ok, "%s: %zu strings: \"%s\" \"%s\" \"%s\" \"%s\" %s", lists[k], ns,
            ns == 4 ? ls[0] : "", ns == 4 ? ls[1] : "", ns == 4 ? ls[2] : "", ns == 4 ? ls[3] : "",
            st ? err.msg : "");
      reach_h5_strings_free(ns, ls);
    }
    char *a1 = NULL, *a2 = NULL, *a3 = NULL;
    double dt = 0;
    int64_t batch = 0;
    reach_h5_read_attr_string(&r, "d1", "units", &a1, &err);
    reach_h5_read_attr_string(&r, "results/phases", "note", &a2, &err);
    reach_h5_read_attr_string(&r, "/", "creator", &a3, &err);
    reach_h5_read_attr_double(&r, "/", "dt", &dt, &err);
    reach_h5_read_attr_int64(&r, "weights/W_hh", "batch", &batch, &err);
    CHECK(a1 && a2 && a3 && strcmp(a1, "mm") == 0 && strcmp(a2, utf8) == 0 &&
              strcmp(a3, "test-h5") == 0 && dt == 0.01 && batch == -7,
          "attributes: d1 units \"%s\" (replaced m -> mm), group note \"%s\", root creator "
          "\"%s\", dt %g, batch %" PRId64,
          a1 ? a1 : "", a2 ? a2 : "", a3 ? a3 : "", dt, batch);
    free(a1);
    free(a2);
    free(a3);
    CHECK(reach_h5_exists(&r, "deep/er") && reach_h5_exists(&r, "deep/er/d2") &&
              !reach_h5_exists(&r, "deep/nope") && !reach_h5_exists(&r, "nope/deeper/x") &&
              reach_h5_exists(&r, "/"),
          "exists: deep/er %d, deep/er/d2 %d, deep/nope %d, nope/deeper/x %d, / %d",
          reach_h5_exists(&r, "deep/er"), reach_h5_exists(&r, "deep/er/d2"),
          reach_h5_exists(&r, "deep/nope"), reach_h5_exists(&r, "nope/deeper/x"),
          reach_h5_exists(&r, "/"));
  }

  // --- errors name file, dataset, expected and found; HDF5 prints nothing ---
  char errlog[300];
  snprintf(errlog, sizeof errlog, "%s/../reach-h5-stderr-%d.txt", dir, (int)getpid());
  fflush(stderr);
  const int saved = dup(2);
  const int logfd = open(errlog, O_CREAT | O_TRUNC | O_WRONLY, 0600);
  dup2(logfd, 2);
  {
    char want[600];
    double buf[384 * 128];
    int64_t ib[6];
    unsigned char bytes[16];
    char *s = NULL;
    const size_t d384x128[] = {384, 128}, d384[] = {384}, d6[] = {6};
    // The messages are checked one at a time (err holds only the last).
#define EXPECT(label, call, tail)                                                              \
  do {                                                                                         \
    reach_error_clear(&err);                                                                   \
    reach_status st_ = (call);                                                                 \
    snprintf(want, sizeof want, "%s: %s", path, tail);                                         \
    CHECK(st_ != REACH_OK && strstr(err.msg, want) != NULL, "%s: \"%s\" (want \"%s\")", label, \
          err.msg, want);                                                                      \
  } while (0)
    EXPECT("wrong dims", reach_h5_read_double(&r, "weights/W_hh", 2, d384x128, buf, &err),
           "dataset 'weights/W_hh': expected 384×128, found 384×64");
    EXPECT("wrong rank", reach_h5_read_double(&r, "weights/W_hh", 1, d384, buf, &err),
           "dataset 'weights/W_hh': expected 384, found 384×64");
    EXPECT("scalar expected", reach_h5_read_double(&r, "d1", 0, NULL, buf, &err),
           "dataset 'd1': expected a scalar, found 6");
    EXPECT("missing dataset", reach_h5_read_double(&r, "weights/W_xx", 1, d6, buf, &err),
           "no dataset 'weights/W_xx'");
    EXPECT("missing group", reach_h5_read_double(&r, "nope/deeper/x", 1, d6, buf, &err),
           "no dataset 'nope/deeper/x'");
    EXPECT("group read as dataset", reach_h5_read_double(&r, "weights", 1, d6, buf, &err),
           "'weights' is a group; expected a dataset");
    EXPECT("int64 from doubles", reach_h5_read_int64(&r, "d1", 1, d6, ib, &err),
           "dataset 'd1': expected integer values, found floating-point values");
    EXPECT("doubles from int64", reach_h5_read_double(&r, "ints/i1", 1, dimi, buf, &err),
           "dataset 'ints/i1': expected floating-point values, found integer values");
    EXPECT("bytes from int64", reach_h5_read_bytes(&r, "ints/i1", bytes, 4, &err),
           "dataset 'ints/i1': expected bytes (uint8), found 8-byte integer");
    EXPECT("blob size", reach_h5_read_bytes(&r, "rng/state", bytes, 16, &err),
           "dataset 'rng/state': expected 16 bytes, found");
    EXPECT("string from doubles", reach_h5_read_string(&r, "d1", &s, &err),
           "dataset 'd1': expected a scalar, found 6");
    EXPECT("string from a scalar double", reach_h5_read_string(&r, "scalar", &s, &err),
           "dataset 'scalar': expected a string, found floating-point values");
    EXPECT("missing attribute", reach_h5_read_attr_string(&r, "d1", "unit", &s, &err),
           "no attribute 'unit' of 'd1'");
    EXPECT("attribute of a missing object", reach_h5_read_attr_double(&r, "d9", "dt", buf, &err),
           "attribute 'dt' of 'd9': no such dataset or group");
    EXPECT("double attribute read as int64", reach_h5_read_attr_int64(&r, "/", "dt", ib, &err),
           "attribute 'dt' of '/': expected an integer, found floating-point values");
    free(s);
    pthread_t th;
    void *msg = NULL;
    pthread_create(&th, NULL, read_missing, &r);
    pthread_join(th, &msg);
    CHECK(msg && strstr((const char *)msg, "no dataset 'd1/x'"),
          "a failing read on another thread: \"%s\"", msg ? (const char *)msg : "");
    reach_h5_close(&r);

    // opening: missing file, not HDF5
    char bad[300];
    snprintf(bad, sizeof bad, "%s/missing.h5", dir);
    st = reach_h5_open(&r, bad, &err);
    CHECK(st == REACH_ERR_IO && strstr(err.msg, "missing.h5: cannot open: No such file"),
          "missing file: \"%s\"", err.msg);
    snprintf(bad, sizeof bad, "%s/text.h5", dir);
    FILE *fp = fopen(bad, "w");
    fputs("subject,group,trial\n1,same,1\n", fp);
    fclose(fp);
    st = reach_h5_open(&r, bad, &err);
    CHECK(st == REACH_ERR_PARSE && strstr(err.msg, "text.h5: not an HDF5 file"),
          "a CSV named .h5: \"%s\"", err.msg);
    unlink(bad);

    // writer misuse
    reach_h5w w2;
    snprintf(bad, sizeof bad, "%s/w2.h5", dir);
    reach_h5_create(&w2, bad, &err);
    double one = 1;
    reach_h5_write_double(&w2, "a/b", 0, NULL, &one, &err);
    st = reach_h5_write_double(&w2, "a/b", 0, NULL, &one, &err);
    snprintf(want, sizeof want, "%s: dataset 'a/b' already exists", bad);
    CHECK(st != REACH_OK && strstr(err.msg, want) != NULL,
          "dataset written twice, naming the user's path, not the temporary: \"%s\"", err.msg);
    st = reach_h5_write_double(&w2, "a/b/c", 0, NULL, &one, &err);
    CHECK(st != REACH_OK && strstr(err.msg, "'a/b/c'"), "dataset under a dataset: \"%s\"", err.msg);
    st = reach_h5_attr_string(&w2, "zz", "units", "m", REACH_H5_VLEN, &err);
    CHECK(st != REACH_OK && strstr(err.msg, "attribute 'units' on 'zz': no such dataset or group"),
          "attribute on a missing object: \"%s\"", err.msg);
    st = reach_h5_write_double(&w2, "r4", 4, dim3, d1, &err);
    CHECK(st == REACH_ERR_USAGE && strstr(err.msg, "rank 4; expected 0 to 3"), "rank 4: \"%s\"",
          err.msg);
    st = reach_h5_write_double(&w2, "", 0, NULL, &one, &err);
    CHECK(st == REACH_ERR_USAGE, "empty name: \"%s\"", err.msg);
    reach_h5_abort(&w2);
  }
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  close(logfd);
  struct stat lb;
  stat(errlog, &lb);
  CHECK(lb.st_size == 0, "HDF5 printed nothing to stderr during the error cases (%lld bytes)",
        (long long)lb.st_size);
  unlink(errlog);

  // --- atomicity ---
  {
    char p[300];
    snprintf(p, sizeof p, "%s/ckpt.h5", dir);
    st = write_v(p, 1.0, &err);
    CHECK(st == REACH_OK && read_v(p) == 1.0, "first checkpoint written: v = %g", read_v(p));
    const int before = count_entries(NULL, 0);

    // abort: old file intact, no temporary
    reach_h5w a;
    reach_h5_create(&a, p, &err);
    double two = 2;
    reach_h5_write_double(&a, "v", 0, NULL, &two, &err);
    const double during = read_v(p);
    reach_h5_abort(&a);
    char tn[256];
    int after = count_entries(tn, sizeof tn);
    CHECK(during == 1.0 && read_v(p) == 1.0 && after == before && !tn[0],
          "abort: v read %g while writing and %g after (expected 1), %d entries before, %d after, "
          "temporary '%s'",
          during, read_v(p), before, after, tn);

    // a failed write, then abort
    reach_h5_create(&a, p, &err);
    reach_h5_write_double(&a, "v", 0, NULL, &two, &err);
    st = reach_h5_write_double(&a, "v", 0, NULL, &two, &err);
    reach_h5_abort(&a);
    after = count_entries(tn, sizeof tn);
    CHECK(st != REACH_OK && read_v(p) == 1.0 && after == before && !tn[0],
          "failed write + abort: v = %g (expected 1), %d entries, temporary '%s'", read_v(p), after,
          tn);

    // commit replaces
    st = write_v(p, 2.0, &err);
    after = count_entries(tn, sizeof tn);
    CHECK(st == REACH_OK && read_v(p) == 2.0 && after == before && !tn[0],
          "second commit replaces: v = %g (expected 2), %d entries", read_v(p), after);

    // a commit that cannot rename (the target is a folder) removes its temporary
    char sub[300];
    snprintf(sub, sizeof sub, "%s/folder.h5", dir);
    mkdir(sub, 0755);
    const int with_folder = count_entries(NULL, 0);
    st = write_v(sub, 3.0, &err);
    after = count_entries(tn, sizeof tn);
    struct stat fb;
    CHECK(st == REACH_ERR_IO && strstr(err.msg, "cannot rename") && after == with_folder &&
              !tn[0] && stat(sub, &fb) == 0 && S_ISDIR(fb.st_mode),
          "commit onto a folder fails (\"%s\"), leaves the folder and no temporary (%d entries, "
          "'%s')",
          err.msg, after, tn);
    rmdir(sub);

    // a folder that does not exist
    snprintf(sub, sizeof sub, "%s/no/such/dir/x.h5", dir);
    st = write_v(sub, 3.0, &err);
    CHECK(st == REACH_ERR_IO && strstr(err.msg, "no/such/dir/x.h5: cannot create a temporary file"),
          "missing folder: \"%s\"", err.msg);
    // abort and close are safe on zeroed structs and twice
    reach_h5w z = {0};
    reach_h5_abort(&z);
    reach_h5_abort(&z);
    reach_h5r zr = {0};
    reach_h5_close(&zr);
    CHECK(1, "abort/close on zeroed structs and twice: no crash");
    unlink(p);
  }

  unlink(path);
  rmdir(dir);
  reach_rng_free(&rng);
  free(state);
  free(w_hh);
  return reach_test_finish("h5");
}
