// The model's truth at a design point (analysis::ModelTruth): one large sample of the
// point's own patients, simulated exactly as in the trial (population, model, IFN course,
// visits, assay, relapse rule and dating) but followed past every test's landmark without
// withdrawal, dropout or an analysis date, so the proportion relapse-free at a landmark
// is the rate the tests estimate, with binomial error only (SE <= 0.5 / sqrt(n) per arm).
// This is the truth the closed-form sample sizes of `summary` are evaluated at (issue 16):
// the relapse as the protocol detects and dates it, which the model's latent curve is not.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "analysis/cohort/design_summary.h"
#include "scenarios/spec/scenario.h"
#include "trial/cohort_simulation.h"

namespace jisas::trial {

// Keyed by (seed, design point, cohort kTruthCohort): streams no trial cohort uses.
inline constexpr std::int64_t kTruthCohort = -1;

// analysis.truth_patients patients (none: patients = 0 and NaN rates).
analysis::ModelTruth model_truth(const scenarios::DesignPoint& point, std::uint64_t seed);

// The pooled proportion relapse-free at `at` (days) in the point's truth sample, followed
// past `at`; NaN with analysis.truth_patients 0. The same patients for every spec of the
// point's model (common random numbers), so the boundary twins' search is monotone.
double truth_rate_at(const scenarios::DesignPoint& point, std::uint64_t seed, double at);

// The same rates for variants of one point that differ in their model's parameters alone:
// its truth sample simulated once, each variant's as its twin (SharedCohort). Equal to
// truth_rate_at(variant, seed, at).
class TruthRates {
 public:
  TruthRates(const scenarios::DesignPoint& point, std::uint64_t seed, double at);
  double rate(const scenarios::DesignPoint& variant) const;
  // model_truth(point, seed) from this sample, when it is the sample model_truth simulates
  // (`at` no later than the point's latest test landmark: the same patients, followed as
  // long): a run's boundary-twin search and its summary then simulate it once.
  std::optional<analysis::ModelTruth> model_truth(const scenarios::DesignPoint& point) const;

 private:
  double at_;
  double follow_up_ = 0.0;
  std::unique_ptr<SharedCohort> sample_;
  scenarios::DesignPoint truth_point_;
};

}  // namespace jisas::trial
