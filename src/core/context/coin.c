// SPDX-License-Identifier: GPL-3.0-or-later
// COIN's particle filter: allocation, a run's reset, one trial, runs over a paradigm. The
// samplers it draws from are coin_sample.c, the parameters coin_params.c.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "coin_internal.h"

#define REACH_COIN_TWO_PI 6.283185307179586476925

// REACH_COIN_NAIVE (bench/ only) turns the optimisations off: every loop runs over all
// max_contexts + 1 slots as COIN.m's arrays do, and resampling copies every particle through a
// second buffer. The inference is the same either way.
#ifdef REACH_COIN_NAIVE
#define ACTIVE(m, C) ((m)->K)
#else
// Slots 0..C−1 hold the instantiated contexts and slot C the one a new context would take; the
// slots above have zero prior mass and no statistics, so nothing in them is ever read.
#define ACTIVE(m, C) ((C) + 1)
#endif

// A particle's block of doubles. Counts are stored as doubles (exact far beyond any trial count)
// so that one memcpy moves a particle.
enum {
  F_C,      // instantiated contexts
  F_CTX,    // context sampled on the last trial (0-based)
  F_LW,     // log p(y_t, q_t) of this trial: the resampling weight
  F_BETA,   // [K] global transition weights β
  F_BETAE,  // [Qn] global cue weights β_e
  F_N,      // [K][K] transition counts n_ij
  F_NCUE,   // [K][Qn] cue counts
  F_A,      // [K] retention
  F_D,      // [K] drift
  F_B,      // [K] bias
  F_FM,     // [K] filtered state mean (after the last trial)
  F_FV,     // [K] filtered state variance
  F_PM,     // [K] predicted state mean (this trial)
  F_PV,     // [K] predicted state variance
  F_RESP,   // [K] responsibilities
  F_SS1,    // [K][2] Σ x_t (x_{t−1}, 1)
  F_SS2,    // [K][3] Σ (x_{t−1}², x_{t−1}, 1)
  F_BS1,    // [K] Σ (y − x)
  F_BS2,    // [K] Σ 1
  F_END,
};

#define FLD(m, blk, f) ((blk) + (m)->off[f])

static double *block(const reach_coin *m, int p) {
  return m->blocks + (size_t)p * (size_t)m->stride;
}

reach_status reach_coin_init(reach_coin *m, const reach_coin_params *par, int n_cues,
                             reach_error *err) {
  memset(m, 0, sizeof *m);
  reach_status st = reach_coin_params_check(par, err);
  if (st != REACH_OK) return st;
  if (n_cues < 0 || n_cues > REACH_COIN_MAX_CUES)
    return reach_error_set(err, REACH_ERR_RANGE, "COIN: %d distinct cues; expected 0..%d", n_cues,
                           REACH_COIN_MAX_CUES);
  m->par = *par;
  m->n_cues = n_cues;
  m->K = par->max_contexts + 1;
  m->Qn = n_cues + 1;
  const int K = m->K,
            sizes[F_END] = {
                [F_C] = 1,       [F_CTX] = 1,          [F_LW] = 1,  [F_BETA] = K, [F_BETAE] = m->Qn,
                [F_N] = K * K,   [F_NCUE] = K * m->Qn, [F_A] = K,   [F_D] = K,    [F_B] = K,
                [F_FM] = K,      [F_FV] = K,           [F_PM] = K,  [F_PV] = K,   [F_RESP] = K,
                [F_SS1] = 2 * K, [F_SS2] = 3 * K,      [F_BS1] = K, [F_BS2] = K,
            };
  int o = 0;
  for (int f = 0; f < F_END; f++) m->off[f] = o, o += sizes[f];
  m->stride = o;
  const size_t P = (size_t)par->particles;
#ifdef REACH_COIN_NAIVE
  const size_t nblk = 2 * P;  // a second buffer to resample into
#else
  const size_t nblk = P;
#endif
  m->blocks = calloc(nblk * (size_t)m->stride, sizeof *m->blocks);
  m->scratch = calloc(2 * P + 4 * (size_t)K * (size_t)K, sizeof *m->scratch);
  m->idx = calloc(P, sizeof *m->idx);
  if (!m->blocks || !m->scratch || !m->idx) {
    reach_coin_free(m);
    return reach_error_set(err, REACH_ERR_NOMEM, "COIN: out of memory for %d particles",
                           par->particles);
  }
  m->kappa = par->alpha_context * par->rho_context / (1 - par->rho_context);
  m->sigma_obs2 = par->sigma_sensory_noise * par->sigma_sensory_noise +
                  par->sigma_motor_noise * par->sigma_motor_noise;
  return REACH_OK;
}

