// One-sample log-rank test of observed relapses against a historical survival curve
// (Finkelstein, Muzikansky & Schoenfeld 2003, Stat Med 22:3335): O relapses observed,
// E = sum over patients of the historical cumulative hazard at their observation time,
// Z = (E - O) / sqrt(E) > 0 when relapse-free survival is better than historical. R gives
// the same chi-square Z^2 as survdiff(Surv(time, event) ~ offset(S0(time))).
#pragma once

#include <span>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "analysis/alternative.h"

namespace jisas::analysis {

// A piecewise-exponential historical curve: rates[i] applies on [breaks[i-1], breaks[i]),
// the last rate beyond the last break (one rate: exponential).
class HistoricalCurve {
 public:
  HistoricalCurve(std::span<const double> breaks, std::span<const double> rates);
  // The exponential curve through S(at) = survival.
  static HistoricalCurve exponential_through(double at, double survival);

  double cumulative_hazard(double t) const;
  double survival(double t) const;

 private:
  // In place for up to 8 pieces: a cohort's test makes its curve without allocating.
  boost::container::small_vector<double, 7> breaks_;
  boost::container::small_vector<double, 8> rates_;
};

struct OneSampleLogRank {
  double observed = 0.0;
  double expected = 0.0;
  double z = 0.0;  // (E - O) / sqrt(E)
  double p_value = 0.0;
};

OneSampleLogRank one_sample_logrank(std::span<const double> time, std::span<const int> event,
                                    const HistoricalCurve& curve,
                                    Alternative alternative = Alternative::Greater);

}  // namespace jisas::analysis
