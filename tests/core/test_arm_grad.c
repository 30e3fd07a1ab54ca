// SPDX-License-Identifier: GPL-3.0-or-later
// The hand-written adjoint of the arm26 step, checked against central finite differences.
//
// A scalar loss of a 50-step rollout (fingertip position and velocity, muscle force, fibre
// length, MT velocity and activation, at every step), with the load computed each step from the
// arm's own state by a curl field (half the arms) or a force channel (the other half), plus an
// extra random load per step. Its gradient with respect to the initial state, every excitation
// and every extra load comes from reach_arm_step_vjp + reach_field_force_vjp +
// reach_arm_fingertip_vjp, and is compared with (L(x + h d) − L(x − h d))/2h along random
// directions d and along each initial-state coordinate, arm by arm.
//
// Arms start at random states: mid-range, near the joint limits, at low activation, with low and
// high excitations. Each arm is tagged with whether a clamp was active on its rollout (joint
// limit, activation bound). The 1e-6 bound applies where none was; clamped arms are reported.
//
// With the argument "mutant" (the builds with -DREACH_ADJOINT_DROP=k, which drop one adjoint
// term) the test passes only if the comparison fails clearly: proof that it can fail.
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "plant/muscle.h"
#include "reach.h"

#ifdef REACH_ADJOINT_DROP
#define REACH_ADJOINT_DROP_ID REACH_ADJOINT_DROP
#else
#define REACH_ADJOINT_DROP_ID 0
#endif

enum { B = 24, T = 50, NDIR = 6, NU = REACH_NMUSCLE * B };

typedef struct problem {
  reach_arm_model m;
  reach_field curl, chan;
  double start[2 * B], target[2 * B];
  // loss weights, per arm
  double w_xy[2 * B], w_vxy[2 * B];
  double w_f[NU], w_l[NU], w_v[NU], w_a[NU];
} problem;

// A perturbable point: initial state, excitations, extra loads.
typedef struct point {
  reach_arm_state s0;
  double u[T][NU];
  double extra[T][2 * B];
} point;

static void field_force(const problem *p, const reach_arm_state *s, const double *other,
                        double *fe) {
  double fc[2 * B], fch[2 * B];
  reach_field_load(&p->curl, &p->m, s, p->start, p->target, other, fc);
  reach_field_load(&p->chan, &p->m, s, p->start, p->target, other, fch);
  for (int b = 0; b < B; b++) {
    const double *src = b < B / 2 ? fc : fch;
    fe[b] = src[b];
    fe[B + b] = src[B + b];
  }
}

static void field_vjp(const problem *p, const reach_arm_state *s, const double *other,
                      const double *fe_bar, reach_arm_adjoint *bar, double *other_bar) {
  double fb_curl[2 * B] = {0}, fb_chan[2 * B] = {0}, ob_curl[2 * B], ob_chan[2 * B];
  for (int b = 0; b < B; b++) {
    double *dst = b < B / 2 ? fb_curl : fb_chan;
    dst[b] = fe_bar[b];
    dst[B + b] = fe_bar[B + b];
  }
  reach_field_load_vjp(&p->curl, &p->m, s, p->start, p->target, other, fb_curl, bar, ob_curl);
  reach_field_load_vjp(&p->chan, &p->m, s, p->start, p->target, other, fb_chan, bar, ob_chan);
  for (int j = 0; j < 2 * B; j++) other_bar[j] = ob_curl[j] + ob_chan[j];
}

// Per-arm loss of one state.
static void state_loss(const problem *p, const reach_arm_state *s, double loss[B]) {
  double xy[2 * B], vxy[2 * B];
  reach_arm_fingertip_batch(&p->m, s, xy, vxy);
  for (int b = 0; b < B; b++) {
    double l = 0.0;
    for (int j = 0; j < 2; j++)
      l += p->w_xy[j * B + b] * xy[j * B + b] + p->w_vxy[j * B + b] * vxy[j * B + b];
    for (int i = 0; i < REACH_NMUSCLE; i++) {
      int k = i * B + b;
      l += p->w_f[k] * s->force[k] / p->m.fmax[i] + p->w_l[k] * s->mlen[k] +
           p->w_v[k] * s->mvel[k] + p->w_a[k] * s->act[k];
    }
    loss[b] += l;
  }
}

