#include "analysis/cohort/km_difference_test.h"

#include <cmath>
#include <optional>

#include "engine/errors.h"

namespace jisas::analysis {
namespace {

// S at `at` among the patients of one arm, as summary(survfit(...), times = at).
// In the input's scratch buffers when it has them (a simulated cohort).
SurvivalPoint arm_survival(const TestInput& input, int arm, double at) {
  std::optional<TestScratch> own;  // only without the input's
  TestScratch& scratch = input.scratch != nullptr ? *input.scratch : own.emplace();
  ArmData& a = scratch.arms[static_cast<std::size_t>(arm)];
  arm_data(input.data, arm, a);
  if (a.time.empty()) return {at, std::nan(""), std::nan(""), std::nan(""), std::nan("")};
  scratch.arm_km.fit(a.time, a.event);
  return scratch.arm_km.at(at);
}

}  // namespace

// z = (S1 - S0) / sqrt(se1^2 + se0^2), the Greenwood standard errors of summary.survfit.
// Without information (both variances 0, e.g. no relapse by the landmark in either arm,
// or an empty arm) z and p are NaN: the test does not reject.
TestOutcome evaluate(const scenarios::KmDifferenceTest& test, const TestInput& input) {
  if (input.arms == nullptr) internal_error("two-arm test without arms (the loader checks this)");
  const SurvivalPoint control = arm_survival(input, 0, test.at);
  const SurvivalPoint experimental = arm_survival(input, 1, test.at);
  const double variance =
      control.std_err * control.std_err + experimental.std_err * experimental.std_err;
  if (!(variance > 0.0)) return {};
  const double z = (experimental.survival - control.survival) / std::sqrt(variance);
  return {z, normal_p_value(z, input.alternative)};
}

TestDescription describe(const scenarios::KmDifferenceTest& test) {
  return {
      .kind = "km_difference",
      .statistic = "z = (S1 - S0) / sqrt(V1 + V0), KM at the landmark, experimental minus control",
      .at = test.at,
      .closed_form = ClosedForm::None,
      .effect = scenarios::TestedEffect::Ifn};
}

}  // namespace jisas::analysis
