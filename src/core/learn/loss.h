// SPDX-License-Identifier: GPL-3.0-or-later
// The training loss of the savings study (savings-paper-spec §1.5) on a finished rollout, and its
// adjoint with respect to what the rollout recorded (hand position and velocity, muscle force,
// hidden state), which reach_rollout_backward carries into the parameters.
//
// Code form (default, `model.cal_loss`), over recorded steps k = 1 … T of B trials:
//   position      w_p  · mean_{b,k} Σ_xy |x − x*|
//   jerk          w_j  · mean_{b,k} Σ_xy (Δ²v)²        raw differences, no dt
//   muscle        w_m  · mean_{b,k} Σ_m f               linear in force (N)
//   muscle deriv  w_md · mean_{b,k} Σ_m (Δf)²
//   hidden        w_h  · mean_{b,k,unit} h²
//   hidden deriv  w_hd · mean_{b,k,unit} (Δh)²
// Paper form (Eq. 1 literally): fᵀf, sums over units, and each difference divided by dt (Δ²v/dt²
// is the hand's jerk, Δf/dt and Δh/dt are derivatives).
// x* is the trial's start until its go step and the target from then on.
#ifndef REACH_LOSS_H
#define REACH_LOSS_H

#include "../task/config.h"
#include "rollout.h"

typedef struct reach_loss_terms {
  double position, jerk, muscle, muscle_deriv, hidden, hidden_deriv;
  double total;
} reach_loss_terms;

// Returns the loss of r's last forward pass and overwrites r's loss adjoints.
double reach_loss_eval(reach_rollout *r, const reach_loss_config *c, const reach_task_config *tc,
                       reach_loss_terms *terms);

#endif
