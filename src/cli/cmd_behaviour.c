// SPDX-License-Identifier: GPL-3.0-or-later
// reachlab-cli behaviour: a network's centre-out reaches (study/behaviour.h) as CSV and a figure.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "report.h"

int reach_cli_behaviour(int argc, char **argv) {
  char *network = NULL, *phase = NULL, *out_dir = NULL;
  double field = NAN;
  gboolean noise = FALSE;
  GOptionEntry entries[] = {
      {"network", 'n', 0, G_OPTION_ARG_FILENAME, &network,
       "a savings network file (train's network.h5, savings' network-NNNN.h5)", "FILE"},
      {"phase", 'p', 0, G_OPTION_ARG_STRING, &phase,
       "whose weights: grown-up (end of growing up; the default), NF1, FF1, NF2, FF2 (end of "
       "that phase) or final (the current weights)",
       "NAME"},
      {"field", 'f', 0, G_OPTION_ARG_DOUBLE, &field,
       "curl-field gain, N s/m, + = clockwise (default: that phase's own field, 0 for grown-up "
       "and final)",
       "B"},
      {"noise", 0, 0, G_OPTION_ARG_NONE, &noise,
       "with the task's sensory and motor noise (default: noise-free)", NULL},
      {"out", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir,
       "output directory: behaviour.csv, behaviour.svg and .png", "DIR"},
      {NULL, 0, 0, 0, NULL, NULL, NULL},
  };
  reach_savings *e = NULL;
  reach_behaviour b = {0};
  reach_error err = {0};
  char *csv = NULL;
  int status = reach_cli_parse_options(
      "behaviour", "",
      "Write a network's centre-out reaches: hand paths, speed profiles and the six muscle "
      "activations over time (CSV and figure).",
      entries, &argc, &argv);
  if (status) goto done;
  if (!network || !out_dir)
    REACH_CLI_FAIL(2, "behaviour: --network FILE and --out DIR are required");
  if (reach_savings_load(network, &e, &err)) REACH_CLI_FAIL(1, "behaviour: %s", err.msg);
  int stage = REACH_STAGE_GROW;
  if (phase && (stage = reach_behaviour_stage_find(phase)) == -2)
    REACH_CLI_FAIL(2, "behaviour: --phase '%s': expected grown-up, NF1, FF1, NF2, FF2 or final",
                   phase);
  const reach_config *c = reach_savings_config(e);
  if (!phase && !reach_savings_snapshot(e, REACH_STAGE_GROW)) stage = REACH_STAGE_DONE;
  if (isnan(field))
    field = stage >= REACH_STAGE_NF1 && stage <= REACH_STAGE_FF2 ? c->phase_field[stage] : 0.0;
  if (reach_behaviour_run(e, (reach_stage)stage, field, noise, &b, &err))
    REACH_CLI_FAIL(1, "behaviour: %s: %s", network, err.msg);
  if (g_mkdir_with_parents(out_dir, 0755))
    REACH_CLI_FAIL(1, "behaviour: cannot create %s: %s", out_dir, g_strerror(errno));
  csv = g_build_filename(out_dir, "behaviour.csv", NULL);
  if (reach_behaviour_write_csv(&b, csv, &err)) REACH_CLI_FAIL(1, "behaviour: %s", err.msg);
  // The figure carries what made it (io/provenance.h): the network's configuration and seed,
  // its engine, and which weights in which field.
  char *ini = reach_config_to_string(c), extra[512];
  snprintf(extra, sizeof extra, "network: %s, weights: %s, field %g N s/m, noise %s", network,
           reach_behaviour_stage_name(b.weights), b.field, b.noise ? "on" : "off");
  char *prov =
      reach_provenance_text("behaviour", NULL, NULL, reach_savings_file_engine(e), extra, ini);
  status = behaviour_figure(out_dir, &b, prov);
  free(prov);
  free(ini);
  if (status) goto done;
  printf("%s weights, field %g N s/m, noise %s: %d reaches, go cue at %.2f s\n",
         reach_behaviour_stage_name(b.weights), b.field, b.noise ? "on" : "off", b.targets, b.go_s);
  printf("target  end error (mm)  LD (mm)  peak speed (m/s) at (s)\n");
  for (int i = 0; i < b.targets; i++) {
    int at = 0;
    for (int k = 0; k <= b.steps; k++)
      if (b.speed[(size_t)k * b.targets + i] > b.speed[(size_t)at * b.targets + i]) at = k;
    printf("%6d  %14.2f  %7.2f  %16.3f  %.2f\n", i, 1e3 * b.end_error[i], 1e3 * b.ld[i],
           b.speed[(size_t)at * b.targets + i], at * b.dt);
  }
  printf("%s, %s/behaviour.svg\n", csv, out_dir);
done:
  reach_behaviour_free(&b);
  reach_savings_free(e);
  g_free(csv);
  g_free(network);
  g_free(phase);
  g_free(out_dir);
  return status;
}
