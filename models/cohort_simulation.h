// One synthetic cohort of one design point: accrual, each patient's timeline under the
// protocol, and the cohort's analysis. Depends only on (seed, design point, cohort).
#pragma once

#include <cstdint>
#include <optional>

#include "models/records.h"
#include "scenarios/scenario.h"

namespace jisas::models {

// keep_patients: also return per-patient records and measurements.
CohortOutput simulate_cohort(const scenarios::DesignPoint& point, std::uint64_t seed,
                             std::int64_t cohort, bool keep_patients);

// Null twins: the design point with the effect a test looks for set to the null. They
// keep the point's index, so their cohorts draw exactly the same random streams.
// - no IFN effect (ifn_hazard_ratio = 1): the null of the landmark test, i.e. how often
//   the single-arm trial would succeed if interferon did nothing;
// - no CMR-duration effect (both covariate slopes 0): the null of the Mann-Whitney test.
struct NullTwins {
  std::optional<scenarios::DesignPoint> no_ifn_effect;
  std::optional<scenarios::DesignPoint> no_covariate_effect;
};

// The twins the point's tests need (none unless analysis.null_twin is set).
NullTwins make_null_twins(const scenarios::DesignPoint& point);

// simulate_cohort, plus, per test, the p-value and decision in its null twin.
CohortOutput simulate_cohort_and_twins(const scenarios::DesignPoint& point, const NullTwins& twins,
                                       std::uint64_t seed, std::int64_t cohort, bool keep_patients);

// The analysis of one cohort's patients (evaluable ones only) into its result row.
CohortResult analyse_cohort(const scenarios::DesignPoint& point,
                            const std::vector<PatientRecord>& patients);

}  // namespace jisas::models
