// SPDX-License-Identifier: GPL-3.0-or-later
// What the HDF5 writer (h5.c) and reader (h5_read.c) share; private to io/.
#ifndef REACH_H5_INTERNAL_H
#define REACH_H5_INTERNAL_H

#include <hdf5.h>
#include <stdbool.h>
#include <stddef.h>

#include "../base/error.h"

// Turns off HDF5's printing of its error stack for this thread (the core never prints).
void reach_h5i_quiet(void);
// The innermost HDF5 error message, in buf.
const char *reach_h5i_detail(char buf[160]);
bool reach_h5i_bad_name(const char *name);
// obj as a message names it ("/" for the root).
const char *reach_h5i_objname(const char *obj);
// 1 if the path exists (every link along it too), 0 if not, < 0 on error.
int reach_h5i_exists(hid_t file, const char *name);
H5I_type_t reach_h5i_obj_type(hid_t file, const char *name);
// "[2][3]" style dimensions.
void reach_h5i_format_dims(char *buf, size_t len, int rank, const hsize_t *dims);
// Checks the SHA-256 in the user block of the file at path against its content (h5.c): a
// damaged file is refused before libhdf5 parses it. Files without the block are let through.
reach_status reach_h5i_check_checksum(const char *path, reach_error *err);

#endif
