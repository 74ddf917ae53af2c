// `landmark_vs_historical`: Kaplan-Meier relapse-free survival at a landmark against a
// historical rate, z-test on the log-log scale (Klein et al. 2007, Stat Med 26:4505).
#pragma once

#include "analysis/cohort/cohort_test.h"
#include "scenarios/spec/tests.h"

namespace jisas::analysis {

TestOutcome evaluate(const scenarios::LandmarkVsHistoricalTest& test, const TestInput& input);
TestDescription describe(const scenarios::LandmarkVsHistoricalTest& test);
SequentialStatistic sequential_statistic(const scenarios::LandmarkVsHistoricalTest& test,
                                         const TestInput& input);

}  // namespace jisas::analysis
