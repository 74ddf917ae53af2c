// Fleming-Harrington G(rho, gamma) weighted log-rank statistics for two groups, all
// weights in one pass with their joint covariance: what the `weighted_logrank` and
// `maxcombo` tests read (Fleming & Harrington 1991, "Counting Processes and Survival
// Analysis", §7.4; MaxCombo: Lee 2007, Biometrics 63:1087; Lin et al. 2020, Stat Biopharm
// Res 12:187).
#pragma once

#include <span>

#include "analysis/logrank.h"

namespace jisas::analysis {

// w(t) = S(t-)^rho (1 - S(t-))^gamma, S the pooled Kaplan-Meier estimate just before t.
// G(0, 0) is the log-rank test; G(1, 0) weights early differences (Peto-Peto), G(0, 1)
// late ones, which is where a plateau-shaped curve shows an effect.
struct FlemingHarrington {
  double rho = 0.0;
  double gamma = 0.0;
};

struct WeightedLogRank {
  // Per weight: sum over event times of w (E1 - O1), the experimental group's (group 1)
  // expected minus observed events, positive when it relapses less.
  GroupValues<4> score;
  // k x k, row-major: sum over event times of w_a w_b V(t), V the hypergeometric variance
  // of O1 at t (the log-rank variance when both weights are 1).
  GroupValues<16> covariance;

  // z of weight k: score / sqrt(variance); NaN without information (variance 0).
  double z(std::size_t k) const;
  std::size_t size() const { return score.size(); }
};

// group[i] is 0 (control) or 1 (experimental).
WeightedLogRank weighted_log_rank(std::span<const double> time, std::span<const int> event,
                                  std::span<const int> group,
                                  std::span<const FlemingHarrington> weights);
// The same with the patients' order by time already known (ties in index order, as
// KaplanMeier::order()): a cohort's analysis sorts once.
WeightedLogRank weighted_log_rank(std::span<const double> time, std::span<const int> event,
                                  std::span<const int> group,
                                  std::span<const FlemingHarrington> weights,
                                  std::span<const int> order);

}  // namespace jisas::analysis
