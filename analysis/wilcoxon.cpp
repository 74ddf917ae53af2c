#include "analysis/wilcoxon.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/binomial.hpp>

namespace jisas::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kExactLimit = 50;  // wilcox.test: exact if both samples < 50

// Number of ways, out of choose(m + n, m), that U takes each value 0..q_max, by the
// recurrence c(u; m, n) = c(u - n; m - 1, n) + c(u; m, n - 1) (Mann & Whitney 1947),
// built up over n' = 1..n in place. Only additions of non-negative numbers, so the
// counts keep full relative precision; truncating at q_max bounds the work.
void mann_whitney_counts(int m, int n, int q_max, std::vector<double>& counts) {
  const auto width = static_cast<std::size_t>(q_max + 1);
  counts.assign(static_cast<std::size_t>(m + 1) * width, 0.0);
  auto c = [&](int mm, int u) -> double& {
    return counts[static_cast<std::size_t>(mm) * width + static_cast<std::size_t>(u)];
  };
  c(0, 0) = 1.0;  // with n' = 0 only U = 0 is possible, for every m'
  for (int mm = 1; mm <= m; ++mm) c(mm, 0) = 1.0;
  for (int nn = 1; nn <= n; ++nn) {
    for (int mm = 1; mm <= m; ++mm) {
      for (int u = q_max; u >= nn; --u) c(mm, u) += c(mm - 1, u - nn);
    }
  }
}

}  // namespace

std::string_view to_string(WilcoxonMethod method) {
  switch (method) {
    case WilcoxonMethod::Exact: return "exact";
    case WilcoxonMethod::Normal: return "normal";
    case WilcoxonMethod::Undefined: return "undefined";
  }
  return "undefined";
}

namespace {

// R's pwilcox from the lower tail: P(U <= q) = lower_tail(q) for q up to mn / 2 and
// 1 - P(U <= mn - q - 1) above, using the symmetry c(u) = c(mn - u), as R's C code does.
// lower_tail(k) is the sum of the counts c(0..k), k <= mn / 2, over choose(m + n, m).
template <class LowerTail>
double mann_whitney_cdf(double q, int m, int n, LowerTail lower_tail) {
  const double mn = static_cast<double>(m) * n;
  q = std::floor(q + 1e-7);  // R's pwilcox: q = floor(q + 1e-7)
  if (q < 0.0) return 0.0;
  if (q >= mn) return 1.0;
  const bool lower = q <= mn / 2.0;
  const double tail = lower_tail(static_cast<int>(lower ? q : mn - q - 1.0));
  return lower ? tail : 1.0 - tail;
}

double arrangements(int m, int n) {  // choose(m + n, m)
  return boost::math::binomial_coefficient<double>(static_cast<unsigned>(m + n),
                                                   static_cast<unsigned>(m));
}

}  // namespace

double pwilcox(double q, int m, int n, std::vector<double>& counts) {
  return mann_whitney_cdf(q, m, n, [&](int q_sum) {
    mann_whitney_counts(m, n, q_sum, counts);
    double sum = 0.0;
    for (int u = 0; u <= q_sum; ++u) {
      sum += counts[static_cast<std::size_t>(m) * static_cast<std::size_t>(q_sum + 1) +
                    static_cast<std::size_t>(u)];
    }
    return sum / arrangements(m, n);
  });
}

// The counts for u <= k do not depend on where the table is truncated (the recurrence
// reads only lower u), and the running sum adds them in pwilcox's order: the same value to
// the bit, for every q at once.
void WilcoxonTest::LowerSums::fill(int sample_m, int sample_n, std::vector<double>& counts) {
  m = sample_m;
  n = sample_n;
  total = arrangements(m, n);
  const int half = m * n / 2;
  mann_whitney_counts(m, n, half, counts);
  running.clear();
  double sum = 0.0;
  for (int u = 0; u <= half; ++u) {
    sum += counts[static_cast<std::size_t>(m) * static_cast<std::size_t>(half + 1) +
                  static_cast<std::size_t>(u)];
    running.push_back(sum);
  }
}

double WilcoxonTest::exact_cdf(double q, int m, int n) {
  LowerSums& sums = known_[static_cast<std::size_t>(m) % kSizeModulus * kSizeModulus +
                           static_cast<std::size_t>(n) % kSizeModulus];
  if (sums.m != m || sums.n != n) sums.fill(m, n, counts_);
  return mann_whitney_cdf(q, m, n, [&](int q_sum) {
    return sums.running[static_cast<std::size_t>(q_sum)] / sums.total;
  });
}

