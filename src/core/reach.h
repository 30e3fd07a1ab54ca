// SPDX-License-Identifier: GPL-3.0-or-later
// libreach: the ReachLab simulation core. One public header; each module keeps its own.
#ifndef REACH_H
#define REACH_H

#include "analysis/lateral.h"
#include "analysis/linalg.h"
#include "analysis/pca.h"
#include "analysis/savings_report.h"
#include "analysis/savings_stats.h"
#include "analysis/tdr.h"
#include "analysis/uniform_shift.h"
#include "base/error.h"
#include "base/rng.h"
#include "context/design.h"
#include "context/fit.h"
#include "context/model.h"
#include "context/paradigm.h"
#include "context/paradigm_gen.h"
#include "context/ssm.h"
#include "context/sssm.h"
#include "env/field.h"
#include "io/arm_csv.h"
#include "io/csv.h"
#include "learn/config.h"
#include "learn/savings.h"
#include "learn/loss.h"
#include "learn/rollout.h"
#include "net/gru.h"
#include "plant/arm.h"
#include "plant/replay.h"
#include "task/feedback_reach.h"
#include "task/trials.h"

#endif
