// SPDX-License-Identifier: GPL-3.0-or-later
#include "sssm.h"

#include <math.h>
#include <string.h>

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

// 2×2 helpers, row-major
static void mul2(const double x[4], const double y[4], double z[4]) {
  double r[4] = {x[0] * y[0] + x[1] * y[2], x[0] * y[1] + x[1] * y[3], x[2] * y[0] + x[3] * y[2],
                 x[2] * y[1] + x[3] * y[3]};
  memcpy(z, r, sizeof r);
}

static int inv2(const double x[4], double z[4]) {
  double det = x[0] * x[3] - x[1] * x[2];
  if (!(fabs(det) > 0) || !isfinite(det)) return -1;
  double r[4] = {x[3] / det, -x[1] / det, -x[2] / det, x[0] / det};
  memcpy(z, r, sizeof r);
  return 0;
}

static void tr2(const double x[4], double z[4]) {
  double r[4] = {x[0], x[2], x[1], x[3]};
  memcpy(z, r, sizeof r);
}

reach_status reach_sssm_riccati(const reach_sssm_params *par, double P[4], reach_error *err) {
  // Structured doubling (Chu, Fan, Lin 2005) on the filter DARE
  //   P = A P A' − A P h'(h P h' + r)⁻¹ h P A' + Q,  h = (1 1):
  // each step doubles the horizon, so a_s near 1 (where plain iteration needs 10⁴–10⁶ steps,
  // which a fit can wander into) costs a few dozen 2×2 products.
  double Ak[4] = {par->a_s, 0, 0, par->a_f};
  double Gk[4] = {1 / par->r, 1 / par->r, 1 / par->r, 1 / par->r};  // h' r⁻¹ h
  double Hk[4] = {par->q_s, 0, 0, par->q_f};
  for (int it = 0; it < 100; it++) {
    double W[4], Wi[4], t1[4], t2[4], At[4];
    mul2(Gk, Hk, W);
    W[0] += 1, W[3] += 1;  // I + G H
    if (inv2(W, Wi) != 0) break;
    tr2(Ak, At);
    double An[4], Gn[4], Hn[4];
    mul2(Ak, Wi, t1);  // A (I + G H)⁻¹
    mul2(t1, Ak, An);
    mul2(t1, Gk, t2);
    mul2(t2, At, t2);
    for (int i = 0; i < 4; i++) Gn[i] = Gk[i] + t2[i];
    mul2(At, Hk, t2);  // A' H (I + G H)⁻¹ A
    mul2(t2, Wi, t2);
    mul2(t2, Ak, t2);
    double d = 0, sz = 0;
    for (int i = 0; i < 4; i++) {
      Hn[i] = Hk[i] + t2[i];
      d = fmax(d, fabs(Hn[i] - Hk[i]));
      sz = fmax(sz, fabs(Hn[i]));
    }
    memcpy(Ak, An, sizeof Ak);
    memcpy(Gk, Gn, sizeof Gk);
    memcpy(Hk, Hn, sizeof Hk);
    if (d <= 1e-16 * sz) {
      const double sym = 0.5 * (Hk[1] + Hk[2]);
      P[0] = Hk[0], P[1] = sym, P[2] = sym, P[3] = Hk[3];
      return REACH_OK;
    }
  }
  return reach_error_set(err, REACH_ERR_NUMERIC,
                         "SSSM Riccati equation: the doubling iteration did not converge (a_s "
                         "%.17g, a_f %.17g, q_s %g, q_f %g, r %g)",
                         par->a_s, par->a_f, par->q_s, par->q_f, par->r);
}

