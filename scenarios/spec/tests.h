// The per-cohort tests of a design point: one spec struct per test, a closed sum type,
// with the fields every test shares in TestSpec. Adding a test adds its spec here (and
// its parse function in scenarios/test_reader.cpp, its behaviour file in
// analysis/cohort/: docs/extending.md). Each spec says what its analysis needs:
// kNeedsArms, a randomized design (the loader checks it); kSequential, a z statistic with
// its information for interim looks; kReadsPooledFit, the pooled Kaplan-Meier fit of its
// TestInput (a null or boundary twin whose tests do not read it is analysed without one);
// kReadsStatusOnly, of each patient only whether a relapse was confirmed by the end of
// follow-up, no day (a null twin whose tests read no more follows only the patients whose
// certain visits do not decide that: trial/protocol.h, certain_relapse_free_to_end).
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
  static constexpr bool kSequential = true;
  static constexpr bool kReadsPooledFit = true;
  static constexpr bool kReadsStatusOnly = false;
  double at = 0.0;         // landmark, days
  double null_rate = 0.0;  // historical relapse-free rate at the landmark
};

// Exact binomial test of the proportion relapse-free at `at` (analysis/binomial.h).
struct BinomialLandmarkTest {
  static constexpr bool kNeedsArms = false;
  static constexpr bool kSequential = false;
  static constexpr bool kReadsPooledFit = false;
  static constexpr bool kReadsStatusOnly = false;
  double at = 0.0;
  double null_rate = 0.0;
};

// One-sample log-rank test against a historical curve: piecewise exponential (rates per
// day) or, when `historical_rates` is empty, the exponential through S(at) = null_rate.
struct OneSampleLogRankTest {
  static constexpr bool kNeedsArms = false;
  static constexpr bool kSequential = true;
  static constexpr bool kReadsPooledFit = false;
  static constexpr bool kReadsStatusOnly = false;
  double at = 0.0;
  double null_rate = 0.0;
  std::vector<double> historical_breaks;
  std::vector<double> historical_rates;
  bool through_landmark() const { return historical_rates.empty(); }
};

// Mann-Whitney test of a covariate between sustained (x) and relapsed (y) patients.
struct MannWhitneyTest {
  static constexpr bool kNeedsArms = false;
  static constexpr bool kSequential = false;
  static constexpr bool kReadsPooledFit = false;
  static constexpr bool kReadsStatusOnly = true;
  enum class Covariate { CmrDuration };  // days in CMR on IM before the stop
  Covariate covariate = Covariate::CmrDuration;
};

// Log-rank test between the arms of a randomized design (two-sided chi-square).
struct LogRankArmsTest {
  static constexpr bool kNeedsArms = true;
  static constexpr bool kSequential = true;
  static constexpr bool kReadsPooledFit = false;
  static constexpr bool kReadsStatusOnly = false;
};

// Difference of the arms' Kaplan-Meier relapse-free survival at `at` (experimental minus
// control), z = (S1 - S0) / sqrt(V1 + V0) with Greenwood variances (Klein et al. 2007,
// Stat Med 26:4505, "naive" test). The worked example of docs/extending.md.
struct KmDifferenceTest {
  static constexpr bool kNeedsArms = true;
  static constexpr bool kSequential = false;
  static constexpr bool kReadsPooledFit = false;
  static constexpr bool kReadsStatusOnly = false;
  double at = 0.0;  // landmark, days
};

// Fleming-Harrington G(rho, gamma) weighted log-rank test between the arms
// (analysis/weighted_logrank.h): weights S(t-)^rho (1 - S(t-))^gamma on the pooled
// Kaplan-Meier curve; G(0, 1) looks for late differences, where a plateau shows them.
struct WeightedLogRankTest {
  static constexpr bool kNeedsArms = true;
  static constexpr bool kSequential = false;
  static constexpr bool kReadsPooledFit = true;
  static constexpr bool kReadsStatusOnly = false;
  double rho = 0.0;
  double gamma = 0.0;
};

// MaxCombo: the largest of several G(rho, gamma) z statistics, its p-value from their joint
// normal distribution (Lee 2007, Biometrics 63:1087; Lin et al. 2020, Stat Biopharm Res
// 12:187). Default: G(0,0), G(0,1), G(1,0), G(1,1).
struct MaxComboTest {
  static constexpr bool kNeedsArms = true;
  static constexpr bool kSequential = false;
  static constexpr bool kReadsPooledFit = true;
  static constexpr bool kReadsStatusOnly = false;
  std::vector<double> rho{0.0, 0.0, 1.0, 1.0};
  std::vector<double> gamma{0.0, 1.0, 0.0, 1.0};
};

// Difference of the arms' restricted mean relapse-free time up to `tau` (experimental
// minus control), z-test with the variances of survival's rmean (analysis/rmst.h).
struct RmstDifferenceTest {
  static constexpr bool kNeedsArms = true;
  static constexpr bool kSequential = false;
  static constexpr bool kReadsPooledFit = false;
  static constexpr bool kReadsStatusOnly = false;
  double tau = 0.0;  // days
};

using TestMethod =
    std::variant<LandmarkVsHistoricalTest, BinomialLandmarkTest, OneSampleLogRankTest,
                 MannWhitneyTest, LogRankArmsTest, KmDifferenceTest, WeightedLogRankTest,
                 MaxComboTest, RmstDifferenceTest>;

struct TestSpec {
  std::string name;  // column name in the output
  double alpha = 0.05;
  analysis::Alternative alternative = analysis::Alternative::Greater;
  TestMethod method;
};

}  // namespace jisas::scenarios