void reach_coin_free(reach_coin *m) {
  free(m->blocks);
  free(m->scratch);
  free(m->idx);
  memset(m, 0, sizeof *m);
}

void reach_coin_reset(reach_coin *m, reach_rng *rng) {
  const int P = m->par.particles;
  memset(m->blocks, 0, (size_t)P * (size_t)m->stride * sizeof *m->blocks);
  m->t = 0;
  m->Q = 0;
  for (int p = 0; p < P; p++) {
    double *B = block(m, p);
    B[m->off[F_C]] = 0;
    B[m->off[F_CTX]] = 0;  // trial 1 is treated as a self-transition of context 1
    FLD(m, B, F_BETA)[0] = 1;
    FLD(m, B, F_BETAE)[0] = 1;
    // only slot 0 can be used on trial 1; the others are drawn when they become the new slot
    for (int j = 0; j < ACTIVE(m, 0); j++) {
      double *a = FLD(m, B, F_A) + j, *d = FLD(m, B, F_D) + j;
      reach_coin_sample_dynamics(m, rng, FLD(m, B, F_SS1) + 2 * j, FLD(m, B, F_SS2) + 3 * j, a, d);
      reach_coin_sample_bias(m, rng, 0, 0, FLD(m, B, F_B) + j);
      FLD(m, B, F_FM)[j] = *d / (1 - *a);
      FLD(m, B, F_FV)[j] = m->par.sigma_process_noise * m->par.sigma_process_noise / (1 - *a * *a);
    }
  }
}

