// SPDX-License-Identifier: GPL-3.0-or-later
// MotorNet's "arm26": a two-joint planar arm driven by six rigid-tendon Hill muscles, stepped by
// forward Euler at dt = 0.01 s, in double precision. The contract is
// ../shared/science/motornet-spec.md §1-§3; the step order (including the one-step force lag) is
// §3.
//
// Model/data split as in MuJoCo: reach_arm_model is the immutable description; reach_arm_state
// holds B arms as structure-of-arrays, every field laid out [component][batch] so one call steps
// the whole batch without allocating.
#ifndef REACH_ARM_H
#define REACH_ARM_H

#include <stddef.h>

enum {
  REACH_NJOINT = 2,
  REACH_NMUSCLE = 6,
};

// Muscle order used everywhere (actions, states, observations, CSV columns).
typedef enum reach_muscle {
  REACH_PECTORALIS = 0,
  REACH_DELTOID,
  REACH_BRACHIORADIALIS,
  REACH_TRICEPS_LAT,
  REACH_BICEPS,
  REACH_TRICEPS_LONG,
} reach_muscle;

// Short names as they appear in MotorNet's CSV headers ("pectoralis", "tricepslat", ...).
extern const char *const reach_muscle_names[REACH_NMUSCLE];

typedef struct reach_arm_model {
  double dt;  // s
  // skeleton
  double m1, m2, l1, l2, l1g, l2g, i1, i2;
  double q_lo[REACH_NJOINT], q_hi[REACH_NJOINT];  // joint range (rad)
  double qd_lim;                                  // |q̇| bound (rad/s)
  // mass matrix M(q2) = const + cos(q2)·var, derived from the above by reach_arm_model_finish
  double m11_c, m11_v, m12_c, m12_v, m22;
  double h;  // m2·l1·l2g, the Coriolis coefficient
  // muscles
  double fmax[REACH_NMUSCLE];   // N
  double l0_ce[REACH_NMUSCLE];  // optimal fibre length (m)
  double l0_se[REACH_NMUSCLE];  // tendon slack length (m)
  double l0_pe[REACH_NMUSCLE];  // passive slack, 1.4·l0_ce
  double k_pe[REACH_NMUSCLE];   // passive stiffness, 1/(1.66 − l0_pe/l0_ce)²
  double vmax[REACH_NMUSCLE];   // 10·l0_ce (m/s)
  double inv_l0_ce[REACH_NMUSCLE], inv_vmax[REACH_NMUSCLE];  // divisions are a step's hot spot
  double a_min, tau_act, tau_deact;
  // polynomial musculotendon geometry: L_MT = g0 + Σ_j (g1_j + g2_j φ_j) φ_j with φ = q − phi0
  double g0[REACH_NMUSCLE];
  double g1[REACH_NJOINT][REACH_NMUSCLE];
  double g2[REACH_NJOINT][REACH_NMUSCLE];
  double phi0[REACH_NJOINT];
} reach_arm_model;

// Fills m with MotorNet's RigidTendonArm26 + RigidTendonHillMuscle defaults.
void reach_arm_model_arm26(reach_arm_model *m);
// Recomputes the derived constants (mass matrix, l0_pe, k_pe, vmax) after editing base values.
void reach_arm_model_finish(reach_arm_model *m);

// B arms. Each pointer addresses [n][batch] doubles inside one block owned by the state.
typedef struct reach_arm_state {
  int batch;
  double *q;      // [2][B] shoulder, elbow angle (rad)
  double *qd;     // [2][B] joint velocity (rad/s)
  double *act;    // [6][B] activation
  double *force;  // [6][B] total muscle force (N); it drives the *next* step (the one-step lag)
  // The rest of MotorNet's muscle state, from the same Hill evaluation as force. mlen and mvel
  // describe the geometry one step behind q (spec §3); they are the proprioceptive signals.
  double *mlen;     // [6][B] fibre length (m)
  double *mvel;     // [6][B] musculotendon velocity (m/s)
  double *flpe;     // [6][B] passive force (normalised)
  double *flce;     // [6][B] active force-length factor
  double *factive;  // [6][B] active force incl. force-velocity (normalised)
  double *block;
} reach_arm_state;

