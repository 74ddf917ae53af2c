#include "analysis/logrank.h"
#include "analysis/time_order.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>

namespace jisas::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Solves a x = b for a small symmetric positive-definite matrix (row-major, k x k) by
// Gaussian elimination with partial pivoting; returns false if a is singular.
bool solve_in_place(std::span<double> a, std::span<double> b) {
  const std::size_t k = b.size();
  for (std::size_t col = 0; col < k; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < k; ++r) {
      if (std::abs(a[r * k + col]) > std::abs(a[pivot * k + col])) pivot = r;
    }
    if (std::abs(a[pivot * k + col]) < 1e-12) return false;
    if (pivot != col) {
      for (std::size_t c = 0; c < k; ++c) std::swap(a[col * k + c], a[pivot * k + c]);
      std::swap(b[col], b[pivot]);
    }
    for (std::size_t r = col + 1; r < k; ++r) {
      const double f = a[r * k + col] / a[col * k + col];
      for (std::size_t c = col; c < k; ++c) a[r * k + c] -= f * a[col * k + c];
      b[r] -= f * b[col];
    }
  }
  for (std::size_t r = k; r-- > 0;) {
    double s = b[r];
    for (std::size_t c = r + 1; c < k; ++c) s -= a[r * k + c] * b[c];
    b[r] = s / a[r * k + r];
  }
  return true;
}

// The chi-square statistic as survdiff computes it: keep the groups with expected > 0,
// drop the first of them, solve V x = O - E on the rest; df = kept groups - 1.
void add_chi_square(LogRankResult& result) {
  const std::size_t g = result.observed.size();
  boost::container::small_vector<std::size_t, 2> kept;
  for (std::size_t j = 0; j < g; ++j) {
    if (result.expected[j] > 0.0) kept.push_back(j);
  }
  result.df = static_cast<int>(kept.size()) - 1;
  if (result.df < 1) return;
  const std::size_t k = kept.size() - 1;
  GroupValues<1> a(k * k);
  GroupValues<1> u(k);
  for (std::size_t r = 0; r < k; ++r) {
    u[r] = result.observed[kept[r + 1]] - result.expected[kept[r + 1]];
    for (std::size_t c = 0; c < k; ++c)
      a[r * k + c] = result.variance[kept[r + 1] * g + kept[c + 1]];
  }
  GroupValues<1> x = u;
  if (!solve_in_place({a.data(), a.size()}, {x.data(), x.size()})) return;
  result.chisq = std::inner_product(x.begin(), x.end(), u.begin(), 0.0);
  const boost::math::chi_squared chi2(result.df);
  result.p_value = boost::math::cdf(boost::math::complement(chi2, std::max(result.chisq, 0.0)));
}

}  // namespace

LogRankResult log_rank(std::span<const double> time, std::span<const int> event,
                       std::span<const int> group, int n_groups) {
  std::vector<int> order;
  order_by_time(time, order);
  return log_rank(time, event, group, n_groups, order);
}

LogRankResult log_rank(std::span<const double> time, std::span<const int> event,
                       std::span<const int> group, int n_groups, std::span<const int> order) {
  if (time.size() != event.size() || time.size() != group.size() || n_groups < 1 ||
      order.size() != time.size()) {
    throw std::invalid_argument("log-rank: inputs differ in length or no groups");
  }
  const auto g = static_cast<std::size_t>(n_groups);
  GroupValues<2> at_risk(g, 0.0);
  LogRankResult result{
      GroupValues<2>(g, 0.0), GroupValues<2>(g, 0.0), GroupValues<4>(g * g, 0.0), kNaN, 0, kNaN};
  GroupValues<4>& var = result.variance;
  for (const int code : group) {
    if (code < 0 || code >= n_groups) throw std::invalid_argument("log-rank: bad group code");
    at_risk[static_cast<std::size_t>(code)] += 1.0;
  }
  GroupValues<2> deaths(g, 0.0);
  GroupValues<2> leaving(g, 0.0);
  for (std::size_t i = 0; i < order.size();) {
    std::fill(deaths.begin(), deaths.end(), 0.0);
    std::fill(leaving.begin(), leaving.end(), 0.0);
    const double t = time[order[i]];
    for (; i < order.size() && time[order[i]] == t; ++i) {
      const auto k = static_cast<std::size_t>(group[order[i]]);
      deaths[k] += event[order[i]];
      leaving[k] += 1.0;
    }
    const double n = std::accumulate(at_risk.begin(), at_risk.end(), 0.0);
    const double d = std::accumulate(deaths.begin(), deaths.end(), 0.0);
    if (d > 0.0) {
      // Hypergeometric variance of the deaths at this time (survdiff2.c).
      const double kt = n > 1.0 ? d * (n - d) / (n * (n - 1.0)) : 0.0;
      for (std::size_t j = 0; j < g; ++j) {
        result.observed[j] += deaths[j];
        result.expected[j] += d * at_risk[j] / n;
        for (std::size_t l = 0; l < g; ++l) {
          const double same = (j == l) ? at_risk[j] : 0.0;
          var[j * g + l] += kt * (same - at_risk[j] * at_risk[l] / n);
        }
      }
    }
    for (std::size_t j = 0; j < g; ++j) at_risk[j] -= leaving[j];
  }

  add_chi_square(result);
  return result;
}

HazardRatio peto_hazard_ratio(const LogRankResult& result, int group) {
  const std::size_t g = result.observed.size();
  const auto k = static_cast<std::size_t>(group);
  const double v = result.variance.empty() ? 0.0 : result.variance[k * g + k];
  if (!(v > 0.0)) return {kNaN, kNaN, kNaN};
  const double log_hr = (result.observed[k] - result.expected[k]) / v;
  const double half = 1.959963984540054 / std::sqrt(v);
  return {std::exp(log_hr), std::exp(log_hr - half), std::exp(log_hr + half)};
}

}  // namespace jisas::analysis
