// SPDX-License-Identifier: GPL-3.0-or-later
// COIN's parameters (coin.h): COIN.m's defaults, the checks, and the [coin] INI key table that
// reads and describes parameter files (the io/ini.h machinery walks it).
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "../io/ini.h"
#include "coin.h"

reach_coin_params reach_coin_params_default(void) {
  return (reach_coin_params){
      .sigma_process_noise = 0.0089,
      .sigma_sensory_noise = 0.03,
      .sigma_motor_noise = 0.0182,
      .prior_mean_retention = 0.9425,
      .prior_precision_retention = 837.1 * 837.1,
      .prior_precision_drift = 1.2227e3 * 1.2227e3,
      .gamma_context = 0.1,
      .alpha_context = 8.955,
      .rho_context = 0.2501,
      .gamma_cue = 0.1,
      .alpha_cue = 25,
      .infer_bias = 0,
      .prior_precision_bias = 70.0 * 70.0,
      .particles = 100,
      .max_contexts = 10,
  };
}

reach_status reach_coin_params_check(const reach_coin_params *p, reach_error *err) {
  const struct {
    const char *name;
    double v;
  } pos[] = {
      {"sigma_process_noise", p->sigma_process_noise},
      {"sigma_sensory_noise", p->sigma_sensory_noise},
      {"sigma_motor_noise", p->sigma_motor_noise},
      {"gamma_context", p->gamma_context},
      {"alpha_context", p->alpha_context},
      {"gamma_cue", p->gamma_cue},
      {"alpha_cue", p->alpha_cue},
  };
  for (size_t i = 0; i < sizeof pos / sizeof pos[0]; i++)
    if (!(pos[i].v > 0) || !isfinite(pos[i].v))
      return reach_error_set(err, REACH_ERR_RANGE, "COIN %s must be finite and > 0; found %g",
                             pos[i].name, pos[i].v);
  const struct {
    const char *name;
    double v;
  } prec[] = {
      {"prior_precision_retention", p->prior_precision_retention},
      {"prior_precision_drift", p->prior_precision_drift},
      {"prior_precision_bias", p->prior_precision_bias},
  };
  for (size_t i = 0; i < sizeof prec / sizeof prec[0]; i++)
    if (!(prec[i].v > 0))  // INFINITY allowed: the parameter is then fixed at its prior mean
      return reach_error_set(err, REACH_ERR_RANGE, "COIN %s must be > 0 (inf fixes it); found %g",
                             prec[i].name, prec[i].v);
  if (!(p->prior_mean_retention > 0 && p->prior_mean_retention < 1))
    return reach_error_set(err, REACH_ERR_RANGE,
                           "COIN prior_mean_retention must be in (0, 1); found %g",
                           p->prior_mean_retention);
  if (!(p->rho_context >= 0 && p->rho_context < 1))
    return reach_error_set(err, REACH_ERR_RANGE, "COIN rho_context must be in [0, 1); found %g",
                           p->rho_context);
  if (p->infer_bias != 0 && p->infer_bias != 1)
    return reach_error_set(err, REACH_ERR_RANGE, "COIN infer_bias must be 0 or 1; found %d",
                           p->infer_bias);
  if (p->particles < 1 || p->particles > 1000000)
    return reach_error_set(err, REACH_ERR_RANGE, "COIN particles must be in 1..1000000; found %d",
                           p->particles);
  if (p->max_contexts < 1 || p->max_contexts > REACH_COIN_MAX_CONTEXTS)
    return reach_error_set(err, REACH_ERR_RANGE, "COIN max_contexts must be in 1..%d; found %d",
                           REACH_COIN_MAX_CONTEXTS, p->max_contexts);
  return REACH_OK;
}

#define OFF(member) offsetof(reach_coin_params, member)
// (0, ∞) finite; a precision may also be inf, which fixes its parameter at the prior mean
#define POS(n, help) \
  { "coin", #n, REACH_INI_DOUBLE, OFF(n), 0, INFINITY, true, false, help, NULL, false }
#define PREC(n, help) \
  { "coin", #n, REACH_INI_DOUBLE_INF, OFF(n), 0, INFINITY, true, false, help, NULL, false }
#define INT(n, lo, hi, help) \
  { "coin", #n, REACH_INI_INT, OFF(n), lo, hi, false, false, help, NULL, false }

static const char *const sections[] = {"coin"};
// clang-format off
static const reach_ini_key keys[] = {
    POS(sigma_process_noise, "σ_q: standard deviation of each context's process noise"),
    POS(sigma_sensory_noise, "σ_s: standard deviation of the sensory noise"),
    POS(sigma_motor_noise, "σ_m: standard deviation of the motor noise"),
    {"coin", "prior_mean_retention", REACH_INI_DOUBLE, OFF(prior_mean_retention), 0, 1, true, true,
     "μ_a: prior mean of the retention", NULL, false},
    PREC(prior_precision_retention, "λ_a: prior precision of the retention (inf fixes it at μ_a)"),
    PREC(prior_precision_drift, "λ_d: prior precision of the drift (inf fixes it at 0)"),
    POS(gamma_context, "γ: concentration of the global transition weights"),
    POS(alpha_context, "α: concentration of each context's transition row"),
    {"coin", "rho_context", REACH_INI_DOUBLE, OFF(rho_context), 0, 1, false, true,
     "ρ: self-transition bias (κ = αρ/(1 − ρ))", NULL, false},
    POS(gamma_cue, "γ_e: concentration of the global cue weights"),
    POS(alpha_cue, "α_e: concentration of each context's cue row"),
    INT(infer_bias, 0, 1, "1: infer a measurement bias per context"),
    PREC(prior_precision_bias, "λ_b: prior precision of the bias"),
    INT(particles, 1, 1000000, "P: particles per run"),
    INT(max_contexts, 1, REACH_COIN_MAX_CONTEXTS, "most contexts a particle may create"),
};
// clang-format on
static const reach_ini_table table = {sections, 1, keys, (int)(sizeof keys / sizeof keys[0])};

const reach_ini_table *reach_coin_params_table(void) { return &table; }

reach_status reach_coin_params_read(const char *path, reach_coin_params *p, reach_error *err) {
  char *text = NULL;
  reach_status st = reach_ini_read_file(path, &text, err);
  if (st != REACH_OK) return st;
  reach_coin_params q = *p;  // parse into a copy: a failed read leaves *p as it was
  int lines[sizeof keys / sizeof keys[0]];
  st = reach_ini_parse(&table, text, path, &q, lines, err);
  free(text);
  if (st == REACH_OK) st = reach_coin_params_check(&q, err);
  if (st == REACH_OK) *p = q;
  return st;
}
