// SPDX-License-Identifier: GPL-3.0-or-later
// Adjoints of the fingertip kinematics. The adjoint of the step itself (reach_arm_step_vjp) is
// in arm_kernels.c with the forward step, batched per ISA, and dispatched from arm.c, as is the
// batched reach_arm_fingertip_vjp.
#include <stddef.h>

#include "arm.h"
#include "skeleton.h"

void reach_arm_fingertip_vjp1(const reach_arm_model *m, const double q[REACH_NJOINT],
                              const double qd[REACH_NJOINT], const double pos_bar[2],
                              const double vel_bar[2], double q_bar[2], double qd_bar[2]) {
  reach_trig t;
  reach_trig_eval(&t, q);
  double j00 = -m->l1 * t.s1 - m->l2 * t.s12, j01 = -m->l2 * t.s12;
  double j10 = m->l1 * t.c1 + m->l2 * t.c12, j11 = m->l2 * t.c12;
  if (pos_bar) {
    // ∂(x, y)/∂q = J
    q_bar[0] += pos_bar[0] * j00 + pos_bar[1] * j10;
    q_bar[1] += pos_bar[0] * j01 + pos_bar[1] * j11;
  }
  if (vel_bar) {
    // v = J q̇: ∂v/∂q̇ = J, ∂v/∂q = (∂J/∂q) q̇
    double vxb = vel_bar[0], vyb = vel_bar[1], w = qd[0] + qd[1];
    qd_bar[0] += vxb * j00 + vyb * j10;
    qd_bar[1] += vxb * j01 + vyb * j11;
    // ẋ = −l1 s1 q̇1 − l2 s12 (q̇1+q̇2), ẏ = l1 c1 q̇1 + l2 c12 (q̇1+q̇2)
    q_bar[0] += vxb * (-m->l1 * t.c1 * qd[0] - m->l2 * t.c12 * w) +
                vyb * (-m->l1 * t.s1 * qd[0] - m->l2 * t.s12 * w);
    q_bar[1] += vxb * (-m->l2 * t.c12 * w) + vyb * (-m->l2 * t.s12 * w);
  }
}