// Rolls out from x; returns per-arm losses. traj (T+1 states) and fe (T loads) are optional.
static void rollout(const problem *p, const point *x, double loss[B], reach_arm_state *traj,
                    double fe_used[T][2 * B]) {
  reach_arm_state s;
  reach_arm_state_init(&s, B);
  reach_arm_state_copy(&s, &x->s0);
  if (traj) reach_arm_state_copy(&traj[0], &s);
  for (int b = 0; b < B; b++) loss[b] = 0.0;
  for (int k = 0; k < T; k++) {
    double fe[2 * B];
    field_force(p, &s, x->extra[k], fe);
    if (fe_used) memcpy(fe_used[k], fe, sizeof fe);
    reach_arm_step(&p->m, &s, x->u[k], fe, &s);
    if (traj) reach_arm_state_copy(&traj[k + 1], &s);
    state_loss(p, &s, loss);
  }
  reach_arm_state_free(&s);
}

// Adjoint of rollout: gradient g (same shape as a point; only s0's q, qd, act, force are inputs).
static void gradient(const problem *p, const point *x, point *g) {
  static reach_arm_state traj[T + 1];
  static double fe[T][2 * B];
  for (int k = 0; k <= T; k++) reach_arm_state_init(&traj[k], B);
  double loss[B];
  rollout(p, x, loss, traj, fe);
  reach_arm_adjoint bar;
  reach_arm_adjoint_init(&bar, B);
  reach_arm_adjoint_zero(&bar);
  for (int k = T; k >= 1; k--) {
    // direct loss terms of state k
    for (int b = 0; b < B; b++) {
      for (int i = 0; i < REACH_NMUSCLE; i++) {
        int j = i * B + b;
        bar.force[j] += p->w_f[j] / p->m.fmax[i];
        bar.mlen[j] += p->w_l[j];
        bar.mvel[j] += p->w_v[j];
        bar.act[j] += p->w_a[j];
      }
    }
    reach_arm_fingertip_vjp(&p->m, &traj[k], p->w_xy, p->w_vxy, bar.q, bar.qd);
    // step k-1 → k, then the load's dependence on state k-1
    double fe_bar[2 * B];
    reach_arm_step_vjp(&p->m, &traj[k - 1], x->u[k - 1], fe[k - 1], &bar, &bar, g->u[k - 1],
                       fe_bar);
    field_vjp(p, &traj[k - 1], x->extra[k - 1], fe_bar, &bar, g->extra[k - 1]);
  }
  memcpy(g->s0.q, bar.q, 2 * B * sizeof(double));
  memcpy(g->s0.qd, bar.qd, 2 * B * sizeof(double));
  memcpy(g->s0.act, bar.act, NU * sizeof(double));
  memcpy(g->s0.force, bar.force, NU * sizeof(double));
  reach_arm_adjoint_free(&bar);
  for (int k = 0; k <= T; k++) reach_arm_state_free(&traj[k]);
}

// Whether arm b met an active clamp on the rollout from x: a joint at its limit, or an
// activation update clipped at a_min or 1.
static void find_clamps(const problem *p, const point *x, int clamped[B]) {
  reach_arm_state s;
  reach_arm_state_init(&s, B);
  reach_arm_state_copy(&s, &x->s0);
  for (int b = 0; b < B; b++) clamped[b] = 0;
  for (int k = 0; k < T; k++) {
    double fe[2 * B];
    field_force(p, &s, x->extra[k], fe);
    for (int b = 0; b < B; b++) {
      for (int i = 0; i < REACH_NMUSCLE; i++) {
        int j = i * B + b;
        double ar = s.act[j] + p->m.dt * reach_activation_rate(&p->m, x->u[k][j], s.act[j]);
        if (ar <= p->m.a_min || ar >= 1.0) clamped[b] = 1;
      }
    }
    reach_arm_step(&p->m, &s, x->u[k], fe, &s);
    for (int b = 0; b < B; b++)
      for (int j = 0; j < 2; j++)
        if (s.q[j * B + b] <= p->m.q_lo[j] || s.q[j * B + b] >= p->m.q_hi[j]) clamped[b] = 1;
  }
  reach_arm_state_free(&s);
}

static void point_init(point *x, const reach_arm_state *s0) {
  reach_arm_state_init(&x->s0, B);
  reach_arm_state_copy(&x->s0, s0);
}

// x = a + t·d over every perturbable entry (state's q, qd, act, force; u; extra).
static void point_axpy(point *x, const point *a, double t, const point *d) {
  reach_arm_state_copy(&x->s0, &a->s0);
  for (int j = 0; j < 2 * B; j++) {
    x->s0.q[j] += t * d->s0.q[j];
    x->s0.qd[j] += t * d->s0.qd[j];
  }
  for (int j = 0; j < NU; j++) {
    x->s0.act[j] += t * d->s0.act[j];
    x->s0.force[j] += t * d->s0.force[j];
  }
  for (int k = 0; k < T; k++) {
    for (int j = 0; j < NU; j++) x->u[k][j] = a->u[k][j] + t * d->u[k][j];
    for (int j = 0; j < 2 * B; j++) x->extra[k][j] = a->extra[k][j] + t * d->extra[k][j];
  }
}

