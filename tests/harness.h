// SPDX-License-Identifier: GPL-3.0-or-later
// A tiny test harness in the manner of Box2D's: every check prints what it compared, with
// numbers, so a failure explains itself; the process exits non-zero if any check failed.
#ifndef REACH_TEST_HARNESS_H
#define REACH_TEST_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int reach_test_failures;
static int reach_test_checks;

#define CHECK(cond, ...)                                           \
  do {                                                             \
    reach_test_checks++;                                           \
    int ok_ = (cond) ? 1 : 0;                                      \
    printf("%s ", ok_ ? "  ok  " : "  FAIL");                      \
    printf(__VA_ARGS__);                                           \
    printf("\n");                                                  \
    if (!ok_) {                                                    \
      reach_test_failures++;                                       \
      printf("        at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
    }                                                              \
  } while (0)

// value within tol of expect; prints both and the difference
#define CHECK_NEAR(val, expect, tol, what)                                                 \
  do {                                                                                     \
    double v_ = (val), e_ = (expect), t_ = (tol);                                          \
    CHECK(fabs(v_ - e_) <= t_, "%s: %.10g vs %.10g (|diff| %.3g, tol %.3g)", what, v_, e_, \
          fabs(v_ - e_), t_);                                                              \
  } while (0)

static inline int reach_test_finish(const char *name) {
  printf("%s: %d checks, %d failed\n", name, reach_test_checks, reach_test_failures);
  return reach_test_failures ? EXIT_FAILURE : EXIT_SUCCESS;
}

// Directory of the test data, from the build (meson passes -DREACH_TEST_DATA="...").
#ifndef REACH_TEST_DATA
#define REACH_TEST_DATA "tests/data"
#endif

#endif
