#include "analysis/cohort/design_summary.h"

#include <algorithm>


namespace jisas::analysis {

DesignSummary::DesignSummary(const scenarios::DesignPoint& point,
                             const std::vector<bool>& tests_with_twin)
    : design_point(point.index),
      n_tests(static_cast<int>(point.analysis.tests.size())),
      null_twin(point.analysis.null_twin),
      relapse_proportion(point.analysis.histogram_bins),
      km(point.analysis.landmarks.size(),
         analysis::StreamingDistribution(point.analysis.histogram_bins)),
      events(point.analysis.histogram_bins, 0.0, std::max(point.design.sample_size, 1)),
      time_to_relapse(point.analysis.histogram_bins, 0.0, 60.0),
      time_to_regain(point.analysis.histogram_bins, 0.0, 24.0),
      hazard_ratio(point.analysis.histogram_bins, 0.0, 4.0) {
  for (std::size_t t = 0; t < tests_with_twin.size() && t < kMaxTests; ++t) {
    has_null_twin[t] = tests_with_twin[t];
  }
}

void DesignSummary::add(const CohortResult& row) {
  ++cohorts;
  total_evaluable += row.evaluable;
  total_relapses += row.relapses;
  relapse_proportion.add(row.relapse_proportion);
  events.add(row.relapses);
  time_to_relapse.add(row.median_time_to_relapse);
  time_to_regain.add(row.median_time_to_regain);
  hazard_ratio.add(row.hazard_ratio);
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
  const auto t = static_cast<std::size_t>(test);
  return analysis::rejection_rate(null_rejections[t], has_null_twin[t] ? cohorts : 0);
}

}  // namespace jisas::analysis
