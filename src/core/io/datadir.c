// SPDX-License-Identifier: GPL-3.0-or-later
#include "datadir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *reach_data_find(const char *source_root, const char *installed_root, const char *rel) {
  const char *roots[2] = {source_root, installed_root};
  for (int i = 0; i < 2; i++) {
    if (!roots[i]) continue;
    const size_t len = strlen(roots[i]) + strlen(rel) + 2;
    char *path = malloc(len);
    if (!path) return NULL;
    snprintf(path, len, "%s/%s", roots[i], rel);
    struct stat st;
    if (stat(path, &st) == 0) return path;
    free(path);
  }
  return NULL;
}
