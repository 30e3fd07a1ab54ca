// SPDX-License-Identifier: GPL-3.0-or-later
#include "lock.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

// The holder's pid as written in the lock file, or 0 if unreadable.
static long holder_pid(int fd) {
  char buf[32] = {0};
  const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  return n > 0 ? strtol(buf, NULL, 10) : 0;
}

reach_status reach_lock_acquire(reach_lock *l, const char *file, reach_error *err) {
  l->fd = -1;
  l->path = malloc(strlen(file) + 6);
  if (!l->path) return reach_error_set(err, REACH_ERR_NOMEM, "%s: out of memory", file);
  sprintf(l->path, "%s.lock", file);
  // A releasing holder unlinks the file while still holding it: a lock taken on an inode that
  // is no longer the path's would guard nothing, so check and retry.
  for (int attempt = 0; attempt < 100; attempt++) {
    const int fd = open(l->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      reach_status st = reach_error_set(err, REACH_ERR_IO, "%s: cannot create the lock %s: %s",
                                        file, l->path, strerror(errno));
      free(l->path);
      l->path = NULL;
      return st;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int e = errno;
      const long pid = holder_pid(fd);
      close(fd);
      reach_status st;
      if (e == EWOULDBLOCK)
        st = reach_error_set(err, REACH_ERR_IO,
                             "%s is in use by process %ld (lock %s); wait for it to finish, or "
                             "stop it first",
                             file, pid, l->path);
      else
        st = reach_error_set(err, REACH_ERR_IO, "%s: cannot lock %s: %s", file, l->path,
                             strerror(e));
      free(l->path);
      l->path = NULL;
      return st;
    }
    struct stat a, b;
    if (fstat(fd, &a) == 0 && stat(l->path, &b) == 0 && a.st_dev == b.st_dev &&
        a.st_ino == b.st_ino) {
      char pid[32];
      const int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
      if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
        // the pid is only for the message: the lock holds without it
      }
      l->fd = fd;
      return REACH_OK;
    }
    close(fd);
  }
  reach_status st =
      reach_error_set(err, REACH_ERR_IO, "%s: the lock %s keeps changing", file, l->path);
  free(l->path);
  l->path = NULL;
  return st;
}

void reach_lock_release(reach_lock *l) {
  if (l->fd >= 0) {
    unlink(l->path);  // before unlocking: see reach_lock_acquire
    close(l->fd);
  }
  free(l->path);
  l->path = NULL;
  l->fd = -1;
}

int reach_lock_remove_stale(const char *file) {
  const char *slash = strrchr(file, '/');
  char *dir = slash ? strndup(file, (size_t)(slash - file + (slash == file))) : strdup(".");
  const char *base = slash ? slash + 1 : file;
  if (!dir) return 0;
  const size_t nb = strlen(base);
  int removed = 0;
  DIR *d = opendir(dir);
  for (struct dirent *de; d && (de = readdir(d));) {
    // exactly reach_h5_create's names: <base>.tmp-XXXXXX
    if (strncmp(de->d_name, base, nb) != 0 || strncmp(de->d_name + nb, ".tmp-", 5) != 0 ||
        strlen(de->d_name + nb + 5) != 6)
      continue;
    char *p = malloc(strlen(dir) + strlen(de->d_name) + 2);
    if (!p) break;
    sprintf(p, "%s/%s", dir, de->d_name);
    removed += unlink(p) == 0;
    free(p);
  }
  if (d) closedir(d);
  free(dir);
  return removed;
}
