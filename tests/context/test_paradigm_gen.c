// SPDX-License-Identifier: GPL-3.0-or-later
// Generated paradigms obey every block rule of spec §3.2–§3.4 (trial and block counts, 4 + 4
// targets per block, one channel trial per block never first, channel-free blocks after rest
// breaks, balanced pairs, per-cue channel totals, fields per phase, de-adaptation structure,
// generalisation channel types), positions are uniform on 2–8, the same seed gives the same
// sequence, and the SSSM on fresh sequences gives the experiment-level rebound signs (E7/E8).
#include <gsl/gsl_cdf.h>
#include <string.h>

#include "context/design.h"
#include "context/paradigm_gen.h"
#include "harness.h"

#define NSEED 40

// Expected pure (channel-free) 8-trial blocks, 1-based overall, straight from the spec text.
static const int pure_exp2[] = {17, 30, 43};
static const int pure_exp1_two[] = {17, 30, 43, 56, 65, 74, 83, 92, 101, 110, 119};

static int listed(const int *v, int n, int b) {
  for (int i = 0; i < n; i++)
    if (v[i] == b) return 1;
  return 0;
}

static void check_experiment(reach_tool_experiment e, int expect_trials, int expect_blocks8,
                             const int *pure, int npure, long poscount[8]) {
  int bad_n = 0, bad_mix = 0, bad_chan = 0, bad_first = 0, bad_pairs = 0, bad_fields = 0,
      bad_tot = 0, bad_deadapt = 0, bad_types = 0, bad_cue = 0;
  reach_error err = {0};
  for (unsigned long seed = 1; seed <= NSEED; seed++) {
    reach_paradigm p;
    if (reach_paradigm_generate(e, seed, &p, &err) != REACH_OK) {
      CHECK(0, "%s seed %lu: %s", reach_tool_experiment_name(e), seed, err.msg);
      return;
    }
    bad_n += p.n != expect_trials;
    int sides[256], nside = 0;
    int gen_first = e == REACH_EXP1_TWO ? 56 : 1 << 20, gen_last = e == REACH_EXP1_TWO ? 126 : -1;
    int type_count[4][2] = {{0}};
    for (int b = 0; b < expect_blocks8; b++) {
      int n1 = 0, nch = 0, pos = -1;
      const int blk1 = b + 1;
      const int pre = b < 4;
      const int exposure = !pre && b < (e == REACH_EXP1_TWO ? 56 : 55);
      const int gen = b >= gen_first && b <= gen_last;
      const int deadapt = !pre && !exposure && !gen;
      for (int i = 0; i < 8; i++) {
        int t = 8 * b + i;
        n1 += p.target[t] == 1;
        if (reach_paradigm_is_channel(&p, t)) {
          nch++, pos = i;
          if (gen)
            type_count[p.type[t]][p.target[t] - 1]++;
          else
            bad_types += p.type[t] != REACH_TRIAL_PLAIN;
        } else {
          double want = pre || deadapt     ? 0.0
                        : p.target[t] == 1 ? 1.0
                                           : (e == REACH_EXP2_SAME ? 1.0 : -1.0);
          bad_fields += p.pert[t] != want;
          bad_types += p.type[t] != REACH_TRIAL_PLAIN;
        }
        bad_cue += p.cue[t] != (e == REACH_EXP1_SINGLE ? 1 : p.target[t]);
      }
      bad_mix += n1 != 4;
      bad_chan += nch != (listed(pure, npure, blk1) ? 0 : 1);
      if (nch == 1) {
        bad_first += pos == 0;
        poscount[pos]++;
        sides[nside++] = p.target[8 * b + pos];
      }
    }
    for (int i = 0; i + 1 < nside; i += 2) bad_pairs += sides[i] == sides[i + 1];
    bad_pairs += nside % 2;
    if (e == REACH_EXP1_TWO) {
      for (int ty = 0; ty < 4; ty++)
        for (int s = 0; s < 2; s++) bad_types += type_count[ty][s] != 8;
    }
    // per-cue (per-target) channel totals
    int tot[2] = {0, 0}, before[2] = {0, 0};
    for (int t = 0; t < p.n; t++)
      if (reach_paradigm_is_channel(&p, t)) {
        tot[p.target[t] - 1]++;
        if (t < 440) before[p.target[t] - 1]++;
      }
    int want_tot = e == REACH_EXP1_TWO ? 64 : e == REACH_EXP1_SINGLE ? 32 : 51;
    bad_tot += tot[0] != want_tot || tot[1] != want_tot;
    if (e == REACH_EXP2_OPPOSING || e == REACH_EXP2_SAME) {
      bad_tot += before[0] != 26 || before[1] != 26;
      for (int b = 0; b < 50; b++) {
        int t = 440 + 2 * b, cue = b < 25 ? 1 : 2;
        int nch = reach_paradigm_is_channel(&p, t) + reach_paradigm_is_channel(&p, t + 1);
        int nnull = (p.pert[t] == 0) + (p.pert[t + 1] == 0);
        bad_deadapt += nch != 1 || nnull != 1 || p.cue[t] != cue || p.cue[t + 1] != cue;
      }
    }
    reach_paradigm_free(&p);
  }
  const char *nm = reach_tool_experiment_name(e);
  CHECK(bad_n == 0, "%s: %d trials in each of %d seeds (%d wrong)", nm, expect_trials, NSEED,
        bad_n);
  CHECK(bad_mix == 0, "%s: every 8-trial block has 4 trials per target (%d blocks wrong)", nm,
        bad_mix);
  CHECK(bad_chan == 0,
        "%s: one channel trial per block, none in the %d blocks after rest breaks (%d wrong)", nm,
        npure, bad_chan);
  CHECK(bad_first == 0, "%s: no channel trial first in its block (%d)", nm, bad_first);
  CHECK(bad_pairs == 0, "%s: consecutive channel blocks pair up one per target (%d bad pairs)", nm,
        bad_pairs);
  CHECK(bad_tot == 0, "%s: channel trials per target %d each%s (%d seeds wrong)", nm,
        e == REACH_EXP1_TWO      ? 64
        : e == REACH_EXP1_SINGLE ? 32
                                 : 51,
        e >= REACH_EXP2_OPPOSING ? ", 26 before de-adaptation" : "", bad_tot);
  CHECK(bad_fields == 0, "%s: null before and after exposure, fields by target during (%d wrong)",
        nm, bad_fields);
  CHECK(bad_cue == 0, "%s: cue %s (%d wrong)", nm,
        e == REACH_EXP1_SINGLE ? "1 throughout (uninformative)" : "equals the target", bad_cue);
  if (e >= REACH_EXP2_OPPOSING)
    CHECK(bad_deadapt == 0,
          "%s: de-adaptation = 50 blocks of 1 null + 1 channel, cue 1 then cue 2 (%d wrong)", nm,
          bad_deadapt);
  CHECK(
      bad_types == 0, "%s: channel types %s (%d wrong)", nm,
      e == REACH_EXP1_TWO ? "8 of each of 4 types x 2 targets in generalisation only" : "all plain",
      bad_types);
}

