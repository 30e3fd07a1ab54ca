// SPDX-License-Identifier: GPL-3.0-or-later
// `reachlab-cli arm`: the arm26 plant on its own.
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "demo.h"
#include "reach.h"

#define DEG (3.14159265358979323846 / 180.0)

static const char arm_help[] =
    "Usage: reachlab-cli arm SUBCOMMAND [OPTIONS]\n\n"
    "The two-joint, six-muscle arm26 plant of MotorNet, simulated in double precision.\n\n"
    "Subcommands:\n"
    "  replay   replay an excitation table open-loop and write the state table\n"
    "  demo     simulate centre-out reaches in a null and a curl field, draw them to an image\n\n"
    "'reachlab-cli arm SUBCOMMAND --help' lists the options of each.\n";

static int arm_replay(int argc, char **argv) {
  char *inputs = NULL, *out = NULL, *q0_text = NULL, *field_name = NULL;
  double gain = 8.0;
  GOptionEntry entries[] = {
      {"inputs", 'i', 0, G_OPTION_ARG_FILENAME, &inputs,
       "Excitation table (CSV: step, u_<muscle> for the six muscles, load_x, load_y)", "IN.csv"},
      {"q0", 0, 0, G_OPTION_ARG_STRING, &q0_text,
       "Start posture, shoulder and elbow in degrees (append 'rad' for radians); default 60,90",
       "SHO,ELB"},
      {"field", 0, 0, G_OPTION_ARG_STRING, &field_name,
       "Compute the load from the run's own hand velocity instead of the load columns: null, cw "
       "or ccw",
       "FIELD"},
      {"gain", 0, 0, G_OPTION_ARG_DOUBLE, &gain, "Curl-field gain in N·s/m (default 8)", "B"},
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
       "Write the state table here (default: standard output); same columns as MotorNet's "
       "reference *_f64.csv",
       "OUT.csv"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  reach_table table = {0};
  double *rows = NULL;
  char why[256];
  int status = reach_cli_parse_options(
      "arm replay", "- replay an excitation table through arm26",
      "Row k of the output is the state after k steps of dt = 10 ms (row 0 is the reset state);\n"
      "input row k is the excitation applied from state k to k+1. Excitations must be in [0, 1].",
      entries, &argc, &argv);
  if (status != 0) goto done;
  if (!inputs) REACH_CLI_FAIL(2, "arm replay: --inputs IN.csv is required (see --help)");
  reach_arm_model m;
  reach_arm_model_arm26(&m);
  reach_replay_opts opts = {.q0 = {60.0 * DEG, 90.0 * DEG}};
  if (q0_text && (reach_cli_parse_q0(q0_text, opts.q0, why, sizeof why) != 0 ||
                  reach_cli_check_q0(&m, opts.q0, why, sizeof why) != 0))
    REACH_CLI_FAIL(2, "arm replay: --q0: %s", why);
  reach_field field;
  if (field_name) {
    if (reach_cli_parse_field(field_name, gain, &field, why, sizeof why) != 0)
      REACH_CLI_FAIL(2, "arm replay: %s", why);
    opts.field = &field;
  }
  reach_error err = {0};
  if (reach_table_read(inputs, 0, &table, &err) != REACH_OK) REACH_CLI_FAIL(1, "%s", err.msg);
  int nrows;
  if (reach_replay_run(&m, &table, inputs, &opts, &rows, &nrows, &err) != REACH_OK)
    REACH_CLI_FAIL(1, "%s", err.msg);
  reach_file file = {0};
  FILE *fp = stdout;
  if (out) {
    if (reach_file_begin(&file, out, &err) != REACH_OK) REACH_CLI_FAIL(1, "%s", err.msg);
    fp = file.fp;
  }
  reach_arm_csv_write_header(fp);
  for (int k = 0; k < nrows; k++)
    reach_arm_csv_write_row(fp, rows + (size_t)k * REACH_ARM_CSV_COLS);
  if (out && reach_file_commit(&file, &err) != REACH_OK) REACH_CLI_FAIL(1, "%s", err.msg);
  if (!out && (fflush(stdout) != 0 || ferror(stdout)))
    status = reach_cli_fail(1, "arm replay: writing standard output failed: %s", strerror(errno));

done:
  free(rows);
  reach_table_free(&table);
  g_free(inputs);
  g_free(out);
  g_free(q0_text);
  g_free(field_name);
  return status;
}

static int arm_demo(int argc, char **argv) {
  char *out = NULL, *csv = NULL, *q0_text = NULL;
  double gain = 15.0;
  GOptionEntry entries[] = {
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
       "Figure to write (.png, .svg or .pdf; default reach-demo.png)", "FILE"},
      {"csv", 0, 0, G_OPTION_ARG_FILENAME, &csv,
       "Also write the hand paths (one row per target, field and step) as CSV", "FILE"},
      {"gain", 0, 0, G_OPTION_ARG_DOUBLE, &gain,
       "Clockwise curl-field gain in N·s/m for the right panel (default 15)", "B"},
      {"q0", 0, 0, G_OPTION_ARG_STRING, &q0_text,
       "Start posture, shoulder and elbow in degrees; default 60,90", "SHO,ELB"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  char why[256];
  int status = reach_cli_parse_options(
      "arm demo", "- draw centre-out reaches in a null and a curl field",
      "Eight 10 cm centre-out reaches made by a fixed feedback controller (no learning): the\n"
      "left panel in the null field, the right one in a clockwise curl field that the\n"
      "controller was not built for, so the hand paths bow. Prints the file it wrote.",
      entries, &argc, &argv);
  if (status != 0) goto done;
  reach_arm_model m;
  reach_arm_model_arm26(&m);
  double q0[2] = {60.0 * DEG, 90.0 * DEG};
  if (q0_text && (reach_cli_parse_q0(q0_text, q0, why, sizeof why) != 0 ||
                  reach_cli_check_q0(&m, q0, why, sizeof why) != 0))
    REACH_CLI_FAIL(2, "arm demo: --q0: %s", why);
  if (!(gain >= 0.0) || !isfinite(gain))
    REACH_CLI_FAIL(2, "arm demo: --gain: expected a finite gain ≥ 0 in N·s/m, found %g", gain);
  status = reach_cli_demo_run(&m, q0, gain, out ? out : "reach-demo.png", csv);

done:
  g_free(out);
  g_free(csv);
  g_free(q0_text);
  return status;
}

int reach_cli_arm(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
    fputs(arm_help, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (strcmp(argv[1], "replay") == 0) return arm_replay(argc - 1, argv + 1);
  if (strcmp(argv[1], "demo") == 0) return arm_demo(argc - 1, argv + 1);
  fprintf(stderr, "reachlab-cli: arm: unknown subcommand '%s'\n\n%s", argv[1], arm_help);
  return 2;
}
