// SPDX-License-Identifier: GPL-3.0-or-later
// The behavioural savings results across a set of networks (savings-paper-spec §4: R1-R4, R6,
// and R7 when the set is the opposite-field control), from each network's reach_savings_measures.
// Signs follow the paper's reports, so a positive t is savings:
//   R1 init:    paired t of FF1 batch-0 LD − FF2 batch-0 LD   (paper: t(39) = 10.940; R7: −4.918)
//   R2 rate:    paired t of FF2 rate − FF1 rate               (paper: t(39) = 9.284)
//   R3 washout: paired t of NF2 final − NF1 final LD, and the mean |difference| (≈ 0.1 mm)
//   R4 after:   one-sample t of NF2 batch-0 LD against 0      (negative after a CW field)
//   R6:         probability of savings on both measures, paired and the code's cross-paired.
#ifndef REACH_SAVINGS_REPORT_H
#define REACH_SAVINGS_REPORT_H

#include <stdbool.h>

#include "../analysis/savings_stats.h"
#include "execution.h"
#include "savings_compare.h"
#include "network_analysis.h"

typedef struct reach_savings_summary {
  int networks;
  reach_ttest init, rate, washout, after;
  double washout_abs_mean;                   // mean over networks of |NF2 final − NF1 final| (m)
  double ff1_ld0_mean, ff2_ld0_mean;         // (m)
  reach_prob_ci p_init, p_rate;              // paired per network
  reach_prob_ci p_init_cross, p_rate_cross;  // the code's all-pairs statistic
  // Which statistics could be computed; the others are NaN (n 0). p_init covers the paired and
  // the cross-paired initial-LD probability, p_rate both rate probabilities.
  bool ok_init, ok_rate, ok_washout, ok_after, ok_p_init, ok_p_rate;
} reach_savings_summary;

// n networks' measures m[n]. A network whose rate fit did not converge still counts (its rate is
// the fit's last point, as scipy's would be); NaN measures (set by the caller for a network whose
// run stopped) are dropped pairwise. n_boot resamples at 95 % from rng for the CIs, drawn in the
// order p_init, p_init_cross, p_rate, p_rate_cross.
// Each statistic is computed on its own: one that cannot be (say, rates whose fits all failed)
// is left NaN with its ok flag false, and the others are still filled, so a directory of short
// runs still gets its LD statistics. Returns REACH_OK when all were computed, else the first
// failure (REACH_ERR_RANGE for n < 2, when none is).
reach_status reach_savings_summarise(const reach_savings_measures *m, int n, int n_boot,
                                     reach_rng *rng, reach_savings_summary *out, reach_error *err);

// Which two phases of a protocol are compared for savings (issue 19, `report --compare A,B`):
// `first` plays FF1's part and `second` FF2's; the phases just before them play NF1's and NF2's
// (-1: none, and the washout and after-effect statistics are NaN). The sign of each makes its
// perturbation's error positive: + for a clockwise curl, − for a counter-clockwise one, and for a
// rotation the opposite of the angle's (a counter-clockwise rotation moves the cursor
// counter-clockwise, which LD counts negative).
typedef struct reach_compare {
  int first, second, before_first, before_second;
  double sign_first, sign_second;
} reach_compare;

// The default pair: the first perturbed phase and the next phase with the same perturbation
// (kind, gain or angle, context); failing that, the first two perturbed phases (the opposite-field
// control: FF1 and FF2 of the four-phase study). spec (nullable, "" = the default): two phase
// names "A,B". REACH_ERR_PARSE naming the protocol's phases if a name is not one of them or no
// two perturbed phases exist.
reach_status reach_compare_choose(const reach_phase *phases, int n, const char *spec,
                                  reach_compare *out, reach_error *err);
