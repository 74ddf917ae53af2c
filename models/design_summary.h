// Per design point: operating characteristics accumulated over its cohorts, in cohort
// order (deterministic: no floating-point reduction depends on threads).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "analysis/operating_characteristics.h"
#include "models/records.h"
#include "scenarios/scenario.h"

namespace jisas::models {

struct DesignSummary {
  int design_point = 0;
  long cohorts = 0;
  int n_tests = 0;
  bool null_twin = false;  // cohorts carry their null twin's decisions
  long total_evaluable = 0;
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

  explicit DesignSummary(const scenarios::DesignPoint& point);
  void add(const CohortResult& row);
  analysis::RejectionRate power(int test) const;
  analysis::RejectionRate type_i_error(int test) const;  // meaningful only with null twins
};

}  // namespace jisas::models
