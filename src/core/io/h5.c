// SPDX-License-Identifier: GPL-3.0-or-later
#include "h5.h"
#include "h5_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <hdf5.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

_Static_assert(sizeof(hid_t) == sizeof(int64_t), "hid_t is kept as int64_t in h5.h");

// HDF5 prints its error stack to stderr by default; the core never prints. The setting is per
// thread, so every entry point applies it (a reader opened on one thread may be read on another).
void reach_h5i_quiet(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

static herr_t innermost(unsigned n, const H5E_error2_t *e, void *data) {
  if (n != 0 || !e->desc) return 0;
  // The file driver's messages are dumps ("file read failed: time = ..., filename = ...,
  // error message = 'Is a directory', buf = 0x7ffd...,"): keep the action and the reason.
  const char *why = strstr(e->desc, "error message = '"), *colon = strchr(e->desc, ':');
  if (why && colon && strstr(e->desc, "time = ")) {
    why += strlen("error message = '");
    const char *end = strchr(why, '\'');
    snprintf((char *)data, 160, "%.*s: %.*s", (int)(colon - e->desc), e->desc,
             (int)(end ? end - why : (ptrdiff_t)strlen(why)), why);
  } else {
    snprintf((char *)data, 160, "%s", e->desc);
  }
  return 0;
}

// The most specific message of HDF5's error stack (then clears the stack), for the "(...)" part
// of our messages: e.g. "unable to truncate a file which is already open".
const char *reach_h5i_detail(char buf[160]) {
  buf[0] = '\0';
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost, buf);
  H5Eclear2(H5E_DEFAULT);
  if (!buf[0]) snprintf(buf, 160, "HDF5 gave no reason");
  return buf;
}

bool reach_h5i_bad_name(const char *name) { return !name || !name[0]; }

// "." and "" name the root group for attributes.
const char *reach_h5i_objname(const char *obj) {
  return (!obj || !obj[0] || strcmp(obj, ".") == 0) ? "/" : obj;
}

// H5Lexists fails (rather than answering no) when a parent is missing: test each prefix.
int reach_h5i_exists(hid_t file, const char *name) {
  if (strcmp(reach_h5i_objname(name), "/") == 0) return 1;
  char *copy = strdup(name);
  if (!copy) return 0;
  int found = 1;
  for (char *p = copy + (copy[0] == '/');; p++) {
    if (*p == '/' || *p == '\0') {
      const char c = *p;
      *p = '\0';
      if (H5Lexists(file, copy, H5P_DEFAULT) <= 0) found = 0;
      *p = c;
      if (!found || c == '\0') break;
    }
  }
  free(copy);
  H5Eclear2(H5E_DEFAULT);
  return found;
}

// H5I_DATASET, H5I_GROUP, ... of an existing object (H5Oget_info's signature differs between
// HDF5 1.10 and 1.12; opening the object works in both).
H5I_type_t reach_h5i_obj_type(hid_t file, const char *name) {
  hid_t o = H5Oopen(file, name, H5P_DEFAULT);
  if (o < 0) {
    H5Eclear2(H5E_DEFAULT);
    return H5I_BADID;
  }
  const H5I_type_t t = H5Iget_type(o);
  H5Oclose(o);
  return t;
}

void reach_h5i_format_dims(char *buf, size_t len, int rank, const hsize_t *dims) {
  if (rank == 0) {
    snprintf(buf, len, "a scalar");
    return;
  }
  size_t n = 0;
  buf[0] = '\0';
  for (int i = 0; i < rank && n < len; i++)
    n += (size_t)snprintf(buf + n, len - n, "%s%llu", i ? "×" : "", (unsigned long long)dims[i]);
}

// ---------------------------------------------------------------------------------------------
// Checksum. HDF5 parses what it is given without checking it, and libhdf5 1.10 reads out of
// bounds (or asks for exabytes) on some damaged files: every file we write reserves HDF5's user
// block (512 bytes that HDF5 skips; h5py reads such files unchanged) for a SHA-256 of the rest,
// checked before HDF5 sees the file. Files without it (written before) are read unchecked.

#define USERBLOCK 512
static const char checksum_magic[] = "ReachLab HDF5 checksum v1\n";

