// `logrank_arms`: log-rank test between the arms of a randomized design (R's survdiff).
#pragma once

#include "analysis/cohort/cohort_test.h"
#include "scenarios/spec/tests.h"

namespace jisas::analysis {

TestOutcome evaluate(const scenarios::LogRankArmsTest& test, const TestInput& input);
TestDescription describe(const scenarios::LogRankArmsTest& test);
SequentialStatistic sequential_statistic(const scenarios::LogRankArmsTest& test,
                                         const TestInput& input);

}  // namespace jisas::analysis
