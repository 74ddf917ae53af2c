// The per-cohort analysis: what the trial's statistician computes on the cohort's
// evaluable patients at the analysis date, into the cohort's result row.
#pragma once

#include <bitset>
#include <vector>

#include "analysis/cohort/cohort_test.h"
#include "analysis/cohort/records.h"
#include "analysis/kaplan_meier.h"
#include "scenarios/spec/scenario.h"

namespace jisas::analysis {

// The log-rank comparison of the arms (control 0, experimental 1) and the experimental
// arm's hazard ratio.
// pooled: the cohort's pooled KM fit, whose order the test reuses (or null: sorted again).
ArmComparison compare_arms(const CohortData& data, const KaplanMeier* pooled = nullptr);

// latest_day: the date (days after the accrual start) the patients were followed to; the
// final analysis comes then, or earlier at its event count (design.analysis.events).
CohortResult analyse_cohort(const scenarios::DesignPoint& point,
                            const std::vector<PatientRecord>& patients, double latest_day);

// Which of the point's tests to run.
using TestMask = std::bitset<kMaxTests>;

// The tests of `tests` alone, and the looks' decision if they decide on one of them: what
// a null or boundary twin gives its cohort's row (p_value, reject, stop_look,
// stop_reason). Every other field is left NaN or 0. The same values as analyse_cohort's.
CohortResult analyse_twin(const scenarios::DesignPoint& point,
                          const std::vector<PatientRecord>& patients, double latest_day,
                          TestMask tests);

}  // namespace jisas::analysis
