// Every per-cohort test, dispatched on scenarios::TestMethod: one std::visit each, so a
// test type without its evaluate or describe overload fails to compile. A new test adds
// its header here (docs/extending.md).
#pragma once

#include "analysis/cohort/binomial_landmark_test.h"
#include "analysis/cohort/cohort_test.h"
#include "analysis/cohort/km_difference_test.h"
#include "analysis/cohort/landmark_vs_historical_test.h"
#include "analysis/cohort/logrank_arms_test.h"
#include "analysis/cohort/mann_whitney_test.h"
#include "analysis/cohort/one_sample_logrank_test.h"
#include "analysis/cohort/rmst_difference_test.h"
#include "analysis/cohort/weighted_logrank_test.h"
#include "scenarios/spec/tests.h"

namespace jisas::analysis {

TestOutcome evaluate(const scenarios::TestSpec& test, const TestInput& input);
TestDescription describe(const scenarios::TestSpec& test);
// For the tests that take interim looks (their spec's kSequential; the loader checks it).
SequentialStatistic sequential_statistic(const scenarios::TestSpec& test, const TestInput& input);
// Whether evaluate reads TestInput::km, the pooled Kaplan-Meier fit (its spec's
// kReadsPooledFit).
bool reads_pooled_fit(const scenarios::TestSpec& test);
// Whether evaluate reads of each patient only whether a relapse was confirmed by the end
// of follow-up (its spec's kReadsStatusOnly): not the relapse days, not the fit.
bool reads_status_only(const scenarios::TestSpec& test);

}  // namespace jisas::analysis
