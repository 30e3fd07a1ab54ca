// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the libFuzzer targets: the readers under test take paths, so each input is written
// to one per-process file in /dev/shm (memory; /tmp when there is none) and read from there.
#ifndef REACH_FUZZ_UTIL_H
#define REACH_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char fuzz_path[256];
static inline void fuzz_remove_input(void) { remove(fuzz_path); }

// The path of this process's input file for `name` (e.g. "x.csv"), with data written to it.
// NULL if it cannot be written (the input is then skipped).
static inline const char *fuzz_file(const char *name, const uint8_t *data, size_t size) {
  char *path = fuzz_path;
  if (!path[0]) {
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path, sizeof fuzz_path, "%s/reach-fuzz-%ld-%s", dir, (long)getpid(), name);
    atexit(fuzz_remove_input);  // a normal end; a crash leaves it, with the artifact
  }
  FILE *fp = fopen(path, "wb");
  if (!fp) return NULL;
  const size_t n = size ? fwrite(data, 1, size, fp) : 0;
  if (fclose(fp) != 0 || n != size) return NULL;
  return path;
}

// A NUL-terminated copy (the text readers take C strings).
static inline char *fuzz_text(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (!s) return NULL;
  memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

#endif