void reach_sssm_reset(reach_sssm *m) {
  m->t = 0;
  m->yhat = 0;
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
  static const char *const names[6] = {"a_s", "a_f", "q_s", "q_f", "r", "alpha"};
  for (int i = 0; i < 6; i++)
    if (!isfinite(v[i]))
      return reach_error_set(err, REACH_ERR_RANGE,
                             "SSSM parameter %s is %g; expected a finite "
                             "number",
                             names[i], v[i]);
  if (!(par->a_s >= 0 && par->a_s < 1) || !(par->a_f >= 0 && par->a_f < 1))
    return reach_error_set(err, REACH_ERR_RANGE,
                           "SSSM retention must be in [0, 1); found a_s = %g, a_f = %g", par->a_s,
                           par->a_f);
  for (int i = 2; i < 6; i++)
    if (!(v[i] > 0))
      return reach_error_set(err, REACH_ERR_RANGE, "SSSM parameter %s must be > 0; found %g",
                             names[i], v[i]);
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
                           "SSSM trial %d: perturbation must be finite or NAN (channel)", m->t + 1);
  const reach_sssm_params *p = &m->par;
  const double a[4] = {p->a_s, p->a_f, p->a_s, p->a_f};
  const double qd[4] = {p->q_s, p->q_f, p->q_s, p->q_f};
  const int t = ++m->t, k = cue - 1;

  // V is symmetric throughout: only the upper triangle is computed, then mirrored.
  // Step 0: shared prediction (trial 1 uses V_{1|0} directly, as the code does)
  double xp[4], Vp[16];
  if (t == 1) {
    memcpy(xp, m->x, sizeof xp);
    memcpy(Vp, m->V, sizeof Vp);
  } else {
    for (int i = 0; i < 4; i++) {
      xp[i] = a[i] * m->x[i];
      for (int j = i; j < 4; j++) Vp[4 * i + j] = Vp[4 * j + i] = a[i] * m->V[4 * i + j] * a[j];
      Vp[5 * i] += qd[i];
    }
  }

  // Step 1: cue-conditioned prior from the cue row of Φ_t
  const double row = m->phi[k][0] + m->phi[k][1];
  if (!(m->phi[k][0] > 0 && m->phi[k][1] > 0))
    return reach_error_set(err, REACH_ERR_RANGE,
                           "SSSM trial %d: cue %d has probability 0 under a context: it was not "
                           "seen before the M step began (trial %d); show both cues in the first "
                           "%d trials",
                           t, cue, m->opt.mstep_from, m->opt.mstep_from);
  const double rho[2] = {m->phi[k][0] / row, m->phi[k][1] / row};

  // Step 2: output per context and mixed
  const double yj[2] = {xp[0] + xp[1], xp[2] + xp[3]};
  const double yhat_paper = rho[0] * yj[0] + rho[1] * yj[1];
  const double yhat_2021 = m->phi[k][0] * yj[0] + m->phi[k][1] * yj[1];

  // Steps 4 and 6: innovation and Kalman update per filter; K(j) = V h(j)' / σ(j)
  double Vh[2][4], sig[2], e[2], xj[2][4];
  for (int j = 0; j < 2; j++) {
    const int o = 2 * j;  // first state of context j
    for (int i = 0; i < 4; i++) Vh[j][i] = Vp[4 * i + o] + Vp[4 * i + o + 1];
    sig[j] = Vh[j][o] + Vh[j][o + 1] + p->r;
    e[j] = channel ? 0.0 : y - yj[j];
    const double ke = e[j] / sig[j];
    for (int i = 0; i < 4; i++) xj[j][i] = xp[i] + Vh[j][i] * ke;
  }

  // Step 5: posterior. Two-term log-sum-exp written as the log posterior odds
  //   Δ = log λ(1)ρ(1) − log λ(2)ρ(2),
  // which needs one exp instead of four (the Gaussian normalisers enter as log σ(1)/σ(2)).
  const double delta = -0.5 * log(sig[0] / sig[1]) - e[0] * e[0] / (2 * sig[0]) +
                       e[1] * e[1] / (2 * sig[1]) + log(m->phi[k][0] / m->phi[k][1]);
  double g[2];
  if (delta >= 0) {
    const double z = exp(-delta);
    g[0] = 1 / (1 + z), g[1] = z / (1 + z);
  } else {
    const double z = exp(delta);
    g[0] = z / (1 + z), g[1] = 1 / (1 + z);
  }

  // Step 7: GPB1 merge. With one shared prior, Σ_j γ_j V(j) = V − Σ_j γ_j K(j) h(j) V, and the
  // spread term Σ_j γ_j (x(j) − x̄)(x(j) − x̄)' equals γ₁γ₂ (x(1) − x(2))(x(1) − x(2))'.
  double xm[4], dx[4];
  for (int i = 0; i < 4; i++) {
    xm[i] = g[0] * xj[0][i] + g[1] * xj[1][i];
    dx[i] = xj[0][i] - xj[1][i];
  }
  const int upd = !(channel && m->opt.skip_channel_covariance);
  const double w0 = upd ? g[0] / sig[0] : 0.0, w1 = upd ? g[1] / sig[1] : 0.0;
  const double g01 = g[0] * g[1];
  for (int i = 0; i < 4; i++)
    for (int l = i; l < 4; l++)
      m->V[4 * i + l] = m->V[4 * l + i] =
          Vp[4 * i + l] - w0 * Vh[0][i] * Vh[0][l] - w1 * Vh[1][i] * Vh[1][l] + g01 * dx[i] * dx[l];
  memcpy(m->x, xm, sizeof xm);
  m->yhat = m->opt.yhat == REACH_SSSM_YHAT_CODE2021 ? yhat_2021 : yhat_paper;

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
    for (int j = 0; j < 2; j++) m->S[q][j] = (1 - eta) * m->S[q][j] + (q == k ? eta * g[j] : 0.0);

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