// SHA-256 (hex) of fd's bytes from USERBLOCK to the end; *n their count. 0, or -1 (errno).
static int hash_content(int fd, char hex[65], long long *n) {
  GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
  unsigned char buf[65536];
  off_t at = USERBLOCK;
  *n = 0;
  for (;;) {
    const ssize_t k = pread(fd, buf, sizeof buf, at);
    if (k < 0) {
      g_checksum_free(c);
      return -1;
    }
    if (k == 0) break;
    g_checksum_update(c, buf, (gssize)k);
    at += k;
    *n += k;
  }
  snprintf(hex, 65, "%s", g_checksum_get_string(c));
  g_checksum_free(c);
  return 0;
}

// Writes the user block of the closed file at path. 0, or -1 (errno).
static int stamp_checksum(const char *path) {
  const int fd = open(path, O_RDWR);
  if (fd < 0) return -1;
  char hex[65], block[USERBLOCK] = {0};
  long long n;
  int rc = hash_content(fd, hex, &n);
  if (rc == 0) {
    snprintf(block, sizeof block, "%ssha256 %s\nbytes %lld\n", checksum_magic, hex, n);
    rc = pwrite(fd, block, sizeof block, 0) == (ssize_t)sizeof block ? 0 : -1;
  }
  const int e = errno;
  close(fd);
  errno = e;
  return rc;
}

// 1 if the two 64-digit digests are equal. No data-dependent branch: libFuzzer's comparison
// tracing learnt the expected digest from strcmp and forged checksums, which sent damaged files
// on to libhdf5 as if ReachLab had written them (a hostile file can carry a correct checksum
// anyway; the check is against damage).
static int same_digest(const char *a, const char *b) {
  unsigned diff = 0;
  for (int i = 0; i < 64; i++) diff |= (unsigned)(a[i] ^ b[i]);
  return diff == 0;
}

// Checks the user block of path. REACH_OK for a matching file, and for an older file without a
// user block (HDF5's signature at byte 0), read unchecked. Anything else is refused before
// libhdf5 sees it: HDF5 would look for a superblock at 512, 1024, ... and so parse a checksummed
// file whose first bytes were damaged.
reach_status reach_h5i_check_checksum(const char *path, reach_error *err) {
  static const char hdf5_signature[8] = "\211HDF\r\n\032\n";
  const int fd = open(path, O_RDONLY);
  if (fd < 0)
    return reach_error_set(err, REACH_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
  char block[USERBLOCK + 1] = {0};
  const ssize_t got = pread(fd, block, USERBLOCK, 0);
  reach_status st = REACH_OK;
  if (got >= 8 && memcmp(block, hdf5_signature, 8) == 0) {
    // written before the checksum: read unchecked
  } else if (got < USERBLOCK || memcmp(block, checksum_magic, sizeof checksum_magic - 1) != 0) {
    st = reach_error_set(err, REACH_ERR_PARSE, "%s: not an HDF5 file, or a damaged one (%s)", path,
                         got <= 0 ? "empty"
                                  : "neither ReachLab's checksum header nor HDF5's signature at "
                                    "its start");
  } else {
    char want[65] = {0}, hex[65];
    long long bytes = -1, n;
    if (sscanf(block + sizeof checksum_magic - 1, "sha256 %64[0-9a-f]\nbytes %lld", want, &bytes) !=
            2 ||
        strlen(want) != 64)
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s: damaged: its checksum header (first %d "
                           "bytes) is unreadable",
                           path, USERBLOCK);
    else if (hash_content(fd, hex, &n) != 0)
      st = reach_error_set(err, REACH_ERR_IO, "%s: read failed: %s", path, strerror(errno));
    else if (n != bytes)
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s: damaged: %lld bytes after its header, "
                           "%lld when it was written (truncated or appended to)",
                           path, n, bytes);
    else if (!same_digest(hex, want))
      st = reach_error_set(err, REACH_ERR_PARSE,
                           "%s: damaged, or edited by another tool: its "
                           "content no longer matches the SHA-256 written with it (%.12s…, now "
                           "%.12s…); after a deliberate edit, 'reachlab-cli stamp FILE' accepts "
                           "it",
                           path, want, hex);
  }
  close(fd);
  return st;
}

