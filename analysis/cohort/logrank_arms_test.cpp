#include "analysis/cohort/logrank_arms_test.h"

#include "engine/errors.h"

namespace jisas::analysis {

TestOutcome evaluate(const scenarios::LogRankArmsTest&, const TestInput& input) {
  if (input.arms == nullptr) internal_error("two-arm test without arms (the loader checks this)");
  return {input.arms->logrank.chisq, input.arms->logrank.p_value};
}

TestDescription describe(const scenarios::LogRankArmsTest&) {
  return {.kind = "logrank_arms",
          .statistic = "chi-square with 1 degree of freedom (two-sided)",
          .closed_form = ClosedForm::Schoenfeld,
          .effect = scenarios::TestedEffect::Ifn};
}

}  // namespace jisas::analysis
