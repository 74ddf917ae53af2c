#include "analysis/cohort/weighted_logrank_test.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "analysis/multivariate_normal.h"
#include "analysis/weighted_logrank.h"
#include "engine/errors.h"

namespace jisas::analysis {
namespace {

WeightedLogRank statistics(std::span<const FlemingHarrington> weights, const TestInput& input) {
  if (input.arms == nullptr) internal_error("two-arm test without arms (the loader checks this)");
  return weighted_log_rank(input.data.time, input.data.event, input.data.arm, weights,
                           input.km.order());
}

using Combination = TestScratch::Combination;

// The statistics with information, oriented so that large is evidence for the
// alternative (`less`: the IFN arm relapses more), and their correlation matrix, into `c`
// (whose rows keep their capacity from cohort to cohort).
void informative(const WeightedLogRank& r, Alternative alternative, Combination& c) {
  boost::container::small_vector<std::size_t, 4> kept;
  for (std::size_t k = 0; k < r.size(); ++k) {
    if (!std::isnan(r.z(k))) kept.push_back(k);
  }
  const double sign = alternative == Alternative::Less ? -1.0 : 1.0;
  c.z.clear();
  c.correlation.resize(kept.size());
  for (std::size_t i = 0; i < kept.size(); ++i) {
    const std::size_t a = kept[i];
    c.z.push_back(sign * r.z(a));
    std::vector<double>& row = c.correlation[i];
    row.clear();
    for (const std::size_t b : kept) {
      const double v = r.covariance[a * r.size() + b];
      row.push_back(v / std::sqrt(r.covariance[a * r.size() + a] * r.covariance[b * r.size() + b]));
    }
  }
}

// The p-value 1 - P(max Z_k < observed) of the joint normal null, to absolute accuracy
// 1e-3 (a fraction of a millisecond), refined tenfold while it lies within ten times its
// accuracy of alpha, down to 1e-6: the decision p < alpha is then what a 1e-6 integration
// gives, at about a tenth of its cost per simulated cohort (multivariate_normal.h).
double maxcombo_p_value(double largest, const Combination& c, Alternative alternative,
                        double alpha) {
  const auto p_value = [&](double tolerance) {
    return alternative == Alternative::TwoSided
               ? mvn_two_sided_max_p_value(largest, c.correlation, tolerance)
               : mvn_upper_max_p_value(largest, c.correlation, tolerance);
  };
  if (std::isnan(alpha)) return p_value(1e-6);
  double tolerance = 1e-3, p = p_value(tolerance);
  while (tolerance > 1e-6 && std::abs(p - alpha) < 10.0 * tolerance) {
    tolerance /= 10.0;
    p = p_value(tolerance);
  }
  return p;
}

}  // namespace

// z = sum w (E1 - O1) / sqrt(sum w^2 V): survMisc::comp's Z with the sign flipped, so
// that z > 0 when the IFN arm relapses less.
TestOutcome evaluate(const scenarios::WeightedLogRankTest& test, const TestInput& input) {
  const FlemingHarrington w[] = {{test.rho, test.gamma}};
  const double z = statistics(w, input).z(0);
  if (std::isnan(z)) return {};
  return {z, normal_p_value(z, input.alternative)};
}

TestDescription describe(const scenarios::WeightedLogRankTest&) {
  return {.kind = "weighted_logrank",
          .statistic =
              "z = sum w (E1 - O1) / sqrt(sum w^2 V), w = S(t-)^rho (1 - S(t-))^gamma, "
              "positive when the IFN arm relapses less",
          .closed_form = ClosedForm::None,
          .effect = scenarios::TestedEffect::Ifn};
}

// The largest z (`greater`), -z (`less`) or |z| (`two.sided`) over the weights with
// information; p = 1 - P(max Z_k < observed) under the joint normal null with the
// statistics' own correlation (Lee 2007). NaN when no weight has information.
TestOutcome evaluate(const scenarios::MaxComboTest& test, const TestInput& input) {
  boost::container::small_vector<FlemingHarrington, 4> weights;
  for (std::size_t k = 0; k < test.rho.size(); ++k) weights.push_back({test.rho[k], test.gamma[k]});
  std::optional<TestScratch> own;  // only without the input's
  Combination& c = (input.scratch != nullptr ? *input.scratch : own.emplace()).maxcombo;
  informative(statistics({weights.data(), weights.size()}, input), input.alternative, c);
  if (c.z.empty()) return {};
  double largest = -std::numeric_limits<double>::infinity();
  for (const double z : c.z)
    largest = std::max(largest, input.alternative == Alternative::TwoSided ? std::abs(z) : z);
  return {largest, maxcombo_p_value(largest, c, input.alternative, input.alpha)};
}

TestDescription describe(const scenarios::MaxComboTest&) {
  return {.kind = "maxcombo",
          .statistic =
              "max over the weights of the weighted log-rank z (|z| two-sided, -z for "
              "less); p from their joint normal distribution",
          .closed_form = ClosedForm::None,
          .effect = scenarios::TestedEffect::Ifn};
}

}  // namespace jisas::analysis
