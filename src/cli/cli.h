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
int reach_cli_coin(int argc, char **argv);
int reach_cli_stamp(int argc, char **argv);
int reach_cli_behaviour(int argc, char **argv);

// Shared helpers (cli_util.c)
// Prints "reachlab-cli: <msg>" to stderr and returns status.
int reach_cli_fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
// In a command with an `int status` and a `done:` label for its clean-up: fail with status st.
#define REACH_CLI_FAIL(st, ...)                 \
  do {                                          \
    status = reach_cli_fail((st), __VA_ARGS__); \
    goto done;                                  \
  } while (0)

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

// The paradigm of sssm and tool: a fresh sequence of --experiment NAME from --seed, or else the
// table `file` (--paradigm). Fills p and *experiment_index (-1 for a file). Returns 0, or an exit
// status after printing "reachlab-cli: <cmd>: <why>".
int reach_cli_load_paradigm(const char *cmd, const char *experiment, gint64 seed, const char *file,
                            reach_paradigm *p, int *experiment_index);
// Every participant of a folder with paradigm_cues.csv and paradigm_perturbations.csv (one column
// each) into set. Returns 0, or 1 after printing why.
int reach_cli_load_paradigm_set(const char *cmd, const char *dir, reach_paradigm_set *set);
// A context model's parameters theta[REACH_CMODEL_MAXP]: its defaults, then the --params file if
// given. Returns 0, or 2 after printing why.
int reach_cli_model_params(const char *cmd, reach_cmodel m, const char *params, double *theta);

// The names in dir that start with prefix and end with suffix, sorted (so messages and order do
// not depend on readdir); NULL with gerr set if dir cannot be read. Free with g_ptr_array_free.
GPtrArray *reach_cli_list_dir(const char *dir, const char *prefix, const char *suffix,
                              GError **gerr);

// 0 if path can be created (the probe file is removed again), else -1 with "cannot write PATH:
// <reason>" in why. For writers that cannot report a failure themselves (PLplot exits).
int reach_cli_check_writable(const char *path, char *why, size_t len);

// A file or folder shipped in data/, in libreach's order (io/datadir.h): the source tree's copy,
// else the installed one ($prefix/share/reachlab/REL). NULL if neither exists. Static storage.
const char *reach_cli_data_path(const char *rel);

// Progress of a savings run on stderr (progress.c), shown by the core's callback
// (reach_savings_run). train: label NULL, its historical line; savings: "units-H network N".
typedef struct reach_cli_progress {
  const char *label;  // names the run on each line (NULL: train's line)
  bool tty;           // rewrite one line (\r) instead of printing lines
  int pipe_fd;        // >= 0: send the lines to the parent's board (a savings worker)
  int slot;           // the worker's line on the board
  bool show_reaches;  // after growing up, print the centre-out reaches' end errors and LD
  bool open_line;     // a \r line is on screen (internal)
  double shown_s;     // run time of the last line sent to the board (internal)
} reach_cli_progress;
void reach_cli_progress_show(reach_savings *e, const reach_savings_progress *s, void *user);
// Ends an open \r line.
void reach_cli_progress_end(reach_cli_progress *p);
// A line that stays (to the board above the job lines, or to stderr).
void reach_cli_progress_note(const reach_cli_progress *p, const char *text);
// Work item k of a reach_cli_jobs run, in worker process `worker`; board_fd is the pipe to the
// parent's board (-1: none). Returns an exit status.
typedef int (*reach_cli_job_fn)(int k, int worker, int board_fd, void *user);
// Runs work(k) for k in 0..count-1 in `jobs` forked processes (worker w takes every jobs-th item,
// one BLAS thread, dying with the parent); with `board`, the parent draws the workers' progress
// lines (reach_cli_board) while it waits. Returns 0, or 1 if a worker failed.
int reach_cli_jobs(const char *cmd, int jobs, int count, reach_cli_job_fn work, void *user,
                   bool board);
// savings: trains (or resumes, or keeps when complete) shard `shard` of `shards` of networks
// 0 ... networks-1 of cfg in out_dir (study/savings_sweep.h), `jobs` at a time with the progress
// board on a terminal; grown_dir is --grown-up-from's directory (or NULL), size names the lines
// ("units-H", or NULL). Writes and names the shard's summary table, of the pair `compare` names
// (NULL: the default; reach_sweep_summary_row). Returns the exit status.
int reach_cli_savings_dir(const reach_config *cfg, const char *out_dir, const char *grown_dir,
                          const char *size, const char *compare, int networks, int shard,
                          int shards, int jobs);
// tool (cmd_tool.c): the progress line ("tool: trial N/M", user: int, nonzero on a terminal); the
// learner's --params FILE (COIN's into opt, a context model's into theta, then cfg->params), 0 or 2
// after printing why; the bundled network's path, or NULL after printing where it was looked for;
// and the paper's summary lines of a generated experiment (exp1-two, exp2-*; others print none).
int reach_cli_tool_progress(void *user, int done, int n);
int reach_cli_tool_params(const char *params, reach_tool_run_config *cfg,
                          reach_tool_study_options *opt, double *theta);
const char *reach_cli_bundled_network(const char *cmd);
void reach_cli_tool_summary(const char *experiment, const reach_tool_result *res, int n);
// "16,32,64" into a malloc'ed array of *n ints in [lo, hi]; NULL if malformed.
int *reach_cli_parse_int_list(const char *arg, int lo, int hi, int *n);

// The arm's options (cmd_arm.c): "SHO,ELB" in degrees (or each with a "rad" suffix) into
// radians; the posture against arm26's joint range (the message names --q0); "null", "cw" or
// "ccw" with a gain >= 0 into a field (b > 0 is clockwise). Each returns 0, or -1 with why.
int reach_cli_parse_q0(const char *text, double q0[2], char *why, size_t len);
int reach_cli_check_q0(const reach_arm_model *m, const double q0[2], char *why, size_t len);
int reach_cli_parse_field(const char *name, double gain, reach_field *f, char *why, size_t len);

// grow, NF1, FF1, NF2, FF2, done.
const char *reach_cli_stage_label(const reach_savings *e, reach_stage s);
// Draws the workers' lines read from fd, one line per slot, until every writer has closed it.
int reach_cli_board(int fd, int slots);
// "42 s", "12 min", "3.5 h" into buf.
const char *reach_cli_duration(double s, char *buf, size_t len);

#endif
