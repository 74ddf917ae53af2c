#include "analysis/cohort/binomial_landmark_test.h"

#include "analysis/binomial.h"

namespace jisas::analysis {

// Followed to the landmark: relapse-free and on study at it, or relapsed by it; patients
// censored earlier are left out.
TestOutcome evaluate(const scenarios::BinomialLandmarkTest& test, const TestInput& input) {
  const CohortData& e = input.data;
  int followed = 0;
  int relapse_free = 0;
  for (std::size_t i = 0; i < e.time.size(); ++i) {
    const bool relapsed_by = e.event[i] == 1 && e.time[i] <= test.at;
    const bool free_at = !relapsed_by && e.time[i] >= test.at;
    followed += relapsed_by || free_at;
    relapse_free += free_at;
  }
  if (followed == 0) return {};
  const auto r = binomial_test(relapse_free, followed, test.null_rate, input.alternative);
  return {static_cast<double>(relapse_free) / followed, r.p_value};
}

TestDescription describe(const scenarios::BinomialLandmarkTest& test) {
  return {.kind = "binomial_landmark",
          .statistic = "proportion relapse-free among the patients followed to the landmark",
          .at = test.at,
          .null_rate = test.null_rate,
          .closed_form = ClosedForm::ExactBinomial,
          .effect = scenarios::TestedEffect::Ifn};
}

}  // namespace jisas::analysis
