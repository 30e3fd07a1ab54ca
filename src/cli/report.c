// SPDX-License-Identifier: GPL-3.0-or-later
// reachlab-cli report DIR: the paper-style report of a results directory (see report.h).
// A separate command rather than only a flag of `savings`, because a sharded sweep is reported
// once, after `merge` has gathered its networks, and because a report can be redrawn from the
// network files without training anything; `savings --report` runs the same code at its end.
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/h5.h"

enum { N_BOOT = 1000 };

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

// Loads one network through the study layer, saying what it had to leave out.
static int load_net(report *r, report_net *x, const char *path, bool keep_full) {
  reach_error err = {0};
  bool kept = false;
  const int index = x->index;
  if (reach_report_network_load_compare(path, index, r->compare, x, keep_full ? &r->ex : NULL,
                                        &kept, &err)) {
    if (err.code == REACH_ERR_USAGE)
      return reach_cli_fail(1, "report: %s has not finished its phases (run savings again)", path);
    return reach_cli_fail(1, "report: %s", err.msg);
  }
  if (x->rate_error[0])
    fprintf(stderr, "reachlab-cli: report: network %d: rate fit: %s (rates left out)\n", index,
            x->rate_error);
  if (x->dir_rate_error[0])
    fprintf(stderr,
            "reachlab-cli: report: network %d: direction-error rate fit: %s (rates left out)\n",
            index, x->dir_rate_error);
  if (x->analysis_error[0])
    fprintf(stderr, "reachlab-cli: report: network %d: %s (left out of the neural analyses)\n",
            index, x->analysis_error);
  (void)kept;
  return 0;
}

static void free_report(report *r) {
  for (int i = 0; i < r->n; i++) reach_report_network_free(&r->net[i]);
  free(r->net);
  if (r->example >= 0) reach_network_analysis_free(&r->ex);
}

// The behavioural statistics (reach_savings_summarise, each on its own: a directory whose rate
// fits failed still gets its LD statistics), then the neural ones across networks.
// One measure's statistics across networks (dir: the direction error's, else LD's), each from
// its own fixed-seed bootstrap stream, so adding the direction error leaves LD's numbers as
// they were.
static void summarise(const report *r, bool dir, reach_savings_summary *o) {
  const int n = r->n;
  reach_savings_measures *m = malloc(sizeof *m * (size_t)(n > 0 ? n : 1));
  reach_error err = {0};
  reach_rng rng;
  if (m && reach_rng_init(&rng, 20260513u) == 0) {
    for (int i = 0; i < n; i++) m[i] = dir ? r->net[i].dm : r->net[i].m;
    // A statistic that cannot be computed is NaN and flagged in o; the report says so per line.
    (void)reach_savings_summarise(m, n, N_BOOT, &rng, o, &err);
    reach_rng_free(&rng);
  } else {
    *o = (reach_savings_summary){.networks = n};  // out of memory: every statistic missing
  }
  free(m);
}

static void stats(report *r) {
  summarise(r, false, &r->s);
  r->summary_ok = r->s.ok_init || r->s.ok_p_init;
  r->rotation = r->n > 0 && r->net[0].rotation;
  if (r->rotation) summarise(r, true, &r->ds);
  reach_report_neural_stats(r->net, r->n, &r->neural);
}

static void put(FILE *fp, double x, int last) { fprintf(fp, last ? "%.9g\n" : "%.9g,", x); }

