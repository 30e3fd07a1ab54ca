// SPDX-License-Identifier: GPL-3.0-or-later
// ReachArmView: the arm reaching to the eight targets, animated in real time from the latest
// evaluation trace (one reach after another), drawn from a ReachArmScene.
#pragma once

#include <gtk/gtk.h>

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

G_END_DECLS
