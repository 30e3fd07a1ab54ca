// SPDX-License-Identifier: GPL-3.0-or-later
#include "reach-captions.h"

#include <glib/gi18n.h>
#include <math.h>

#include "context/paradigm_gen.h"

static const char *savings_caption(const ReachSnapshot *s) {
  gboolean learns = s->mode == REACH_SESSION_NETWORK;
  switch (s->stage) {
    case REACH_APP_STAGE_GROW: return _("Growing up: the network learns to reach at all");
    case 0: return _("NF1 · No field: the reaches are straight");
    case 1:
      return learns ? _("FF1 · A clockwise curl field bends the reaches, and the network learns to "
                        "push back")
                    : _("FF1 · A clockwise curl field bends the reaches");
    case 2:
      return learns ? _("NF2 · Field off: the after-effect washes out")
                    : _("NF2 · Field off: the reaches are straight again");
    case 3:
      return learns ? _("FF2 · The field returns: is it relearnt faster than in FF1? (savings)")
                    : _("FF2 · The field returns; a fixed controller cannot learn, so nothing is "
                        "saved");
    default: return _("Done: the protocol is complete");
  }
}

// Another protocol's phase: its name and what it does, by kind.
static char *protocol_caption(const ReachSnapshot *s) {
  if (s->stage == REACH_APP_STAGE_GROW || s->stage >= s->nphase)
    return g_strdup(savings_caption(s));
  const reach_phase *p = &s->phases[s->stage];
  const char *what =
      p->kind == REACH_PHASE_ROTATION
          ? _("The hand is seen rotated about the start: the network learns to aim its cursor")
      : p->kind == REACH_PHASE_CURL
          ? _("A curl field bends the reaches, and the network learns to push back")
      : s->stage > 0 && s->phases[s->stage - 1].kind != REACH_PHASE_NULL
          ? _("No perturbation: the after-effect washes out")
          : _("No perturbation: the reaches are straight");
  if (p->context > 0)
    return g_strdup_printf(_("%s · %s; context input %d is on"), p->name, what, p->context);
  return g_strdup_printf("%s · %s", p->name, what);
}

const char *reach_tool_phase_name(ReachToolPhase k) {
  switch (k) {
    case REACH_TOOL_PHASE_PRE: return _("Pre-exposure");
    case REACH_TOOL_PHASE_EXPOSE: return _("Exposure");
    case REACH_TOOL_PHASE_GENERAL: return _("Generalisation");
    default: return _("Post-exposure");
  }
}

const char *reach_tool_phase_kind(const ReachToolHistory *h, ReachToolPhase k) {
  switch (k) {
    case REACH_TOOL_PHASE_EXPOSE:
      return h->experiment == REACH_EXP2_SAME ? _("same field") : _("opposing fields");
    case REACH_TOOL_PHASE_GENERAL: return _("fields + probes");
    default: return _("null, channels");
  }
}

static const char *tool_caption(const ReachToolHistory *h, int stage) {
  if (stage >= h->n_phases) return _("Done: the experiment is complete");
  switch (h->phase_kind[stage]) {
    case REACH_TOOL_PHASE_PRE:
      return _("Pre-exposure · No field: the reaches with the object are straight");
    case REACH_TOOL_PHASE_EXPOSE:
      return h->experiment == REACH_EXP2_SAME
                 ? _("Exposure · One field at both control points: one memory serves both")
             : h->experiment == REACH_EXP1_SINGLE
                 ? _("Exposure · Opposing fields, but the centre is always moved: one memory "
                     "cannot learn both")
             : h->sssm
                 ? _("Exposure · Each control point has its own field: the SSSM forms two memories")
                 : _("Exposure · Each control point has its own field: can this learner keep two "
                     "memories?");
    case REACH_TOOL_PHASE_GENERAL:
      return _("Generalisation · Channel probes with the object or the hand shifted 14 cm");
    default:
      return h->experiment >= REACH_EXP2_OPPOSING
                 ? _("Post-exposure · One control point is washed out, then the other is probed: "
                     "the rebound")
                 : _("Post-exposure · Null trials: the learning washes out");
  }
}

