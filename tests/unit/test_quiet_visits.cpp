// The undrawn visits of issue 18 (scenarios/quiet_visits.h): the tail bounds against the
// exact probabilities, the ratios chosen from them, and the twins that reuse a cohort's
// records against twins simulated on their own.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include "scenarios/quiet_visits.h"
#include "tests/unit/model_fixtures.h"
#include "trial/boundary_twins.h"
#include "trial/cohort_simulation.h"
#include "trial/null_twins.h"

using namespace jisas;

namespace {

// P(loss) or P(no loss) at a true ratio, summed exactly over the ABL counts A = 1, 2, ...
// (the assay of trial/assay.h: A = max(1, round(log-normal)), K Poisson), until what is left
// is provably below 1e-12 of the sum. For A > a the Poisson term is at most its Chernoff
// bound exp(a g) with g = (t (1 + log(r / t)) - r) / cf < 0 for r != t (Chernoff 1952,
// Ann Math Stat 23:493: P(K >= k) <= exp(-mu) (e mu / k)^k for k > mu, P(K <= k) the same
// for k < mu; here k = t A / cf and mu = r A / cf, and ceil(t A / cf) only moves k further
// out), which falls with A; so the rest of the sum is at most P(A > a) exp(a g). At the
// ratios below the sum stops within a few ABL standard deviations above the median (A of
// 18,972 at 2e-5, 30,228 at 4e-3), with the same bits as the earlier sum over all 20
// million counts up to 12 SD (checked at those two ratios), which took 2 minutes of the
// default suite and of every sanitizer stage.
struct ExactSum {
  double sum = 0.0, rest = 0.0;  // the sum so far and a bound on everything left out
};
ExactSum exact_probability(const scenarios::AssaySpec& assay, double threshold, double ratio,
                           bool loss) {
  const double cf = assay.conversion_factor;
  const auto z = [&](double x) {
    return (std::log(x) - std::log(assay.abl_copies_median)) / assay.abl_copies_sdlog;
  };
  const auto below = [&](double x) { return 0.5 * boost::math::erfc(-z(x) / std::sqrt(2.0)); };
  const auto above = [&](double x) { return 0.5 * boost::math::erfc(z(x) / std::sqrt(2.0)); };
  const double g = (threshold * (1.0 + std::log(ratio / threshold)) - ratio) / cf;
  REQUIRE(g < 0.0);
  ExactSum s;
  double below_lo = 0.0;
  for (double a = 1.0;; a += 1.0) {
    const double below_hi = below(a + 0.5), p_a = below_hi - below_lo;
    below_lo = below_hi;
    const double k = std::ceil(threshold * a / cf);  // copies for a loss
    const double mean = ratio * a / cf;
    s.sum += p_a * (loss ? boost::math::gamma_p(k, mean) : boost::math::gamma_q(k, mean));
    s.rest = above(a + 0.5) * std::exp(a * g);
    if (s.rest <= 1e-12 * s.sum) return s;  // a sum of 0 ends when the rest underflows
  }
}

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// The bound of scenarios/quiet_visits.h as its header states it, every term computed: ABL
// bins growing by 2% up to 40 SD above the median, each bin's probability times the Poisson
// tail at its worse edge, plus the mass beyond the last edge, doubled.
double every_term_bound(const scenarios::AssaySpec& assay, double threshold, double ratio,
                        bool loss) {
  const double sdlog = assay.abl_copies_sdlog, cf = assay.conversion_factor;
  const auto z = [&](double x) {
    return (std::log(x) - std::log(assay.abl_copies_median)) / sdlog;
  };
  const auto below = [&](double x) { return 0.5 * boost::math::erfc(-z(x) / std::sqrt(2.0)); };
  const double last_edge = std::ceil(assay.abl_copies_median * std::exp(40.0 * sdlog));
  double sum = 0.0, below_lo = 0.0;
  for (double lo = 1.0; lo < last_edge;) {
    const double hi = std::max(lo + 1.0, std::ceil(lo * 1.02));
    const double below_hi = below(hi - 0.5), weight = below_hi - below_lo;
    const double k_lo = std::max(1.0, std::ceil(threshold * lo / cf * (1.0 - 1e-9)));
    const double k_hi = std::max(1.0, std::ceil(threshold * (hi - 1.0) / cf * (1.0 + 1e-9)));
    if (ratio > 0.0) {
      sum += weight * (loss ? boost::math::gamma_p(k_lo, ratio * (hi - 1.0) / cf)
                            : boost::math::gamma_q(k_hi, ratio * lo / cf));
    }
    below_lo = below_hi;
    lo = hi;
  }
  sum += 0.5 * boost::math::erfc(z(last_edge - 0.5) / std::sqrt(2.0));
  return std::min(1.0, 2.0 * sum);
}

}  // namespace

TEST_CASE("the assay's tail bounds hold and are tight", "[quiet]") {
  const scenarios::AssaySpec assay{50000.0, 0.5, 1.0};
  for (const double r : {1e-6, 4e-6, 2e-5}) {
    const auto exact = exact_probability(assay, 1e-3, r, true);
    const double bound = scenarios::loss_probability_bound(assay, 1e-3, r);
    INFO("loss at ratio " << r << ": exact " << exact.sum << " + at most " << exact.rest
                          << ", bound " << bound);
    CHECK(exact.sum > 0.0);
    CHECK(bound >= exact.sum + exact.rest);
    CHECK(bound <= 2.0 * 1.35 * exact.sum);  // 2% bins, then doubled against rounding
  }
  for (const double r : {4e-3, 8e-3}) {
    const auto exact = exact_probability(assay, 1e-3, r, false);
    const double bound = scenarios::no_loss_probability_bound(assay, 1e-3, r);
    INFO("no loss at ratio " << r << ": exact " << exact.sum << " + at most " << exact.rest
                             << ", bound " << bound);
    CHECK(exact.sum > 0.0);
    CHECK(bound >= exact.sum + exact.rest);
    CHECK(bound <= 2.0 * 1.35 * exact.sum);
  }
  // One ABL count (sdlog 0): the Poisson tail itself, doubled.
  const scenarios::AssaySpec fixed{1000.0, 0.0, 1.0};
  CHECK(scenarios::loss_probability_bound(fixed, 1e-3, 1e-4) ==
        Approx(2.0 * boost::math::gamma_p(1.0, 0.1)));
  CHECK(scenarios::loss_probability_bound(assay, 1e-3, 0.0) == 0.0);
}

