#include "scenarios/run_limits.h"

#include <algorithm>
#include <cmath>

namespace jisas::scenarios {
namespace {

// Day on which the expected number of Poisson entries reaches n.
double expected_accrual_days(const AccrualSpec& a, int n) {
  if (a.rate_from.empty()) return a.rate_per_day > 0.0 ? n / a.rate_per_day : 0.0;
  double expected = 0.0;
  for (std::size_t j = 0; j < a.rate_from.size(); ++j) {
    const bool last = j + 1 == a.rate_from.size();
    const double length = last ? INFINITY : a.rate_from[j + 1] - a.rate_from[j];
    const double rate = a.rates_per_day[j];
    if (rate > 0.0 && expected + rate * length >= n) return a.rate_from[j] + (n - expected) / rate;
    expected += rate * length;
  }
  return a.rate_from.back();  // unreachable: the loader keeps the last rate > 0
}

}  // namespace

double longest_follow_up(const DesignSpec& design) {
  const AnalysisDateSpec& date = design.analysis_date;
  double last_entry = design.accrual.window_days;
  if (design.accrual.kind == AccrualSpec::Kind::Rate) {
    last_entry = expected_accrual_days(design.accrual, design.sample_size);
  }
  const double analysis = date.kind == AnalysisDateSpec::Kind::Calendar
                              ? date.calendar_day
                              : last_entry + date.min_follow_up;
  return design.max_follow_up > 0.0 ? std::min(analysis, design.max_follow_up) : analysis;
}

double planned_visits(const VisitSchedule& schedule, double days) {
  double visits = 0.0, start = 0.0;
  for (const VisitPhase& phase : schedule.phases) {
    const double end = std::min(phase.until, days);
    if (end > start) visits += std::ceil((end - start) / phase.every);
    start = std::max(start, phase.until);
    if (start >= days) break;
  }
  return visits;
}

}  // namespace jisas::scenarios