static int write_csv(const report *r) {
  char *path = g_build_filename(r->dir, "report.csv", NULL);
  reach_error err = {0};
  reach_file f;
  int status = 0;
  if (reach_file_begin(&f, path, &err)) {
    status = reach_cli_fail(1, "report: %s", err.msg);
    goto done;
  }
  fputs(
      "network,units,seed,nf1_field,ff1_field,nf2_field,ff2_field,ff1_ld0_mm,ff2_ld0_mm,"
      "ff1_rate,ff2_rate,nf1_final_mm,nf2_final_mm,washout_mm,after_effect_mm,"
      "us_nf1,us_ff1,us_nf2,us_ff2,us_norm,ring_rot_ff1_deg,ring_rot_nf2_deg,ring_rot_ff2_deg,"
      "trace_ff1_ld0_mm,trace_ff2_ld0_mm,dose_ld_m-2_mm,dose_ld_m-1_mm,dose_ld_m0_mm,"
      "dose_ld_m+1_mm,dose_ld_m+2_mm,dose_slope_mm,muscle_change_m-2,muscle_change_m+2,"
      "hidden_change_m-2,hidden_change_m+2,pca_ratio1,pca_ratio2,pca_ratio3,"
      "ff2_pca_explained1,ff2_pca_explained2,ff2_pca_explained3,ff1_dir0_deg,ff2_dir0_deg,"
      "ff1_dir_rate,ff2_dir_rate\n",
      f.fp);
  for (int i = 0; i < r->n; i++) {
    const report_net *x = &r->net[i];
    fprintf(f.fp, "%d,%d,%llu,", x->index, x->units, (unsigned long long)x->seed);
    for (int p = 0; p < REACH_NPHASE; p++) put(f.fp, x->field[p], 0);
    put(f.fp, 1e3 * x->m.ff1_ld0, 0), put(f.fp, 1e3 * x->m.ff2_ld0, 0);
    put(f.fp, x->m.ff1_rate.rate, 0), put(f.fp, x->m.ff2_rate.rate, 0);
    put(f.fp, 1e3 * x->m.nf1_final, 0), put(f.fp, 1e3 * x->m.nf2_final, 0);
    put(f.fp, 1e3 * x->m.washout_diff, 0), put(f.fp, 1e3 * x->m.after_effect, 0);
    for (int p = 0; p < REACH_NPHASE; p++) put(f.fp, x->us_proj[p], 0);
    put(f.fp, x->us_norm, 0);
    for (int p = 1; p < REACH_NPHASE; p++) put(f.fp, x->ring_rot[p] * DEG, 0);
    put(f.fp, 1e3 * x->ff1_b0_ld, 0), put(f.fp, 1e3 * x->ff2_b0_ld, 0);
    for (int d = 0; d < REACH_NA_NDOSE; d++) put(f.fp, 1e3 * x->dose_ld[d], 0);
    put(f.fp, x->dose_slope, 0);
    put(f.fp, x->dose_act[0], 0), put(f.fp, x->dose_act[4], 0);
    put(f.fp, x->dose_hid[0], 0), put(f.fp, x->dose_hid[4], 0);
    for (int j = 0; j < 3; j++) put(f.fp, x->pca_ratio[j], 0);
    for (int j = 0; j < 3; j++) put(f.fp, x->pca_ff2[j], 0);
    // the direction error's measures (NaN unless the pair has a rotation), signed as the LD
    put(f.fp, x->dm.ff1_ld0, 0), put(f.fp, x->dm.ff2_ld0, 0);
    put(f.fp, x->dm.ff1_rate.rate, 0), put(f.fp, x->dm.ff2_rate.rate, 1);
  }
  if (reach_file_commit(&f, &err)) status = reach_cli_fail(1, "report: %s", err.msg);
done:
  g_free(path);
  return status;
}

#define H5TRY(call)                                      \
  do {                                                   \
    if (call) {                                          \
      reach_h5_abort(&w);                                \
      status = reach_cli_fail(1, "report: %s", err.msg); \
      goto done;                                         \
    }                                                    \
  } while (0)