static void tool_captions(ReachCaptions *c, const ReachSnapshot *s) {
  const ReachToolHistory *h = s->tool;
  g_autofree char *where =
      s->stage >= h->n_phases
          ? g_strdup_printf(_("done, %d trials"), h->n_total)
          : g_strdup_printf(_("%s, trial %d of %d"), reach_tool_phase_name(h->phase_kind[s->stage]),
                            h->n, h->n_total);
  c->subtitle = g_strdup_printf("%s — %s", s->model_label, where);
  c->done = g_strdup_printf(_("%d of %d"), h->n, h->n_total);
  if (h->n > 0) {
    const int t = h->n - 1;
    const char *kind = h->channel[t] ? _("channel") : h->pert[t] != 0.0 ? _("field") : _("null");
    // the network learner has no explicit prediction off channel trials (ŷ NAN)
    c->last =
        h->channel[t]
            ? g_strdup_printf(_("%s, adaptation %+.0f %%, ŷ %+.2f"), kind, h->adapt[t], h->yhat[t])
        : isnan(h->yhat[t])
            ? g_strdup_printf(_("%s, MPE %+.1f mm"), kind, 1e3 * h->mpe[t])
            : g_strdup_printf(_("%s, MPE %+.1f mm, ŷ %+.2f"), kind, 1e3 * h->mpe[t], h->yhat[t]);
    c->arm_label = g_strdup_printf("%s · %s", where, c->last);
  } else {
    c->last = g_strdup("—");
    c->arm_label = g_strdup(where);
  }
  c->caption = tool_caption(h, s->stage);
}

static void savings_captions(ReachCaptions *c, const ReachSnapshot *s) {
  g_autofree char *stage = s->stage == REACH_APP_STAGE_GROW ? g_strdup(_("growing up"))
                           : s->stage >= REACH_APP_STAGE_DONE
                               ? g_strdup(_("done"))
                               : g_strdup_printf(_("%s, batch %d of %d"), s->phases[s->stage].name,
                                                 s->batch + 1, s->phase_batches[s->stage]);
  c->subtitle = g_strdup_printf("%s — %s", s->model_label, stage);
  // a network opened finished has run nothing here, but its plots hold the batches it was
  // trained for: say so rather than show 0 beside them
  int logged = 0;
  for (int i = 0; i < s->nphase; i++) logged += s->n_ld[i];
  c->done = s->total == 0 && logged > 0
                ? g_strdup_printf(_("%d, trained before it was opened"), logged)
                : g_strdup_printf("%d", s->total);
  // the last batch's mean LD and the field it met
  double ld = NAN;
  for (int i = s->nphase - 1; i >= 0 && !isfinite(ld); i--)
    if (s->n_ld[i] > 0) ld = s->ld[i][s->n_ld[i] - 1];
  // with a rotation phase, the cursor's direction error of the last batch too (its measure)
  double dir = NAN;
  gboolean rotation = FALSE;
  for (int i = 0; i < s->nphase; i++)
    rotation = rotation || s->phases[i].kind == REACH_PHASE_ROTATION;
  for (int i = s->nphase - 1; rotation && i >= 0; i--)
    if (s->n_ld[i] > 0) {
      dir = s->dir[i] ? s->dir[i][s->n_ld[i] - 1] : NAN;
      break;
    }
  if (isfinite(ld) && isfinite(dir))
    c->last = g_strdup_printf(_("%+.2f cm, direction error %+.1f° (mean of the last batch)"),
                              100 * ld, dir);
  else
    c->last = isfinite(ld) ? g_strdup_printf(_("%+.2f cm (mean of the last batch)"), 100 * ld)
                           : g_strdup("—");
  if (s->trace && isfinite(dir))
    c->arm_label = g_strdup_printf(_("%s   field %s   LD %+.2f cm   direction %+.1f°"), stage,
                                   s->trace->field != 0 ? _("on") : _("off"),
                                   isfinite(ld) ? 100 * ld : 0.0, dir);
  else if (s->trace)
    c->arm_label =
        g_strdup_printf(_("%s   field %s   LD %+.2f cm"), stage,
                        s->trace->field != 0 ? _("on") : _("off"), isfinite(ld) ? 100 * ld : 0.0);
  else
    c->arm_label = g_strdup(stage);
  if (s->study || s->mode != REACH_SESSION_NETWORK) {
    c->caption = savings_caption(s);
  } else {
    c->caption_text = protocol_caption(s);
    c->caption = c->caption_text;
  }
}

void reach_captions_init(ReachCaptions *c, const ReachSnapshot *s) {
  *c = (ReachCaptions){0};
  if (s->tool)
    tool_captions(c, s);
  else
    savings_captions(c, s);
}

void reach_captions_clear(ReachCaptions *c) {
  g_free(c->subtitle);
  g_free(c->done);
  g_free(c->last);
  g_free(c->arm_label);
  g_free(c->caption_text);
  *c = (ReachCaptions){0};
}