// The measure a pair's adaptation is read in: the direction error (degrees) when both of its
// phases are visuomotor rotations (the arm is not pushed, and the cursor's heading is what the
// rotation changes), else the lateral deviation. (report measures a pair with any rotation in
// both: reach_report_network's m and dm.)
reach_compare_measure reach_compare_measure_of(const reach_phase *phases, const reach_compare *c);
// The pair of a run (a network file): reach_compare_choose on its protocol, except that a
// four-phase file of the old form compares FF1 with FF2 whatever its fields (the opposite-field
// control included), as the report always has.
reach_status reach_savings_compare_pair(const reach_savings *e, const char *spec,
                                        reach_compare *out, reach_error *err);
// Whether a protocol and its pair are the four-phase study the neural analyses (TDR ring, uniform
// shift, dose response, execution period) are made for: four phases, the pair the second and the
// fourth, the second a curl field, and the first and third null (the study, its opposite-field
// control, the null model whose fourth task differs). ABA interference (B in the washout's
// place) is not: its "NF2" is a field.
bool reach_compare_is_study(const reach_phase *phases, int n, const reach_compare *cmp);

// The phases in NF1, FF1, NF2 and FF2's parts of the pair (before_first, first, before_second,
// second): -1 where no phase plays the part.
void reach_compare_roles(const reach_compare *cmp, int role[REACH_NPHASE]);

// The measures of one finished network file (reachlab-cli savings' network-NNNN.h5): loads it and
// computes them (reach_savings_measures_compute) from the LD logs of the phases in NF1, FF1, NF2
// and FF2's parts of the pair `compare` names (reach_compare_choose; NULL or "": the default, and
// FF1,FF2 for a four-phase file of the old form), signed as reach_report_network signs them (+1
// for the study's clockwise fields). A part no phase plays leaves its measures NaN.
reach_status reach_savings_measures_from_file_compare(const char *path, const char *compare,
                                                      int tail, reach_rate_form form,
                                                      reach_savings_measures *out,
                                                      reach_error *err);
// The same with the default pair.
reach_status reach_savings_measures_from_file(const char *path, int tail, reach_rate_form form,
                                              reach_savings_measures *out, reach_error *err);

// What a report keeps of one network file: its configuration, its LD logs, the behavioural
// measures and the neural pipeline's numbers (the full analysis only where asked for).
typedef struct reach_report_network {
  int index, units;
  uint64_t seed;
  reach_config cfg;  // as trained (the statistics must not mix configurations)
  double field[REACH_NPHASE];
  reach_compare compare;                            // the phases in NF1, FF1, NF2, FF2's parts
  char phase_name[REACH_NPHASE][REACH_PHASE_NAME];  // their names ("" where none)
  // LD logs as logged (m) and signed so each field's direction is positive (sign_ff1 for NF1,
  // FF1 and NF2 so the after-effect keeps its sign; sign_ff2 for FF2): the opposite-field
  // control is compared the way the code does (FF2's LD flipped).
  double *ld[REACH_NPHASE], *lds[REACH_NPHASE];
  int n[REACH_NPHASE];
  double sign_ff1, sign_ff2;
  reach_savings_measures m;  // from lds; rates NaN if their fit failed
  // A pair with a rotation (issue 19 item 2): the adaptation measure is the cursor's direction
  // error at peak speed. dm holds the same measures computed from the four parts' direction-error
  // logs (degrees where m has metres, signed as lds, so a positive batch-0 error is the
  // rotation's); NaN unless `rotation`, and its rates NaN if their fit failed (dir_rate_error).
  bool rotation;
  reach_savings_measures dm;
  char dir_rate_error[512];
  double us_proj[REACH_NPHASE], us_norm, ring_rot[REACH_NPHASE];
  double ff1_b0_ld, ff2_b0_ld;  // traces, signed (m)
  double dose_ld[REACH_NA_NDOSE], dose_act[REACH_NA_NDOSE], dose_hid[REACH_NA_NDOSE];
  double dose_slope;  // least-squares slope of signed FF2 LD on m (mm per unit m)
  double pca_ratio[REACH_NA_NPC], pca_ff2[REACH_NA_NPC];
  // The execution period (execution.h): principal angles (rad), separation along the uniform
  // shift averaged over the movement window (units of the shift), how far the pushes move the
  // execution trajectories (relative to their spread). NaN when not analysed.
  double ex_angle_ff[REACH_EX_K], ex_angle_nf[REACH_EX_K];
  double ex_shift_ff, ex_shift_nf;
  double ex_dose_rel[REACH_NA_NDOSE];
  bool analysed;
  char engine[160];          // the file's engine stamp ("" before stamps)
  char rate_error[512];      // why the rate fits failed (rates NaN), or ""
  char analysis_error[512];  // why the neural pipeline failed (its numbers NaN), or ""
} reach_report_network;