static int write_h5(const report *r) {
  char *path = g_build_filename(r->dir, "report.h5", NULL);
  reach_error err = {0};
  reach_h5w w = {0};
  int status = 0;
  const int n = r->n;
  double *col = malloc(sizeof *col * (size_t)n * 8);
  int64_t *idx = malloc(sizeof *idx * (size_t)n);
  if (reach_h5_create(&w, path, &err)) {
    status = reach_cli_fail(1, "report: %s", err.msg);
    goto done;
  }
  size_t dn[3] = {(size_t)n, 0, 0};
  for (int i = 0; i < n; i++) idx[i] = r->net[i].index;
  H5TRY(reach_h5_write_int64(&w, "networks/index", 1, dn, idx, &err));
  // Per-network columns, the same quantities as report.csv (SI units: m, rates per block).
#define COL(name, expr, unit)                                                                \
  do {                                                                                       \
    for (int i = 0; i < n; i++) {                                                            \
      const report_net *x = &r->net[i];                                                      \
      col[i] = (expr);                                                                       \
    }                                                                                        \
    H5TRY(reach_h5_write_double(&w, "networks/" name, 1, dn, col, &err));                    \
    if (unit[0])                                                                             \
      H5TRY(reach_h5_attr_string(&w, "networks/" name, "units", unit, REACH_H5_VLEN, &err)); \
  } while (0)
  COL("ff1_ld0", x->m.ff1_ld0, "m");
  COL("ff2_ld0", x->m.ff2_ld0, "m");
  COL("ff1_rate", x->m.ff1_rate.rate, "1/block");
  COL("ff2_rate", x->m.ff2_rate.rate, "1/block");
  COL("washout_diff", x->m.washout_diff, "m");
  COL("after_effect", x->m.after_effect, "m");
  COL("dose_slope", x->dose_slope, "mm");
  COL("us_norm", x->us_norm, "");
#undef COL
  size_t d4[2] = {(size_t)n, 4}, d5[2] = {(size_t)n, REACH_NA_NDOSE};
  double *m4 = malloc(sizeof *m4 * (size_t)n * REACH_NA_NDOSE * 3);
  for (int i = 0; i < n; i++)
    for (int p = 0; p < REACH_NPHASE; p++) m4[4 * i + p] = r->net[i].us_proj[p];
  H5TRY(reach_h5_write_double(&w, "networks/us_proj", 2, d4, m4, &err));
  for (int i = 0; i < n; i++)
    for (int p = 0; p < REACH_NPHASE; p++) m4[4 * i + p] = r->net[i].ring_rot[p];
  H5TRY(reach_h5_write_double(&w, "networks/ring_rotation", 2, d4, m4, &err));
  H5TRY(reach_h5_attr_string(&w, "networks/ring_rotation", "units", "rad", REACH_H5_VLEN, &err));
  for (int i = 0; i < n; i++)
    for (int d = 0; d < REACH_NA_NDOSE; d++) {
      m4[REACH_NA_NDOSE * i + d] = r->net[i].dose_ld[d];
      m4[REACH_NA_NDOSE * (n + i) + d] = r->net[i].dose_act[d];
      m4[REACH_NA_NDOSE * (2 * n + i) + d] = r->net[i].dose_hid[d];
    }
  H5TRY(reach_h5_write_double(&w, "networks/dose_ld", 2, d5, m4, &err));
  H5TRY(reach_h5_write_double(&w, "networks/dose_muscle_change", 2, d5, m4 + n * REACH_NA_NDOSE,
                              &err));
  H5TRY(reach_h5_write_double(&w, "networks/dose_hidden_change", 2, d5, m4 + 2 * n * REACH_NA_NDOSE,
                              &err));
  free(m4);
  size_t dd = REACH_NA_NDOSE;
  H5TRY(reach_h5_write_double(&w, "dose_m", 1, &dd, reach_na_dose, &err));
  // Every t-test of summary.txt, NaN where it could not be computed.
  const reach_ttest *tt[7] = {&r->s.init,         &r->s.rate,        &r->s.washout,   &r->s.after,
                              &r->neural.rot_ff1, &r->neural.us_nf2, &r->neural.slope};
  const char *nm[7] = {"summary/R1_init",
                       "summary/R2_rate",
                       "summary/R3_washout",
                       "summary/R4_after",
                       "summary/R8_ring_rotation_ff1",
                       "summary/R9_shift_nf2",
                       "summary/R10_dose_slope"};
  const char *unit[7] = {"m", "1/block", "m", "m", "deg", "", "mm"};
  for (int k = 0; k < 7; k++) {
    double v[5] = {tt[k]->n, tt[k]->mean, tt[k]->t, tt[k]->df, tt[k]->p};
    size_t d = 5;
    H5TRY(reach_h5_write_double(&w, nm[k], 1, &d, v, &err));
    H5TRY(reach_h5_attr_string(&w, nm[k], "columns", "n, mean, t, df, p", REACH_H5_VLEN, &err));
    if (unit[k][0]) H5TRY(reach_h5_attr_string(&w, nm[k], "units", unit[k], REACH_H5_VLEN, &err));
  }
  if (r->summary_ok) {
    double pr[12] = {r->s.p_init.p,       r->s.p_init.lo,       r->s.p_init.hi,
                     r->s.p_rate.p,       r->s.p_rate.lo,       r->s.p_rate.hi,
                     r->s.p_init_cross.p, r->s.p_init_cross.lo, r->s.p_init_cross.hi,
                     r->s.p_rate_cross.p, r->s.p_rate_cross.lo, r->s.p_rate_cross.hi};
    size_t d2[2] = {4, 3};
    H5TRY(reach_h5_write_double(&w, "summary/R6_probability", 2, d2, pr, &err));
    H5TRY(
        reach_h5_attr_string(&w, "summary/R6_probability", "rows",
                             "init paired, rate paired, init cross, rate cross; columns p, lo, hi",
                             REACH_H5_VLEN, &err));
  }
  if (r->example >= 0) {
    // The example network's full analysis, for redrawing Fig. 5a, 6 and 7 elsewhere (the app).
    const reach_network_analysis *a = &r->ex;
    const size_t T = (size_t)a->targets, H = (size_t)a->units, S = (size_t)a->steps;
    H5TRY(reach_h5_attr_int64(&w, "", "example_network", r->net[r->example].index, &err));
    size_t dr[3] = {4, T, 2};
    double *ring = malloc(sizeof *ring * 4 * T * 2);
    for (int p = 0; p < REACH_NPHASE; p++)
      memcpy(ring + p * T * 2, a->ring[p], sizeof *ring * T * 2);
    status = reach_h5_write_double(&w, "example/tdr_ring", 3, dr, ring, &err);
    free(ring);
    if (status) {
      reach_h5_abort(&w);
      status = reach_cli_fail(1, "report: %s", err.msg);
      goto done;
    }
    size_t da[2] = {H, 2}, du = H, dp[3] = {T, S, 3}, dpa[2] = {3, H}, dh[2] = {dd, S + 1};
    H5TRY(reach_h5_write_double(&w, "example/tdr_axes", 2, da, a->tdr.axes, &err));
    H5TRY(reach_h5_write_double(&w, "example/tdr_mean", 1, &du, a->tdr.mean, &err));
    H5TRY(reach_h5_write_double(&w, "example/uniform_shift", 1, &du, a->us.axis, &err));
    H5TRY(reach_h5_write_double(&w, "example/pca_axes", 2, dpa, a->pca.axes, &err));
    H5TRY(reach_h5_write_double(&w, "example/pca_mean", 1, &du, a->pca.mean, &err));
    H5TRY(reach_h5_write_double(&w, "example/pc_ff1", 3, dp, a->pc_ff1, &err));
    H5TRY(reach_h5_write_double(&w, "example/pc_ff2", 3, dp, a->pc_ff2, &err));
    H5TRY(reach_h5_write_double(&w, "example/dose_hidden_dev", 2, dh, a->dose_hidden_dev, &err));
  }
  H5TRY(reach_h5_commit(&w, &err));
done:
  free(col);
  free(idx);
  g_free(path);
  return status;
}

