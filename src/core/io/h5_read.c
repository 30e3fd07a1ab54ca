// SPDX-License-Identifier: GPL-3.0-or-later
// Reading HDF5 files (h5.h); the writer and the helpers both share are in h5.c.
#include "h5.h"
#include "h5_internal.h"

#include <errno.h>
#include <hdf5.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

// ---------------------------------------------------------------------------------------------
// Reader

reach_status reach_h5_open(reach_h5r *r, const char *path, reach_error *err) {
  memset(r, 0, sizeof *r);
  r->file = H5I_INVALID_HID;
  reach_h5i_quiet();
  // Tell "missing or unreadable" (the user's path is wrong) from "not HDF5" (wrong file).
  FILE *fp = fopen(path, "rb");
  if (!fp) return reach_error_set(err, REACH_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
  struct stat sb;
  const bool dir = fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode);
  fclose(fp);
  if (dir)  // HDF5's own message would be a dump of its read call
    return reach_error_set(err, REACH_ERR_IO, "%s: is a directory; expected an HDF5 file", path);
  reach_status sum = reach_h5i_check_checksum(path, err);
  if (sum != REACH_OK) return sum;
  r->path = strdup(path);
  if (!r->path) return reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG);
  r->file = H5Fopen(path, H5F_ACC_RDONLY, fapl);
  char why[160];
  if (r->file < 0) reach_h5i_detail(why);  // before the next call: every HDF5 call clears the stack
  H5Pclose(fapl);
  if (r->file < 0) {
    reach_status st = reach_error_set(err, REACH_ERR_PARSE,
                                      "%s: not an HDF5 file, or a damaged one (%s)", path, why);
    reach_h5_close(r);
    return st;
  }
  return REACH_OK;
}

void reach_h5_close(reach_h5r *r) {
  reach_h5i_quiet();
  if (r->file > 0) H5Fclose(r->file);
  free(r->path);
  memset(r, 0, sizeof *r);
  r->file = H5I_INVALID_HID;
}

int reach_h5_exists(const reach_h5r *r, const char *name) {
  reach_h5i_quiet();
  return r->file > 0 && !reach_h5i_bad_name(name) && reach_h5i_exists(r->file, name);
}

// Opens dataset `name` with a message naming file and dataset if it is missing or a group.
static reach_status open_dataset(const reach_h5r *r, const char *name, hid_t *ds,
                                 reach_error *err) {
  char why[160];
  reach_h5i_quiet();
  if (r->file <= 0)
    return reach_error_set(err, REACH_ERR_USAGE, "%s: the HDF5 file is not open",
                           r->path ? r->path : "(no file)");
  if (reach_h5i_bad_name(name) || !reach_h5i_exists(r->file, name))
    return reach_error_set(err, REACH_ERR_PARSE, "%s: no dataset '%s'", r->path, name ? name : "");
  if (reach_h5i_obj_type(r->file, name) != H5I_DATASET)
    return reach_error_set(err, REACH_ERR_PARSE, "%s: '%s' is a group; expected a dataset", r->path,
                           name);
  *ds = H5Dopen2(r->file, name, H5P_DEFAULT);
  if (*ds < 0)
    return reach_error_set(err, REACH_ERR_IO, "%s: cannot open dataset '%s' (%s)", r->path, name,
                           reach_h5i_detail(why));
  return REACH_OK;
}

// Dataset and attribute reads differ only in these calls.
typedef struct source {
  hid_t id;
  bool attr;
  const char *what;  // "dataset 'x'" or "attribute 'a' of 'x'", for messages
} source;

