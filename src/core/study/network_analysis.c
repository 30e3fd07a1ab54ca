// SPDX-License-Identifier: GPL-3.0-or-later
#include "network_analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const double reach_na_dose[REACH_NA_NDOSE] = {-2.0, -1.0, 0.0, 1.0, 2.0};

void reach_network_analysis_free(reach_network_analysis *a) {
  for (int p = 0; p < REACH_NPHASE; p++) reach_trace_free(&a->phase[p]);
  reach_trace_free(&a->ff1_b0);
  reach_trace_free(&a->ff2_b0);
  reach_tdr_free(&a->tdr);
  reach_uniform_shift_free(&a->us);
  reach_pca_free(&a->pca);
  free(a->block);
  memset(a, 0, sizeof *a);
}

static double mean_ld(const reach_trace *t) {
  double s = 0.0;
  for (int b = 0; b < t->batch; b++) s += t->ld[b];
  return s / t->batch;
}

// Rotation of ring p against ring 0, each about its own centre: the circular mean of the
// per-target angle differences (rad, + = counter-clockwise). A centred comparison, because the
// uniform shift moves the whole ring and would otherwise show up as a spurious rotation.
static double ring_rotation(const double *r0, const double *rp, int n) {
  double c0[2] = {0, 0}, cp[2] = {0, 0};
  for (int i = 0; i < n; i++)
    for (int j = 0; j < 2; j++) c0[j] += r0[2 * i + j] / n, cp[j] += rp[2 * i + j] / n;
  double sx = 0.0, sy = 0.0;
  for (int i = 0; i < n; i++) {
    double a0 = atan2(r0[2 * i + 1] - c0[1], r0[2 * i] - c0[0]);
    double ap = atan2(rp[2 * i + 1] - cp[1], rp[2 * i] - cp[0]);
    sx += cos(ap - a0), sy += sin(ap - a0);
  }
  return atan2(sy, sx);
}

// RMS of (x − x0) over rows [lo, hi) of stride-`row` arrays, relative to RMS of x0.
static double rel_rms(const double *x, const double *x0, size_t lo, size_t hi) {
  double d = 0.0, r = 0.0;
  for (size_t i = lo; i < hi; i++) d += (x[i] - x0[i]) * (x[i] - x0[i]), r += x0[i] * x0[i];
  return r > 0.0 ? sqrt(d / r) : (double)NAN;
}

#define TRY(what, call)                                                         \
  do {                                                                          \
    reach_error in_ = {0};                                                      \
    reach_status s_ = (call);                                                   \
    if (s_) {                                                                   \
      st = reach_error_set(err, s_, "network analysis: %s: %s", what, in_.msg); \
      goto fail;                                                                \
    }                                                                           \
  } while (0)
// The inner calls report through in_.
#define E (&in_)

