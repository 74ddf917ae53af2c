#include "analysis/cohort/landmark_vs_historical_test.h"

#include <cmath>
#include <limits>

#include <boost/math/distributions/normal.hpp>

#include "analysis/binomial.h"
#include "analysis/landmark_test.h"

namespace jisas::analysis {
namespace {

// An estimate of 1 (no relapse by the landmark) or 0 has no log-log variance, and a z of
// +-infinity would reject whatever the sample size (3 patients, all relapse-free, against
// 41%: p = 0). There the estimate is x / n exactly, with n the patients whose status at
// the landmark is known (relapsed by it, or on study at it) and x those relapse-free, so
// the exact binomial test is the test: binom.test(3, 3, 0.41, "greater") gives 0.069.
// z is the normal quantile of its one-sided (greater) p-value, so it orders like the
// log-log z. No known status at all: NaN, the test does not reject.
TestOutcome exact_at_boundary(const scenarios::LandmarkVsHistoricalTest& test, const CohortData& e,
                              Alternative alternative) {
  int known = 0, relapse_free = 0;
  for (std::size_t i = 0; i < e.time.size(); ++i) {
    const bool relapsed_by = e.event[i] == 1 && e.time[i] <= test.at;
    const bool free_at = !relapsed_by && e.time[i] >= test.at;
    known += relapsed_by || free_at;
    relapse_free += free_at;
  }
  if (known == 0) return {};
  const double p_greater =
      binomial_test(relapse_free, known, test.null_rate, Alternative::Greater).p_value;
  // p = 1 (nobody relapse-free, S = 0) or p = 0 have no finite quantile: z = -inf, +inf.
  const double z =
      p_greater >= 1.0 ? -std::numeric_limits<double>::infinity()
      : p_greater <= 0.0
          ? std::numeric_limits<double>::infinity()
          : boost::math::quantile(boost::math::complement(boost::math::normal(), p_greater));
  if (alternative == Alternative::Greater) return {z, p_greater};
  return {z, binomial_test(relapse_free, known, test.null_rate, alternative).p_value};
}

}  // namespace

TestOutcome evaluate(const scenarios::LandmarkVsHistoricalTest& test, const TestInput& input) {
  const SurvivalPoint p = input.km.at(test.at);
  if (p.survival >= 1.0 || p.survival <= 0.0)
    return exact_at_boundary(test, input.data, input.alternative);
  const auto r = landmark_vs_historical(p, test.null_rate, input.alternative);
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
          .statistic =
              "z on the log-log scale; an estimate of 1 or 0: the exact binomial test "
              "of the patients with known status, z its normal quantile",
          .at = test.at,
          .null_rate = test.null_rate,
          .closed_form = ClosedForm::LandmarkLogLog,
          .effect = scenarios::TestedEffect::Ifn};
}

}  // namespace jisas::analysis