// Per-arm directional derivative ⟨g, d⟩.
static void dot_per_arm(const point *g, const point *d, double out[B]) {
  for (int b = 0; b < B; b++) {
    double s = 0.0;
    for (int j = 0; j < 2; j++)
      s += g->s0.q[j * B + b] * d->s0.q[j * B + b] + g->s0.qd[j * B + b] * d->s0.qd[j * B + b];
    for (int i = 0; i < REACH_NMUSCLE; i++) {
      int j = i * B + b;
      s += g->s0.act[j] * d->s0.act[j] + g->s0.force[j] * d->s0.force[j];
    }
    for (int k = 0; k < T; k++) {
      for (int i = 0; i < REACH_NMUSCLE; i++) s += g->u[k][i * B + b] * d->u[k][i * B + b];
      for (int j = 0; j < 2; j++) s += g->extra[k][j * B + b] * d->extra[k][j * B + b];
    }
    out[b] = s;
  }
}

static void point_zero(point *d) {
  memset(d->s0.block, 0, (size_t)B * REACH_ARM_STATE_ROWS * sizeof(double));
  memset(d->u, 0, sizeof d->u);
  memset(d->extra, 0, sizeof d->extra);
}

// An arm driven into both joint limits (the reference's sequence C: brachioradialis and biceps
// fully on, the rest at 0.1) ends pinned, so its final hand position cannot depend on any
// excitation: the adjoint must give exactly zero there (limits pass zero gradient when active),
// while the final muscle forces still depend on the excitations.
static void check_pinned(const reach_arm_model *m) {
  enum { TP = 40 };
  reach_arm_state traj[TP + 1];
  double u[TP][REACH_NMUSCLE];
  const double q0[2] = {1.046875, 1.5703125};
  for (int k = 0; k <= TP; k++) reach_arm_state_init(&traj[k], 1);
  reach_arm_reset(m, &traj[0], NULL, q0);
  for (int k = 0; k < TP; k++) {
    for (int i = 0; i < REACH_NMUSCLE; i++)
      u[k][i] = (i == REACH_BRACHIORADIALIS || i == REACH_BICEPS) ? 1.0 : 0.1;
    u[k][REACH_PECTORALIS] = 0.1 + 0.001 * k;  // not at a bound, so its gradient is defined
    reach_arm_step(m, &traj[k], u[k], NULL, &traj[k + 1]);
  }
  int pinned = traj[TP].q[0] == m->q_lo[0] && traj[TP].q[1] == m->q_hi[1];
  for (int which = 0; which < 2; which++) {
    reach_arm_adjoint bar;
    reach_arm_adjoint_init(&bar, 1);
    reach_arm_adjoint_zero(&bar);
    if (which == 0) {
      double pos_bar[2] = {1.0, 1.0};
      reach_arm_fingertip_vjp(m, &traj[TP], pos_bar, NULL, bar.q, bar.qd);
    } else {
      bar.force[REACH_PECTORALIS] = 1.0;
    }
    double worst = 0.0;
    for (int k = TP - 1; k >= 0; k--) {
      double ub[REACH_NMUSCLE];
      reach_arm_step_vjp(m, &traj[k], u[k], NULL, &bar, &bar, ub, NULL);
      worst = fmax(worst, fabs(ub[REACH_PECTORALIS]));
    }
    if (which == 0)
      CHECK(pinned && worst == 0.0,
            "pinned at both limits (q = %.4f, %.4f rad): d(final hand x+y)/du = %.1e, exactly 0",
            traj[TP].q[0], traj[TP].q[1], worst);
    else
      CHECK(worst > 1e-3, "…while d(final pectoralis force)/du_pectoralis is %.3g, not 0", worst);
    reach_arm_adjoint_free(&bar);
  }
  for (int k = 0; k <= TP; k++) reach_arm_state_free(&traj[k]);
}

