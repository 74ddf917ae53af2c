#include "analysis/cohort/landmark_vs_historical_test.h"

#include "analysis/landmark_test.h"

namespace jisas::analysis {

TestOutcome evaluate(const scenarios::LandmarkVsHistoricalTest& test, const TestInput& input) {
  const auto r = landmark_vs_historical(input.km.at(test.at), test.null_rate, input.alternative);
  return {r.z, r.p_value};
}

TestDescription describe(const scenarios::LandmarkVsHistoricalTest& test) {
  return {.kind = "landmark_vs_historical",
          .statistic = "z on the log-log scale (+inf when the estimate is 1)",
          .at = test.at,
          .null_rate = test.null_rate,
          .closed_form = ClosedForm::ExactBinomial,
          .effect = scenarios::TestedEffect::Ifn};
}

}  // namespace jisas::analysis