int main(void) {
  reach_error err = {0};
  long pos[8] = {0};
  check_experiment(REACH_EXP2_OPPOSING, 540, 55, pure_exp2, 3, pos);
  check_experiment(REACH_EXP2_SAME, 540, 55, pure_exp2, 3, pos);
  check_experiment(REACH_EXP1_TWO, 1112, 139, pure_exp1_two, 11, pos);
  check_experiment(REACH_EXP1_SINGLE, 536, 67, pure_exp2, 3, pos);

  // positions 2..8 uniform: chi-square over all generated channel blocks
  long total = 0;
  for (int i = 1; i < 8; i++) total += pos[i];
  double chi2 = 0, expct = total / 7.0;
  for (int i = 1; i < 8; i++) chi2 += (pos[i] - expct) * (pos[i] - expct) / expct;
  double pval = gsl_cdf_chisq_Q(chi2, 6);
  CHECK(pos[0] == 0 && pval > 1e-3,
        "channel position uniform on 2-8: counts %ld %ld %ld %ld %ld %ld %ld, chi2(6) = %.2f, "
        "p = %.3g > 1e-3",
        pos[1], pos[2], pos[3], pos[4], pos[5], pos[6], pos[7], chi2, pval);

  // determinism
  reach_paradigm a, b, c;
  reach_paradigm_generate(REACH_EXP1_TWO, 7, &a, &err);
  reach_paradigm_generate(REACH_EXP1_TWO, 7, &b, &err);
  reach_paradigm_generate(REACH_EXP1_TWO, 8, &c, &err);
  int same = 1, differ = 0;
  for (int t = 0; t < a.n; t++) {
    same &= a.cue[t] == b.cue[t] && a.type[t] == b.type[t] && a.target[t] == b.target[t] &&
            (a.pert[t] == b.pert[t] || (isnan(a.pert[t]) && isnan(b.pert[t])));
    differ += a.cue[t] != c.cue[t];
  }
  CHECK(same, "same seed (7), same sequence (%d trials)", a.n);
  CHECK(differ > 100, "another seed (8) gives another sequence: %d of %d cues differ", differ, a.n);
  reach_paradigm_free(&a), reach_paradigm_free(&b), reach_paradigm_free(&c);
  CHECK(reach_paradigm_generate((reach_tool_experiment)9, 1, &a, &err) != REACH_OK,
        "unknown experiment rejected: \"%s\"", err.msg);

  // The SSSM on 8 + 8 fresh participants: the experiment-level signs (E7, E8)
  reach_paradigm_set set = {16, calloc(16, sizeof(reach_paradigm))};
  for (int s = 0; s < 16; s++)
    reach_paradigm_generate(s < 8 ? REACH_EXP2_SAME : REACH_EXP2_OPPOSING, 100 + (unsigned long)s,
                            &set.p[s], &err);
  reach_design d;
  reach_status st = reach_design_init(&d, &set, &err);
  double th[6], m[204];
  reach_cmodel_default_params(REACH_CMODEL_SSSM, th);
  if (st == REACH_OK) st = reach_design_predict(&d, REACH_CMODEL_SSSM, th, NULL, m, &err);
  CHECK(st == REACH_OK && d.npoints == 204, "fresh design: %d points %s", d.npoints,
        st ? err.msg : "");
  if (st == REACH_OK) {
    double reb_same = m[51 + 26] - 0.5 * (m[49] + m[50]);
    double reb_opp = m[153 + 26] - 0.5 * (m[102 + 49] + m[102 + 50]);
    CHECK(reb_opp > 0.1, "E7 on fresh sequences: opposing rebound %.4f > 0.1", reb_opp);
    CHECK(fabs(reb_same) < 0.05, "E8 on fresh sequences: same-field rebound |%.4f| < 0.05",
          reb_same);
    reach_design_free(&d);
  }
  reach_paradigm_set_free(&set);
  return reach_test_finish("paradigm-gen");
}