reach_status reach_network_analyse(reach_savings *e, reach_network_analysis *a, reach_error *err) {
  memset(a, 0, sizeof *a);
  if (reach_savings_stage(e) != REACH_STAGE_DONE)
    return reach_error_set(err, REACH_ERR_USAGE,
                           "network analysis: the network has not finished its four phases");
  int nphase = 0;
  reach_savings_phases(e, &nphase);
  if (nphase != REACH_NPHASE)
    return reach_error_set(err, REACH_ERR_USAGE,
                           "network analysis: it is the four-phase study's (NF1, FF1, NF2, FF2); "
                           "this protocol has %d phases",
                           nphase);
  const reach_config *c = reach_savings_config(e);
  const int B = c->task.n_targets, T = c->task.steps, H = c->units;
  if (T < REACH_NA_PREMOVE_END || T <= reach_tdr_trace_index(REACH_TDR_FORCE_INDEX))
    return reach_error_set(err, REACH_ERR_USAGE,
                           "network analysis: trials of %d steps; the analysis time points need "
                           "at least %d",
                           T, reach_tdr_trace_index(REACH_TDR_FORCE_INDEX) + 1);
  if (H < REACH_NA_NPC || B < 3)
    return reach_error_set(err, REACH_ERR_USAGE,
                           "network analysis: %d units and %d targets; PCA keeps %d components "
                           "and TDR needs 3 targets",
                           H, B, REACH_NA_NPC);
  a->units = H, a->targets = B, a->steps = T;
  size_t np = 0;
  const double *cur = reach_savings_params(e, &np);
  const size_t nB = (size_t)B, nH = (size_t)H, nS = (size_t)T + 1, nD = REACH_NA_NDOSE;
  const size_t n_prep = nB * nH, n_pc = nB * (size_t)T * REACH_NA_NPC;
  const size_t total = np + 4 * n_prep + 2 * nB + 4 * 2 * nB + 2 * n_pc + nD * nB +
                       nD * nS * nB * 6 + nD * nS + (size_t)T * nB * nH;
  reach_status st = REACH_OK;
  a->block = malloc(sizeof *a->block * total);
  if (!a->block) return reach_error_set(err, REACH_ERR_NOMEM, "network analysis: out of memory");
  double *saved = a->block, *q = saved + np;
  memcpy(saved, cur, sizeof *saved * np);
  for (int p = 0; p < REACH_NPHASE; p++) a->prep[p] = q, q += n_prep;
  a->force_nf1 = q, q += 2 * nB;
  for (int p = 0; p < REACH_NPHASE; p++) a->ring[p] = q, q += 2 * nB;
  a->pc_ff1 = q, q += n_pc;
  a->pc_ff2 = q, q += n_pc;
  a->dose_ld_target = q, q += nD * nB;
  a->dose_act = q, q += nD * nS * nB * 6;
  a->dose_hidden_dev = q, q += nD * nS;
  double *rows = q;  // [T·B][H] scratch for the PCA rows
  reach_trace pushed = {0};

  for (int p = 0; p < REACH_NPHASE; p++) {
    a->field[p] = c->phase_field[p];
    TRY("trace", reach_trace_init(&a->phase[p], B, T, H));
  }
  TRY("trace", reach_trace_init(&a->ff1_b0, B, T, H));
  TRY("trace", reach_trace_init(&a->ff2_b0, B, T, H));
  TRY("trace", reach_trace_init(&pushed, B, T, H));

  // Each phase-final network in its own field, and the two batch-0 networks.
  for (int p = 0; p < REACH_NPHASE; p++) {
    reach_savings_set_params(e, reach_savings_snapshot(e, (reach_stage)p));
    TRY(reach_phase_names[p], reach_savings_trace(e, c->phase_field[p], &a->phase[p], E));
    TRY("preparatory state",
        reach_trace_hidden_at(&a->phase[p], REACH_TDR_PREP_INDEX, a->prep[p], E));
  }
  reach_savings_set_params(e, reach_savings_snapshot(e, REACH_STAGE_NF1));
  TRY("FF1 batch 0", reach_savings_trace(e, c->phase_field[1], &a->ff1_b0, E));
  reach_savings_set_params(e, reach_savings_snapshot(e, REACH_STAGE_NF2));
  TRY("FF2 batch 0", reach_savings_trace(e, c->phase_field[3], &a->ff2_b0, E));
  a->ff1_b0_ld = mean_ld(&a->ff1_b0);
  a->ff2_b0_ld = mean_ld(&a->ff2_b0);

  // TDR on NF1's endpoint force at +90 ms; the arm model is the one every network uses.
  {
    reach_arm_model arm;
    reach_arm_model_arm26(&arm);
    const int k = reach_tdr_trace_index(REACH_TDR_FORCE_INDEX);
    const reach_trace *t = &a->phase[0];
    TRY("NF1 endpoint force",
        reach_endpoint_forces(&arm, t->q + (size_t)k * nB * 2, t->force + (size_t)k * nB * 6, B,
                              a->force_nf1, E));
  }
  const double *prep[REACH_NPHASE] = {a->prep[0], a->prep[1], a->prep[2], a->prep[3]};
  TRY("TDR", reach_tdr_fit(&a->tdr, prep, a->force_nf1, B, H, E));
  for (int p = 0; p < REACH_NPHASE; p++) reach_tdr_project(&a->tdr, a->prep[p], B, a->ring[p]);
  for (int p = 0; p < REACH_NPHASE; p++)
    a->ring_rotation[p] = ring_rotation(a->ring[0], a->ring[p], B);
  TRY("uniform shift", reach_uniform_shift_fit(&a->us, &a->tdr, prep, B, E));

  // PCA: rows [target][time] of code indices 0..T−1 (trace 1..T), so the figure can draw each
  // target's trajectory as a contiguous run.
  for (int pass = 0; pass < 2; pass++) {
    const reach_trace *t = pass ? &a->ff2_b0 : &a->ff1_b0;
    for (int b = 0; b < B; b++)
      for (int k = 0; k < T; k++)
        memcpy(rows + ((size_t)b * T + k) * nH, t->hidden + ((size_t)(k + 1) * nB + b) * nH,
               sizeof *rows * nH);
    if (pass == 0) {
      TRY("PCA", reach_pca_fit(&a->pca, rows, B * T, H, REACH_NA_NPC, E));
      for (int j = 0; j < a->pca.ncomp; j++) a->pca_ratio[j] = reach_pca_ratio(&a->pca, j);
      reach_pca_project(&a->pca, rows, B * T, a->pc_ff1);
    } else {
      reach_pca_project(&a->pca, rows, B * T, a->pc_ff2);
      TRY("PCA of FF2 batch 0",
          reach_pca_explained_of(&a->pca, rows, B * T, a->pca_ff2_explained, E));
    }
  }

  // Dose–response on FF2 batch 0 (NF2-final weights, FF2's field). Dose 0 is run through the
  // push path too, with a zero vector, so "m = 0 equals the unpushed trace" is a real check.
  reach_savings_set_params(e, reach_savings_snapshot(e, REACH_STAGE_NF2));
  double *push = rows;  // reuse: H values
  int d0 = -1;
  for (int d = 0; d < REACH_NA_NDOSE; d++)
    if (reach_na_dose[d] == 0.0) d0 = d;
  // Dose 0 first: the others are compared with it.
  for (int i = -1; i < REACH_NA_NDOSE; i++) {
    const int d = i < 0 ? d0 : i;
    if (i >= 0 && d == d0) continue;
    for (int j = 0; j < H; j++) push[j] = reach_na_dose[d] * a->us.axis[j];
    TRY("perturbation",
        reach_savings_trace_pushed(e, c->phase_field[3], REACH_NA_PUSH_INDEX, push, &pushed, E));
    a->dose_ld[d] = mean_ld(&pushed);
    memcpy(a->dose_ld_target + (size_t)d * nB, pushed.ld, sizeof *pushed.ld * nB);
    memcpy(a->dose_act + (size_t)d * nS * nB * 6, pushed.act, sizeof *pushed.act * nS * nB * 6);
    // Hidden deviation from the unpushed FF2-batch-0 trace (identical to dose 0 when the push
    // path is exact, which the test checks).
    const double *h0 = a->ff2_b0.hidden;
    for (size_t k = 0; k < nS; k++) {
      double s = 0.0;
      for (size_t b = 0; b < nB; b++) {
        double s2 = 0.0;
        for (size_t j = 0; j < nH; j++) {
          double dd = pushed.hidden[(k * nB + b) * nH + j] - h0[(k * nB + b) * nH + j];
          s2 += dd * dd;
        }
        s += sqrt(s2);
      }
      a->dose_hidden_dev[(size_t)d * nS + k] = s / (double)nB;
    }
    const size_t lo = REACH_NA_PUSH_INDEX, hi = REACH_NA_PREMOVE_END;
    a->dose_act_change[d] =
        rel_rms(a->dose_act + (size_t)d * nS * nB * 6 + lo * nB * 6,
                a->dose_act + (size_t)d0 * nS * nB * 6 + lo * nB * 6, 0, (hi - lo) * nB * 6);
    a->dose_hidden_change[d] =
        rel_rms(pushed.hidden + lo * nB * nH, h0 + lo * nB * nH, 0, (hi - lo) * nB * nH);
  }
  reach_trace_free(&pushed);
  reach_savings_set_params(e, saved);
  return REACH_OK;
fail:
  reach_trace_free(&pushed);
  reach_savings_set_params(e, saved);
  reach_network_analysis_free(a);
  return st;
}