static void tline(FILE *fp, const char *tag, const char *what, bool ok, const reach_ttest *t,
                  double scale, const char *unit, const char *paper) {
  if (ok)
    fprintf(fp, "%-4s %-44s mean %+.4g %s, t(%.0f) = %+.3f, p = %.2g   | paper: %s\n", tag, what,
            scale * t->mean, unit, t->df, t->t, t->p, paper);
  else
    fprintf(fp, "%-4s %-44s not computable (too few networks or no variance)   | paper: %s\n", tag,
            what, paper);
}

static void write_neural(FILE *fp, const report *r);
static void write_rotation(FILE *fp, const report *r);
static void write_paired(FILE *fp, const report *r);

static int write_summary(const report *r) {
  char *path = g_build_filename(r->dir, "summary.txt", NULL);
  reach_error err = {0};
  reach_file f;
  int status = 0;
  if (reach_file_begin(&f, path, &err)) {
    status = reach_cli_fail(1, "report: %s", err.msg);
    goto done;
  }
  FILE *fp = f.fp;
  const reach_savings_summary *s = &r->s;
  const int units = r->n ? r->net[0].units : 0;
  const report_net *x0 = &r->net[0];
  // A protocol's own phases in the four parts (reach_compare_choose) are said, with the whole
  // list, when they are not the four-phase study's names; the study gives its four fields.
  static const char *const part[4] = {"NF1", "FF1", "NF2", "FF2"};
  bool renamed = false;
  for (int p = 0; p < 4; p++) renamed = renamed || strcmp(x0->phase_name[p], part[p]) != 0;
  fprintf(fp, "ReachLab savings report: %s\n%d networks, %d units", r->dir, r->n, units);
  if (!renamed) {
    fprintf(fp, "; fields NF1 %g, FF1 %g, NF2 %g, FF2 %g N*s/m%s\n", x0->field[0], x0->field[1],
            x0->field[2], x0->field[3],
            r->opposite ? " (opposite-field control: FF2 LD sign-flipped, as the code does)" : "");
  } else {
    reach_phase ph[REACH_MAX_PHASES];
    const int np = reach_config_phases(&x0->cfg, ph);
    fputs("\nprotocol:", fp);
    for (int p = 0; p < np; p++) {
      const reach_phase *q = &ph[p];
      fprintf(fp, "%s %s (", p ? "," : "", q->name);
      if (q->kind == REACH_PHASE_CURL)
        fprintf(fp, "curl %+g N*s/m", q->gain);
      else if (q->kind == REACH_PHASE_ROTATION)
        fprintf(fp, "rotation %+g deg", q->angle_deg);
      else
        fputs("null", fp);
      if (q->context) fprintf(fp, ", context %d", q->context);
      fprintf(fp, ", %d batches)", q->batches);
    }
    fprintf(fp, "\ncompared: %s as FF1 (after %s), %s as FF2 (after %s)%s\n", x0->phase_name[1],
            x0->phase_name[0][0] ? x0->phase_name[0] : "none", x0->phase_name[3],
            x0->phase_name[2][0] ? x0->phase_name[2] : "none",
            r->opposite ? " (opposite fields: the second's LD sign-flipped)" : "");
  }
  // Networks differ by their seed only; anything else (a merge of two runs, a file copied in)
  // and the statistics mix experiments: say which network differs from the first, and how.
  for (int i = 1; i < r->n; i++) {
    reach_config c = r->net[i].cfg;
    c.seed = r->net[0].cfg.seed;
    char why[300];
    if (reach_config_differ(&c, &r->net[0].cfg, why, sizeof why)) {
      fprintf(fp,
              "WARNING: network %d was trained differently from network %d (%s); the statistics "
              "mix them and the figures use network %d's phase lengths.\n",
              r->net[i].index, r->net[0].index, why, r->net[0].index);
      break;
    }
  }
  fprintf(fp,
          "Signs as the paper reports them: a positive t in R1/R2 is savings. Paper values: "
          "128 units, n = 40 (savings-paper-spec section 4).\n\n");
  tline(fp, "R1", r->opposite ? "initial LD FF1 - FF2 (control, see R7)" : "initial LD FF1 - FF2",
        r->s.ok_init, &s->init, 1e3, "mm", "FF2 smaller; t(39) = 10.940, p = 1.9e-13");
  tline(fp, "R2", "learning rate FF2 - FF1 (code's exp fit)", r->s.ok_rate, &s->rate, 1.0, "/block",
        "FF2 faster; t(39) = 9.284, p = 2.0e-11");
  tline(fp, "R3", "washout NF2 final - NF1 final", r->s.ok_washout, &s->washout, 1e3, "mm",
        "within ~0.1 mm");
  if (r->s.ok_washout)
    fprintf(fp, "     mean |NF2 final - NF1 final| = %.4f mm\n", 1e3 * s->washout_abs_mean);
  tline(fp, "R4", "after-effect, NF2 batch-0 LD vs 0", r->s.ok_after, &s->after, 1e3, "mm",
        "negative (opposite to the CW field)");
  fprintf(fp,
          "%-4s %-44s FF1 %.3f mm, FF2 %.3f mm (mean batch-0 LD)   | paper: ~32-36 mm at "
          "128 units\n",
          "R5", "FF onset LD scale", 1e3 * s->ff1_ld0_mean, 1e3 * s->ff2_ld0_mean);
  if (r->s.ok_p_init || r->s.ok_p_rate) {
    fprintf(fp,
            "%-4s %-44s init %.2f [%.2f, %.2f] (%d), rate %.2f [%.2f, %.2f] (%d) (paired; "
            "networks)   | paper: 256 units ~0.80, <=32 units ~0.5 or below\n",
            "R6", "probability of savings", s->p_init.p, s->p_init.lo, s->p_init.hi,
            s->p_init.pairs, s->p_rate.p, s->p_rate.lo, s->p_rate.hi, s->p_rate.pairs);
    fprintf(fp, "     %-44s init %.2f [%.2f, %.2f], rate %.2f [%.2f, %.2f] (code's cross-pairs)\n",
            "", s->p_init_cross.p, s->p_init_cross.lo, s->p_init_cross.hi, s->p_rate_cross.p,
            s->p_rate_cross.lo, s->p_rate_cross.hi);
  } else {
    fprintf(fp, "%-4s %-44s not computable   | paper: 256 units ~0.80\n", "R6",
            "probability of savings");
  }
  if (r->opposite)
    tline(fp, "R7", "opposite field: initial LD FF1 - FF2", r->s.ok_init, &s->init, 1e3, "mm",
          "no savings; t(39) = -4.918, p = 1.6e-5");
  else
    fprintf(fp,
            "%-4s %-44s not in this directory (savings --control opposite)   | paper: "
            "t(39) = -4.918, p = 1.6e-5\n",
            "R7", "opposite-field control");
  bool analysed = false;
  for (int i = 0; i < r->n; i++) analysed = analysed || r->net[i].analysed;
  if (!analysed && r->n > 0 && r->net[0].analysis_error[0]) {
    // Say why once, instead of eleven lines of "not computable".
    fprintf(fp, "%-4s %-44s not computed: %s\n", "R8", "R8-R11 and E1-E3, the neural analyses",
            r->net[0].analysis_error);
  } else {
    write_neural(fp, r);
  }
  if (r->rotation) write_rotation(fp, r);
  if (r->have_paired) write_paired(fp, r);
  // The neural figures need the example network's analysis (report_figures draws them only then).
  fprintf(fp,
          "\nPer network: report.csv; arrays: report.h5; figures: fig2-ld, fig3-savings%s (.png, "
          ".svg).\n",
          r->example >= 0 ? ", fig5-tdr-shift, fig6-pca, fig7-perturbation, fig8-execution" : "");
  if (reach_file_commit(&f, &err)) status = reach_cli_fail(1, "report: %s", err.msg);
done:
  g_free(path);
  return status;
}

