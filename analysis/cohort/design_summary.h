// Per design point: operating characteristics accumulated over its cohorts, in cohort
// order (deterministic: no floating-point reduction depends on threads).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "analysis/cohort/records.h"
#include "analysis/operating_characteristics.h"
#include "scenarios/spec/scenario.h"

namespace jisas::analysis {

// Per look (interims, then the final analysis) over a design point's cohorts: how often
// it was held and stopped the trial, and the averages at it (issue 14).
struct LookSummary {
  std::size_t n_looks = 0;                 // interim looks + 1; 0 without looks
  std::array<long, kMaxLooks + 1> held{};  // reached: held before the trial stopped
  std::array<long, kMaxLooks + 1> stop_efficacy{}, stop_futility{};
  std::array<long, kMaxLooks + 1> null_stop_efficacy{};  // in the sequential test's null twins
  bool null_twin = false;
  std::array<double, kMaxLooks + 1> day_sum{}, patients_sum{}, events_sum{};  // over held looks
  double stop_day_sum = 0.0, stop_patients_sum = 0.0, stop_events_sum = 0.0;  // at the stop
  std::array<std::vector<double>, kMaxLooks + 1> days;  // of each held look, for quantiles
  void add(const CohortResult& row);
  // Quantile p of look k's day (type 7, as R's default), over the cohorts that reached it.
  double day_quantile(std::size_t k, double p) const;
  std::size_t heap_bytes() const;
};

// Per arm ([0] control, [1] experimental) over a design point's cohorts (format 1.6).
// Single-arm designs: the experimental arm is the whole cohort and the control arm empty.
struct ArmSummary {
  std::array<long, 2> evaluable{}, relapses{};  // summed over cohorts
  std::array<long, 2> median_reached{};         // cohorts whose arm's KM median exists
  // KM at each landmark and the KM median (months, [0, 60]); empty for the control arm
  // of a single-arm design.
  std::array<std::vector<analysis::StreamingDistribution>, 2> km;
  std::array<std::vector<analysis::StreamingDistribution>, 2> median_rfs;
  ArmSummary() = default;
  explicit ArmSummary(const scenarios::DesignPoint& point);
  void add(const CohortResult& row);
  std::size_t heap_bytes() const;
};

// The model's truth at a design point (trial/model_truth.h): what the tests estimate,
// from one large simulated sample followed past every test's landmark without censoring,
// so closed-form sample sizes can be evaluated at it instead of at an estimate (issue 16).
struct ModelTruth {
  int patients = 0;  // simulated, both arms; 0: not computed (analysis.truth_patients: 0)
  // Per test, the proportion relapse-free at its `at` (NaN without one): pooled and per arm
  // (control, experimental; single-arm designs are all experimental).
  std::array<double, kMaxTests> rate{}, rate_control{}, rate_experimental{};
  double hazard_ratio = 0.0;  // experimental against control (NaN single-arm)
  // true: the model's own hazard ratio while on IFN (hazard, km_curve: proportional hazards
  // on the population curve); false: Peto's estimate from the sample (lsc_immune).
  bool hazard_ratio_exact = false;
  // Per test with a boundary twin (trial/boundary_twins.h): the twin's relapse-free rate
  // at the test's landmark in the truth sample, and the model parameter that set it (the
  // hazard model's cure fraction); NaN without a twin.
  std::array<double, kMaxTests> boundary_rate{}, boundary_cure_fraction{};
  // What the twin is calibrated to: the landmark (days) and the rate there (the test's null
  // rate, or a piecewise historical curve's rate at its last break).
  std::array<double, kMaxTests> boundary_at{}, boundary_target{};
};

struct DesignSummary {
  int design_point = 0;
  long cohorts = 0;
  int n_tests = 0;
  int sample_size = 0;
  bool null_twin = false;  // cohorts carry their null twin's decisions
  long total_evaluable = 0;
  long eligibility_draws = 0;     // patients drawn, eligible or not
  long eligibility_accepted = 0;  // of them, enrolled (sample size x cohorts)
  long total_relapses = 0;
  analysis::StreamingDistribution relapse_proportion;
  std::vector<analysis::StreamingDistribution> km;  // one per landmark
  analysis::StreamingDistribution events;           // relapses per cohort, [0, sample size]
  analysis::StreamingDistribution time_to_relapse;  // cohort median, months, [0, 60]
  analysis::StreamingDistribution time_to_regain;   // cohort median, months, [0, 24]
  analysis::StreamingDistribution hazard_ratio;     // two-arm designs, [0, 4]
  std::array<long, kMaxTests> rejections{};
  std::array<long, kMaxTests> null_rejections{};  // by the null twins, if simulated
  std::array<bool, kMaxTests> has_null_twin{};    // false: type I error not estimated
  LookSummary looks;                              // interim looks (empty without them)
  ArmSummary arms;                                // per arm (format 1.6)
  // Per test: rejections in the boundary twins (trial/boundary_twins.h), if simulated.
  std::array<long, kMaxTests> boundary_rejections{};
  std::array<bool, kMaxTests> has_boundary_twin{};
  ModelTruth truth;  // set by the caller (trial::model_truth)

  // tests_with_twin[t]: test t's null twin is simulated (trial::tests_with_null_twin).
  DesignSummary(const scenarios::DesignPoint& point, const std::vector<bool>& tests_with_twin);
  void add(const CohortResult& row);
  analysis::RejectionRate power(int test) const;
  analysis::RejectionRate type_i_error(int test) const;  // meaningful only with null twins
  // The rejection rate in the boundary twin: the size of the test at its null boundary.
  analysis::RejectionRate size_at_boundary(int test) const;

  // Bytes held now, and at most for a point's summary over `cohorts` cohorts: what a run
  // keeps per design point until it writes /summary (the estimate of `validate`).
  std::size_t bytes() const;
  static std::size_t max_bytes(const scenarios::DesignPoint& point, long cohorts);
};

}  // namespace jisas::analysis
