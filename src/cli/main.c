// SPDX-License-Identifier: GPL-3.0-or-later
// reachlab-cli: the headless face of libreach, for batch runs and scripts.
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct command {
  const char *name;
  const char *summary;
  int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {"arm", "simulate the arm26 plant: replay excitation tables, draw a demo reach", reach_cli_arm},
    {"sssm", "run the SSSM or SSM1-SSM7 over a paradigm, write the per-trial table",
     reach_cli_sssm},
    {"coin", "run COIN (contextual inference) over a paradigm, runs x particles", reach_cli_coin},
    {"train", "train one network through growing up and NF1 -> FF1 -> NF2 -> FF2", reach_cli_train},
    {"savings", "train N networks (sharded, in parallel) and summarise FF1 vs FF2",
     reach_cli_savings},
    {"report",
     "report a savings results directory: statistics R1-R11 beside the paper's, tables, figures",
     reach_cli_report},
    {"behaviour", "write a network's centre-out hand paths, speeds and muscle activations",
     reach_cli_behaviour},
    {"merge", "join sharded savings results (summary tables, network files) into one directory",
     reach_cli_merge},
    {"fit", "fit the SSSM and SSM1-SSM7 to group-mean adaptation, compare by BIC", reach_cli_fit},
    {"tool", "the tool study in the arm: a paradigm played with a context-model learner",
     reach_cli_tool},
    {"stamp", "accept a deliberate edit of ReachLab HDF5 files (rewrite their checksum)",
     reach_cli_stamp},
};

static void usage(FILE *fp) {
  fputs(
      "Usage: reachlab-cli COMMAND [OPTIONS]\n\n"
      "ReachLab's batch interface: the same simulations as the app, without a window.\n\n"
      "Commands:\n",
      fp);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fputs("\n'reachlab-cli COMMAND --help' explains a command and its options.\n", fp);
}

int main(int argc, char **argv) {
  // The user's character set, so that GLib prints help and messages in UTF-8 rather than
  // transliterating them ("[OPTION?]", "N?s/m"); numbers stay in the C locale, since every file
  // the CLI writes uses "." as the decimal point (docs/exports.md).
  setlocale(LC_ALL, "");
  setlocale(LC_NUMERIC, "C");
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    usage(stdout);
    return 0;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("reachlab-cli %s\n", REACH_VERSION);
    return 0;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    if (strcmp(argv[1], commands[i].name) == 0) {
      const int status = commands[i].run(argc - 1, argv + 1);
      // Tables and summaries printed to a full disk or a closed pipe must not end in success.
      if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "reachlab-cli: %s: writing standard output failed: %s\n", argv[1],
                strerror(errno ? errno : EIO));
        return status ? status : 1;
      }
      return status;
    }
  }
  fprintf(stderr, "reachlab-cli: unknown command '%s'\n\n", argv[1]);
  usage(stderr);
  return 2;
}
