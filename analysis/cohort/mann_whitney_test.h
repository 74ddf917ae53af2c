// `mann_whitney`: Wilcoxon-Mann-Whitney test of a covariate, sustained (x) against relapsed
// (y) patients, as in the JISAS abstract (R's wilcox.test).
#pragma once

#include "analysis/cohort/cohort_test.h"
#include "scenarios/spec/tests.h"

namespace jisas::analysis {

TestOutcome evaluate(const scenarios::MannWhitneyTest& test, const TestInput& input);
TestDescription describe(const scenarios::MannWhitneyTest& test);

}  // namespace jisas::analysis
