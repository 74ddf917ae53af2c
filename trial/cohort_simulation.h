// One synthetic cohort of one design point: accrual, each patient's timeline under the
// protocol, and the cohort's analysis. Depends only on (seed, design point, cohort).
#pragma once

#include <cstdint>
#include <optional>

#include "analysis/cohort/records.h"
#include "scenarios/spec/scenario.h"

namespace jisas::trial {

// keep_patients: also return per-patient records and measurements.
analysis::CohortOutput simulate_cohort(const scenarios::DesignPoint& point, std::uint64_t seed,
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

// Per test: whether its null twin is simulated, so its type I error is estimated.
std::vector<bool> tests_with_null_twin(const scenarios::DesignPoint& point);

// simulate_cohort, plus, per test, the p-value and decision in its null twin.
analysis::CohortOutput simulate_cohort_and_twins(const scenarios::DesignPoint& point, const NullTwins& twins,
                                       std::uint64_t seed, std::int64_t cohort, bool keep_patients);


}  // namespace jisas::trial
