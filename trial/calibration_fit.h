// Minimum-distance calibration with common random numbers (docs/calibration.md): each
// candidate design point is simulated with the same random streams, its evaluable
// patients pooled into one Kaplan-Meier curve, and the curve compared with published
// relapse-free rates, each weighted by its 95% confidence interval.
#pragma once

#include <span>
#include <vector>

#include "scenarios/spec/calibration.h"
#include "scenarios/spec/scenario.h"

namespace jisas::trial {

struct CandidateFit {
  int point = 0;                  // design point index
  std::vector<double> simulated;  // pooled KM relapse-free rate at each target
  double distance = 0.0;          // sum over targets of ((simulated - rate) / se)^2
  int patients = 0;               // evaluable patients pooled
};

// Pooled KM at each target's landmark (over the target's arm, or all patients) over
// `cohorts` cohorts of `point`, simulated with the streams of design point 0 whatever the
// point's index (common random numbers across candidates). Deterministic for any thread
// count. `evaluable` counts the pooled patients of all arms.
std::vector<double> pooled_relapse_free(const scenarios::DesignPoint& point, std::uint64_t seed,
                                        int cohorts,
                                        std::span<const scenarios::CalibrationTarget> targets,
                                        int threads, int& evaluable);

// The published standard error of a target: the 95% CI's width / (2 x 1.959964).
double target_se(const scenarios::CalibrationTarget& target);

CandidateFit fit_candidate(const scenarios::DesignPoint& point, std::uint64_t seed, int cohorts,
                           std::span<const scenarios::CalibrationTarget> targets, int threads);

}  // namespace jisas::trial
