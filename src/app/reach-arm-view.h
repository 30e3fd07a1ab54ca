// SPDX-License-Identifier: GPL-3.0-or-later
// ReachArmView: the arm reaching to the eight targets, animated in real time from the latest
// evaluation trace (one reach after another), drawn from a ReachArmScene.
#pragma once

#include <gtk/gtk.h>

#include "reach-muscle-panel.h"
#include "reach-poke.h"
#include "reach-snapshot.h"

G_BEGIN_DECLS

#define REACH_TYPE_ARM_VIEW (reach_arm_view_get_type())
G_DECLARE_FINAL_TYPE(ReachArmView, reach_arm_view, REACH, ARM_VIEW, GtkWidget)

GtkWidget *reach_arm_view_new(void);
// Takes a new reference; the animation switches to it at the next reach. Nullable.
void reach_arm_view_set_trace(ReachArmView *self, ReachArmTrace *trace);
void reach_arm_view_set_presentation(ReachArmView *self, gboolean on);
// Stops the animation at reach `reach`, state `step` (for screenshots); reach < 0 resumes.
void reach_arm_view_freeze(ReachArmView *self, int reach, int step);
// Which reach and step are on screen.
void reach_arm_view_get_position(ReachArmView *self, int *reach, int *step);
// Time spent building and drawing the scene per frame (ms), since the last reset.
void reach_arm_view_get_frame_stats(ReachArmView *self, double *mean_ms, double *max_ms,
                                    int *frames);
void reach_arm_view_reset_frame_stats(ReachArmView *self);
// Of that, the mean time (ms) spent building the scene from the trace, and the vertices of the
// last GL frame (0 when drawn with Cairo).
void reach_arm_view_get_scene_stats(ReachArmView *self, double *scene_ms, int *vertices);
// "GL" or "Cairo": which renderer draws the scene.
const char *reach_arm_view_get_renderer(ReachArmView *self);

// The panel of muscle traces the view feeds as the arm moves (not owned; nullable).
void reach_arm_view_set_muscle_panel(ReachArmView *self, ReachMusclePanel *panel);

// Poking (reach-poke.h): a press at xy (m, the scene's world) as a click there: grabs the hand
// or sets a target, starting the live reach from the trace on screen if none runs. FALSE if the
// trace has no network to poke (the fixed controller, the tool study).
gboolean reach_arm_view_poke_at(ReachArmView *self, const double xy[2]);
// Steps the live reach through `seconds` at once (with the view frozen, the frame clock does
// not: for screenshots and tests). Returns the steps taken.
int reach_arm_view_poke_advance(ReachArmView *self, double seconds);
// The text the view shows about poking (a hint, or that the target was clamped); NULL when not
// poking. Free with g_free.
char *reach_arm_view_get_poke_text(ReachArmView *self);
// Back to the animated trace.
void reach_arm_view_stop_poke(ReachArmView *self);
// The live reach (nullable: not poking).
ReachPoke *reach_arm_view_get_poke(ReachArmView *self);
// Simulated seconds per second of the frame clock (1 = real time).
void reach_arm_view_set_poke_speed(ReachArmView *self, double speed);
// Frames of the live reach per second of the frame clock since the last reset, the longest
// interval between two (ms) and the frames counted.
void reach_arm_view_get_poke_stats(ReachArmView *self, double *fps, double *max_interval_ms,
                                   int *frames);
void reach_arm_view_reset_poke_stats(ReachArmView *self);

G_END_DECLS
