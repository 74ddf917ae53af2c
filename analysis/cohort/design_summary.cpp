#include "analysis/cohort/design_summary.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>

namespace jisas::analysis {
namespace {

std::size_t heap_of(const std::vector<StreamingDistribution>& ds) {
  return std::accumulate(ds.begin(), ds.end(), ds.capacity() * sizeof(StreamingDistribution),
                         [](std::size_t sum, const auto& d) { return sum + d.heap_bytes(); });
}

// A vector of n distributions of `bins` coarse bins over `values` values, at most.
std::size_t max_heap_of(std::size_t n, int bins, long values) {
  return n * (sizeof(StreamingDistribution) + StreamingDistribution::max_heap_bytes(bins, values));
}

}  // namespace

DesignSummary::DesignSummary(const scenarios::DesignPoint& point,
                             const std::vector<bool>& tests_with_twin)
    : design_point(point.index),
      n_tests(static_cast<int>(point.analysis.tests.size())),
      sample_size(point.design.sample_size),
      null_twin(point.analysis.null_twin),
      relapse_proportion(point.analysis.histogram_bins),
      km(point.analysis.landmarks.size(),
         analysis::StreamingDistribution(point.analysis.histogram_bins)),
      events(point.analysis.histogram_bins, 0.0, std::max(point.design.sample_size, 1)),
      time_to_relapse(point.analysis.histogram_bins, 0.0, 60.0),
      time_to_regain(point.analysis.histogram_bins, 0.0, 24.0),
      hazard_ratio(point.analysis.histogram_bins, 0.0, 4.0),
      arms(point) {
  for (std::size_t t = 0; t < tests_with_twin.size() && t < kMaxTests; ++t) {
    has_null_twin[t] = tests_with_twin[t];
  }
  if (point.analysis.has_looks()) {
    looks.n_looks = point.analysis.looks.size() + 1;
    looks.null_twin = has_null_twin[point.analysis.look_test()];
  }
}

ArmSummary::ArmSummary(const scenarios::DesignPoint& point) {
  const int bins = point.analysis.histogram_bins;
  for (std::size_t a = point.design.randomized() ? 0 : 1; a < 2; ++a) {
    km[a].assign(point.analysis.landmarks.size(), analysis::StreamingDistribution(bins));
    median_rfs[a].assign(1, analysis::StreamingDistribution(bins, 0.0, 60.0));
  }
}

void ArmSummary::add(const CohortResult& row) {
  for (std::size_t a = 0; a < 2; ++a) {
    evaluable[a] += row.arm_evaluable[a];
    relapses[a] += row.arm_relapses[a];
    if (median_rfs[a].empty()) continue;
    median_reached[a] += !std::isnan(row.arm_median_rfs[a]);
    median_rfs[a][0].add(row.arm_median_rfs[a]);
    for (std::size_t l = 0; l < km[a].size(); ++l) km[a][l].add(row.arm_km[a][l]);
  }
}

void LookSummary::add(const CohortResult& row) {
  if (n_looks == 0) return;
  // Reached: held before the trial stopped (its statistics are computed after a stop too).
  const std::size_t reached =
      row.stop_look >= 1 ? static_cast<std::size_t>(row.stop_look) : n_looks;
  for (std::size_t k = 0; k < reached; ++k) {
    if (std::isnan(row.look_day[k])) continue;
    ++held[k];
    day_sum[k] += row.look_day[k];
    days[k].push_back(row.look_day[k]);
    patients_sum[k] += row.look_patients[k];
    events_sum[k] += row.look_events[k];
  }
  if (row.stop_look >= 1) {
    const auto s = static_cast<std::size_t>(row.stop_look - 1);
    stop_efficacy[s] += row.stop_reason == 1;
    stop_futility[s] += row.stop_reason == 2;
    stop_day_sum += row.look_day[s];
    stop_patients_sum += row.look_patients[s];
    stop_events_sum += row.look_events[s];
  }
  if (row.null_stop_look >= 1) {
    null_stop_efficacy[static_cast<std::size_t>(row.null_stop_look - 1)] +=
        row.null_stop_reason == 1;
  }
}

double LookSummary::day_quantile(std::size_t k, double p) const {
  const double ps[] = {p};
  return analysis::quantiles(days[k], ps)[0];
}

void DesignSummary::add(const CohortResult& row) {
  ++cohorts;
  total_evaluable += row.evaluable;
  eligibility_draws += row.eligibility_draws;
  eligibility_accepted += sample_size;
  total_relapses += row.relapses;
  relapse_proportion.add(row.relapse_proportion);
  events.add(row.relapses);
  time_to_relapse.add(row.median_time_to_relapse);
  time_to_regain.add(row.median_time_to_regain);
  hazard_ratio.add(row.hazard_ratio);
  for (std::size_t i = 0; i < km.size(); ++i) km[i].add(row.km[i]);
  looks.add(row);
  arms.add(row);
  for (std::size_t t = 0; t < static_cast<std::size_t>(n_tests); ++t) {
    rejections[t] += row.reject[t];
    null_rejections[t] += row.null_reject[t];
    boundary_rejections[t] += row.boundary_reject[t];
  }
}

analysis::RejectionRate DesignSummary::power(int test) const {
  return analysis::rejection_rate(rejections[static_cast<std::size_t>(test)], cohorts);
}

analysis::RejectionRate DesignSummary::type_i_error(int test) const {
  const auto t = static_cast<std::size_t>(test);
  return analysis::rejection_rate(null_rejections[t], has_null_twin[t] ? cohorts : 0);
}

analysis::RejectionRate DesignSummary::size_at_boundary(int test) const {
  const auto t = static_cast<std::size_t>(test);
  return analysis::rejection_rate(boundary_rejections[t], has_boundary_twin[t] ? cohorts : 0);
}

std::size_t LookSummary::heap_bytes() const {
  std::size_t sum = 0;
  for (const auto& d : days) sum += d.capacity() * sizeof(double);
  return sum;
}

std::size_t ArmSummary::heap_bytes() const {
  return heap_of(km[0]) + heap_of(km[1]) + heap_of(median_rfs[0]) + heap_of(median_rfs[1]);
}

std::size_t DesignSummary::bytes() const {
  const StreamingDistribution* singles[] = {&relapse_proportion, &events, &time_to_relapse,
                                            &time_to_regain, &hazard_ratio};
  std::size_t sum = sizeof(DesignSummary) + heap_of(km) + looks.heap_bytes() + arms.heap_bytes();
  for (const StreamingDistribution* d : singles) sum += d->heap_bytes();
  return sum;
}

// Mirrors the constructors: five distributions, one per landmark, and per arm simulated
// one per landmark and the median; each look keeps its cohorts' days (grown by doubling).
std::size_t DesignSummary::max_bytes(const scenarios::DesignPoint& point, long cohorts) {
  const int bins = point.analysis.histogram_bins;
  const std::size_t landmarks = point.analysis.landmarks.size();
  const std::size_t arms = point.design.randomized() ? 2 : 1;
  std::size_t sum = sizeof(DesignSummary) - 5 * sizeof(StreamingDistribution);
  sum += max_heap_of(5 + landmarks + arms * (landmarks + 1), bins, cohorts);
  if (point.analysis.has_looks()) {
    const auto days = std::bit_ceil(static_cast<std::size_t>(std::max(cohorts, 1L)));
    sum += (point.analysis.looks.size() + 1) * days * sizeof(double);
  }
  return sum;
}

}  // namespace jisas::analysis
