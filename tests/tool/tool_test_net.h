// SPDX-License-Identifier: GPL-3.0-or-later
// The trained network the tool tests play, named on their command line. Without the file a test
// skips (77) rather than fails: the network is data a checkout may not carry.
#ifndef REACH_TOOL_TEST_NET_H
#define REACH_TOOL_TEST_NET_H

#include <stdio.h>
#include <stdlib.h>

#include "study/savings.h"

// The network named by argv[1] (the caller frees it). Without it the test ends here: exit status
// 2 (no argument), 77 (no file: skipped) or 1 (the file does not load).
static inline reach_savings *reach_tool_test_load(int argc, char **argv, const char *prog) {
  if (argc < 2) {
    printf("usage: %s NETWORK.h5\n", prog);
    exit(2);
  }
  FILE *probe = fopen(argv[1], "rb");
  if (!probe) {
    printf("no network at %s: skipped\n", argv[1]);
    exit(77);
  }
  fclose(probe);
  reach_error err = {0};
  reach_savings *e = NULL;
  if (reach_savings_load(argv[1], &e, &err)) {
    printf("%s\n", err.msg);
    exit(1);
  }
  return e;
}

#endif
