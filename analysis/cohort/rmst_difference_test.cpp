#include "analysis/cohort/rmst_difference_test.h"

#include <cmath>
#include <optional>
#include <vector>

#include "analysis/rmst.h"
#include "engine/errors.h"

namespace jisas::analysis {
namespace {

// In the input's scratch buffers when it has them (a simulated cohort).
RestrictedMean arm_mean(const TestInput& input, int arm, double tau) {
  std::optional<TestScratch> own;  // only without the input's
  TestScratch& scratch = input.scratch != nullptr ? *input.scratch : own.emplace();
  ArmData& a = scratch.arms[static_cast<std::size_t>(arm)];
  arm_data(input.data, arm, a);
  if (a.time.empty()) return {std::nan(""), std::nan("")};
  return restricted_mean(a.time, a.event, tau, scratch.restricted_mean);
}

}  // namespace

// z = (mu1 - mu0) / sqrt(V1 + V0), as survRM2::rmst2's "RMST (arm=1)-(arm=0)" with the
// variances of survival's rmean. Without information (no relapse before tau in either
// arm, or an empty arm) z and p are NaN: the test does not reject.
TestOutcome evaluate(const scenarios::RmstDifferenceTest& test, const TestInput& input) {
  if (input.arms == nullptr) internal_error("two-arm test without arms (the loader checks this)");
  const RestrictedMean control = arm_mean(input, 0, test.tau);
  const RestrictedMean experimental = arm_mean(input, 1, test.tau);
  const double variance = control.variance + experimental.variance;
  if (!(variance > 0.0)) return {};
  const double z = (experimental.mean - control.mean) / std::sqrt(variance);
  return {z, normal_p_value(z, input.alternative)};
}

TestDescription describe(const scenarios::RmstDifferenceTest& test) {
  return {.kind = "rmst_difference",
          .statistic =
              "z = (RMST1 - RMST0) / sqrt(V1 + V0), restricted mean relapse-free time "
              "to tau, experimental minus control",
          .at = test.tau,
          .closed_form = ClosedForm::None,
          .effect = scenarios::TestedEffect::Ifn};
}

}  // namespace jisas::analysis
