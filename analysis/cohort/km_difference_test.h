// `km_difference`: the arms' Kaplan-Meier relapse-free survival at a landmark,
// experimental minus control, z-test with Greenwood variances. The worked example of
// docs/extending.md.
#pragma once

#include "analysis/cohort/cohort_test.h"
#include "scenarios/spec/tests.h"

namespace jisas::analysis {

TestOutcome evaluate(const scenarios::KmDifferenceTest& test, const TestInput& input);
TestDescription describe(const scenarios::KmDifferenceTest& test);

}  // namespace jisas::analysis