namespace {

// Average ranks over ties (sorted pooled sample): the rank sum of x and sum(t^3 - t) over
// tie groups.
struct RankSums {
  double rank_sum_x = 0.0;
  double tie_term = 0.0;
};

template <class Pooled>
RankSums rank_sum_of_x(const Pooled& pooled) {
  RankSums r;
  for (std::size_t i = 0; i < pooled.size();) {
    std::size_t j = i;
    while (j < pooled.size() && pooled[j].value == pooled[i].value) ++j;
    const double t = static_cast<double>(j - i);
    const double mid_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (std::size_t k = i; k < j; ++k) {
      if (pooled[k].from_x) r.rank_sum_x += mid_rank;
    }
    r.tie_term += t * t * t - t;
    i = j;
  }
  return r;
}

// The normal approximation with tie and continuity corrections (R's wilcox.test with
// correct = TRUE); NaN when the variance is 0.
double normal_p_value(double w, double nx, double ny, double tie_term, Alternative alternative) {
  const double z0 = w - nx * ny / 2.0;
  const double sigma =
      std::sqrt(nx * ny / 12.0 * ((nx + ny + 1.0) - tie_term / ((nx + ny) * (nx + ny - 1.0))));
  double correction = 0.0;
  switch (alternative) {
    case Alternative::TwoSided: correction = z0 > 0 ? 0.5 : (z0 < 0 ? -0.5 : 0.0); break;
    case Alternative::Greater: correction = 0.5; break;
    case Alternative::Less: correction = -0.5; break;
  }
  const double z = (z0 - correction) / sigma;
  if (std::isnan(z)) return std::numeric_limits<double>::quiet_NaN();
  const boost::math::normal normal;
  const double below = boost::math::cdf(normal, z);
  const double above = boost::math::cdf(boost::math::complement(normal, z));
  switch (alternative) {
    case Alternative::TwoSided: return 2.0 * std::min(below, above);
    case Alternative::Greater: return above;
    case Alternative::Less: return below;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

WilcoxonResult WilcoxonTest::operator()(std::span<const double> x, std::span<const double> y,
                                        Alternative alternative) {
  WilcoxonResult result{kNaN, kNaN, WilcoxonMethod::Undefined};
  if (x.empty() || y.empty()) return result;

  pooled_.clear();
  for (const double v : x) pooled_.push_back({v, true});
  for (const double v : y) pooled_.push_back({v, false});
  std::sort(pooled_.begin(), pooled_.end(),
            [](const Value& a, const Value& b) { return a.value < b.value; });

  const auto [rank_sum_x, tie_term] = rank_sum_of_x(pooled_);
  const double nx = static_cast<double>(x.size());
  const double ny = static_cast<double>(y.size());
  result.w = rank_sum_x - nx * (nx + 1.0) / 2.0;

  const bool exact = x.size() < kExactLimit && y.size() < kExactLimit && tie_term == 0.0;
  if (exact) {
    const int m = static_cast<int>(x.size());
    const int n = static_cast<int>(y.size());
    auto p_upper = [&](double q) {  // P(W > q) = P(W <= mn - q - 1) by symmetry
      return exact_cdf(nx * ny - q - 1.0, m, n);
    };
    switch (alternative) {
      case Alternative::TwoSided: {
        const double p =
            result.w > nx * ny / 2.0 ? p_upper(result.w - 1.0) : exact_cdf(result.w, m, n);
        result.p_value = std::min(2.0 * p, 1.0);
        break;
      }
      case Alternative::Greater: result.p_value = p_upper(result.w - 1.0); break;
      case Alternative::Less: result.p_value = exact_cdf(result.w, m, n); break;
    }
    result.method = WilcoxonMethod::Exact;
    return result;
  }

  result.method = WilcoxonMethod::Normal;
  result.p_value = normal_p_value(result.w, nx, ny, tie_term, alternative);
  return result;
}

WilcoxonResult wilcoxon_test(std::span<const double> x, std::span<const double> y,
                             Alternative alternative) {
  WilcoxonTest test;
  return test(x, y, alternative);
}

}  // namespace jisas::analysis
