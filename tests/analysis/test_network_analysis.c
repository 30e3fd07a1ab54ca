// SPDX-License-Identifier: GPL-3.0-or-later
// The per-network neural pipeline on a tiny trained network (8 units, 30 growing-up batches,
// phases of 6): mechanics, not science. Shapes; NF1 = 0 and FF1 = 1 on the uniform-shift axis by
// construction; the m = 0 push equals the unpushed FF2-batch-0 trace exactly; the analysis is
// deterministic and leaves the network's weights as they were.
#include <math.h>
#include <string.h>

#include "study/network_analysis.h"
#include "harness.h"
#include "reach.h"

static reach_savings *tiny_network(void) {
  reach_config c;
  reach_config_default(&c);
  c.units = 8;
  c.grow_batches = 30;
  c.grow_batch = 8;
  for (int p = 0; p < 4; p++) c.phase_batches[p] = 6;
  c.checkpoint_every = 0;
  reach_error err = {0};
  reach_savings *e = NULL;
  if (reach_savings_create(&c, &e, &err)) {
    CHECK(0, "create a tiny experiment: %s", err.msg);
    return NULL;
  }
  while (reach_savings_stage(e) != REACH_STAGE_DONE)
    if (reach_savings_step(e, &err)) break;
  CHECK(reach_savings_stage(e) == REACH_STAGE_DONE, "tiny run finished %s", err.msg);
  return e;
}