static hid_t src_type(const source *s) { return s->attr ? H5Aget_type(s->id) : H5Dget_type(s->id); }
static hid_t src_space(const source *s) {
  return s->attr ? H5Aget_space(s->id) : H5Dget_space(s->id);
}
static herr_t src_read(const source *s, hid_t mtype, void *buf) {
  return s->attr ? H5Aread(s->id, mtype, buf)
                 : H5Dread(s->id, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
}

static const char *class_name(H5T_class_t c) {
  switch (c) {
    case H5T_INTEGER: return "integer";
    case H5T_FLOAT: return "floating-point";
    case H5T_STRING: return "string";
    case H5T_OPAQUE: return "opaque";
    case H5T_COMPOUND: return "compound";
    case H5T_ENUM: return "enum";
    case H5T_ARRAY: return "array";
    case H5T_VLEN: return "variable-length";
    default: return "other";
  }
}

// Checks the type class (and, if size > 0, the element size) of s.
static reach_status check_class(const reach_h5r *r, const source *s, H5T_class_t want, size_t size,
                                const char *want_text, reach_error *err) {
  hid_t t = src_type(s);
  const H5T_class_t c = H5Tget_class(t);
  const size_t got = H5Tget_size(t);
  H5Tclose(t);
  if (c != want || (size && got != size)) {
    if (c == want)
      return reach_error_set(err, REACH_ERR_PARSE, "%s: %s: expected %s, found %zu-byte %s",
                             r->path, s->what, want_text, got, class_name(c));
    return reach_error_set(err, REACH_ERR_PARSE, "%s: %s: expected %s, found %s values", r->path,
                           s->what, want_text, class_name(c));
  }
  return REACH_OK;
}

static reach_status get_dims(const reach_h5r *r, const source *s, int *rank, hsize_t *dims,
                             reach_error *err) {
  hid_t space = src_space(s);
  const int n = H5Sget_simple_extent_ndims(space);
  if (n < 0 || n > REACH_H5_MAXRANK) {
    H5Sclose(space);
    return reach_error_set(err, REACH_ERR_PARSE, "%s: %s: rank %d; expected at most %d", r->path,
                           s->what, n, REACH_H5_MAXRANK);
  }
  H5Sget_simple_extent_dims(space, dims, NULL);
  H5Sclose(space);
  *rank = n;
  return REACH_OK;
}

static reach_status check_dims(const reach_h5r *r, const source *s, int rank, const size_t *want,
                               reach_error *err) {
  int got_rank;
  hsize_t got[REACH_H5_MAXRANK], wd[REACH_H5_MAXRANK];
  reach_status st = get_dims(r, s, &got_rank, got, err);
  if (st != REACH_OK) return st;
  bool same = got_rank == rank;
  for (int i = 0; i < rank && i < REACH_H5_MAXRANK; i++) {
    wd[i] = want[i];
    if (same && got[i] != wd[i]) same = false;
  }
  if (!same) {
    char a[80], b[80];
    reach_h5i_format_dims(a, sizeof a, rank, wd);
    reach_h5i_format_dims(b, sizeof b, got_rank, got);
    return reach_error_set(err, REACH_ERR_PARSE, "%s: %s: expected %s, found %s", r->path, s->what,
                           a, b);
  }
  return REACH_OK;
}

static reach_status read_numeric(const reach_h5r *r, const char *name, H5T_class_t cls,
                                 const char *cls_text, hid_t mtype, int rank, const size_t *dims,
                                 void *out, reach_error *err) {
  char what[300], why[160];
  if (rank < 0 || rank > REACH_H5_MAXRANK || (rank > 0 && !dims))
    return reach_error_set(err, REACH_ERR_USAGE, "%s: dataset '%s': asked for rank %d", r->path,
                           name ? name : "", rank);
  hid_t ds;
  reach_status st = open_dataset(r, name, &ds, err);
  if (st != REACH_OK) return st;
  snprintf(what, sizeof what, "dataset '%s'", name);
  source s = {ds, false, what};
  st = check_class(r, &s, cls, 0, cls_text, err);
  if (st == REACH_OK) st = check_dims(r, &s, rank, dims, err);
  if (st == REACH_OK) {
    size_t n = 1;
    for (int i = 0; i < rank; i++) n *= dims[i];
    if (n > 0 && src_read(&s, mtype, out) < 0)
      st = reach_error_set(err, REACH_ERR_IO, "%s: %s: read failed (%s)", r->path, what,
                           reach_h5i_detail(why));
  }
  H5Dclose(ds);
  return st;
}

reach_status reach_h5_dims(const reach_h5r *r, const char *name, int *rank, size_t *dims,
                           reach_error *err) {
  char what[300];
  hid_t ds;
  reach_status st = open_dataset(r, name, &ds, err);
  if (st != REACH_OK) return st;
  snprintf(what, sizeof what, "dataset '%s'", name);
  source s = {ds, false, what};
  hsize_t hd[REACH_H5_MAXRANK];
  st = get_dims(r, &s, rank, hd, err);
  for (int i = 0; st == REACH_OK && i < *rank; i++) dims[i] = (size_t)hd[i];
  H5Dclose(ds);
  return st;
}

reach_status reach_h5_read_double(const reach_h5r *r, const char *name, int rank,
                                  const size_t *dims, double *out, reach_error *err) {
  return read_numeric(r, name, H5T_FLOAT, "floating-point values", H5T_NATIVE_DOUBLE, rank, dims,
                      out, err);
}

reach_status reach_h5_read_int64(const reach_h5r *r, const char *name, int rank, const size_t *dims,
                                 int64_t *out, reach_error *err) {
  return read_numeric(r, name, H5T_INTEGER, "integer values", H5T_NATIVE_INT64, rank, dims, out,
                      err);
}

reach_status reach_h5_read_bytes(const reach_h5r *r, const char *name, void *out, size_t n,
                                 reach_error *err) {
  char what[300], why[160];
  hid_t ds;
  reach_status st = open_dataset(r, name, &ds, err);
  if (st != REACH_OK) return st;
  snprintf(what, sizeof what, "dataset '%s'", name);
  source s = {ds, false, what};
  st = check_class(r, &s, H5T_INTEGER, 1, "bytes (uint8)", err);
  if (st == REACH_OK) {
    int rank;
    hsize_t got[REACH_H5_MAXRANK];
    st = get_dims(r, &s, &rank, got, err);
    if (st == REACH_OK && (rank != 1 || got[0] != n)) {
      char b[80];
      reach_h5i_format_dims(b, sizeof b, rank, got);
      st = reach_error_set(err, REACH_ERR_PARSE, "%s: %s: expected %zu bytes, found %s%s", r->path,
                           what, n, b, rank == 1 ? " bytes" : "");
    }
  }
  if (st == REACH_OK && n > 0 && src_read(&s, H5T_NATIVE_UINT8, out) < 0)
    st = reach_error_set(err, REACH_ERR_IO, "%s: %s: read failed (%s)", r->path, what,
                         reach_h5i_detail(why));
  H5Dclose(ds);
  return st;
}

// Reads n strings of s (either kind, any character set) into malloc'd copies.
static reach_status read_strings(const reach_h5r *r, const source *s, size_t n, char **out,
                                 reach_error *err) {
  char why[160];
  reach_status st = check_class(r, s, H5T_STRING, 0, "a string", err);
  if (st != REACH_OK) return st;
  hid_t ft = src_type(s);
  const bool vlen = H5Tis_variable_str(ft) > 0;
  const size_t fsize = H5Tget_size(ft);
  // HDF5 does not convert between ASCII and UTF-8: read in the file's character set.
  hid_t mt = H5Tcopy(H5T_C_S1);
  H5Tset_cset(mt, H5Tget_cset(ft));
  H5Tclose(ft);
  if (vlen) {
    H5Tset_size(mt, H5T_VARIABLE);
    char **p = calloc(n ? n : 1, sizeof *p);
    if (!p)
      st = reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", r->path);
    else if (n > 0 && src_read(s, mt, p) < 0)
      st = reach_error_set(err, REACH_ERR_IO, "%s: %s: read failed (%s)", r->path, s->what,
                           reach_h5i_detail(why));
    for (size_t i = 0; p && i < n; i++) {
      if (st == REACH_OK && !(out[i] = strdup(p[i] ? p[i] : "")))
        st = reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", r->path);
      if (p[i]) H5free_memory(p[i]);  // vlen strings are allocated by HDF5
    }
    free(p);
  } else {
    // One byte more than the file's: a full NULLPAD string (as h5py writes) keeps its last
    // character and still ends in a NUL.
    const size_t ms = fsize + 1;
    H5Tset_size(mt, ms);
    H5Tset_strpad(mt, H5T_STR_NULLTERM);
    char *b = calloc(n ? n : 1, ms);
    if (!b)
      st = reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", r->path);
    else if (n > 0 && src_read(s, mt, b) < 0)
      st = reach_error_set(err, REACH_ERR_IO, "%s: %s: read failed (%s)", r->path, s->what,
                           reach_h5i_detail(why));
    for (size_t i = 0; st == REACH_OK && i < n; i++) {
      b[i * ms + ms - 1] = '\0';
      if (!(out[i] = strdup(b + i * ms)))
        st = reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", r->path);
    }
    free(b);
  }
  H5Tclose(mt);
  if (st != REACH_OK)
    for (size_t i = 0; i < n; i++) free(out[i]), out[i] = NULL;
  return st;
}

reach_status reach_h5_read_string(const reach_h5r *r, const char *name, char **out,
                                  reach_error *err) {
  char what[300];
  *out = NULL;
  hid_t ds;
  reach_status st = open_dataset(r, name, &ds, err);
  if (st != REACH_OK) return st;
  snprintf(what, sizeof what, "dataset '%s'", name);
  source s = {ds, false, what};
  st = check_dims(r, &s, 0, NULL, err);
  if (st == REACH_OK) st = read_strings(r, &s, 1, out, err);
  H5Dclose(ds);
  return st;
}

reach_status reach_h5_read_strings(const reach_h5r *r, const char *name, size_t *n, char ***out,
                                   reach_error *err) {
  char what[300];
  *out = NULL;
  *n = 0;
  hid_t ds;
  reach_status st = open_dataset(r, name, &ds, err);
  if (st != REACH_OK) return st;
  snprintf(what, sizeof what, "dataset '%s'", name);
  source s = {ds, false, what};
  int rank;
  hsize_t dims[REACH_H5_MAXRANK];
  st = get_dims(r, &s, &rank, dims, err);
  if (st == REACH_OK && rank != 1)
    st = reach_error_set(err, REACH_ERR_PARSE,
                         "%s: %s: expected a 1-D list of strings, found "
                         "rank %d",
                         r->path, what, rank);
  if (st == REACH_OK) {
    const size_t count = (size_t)dims[0];
    char **list = calloc(count ? count : 1, sizeof *list);
    if (!list) st = reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", r->path);
    if (st == REACH_OK) st = read_strings(r, &s, count, list, err);
    if (st == REACH_OK) {
      *out = list;
      *n = count;
    } else {
      free(list);
    }
  }
  H5Dclose(ds);
  return st;
}

void reach_h5_strings_free(size_t n, char **s) {
  if (!s) return;
  for (size_t i = 0; i < n; i++) free(s[i]);
  free(s);
}

// Opens attribute attr of obj as a source; the caller closes s->id with H5Aclose.
static reach_status open_attr(const reach_h5r *r, const char *obj, const char *attr, source *s,
                              char *what, size_t len, reach_error *err) {
  char why[160];
  reach_h5i_quiet();
  obj = reach_h5i_objname(obj);
  snprintf(what, len, "attribute '%s' of '%s'", attr ? attr : "", obj);
  if (r->file <= 0)
    return reach_error_set(err, REACH_ERR_USAGE, "%s: the HDF5 file is not open",
                           r->path ? r->path : "(no file)");
  if (!reach_h5i_exists(r->file, obj))
    return reach_error_set(err, REACH_ERR_PARSE, "%s: %s: no such dataset or group", r->path, what);
  if (reach_h5i_bad_name(attr) || H5Aexists_by_name(r->file, obj, attr, H5P_DEFAULT) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return reach_error_set(err, REACH_ERR_PARSE, "%s: no %s", r->path, what);
  }
  s->id = H5Aopen_by_name(r->file, obj, attr, H5P_DEFAULT, H5P_DEFAULT);
  s->attr = true;
  s->what = what;
  if (s->id < 0)
    return reach_error_set(err, REACH_ERR_IO, "%s: cannot open %s (%s)", r->path, what,
                           reach_h5i_detail(why));
  return REACH_OK;
}

reach_status reach_h5_read_attr_string(const reach_h5r *r, const char *obj, const char *attr,
                                       char **out, reach_error *err) {
  char what[300];
  source s;
  *out = NULL;
  reach_status st = open_attr(r, obj, attr, &s, what, sizeof what, err);
  if (st != REACH_OK) return st;
  st = check_dims(r, &s, 0, NULL, err);
  if (st == REACH_OK) st = read_strings(r, &s, 1, out, err);
  H5Aclose(s.id);
  return st;
}

static reach_status read_attr_scalar(const reach_h5r *r, const char *obj, const char *attr,
                                     H5T_class_t cls, const char *cls_text, hid_t mtype, void *out,
                                     reach_error *err) {
  char what[300], why[160];
  source s;
  reach_status st = open_attr(r, obj, attr, &s, what, sizeof what, err);
  if (st != REACH_OK) return st;
  st = check_class(r, &s, cls, 0, cls_text, err);
  if (st == REACH_OK) st = check_dims(r, &s, 0, NULL, err);
  if (st == REACH_OK && src_read(&s, mtype, out) < 0)
    st = reach_error_set(err, REACH_ERR_IO, "%s: %s: read failed (%s)", r->path, what,
                         reach_h5i_detail(why));
  H5Aclose(s.id);
  return st;
}

reach_status reach_h5_read_attr_double(const reach_h5r *r, const char *obj, const char *attr,
                                       double *out, reach_error *err) {
  return read_attr_scalar(r, obj, attr, H5T_FLOAT, "a floating-point value", H5T_NATIVE_DOUBLE, out,
                          err);
}

reach_status reach_h5_read_attr_int64(const reach_h5r *r, const char *obj, const char *attr,
                                      int64_t *out, reach_error *err) {
  return read_attr_scalar(r, obj, attr, H5T_INTEGER, "an integer", H5T_NATIVE_INT64, out, err);
}