reach_status reach_h5_restamp(const char *path, reach_error *err) {
  const int fd = open(path, O_RDONLY);
  if (fd < 0)
    return reach_error_set(err, REACH_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
  char block[USERBLOCK] = {0};
  const ssize_t got = pread(fd, block, USERBLOCK, 0);
  close(fd);
  if (got < USERBLOCK || memcmp(block, checksum_magic, sizeof checksum_magic - 1) != 0)
    return reach_error_set(err, REACH_ERR_USAGE,
                           "%s: no ReachLab checksum header in its first %d bytes (not a file "
                           "ReachLab wrote, or one from before the checksum: nothing to accept)",
                           path, USERBLOCK);
  // A copy is stamped and renamed over the file, so a stop half-way leaves the original intact.
  char *tmp = g_strdup_printf("%s.tmp-XXXXXX", path);
  const int out = g_mkstemp(tmp);
  reach_status st = REACH_OK;
  if (out < 0) {
    st = reach_error_set(err, REACH_ERR_IO, "%s: cannot create a temporary file beside it: %s",
                         path, strerror(errno));
  } else {
    close(out);
    struct stat sb;
    gchar *bytes = NULL;
    gsize len = 0;
    GError *gerr = NULL;
    if (!g_file_get_contents(path, &bytes, &len, &gerr) ||
        !g_file_set_contents(tmp, bytes, (gssize)len, &gerr)) {
      st = reach_error_set(err, REACH_ERR_IO, "%s: cannot copy it to %s: %s", path, tmp,
                           gerr->message);
      g_error_free(gerr);
    } else if (stamp_checksum(tmp) != 0 ||
               (stat(path, &sb) == 0 && chmod(tmp, sb.st_mode & 07777)) || rename(tmp, path) != 0) {
      st = reach_error_set(err, REACH_ERR_IO, "%s: cannot rewrite its checksum: %s", path,
                           strerror(errno));
    }
    g_free(bytes);
    if (st != REACH_OK) unlink(tmp);
  }
  g_free(tmp);
  return st;
}

// ---------------------------------------------------------------------------------------------
// Writer

// Object creation properties without modification times, so two runs that write the same
// content write the same bytes (sha256sum shows reproducibility). cls: H5P_DATASET_CREATE, ...
static hid_t untimed(hid_t cls) {
  hid_t p = H5Pcreate(cls);
  H5Pset_obj_track_times(p, 0);
  return p;
}

// Creates the missing parent groups of `name` untimed (HDF5's intermediate groups would carry
// time stamps). Returns 0, or -1 with HDF5's error stack set.
static int make_parents(hid_t file, const char *name) {
  char *copy = strdup(name);
  if (!copy) return -1;
  int rc = 0;
  for (char *p = copy + (copy[0] == '/'); *p && rc == 0; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (H5Lexists(file, copy, H5P_DEFAULT) <= 0) {
      H5Eclear2(H5E_DEFAULT);
      hid_t gcpl = untimed(H5P_GROUP_CREATE), lcpl = H5Pcreate(H5P_LINK_CREATE);
      H5Pset_char_encoding(lcpl, H5T_CSET_UTF8);
      hid_t g = H5Gcreate2(file, copy, lcpl, gcpl, H5P_DEFAULT);
      H5Pclose(lcpl);
      H5Pclose(gcpl);
      if (g < 0)
        rc = -1;
      else
        H5Gclose(g);
    }
    *p = '/';
  }
  free(copy);
  return rc;
}

reach_status reach_h5_create(reach_h5w *w, const char *path, reach_error *err) {
  memset(w, 0, sizeof *w);
  w->file = H5I_INVALID_HID;
  reach_h5i_quiet();
  const size_t n = strlen(path);
  w->path = strdup(path);
  w->tmp_path = malloc(n + 12);
  if (!w->path || !w->tmp_path) {
    reach_h5_abort(w);
    return reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", path);
  }
  memcpy(w->tmp_path, path, n);
  memcpy(w->tmp_path + n, ".tmp-XXXXXX", 12);
  const int fd = mkstemp(w->tmp_path);
  if (fd < 0) {
    reach_status st = reach_error_set(err, REACH_ERR_IO, "%s: cannot create a temporary file: %s",
                                      path, strerror(errno));
    free(w->tmp_path);
    w->tmp_path = NULL;  // nothing to remove
    reach_h5_abort(w);
    return st;
  }
  fchmod(fd, 0644);  // mkstemp makes 0600; results should read like any other file
  close(fd);         // the name is ours now; HDF5 truncates and reopens it

  // STRONG: closing the file also closes anything a failed call may have left open, so the
  // file is really closed before commit renames it.
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG);
  hid_t fcpl = untimed(H5P_FILE_CREATE);  // the root group
  H5Pset_userblock(fcpl, USERBLOCK);
  w->file = H5Fcreate(w->tmp_path, H5F_ACC_TRUNC, fcpl, fapl);
  char why[160];
  if (w->file < 0) reach_h5i_detail(why);  // before the next call: every HDF5 call clears the stack
  H5Pclose(fcpl);
  H5Pclose(fapl);
  if (w->file < 0) {
    reach_status st = reach_error_set(err, REACH_ERR_IO, "%s: cannot create HDF5 file %s (%s)",
                                      path, w->tmp_path, why);
    reach_h5_abort(w);
    return st;
  }
  return REACH_OK;
}

