#include "analysis/cohort/one_sample_logrank_test.h"

#include "analysis/one_sample_logrank.h"

namespace jisas::analysis {

namespace {

HistoricalCurve curve_of(const scenarios::OneSampleLogRankTest& test) {
  return test.through_landmark() ? HistoricalCurve::exponential_through(test.at, test.null_rate)
                                 : HistoricalCurve(test.historical_breaks, test.historical_rates);
}

}  // namespace

TestOutcome evaluate(const scenarios::OneSampleLogRankTest& test, const TestInput& input) {
  const auto r =
      one_sample_logrank(input.data.time, input.data.event, curve_of(test), input.alternative);
  return {r.z, r.p_value};
}

// z = (E - O) / sqrt(E); information E, the relapses expected under the historical curve.
SequentialStatistic sequential_statistic(const scenarios::OneSampleLogRankTest& test,
                                         const TestInput& input) {
  const auto r =
      one_sample_logrank(input.data.time, input.data.event, curve_of(test), Alternative::Greater);
  if (!(r.expected > 0.0)) return {};
  return {r.z, r.expected};
}

// A landmark and null rate only for the exponential curve through S(at) = null_rate; a
// piecewise curve has no single one (and so no closed form).
TestDescription describe(const scenarios::OneSampleLogRankTest& test) {
  TestDescription d{.kind = "one_sample_logrank",
                    .statistic = "z = (E - O) / sqrt(E), expected minus observed relapses",
                    .closed_form = ClosedForm::None,
                    .effect = scenarios::TestedEffect::Ifn};
  if (test.through_landmark()) {
    d.at = test.at;
    d.null_rate = test.null_rate;
    d.closed_form = ClosedForm::OneSampleLogRank;
  }
  return d;
}

}  // namespace jisas::analysis
