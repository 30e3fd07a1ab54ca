// SPDX-License-Identifier: GPL-3.0-or-later
// Poking the network (issue 18): the arm view's live reach. A click sets a target (clamped into
// the arm's workspace) and the network reaches there with the weights of the trace on screen, in
// that trace's field; grabbing the hand and dragging pulls it toward the pointer with a spring
// force, a push the network then corrects. The simulation is libreach's live reach
// (study/live_reach.h); this file maps the pointer to targets and forces, keeps the recent
// history for drawing, and paces the steps by the frame clock.
#pragma once

#include <glib.h>

#include "reach-arm-scene.h"
#include "reach-snapshot.h"

G_BEGIN_DECLS

typedef struct _ReachPoke ReachPoke;

// The spring from the hand to the pointer while dragging (N/m), and its largest force (N).
#define REACH_POKE_STIFFNESS 100.0
#define REACH_POKE_MAX_FORCE 12.0
// How far from the hand (m) a press grabs it rather than setting a target.
#define REACH_POKE_GRAB_RADIUS 0.035
// States of recent history kept for the muscle traces (1.5 s at dt = 10 ms).
#define REACH_POKE_WINDOW 150

// Whether t carries weights to poke (a network's evaluation, not the tool study's).
gboolean reach_poke_possible(const ReachArmTrace *t);

// Starts with the arm at rest where t's reaches start, holding still. NULL if t has no weights.
ReachPoke *reach_poke_new(ReachArmTrace *t);
void reach_poke_free(ReachPoke *p);
// Newer weights (and the field the user asked to see) from a newer trace: the reach under way
// continues with them. Ignored if t has no weights of the same size.
void reach_poke_set_trace(ReachPoke *p, ReachArmTrace *t);

// A press at xy (m, the scene's world): grabs the hand if it is near, else starts a reach to xy
// clamped into the workspace. Returns TRUE if it grabbed the hand.
gboolean reach_poke_press(ReachPoke *p, const double xy[2]);
// The pointer moved while the hand is held.
void reach_poke_drag(ReachPoke *p, const double xy[2]);
void reach_poke_release(ReachPoke *p);
// A force (N) at the hand for `duration` s (tests and benchmarks; a drag pushes by itself).
void reach_poke_pulse(ReachPoke *p, const double force[2], double duration);
// Whether the last target was moved into the workspace.
gboolean reach_poke_clamped(const ReachPoke *p);
gboolean reach_poke_grabbed(const ReachPoke *p);

// Steps the simulation through `seconds` of wall time at `speed` (1 = real time): as many steps
// of dt as have come due. Returns the number of steps taken.
int reach_poke_advance(ReachPoke *p, double seconds, double speed);
// Hand position (m) and steps since the reach began.
void reach_poke_get_hand(const ReachPoke *p, double xy[2], int *t);

void reach_poke_picture(const ReachPoke *p, ReachPokePicture *out);
// The recent activations, oldest first: *n states of REACH_APP_NMUSCLE each (at most
// REACH_POKE_WINDOW), dt apart.
const double *reach_poke_activations(const ReachPoke *p, int *n, double *dt);

G_END_DECLS
