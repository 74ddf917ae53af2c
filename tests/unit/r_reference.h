// Comparison helpers for reference values computed in R: equal to 1e-9 relative
// (absolute near zero), and NaN (R's NA or NaN) matching NaN.
#pragma once

#include <cmath>

namespace jisas::test {

inline bool matches_r(double actual, double expected, double rel = 1e-9) {
  if (std::isnan(expected)) return std::isnan(actual);
  if (std::isinf(expected)) return actual == expected;
  return std::abs(actual - expected) <= rel * std::max(std::abs(expected), 1e-12);
}

}  // namespace jisas::test