// --against: this run against another on the same seeds (reach_report_runs_paired).
static void write_paired(FILE *fp, const report *r) {
  const reach_runs_paired *q = &r->paired;
  const report_net *x0 = &r->net[0];
  fprintf(fp, "\nAgainst %s (%d networks of the same seeds, paired; this run minus that run)\n",
          r->against, q->pairs);
  char what[3][80];
  snprintf(what[0], sizeof what[0], "%s batch-0 LD (FF1's part)", x0->phase_name[1]);
  snprintf(what[1], sizeof what[1], "%s batch-0 LD (FF2's part)", x0->phase_name[3]);
  snprintf(what[2], sizeof what[2], "%s rate (FF2's part)", x0->phase_name[3]);
  const char *np = "not in the paper";
  tline(fp, "A1", what[0], q->ok_ff1, &q->ff1_ld0, 1e3, "mm", np);
  tline(fp, "A2", what[1], q->ok_ff2, &q->ff2_ld0, 1e3, "mm", np);
  tline(fp, "A3", what[2], q->ok_rate, &q->ff2_rate, 1.0, "/block", np);
  snprintf(what[0], sizeof what[0], "%s final on the uniform shift", x0->phase_name[3]);
  tline(fp, "A4", what[0], q->ok_us, &q->us_ff2, 1.0, "(NF1=0, FF1=1)", np);
}

