// Log-rank test for two or more groups, as R's survival::survdiff with rho = 0
// (Mantel 1966; Peto & Peto 1972).
#pragma once

#include <span>

#include <boost/container/small_vector.hpp>

namespace jisas::analysis {

// Per-group values: a trial's two arms in place, more groups (analyze's strata) on the
// heap, so a simulated cohort's test allocates nothing (issue 18).
template <std::size_t InPlace>
using GroupValues = boost::container::small_vector<double, InPlace>;

struct LogRankResult {
  GroupValues<2> observed;  // events per group
  GroupValues<2> expected;  // expected events per group under equal hazards
  GroupValues<4> variance;  // n_groups x n_groups covariance of observed - expected
  double chisq = 0.0;       // NaN when fewer than 2 groups are present
  int df = 0;               // groups with expected > 0, minus one
  double p_value = 0.0;
};

// Peto's one-step hazard ratio of `group` against the others, exp((O - E) / V), with
// 95% limits exp(+-z / sqrt(V)) (Yusuf, Peto et al. 1985, Prog Cardiovasc Dis 27:335).
struct HazardRatio {
  double estimate = 0.0;  // NaN when V = 0
  double lower = 0.0;
  double upper = 0.0;
};
HazardRatio peto_hazard_ratio(const LogRankResult& result, int group);

// group[i] is a group code in [0, n_groups). Groups without patients are allowed and
// drop out of the test, as in survdiff.
LogRankResult log_rank(std::span<const double> time, std::span<const int> event,
                       std::span<const int> group, int n_groups);
// The same with the patients' order by time already known (ties in index order, as
// KaplanMeier::order()): a cohort's analysis sorts once.
LogRankResult log_rank(std::span<const double> time, std::span<const int> event,
                       std::span<const int> group, int n_groups, std::span<const int> order);

}  // namespace jisas::analysis
