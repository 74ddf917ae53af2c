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
// the number of cohorts. Quantiles come from a fine 10,000-bin histogram that also keeps
// each bin's smallest and largest value: exact when a bin holds one distinct value (as
// relapse proportions, KM estimates and event counts of small cohorts do), otherwise
// interpolated between them (error below (hi - lo) / 10,000). Values beyond the range
// fall in the end bins (the extremes still record them). The coarse histogram, with
// `coarse_bins` equal bins on [lo, hi], is the one written out.
class StreamingDistribution {
 public:
  explicit StreamingDistribution(int coarse_bins = 20, double lo = 0.0, double hi = 1.0);
  void add(double value);  // NaN counts as missing
  double lo() const { return lo_; }
  double hi() const { return hi_; }
  long count() const { return count_; }
  long missing() const { return missing_; }
  double mean() const;
  double quantile(double p) const;
  const std::vector<long>& coarse() const { return coarse_; }

 private:
  static constexpr int kFineBins = 10000;
  std::size_t bin(double value, std::size_t bins) const;
  double lo_, hi_;
  std::vector<long> fine_;
  std::vector<double> fine_min_, fine_max_;
  std::vector<long> coarse_;
  long count_ = 0;
  long missing_ = 0;
  double sum_ = 0.0;
};

}  // namespace jisas::analysis
