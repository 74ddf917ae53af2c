// One synthetic cohort of one design point: accrual, each patient's timeline under the
// protocol, and the cohort's analysis. Depends only on (seed, design point, cohort).
#pragma once

#include <cstdint>

#include "models/records.h"
#include "scenarios/scenario.h"

namespace jisas::models {

// keep_patients: also return per-patient records and measurements.
CohortOutput simulate_cohort(const scenarios::DesignPoint& point, std::uint64_t seed,
                             std::int64_t cohort, bool keep_patients);

// The analysis of one cohort's patients (evaluable ones only) into its result row.
CohortResult analyse_cohort(const scenarios::DesignPoint& point,
                            const std::vector<PatientRecord>& patients);

}  // namespace jisas::models