// Stationary distribution of the chain restricted to the slots with global weight > 0 (COIN.m's
// stationary_distribution: solve (T' − I)π = 0 with Σπ = 1), written into prior[K].
static void stationary_prior(const reach_coin *m, const double *B, double *prior, double *work) {
  const int K = m->K;
  const double al = m->par.alpha_context, ka = m->kappa;
  const double *beta = FLD(m, B, F_BETA), *n = FLD(m, B, F_N);
  int c = 0;
  while (c < K && beta[c] > 0) c++;
  double *A = work;  // c × (c + 1) augmented
  for (int i = 0; i < c; i++) {
    double s = ka;
    for (int j = 0; j < K; j++) s += al * beta[j] + n[i * K + j];
    for (int j = 0; j < c; j++) {
      const double tij = (al * beta[j] + n[i * K + j] + (i == j ? ka : 0)) / s;
      A[j * (c + 1) + i] = tij - (i == j);  // row j of T' − I
    }
  }
  for (int i = 0; i < c; i++) A[(c - 1) * (c + 1) + i] = 1;  // normalisation replaces one row
  for (int j = 0; j < c; j++) A[j * (c + 1) + c] = j == c - 1;
  for (int col = 0; col < c; col++) {  // Gaussian elimination, partial pivoting
    int piv = col;
    for (int i = col + 1; i < c; i++)
      if (fabs(A[i * (c + 1) + col]) > fabs(A[piv * (c + 1) + col])) piv = i;
    if (piv != col)
      for (int k = 0; k <= c; k++) {
        double t = A[col * (c + 1) + k];
        A[col * (c + 1) + k] = A[piv * (c + 1) + k], A[piv * (c + 1) + k] = t;
      }
    for (int i = 0; i < c; i++) {
      if (i == col) continue;
      const double f = A[i * (c + 1) + col] / A[col * (c + 1) + col];
      for (int k = col; k <= c; k++) A[i * (c + 1) + k] -= f * A[col * (c + 1) + k];
    }
  }
  double s = 0;
  for (int j = 0; j < K; j++) {
    prior[j] = j < c ? fmax(A[j * (c + 1) + c] / A[j * (c + 1) + j], 0) : 0;
    s += prior[j];
  }
  for (int j = 0; j < c; j++) prior[j] /= s;
}
reach_status reach_coin_trial(reach_coin *m, reach_rng *rng, double pert, int cue, int stationary,
                              reach_coin_record *rec, reach_error *err) {
  const reach_coin_params *par = &m->par;
  const int P = par->particles, K = m->K, Qn = m->Qn, t = m->t + 1;
  const int fb = !isnan(pert);
  if (fb && !isfinite(pert))
    return reach_error_set(err, REACH_ERR_RANGE,
                           "COIN trial %d: perturbation must be finite or NAN (channel)", t);
  const int cues = m->n_cues > 0;
  if (cues ? (cue < 1 || cue > m->n_cues || cue > m->Q + 1) : cue != 0)
    return reach_error_set(err, REACH_ERR_RANGE,
                           cues ? "COIN trial %d: cue %d; expected 1..%d, numbered in order of "
                                  "first appearance (%d seen so far)"
                                : "COIN trial %d: cue %d given to a model built without cues "
                                  "(expected 0)",
                           t, cue, cues ? (m->Q + 1 < m->n_cues ? m->Q + 1 : m->n_cues) : 0, m->Q);
  const int k = cue - 1;
  const double al = par->alpha_context, ka = m->kappa, ale = par->alpha_cue;
  const double sq2 = par->sigma_process_noise * par->sigma_process_noise, so2 = m->sigma_obs2;
  // The simulated state feedback, shared by the particles (NAN on a channel trial).
  const double y = pert + par->sigma_sensory_noise * reach_coin_gauss(rng) +
                   par->sigma_motor_noise * reach_coin_gauss(rng);

  double *lw = m->scratch, *w = m->scratch + P, *work = m->scratch + 2 * P;
  double motor = 0, pred_sum[REACH_COIN_SLOTS] = {0}, state_w[REACH_COIN_SLOTS] = {0};

  // 1-4: predict the context and the states, weigh each particle by p(y_t, q_t)
  for (int p = 0; p < P; p++) {
    double *B = block(m, p);
    const int C = (int)B[m->off[F_C]], prev = (int)B[m->off[F_CTX]], A = ACTIVE(m, C);
    const double *beta = FLD(m, B, F_BETA), *n = FLD(m, B, F_N) + prev * K;
    double prior[REACH_COIN_SLOTS] = {0}, pc[REACH_COIN_SLOTS];
    if (stationary) {
      stationary_prior(m, B, prior, work);
    } else if (beta[prev] > 0) {
      // row prev of the local transition matrix, E[π_prev] = (αβ + n_prev + κδ_prev)/Σ
      double s = ka;
      for (int j = 0; j < A; j++) s += prior[j] = al * beta[j] + n[j];
      prior[prev] += ka;
      for (int j = 0; j < A; j++) prior[j] /= s;
    } else {
      for (int j = 0; j < A; j++) prior[j] = 0;
    }
    double pred[REACH_COIN_SLOTS];
    if (cues) {
      const double *be = FLD(m, B, F_BETAE), *nc = FLD(m, B, F_NCUE);
      double sbe = 0, s = 0;
      for (int q = 0; q < Qn; q++) sbe += be[q];
      for (int j = 0; j < A; j++) {
        double rs = ale * sbe;
        for (int q = 0; q < Qn; q++) rs += nc[j * Qn + q];
        pc[j] = beta[j] > 0 ? (ale * be[k] + nc[j * Qn + k]) / rs : 0;
        s += pred[j] = prior[j] * pc[j];
      }
      for (int j = 0; j < A; j++) pred[j] /= s;
    } else {
      for (int j = 0; j < A; j++) pc[j] = 1, pred[j] = prior[j];
    }
    const double *a = FLD(m, B, F_A), *d = FLD(m, B, F_D), *b = FLD(m, B, F_B),
                 *fm = FLD(m, B, F_FM), *fv = FLD(m, B, F_FV);
    double *pm = FLD(m, B, F_PM), *pv = FLD(m, B, F_PV), *resp = FLD(m, B, F_RESP);
    for (int j = 0; j < A; j++) {
      pm[j] = a[j] * fm[j] + d[j];
      pv[j] = a[j] * a[j] * fv[j] + sq2;
    }
    // the new-context slot starts from the stationary distribution of its dynamics
    pm[C] = d[C] / (1 - a[C]);
    pv[C] = sq2 / (1 - a[C] * a[C]);
    double mx = -HUGE_VAL;
    for (int j = 0; j < A; j++) {
      motor += pred[j] * (pm[j] + b[j]);
      pred_sum[j] += pred[j];
      state_w[j] += pred[j] * pm[j];
      const double pj = prior[j] * pc[j];
      if (pj > 0) {
        double l = log(pj);
        if (fb) {
          const double v = pv[j] + so2, e = y - pm[j] - b[j];
          l += -0.5 * log(REACH_COIN_TWO_PI * v) - e * e / (2 * v);
        }
        resp[j] = l;
        mx = fmax(mx, l);
      } else {
        resp[j] = -HUGE_VAL;
      }
    }
    if (!(mx > -HUGE_VAL))
      return reach_error_set(err, REACH_ERR_NUMERIC,
                             "COIN trial %d: particle %d gives every context zero probability", t,
                             p + 1);
    double s = 0;
    for (int j = 0; j < A; j++) s += resp[j] = exp(resp[j] - mx);
    for (int j = 0; j < A; j++) resp[j] /= s;
    lw[p] = mx + log(s);
  }

  // 4: resample (not when there is neither feedback nor a cue)
  if (fb || cues) {
    int *cnt = m->idx;
    reach_coin_systematic_counts(rng, lw, P, w, cnt);
    const size_t bytes = (size_t)m->stride * sizeof *m->blocks;
#ifdef REACH_COIN_NAIVE
    double *dst = m->blocks + (size_t)P * (size_t)m->stride;
    int i = 0;
    for (int p = 0; p < P; p++)
      for (int c = 0; c < cnt[p]; c++)
        memcpy(dst + (size_t)(i++) * (size_t)m->stride, block(m, p), bytes);
    memcpy(m->blocks, dst, (size_t)P * bytes);
#else
    // In place: a particle drawn c ≥ 1 times keeps its block and lends c − 1 copies to the
    // blocks of particles drawn 0 times, so only the dead are overwritten. Particles are
    // exchangeable, so the order this leaves them in does not matter.
    int hole = 0;
    for (int p = 0; p < P; p++)
      for (; cnt[p] > 1; cnt[p]--) {
        while (cnt[hole] != 0) hole++;
        memcpy(block(m, hole), block(m, p), bytes);
        cnt[hole] = -1;  // filled
      }
#endif
  }

  // a new cue breaks a piece off every particle's global cue stick
  const int new_cue = cues && k == m->Q;
  if (new_cue) m->Q++;

  double resp_sum[REACH_COIN_SLOTS] = {0}, c_sum = 0;
  const double iq = 1 / sq2, io = 1 / so2;
  for (int p = 0; p < P; p++) {
    double *B = block(m, p);
    int C = (int)B[m->off[F_C]];
    const int prev = (int)B[m->off[F_CTX]];
    const int A0 = ACTIVE(m, C);
    double *beta = FLD(m, B, F_BETA), *be = FLD(m, B, F_BETAE), *n = FLD(m, B, F_N),
           *nc = FLD(m, B, F_NCUE), *a = FLD(m, B, F_A), *d = FLD(m, B, F_D), *b = FLD(m, B, F_B),
           *fm = FLD(m, B, F_FM), *fv = FLD(m, B, F_FV), *pm = FLD(m, B, F_PM),
           *pv = FLD(m, B, F_PV), *resp = FLD(m, B, F_RESP), *ss1 = FLD(m, B, F_SS1),
           *ss2 = FLD(m, B, F_SS2), *bs1 = FLD(m, B, F_BS1), *bs2 = FLD(m, B, F_BS2);
    for (int j = 0; j < A0; j++) resp_sum[j] += resp[j];

    // 5: sample the context; a new one takes slot C and breaks the global stick
    const double u = reach_coin_unif(rng);
    int ctx = 0;
    double cum = resp[0];
    while (ctx < A0 - 1 && cum < u) cum += resp[++ctx];
    while (resp[ctx] == 0 && ctx > 0) ctx--;  // u beyond a sum rounded below 1
    const int novel = ctx == C;
    if (novel) {
      C++;
      if (C != par->max_contexts) {
        const double bb = reach_coin_beta1(rng, par->gamma_context);
        beta[C] = beta[C - 1] * (1 - bb);
        beta[C - 1] *= bb;
      }
    }
    if (new_cue) {
      const double bb = reach_coin_beta1(rng, par->gamma_cue);
      be[k + 1] = be[k] * (1 - bb);
      be[k] *= bb;
    }
    const int A = ACTIVE(m, C);

    // 6: Kalman update of the sampled context only; the others keep their prediction
    double pfm[REACH_COIN_SLOTS], pfv[REACH_COIN_SLOTS];
    for (int j = 0; j < A0; j++) {
      pfm[j] = fm[j], pfv[j] = fv[j];
      fm[j] = pm[j], fv[j] = pv[j];
    }
    if (fb) {
      const double g = pv[ctx] / (pv[ctx] + so2);
      fm[ctx] = pm[ctx] + g * (y - pm[ctx] - b[ctx]);
      fv[ctx] = (1 - g) * pv[ctx];
    }

    // 8 (counts first, as COIN.m): transition and cue counts
    n[prev * K + ctx] += 1;
    if (cues) nc[ctx * Qn + k] += 1;

    // 7-8: sample x_{t−1} (lag-1 smoother) and x_t | x_{t−1}, y_t for every context that
    // existed before this trial, and add the pairs to its dynamics statistics
    double xb = (double)NAN;
    if (t > 1) {
      for (int j = 0; j < A0; j++) {
        double rs = 0;
        for (int i = 0; i < A; i++) rs += n[j * K + i];
        if (!(rs > 0)) continue;  // not instantiated before this trial
        const double g = a[j] * pfv[j] / pv[j];
        const double sm = pfm[j] + g * (fm[j] - pm[j]);
        const double sv = pfv[j] + g * (fv[j] - pv[j]) * g;
        const double x0 = sm + sqrt(fmax(sv, 0)) * reach_coin_gauss(rng);
        double wv = (a[j] * x0 + d[j]) * iq, prec = iq;
        if (fb && j == ctx) wv += (y - b[j]) * io, prec += io;
        const double x1 = wv / prec + sqrt(1 / prec) * reach_coin_gauss(rng);
        ss1[2 * j] += x1 * x0, ss1[2 * j + 1] += x1;
        ss2[3 * j] += x0 * x0, ss2[3 * j + 1] += x0, ss2[3 * j + 2] += 1;
        if (j == ctx) xb = x1;
      }
    }
    if (par->infer_bias && fb) {
      if (novel || t == 1)
        xb = fm[ctx] + sqrt(fv[ctx]) * reach_coin_gauss(rng);  // from its filtered belief
      bs1[ctx] += y - xb;
      bs2[ctx] += 1;
    }

    // 9: global transition weights through the CRF auxiliary variables: tables per (i, j),
    // the sticky override removed from the diagonal, β ~ Dir(column sums; γ for the new slot)
    double post[REACH_COIN_SLOTS] = {0};
    for (int i = 0; i < A; i++) {
      const double *ni = n + i * K;
      for (int j = 0; j < A; j++) {
        const int nij = (int)ni[j];
        if (nij == 0) continue;
        int mt = reach_coin_num_tables(rng, al * beta[j] + (i == j ? ka : 0), nij);
        if (i == j && par->rho_context > 0 && mt > 0)
          mt -= reach_coin_binomial(
              rng, par->rho_context / (par->rho_context + beta[j] * (1 - par->rho_context)), mt);
        if (i == 0 && j == 0 && mt == 0) mt = 1;
        post[j] += mt;
      }
    }
    if (n[0] == 0) post[0] += 1;  // COIN.m keeps at least one table of context 1 in restaurant 1
    if (C != par->max_contexts) post[C] = par->gamma_context;
    reach_coin_dirichlet(rng, post, A, beta);
    if (cues) {
      double pe[REACH_COIN_MAX_CUES + 1] = {0};
      for (int j = 0; j < A; j++)
        for (int q = 0; q < Qn; q++) {
          const int nq = (int)nc[j * Qn + q];
          if (nq) pe[q] += reach_coin_num_tables(rng, ale * be[q], nq);
        }
      pe[m->Q] = par->gamma_cue;
      reach_coin_dirichlet(rng, pe, Qn, be);
    }
    for (int j = 0; j < A; j++) {
      reach_coin_sample_dynamics(m, rng, ss1 + 2 * j, ss2 + 3 * j, a + j, d + j);
      reach_coin_sample_bias(m, rng, bs1[j], bs2[j], b + j);
    }
    B[m->off[F_C]] = C;
    B[m->off[F_CTX]] = ctx;
    c_sum += C;
  }
  m->t = t;
  if (rec) {
    rec->motor_output = motor / P;
    rec->state_feedback = y;
    rec->n_contexts = c_sum / P;
    for (int j = 0; j < REACH_COIN_SLOTS; j++) {
      rec->predicted[j] = j < K ? pred_sum[j] / P : 0;
      rec->responsibility[j] = j < K ? resp_sum[j] / P : 0;
      rec->state_mean[j] = j < K && pred_sum[j] > 0 ? state_w[j] / pred_sum[j] : (double)NAN;
    }
  }
  return REACH_OK;
}

