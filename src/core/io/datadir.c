// SPDX-License-Identifier: GPL-3.0-or-later
#include "datadir.h"

#include <glib.h>
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

static int cmp_name(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *reach_dir_list(const char *dir, const char *prefix, const char *suffix, GError **gerr) {
  GDir *d = g_dir_open(dir, 0, gerr);
  if (!d) return NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  while ((name = g_dir_read_name(d)))
    if (g_str_has_prefix(name, prefix) && g_str_has_suffix(name, suffix))
      g_ptr_array_add(names, g_strdup(name));
  g_dir_close(d);
  g_ptr_array_sort(names, cmp_name);
  return names;
}
