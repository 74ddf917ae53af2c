#include "analysis/operating_characteristics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace jisas::analysis {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

RejectionRate rejection_rate(long rejections, long cohorts) {
  if (cohorts <= 0) return {kNaN, kNaN, kNaN, kNaN};
  const double n = static_cast<double>(cohorts);
  const double p = static_cast<double>(rejections) / n;
  // Wilson (1927) score interval at 95%: stays inside [0, 1] and is sensible at p = 0.
  const double z = 1.959963984540054;
  const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  const double half = z / (1 + z * z / n) * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
  return {p, std::sqrt(p * (1 - p) / n), std::max(0.0, centre - half),
          std::min(1.0, centre + half)};
}

std::vector<double> quantiles(std::span<const double> values, std::span<const double> probs) {
  std::vector<double> sorted;
  for (const double v : values) {
    if (std::isfinite(v)) sorted.push_back(v);
  }
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> out;
  for (const double p : probs) {
    if (sorted.empty()) {
      out.push_back(kNaN);
      continue;
    }
    // Hyndman & Fan (1996) type 7, R's default: h = (n - 1) p.
    const double h = static_cast<double>(sorted.size() - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    out.push_back(sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]));
  }
  return out;
}

StreamingDistribution::StreamingDistribution(int coarse_bins, double lo, double hi)
    : lo_(lo),
      hi_(hi),
      fine_(kFineBins, 0),
      fine_min_(kFineBins, std::numeric_limits<double>::infinity()),
      fine_max_(kFineBins, -std::numeric_limits<double>::infinity()),
      coarse_(static_cast<std::size_t>(std::max(coarse_bins, 1)), 0) {
  if (coarse_bins < 1 || !(hi > lo)) {
    throw std::invalid_argument("histogram needs at least one bin and hi > lo");
  }
}

std::size_t StreamingDistribution::bin(double value, std::size_t bins) const {
  const double x = (value - lo_) / (hi_ - lo_) * static_cast<double>(bins);
  if (!(x > 0.0)) return 0;
  return std::min(static_cast<std::size_t>(x), bins - 1);
}

void StreamingDistribution::add(double value) {
  if (std::isnan(value)) {
    ++missing_;
    return;
  }
  ++count_;
  sum_ += value;
  const std::size_t fine = bin(value, fine_.size());
  ++fine_[fine];
  fine_min_[fine] = std::min(fine_min_[fine], value);
  fine_max_[fine] = std::max(fine_max_[fine], value);
  ++coarse_[bin(value, coarse_.size())];
}

double StreamingDistribution::mean() const {
  return count_ > 0 ? sum_ / static_cast<double>(count_) : kNaN;
}

double StreamingDistribution::quantile(double p) const {
  if (count_ == 0) return kNaN;
  // The value of rank floor(p (n - 1)) (R's type 7 without its interpolation between
  // neighbours), located in the fine histogram and interpolated between the bin's
  // smallest and largest value by its position among the bin's values.
  const double target = std::floor(p * static_cast<double>(count_ - 1));
  long below = 0;
  for (std::size_t i = 0; i < fine_.size(); ++i) {
    const long c = fine_[i];
    if (c > 0 && target < static_cast<double>(below + c)) {
      const double within =
          c > 1 ? (target - static_cast<double>(below)) / static_cast<double>(c - 1) : 0.0;
      return fine_min_[i] + within * (fine_max_[i] - fine_min_[i]);
    }
    below += c;
  }
  return kNaN;  // unreachable: target < count_
}

}  // namespace jisas::analysis
