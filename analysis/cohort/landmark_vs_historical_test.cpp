#include "analysis/cohort/landmark_vs_historical_test.h"

#include <cmath>

#include "analysis/landmark_test.h"

namespace jisas::analysis {

TestOutcome evaluate(const scenarios::LandmarkVsHistoricalTest& test, const TestInput& input) {
  const auto r = landmark_vs_historical(input.km.at(test.at), test.null_rate, input.alternative);
  return {r.z, r.p_value};
}

// z on the log-log scale; information 1 / se^2 of log(-log S) (the delta method of
// analysis/landmark_test.cpp). An estimate of 1 or 0 has no variance: no information.
SequentialStatistic sequential_statistic(const scenarios::LandmarkVsHistoricalTest& test,
                                         const TestInput& input) {
  const SurvivalPoint p = input.km.at(test.at);
  if (!(p.survival > 0.0 && p.survival < 1.0 && p.std_err > 0.0)) return {};
  const double se = (p.std_err / p.survival) / std::abs(std::log(p.survival));
  const auto r = landmark_vs_historical(p, test.null_rate, Alternative::Greater);
  return {r.z, 1.0 / (se * se)};
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
