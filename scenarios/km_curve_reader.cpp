#include "scenarios/km_curve_reader.h"

#include "scenarios/hazard_reader.h"

#include <fmt/format.h>

namespace jisas::scenarios {
namespace {

// relapse_free: {at: [durations], survival: [numbers]}, strictly increasing days and
// non-increasing survival in (0, 1].
void relapse_free(FieldReader& r, const Field& f, KmCurveSpec& spec) {
  r.check_keys(f, {"at", "survival"});
  const Field at = r.required(f, "at");
  const Field survival = r.required(f, "survival");
  const std::vector<Field> days = r.list(at), rates = r.list(survival);
  if (days.empty()) r.fail(at, "needs at least one point");
  if (rates.size() != days.size()) {
    r.fail(survival, fmt::format("needs one value per point of 'at' ({}), got {}", days.size(),
                                 rates.size()));
  }
  for (std::size_t i = 0; i < days.size(); ++i) {
    const double day = r.duration(days[i], kPositive);
    const double s = r.number(rates[i], {0.0, 1.0, true, false});  // (0, 1]
    if (!spec.days.empty() && day <= spec.days.back()) r.fail(days[i], "must increase strictly");
    if (!spec.survival.empty() && s > spec.survival.back()) {
      r.fail(rates[i], "relapse-free survival cannot increase");
    }
    spec.days.push_back(day);
    spec.survival.push_back(s);
  }
}

}  // namespace

KmCurveSpec km_curve_model(FieldReader& r, const Field& k, double threshold) {
  r.check_keys(k, {"model", "relapse_free", "ifn_hazard_ratio", "doubling_time", "im_half_life",
                   "residual_ratio"});
  KmCurveSpec spec;
  relapse_free(r, r.required(k, "relapse_free"), spec);
  spec.ifn_hazard_ratio = r.number(k, "ifn_hazard_ratio", kPositive);
  spec.doubling_time = r.duration(k, "doubling_time", kPositive);
  spec.im_half_life = r.duration(k, "im_half_life", kPositive);
  spec.residual_ratio = residual_ratio(r, k, threshold);
  return spec;
}

}  // namespace jisas::scenarios