void reach_h5_abort(reach_h5w *w) {
  reach_h5i_quiet();
  if (w->file > 0) H5Fclose(w->file);
  H5Eclear2(H5E_DEFAULT);
  if (w->tmp_path) unlink(w->tmp_path);
  free(w->tmp_path);
  free(w->path);
  memset(w, 0, sizeof *w);
  w->file = H5I_INVALID_HID;
}

reach_status reach_h5_commit(reach_h5w *w, reach_error *err) {
  char why[160];
  reach_h5i_quiet();
  if (w->file <= 0 || !w->tmp_path)
    return reach_error_set(err, REACH_ERR_USAGE, "%s: commit without an open HDF5 writer",
                           w->path ? w->path : "(no file)");
  reach_status st = REACH_OK;
  if (H5Fflush(w->file, H5F_SCOPE_GLOBAL) < 0 || H5Fclose(w->file) < 0) {
    st = reach_error_set(err, REACH_ERR_IO, "%s: writing %s failed (%s)", w->path, w->tmp_path,
                         reach_h5i_detail(why));
  }
  w->file = H5I_INVALID_HID;
  if (st == REACH_OK && stamp_checksum(w->tmp_path) != 0)
    st = reach_error_set(err, REACH_ERR_IO, "%s: cannot write the checksum of %s: %s", w->path,
                         w->tmp_path, strerror(errno));
  if (st == REACH_OK) {
    // HDF5 closes without fsync; a checkpoint must survive a power cut once renamed.
    const int fd = open(w->tmp_path, O_RDONLY);
    if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL))
      st = reach_error_set(err, REACH_ERR_IO, "%s: cannot sync %s: %s", w->path, w->tmp_path,
                           strerror(errno));
    if (fd >= 0) close(fd);
  }
  if (st == REACH_OK && rename(w->tmp_path, w->path) != 0)
    st = reach_error_set(err, REACH_ERR_IO, "%s: cannot rename %s into place: %s", w->path,
                         w->tmp_path, strerror(errno));
  if (st != REACH_OK) {
    reach_h5_abort(w);
    return st;
  }
  free(w->tmp_path);
  free(w->path);
  memset(w, 0, sizeof *w);
  w->file = H5I_INVALID_HID;
  return REACH_OK;
}

static reach_status check_writer(const reach_h5w *w, const char *name, reach_error *err) {
  reach_h5i_quiet();
  if (w->file <= 0)
    return reach_error_set(err, REACH_ERR_USAGE, "%s: the HDF5 writer is not open",
                           w->path ? w->path : "(no file)");
  if (reach_h5i_bad_name(name))
    return reach_error_set(err, REACH_ERR_USAGE, "%s: a dataset needs a non-empty name", w->path);
  return REACH_OK;
}

