#include "analysis/weighted_logrank.h"
#include "analysis/time_order.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace jisas::analysis {
namespace {

// The patients at one distinct time: deaths and leavers, pooled and in group 1.
struct TimePoint {
  double deaths = 0.0, deaths1 = 0.0, leaving = 0.0, leaving1 = 0.0;
};

double weight(const FlemingHarrington& w, double survival_before) {
  // 0^0 = 1, so G(0, gamma) at S = 1 is 0 for gamma > 0 and 1 for gamma = 0, as in
  // survMisc::comp and simtrial.
  return std::pow(survival_before, w.rho) * std::pow(1.0 - survival_before, w.gamma);
}

// Adds one event time's contributions: U_k += w_k (E1 - O1), C_ab += w_a w_b V.
void add_time(const TimePoint& p, double at_risk, double at_risk1, double survival_before,
              std::span<const FlemingHarrington> weights, WeightedLogRank& result,
              GroupValues<4>& w) {
  const double n = at_risk, d = p.deaths;
  const double expected1 = d * at_risk1 / n;
  // Hypergeometric variance of O1 (Mantel 1966; survdiff2.c).
  const double v = n > 1.0 ? d * (n - d) * at_risk1 * (n - at_risk1) / (n * n * (n - 1.0)) : 0.0;
  const std::size_t k = weights.size();
  for (std::size_t a = 0; a < k; ++a) {
    w[a] = weight(weights[a], survival_before);
    result.score[a] += w[a] * (expected1 - p.deaths1);
  }
  for (std::size_t a = 0; a < k; ++a) {
    for (std::size_t b = 0; b < k; ++b) result.covariance[a * k + b] += w[a] * w[b] * v;
  }
}

}  // namespace

double WeightedLogRank::z(std::size_t k) const {
  const double v = covariance[k * size() + k];
  return v > 0.0 ? score[k] / std::sqrt(v) : std::numeric_limits<double>::quiet_NaN();
}

WeightedLogRank weighted_log_rank(std::span<const double> time, std::span<const int> event,
                                  std::span<const int> group,
                                  std::span<const FlemingHarrington> weights) {
  std::vector<int> order;
  order_by_time(time, order);
  return weighted_log_rank(time, event, group, weights, order);
}

WeightedLogRank weighted_log_rank(std::span<const double> time, std::span<const int> event,
                                  std::span<const int> group,
                                  std::span<const FlemingHarrington> weights,
                                  std::span<const int> order) {
  if (time.size() != event.size() || time.size() != group.size() || order.size() != time.size())
    throw std::invalid_argument("weighted log-rank: inputs differ in length");
  const std::size_t k = weights.size();
  WeightedLogRank result{GroupValues<4>(k, 0.0), GroupValues<16>(k * k, 0.0)};
  GroupValues<4> w(k);
  double at_risk = static_cast<double>(time.size());
  double at_risk1 = static_cast<double>(std::count(group.begin(), group.end(), 1));
  double survival = 1.0;  // pooled KM just before the current time
  for (std::size_t i = 0; i < order.size();) {
    TimePoint p;
    const double t = time[order[i]];
    for (; i < order.size() && time[order[i]] == t; ++i) {
      const bool in1 = group[order[i]] == 1;
      p.deaths += event[order[i]];
      p.deaths1 += in1 ? event[order[i]] : 0;
      p.leaving += 1.0;
      p.leaving1 += in1 ? 1.0 : 0.0;
    }
    if (p.deaths > 0.0) {
      add_time(p, at_risk, at_risk1, survival, weights, result, w);
      survival *= 1.0 - p.deaths / at_risk;
    }
    at_risk -= p.leaving;
    at_risk1 -= p.leaving1;
  }
  return result;
}

}  // namespace jisas::analysis