int main(void) {
  reach_savings *e = tiny_network();
  if (!e) return reach_test_finish("network-analysis");
  reach_error err = {0};
  size_t np = 0;
  const double *theta = reach_savings_params(e, &np);
  double *before = malloc(sizeof *before * np);
  memcpy(before, theta, sizeof *before * np);

  reach_network_analysis a, b;
  reach_status st = reach_network_analyse(e, &a, &err);
  CHECK(st == REACH_OK, "analysis ran: %s", err.msg);
  if (st) return reach_test_finish("network-analysis");
  CHECK(a.units == 8 && a.targets == 8 && a.steps == 100, "shapes: %d units, %d targets, %d steps",
        a.units, a.targets, a.steps);
  CHECK(a.tdr.units == 8 && a.us.units == 8 && a.pca.ncomp == 3 && a.pca.dim == 8 &&
            a.pca.n_fit == 800,
        "TDR %d units, shift %d units, PCA %d comps of dim %d on %d rows", a.tdr.units, a.us.units,
        a.pca.ncomp, a.pca.dim, a.pca.n_fit);
  CHECK(memcmp(theta, before, sizeof *before * np) == 0, "weights restored after the analysis");

  printf("  uniform-shift projections NF1 %.6g FF1 %.6g NF2 %.6g FF2 %.6g (|us| %.4g)\n",
         a.us.proj[0], a.us.proj[1], a.us.proj[2], a.us.proj[3], a.us.norm);
  CHECK_NEAR(a.us.proj[0], 0.0, 1e-12, "NF1 projection");
  CHECK_NEAR(a.us.proj[1], 1.0, 1e-12, "FF1 projection");
  CHECK(isfinite(a.us.proj[2]) && isfinite(a.us.proj[3]), "NF2, FF2 projections finite");
  CHECK_NEAR(a.ring_rotation[0], 0.0, 1e-12, "NF1 ring rotation against itself (rad)");
  printf("  ring rotations (deg) FF1 %.3f NF2 %.3f FF2 %.3f\n", a.ring_rotation[1] * 57.29578,
         a.ring_rotation[2] * 57.29578, a.ring_rotation[3] * 57.29578);

  // The m = 0 push must be the unpushed trace bit for bit (the noise stream restarts per trace).
  int d0 = 2;
  CHECK(reach_na_dose[d0] == 0.0, "dose %d is m = 0", d0);
  CHECK(a.dose_ld[d0] == a.ff2_b0_ld, "m = 0 LD %.17g equals unpushed FF2 batch 0 %.17g",
        a.dose_ld[d0], a.ff2_b0_ld);
  size_t nact = (size_t)(a.steps + 1) * a.targets * 6;
  CHECK(memcmp(a.dose_act + d0 * nact, a.ff2_b0.act, sizeof(double) * nact) == 0,
        "m = 0 muscle activations equal the unpushed ones");
  double dev0 = 0.0;
  for (int k = 0; k <= a.steps; k++) dev0 = fmax(dev0, a.dose_hidden_dev[d0 * (a.steps + 1) + k]);
  CHECK(dev0 == 0.0, "m = 0 hidden deviation max %.3g", dev0);
  CHECK(a.dose_act_change[d0] == 0.0, "m = 0 muscle change %.3g", a.dose_act_change[d0]);
  // The push lands at trace index 16: nothing before it moves, the state at 16 moves by |m|·|us|.
  const double *dev2 = a.dose_hidden_dev + 4 * (a.steps + 1);
  CHECK(dev2[REACH_NA_PUSH_INDEX - 1] == 0.0, "m = 2 hidden deviation at trace index 15: %.3g",
        dev2[REACH_NA_PUSH_INDEX - 1]);
  CHECK_NEAR(dev2[REACH_NA_PUSH_INDEX], 2.0 * a.us.norm, 1e-9 * (1 + a.us.norm),
             "m = 2 hidden deviation at the push = 2|us|");
  printf("  dose-response LD (mm):");
  for (int d = 0; d < REACH_NA_NDOSE; d++)
    printf(" m=%+.0f %.4f", reach_na_dose[d], 1e3 * a.dose_ld[d]);
  printf("\n  pre-movement muscle change (rel. RMS):");
  for (int d = 0; d < REACH_NA_NDOSE; d++) printf(" %.3g", a.dose_act_change[d]);
  printf("\n  hidden change (rel. RMS):");
  for (int d = 0; d < REACH_NA_NDOSE; d++) printf(" %.3g", a.dose_hidden_change[d]);
  printf("\n");
  CHECK(a.dose_hidden_change[4] > 0.0 && a.dose_hidden_change[0] > 0.0,
        "m = +-2 move the hidden state (%.3g, %.3g)", a.dose_hidden_change[0],
        a.dose_hidden_change[4]);

  // FF1 batch 0 is the NF1-final network in FF1's field: the same weights and field as the
  // evaluation logged at FF1 batch 0, but with its own noise stream; at this size the reaches
  // are sub-millimetre and noise-dominated, so the two are printed, not compared.
  const double *ld;
  reach_savings_ld(e, 1, &ld, NULL);
  printf("  FF1 batch 0: trace %.4f mm, log %.4f mm; FF2 batch 0 trace %.4f mm\n",
         1e3 * a.ff1_b0_ld, 1e3 * ld[0], 1e3 * a.ff2_b0_ld);
  double var = 0.0;
  for (int j = 0; j < 3; j++) var += a.pca_ratio[j];
  printf("  PCA variance ratio %.4f %.4f %.4f; FF2 explained %.4f %.4f %.4f\n", a.pca_ratio[0],
         a.pca_ratio[1], a.pca_ratio[2], a.pca_ff2_explained[0], a.pca_ff2_explained[1],
         a.pca_ff2_explained[2]);
  CHECK(var > 0.0 && var <= 1.0 + 1e-12 && a.pca_ratio[0] >= a.pca_ratio[1],
        "PCA ratios sum %.6f in (0, 1], decreasing", var);

  // Deterministic: a second analysis gives the same numbers bit for bit.
  st = reach_network_analyse(e, &b, &err);
  CHECK(st == REACH_OK && b.us.proj[2] == a.us.proj[2] && b.dose_ld[0] == a.dose_ld[0] &&
            memcmp(b.pc_ff2, a.pc_ff2, sizeof(double) * 800 * 3) == 0,
        "second analysis identical (NF2 %.17g vs %.17g)", b.us.proj[2], a.us.proj[2]);
  if (!st) reach_network_analysis_free(&b);
  reach_network_analysis_free(&a);

  // An unfinished network is refused.
  reach_config c = *reach_savings_config(e);
  reach_savings *u = NULL;
  if (!reach_savings_create(&c, &u, &err)) {
    CHECK(reach_network_analyse(u, &b, &err) == REACH_ERR_USAGE, "unfinished refused: %s", err.msg);
    reach_savings_free(u);
  }
  free(before);
  reach_savings_free(e);
  return reach_test_finish("network-analysis");
}
