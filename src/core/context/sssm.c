// SPDX-License-Identifier: GPL-3.0-or-later
#include "sssm.h"

#include <math.h>
#include <string.h>

static const double LOG_2PI = 1.8378770664093454836;

reach_sssm_params reach_sssm_params_table_s2(void) {
  return (reach_sssm_params){
      .a_s = 0.9946, .a_f = 0.9404, .q_s = 0.0003, .q_f = 0.0068, .r = 0.0792, .alpha = 0.6067};
}

reach_sssm_options reach_sssm_options_default(void) {
  return (reach_sssm_options){.yhat = REACH_SSSM_YHAT_PAPER,
                              .skip_channel_covariance = 0,
                              .beta = 0.5 + 1e-6,
                              .mstep_from = 8};
}

reach_status reach_sssm_riccati(const reach_sssm_params *par, double P[4], reach_error *err) {
  const double a[2] = {par->a_s, par->a_f}, q[2] = {par->q_s, par->q_f}, r = par->r;
  // Start from the unobserved stationary covariance: the recursion then decreases monotonically
  // to the stabilising solution.
  double p00 = q[0] / (1 - a[0] * a[0]), p11 = q[1] / (1 - a[1] * a[1]), p01 = 0;
  double dprev = INFINITY;
  // The slowest mode contracts by roughly a_s² per step near a_s → 1, so allow many steps; each
  // is a handful of flops.
  for (long it = 0; it < 10000000; it++) {
    // A P A' − A P h'(h P h' + r)⁻¹ h P A' + Q with h = (1 1)
    double s = p00 + 2 * p01 + p11 + r;
    double g0 = a[0] * (p00 + p01), g1 = a[1] * (p01 + p11);  // A P h'
    double n00 = a[0] * a[0] * p00 - g0 * g0 / s + q[0];
    double n01 = a[0] * a[1] * p01 - g0 * g1 / s;
    double n11 = a[1] * a[1] * p11 - g1 * g1 / s + q[1];
    double d = fmax(fabs(n00 - p00), fmax(fabs(n01 - p01), fabs(n11 - p11)));
    p00 = n00, p01 = n01, p11 = n11;
    // Converged when the step is zero, or when it is at rounding level and stopped shrinking
    // (the last bit can flicker in a 2-cycle).
    if (d == 0 || (d <= 1e-14 * fmax(p00, p11) && d >= dprev)) {
      P[0] = p00, P[1] = p01, P[2] = p01, P[3] = p11;
      return REACH_OK;
    }
    dprev = d;
  }
  return reach_error_set(err, REACH_ERR_NUMERIC,
                         "SSSM Riccati iteration did not converge (a_s %.17g, a_f %.17g, q_s %g, "
                         "q_f %g, r %g)",
                         par->a_s, par->a_f, par->q_s, par->q_f, par->r);
}

void reach_sssm_reset(reach_sssm *m) {
  m->t = 0;
  memset(m->x, 0, sizeof m->x);
  memcpy(m->V, m->V1, sizeof m->V);
  const double b = m->opt.beta;
  m->phi[0][0] = b, m->phi[0][1] = 1 - b;
  m->phi[1][0] = 1 - b, m->phi[1][1] = b;
  memset(m->S, 0, sizeof m->S);
}

reach_status reach_sssm_init(reach_sssm *m, const reach_sssm_params *par,
                             const reach_sssm_options *opt, reach_error *err) {
  memset(m, 0, sizeof *m);
  m->par = *par;
  m->opt = opt ? *opt : reach_sssm_options_default();
  const double v[6] = {par->a_s, par->a_f, par->q_s, par->q_f, par->r, par->alpha};
  for (int i = 0; i < 6; i++)
    if (!isfinite(v[i]))
      return reach_error_set(err, REACH_ERR_RANGE, "SSSM parameter %d is not finite", i + 1);
  if (!(par->a_s >= 0 && par->a_s < 1) || !(par->a_f >= 0 && par->a_f < 1))
    return reach_error_set(err, REACH_ERR_RANGE,
                           "SSSM retention must be in [0, 1); found a_s = %g, a_f = %g", par->a_s,
                           par->a_f);
  if (!(par->q_s > 0 && par->q_f > 0 && par->r > 0 && par->alpha > 0))
    return reach_error_set(err, REACH_ERR_RANGE,
                           "SSSM q_s, q_f, r and alpha must be > 0; found %g, %g, %g, %g",
                           par->q_s, par->q_f, par->r, par->alpha);
  if (!(m->opt.beta > 0 && m->opt.beta < 1))
    return reach_error_set(err, REACH_ERR_RANGE, "SSSM beta must be in (0, 1); found %g",
                           m->opt.beta);
  if (m->opt.mstep_from < 1)
    return reach_error_set(err, REACH_ERR_RANGE, "SSSM mstep_from must be >= 1; found %d",
                           m->opt.mstep_from);
  double P[4];
  reach_status st = reach_sssm_riccati(par, P, err);
  if (st != REACH_OK) return st;
  // Each context block is the mean of its observed steady state (under its own filter) and its
  // unobserved stationary prior (under the other context's filter); cross blocks are zero.
  const double s0 = par->q_s / (1 - par->a_s * par->a_s);
  const double s1 = par->q_f / (1 - par->a_f * par->a_f);
  const double blk[4] = {0.5 * (P[0] + s0), 0.5 * P[1], 0.5 * P[2], 0.5 * (P[3] + s1)};
  for (int c = 0; c < 2; c++)
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++) m->V1[(2 * c + i) * 4 + 2 * c + j] = blk[2 * i + j];
  reach_sssm_reset(m);
  return REACH_OK;
}

