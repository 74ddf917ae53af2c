// A positive-support distribution for one covariate or latent time, and the units every
// spec struct uses (days).
#pragma once

#include <vector>

namespace jisas::scenarios {

inline constexpr double kDaysPerMonth = 365.25 / 12.0;  // "1mo" = 30.4375 days
inline constexpr double kDaysPerYear = 365.25;

// A positive-support distribution for one covariate or latent time.
struct Distribution {
  enum class Kind { Fixed, Uniform, Normal, LogNormal, Weibull, PiecewiseExponential };
  Kind kind = Kind::Fixed;
  double value = 0.0;                // Fixed
  double min = 0.0, max = 0.0;       // Uniform bounds; for Normal, truncation bounds
  double mean = 0.0, sd = 0.0;       // Normal
  double median = 0.0, sdlog = 0.0;  // LogNormal: exp(N(log median, sdlog))
  double shape = 1.0, scale = 1.0;   // Weibull: S(t) = exp(-(t/scale)^shape)
  std::vector<double> breaks;        // PiecewiseExponential: interval starts after 0
  std::vector<double> rates;         // per day, one more than breaks
};

}  // namespace jisas::scenarios
