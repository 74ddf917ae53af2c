#include "analysis/cohort/logrank_arms_test.h"

#include <cmath>

#include "engine/errors.h"

namespace jisas::analysis {

// Two-sided: survdiff's chi-square and p-value. One-sided: z = (E1 - O1) / sqrt(V11) for
// the experimental arm (1), positive when it has fewer relapses than expected; with two
// groups z^2 is the chi-square, so p = pnorm(-z) for `greater` is R's
// pnorm(sign(E1 - O1) * sqrt(survdiff(...)$chisq), lower.tail = FALSE).
TestOutcome evaluate(const scenarios::LogRankArmsTest& test, const TestInput& input) {
  if (input.alternative == Alternative::TwoSided) {
    if (input.arms == nullptr) internal_error("two-arm test without arms (the loader checks this)");
    return {input.arms->logrank.chisq, input.arms->logrank.p_value};
  }
  const SequentialStatistic s = sequential_statistic(test, input);
  if (std::isnan(s.information)) return {};
  return {s.z, normal_p_value(s.z, input.alternative)};
}

// z = (E1 - O1) / sqrt(V11); information V11, the log-rank variance (about a quarter of
// the relapses with 1:1 arms).
SequentialStatistic sequential_statistic(const scenarios::LogRankArmsTest&,
                                         const TestInput& input) {
  if (input.arms == nullptr) internal_error("two-arm test without arms (the loader checks this)");
  const LogRankResult& lr = input.arms->logrank;
  const double v = lr.variance.size() == 4 ? lr.variance[3] : 0.0;
  if (!(v > 0.0)) return {};
  return {(lr.expected[1] - lr.observed[1]) / std::sqrt(v), v};
}

TestDescription describe(const scenarios::LogRankArmsTest&) {
  return {.kind = "logrank_arms",
          .statistic =
              "two-sided: chi-square with 1 degree of freedom; one-sided: "
              "z = (E1 - O1) / sqrt(V11), positive when the IFN arm relapses less",
          .closed_form = ClosedForm::Schoenfeld,
          .effect = scenarios::TestedEffect::Ifn};
}

}  // namespace jisas::analysis