// Loads network file `path` (index: its number in the directory) into x. Rates whose fit fails
// and a neural pipeline that fails are left NaN and said in x->rate_error, x->analysis_error.
// full (nullable) receives the network's whole analysis when it succeeded (*full_kept; the
// caller frees it with reach_network_analysis_free). REACH_ERR_USAGE if the run has not finished.
reach_status reach_report_network_load(const char *path, int index, reach_report_network *x,
                                       reach_network_analysis *full, bool *full_kept,
                                       reach_error *err);
// The same comparing the phases `compare` names (reach_compare_choose; NULL or "": the default).
// x's four LD logs are then those of the phases in NF1, FF1, NF2, FF2's parts. The neural
// pipeline is the four-phase study's: it runs only when the pair is its FF1 and FF2 (else
// x->analysis_error says so).
reach_status reach_report_network_load_compare(const char *path, int index, const char *compare,
                                               reach_report_network *x,
                                               reach_network_analysis *full, bool *full_kept,
                                               reach_error *err);
void reach_report_network_free(reach_report_network *x);

// Two runs on the same seeds, a protocol and its control (issue 19: the cued fields against the
// same fields without the cue): networks matched by seed, paired t-tests of this run − that run
// of the batch-0 error of the FF1 and FF2 parts (m, signed as lds), of the FF2 part's rate, and
// of the FF2 part's final projection on the uniform shift (us_proj[3]; the null model: does a
// different second task move the state along the curl field's shift as FF2 does?). Networks
// without a partner are left out (pairs says how many were used). A test that cannot be
// computed (NaN, or identical in every pair) is NaN with its flag false; REACH_ERR_RANGE when
// fewer than 2 networks pair up.
typedef struct reach_runs_paired {
  int pairs;
  reach_ttest ff1_ld0, ff2_ld0, ff2_rate, us_ff2;
  bool ok_ff1, ok_ff2, ok_rate, ok_us;
} reach_runs_paired;
reach_status reach_report_runs_paired(const reach_report_network *a, int na,
                                      const reach_report_network *b, int nb, reach_runs_paired *out,
                                      reach_error *err);

// The neural statistics across networks (savings-paper-spec §4: R8-R10): one-sample t-tests of
// the FF1 ring rotation (degrees), the NF2 uniform-shift projection and the dose slope against
// 0, and the counts of networks whose dose LD falls with m and whose LD at m = −2 reaches FF1's
// batch 0. A test that cannot be computed is NaN with its flag false.
typedef struct reach_report_neural {
  reach_ttest rot_ff1, us_nf2, slope;
  bool rot_ok, us_ok, slope_ok;
  int monotone, gone;
  // The execution period across networks: one-sample t-tests of the FF2 − FF1 and NF2 − NF1
  // separations along the uniform shift during movement against 0; the mean principal angles
  // (degrees) and the mean relative movement of the pushed trajectories per dose.
  reach_ttest ex_shift_ff, ex_shift_nf;
  bool ex_ff_ok, ex_nf_ok;
  double ex_angle_ff[REACH_EX_K], ex_angle_nf[REACH_EX_K];
  double ex_dose_rel[REACH_NA_NDOSE];
} reach_report_neural;
void reach_report_neural_stats(const reach_report_network *net, int n, reach_report_neural *out);

#endif
