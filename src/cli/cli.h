// SPDX-License-Identifier: GPL-3.0-or-later
// reachlab-cli subcommands. Each takes the arguments after its name (argv[0] is the name) and
// returns the process exit status: 0 success, 1 failure of the run, 2 bad usage.
#ifndef REACH_CLI_H
#define REACH_CLI_H

int reach_cli_arm(int argc, char **argv);
int reach_cli_sssm(int argc, char **argv);
int reach_cli_fit(int argc, char **argv);
int reach_cli_train(int argc, char **argv);
int reach_cli_savings(int argc, char **argv);
int reach_cli_merge(int argc, char **argv);
int reach_cli_report(int argc, char **argv);
int reach_cli_tool(int argc, char **argv);

// Shared helpers (cli_util.c)
// Prints "reachlab-cli: <msg>" to stderr and returns status.
int reach_cli_fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// Parses a subcommand's options with GOption (which answers --help itself): the summary is shown
// under the usage line, and a stray positional argument is an error. Returns 0, or 2 after printing
// "reachlab-cli: <cmd>: <why>".
#include <glib.h>
#include <stdbool.h>

#include "reach.h"
int reach_cli_parse_options(const char *cmd, const char *param, const char *summary,
                            GOptionEntry *entries, int *argc, char ***argv);

// Reads a context model's parameters from an INI file: one group named after the model
// ([sssm], [ssm3], ...) with key = value per parameter; keys not given keep their value in theta.
// Unknown groups or keys are errors (a typo must never silently run the default). Returns 0, or
// -1 with the reason in why.
int reach_cli_read_model_params(const char *path, reach_cmodel m, double *theta, char *why,
                                size_t len);

// 0 if path can be created (the probe file is removed again), else -1 with "cannot write PATH:
// <reason>" in why. For writers that cannot report a failure themselves (PLplot exits).
int reach_cli_check_writable(const char *path, char *why, size_t len);

// The header of a savings summary table (savings writes it, merge expects it).
#define REACH_SUMMARY_HEADER                                                               \
  "network,units,seed,nf1_final_ld_mm,ff1_ld0_mm,ff1_final_ld_mm,nf2_ld0_mm,nf2_final_ld_mm," \
  "ff2_ld0_mm,ff2_final_ld_mm"

// A file or folder shipped in data/: the installed copy ($prefix/share/reachlab/REL) if present,
// else the source tree's (uninstalled builds). NULL if neither exists. Static storage.
const char *reach_cli_data_path(const char *rel);

// Runs a savings experiment to its end with progress on stderr (show_progress) and checkpoints to
// h5 (nullable) at checkpoint_every and every stage end (cmd_train.c).
int reach_cli_run_savings(reach_savings *e, const char *h5, bool show_progress);

#endif
