// The per-cohort tests of a design point: one spec struct per test, a closed sum type,
// with the fields every test shares in TestSpec. Adding a test adds its spec here (and
// its parse function in scenarios/test_reader.cpp, its behaviour file in
// analysis/cohort/: docs/extending.md).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "analysis/alternative.h"

namespace jisas::scenarios {

// Kaplan-Meier relapse-free survival at `at` against a historical rate, z-test on the
// log-log scale (analysis/landmark_test.h).
struct LandmarkVsHistoricalTest {
  static constexpr bool kNeedsArms = false;
  static constexpr bool kSequential = true;  // a z statistic with its information
  double at = 0.0;                           // landmark, days
  double null_rate = 0.0;                    // historical relapse-free rate at the landmark
};

// Exact binomial test of the proportion relapse-free at `at` (analysis/binomial.h).
struct BinomialLandmarkTest {
  static constexpr bool kNeedsArms = false;
  static constexpr bool kSequential = false;  // a z statistic with its information
  double at = 0.0;
  double null_rate = 0.0;
};

// One-sample log-rank test against a historical curve: piecewise exponential (rates per
// day) or, when `historical_rates` is empty, the exponential through S(at) = null_rate.
struct OneSampleLogRankTest {
  static constexpr bool kNeedsArms = false;
  static constexpr bool kSequential = true;  // a z statistic with its information
  double at = 0.0;
  double null_rate = 0.0;
  std::vector<double> historical_breaks;
  std::vector<double> historical_rates;
  bool through_landmark() const { return historical_rates.empty(); }
};

// Mann-Whitney test of a covariate between sustained (x) and relapsed (y) patients.
struct MannWhitneyTest {
  static constexpr bool kNeedsArms = false;
  static constexpr bool kSequential = false;  // a z statistic with its information
  enum class Covariate { CmrDuration };       // days in CMR on IM before the stop
  Covariate covariate = Covariate::CmrDuration;
};

// Log-rank test between the arms of a randomized design (two-sided chi-square).
struct LogRankArmsTest {
  static constexpr bool kNeedsArms = true;
  static constexpr bool kSequential = true;
};

// Difference of the arms' Kaplan-Meier relapse-free survival at `at` (experimental minus
// control), z = (S1 - S0) / sqrt(V1 + V0) with Greenwood variances (Klein et al. 2007,
// Stat Med 26:4505, "naive" test). The worked example of docs/extending.md.
struct KmDifferenceTest {
  static constexpr bool kNeedsArms = true;
  static constexpr bool kSequential = false;
  double at = 0.0;  // landmark, days
};

using TestMethod =
    std::variant<LandmarkVsHistoricalTest, BinomialLandmarkTest, OneSampleLogRankTest,
                 MannWhitneyTest, LogRankArmsTest, KmDifferenceTest>;

struct TestSpec {
  std::string name;  // column name in the output
  double alpha = 0.05;
  analysis::Alternative alternative = analysis::Alternative::Greater;
  TestMethod method;
};

}  // namespace jisas::scenarios
