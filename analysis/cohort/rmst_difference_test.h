// `rmst_difference`: the arms' restricted mean relapse-free time up to tau, experimental
// minus control, z-test (analysis/rmst.h). Unlike the log-rank test it needs no
// proportional hazards, and it reads in days gained.
#pragma once

#include "analysis/cohort/cohort_test.h"
#include "scenarios/spec/tests.h"

namespace jisas::analysis {

TestOutcome evaluate(const scenarios::RmstDifferenceTest& test, const TestInput& input);
TestDescription describe(const scenarios::RmstDifferenceTest& test);

}  // namespace jisas::analysis
