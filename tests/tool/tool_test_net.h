// SPDX-License-Identifier: GPL-3.0-or-later
// The trained network the tool tests play, named on their command line. Without the file a test
// skips (77) rather than fails: the network is data a checkout may not carry.
#ifndef REACH_TOOL_TEST_NET_H
#define REACH_TOOL_TEST_NET_H

#include <stdio.h>

#include "learn/savings.h"

// Loads argv[1] into *e (the caller frees it). Returns -1 to go on, otherwise the exit status to
// leave with: 2 (no argument), 77 (no file: skipped), 1 (the file does not load).
static inline int reach_tool_test_load(int argc, char **argv, const char *prog, reach_savings **e) {
  if (argc < 2) {
    printf("usage: %s NETWORK.h5\n", prog);
    return 2;
  }
  FILE *probe = fopen(argv[1], "rb");
  if (!probe) {
    printf("no network at %s: skipped\n", argv[1]);
    return 77;
  }
  fclose(probe);
  reach_error err = {0};
  if (reach_savings_load(argv[1], e, &err)) {
    printf("%s\n", err.msg);
    return 1;
  }
  return -1;
}

#endif
