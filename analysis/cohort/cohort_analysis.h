// The per-cohort analysis: what the trial's statistician computes on the cohort's
// evaluable patients at the analysis date, into the cohort's result row.
#pragma once

#include <vector>

#include "analysis/cohort/cohort_test.h"
#include "analysis/cohort/records.h"
#include "scenarios/spec/scenario.h"

namespace jisas::analysis {

// The log-rank comparison of the arms (control 0, experimental 1) and the experimental
// arm's hazard ratio.
ArmComparison compare_arms(const CohortData& data);

// latest_day: the date (days after the accrual start) the patients were followed to; the
// final analysis comes then, or earlier at its event count (design.analysis.events).
CohortResult analyse_cohort(const scenarios::DesignPoint& point,
                            const std::vector<PatientRecord>& patients, double latest_day);

}  // namespace jisas::analysis