// Creates dataset `name` (and its parent groups) of file type ftype and shape space, and writes
// buf (memory type mtype) into it.
static reach_status write_dataset(reach_h5w *w, const char *name, hid_t ftype, hid_t mtype,
                                  hid_t space, const void *buf, reach_error *err) {
  char why[160];
  if (reach_h5i_exists(w->file, name))
    return reach_error_set(err, REACH_ERR_USAGE, "%s: dataset '%s' already exists", w->path, name);
  hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_char_encoding(lcpl, H5T_CSET_UTF8);
  hid_t dcpl = untimed(H5P_DATASET_CREATE);
  hid_t ds = make_parents(w->file, name) < 0
                 ? H5I_INVALID_HID
                 : H5Dcreate2(w->file, name, ftype, space, lcpl, dcpl, H5P_DEFAULT);
  if (ds < 0) reach_h5i_detail(why);  // before the next call: every HDF5 call clears the stack
  H5Pclose(dcpl);
  H5Pclose(lcpl);
  if (ds < 0)
    return reach_error_set(err, REACH_ERR_IO, "%s: cannot create dataset '%s' (%s)", w->path, name,
                           why);
  herr_t rc = 0;
  if (H5Sget_simple_extent_npoints(space) > 0)
    rc = H5Dwrite(ds, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
  if (rc < 0) reach_h5i_detail(why);
  H5Dclose(ds);
  if (rc < 0)
    return reach_error_set(err, REACH_ERR_IO, "%s: cannot write dataset '%s' (%s)", w->path, name,
                           why);
  return REACH_OK;
}

static reach_status make_space(const reach_h5w *w, const char *name, int rank, const size_t *dims,
                               hid_t *space, reach_error *err) {
  if (rank < 0 || rank > REACH_H5_MAXRANK || (rank > 0 && !dims))
    return reach_error_set(err, REACH_ERR_USAGE,
                           "%s: dataset '%s': rank %d; expected 0 to %d with dims", w->path, name,
                           rank, REACH_H5_MAXRANK);
  hsize_t hd[REACH_H5_MAXRANK];
  for (int i = 0; i < rank; i++) hd[i] = dims[i];
  *space = rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(rank, hd, NULL);
  return REACH_OK;
}

static reach_status write_numeric(reach_h5w *w, const char *name, hid_t ftype, hid_t mtype,
                                  int rank, const size_t *dims, const void *data,
                                  reach_error *err) {
  reach_status st = check_writer(w, name, err);
  if (st != REACH_OK) return st;
  hid_t space;
  st = make_space(w, name, rank, dims, &space, err);
  if (st != REACH_OK) return st;
  st = write_dataset(w, name, ftype, mtype, space, data, err);
  H5Sclose(space);
  return st;
}

reach_status reach_h5_write_double(reach_h5w *w, const char *name, int rank, const size_t *dims,
                                   const double *data, reach_error *err) {
  return write_numeric(w, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, rank, dims, data, err);
}

reach_status reach_h5_write_int64(reach_h5w *w, const char *name, int rank, const size_t *dims,
                                  const int64_t *data, reach_error *err) {
  return write_numeric(w, name, H5T_STD_I64LE, H5T_NATIVE_INT64, rank, dims, data, err);
}

reach_status reach_h5_write_bytes(reach_h5w *w, const char *name, const void *data, size_t n,
                                  reach_error *err) {
  return write_numeric(w, name, H5T_STD_U8LE, H5T_NATIVE_UINT8, 1, &n, data, err);
}

// A UTF-8 string type: variable length, or fixed of `size` bytes including the NUL.
static hid_t string_type(reach_h5_strkind kind, size_t size) {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, kind == REACH_H5_VLEN ? H5T_VARIABLE : (size ? size : 1));
  H5Tset_strpad(t, H5T_STR_NULLTERM);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

// n strings as a buffer HDF5 can write with type t: an array of pointers (vlen) or n packed
// fixed-size records. *buf is freed by the caller.
static void *pack_strings(size_t n, const char *const *s, reach_h5_strkind kind, size_t *size) {
  if (kind == REACH_H5_VLEN) {
    *size = 0;
    const char **p = calloc(n ? n : 1, sizeof *p);
    for (size_t i = 0; p && i < n; i++) p[i] = s[i] ? s[i] : "";
    return (void *)p;
  }
  size_t longest = 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] && strlen(s[i]) > longest) longest = strlen(s[i]);
  *size = longest + 1;
  char *b = calloc(n ? n : 1, *size);
  for (size_t i = 0; b && i < n; i++)
    if (s[i]) memcpy(b + i * *size, s[i], strlen(s[i]));
  return b;
}

static reach_status write_strings(reach_h5w *w, const char *name, int rank, size_t n,
                                  const char *const *s, reach_h5_strkind kind, reach_error *err) {
  reach_status st = check_writer(w, name, err);
  if (st != REACH_OK) return st;
  size_t size;
  void *buf = pack_strings(n, s, kind, &size);
  if (!buf) return reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", w->path);
  hid_t t = string_type(kind, size), space;
  st = make_space(w, name, rank, &n, &space, err);
  if (st == REACH_OK) {
    st = write_dataset(w, name, t, t, space, buf, err);
    H5Sclose(space);
  }
  H5Tclose(t);
  free(buf);
  return st;
}

