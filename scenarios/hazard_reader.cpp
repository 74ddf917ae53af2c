#include "scenarios/hazard_reader.h"

#include <fmt/format.h>

#include "scenarios/distribution_reader.h"

namespace jisas::scenarios {

double residual_ratio(FieldReader& r, const Field& k, double threshold) {
  const Field residual = r.required(k, "residual_ratio");
  const double ratio = r.number(residual, kPositive);
  if (ratio >= threshold) {
    r.fail(residual, fmt::format("must be below protocol.relapse.threshold ({:g}), got {:g}",
                                 threshold, ratio));
  }
  return ratio;
}

HazardModelSpec hazard_model(FieldReader& r, const Field& k, double threshold) {
  using Kind = Distribution::Kind;
  r.check_keys(k, {"model", "cure_fraction", "cure_log_odds_per_year_cmr", "reference_cmr_years",
                   "relapse_time", "relapse_log_hr_per_year_cmr", "ifn_hazard_ratio",
                   "doubling_time", "im_half_life", "residual_ratio"});
  HazardModelSpec h;
  h.cure_fraction = r.number(k, "cure_fraction", kProbability);
  h.cure_log_odds_per_year_cmr = r.number(k, "cure_log_odds_per_year_cmr", kAnyNumber);
  h.reference_cmr_years = r.number(k, "reference_cmr_years", kNonNegative);
  // The hazard model needs a cumulative hazard in closed form (trial/distributions.cpp).
  h.relapse_time = distribution(r, r.required(k, "relapse_time"), Scale::Days,
                                {Kind::LogNormal, Kind::Weibull, Kind::PiecewiseExponential});
  h.relapse_log_hr_per_year_cmr = r.number(k, "relapse_log_hr_per_year_cmr", kAnyNumber);
  h.ifn_hazard_ratio = r.number(k, "ifn_hazard_ratio", kPositive);
  h.doubling_time = r.duration(k, "doubling_time", kPositive);
  h.im_half_life = r.duration(k, "im_half_life", kPositive);
  h.residual_ratio = residual_ratio(r, k, threshold);
  return h;
}

}  // namespace jisas::scenarios
