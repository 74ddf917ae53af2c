#include "analysis/cohort/mann_whitney_test.h"

#include "analysis/wilcoxon.h"

namespace jisas::analysis {

TestOutcome evaluate(const scenarios::MannWhitneyTest& test, const TestInput& input) {
  switch (test.covariate) {
    case scenarios::MannWhitneyTest::Covariate::CmrDuration: {
      const auto& x = input.data.cmr_sustained;
      const auto& y = input.data.cmr_relapsed;
      const auto r = input.scratch != nullptr ? input.scratch->wilcoxon(x, y, input.alternative)
                                              : wilcoxon_test(x, y, input.alternative);
      return {r.w, r.p_value};
    }
  }
  return {};
}

TestDescription describe(const scenarios::MannWhitneyTest&) {
  return {.kind = "mann_whitney",
          .statistic = "W, the Mann-Whitney statistic of sustained (x) against relapsed (y)",
          .closed_form = ClosedForm::None,
          .effect = scenarios::TestedEffect::Covariate};
}

}  // namespace jisas::analysis
