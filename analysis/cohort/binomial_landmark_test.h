// `binomial_landmark`: exact binomial test (Clopper & Pearson 1934; R's binom.test) of
// the proportion relapse-free at the landmark among the patients followed to it.
#pragma once

#include "analysis/cohort/cohort_test.h"
#include "scenarios/spec/tests.h"

namespace jisas::analysis {

TestOutcome evaluate(const scenarios::BinomialLandmarkTest& test, const TestInput& input);
TestDescription describe(const scenarios::BinomialLandmarkTest& test);

}  // namespace jisas::analysis