// R8-R11 and the execution period E1-E3 (summary.txt).
static void write_neural(FILE *fp, const report *r) {
  tline(fp, "R8", "TDR ring rotation NF1 -> FF1 (+ = CCW)", r->neural.rot_ok, &r->neural.rot_ff1,
        1.0, "deg", "CCW after the CW field, back in NF2, CCW in FF2");
  if (r->neural.rot_ok) {
    double m2 = 0, m3 = 0;
    int k = 0;
    for (int i = 0; i < r->n; i++)
      if (r->net[i].analysed) m2 += r->net[i].ring_rot[2], m3 += r->net[i].ring_rot[3], k++;
    fprintf(fp, "     mean rotation NF2 %+.2f deg, FF2 %+.2f deg\n", k ? m2 / k * DEG : (double)NAN,
            k ? m3 / k * DEG : (double)NAN);
  }
  tline(fp, "R9", "uniform shift: NF2 projection vs 0", r->neural.us_ok, &r->neural.us_nf2, 1.0,
        "(NF1=0, FF1=1)", "> 0; t(39) = 7.484, p = 4.6e-9 (rerun 5.44)");
  tline(fp, "R10", "dose-response: slope of FF2 LD on m", r->neural.slope_ok, &r->neural.slope, 1.0,
        "mm/unit", "LD decreases monotonically with m; savings gone at m = -2");
  fprintf(fp,
          "     monotonically decreasing in %d of %d networks; FF2 LD(m=-2) >= FF1 batch 0 "
          "in %d of %d\n",
          r->neural.monotone, r->n, r->neural.gone, r->n);
  double act = 0, hid = 0;
  int k = 0;
  for (int i = 0; i < r->n; i++)
    if (r->net[i].analysed)
      act += 0.5 * (r->net[i].dose_act[0] + r->net[i].dose_act[4]),
          hid += 0.5 * (r->net[i].dose_hid[0] + r->net[i].dose_hid[4]), k++;
  fprintf(fp,
          "%-4s %-44s %.4f relative RMS (hidden state %.4f), |m| = 2, push to t = 0   | "
          "paper: almost unchanged\n",
          "R11", "pre-movement muscle commands", k ? act / k : (double)NAN,
          k ? hid / k : (double)NAN);
  // The execution period (issue 19 item 6, docs/protocols.md): not in the paper.
  const reach_report_neural *nn = &r->neural;
  fprintf(fp, "\nExecution period (go cue to the end of the reach; not in the paper)\n");
  fprintf(fp,
          "E1   principal angles, 3-d PCA subspaces      FF1 vs FF2 batch 0 %.1f %.1f %.1f deg; "
          "NF1 vs NF2 final %.1f %.1f %.1f deg (means)\n",
          nn->ex_angle_ff[0], nn->ex_angle_ff[1], nn->ex_angle_ff[2], nn->ex_angle_nf[0],
          nn->ex_angle_nf[1], nn->ex_angle_nf[2]);
  tline(fp, "E2", "FF2 - FF1 batch 0 along the uniform shift", nn->ex_ff_ok, &nn->ex_shift_ff, 1.0,
        "(shift units)", "not reported (reviewers' R1.3)");
  tline(fp, "E2", "NF2 - NF1 along the uniform shift", nn->ex_nf_ok, &nn->ex_shift_nf, 1.0,
        "(shift units)", "not reported (reviewers' R1.3)");
  fprintf(fp,
          "E3   push m = -2 -1 0 1 2 moves execution by   %.3g %.3g %.3g %.3g %.3g of its spread "
          "(mean |h_m - h_0|)\n",
          nn->ex_dose_rel[0], nn->ex_dose_rel[1], nn->ex_dose_rel[2], nn->ex_dose_rel[3],
          nn->ex_dose_rel[4]);
}

// A rotation's adaptation measure (issue 19 item 2): R1-R4 and R6 again on the cursor's
// direction error at peak speed (reach_report_network's dm).
static void write_rotation(FILE *fp, const report *r) {
  const reach_savings_summary *d = &r->ds;
  const char *np = "not in the paper (reviewers' R1.4c)";
  fprintf(fp,
          "\nRotation: the cursor's direction error at peak speed (deg, signed so that the "
          "rotation's error is positive)\n");
  tline(fp, "D1", "initial direction error FF1 - FF2", d->ok_init, &d->init, 1.0, "deg", np);
  tline(fp, "D2", "rate of the direction error FF2 - FF1", d->ok_rate, &d->rate, 1.0, "/block", np);
  tline(fp, "D3", "washout NF2 final - NF1 final", d->ok_washout, &d->washout, 1.0, "deg", np);
  tline(fp, "D4", "after-effect, NF2 batch-0 direction error", d->ok_after, &d->after, 1.0, "deg",
        np);
  fprintf(fp, "%-4s %-44s FF1 %.2f deg, FF2 %.2f deg (mean batch-0 direction error)\n", "D5",
          "onset direction error", d->ff1_ld0_mean, d->ff2_ld0_mean);
  if (d->ok_p_init || d->ok_p_rate)
    fprintf(fp,
            "%-4s %-44s init %.2f [%.2f, %.2f] (%d), rate %.2f [%.2f, %.2f] (%d) (paired; "
            "networks)\n",
            "D6", "probability of savings", d->p_init.p, d->p_init.lo, d->p_init.hi,
            d->p_init.pairs, d->p_rate.p, d->p_rate.lo, d->p_rate.hi, d->p_rate.pairs);
}

