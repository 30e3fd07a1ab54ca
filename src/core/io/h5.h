// SPDX-License-Identifier: GPL-3.0-or-later
// A small HDF5 layer for checkpoints and results (conventions in docs/hdf5-layout.md).
//
// Datasets are named by slash paths ("weights/W_hh"); the writer creates the groups on the way.
// Types: double arrays (rank 0-3, row-major as in C), int64 arrays, byte blobs (uint8; e.g. an
// RNG state), UTF-8 strings (scalar or 1-D, variable or fixed length) and attributes. Quantities
// with a unit carry it in a string attribute `units`.
//
// Writing is atomic: reach_h5_create makes "PATH.tmp-XXXXXX" beside PATH, commit closes it and
// renames it over PATH, abort closes and removes it. A failed or interrupted write never leaves
// a half file where the user's file was. After any writer error, call abort.
//
// HDF5's own error printing is switched off at every entry point (the setting is per thread in a
// thread-safe HDF5): errors reach the caller only through reach_error, with the file and dataset
// named. Debian's HDF5 is built thread-safe, which serialises its calls behind one lock: a
// checkpoint written on a worker thread is safe but does not run in parallel with other HDF5
// work. One writer or reader must still be used by one thread at a time.
#ifndef REACH_H5_H
#define REACH_H5_H

#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"

enum { REACH_H5_MAXRANK = 3 };

typedef enum reach_h5_strkind {
  REACH_H5_VLEN = 0,  // variable length (h5py reads a str; MATLAB a string)
  REACH_H5_FIXED,     // fixed length, NUL-terminated (older tools read these more readily)
} reach_h5_strkind;

// HDF5 handles are hid_t = int64_t since 1.10; kept as int64_t so this header needs no hdf5.h.
typedef struct reach_h5w {
  int64_t file;
  char *path, *tmp_path;
} reach_h5w;

typedef struct reach_h5r {
  int64_t file;
  char *path;
} reach_h5r;

// --- writer ---
reach_status reach_h5_create(reach_h5w *w, const char *path, reach_error *err);
// Flushes, closes, fsyncs and renames into place. On failure the temporary file is removed.
reach_status reach_h5_commit(reach_h5w *w, reach_error *err);
// Closes and removes the temporary file; PATH is left as it was. Safe on a zeroed writer.
void reach_h5_abort(reach_h5w *w);

// Accepts a deliberate edit of a file ReachLab wrote (h5py, h5repack, ...): rewrites the SHA-256
// of its user block (docs/hdf5-layout.md) to match its content now, atomically. REACH_ERR_USAGE
// for a file without ReachLab's checksum header.
reach_status reach_h5_restamp(const char *path, reach_error *err);

// dims[rank] (rank 0 = scalar, dims may then be NULL). Zero-length dimensions are allowed.
reach_status reach_h5_write_double(reach_h5w *w, const char *name, int rank, const size_t *dims,
                                   const double *data, reach_error *err);
reach_status reach_h5_write_int64(reach_h5w *w, const char *name, int rank, const size_t *dims,
                                  const int64_t *data, reach_error *err);
// A 1-D uint8 dataset of n bytes.
reach_status reach_h5_write_bytes(reach_h5w *w, const char *name, const void *data, size_t n,
                                  reach_error *err);
// A scalar UTF-8 string dataset.
reach_status reach_h5_write_string(reach_h5w *w, const char *name, const char *s,
                                   reach_h5_strkind kind, reach_error *err);
// A 1-D dataset of n UTF-8 strings (fixed kind: padded to the longest).
reach_status reach_h5_write_strings(reach_h5w *w, const char *name, size_t n, const char *const *s,
                                    reach_h5_strkind kind, reach_error *err);
// Creates a group (and its parents); existing groups are fine.
reach_status reach_h5_group(reach_h5w *w, const char *name, reach_error *err);

// Attributes on an existing dataset or group ("" or "/" = the file's root group). An attribute
// of the same name is replaced.
reach_status reach_h5_attr_string(reach_h5w *w, const char *obj, const char *attr, const char *s,
                                  reach_h5_strkind kind, reach_error *err);
reach_status reach_h5_attr_double(reach_h5w *w, const char *obj, const char *attr, double x,
                                  reach_error *err);
reach_status reach_h5_attr_int64(reach_h5w *w, const char *obj, const char *attr, int64_t x,
                                 reach_error *err);

// --- reader ---
// Opens an existing file read-only. Errors say whether it is missing/unreadable or not HDF5.
reach_status reach_h5_open(reach_h5r *r, const char *path, reach_error *err);
void reach_h5_close(reach_h5r *r);  // safe on a zeroed reader

// 1 if a dataset or group of that path exists, else 0.
int reach_h5_exists(const reach_h5r *r, const char *name);
// Rank and dims of a dataset (dims has room for REACH_H5_MAXRANK).
reach_status reach_h5_dims(const reach_h5r *r, const char *name, int *rank, size_t *dims,
                           reach_error *err);

// Read a whole dataset into out; its rank and dims must be exactly those given, else
// "FILE: dataset 'weights/W_hh': expected 384×128, found 384×64".
reach_status reach_h5_read_double(const reach_h5r *r, const char *name, int rank,
                                  const size_t *dims, double *out, reach_error *err);
reach_status reach_h5_read_int64(const reach_h5r *r, const char *name, int rank, const size_t *dims,
                                 int64_t *out, reach_error *err);
// Exactly n bytes from a 1-D uint8 dataset.
reach_status reach_h5_read_bytes(const reach_h5r *r, const char *name, void *out, size_t n,
                                 reach_error *err);
// A scalar string dataset (either kind); *out is allocated, the caller frees it with free().
reach_status reach_h5_read_string(const reach_h5r *r, const char *name, char **out,
                                  reach_error *err);
// A 1-D string dataset: *out gets n strings (each and the array freed with reach_h5_strings_free).
reach_status reach_h5_read_strings(const reach_h5r *r, const char *name, size_t *n, char ***out,
                                   reach_error *err);
void reach_h5_strings_free(size_t n, char **s);

reach_status reach_h5_read_attr_string(const reach_h5r *r, const char *obj, const char *attr,
                                       char **out, reach_error *err);
reach_status reach_h5_read_attr_double(const reach_h5r *r, const char *obj, const char *attr,
                                       double *out, reach_error *err);
reach_status reach_h5_read_attr_int64(const reach_h5r *r, const char *obj, const char *attr,
                                      int64_t *out, reach_error *err);

#endif