enum { REACH_ARM_STATE_ROWS = 2 + 2 + 7 * REACH_NMUSCLE };

// Allocates a state for `batch` arms (zeroed). Returns 0 on success, -1 if out of memory.
int reach_arm_state_init(reach_arm_state *s, int batch);
void reach_arm_state_free(reach_arm_state *s);
void reach_arm_state_copy(reach_arm_state *dst, const reach_arm_state *src);

// Resets every arm to joint angles q0 ([2][B], or NULL for `q_default` broadcast) at rest, with
// activation a_min and the force evaluated at that state (spec §2.5).
void reach_arm_reset(const reach_arm_model *m, reach_arm_state *s, const double *q0,
                     const double q_default[REACH_NJOINT]);

// One Euler step. u: excitations [6][B] (clamped to [a_min, 1] inside). f_end: Cartesian force at
// the fingertip [2][B] in N, or NULL for none. out may be the same object as s.
void reach_arm_step(const reach_arm_model *m, const reach_arm_state *s, const double *u,
                    const double *f_end, reach_arm_state *out);

// Adjoint (reverse-mode) variables of a state: the differentiable outputs of a step.
// flpe, flce and factive are diagnostics and carry no adjoint.
typedef struct reach_arm_adjoint {
  int batch;
  double *q, *qd;       // [2][B]
  double *act, *force;  // [6][B]
  double *mlen, *mvel;  // [6][B]
  double *block;
} reach_arm_adjoint;

enum { REACH_ARM_ADJOINT_ROWS = 2 + 2 + 4 * REACH_NMUSCLE };

int reach_arm_adjoint_init(reach_arm_adjoint *a, int batch);
void reach_arm_adjoint_free(reach_arm_adjoint *a);
void reach_arm_adjoint_zero(reach_arm_adjoint *a);

// Vector-Jacobian product of reach_arm_step at (s, u, f_end): given the adjoint of the step's
// output (bar_out), writes the adjoint of its inputs: bar_in (state), u_bar [6][B] and
// f_end_bar [2][B] (nullable). Outputs are overwritten, not accumulated; bar_in may alias
// bar_out. Clamps and joint limits pass zero gradient where active (torch.clamp convention:
// gradient passes at equality with the bound).
void reach_arm_step_vjp(const reach_arm_model *m, const reach_arm_state *s, const double *u,
                        const double *f_end, const reach_arm_adjoint *bar_out,
                        reach_arm_adjoint *bar_in, double *u_bar, double *f_end_bar);

// The step and its adjoint run batched across arms, vectorised per instruction set. Every path
// gives the same bits (same operations in the same order, contraction off), so the choice only
// changes the speed; reach_arm_step, reach_arm_step_vjp and the batched fingertip functions take
// the fastest for the CPU and the batch size. Tests and benchmarks force a path with the _isa
// variants (an unavailable one runs the portable path).
// The numerics identifier of the plant (own sin/cos, the branch-free Hill adjoint), part of the
// engine stamp (docs/hdf5-layout.md): it names the arithmetic, which no ISA path changes.
#define REACH_ARM_NUMERICS "arm26-own-sincos-1"

typedef enum reach_arm_isa {
  REACH_ARM_ISA_BEST = -1,
  REACH_ARM_ISA_PORTABLE = 0,  // plain C for the baseline instruction set
  REACH_ARM_ISA_AVX2,          // AVX2 + FMA, 4 arms per instruction
  REACH_ARM_ISA_AVX512,        // AVX-512 (F, DQ, VL), 8 arms per instruction
  REACH_ARM_ISA_COUNT,
} reach_arm_isa;

int reach_arm_isa_available(reach_arm_isa isa);
reach_arm_isa reach_arm_isa_best(void);
const char *reach_arm_isa_name(reach_arm_isa isa);
void reach_arm_step_isa(reach_arm_isa isa, const reach_arm_model *m, const reach_arm_state *s,
                        const double *u, const double *f_end, reach_arm_state *out);
