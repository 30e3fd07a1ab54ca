// SPDX-License-Identifier: GPL-3.0-or-later
// The one data-directory order (io/datadir.h), as claims: a file in both the source tree's data/
// and the installed copy is the source tree's; a file only installed is the installed one; a file
// in neither is NULL; a missing root is skipped.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "reach.h"

static void touch(const char *dir, const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  if (f) fclose(f);
}

int main(void) {
  char root[] = "/tmp/reach-datadir-XXXXXX";
  if (!mkdtemp(root)) return reach_test_finish("datadir");
  char src[300], inst[300];
  snprintf(src, sizeof src, "%s/src", root);
  snprintf(inst, sizeof inst, "%s/inst", root);
  mkdir(src, 0755);
  mkdir(inst, 0755);
  touch(src, "both.txt");
  touch(inst, "both.txt");
  touch(inst, "installed.txt");
  char want[400];
  char *p = reach_data_find(src, inst, "both.txt");
  snprintf(want, sizeof want, "%s/both.txt", src);
  CHECK(p && strcmp(p, want) == 0, "in both: the source tree's (%s)", p ? p : "NULL");
  free(p);
  p = reach_data_find(src, inst, "installed.txt");
  snprintf(want, sizeof want, "%s/installed.txt", inst);
  CHECK(p && strcmp(p, want) == 0, "only installed: the installed one (%s)", p ? p : "NULL");
  free(p);
  p = reach_data_find(src, inst, "nowhere.txt");
  CHECK(p == NULL, "in neither: NULL");
  free(p);
  p = reach_data_find(NULL, inst, "both.txt");
  snprintf(want, sizeof want, "%s/both.txt", inst);
  CHECK(p && strcmp(p, want) == 0, "no source tree: the installed one (%s)", p ? p : "NULL");
  free(p);
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
  if (system(cmd) != 0) printf("note: could not remove %s\n", root);
  return reach_test_finish("datadir");
}
