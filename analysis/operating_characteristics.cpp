#include "analysis/operating_characteristics.h"

#include <algorithm>
#include <bit>
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
    : lo_(lo), hi_(hi), coarse_(static_cast<std::size_t>(std::max(coarse_bins, 1)), 0) {
  if (coarse_bins < 1 || !(hi > lo)) {
    throw std::invalid_argument("histogram needs at least one bin and hi > lo");
  }
}

// Values outside [lo, hi] go to the edge bins. The upper clamp is taken in double: a
// value as large as a damaged file's 4.5e307 has no size_t to convert to (the merge
// fuzzer found it).
std::size_t StreamingDistribution::bin(double value, std::size_t bins) const {
  const double x = (value - lo_) / (hi_ - lo_) * static_cast<double>(bins);
  if (!(x > 0.0)) return 0;
  if (!(x < static_cast<double>(bins - 1))) return bins - 1;
  return static_cast<std::size_t>(x);
}

void StreamingDistribution::add_to_fine(double value) {
  FineBin& b = fine_[bin(value, fine_.size())];
  b.min = b.count == 0 ? value : std::min(b.min, value);
  b.max = b.count == 0 ? value : std::max(b.max, value);
  ++b.count;
}

void StreamingDistribution::add(double value) {
  if (std::isnan(value)) {
    ++missing_;
    return;
  }
  ++count_;
  sum_ += value;
  ++coarse_[bin(value, coarse_.size())];
  if (count_ <= kExactValues) {
    exact_.push_back(value);
    return;
  }
  // One value too many to keep: the kept ones move into the fine histogram (the bins'
  // counts and extremes do not depend on the order values arrive in).
  if (fine_.empty()) {
    fine_.resize(kFineBins);
    for (const double v : exact_) add_to_fine(v);
    std::vector<double>().swap(exact_);  // release the memory, not only the size
  }
  add_to_fine(value);
}

double StreamingDistribution::mean() const {
  return count_ > 0 ? sum_ / static_cast<double>(count_) : kNaN;
}

// R's type 7 on the kept values: h = (n - 1) p, between the values of ranks floor(h) and
// floor(h) + 1 (no interpolation when h is whole, so equal or infinite values stay exact).
double StreamingDistribution::exact_quantile(double p) const {
  std::vector<double> sorted = exact_;
  std::sort(sorted.begin(), sorted.end());
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double fraction = h - static_cast<double>(lo);
  if (fraction == 0.0 || sorted[lo] == sorted[hi]) return sorted[lo];
  return sorted[lo] + fraction * (sorted[hi] - sorted[lo]);
}

double StreamingDistribution::quantile(double p) const {
  if (count_ == 0) return kNaN;
  if (fine_.empty()) return exact_quantile(p);
  // The value of rank floor(p (n - 1)) (R's type 7 without its interpolation between
  // neighbours), located in the fine histogram and interpolated between the bin's
  // smallest and largest value by its position among the bin's values.
  const double target = std::floor(p * static_cast<double>(count_ - 1));
  long below = 0;
  for (const FineBin& b : fine_) {
    if (b.count > 0 && target < static_cast<double>(below + b.count)) {
      const double within =
          b.count > 1 ? (target - static_cast<double>(below)) / static_cast<double>(b.count - 1)
                      : 0.0;
      return b.min + within * (b.max - b.min);
    }
    below += b.count;
  }
  return kNaN;  // unreachable: target < count_
}

std::size_t StreamingDistribution::heap_bytes() const {
  return exact_.capacity() * sizeof(double) + fine_.capacity() * sizeof(FineBin) +
         coarse_.capacity() * sizeof(long);
}

std::size_t StreamingDistribution::max_heap_bytes(int coarse_bins, long values) {
  const std::size_t coarse = static_cast<std::size_t>(std::max(coarse_bins, 1)) * sizeof(long);
  // The kept values grow by doubling (libstdc++), so their capacity is a power of two.
  const auto kept = static_cast<std::size_t>(std::clamp(values, 0L, kExactValues));
  const std::size_t exact = (kept == 0 ? 0 : std::bit_ceil(kept)) * sizeof(double);
  // Past kExactValues the kept values are released (for the moment of the switch both
  // are held, one distribution at a time).
  return coarse + (values <= kExactValues ? exact : kFineBins * sizeof(FineBin));
}

}  // namespace jisas::analysis