int reach_cli_report_dir(const char *dir, reach_savings_summary *summary, bool *summary_ok) {
  return reach_cli_report_dir_compare(dir, NULL, NULL, summary, summary_ok);
}

// Loads every finished network of dir (network-NNNN.h5, or a `train` directory's network.h5,
// counted as the network of its seed) into r->net; the lowest-numbered analysed one is the
// example when keep_example.
static int load_dir(report *r, const char *dir, bool keep_example) {
  GPtrArray *names = reach_cli_list_dir(dir, "network-", ".h5", NULL);
  if (!names) return reach_cli_fail(1, "report: cannot read the directory %s", dir);
  int status = 0;
  char *single = g_build_filename(dir, "network.h5", NULL);
  const bool train_dir = names->len == 0 && g_file_test(single, G_FILE_TEST_IS_REGULAR);
  g_free(single);
  if (train_dir) g_ptr_array_add(names, g_strdup("network.h5"));
  if (names->len == 0) {
    status = reach_cli_fail(
        1, "report: no network-NNNN.h5 files (savings) and no network.h5 (train) in %s", dir);
    goto done;
  }
  r->n = (int)names->len;
  r->net = calloc((size_t)r->n, sizeof *r->net);
  for (int i = 0; i < r->n && !status; i++) {
    const char *name = g_ptr_array_index(names, i);
    r->net[i].index = atoi(name + strlen("network-"));
    char *path = g_build_filename(dir, name, NULL);
    // The lowest-numbered network is the example (the paper's Fig. 6 uses one network too).
    status = load_net(r, &r->net[i], path, keep_example && r->example < 0);
    if (!status && train_dir) r->net[i].index = (int)r->net[i].seed;
    if (!status && keep_example && r->example < 0 && r->net[i].analysed) r->example = i;
    g_free(path);
  }
done:
  g_ptr_array_free(names, TRUE);
  return status;
}

// --against DIR2: the same pair in another run on the same seeds, paired network by network.
static int pair_with(report *r, const char *against) {
  report o = {.dir = against, .compare = r->compare, .example = -1};
  int status = load_dir(&o, against, false);
  reach_error err = {0};
  if (!status && reach_report_runs_paired(r->net, r->n, o.net, o.n, &r->paired, &err) != REACH_OK)
    status = reach_cli_fail(1, "report: --against %s: %s", against, err.msg);
  r->have_paired = status == 0;
  free_report(&o);
  return status;
}

int reach_cli_report_dir_compare(const char *dir, const char *compare, const char *against,
                                 reach_savings_summary *summary, bool *summary_ok) {
  report r = {.dir = dir, .compare = compare, .against = against, .example = -1};
  int status = load_dir(&r, dir, true);
  if (status) goto done;
  // Networks of different engines differ by rounding, not by science: say so, do not refuse.
  for (int i = 1; i < r.n; i++)
    if (strcmp(r.net[i].engine, r.net[0].engine) != 0) {
      fprintf(stderr,
              "reachlab-cli: report: warning: %s mixes engines: network %d was trained by "
              "'%s', network %d by '%s'\n",
              dir, r.net[0].index, r.net[0].engine[0] ? r.net[0].engine : "(no stamp)",
              r.net[i].index, r.net[i].engine[0] ? r.net[i].engine : "(no stamp)");
      break;
    }
  // The control is two curl fields of opposite sign; a rotation's sign flips its LD too, but a
  // curl field against a rotation (the null model) is not the opposite-field control.
  r.opposite = r.net[0].field[1] * r.net[0].field[3] < 0.0;
  stats(&r);
  if (against) status = pair_with(&r, against);
  if (!status) status = write_csv(&r);
  if (!status) status = write_h5(&r);
  if (!status) status = write_summary(&r);
  if (!status) status = report_figures(&r);
  if (!status) printf("%s/summary.txt, report.csv, report.h5, figures: %d networks\n", dir, r.n);
  if (summary) *summary = r.s;
  if (summary_ok) *summary_ok = r.summary_ok;
done:
  free_report(&r);
  return status;
}