int main(int argc, char **argv) {
  const int mutant = argc > 1 && strcmp(argv[1], "mutant") == 0;
  static problem p;
  static point x, g, d, xp;
  reach_arm_model_arm26(&p.m);
  p.curl = reach_field_curl(10.0);
  p.chan = reach_field_channel();
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng, 20261124);

  // initial states: a third mid-range, a third near a joint limit, a third at low activation
  reach_arm_state s0;
  reach_arm_state_init(&s0, B);
  double q0[2 * B];
  for (int b = 0; b < B; b++) {
    for (int j = 0; j < 2; j++) {
      double lo = p.m.q_lo[j], hi = p.m.q_hi[j];
      double q = gsl_ran_flat(rng, lo + 0.5, hi - 0.5);
      if (b % 3 == 1)
        q = (b & 1) ? lo + gsl_ran_flat(rng, 0.02, 0.06) : hi - gsl_ran_flat(rng, 0.02, 0.06);
      q0[j * B + b] = q;
    }
  }
  reach_arm_reset(&p.m, &s0, q0, NULL);
  for (int b = 0; b < B; b++) {
    for (int j = 0; j < 2; j++) {
      // near-limit arms start moving away from their limit
      double v = gsl_ran_gaussian(rng, 0.2);
      if (b % 3 == 1) v = ((b & 1) ? 1.0 : -1.0) * gsl_ran_flat(rng, 0.2, 0.6);
      s0.qd[j * B + b] = v;
    }
    for (int i = 0; i < REACH_NMUSCLE; i++) {
      int j = i * B + b;
      s0.act[j] = (b % 3 == 2) ? gsl_ran_flat(rng, 0.002, 0.02) : gsl_ran_flat(rng, 0.05, 0.9);
      s0.force[j] = gsl_ran_flat(rng, 0.0, 0.3) * p.m.fmax[i];
    }
  }
  point_init(&x, &s0);
  point_init(&g, &s0);
  point_init(&d, &s0);
  point_init(&xp, &s0);
  // Excitations: recorded from the feedback controller reaching 10 cm in a random direction on a
  // nominal rollout (so they are balanced and most arms stay in range), plus a little noise; the
  // low-activation arms get a fifth of that.
  {
    reach_feedback_reach ctl = reach_feedback_reach_default();
    ctl.t_go = 0.0;
    ctl.t_move = 0.4;
    reach_arm_state sn;
    reach_arm_state_init(&sn, B);
    reach_arm_state_copy(&sn, &s0);
    double tip_xy[2 * B], tip_v[2 * B], tgt[2 * B];
    reach_arm_fingertip_batch(&p.m, &sn, tip_xy, tip_v);
    for (int b = 0; b < B; b++) {
      double ang = gsl_ran_flat(rng, 0.0, 2.0 * 3.14159265358979);
      tgt[b] = tip_xy[b] + 0.1 * cos(ang);
      tgt[B + b] = tip_xy[B + b] + 0.1 * sin(ang);
    }
    for (int k = 0; k < T; k++) {
      reach_feedback_reach_excite(&ctl, &p.m, &sn, k * p.m.dt, tip_xy, tgt, x.u[k]);
      for (int b = 0; b < B; b++) {
        for (int i = 0; i < REACH_NMUSCLE; i++) {
          double *ui = &x.u[k][i * B + b];
          if (b % 3 == 2) *ui *= 0.2;
          *ui = fmin(fmax(*ui + gsl_ran_gaussian(rng, 0.002), 0.0015), 0.999);
        }
      }
      reach_arm_step(&p.m, &sn, x.u[k], NULL, &sn);
    }
    reach_arm_state_free(&sn);
  }
  for (int b = 0; b < B; b++) {
    for (int k = 0; k < T; k++)
      for (int j = 0; j < 2; j++) x.extra[k][j * B + b] = gsl_ran_gaussian(rng, 2.0);
    double ang = gsl_ran_flat(rng, 0.0, 2.0 * 3.14159265358979);
    double tip[2], qq[2] = {q0[b], q0[B + b]}, qd0[2] = {0, 0};
    reach_arm_fingertip(&p.m, qq, qd0, tip, NULL, NULL);
    p.start[b] = tip[0];
    p.start[B + b] = tip[1];
    p.target[b] = tip[0] + 0.1 * cos(ang);
    p.target[B + b] = tip[1] + 0.1 * sin(ang);
  }
  for (int j = 0; j < 2 * B; j++) {
    p.w_xy[j] = gsl_ran_gaussian(rng, 1.0);
    p.w_vxy[j] = gsl_ran_gaussian(rng, 0.3);
  }
  for (int j = 0; j < NU; j++) {
    p.w_f[j] = gsl_ran_gaussian(rng, 1.0);
    p.w_l[j] = gsl_ran_gaussian(rng, 1.0);
    p.w_v[j] = gsl_ran_gaussian(rng, 1.0);
    p.w_a[j] = gsl_ran_gaussian(rng, 0.1);
  }

  int clamped[B];
  find_clamps(&p, &x, clamped);
  gradient(&p, &x, &g);

  // Directions: NDIR random ones over everything, then each initial-state group alone. Each is
  // differenced at h and h/4: where the two disagree, a kink of the dynamics (the concentric/
  // eccentric switch at zero velocity, activation crossing 0.3, l̃ crossing 1, ...) lies within
  // the step and the pair is set aside; the adjoint must match the others.
  const double h = 1e-6;
  double worst_smooth = 0.0, worst_clamped = 0.0;
  int n_pairs = 0, n_smooth = 0, n_free = 0;
  for (int b = 0; b < B; b++) n_free += !clamped[b];
  const char *names[NDIR + 4] = {"random 1", "random 2", "random 3", "random 4",  "random 5",
                                 "random 6", "q0 only",  "qd0 only", "act0 only", "force0 only"};
  for (int dir = 0; dir < NDIR + 4; dir++) {
    point_zero(&d);
    int r = dir < NDIR;
    for (int j = 0; j < 2 * B; j++) {
      if (r || dir == NDIR + 0) d.s0.q[j] = gsl_ran_gaussian(rng, 1.0);
      if (r || dir == NDIR + 1) d.s0.qd[j] = gsl_ran_gaussian(rng, 1.0);
    }
    for (int j = 0; j < NU; j++) {
      if (r || dir == NDIR + 2) d.s0.act[j] = gsl_ran_gaussian(rng, 0.1);
      if (r || dir == NDIR + 3) d.s0.force[j] = gsl_ran_gaussian(rng, 100.0);
    }
    if (r) {
      for (int k = 0; k < T; k++) {
        for (int j = 0; j < NU; j++) d.u[k][j] = gsl_ran_gaussian(rng, 0.1);
        for (int j = 0; j < 2 * B; j++) d.extra[k][j] = gsl_ran_gaussian(rng, 1.0);
      }
    }
    double fd[2][B], an[B];
    for (int e = 0; e < 2; e++) {
      double step = e ? h / 4.0 : h, lp[B], lm[B];
      point_axpy(&xp, &x, step, &d);
      rollout(&p, &xp, lp, NULL, NULL);
      point_axpy(&xp, &x, -step, &d);
      rollout(&p, &xp, lm, NULL, NULL);
      for (int b = 0; b < B; b++) fd[e][b] = (lp[b] - lm[b]) / (2.0 * step);
    }
    dot_per_arm(&g, &d, an);
    double ws = 0.0, wc = 0.0;
    int smooth_here = 0;
    for (int b = 0; b < B; b++) {
      double scale = fmax(fmax(fabs(fd[0][b]), fabs(an[b])), 1e-8);
      double rel = fabs(fd[0][b] - an[b]) / scale;
      double kink = fabs(fd[0][b] - fd[1][b]) / scale;
      if (clamped[b]) {
        wc = fmax(wc, rel);
        continue;
      }
      n_pairs++;
      if (kink > 1e-7) continue;
      n_smooth++;
      smooth_here++;
      ws = fmax(ws, rel);
    }
    worst_smooth = fmax(worst_smooth, ws);
    worst_clamped = fmax(worst_clamped, wc);
    printf(
        "  direction %-11s: worst relative error %.2e over %2d smooth clamp-free arms; "
        "clamped arms %.2e\n",
        names[dir], ws, smooth_here, wc);
  }
  printf(
      "  %d of %d arms ran without an active clamp; %d of %d (arm, direction) pairs had no "
      "kink within h\n",
      n_free, B, n_smooth, n_pairs);

  if (!mutant) {
    CHECK(n_free >= B / 2, "at least half of the arms (%d of %d) ran clamp-free", n_free, B);
    CHECK(n_smooth >= (3 * n_pairs) / 4, "at least 3/4 of the pairs (%d of %d) are kink-free",
          n_smooth, n_pairs);
    CHECK(worst_smooth <= 1e-6,
          "adjoint vs central differences (h = %g): worst relative error %.2e ≤ 1e-6", h,
          worst_smooth);
    printf("  (arms that met a clamp, reported only: worst relative error %.2e)\n", worst_clamped);
    check_pinned(&p.m);
  } else {
    CHECK(worst_smooth > 1e-3,
          "mutant adjoint (term %d dropped) is caught: worst relative error %.2e > 1e-3",
          REACH_ADJOINT_DROP_ID, worst_smooth);
  }

  reach_arm_state_free(&s0);
  reach_arm_state_free(&x.s0);
  reach_arm_state_free(&g.s0);
  reach_arm_state_free(&d.s0);
  reach_arm_state_free(&xp.s0);
  gsl_rng_free(rng);
  return reach_test_finish(mutant ? "arm adjoint (mutant)" : "arm adjoint vs finite differences");
}
