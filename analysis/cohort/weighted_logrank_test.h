// `weighted_logrank` and `maxcombo`: Fleming-Harrington weighted log-rank tests between
// the arms, alone or as the maximum of several (analysis/weighted_logrank.h), for
// relapse-free curves that drop early and then plateau (non-proportional hazards).
#pragma once

#include "analysis/cohort/cohort_test.h"
#include "scenarios/spec/tests.h"

namespace jisas::analysis {

TestOutcome evaluate(const scenarios::WeightedLogRankTest& test, const TestInput& input);
TestDescription describe(const scenarios::WeightedLogRankTest& test);

TestOutcome evaluate(const scenarios::MaxComboTest& test, const TestInput& input);
TestDescription describe(const scenarios::MaxComboTest& test);

}  // namespace jisas::analysis
