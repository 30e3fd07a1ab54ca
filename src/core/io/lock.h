// SPDX-License-Identifier: GPL-3.0-or-later
// One writer per result file: an advisory lock (flock) on "<file>.lock" beside it, holding the
// owner's process id, so a second run on the same file refuses with a message naming the
// holder instead of training the same network alongside it. The lock dies with its process
// (kill -9 included), so a lock file left behind never blocks a later run.
#ifndef REACH_LOCK_H
#define REACH_LOCK_H

#include "../base/error.h"

typedef struct reach_lock {
  int fd;      // -1: not held
  char *path;  // "<file>.lock"
} reach_lock;

// Takes the lock of `file` without waiting. REACH_ERR_IO "FILE is in use by process PID (lock
// FILE.lock); ..." when another process holds it.
reach_status reach_lock_acquire(reach_lock *l, const char *file, reach_error *err);
// Removes the lock file and releases the lock (no-op when not held).
void reach_lock_release(reach_lock *l);

// Removes "<file>.tmp-*" left by writers of `file` that were killed mid-write (reach_h5_create's
// temporary names). Call with the lock held: then no live writer owns one. Returns how many
// were removed.
int reach_lock_remove_stale(const char *file);

#endif
