// SPDX-License-Identifier: GPL-3.0-or-later
// ReachNeuralView: the network's hidden-state trajectories for the eight targets in the first
// three principal components (fit on FF1 batch 0), FF1 batch 0 in full colour and FF2 batch 0
// lighter, a disc at the go cue. Drag to orbit. Drawn by GL (shaders/neural.*) in a GtkGLArea,
// or by Cairo with the same projection when GL is unavailable. A second page shows PC1 against
// PC2 as a ReachPlot, which is what exports write.
#pragma once

#include <gtk/gtk.h>

#include "reach-neural.h"
#include "reach-plot.h"

G_BEGIN_DECLS

#define REACH_TYPE_NEURAL_VIEW (reach_neural_view_get_type())
G_DECLARE_FINAL_TYPE(ReachNeuralView, reach_neural_view, REACH, NEURAL_VIEW, GtkWidget)

// Takes a new reference; NULL shows `why` (nullable) as a placeholder.
void reach_neural_view_set_neural(ReachNeuralView *self, ReachNeural *n, const char *why);
void reach_neural_view_set_presentation(ReachNeuralView *self, gboolean on);
// Orbit angles (rad): yaw about the screen's vertical, then pitch about its horizontal.
void reach_neural_view_set_orbit(ReachNeuralView *self, double yaw, double pitch);
void reach_neural_view_get_orbit(ReachNeuralView *self, double *yaw, double *pitch);
// Where PC point p (3 values) lands in the drawing area of width × height logical pixels.
void reach_neural_view_project(ReachNeuralView *self, const double p[3], int width, int height,
                               double *x, double *y);
// The 3-D drawing area (for pictures) and the PC1–PC2 plot (for exports).
GtkWidget *reach_neural_view_get_canvas(ReachNeuralView *self);
ReachPlot *reach_neural_view_get_plot(ReachNeuralView *self);
// "GL" or "Cairo".
const char *reach_neural_view_get_renderer(ReachNeuralView *self);
// How many frames the view has drawn (GL renders or Cairo draws).
int reach_neural_view_get_draw_count(ReachNeuralView *self);

// The colour of target b of n (a hue wheel, neighbours in space get neighbouring hues).
void reach_neural_target_rgb(int b, int n, double rgb[3]);

G_END_DECLS