int reach_cli_report_sizes(const char *dir, int n, const int *units) {
  reach_savings_summary *s = calloc((size_t)n, sizeof *s);
  int *u = calloc((size_t)n, sizeof *u), k = 0, status = 0;
  for (int i = 0; i < n && !status; i++) {
    char sub[32];
    snprintf(sub, sizeof sub, "units-%d", units[i]);
    char *path = g_build_filename(dir, sub, NULL);
    bool ok = false;
    status = reach_cli_report_dir(path, &s[k], &ok);
    if (ok) u[k++] = units[i];
    g_free(path);
  }
  if (!status) {
    char *path = g_build_filename(dir, "sizes.csv", NULL);
    reach_error err = {0};
    reach_file f;
    if (reach_file_begin(&f, path, &err)) {
      status = reach_cli_fail(1, "report: %s", err.msg);
    } else {
      fputs(
          "units,networks,p_init,p_init_lo,p_init_hi,p_rate,p_rate_lo,p_rate_hi,p_init_cross,"
          "p_init_cross_lo,p_init_cross_hi,p_rate_cross,p_rate_cross_lo,p_rate_cross_hi,"
          "init_t,init_p,rate_t,rate_p\n",
          f.fp);
      for (int i = 0; i < k; i++) {
        const reach_savings_summary *x = &s[i];
        fprintf(f.fp, "%d,%d,", u[i], x->networks);
        const reach_prob_ci *pc[4] = {&x->p_init, &x->p_rate, &x->p_init_cross, &x->p_rate_cross};
        for (int j = 0; j < 4; j++)
          put(f.fp, pc[j]->p, 0), put(f.fp, pc[j]->lo, 0), put(f.fp, pc[j]->hi, 0);
        put(f.fp, x->init.t, 0), put(f.fp, x->init.p, 0), put(f.fp, x->rate.t, 0);
        put(f.fp, x->rate.p, 1);
      }
      if (reach_file_commit(&f, &err)) status = reach_cli_fail(1, "report: %s", err.msg);
    }
    g_free(path);
  }
  if (!status && k > 0) status = report_size_figure(dir, k, u, s);
  if (!status) printf("%s/sizes.csv: probability of savings for %d sizes\n", dir, k);
  free(s);
  free(u);
  return status;
}

// Directories of a size sweep: units-H subdirectories, sorted by H.
static int size_dirs(const char *dir, int **units) {
  GDir *d = g_dir_open(dir, 0, NULL);
  if (!d) return 0;
  GArray *a = g_array_new(FALSE, FALSE, sizeof(int));
  const char *name;
  while ((name = g_dir_read_name(d))) {
    int h = 0;
    char *sub = g_build_filename(dir, name, NULL);
    if (sscanf(name, "units-%d", &h) == 1 && h > 0 && g_file_test(sub, G_FILE_TEST_IS_DIR))
      g_array_append_val(a, h);
    g_free(sub);
  }
  g_dir_close(d);
  g_array_sort(a, cmp_int);
  int n = (int)a->len;
  *units = (int *)(void *)g_array_free(a, FALSE);
  return n;
}

int reach_cli_report(int argc, char **argv) {
  gchar *compare = NULL, *against = NULL;
  GOptionEntry entries[] = {
      {"compare", 0, 0, G_OPTION_ARG_STRING, &compare,
       "the two phases compared for savings, as FF1 and FF2 are (default: the first and second "
       "exposure to the same perturbation; FF1,FF2 in the four-phase study)",
       "A,B"},
      {"against", 0, 0, G_OPTION_ARG_FILENAME, &against,
       "also compare with DIR2's networks of the same seeds (a protocol against its control): "
       "paired t-tests of the batch-0 errors and FF2's rate, this run minus DIR2",
       "DIR2"},
      {NULL, 0, 0, 0, NULL, NULL, NULL}};
  // The directory is positional; GOption would call it a stray argument, so take it out first.
  const char *dir = NULL;
  for (int i = 1; i < argc; i++)
    if (argv[i][0] != '-') {
      dir = argv[i];
      for (int j = i; j < argc - 1; j++) argv[j] = argv[j + 1];
      argc--;
      break;
    }
  int status = reach_cli_parse_options(
      "report", "DIR",
      "Report a savings results directory: DIR/report.csv, report.h5, summary.txt (R1-R11 beside "
      "the paper's values) and figures fig2-fig7 (.png, .svg). A size sweep (DIR/units-H) is "
      "reported per size, with the probability of savings against units.",
      entries, &argc, &argv);
  if (status) return status;
  if (!dir) return reach_cli_fail(2, "report: expected one results directory");
  int *units = NULL;
  int n = size_dirs(dir, &units);
  if (n > 0 && (compare || against))
    status = reach_cli_fail(2,
                            "report: --compare and --against apply to one directory of networks, "
                            "not a size sweep");
  else if (n > 0)
    status = reach_cli_report_sizes(dir, n, units);
  else
    status = reach_cli_report_dir_compare(dir, compare, against, NULL, NULL);
  g_free(units);
  g_free(compare);
  g_free(against);
  return status;
}
