// SPDX-License-Identifier: GPL-3.0-or-later
#include "paradigm_gen.h"

#include "../base/rng.h"

#include <math.h>
#include <string.h>

static const char *const exp_names[REACH_TOOL_EXPERIMENT_COUNT] = {"exp1-two", "exp1-single",
                                                                   "exp2-opposing", "exp2-same"};

const char *reach_tool_experiment_name(reach_tool_experiment e) {
  return e >= 0 && e < REACH_TOOL_EXPERIMENT_COUNT ? exp_names[e] : "?";
}

int reach_tool_experiment_find(const char *name) {
  for (int e = 0; e < REACH_TOOL_EXPERIMENT_COUNT; e++)
    if (strcmp(name, exp_names[e]) == 0) return e;
  return -1;
}

reach_status reach_tool_experiment_layout_get(reach_tool_experiment e,
                                              reach_tool_experiment_layout *l, reach_error *err) {
  memset(l, 0, sizeof *l);
  l->pre_blocks = 4;
  // Rest breaks after exposure blocks 12, 25, 38 (and 51 in exp1-two): the next block is pure.
  // For exp1-single the breaks are inferred from the equal 51-block exposure of experiment 2.
  const int exposure_pure[4] = {13, 26, 39, 52};
  switch (e) {
    case REACH_EXP1_TWO: l->exposure_blocks = 52, l->gen_blocks = 71, l->deadapt_blocks = 12; break;
    case REACH_EXP1_SINGLE: l->exposure_blocks = 51, l->deadapt_blocks = 12; break;
    case REACH_EXP2_OPPOSING:
    case REACH_EXP2_SAME: l->exposure_blocks = 51, l->deadapt_pairs = 50; break;
    default: return reach_error_set(err, REACH_ERR_RANGE, "unknown experiment %d", (int)e);
  }
  for (int i = 0; i < 4; i++)
    if (exposure_pure[i] <= l->exposure_blocks && (i < 3 || e == REACH_EXP1_TWO))
      l->pure[l->npure++] = l->pre_blocks + exposure_pure[i] - 1;
  // Generalisation: rest every 9 blocks from block 8, so blocks 9, 18, ..., 63 are pure.
  for (int b = 9; b <= l->gen_blocks; b += 9)
    l->pure[l->npure++] = l->pre_blocks + l->exposure_blocks + b - 1;
  l->ntrials = 8 * (l->pre_blocks + l->exposure_blocks + l->gen_blocks + l->deadapt_blocks) +
               2 * l->deadapt_pairs;
  return REACH_OK;
}

static int is_pure(const reach_tool_experiment_layout *l, int block) {
  for (int i = 0; i < l->npure; i++)
    if (l->pure[i] == block) return 1;
  return 0;
}

reach_status reach_paradigm_generate(reach_tool_experiment e, unsigned long seed, reach_paradigm *p,
                                     reach_error *err) {
  reach_tool_experiment_layout l;
  reach_status st = reach_tool_experiment_layout_get(e, &l, err);
  if (st != REACH_OK) return st;
  st = reach_paradigm_init(p, l.ntrials, err);
  if (st != REACH_OK) return st;
  snprintf(p->name, sizeof p->name, "%s-seed%lu", exp_names[e], seed);
  reach_rng rng_;
  reach_rng *rng = &rng_;
  if (reach_rng_init_exact(rng, seed) != 0) {
    reach_paradigm_free(p);
    return reach_error_set(err, REACH_ERR_NOMEM, "out of memory for the random generator");
  }

  // field at target side 1 and 2 during exposure (sign-normalised)
  const double field2 = e == REACH_EXP2_SAME ? 1.0 : -1.0;
  const int single = e == REACH_EXP1_SINGLE;
  const int nblocks8 = l.pre_blocks + l.exposure_blocks + l.gen_blocks + l.deadapt_blocks;
  const int gen_first = l.pre_blocks + l.exposure_blocks, gen_end = gen_first + l.gen_blocks;

  // Generalisation channel types per side: 8 monitoring + 8 of each translation, shuffled.
  int gtypes[2][32], gnext[2] = {0, 0};
  for (int s = 0; s < 2; s++) {
    for (int i = 0; i < 32; i++) gtypes[s][i] = i / 8;  // REACH_TRIAL_PLAIN..GEN_OBJECT
    reach_rng_shuffle(rng, gtypes[s], 32, sizeof(int));
  }

  int pair_side[2] = {1, 2}, in_pair = 0;
  int t = 0;
  for (int b = 0; b < nblocks8; b++) {
    int side[8] = {1, 1, 1, 1, 2, 2, 2, 2};
    reach_rng_shuffle(rng, side, 8, sizeof(int));
    const int exposure = b >= l.pre_blocks && b < l.pre_blocks + l.exposure_blocks;
    const int gen = b >= gen_first && b < gen_end;
    const int fields = exposure || gen;
    int chpos = -1;
    if (!is_pure(&l, b)) {
      // consecutive channel blocks come in pairs, one channel for each side, in random order
      if (in_pair == 0) {
        int first = 1 + (int)reach_rng_below(rng, 2);
        pair_side[0] = first, pair_side[1] = 3 - first;
      }
      const int want = pair_side[in_pair];
      in_pair ^= 1;
      // never the first trial; uniform over the later positions holding the wanted side, which
      // makes the position uniform on 2–8 because the shuffled positions are exchangeable
      int cand[7], nc = 0;
      for (int i = 1; i < 8; i++)
        if (side[i] == want) cand[nc++] = i;
      chpos = cand[reach_rng_below(rng, (unsigned long)nc)];
    }
    for (int i = 0; i < 8; i++, t++) {
      p->target[t] = side[i];
      p->cue[t] = single ? 1 : side[i];
      p->type[t] = REACH_TRIAL_PLAIN;
      if (i == chpos) {
        p->pert[t] = NAN;
        if (gen) p->type[t] = gtypes[side[i] - 1][gnext[side[i] - 1]++];
      } else {
        p->pert[t] = fields ? (side[i] == 1 ? 1.0 : field2) : 0.0;
      }
    }
  }
  // Experiment 2 de-adaptation: 2-trial blocks (null, channel) in random order, cue 1 for the
  // first half and cue 2 for the second (paradigm.mat's labelling).
  for (int b = 0; b < l.deadapt_pairs; b++) {
    const int cue = b < l.deadapt_pairs / 2 ? 1 : 2;
    const int ch = (int)reach_rng_below(rng, 2);
    for (int i = 0; i < 2; i++, t++) {
      p->cue[t] = p->target[t] = cue;
      p->type[t] = REACH_TRIAL_PLAIN;
      p->pert[t] = i == ch ? (double)NAN : 0.0;
    }
  }
  reach_rng_free(rng);
  return REACH_OK;
}
