// SPDX-License-Identifier: GPL-3.0-or-later
// Where the shipped data (data/: paradigms, presets, the bundled network) is found, for the CLI
// and the app alike: the source tree's data/ first, then the installed copy. A build run from
// its tree so reads the files it was built with, even beside an older installation; an installed
// program, whose source tree is gone, reads the installed ones (docs/architecture.md).
#ifndef REACH_DATADIR_H
#define REACH_DATADIR_H

// GLib's types, declared as glib.h does, so that this header does not need GLib's include path.
typedef struct _GPtrArray GPtrArray;
typedef struct _GError GError;

// The path of `rel` under the first of source_root, installed_root (either may be NULL) where it
// exists, or NULL if in neither; the caller frees it with free().
char *reach_data_find(const char *source_root, const char *installed_root, const char *rel);

// The names in dir that start with prefix and end with suffix, sorted (so messages and order do
// not depend on readdir): the network files of a results directory, its summary tables. NULL with
// gerr set if dir cannot be read. Free with g_ptr_array_unref.
GPtrArray *reach_dir_list(const char *dir, const char *prefix, const char *suffix, GError **gerr);

#endif
