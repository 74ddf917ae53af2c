#include "models/design_summary.h"

namespace jisas::models {

DesignSummary::DesignSummary(int point, int landmarks, int tests, int bins)
    : design_point(point),
      n_landmarks(landmarks),
      n_tests(tests),
      relapse_proportion(bins),
      km(static_cast<std::size_t>(landmarks), analysis::ProportionAccumulator(bins)) {}

void DesignSummary::add(const CohortResult& row) {
  ++cohorts;
  total_evaluable += row.evaluable;
  total_relapses += row.relapses;
  relapse_proportion.add(row.relapse_proportion);
  for (std::size_t i = 0; i < km.size(); ++i) km[i].add(row.km[i]);
  for (std::size_t t = 0; t < static_cast<std::size_t>(n_tests); ++t) {
    rejections[t] += row.reject[t];
    null_rejections[t] += row.null_reject[t];
  }
}

analysis::RejectionRate DesignSummary::power(int test) const {
  return analysis::rejection_rate(rejections[static_cast<std::size_t>(test)], cohorts);
}

analysis::RejectionRate DesignSummary::type_i_error(int test) const {
  return analysis::rejection_rate(null_rejections[static_cast<std::size_t>(test)], cohorts);
}

}  // namespace jisas::models
