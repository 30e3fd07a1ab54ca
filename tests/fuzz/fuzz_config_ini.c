// SPDX-License-Identifier: GPL-3.0-or-later
// The INI experiment configuration (task/config.c): any text either loads or fails with a
// message; what loads must write back to INI text that loads again to the same configuration
// (the text stored in every network file).
#include "fuzz_util.h"
#include "reach.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = fuzz_text(data, size);
  if (!text) return 0;
  reach_config c, back;
  reach_error err = {0};
  if (reach_config_load_data(&c, text, "fuzz.ini", &err) == REACH_OK) {
    char *ini = reach_config_to_string(&c);
    reach_error err2 = {0};
    char why[512];
    if (!ini || reach_config_load_data(&back, ini, "round-trip.ini", &err2) != REACH_OK ||
        reach_config_differ(&back, &c, why, sizeof why)) {
      fprintf(stderr, "round trip failed: %s %s\n", err2.msg, ini ? why : "(no text)");
      abort();
    }
    free(ini);
  } else if (!err.msg[0]) {
    fprintf(stderr, "an error without a message\n");
    abort();
  }
  free(text);
  return 0;
}
