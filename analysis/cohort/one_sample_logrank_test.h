// `one_sample_logrank`: observed relapses against a historical curve (Finkelstein,
// Muzikansky & Schoenfeld 2003, Stat Med 22:3335).
#pragma once

#include "analysis/cohort/cohort_test.h"
#include "scenarios/spec/tests.h"

namespace jisas::analysis {

TestOutcome evaluate(const scenarios::OneSampleLogRankTest& test, const TestInput& input);
TestDescription describe(const scenarios::OneSampleLogRankTest& test);
SequentialStatistic sequential_statistic(const scenarios::OneSampleLogRankTest& test,
                                         const TestInput& input);

}  // namespace jisas::analysis