void reach_coin_copy(reach_coin *dst, const reach_coin *src) {
  memcpy(dst->blocks, src->blocks,
         (size_t)src->par.particles * (size_t)src->stride * sizeof *src->blocks);
  dst->t = src->t;
  dst->Q = src->Q;
}

int reach_coin_renumber_cues(const int *in, int n, int *out) {
  int seen[REACH_COIN_MAX_CUES], ns = 0;
  for (int t = 0; t < n; t++) {
    if (in[t] < 1) return -1;
    int q = -1;
    for (int i = 0; i < ns; i++)
      if (seen[i] == in[t]) q = i;
    if (q < 0) {
      if (ns == REACH_COIN_MAX_CUES) return -1;
      seen[ns] = in[t];
      q = ns++;
    }
    out[t] = q + 1;
  }
  return ns;
}

void reach_coin_result_free(reach_coin_result *res) {
  free(res->motor_output);
  free(res->state_feedback);
  free(res->n_contexts);
  free(res->predicted);
  free(res->responsibility);
  free(res->state_mean);
  memset(res, 0, sizeof *res);
}

reach_status reach_coin_run(const reach_coin_params *par, int n, const double *pert, const int *cue,
                            const unsigned char *stationary, int runs, uint64_t seed,
                            reach_coin_result *res, reach_coin_progress progress, void *user,
                            reach_error *err) {
  memset(res, 0, sizeof *res);
  if (n < 1 || runs < 1)
    return reach_error_set(err, REACH_ERR_RANGE, "COIN: needs >= 1 trial and >= 1 run (got %d, %d)",
                           n, runs);
  int *q = NULL, nq = 0;
  if (cue) {
    q = malloc((size_t)n * sizeof *q);
    if (!q) return reach_error_set(err, REACH_ERR_NOMEM, "COIN: out of memory");
    nq = reach_coin_renumber_cues(cue, n, q);
    if (nq < 0) {
      free(q);
      return reach_error_set(err, REACH_ERR_RANGE,
                             "COIN: cues must be integers >= 1, at most %d distinct",
                             REACH_COIN_MAX_CUES);
    }
  }
  reach_coin m;
  reach_rng rng = {0};
  reach_status st = reach_coin_init(&m, par, nq, err);
  if (st != REACH_OK) {
    free(q);
    return st;
  }
  const size_t nr = (size_t)runs * (size_t)n, ns = nr * REACH_COIN_SLOTS;
  res->n = n, res->runs = runs;
  res->motor_output = malloc(nr * sizeof(double));
  res->state_feedback = malloc(nr * sizeof(double));
  res->n_contexts = malloc(nr * sizeof(double));
  res->predicted = malloc(ns * sizeof(double));
  res->responsibility = malloc(ns * sizeof(double));
  res->state_mean = malloc(ns * sizeof(double));
  if (!res->motor_output || !res->state_feedback || !res->n_contexts || !res->predicted ||
      !res->responsibility || !res->state_mean || reach_rng_init(&rng, seed) != 0) {
    st = reach_error_set(err, REACH_ERR_NOMEM, "COIN: out of memory for %d runs x %d trials", runs,
                         n);
    goto done;
  }
  for (int r = 0; r < runs && st == REACH_OK; r++) {
    reach_rng_seed(&rng, seed + (uint64_t)r * 0x9E3779B97F4A7C15ull);
    reach_coin_reset(&m, &rng);
    for (int t = 0; t < n; t++) {
      reach_coin_record rec;
      st = reach_coin_trial(&m, &rng, pert[t], q ? q[t] : 0, stationary ? stationary[t] : 0, &rec,
                            err);
      if (st != REACH_OK) break;
      const size_t i = (size_t)r * (size_t)n + (size_t)t;
      res->motor_output[i] = rec.motor_output;
      res->state_feedback[i] = rec.state_feedback;
      res->n_contexts[i] = rec.n_contexts;
      memcpy(res->predicted + i * REACH_COIN_SLOTS, rec.predicted, sizeof rec.predicted);
      memcpy(res->responsibility + i * REACH_COIN_SLOTS, rec.responsibility,
             sizeof rec.responsibility);
      memcpy(res->state_mean + i * REACH_COIN_SLOTS, rec.state_mean, sizeof rec.state_mean);
      if (progress && progress(user, r, t)) {
        st = reach_error_set(err, REACH_ERR_USAGE, "COIN: cancelled in run %d, trial %d", r + 1,
                             t + 1);
        break;
      }
    }
  }
done:
  if (st != REACH_OK) reach_coin_result_free(res);
  reach_rng_free(&rng);
  reach_coin_free(&m);
  free(q);
  return st;
}
