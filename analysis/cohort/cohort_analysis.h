// The per-cohort analysis: what the trial's statistician computes on the cohort's
// evaluable patients at the analysis date, into the cohort's result row.
#pragma once

#include <vector>

#include "analysis/cohort/records.h"
#include "scenarios/spec/scenario.h"

namespace jisas::analysis {

CohortResult analyse_cohort(const scenarios::DesignPoint& point,
                            const std::vector<PatientRecord>& patients);

}  // namespace jisas::analysis