TEST_CASE("terms left out of a bound change none of its bits", "[quiet]") {
  // Terms below half a unit in the sum's last place, or that round to 0, are not computed
  // (scenarios/quiet_visits.cpp); the bound is the sum of every term to the bit.
  for (const scenarios::AssaySpec assay :
       {scenarios::AssaySpec{50000.0, 0.5, 1.0}, scenarios::AssaySpec{3000.0, 1.0, 0.8}}) {
    for (const double r : {1e-7, 1e-6, 4.57e-6, 2e-5, 1e-4, 5e-4}) {
      INFO("ratio " << r << ", ABL median " << assay.abl_copies_median);
      CHECK(same_bits(scenarios::loss_probability_bound(assay, 1e-3, r),
                      every_term_bound(assay, 1e-3, r, true)));
    }
    for (const double r : {2e-3, 4e-3, 7.83e-3, 2e-2, 0.1}) {
      INFO("ratio " << r << ", ABL median " << assay.abl_copies_median);
      CHECK(same_bits(scenarios::no_loss_probability_bound(assay, 1e-3, r),
                      every_term_bound(assay, 1e-3, r, false)));
    }
  }
}

TEST_CASE("quiet ratios keep a patient's undrawn visits below 1e-12", "[quiet]") {
  scenarios::DesignPoint p = test::jisas_like_point();
  const auto q = scenarios::quiet_visits(p.assay, p.protocol, 37.0);
  CHECK(q.max_skipped == 64);
  CHECK(q.low > 1e-6);  // the hazard model's residual disease is undrawn
  CHECK(q.low < 1e-5);
  CHECK(q.high > 1e-3);
  CHECK(q.high < 2e-2);
  const double per_visit = scenarios::kQuietVisitRisk / q.max_skipped;
  CHECK(scenarios::loss_probability_bound(p.assay, 1e-3, q.low) <= per_visit);
  CHECK(scenarios::loss_probability_bound(p.assay, 1e-3, 1.01 * q.low) > per_visit);
  CHECK(scenarios::no_loss_probability_bound(p.assay, 1e-3, q.high) <= per_visit);
  CHECK(scenarios::no_loss_probability_bound(p.assay, 1e-3, 0.99 * q.high) > per_visit);
  // More visits, a smaller risk per visit: a narrower certain range.
  const auto longer = scenarios::quiet_visits(p.assay, p.protocol, 1000.0);
  CHECK(longer.max_skipped == 1024);
  CHECK(longer.low < q.low);
  CHECK(longer.high > q.high);
  // Rules that read more than one bit of the result, or the old simulation: every visit drawn.
  p.protocol.loss_of = scenarios::ProtocolSpec::LossOf::CmrRising;
  CHECK(scenarios::quiet_visits(p.assay, p.protocol, 37.0).max_skipped == 0);
  p.protocol.loss_of = scenarios::ProtocolSpec::LossOf::MMR;
  p.assay.draw_every_visit = true;
  CHECK(scenarios::quiet_visits(p.assay, p.protocol, 37.0).max_skipped == 0);
}

TEST_CASE("twins that reuse the cohort's records decide as twins simulated alone", "[quiet]") {
  auto point = test::jisas_like_point();
  point.analysis.null_twin = true;
  point.analysis.truth_patients = 2000;
  auto& hazard = std::get<scenarios::HazardModelSpec>(point.kinetics);
  hazard.ifn_hazard_ratio = 0.5;
  hazard.cure_log_odds_per_year_cmr = 0.8;
  const auto twins = trial::make_null_twins(point);
  const auto boundary = trial::make_boundary_twins(point, 3);
  REQUIRE(boundary.twins.size() == 1);
  int differs_from_cohort = 0;
  for (std::int64_t c = 0; c < 40; ++c) {
    const auto out = trial::simulate_cohort_and_twins(point, twins, &boundary, 3, c, false);
    const auto ifn = trial::simulate_cohort(*twins.of(scenarios::TestedEffect::Ifn), 3, c, false);
    const auto cov =
        trial::simulate_cohort(*twins.of(scenarios::TestedEffect::Covariate), 3, c, false);
    const auto edge = trial::simulate_cohort(boundary.twins[0].point, 3, c, false);
    CHECK(same_bits(out.result.null_p_value[0], ifn.result.p_value[0]));
    CHECK(same_bits(out.result.null_p_value[1], cov.result.p_value[1]));
    CHECK(same_bits(out.result.boundary_p_value[0], edge.result.p_value[0]));
    CHECK(out.result.null_reject[0] == ifn.result.reject[0]);
    CHECK(out.result.boundary_reject[0] == edge.result.reject[0]);
    differs_from_cohort += !same_bits(out.result.p_value[0], ifn.result.p_value[0]);
  }
  CHECK(differs_from_cohort > 10);  // the twins are not the cohort itself
}
