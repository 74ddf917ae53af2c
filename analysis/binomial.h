// Exact binomial test and Clopper-Pearson interval, as R's binom.test(x, n, p).
#pragma once

#include "analysis/alternative.h"

namespace jisas::analysis {

struct BinomialResult {
  double estimate = 0.0;  // x / n
  double p_value = 0.0;
  double lower = 0.0;  // Clopper & Pearson (1934) limits, one- or two-sided
  double upper = 1.0;
};

// x successes out of n trials against success probability p0 in [0, 1].
// Throws std::invalid_argument for n < 1, x outside [0, n], p0 outside [0, 1] or a
// confidence level outside (0, 1).
BinomialResult binomial_test(int x, int n, double p0,
                             Alternative alternative = Alternative::TwoSided,
                             double conf_level = 0.95);

}  // namespace jisas::analysis
