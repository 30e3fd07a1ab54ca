// SPDX-License-Identifier: GPL-3.0-or-later
// Running reachlab-cli from a C test: the exit status, and what it said on stderr.
#ifndef REACH_TEST_CLI_RUN_H
#define REACH_TEST_CLI_RUN_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

// Runs `'cli' args` with stdout discarded and stderr captured (through a file in tmpdir) into
// err[len]: its first line only when first_line, else all of it. Returns the exit status, or -1
// if the CLI did not exit normally.
static inline int reach_test_cli_run(const char *cli, const char *tmpdir, const char *args,
                                     char *err, size_t len, bool first_line) {
  char cmd[4096], errpath[512];
  snprintf(errpath, sizeof errpath, "%s/stderr.txt", tmpdir);
  snprintf(cmd, sizeof cmd, "'%s' %s >/dev/null 2>'%s'", cli, args, errpath);
  int rc = system(cmd);
  err[0] = '\0';
  FILE *fp = fopen(errpath, "r");
  if (fp) {
    size_t n = fread(err, 1, len - 1, fp);
    err[n] = '\0';
    fclose(fp);
  }
  unlink(errpath);
  if (first_line) err[strcspn(err, "\n")] = '\0';
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

#endif
