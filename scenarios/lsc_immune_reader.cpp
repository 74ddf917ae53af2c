#include "scenarios/lsc_immune_reader.h"

#include <fmt/format.h>

#include "scenarios/distribution_reader.h"
#include "scenarios/visits_reader.h"

namespace jisas::scenarios {
namespace {

constexpr Range kAtMostOne{0.0, 1.0};

void fixed_rates(FieldReader& r, const Field& f, LscImmuneSpec& spec) {
  r.check_keys(f, {"p_y", "k_y", "r_z", "a", "m"});
  spec.p_y = r.number_or(f, "p_y", kPositive, spec.p_y);
  spec.k_y = r.number_or(f, "k_y", kPositive, spec.k_y);
  spec.r_z = r.number_or(f, "r_z", kPositive, spec.r_z);
  spec.a = r.number_or(f, "a", kPositive, spec.a);
  spec.m = r.number_or(f, "m", kNonNegative, spec.m);
}

void patients(FieldReader& r, const Field& f, LscImmuneSpec& spec) {
  r.check_keys(f, {"draw", "class_weights", "jitter_sd_log10", "window_lower_edge_scale"});
  spec.window_lower_edge_scale =
      r.number_or(f, "window_lower_edge_scale", {1e-3, 1.0}, spec.window_lower_edge_scale);
  if (r.optional(f, "draw")) {
    spec.draw = r.choice(f, "draw", {"table_rows", "random_effects"}) == "random_effects"
                    ? LscImmuneSpec::PatientDraw::RandomEffects
                    : LscImmuneSpec::PatientDraw::TableRows;
  }
  if (const auto w = r.optional(f, "class_weights")) {
    r.check_keys(*w, {"A", "B", "C"});
    spec.class_weight_a = r.number_or(*w, "A", kNonNegative, spec.class_weight_a);
    spec.class_weight_b = r.number_or(*w, "B", kNonNegative, spec.class_weight_b);
    spec.class_weight_c = r.number_or(*w, "C", kNonNegative, spec.class_weight_c);
    if (spec.class_weight_a + spec.class_weight_b + spec.class_weight_c <= 0.0) {
      r.fail(*w, "at least one class weight must be > 0");
    }
  }
  spec.jitter_sd_log10 = r.number_or(f, "jitter_sd_log10", {0.0, 2.0}, spec.jitter_sd_log10);
}

void ifn_effect(FieldReader& r, const Field& f, IfnEffectSpec& ifn) {
  r.check_keys(
      f, {"immune_recruitment", "immune_window", "immune_kill", "activation", "antiproliferative"});
  ifn.immune_recruitment = r.number_or(f, "immune_recruitment", kNonNegative, 0.0);
  ifn.immune_window = r.number_or(f, "immune_window", kNonNegative, 0.0);
  ifn.immune_kill = r.number_or(f, "immune_kill", kNonNegative, 0.0);
  ifn.activation = r.number_or(f, "activation", kNonNegative, 0.0);
  ifn.antiproliferative = r.number_or(f, "antiproliferative", kAtMostOne, 0.0);
}

double deep_response(FieldReader& r, const Field& f) {
  const auto field = r.optional(f, "deep_response");
  if (!field) return 0.0;
  if (field->node.IsScalar() && field->node.Scalar() == "undetectable") return 0.0;
  return r.number(*field, {0.0, 1e-3, true, true});
}

void history(FieldReader& r, const Field& f, ImHistorySpec& h) {
  if (const auto old = r.optional(f, "visit_every"))
    r.fail(*old, "renamed: write 'visits: {every: ...}' (the schedule keys of protocol.visits)");
  r.check_keys(f, {"visits", "min_im_duration", "min_mmr_duration", "min_deep_duration",
                   "deep_response", "deep_duration_from", "stop_delay", "max_im_duration"});
  if (const auto visits = r.optional(f, "visits")) h.visits = visit_schedule(r, *visits);
  h.min_im_duration = r.duration_or(f, "min_im_duration", kNonNegative, h.min_im_duration);
  h.min_mmr_duration = r.duration_or(f, "min_mmr_duration", kNonNegative, h.min_mmr_duration);
  h.min_deep_duration = r.duration_or(f, "min_deep_duration", kNonNegative, h.min_deep_duration);
  h.deep_response = deep_response(r, f);
  if (r.optional(f, "deep_duration_from")) {
    h.sustained_deep_duration =
        r.choice(f, "deep_duration_from", {"first_deep_in_mmr_run", "last_result_not_deep"}) ==
        "last_result_not_deep";
  }
  if (const auto d = r.optional(f, "stop_delay"))
    h.stop_delay = distribution(r, *d, Scale::Days, kAnyDuration);
  const auto max = r.optional(f, "max_im_duration");
  if (max) h.max_im_duration = r.duration(*max, {h.visits.first_interval(), 60.0 * kDaysPerYear});
}

void numerics(FieldReader& r, const Field& f, LscImmuneSpec& spec) {
  r.check_keys(f, {"switch_cells", "ode_rel_tol", "ode_abs_tol"});
  spec.switch_cells = r.number_or(f, "switch_cells", {0.0, 1e6}, spec.switch_cells);
  spec.ode_rel_tol = r.number_or(f, "ode_rel_tol", {1e-12, 1e-2}, spec.ode_rel_tol);
  spec.ode_abs_tol = r.number_or(f, "ode_abs_tol", {1e-12, 1.0}, spec.ode_abs_tol);
}

LscImmuneSpec::Ratio ratio(FieldReader& r, const Field& k) {
  if (!r.optional(k, "ratio")) return LscImmuneSpec::Ratio::YOverKy;
  return r.choice(k, "ratio", {"y_over_ky", "y_over_2ky_minus_y"}) == "y_over_ky"
             ? LscImmuneSpec::Ratio::YOverKy
             : LscImmuneSpec::Ratio::YOverTwoKyMinusY;
}

}  // namespace

LscImmuneSpec lsc_immune(FieldReader& r, const Field& k) {
  r.check_keys(k, {"model", "fixed", "turnover_per_month", "immune_escape_per_year", "ratio",
                   "ratio_scale", "patients", "ifn", "history", "numerics"});
  LscImmuneSpec spec;
  if (const auto f = r.optional(k, "fixed")) fixed_rates(r, *f, spec);
  spec.turnover = r.number_or(k, "turnover_per_month", kNonNegative, 0.0);
  spec.immune_escape =
      r.number_or(k, "immune_escape_per_year", {0.0, 12.0}, 0.0) / 12.0;  // stored per month
  spec.ratio = ratio(r, k);
  spec.ratio_scale = r.number_or(k, "ratio_scale", {1e-3, 1.0}, 1.0);
  if (const auto f = r.optional(k, "patients")) patients(r, *f, spec);
  if (const auto f = r.optional(k, "ifn")) ifn_effect(r, *f, spec.ifn);
  if (const auto f = r.optional(k, "history")) history(r, *f, spec.history);
  if (const auto f = r.optional(k, "numerics")) numerics(r, *f, spec);
  return spec;
}

}  // namespace jisas::scenarios