void reach_arm_step_vjp_isa(reach_arm_isa isa, const reach_arm_model *m, const reach_arm_state *s,
                            const double *u, const double *f_end, const reach_arm_adjoint *bar_out,
                            reach_arm_adjoint *bar_in, double *u_bar, double *f_end_bar);
void reach_arm_fingertip_batch_isa(reach_arm_isa isa, const reach_arm_model *m,
                                   const reach_arm_state *s, double *xy, double *vxy);
void reach_arm_fingertip_vjp_isa(reach_arm_isa isa, const reach_arm_model *m,
                                 const reach_arm_state *s, const double *xy_bar,
                                 const double *vxy_bar, double *bar_q, double *bar_qd);

// Fingertip kinematics of arm b: pos (x, y), vel (ẋ, ẏ), jac = ∂(x,y)/∂q row-major (all nullable).
void reach_arm_fingertip(const reach_arm_model *m, const double q[REACH_NJOINT],
                         const double qd[REACH_NJOINT], double pos[2], double vel[2],
                         double jac[4]);
// Fingertip of the whole batch: xy [2][B], vxy [2][B] (either nullable).
void reach_arm_fingertip_batch(const reach_arm_model *m, const reach_arm_state *s, double *xy,
                               double *vxy);
// Adjoint of reach_arm_fingertip_batch: adds to bar_q, bar_qd ([2][B]) the pull-back of
// xy_bar and vxy_bar ([2][B], either nullable).
void reach_arm_fingertip_vjp(const reach_arm_model *m, const reach_arm_state *s,
                             const double *xy_bar, const double *vxy_bar, double *bar_q,
                             double *bar_qd);

// Adjoint of reach_arm_fingertip for one arm: adds to q_bar, qd_bar [2] the pull-back of pos_bar
// and vel_bar [2] (either nullable).
void reach_arm_fingertip_vjp1(const reach_arm_model *m, const double q[REACH_NJOINT],
                              const double qd[REACH_NJOINT], const double pos_bar[2],
                              const double vel_bar[2], double q_bar[2], double qd_bar[2]);

// Musculotendon geometry of one arm: length (m), lengthening velocity (m/s) and moment arms
// ∂L_MT/∂q (m/rad), each [6] (nullable).
void reach_arm_geometry(const reach_arm_model *m, const double q[REACH_NJOINT],
                        const double qd[REACH_NJOINT], double lmt[REACH_NMUSCLE],
                        double vmt[REACH_NMUSCLE], double arm_sho[REACH_NMUSCLE],
                        double arm_elb[REACH_NMUSCLE]);

// The Cartesian force the stored muscle forces exert at the hand of arm b: τ = −Σ f·R, F = J⁻ᵀτ.
// Returns 0, or -1 where J is singular (fully extended elbow) and F is left at 0.
int reach_arm_endpoint_force(const reach_arm_model *m, const reach_arm_state *s, int b,
                             double f[2]);

// Operational-space dynamics of arm b's hand with no endpoint load: acc_free = J M⁻¹(τ_mus − C) +
// J̇q̇ (the hand acceleration the step would produce, τ_mus from the stored force) and
// mobility = J M⁻¹ Jᵀ (row-major 2×2; the hand acceleration per newton of endpoint force).
// Environments that must be integrated implicitly (a stiff channel) need both.
void reach_arm_hand_dynamics(const reach_arm_model *m, const reach_arm_state *s, int b,
                             double acc_free[2], double mobility[4]);
// Adjoint: adds to bar (q, qd, force of arm b) the pull-back of acc_bar [2] and mob_bar [4].
void reach_arm_hand_dynamics_vjp(const reach_arm_model *m, const reach_arm_state *s, int b,
                                 const double acc_bar[2], const double mob_bar[4],
                                 reach_arm_adjoint *bar);

// Copies arm b's state into a single-arm view's arrays (q, qd [2], act, force... [6]); used for
// logging. row must hold REACH_ARM_STATE_ROWS doubles in the order of the struct fields.
void reach_arm_state_row(const reach_arm_state *s, int b, double row[REACH_ARM_STATE_ROWS]);

#endif
