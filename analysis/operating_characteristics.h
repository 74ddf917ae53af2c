// Operating characteristics of one design point over its simulated cohorts: rejection
// rate with its Monte Carlo standard error, quantiles and histograms.
#pragma once

#include <span>
#include <vector>

namespace jisas::analysis {

struct RejectionRate {
  double rate = 0.0;   // proportion of cohorts whose test rejected
  double mc_se = 0.0;  // sqrt(rate (1 - rate) / cohorts), binomial Monte Carlo error
  double lower = 0.0;  // 95% Wilson interval (Wilson 1927)
  double upper = 0.0;
};

RejectionRate rejection_rate(long rejections, long cohorts);

inline constexpr double kQuantileProbs[] = {0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975};

// R's quantile(type = 7) of the finite values; NaN if none. Sorts a copy.
std::vector<double> quantiles(std::span<const double> values, std::span<const double> probs);

inline constexpr std::size_t kNumQuantiles = std::size(kQuantileProbs);

// Streams cohort values into fixed histograms on [lo, hi], so memory does not grow with
// the number of cohorts. While it holds at most kExactValues values it keeps them, and its
// quantiles are exact (R's type 7, as analysis::quantiles): a grid of many design points
// with few cohorts each then costs a few bytes per value, not a fine histogram per
// distribution (issue 17). Past kExactValues the values move into a fine 10,000-bin
// histogram that also keeps each bin's smallest and largest value, and quantiles come
// from it: exact when a bin holds one distinct value (as relapse proportions, KM
// estimates and event counts of small cohorts do), otherwise interpolated between them
// (error below (hi - lo) / 10,000). Values beyond the range fall in the end bins (the
// extremes still record them). The coarse histogram, with `coarse_bins` equal bins on
// [lo, hi], is the one written out; it is kept in both modes.
class StreamingDistribution {
 public:
  // Values kept exactly; docs/output-format.md states it.
  static constexpr long kExactValues = 1000;
  static constexpr int kFineBins = 10000;
  explicit StreamingDistribution(int coarse_bins = 20, double lo = 0.0, double hi = 1.0);
  void add(double value);  // NaN counts as missing
  double lo() const { return lo_; }
  double hi() const { return hi_; }
  long count() const { return count_; }
  long missing() const { return missing_; }
  double mean() const;
  double quantile(double p) const;
  const std::vector<long>& coarse() const { return coarse_; }
  // Heap bytes held now, and at most for `values` added values (the memory estimate of
  // `validate`, app/memory_estimate.h).
  std::size_t heap_bytes() const;
  static std::size_t max_heap_bytes(int coarse_bins, long values);

 private:
  struct FineBin {
    long count = 0;
    double min = 0.0, max = 0.0;
  };
  std::size_t bin(double value, std::size_t bins) const;
  void add_to_fine(double value);
  double exact_quantile(double p) const;
  double lo_, hi_;
  std::vector<double> exact_;  // the values while count_ <= kExactValues
  std::vector<FineBin> fine_;  // empty until then
  std::vector<long> coarse_;
  long count_ = 0;
  long missing_ = 0;
  double sum_ = 0.0;
};

}  // namespace jisas::analysis