reach_status reach_h5_write_string(reach_h5w *w, const char *name, const char *s,
                                   reach_h5_strkind kind, reach_error *err) {
  return write_strings(w, name, 0, 1, &s, kind, err);
}

reach_status reach_h5_write_strings(reach_h5w *w, const char *name, size_t n, const char *const *s,
                                    reach_h5_strkind kind, reach_error *err) {
  return write_strings(w, name, 1, n, s, kind, err);
}

reach_status reach_h5_group(reach_h5w *w, const char *name, reach_error *err) {
  char why[160];
  reach_status st = check_writer(w, name, err);
  if (st != REACH_OK) return st;
  if (reach_h5i_exists(w->file, name)) {
    if (reach_h5i_obj_type(w->file, name) == H5I_GROUP) return REACH_OK;
    return reach_error_set(err, REACH_ERR_USAGE, "%s: '%s' exists and is not a group", w->path,
                           name);
  }
  hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_char_encoding(lcpl, H5T_CSET_UTF8);
  hid_t gcpl = untimed(H5P_GROUP_CREATE);
  hid_t g = make_parents(w->file, name) < 0 ? H5I_INVALID_HID
                                            : H5Gcreate2(w->file, name, lcpl, gcpl, H5P_DEFAULT);
  if (g < 0) reach_h5i_detail(why);
  H5Pclose(gcpl);
  H5Pclose(lcpl);
  if (g < 0)
    return reach_error_set(err, REACH_ERR_IO, "%s: cannot create group '%s' (%s)", w->path, name,
                           why);
  H5Gclose(g);
  return REACH_OK;
}

// Writes a scalar attribute (replacing one of the same name) from buf of memory type mtype.
static reach_status write_attr(reach_h5w *w, const char *obj, const char *attr, hid_t ftype,
                               hid_t mtype, const void *buf, reach_error *err) {
  char why[160];
  reach_h5i_quiet();
  obj = reach_h5i_objname(obj);
  if (w->file <= 0)
    return reach_error_set(err, REACH_ERR_USAGE, "%s: the HDF5 writer is not open",
                           w->path ? w->path : "(no file)");
  if (reach_h5i_bad_name(attr))
    return reach_error_set(err, REACH_ERR_USAGE, "%s: an attribute needs a non-empty name",
                           w->path);
  if (!reach_h5i_exists(w->file, obj))
    return reach_error_set(err, REACH_ERR_USAGE,
                           "%s: attribute '%s' on '%s': no such dataset or group", w->path, attr,
                           obj);
  hid_t o = H5Oopen(w->file, obj, H5P_DEFAULT);
  if (o < 0)
    return reach_error_set(err, REACH_ERR_IO, "%s: cannot open '%s' (%s)", w->path, obj,
                           reach_h5i_detail(why));
  if (H5Aexists(o, attr) > 0) H5Adelete(o, attr);
  hid_t space = H5Screate(H5S_SCALAR);
  hid_t a = H5Acreate2(o, attr, ftype, space, H5P_DEFAULT, H5P_DEFAULT);
  herr_t rc = a < 0 ? -1 : H5Awrite(a, mtype, buf);
  if (rc < 0) reach_h5i_detail(why);
  if (a >= 0) H5Aclose(a);
  H5Sclose(space);
  H5Oclose(o);
  if (rc < 0)
    return reach_error_set(err, REACH_ERR_IO, "%s: cannot write attribute '%s' of '%s' (%s)",
                           w->path, attr, obj, why);
  return REACH_OK;
}

reach_status reach_h5_attr_string(reach_h5w *w, const char *obj, const char *attr, const char *s,
                                  reach_h5_strkind kind, reach_error *err) {
  size_t size;
  void *buf = pack_strings(1, &s, kind, &size);
  if (!buf) return reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", w->path);
  hid_t t = string_type(kind, size);
  reach_status st = write_attr(w, obj, attr, t, t, buf, err);
  H5Tclose(t);
  free(buf);
  return st;
}

reach_status reach_h5_attr_double(reach_h5w *w, const char *obj, const char *attr, double x,
                                  reach_error *err) {
  return write_attr(w, obj, attr, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &x, err);
}

reach_status reach_h5_attr_int64(reach_h5w *w, const char *obj, const char *attr, int64_t x,
                                 reach_error *err) {
  return write_attr(w, obj, attr, H5T_STD_I64LE, H5T_NATIVE_INT64, &x, err);
}
