// Per design point: operating characteristics accumulated over its cohorts, in cohort
// order (deterministic: no floating-point reduction depends on threads).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "analysis/operating_characteristics.h"
#include "models/records.h"

namespace jisas::models {

struct DesignSummary {
  int design_point = 0;
  long cohorts = 0;
  int n_landmarks = 0;
  int n_tests = 0;
  long total_evaluable = 0;
  long total_relapses = 0;
  analysis::ProportionAccumulator relapse_proportion;
  std::vector<analysis::ProportionAccumulator> km;  // one per landmark
  std::array<long, kMaxTests> rejections{};

  DesignSummary(int point, int landmarks, int tests, int bins);
  void add(const CohortResult& row);
  analysis::RejectionRate power(int test) const;
};

}  // namespace jisas::models