reach_status reach_sssm_trial(reach_sssm *m, int cue, double y, reach_sssm_record *rec,
                              reach_error *err) {
  if (cue != 1 && cue != 2)
    return reach_error_set(err, REACH_ERR_RANGE, "SSSM trial %d: cue must be 1 or 2, found %d",
                           m->t + 1, cue);
  const int channel = isnan(y);
  if (!channel && !isfinite(y))
    return reach_error_set(err, REACH_ERR_RANGE,
                           "SSSM trial %d: perturbation must be finite or NAN (channel)",
                           m->t + 1);
  const reach_sssm_params *p = &m->par;
  const double a[4] = {p->a_s, p->a_f, p->a_s, p->a_f};
  const double qd[4] = {p->q_s, p->q_f, p->q_s, p->q_f};
  const int t = ++m->t, k = cue - 1;

  // Step 0: shared prediction (trial 1 uses V_{1|0} directly, as the code does)
  double xp[4], Vp[16];
  if (t == 1) {
    memcpy(xp, m->x, sizeof xp);
    memcpy(Vp, m->V, sizeof Vp);
  } else {
    for (int i = 0; i < 4; i++) {
      xp[i] = a[i] * m->x[i];
      for (int j = 0; j < 4; j++) Vp[4 * i + j] = a[i] * m->V[4 * i + j] * a[j];
      Vp[5 * i] += qd[i];
    }
  }

  // Step 1: cue-conditioned prior from the cue row of Φ_t
  const double row = m->phi[k][0] + m->phi[k][1];
  if (!(row > 0))
    return reach_error_set(err, REACH_ERR_RANGE,
                           "SSSM trial %d: cue %d has probability 0 under both contexts: it was "
                           "not seen before the M step began (trial %d); show both cues in the "
                           "first %d trials",
                           t, cue, m->opt.mstep_from, m->opt.mstep_from);
  double rho[2] = {m->phi[k][0] / row, m->phi[k][1] / row};

  // Step 2: output per context and mixed
  double yj[2] = {xp[0] + xp[1], xp[2] + xp[3]};
  double yhat_paper = rho[0] * yj[0] + rho[1] * yj[1];
  double yhat_2021 = m->phi[k][0] * yj[0] + m->phi[k][1] * yj[1];

  // Steps 4–6: innovation, likelihood and Kalman update per filter
  double xj[2][4], Vj[2][16], logl[2];
  for (int j = 0; j < 2; j++) {
    const int o = 2 * j;  // first state of context j
    double Vh[4];         // V h(j)'
    for (int i = 0; i < 4; i++) Vh[i] = Vp[4 * i + o] + Vp[4 * i + o + 1];
    const double sig = Vh[o] + Vh[o + 1] + p->r;
    const double e = channel ? 0.0 : y - yj[j];
    logl[j] = -0.5 * (LOG_2PI + log(sig)) - e * e / (2 * sig);
    for (int i = 0; i < 4; i++) xj[j][i] = xp[i] + Vh[i] / sig * e;
    if (channel && m->opt.skip_channel_covariance) {
      memcpy(Vj[j], Vp, sizeof Vp);
    } else {
      // (I − K h) V = V − K (h V); h V = (V h')' by symmetry of V
      for (int i = 0; i < 4; i++)
        for (int l = 0; l < 4; l++) Vj[j][4 * i + l] = Vp[4 * i + l] - Vh[i] / sig * Vh[l];
    }
  }

  // Step 5: posterior by log-sum-exp
  double lp[2] = {logl[0] + log(rho[0]), logl[1] + log(rho[1])};
  double mx = fmax(lp[0], lp[1]);
  double lse = mx + log(exp(lp[0] - mx) + exp(lp[1] - mx));
  double g[2] = {exp(lp[0] - lse), exp(lp[1] - lse)};

  // Step 7: GPB1 merge
  double xm[4];
  for (int i = 0; i < 4; i++) xm[i] = g[0] * xj[0][i] + g[1] * xj[1][i];
  for (int i = 0; i < 4; i++)
    for (int l = 0; l < 4; l++) {
      double v = 0;
      for (int j = 0; j < 2; j++)
        v += g[j] * (Vj[j][4 * i + l] + (xj[j][i] - xm[i]) * (xj[j][l] - xm[l]));
      m->V[4 * i + l] = v;
    }
  memcpy(m->x, xm, sizeof xm);

  if (rec) {
    rec->cue = cue;
    rec->y = y;
    rec->yhat_paper = yhat_paper;
    rec->yhat_code2021 = yhat_2021;
    rec->yhat = m->opt.yhat == REACH_SSSM_YHAT_CODE2021 ? yhat_2021 : yhat_paper;
    rec->prior[0] = rho[0], rec->prior[1] = rho[1];
    rec->post[0] = g[0], rec->post[1] = g[1];
    memcpy(rec->phi, m->phi, sizeof rec->phi);
    for (int q = 0; q < 2; q++) rec->p_c1_given_q[q] = m->phi[q][0] / (m->phi[q][0] + m->phi[q][1]);
    memcpy(rec->x, xm, sizeof xm);
  }

  // Step 8: stochastic E step; the row of the unseen cue decays toward zero
  const double eta = p->alpha / (p->alpha + t - 1);
  for (int q = 0; q < 2; q++)
    for (int j = 0; j < 2; j++)
      m->S[q][j] = (1 - eta) * m->S[q][j] + (q == k ? eta * g[j] : 0.0);

  // Step 9: M step (Φ_{t+1}), columns normalised over cues
  if (t >= m->opt.mstep_from) {
    for (int j = 0; j < 2; j++) {
      double col = m->S[0][j] + m->S[1][j];
      m->phi[0][j] = m->S[0][j] / col;
      m->phi[1][j] = m->S[1][j] / col;
    }
  }
  return REACH_OK;
}
