// The per-cohort tests through their one dispatch (analysis/cohort/cohort_tests.h): the
// description records the result file and summary read, and the km_difference test of
// docs/extending.md against R.
#include "analysis/cohort/cohort_tests.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <variant>

#include <catch2/catch.hpp>

using namespace jisas;
using analysis::ClosedForm;
using scenarios::TestedEffect;

namespace {

scenarios::TestSpec spec_of(scenarios::TestMethod method) {
  scenarios::TestSpec spec;
  spec.name = "t";
  spec.method = std::move(method);
  return spec;
}

}  // namespace

TEST_CASE("every test describes itself", "[cohort_tests]") {
  const auto km = analysis::describe(spec_of(scenarios::LandmarkVsHistoricalTest{365.25, 0.41}));
  CHECK(km.kind == "landmark_vs_historical");
  CHECK(km.at == 365.25);
  CHECK(km.null_rate == 0.41);
  CHECK(km.closed_form == ClosedForm::LandmarkLogLog);
  CHECK(km.effect == TestedEffect::Ifn);
  const auto mw = analysis::describe(spec_of(scenarios::MannWhitneyTest{}));
  CHECK(mw.kind == "mann_whitney");
  CHECK(std::isnan(mw.at));
  CHECK(mw.effect == TestedEffect::Covariate);
  CHECK(mw.closed_form == ClosedForm::None);
  const auto lr = analysis::describe(spec_of(scenarios::LogRankArmsTest{}));
  CHECK(lr.closed_form == ClosedForm::Schoenfeld);
  // A piecewise historical curve has no single landmark, so no closed form.
  scenarios::OneSampleLogRankTest piecewise;
  piecewise.historical_breaks = {90.0};
  piecewise.historical_rates = {0.004, 0.0005};
  const auto os = analysis::describe(spec_of(piecewise));
  CHECK(std::isnan(os.at));
  CHECK(os.closed_form == ClosedForm::None);
  scenarios::OneSampleLogRankTest exponential;
  exponential.at = 180.0;
  exponential.null_rate = 0.5;
  const auto through = analysis::describe(spec_of(exponential));
  CHECK(through.closed_form == ClosedForm::OneSampleLogRank);
  CHECK(through.at == 180.0);
}

TEST_CASE("closed-form names survive the round trip through the result file", "[cohort_tests]") {
  for (const auto form : {ClosedForm::None, ClosedForm::ExactBinomial, ClosedForm::LandmarkLogLog,
                          ClosedForm::OneSampleLogRank, ClosedForm::Schoenfeld}) {
    CHECK(analysis::parse_closed_form(analysis::to_string(form)) == form);
  }
  CHECK_FALSE(analysis::parse_closed_form("exact binomial").has_value());
}

TEST_CASE("km_difference equals R's survfit arithmetic", "[cohort_tests]") {
  // R 4.2, survival 3.4:
  //   s <- summary(survfit(Surv(time, event) ~ arm), times = 8, extend = TRUE)
  //   z <- (s$surv[2] - s$surv[1]) / sqrt(sum(s$std.err^2))   # 0.24138810775136368
  //   pnorm(z, lower.tail = FALSE)                             # 0.40462716446215685
  //   2 * pnorm(-abs(z))                                       # 0.8092543289243137
  analysis::CohortData data;
  data.time = {1, 2, 2, 3, 5, 6, 6, 8, 9, 12, 14, 15, 1.5, 4, 4, 7, 10, 11, 13, 16, 3.5, 9.5};
  data.event = {1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0};
  data.arm = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  analysis::KaplanMeier pooled;
  pooled.fit(data.time, data.event);
  const analysis::ArmComparison arms{analysis::log_rank(data.time, data.event, data.arm, 2), {}};
  auto spec = spec_of(scenarios::KmDifferenceTest{8.0});
  spec.alternative = analysis::Alternative::Greater;
  const auto greater = analysis::evaluate(spec, {data, pooled, &arms, spec.alternative});
  CHECK(greater.statistic == Approx(0.24138810775136368).epsilon(1e-12));
  CHECK(greater.p_value == Approx(0.40462716446215685).epsilon(1e-12));
  spec.alternative = analysis::Alternative::TwoSided;
  const auto two_sided = analysis::evaluate(spec, {data, pooled, &arms, spec.alternative});
  CHECK(two_sided.p_value == Approx(0.8092543289243137).epsilon(1e-12));
}

TEST_CASE("km_difference without information does not reject", "[cohort_tests]") {
  // No relapse by the landmark in either arm: both Greenwood variances are 0.
  analysis::CohortData data;
  data.time = {10, 12, 11, 13};
  data.event = {0, 1, 0, 1};
  data.arm = {0, 0, 1, 1};
  analysis::KaplanMeier pooled;
  pooled.fit(data.time, data.event);
  const analysis::ArmComparison arms{analysis::log_rank(data.time, data.event, data.arm, 2), {}};
  const auto spec = spec_of(scenarios::KmDifferenceTest{5.0});
  const auto o = analysis::evaluate(spec, {data, pooled, &arms, spec.alternative});
  CHECK(std::isnan(o.statistic));
  CHECK(std::isnan(o.p_value));
  CHECK_FALSE(o.p_value < 0.05);
}

TEST_CASE("logrank_arms one-sided equals R's signed survdiff statistic", "[cohort_tests]") {
  // R 4.2, survival 3.4 (same data as above):
  //   s <- survdiff(Surv(time, event) ~ arm)                 # chisq 0.069980271551698447
  //   z <- sign(s$exp[2] - s$obs[2]) * sqrt(s$chisq)        # 0.264537845216329
  //   pnorm(z, lower.tail = FALSE)                           # 0.39568275342259479
  //   pnorm(z)                                               # 0.60431724657740515
  analysis::CohortData data;
  data.time = {1, 2, 2, 3, 5, 6, 6, 8, 9, 12, 14, 15, 1.5, 4, 4, 7, 10, 11, 13, 16, 3.5, 9.5};
  data.event = {1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0};
  data.arm = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  analysis::KaplanMeier pooled;
  pooled.fit(data.time, data.event);
  const analysis::ArmComparison arms{analysis::log_rank(data.time, data.event, data.arm, 2), {}};
  auto spec = spec_of(scenarios::LogRankArmsTest{});
  spec.alternative = analysis::Alternative::TwoSided;
  const auto two = analysis::evaluate(spec, {data, pooled, &arms, spec.alternative});
  CHECK(two.statistic == Approx(0.069980271551698447).epsilon(1e-12));
  spec.alternative = analysis::Alternative::Greater;
  const auto greater = analysis::evaluate(spec, {data, pooled, &arms, spec.alternative});
  CHECK(greater.statistic == Approx(0.264537845216329).epsilon(1e-12));
  CHECK(greater.p_value == Approx(0.39568275342259479).epsilon(1e-12));
  spec.alternative = analysis::Alternative::Less;
  const auto less = analysis::evaluate(spec, {data, pooled, &arms, spec.alternative});
  CHECK(less.p_value == Approx(0.60431724657740515).epsilon(1e-12));
}

namespace {

// The no-ties data of tests/unit/test_weighted_logrank.cpp (tests/r/weighted_logrank_reference.R).
analysis::CohortData two_arm_data() {
  analysis::CohortData d;
  d.time = {1,   2,   3.5, 4,   5,   6,   7.5, 8,   9,   10,   11,   12.5, 14,   15,   16,
            1.2, 2.5, 3,   4.5, 5.5, 6.5, 7,   8.5, 9.5, 10.5, 11.5, 13,   14.5, 15.5, 17};
  d.event = {1, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0,
             1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0};
  d.arm.assign(15, 0);
  d.arm.insert(d.arm.end(), 15, 1);
  d.follow_up = d.time;
  return d;
}

analysis::TestOutcome run_two_arm(const analysis::CohortData& d, scenarios::TestMethod method,
                                  analysis::Alternative alternative) {
  analysis::KaplanMeier pooled;
  pooled.fit(d.time, d.event);
  const analysis::ArmComparison arms{analysis::log_rank(d.time, d.event, d.arm, 2), {}};
  auto spec = spec_of(std::move(method));
  spec.alternative = alternative;
  return analysis::evaluate(spec, {d, pooled, &arms, alternative});
}

}  // namespace

TEST_CASE("weighted_logrank and maxcombo equal survMisc and mvtnorm", "[cohort_tests]") {
  using analysis::Alternative;
  const auto d = two_arm_data();
  // G(0, 1): -survMisc Z (tests/r/weighted_logrank_reference.R), p = pnorm(-z).
  const auto late = run_two_arm(d, scenarios::WeightedLogRankTest{0.0, 1.0}, Alternative::Greater);
  CHECK(late.statistic == Approx(0.80782872423990659).margin(1e-12));
  CHECK(late.p_value == Approx(0.20959459350984413).margin(1e-12));  // pnorm(-z)
  // MaxCombo of G(0,0), G(0,1), G(1,0), G(1,1): max z = G(0,0)'s; the p-values are
  // 1 - pmvnorm(upper = rep(zmax, 4), corr) and 1 - pmvnorm(-|z|max, |z|max, corr) with
  // GenzBretz(maxpts = 1e7, abseps = 1e-8) (its error estimates 1.3e-7 and 7e-9).
  const auto greater = run_two_arm(d, scenarios::MaxComboTest{}, Alternative::Greater);
  CHECK(greater.statistic == Approx(0.90577723216850281).margin(1e-12));
  CHECK(greater.p_value == Approx(0.27129134044410075).margin(2e-6));
  const auto two_sided = run_two_arm(d, scenarios::MaxComboTest{}, Alternative::TwoSided);
  CHECK(two_sided.statistic == Approx(0.90577723216850281).margin(1e-12));
  CHECK(two_sided.p_value == Approx(0.54041859940134129).margin(2e-6));
  // With the test's alpha, the p-value is only as precise as the decision needs: within
  // 1e-3 far from alpha, refined to 1e-6 near it (here alpha sits 3e-4 from p).
  const analysis::ArmComparison arms{analysis::log_rank(d.time, d.event, d.arm, 2), {}};
  analysis::KaplanMeier pooled;
  pooled.fit(d.time, d.event);
  const auto spec = spec_of(scenarios::MaxComboTest{});
  const auto far = analysis::evaluate(spec, {d, pooled, &arms, Alternative::Greater, 0.025});
  CHECK(far.p_value == Approx(0.27129134044410075).margin(1e-3));
  const auto near = analysis::evaluate(spec, {d, pooled, &arms, Alternative::Greater, 0.2716});
  CHECK(near.p_value == Approx(0.27129134044410075).margin(2e-6));
  // `less`: the largest -z is G(0,1)'s -0.808; the IFN arm did better, so p is large.
  const auto less = run_two_arm(d, scenarios::MaxComboTest{}, Alternative::Less);
  CHECK(less.statistic == Approx(-0.80782872423990659).margin(1e-12));
  CHECK(less.p_value > 0.7);
}

TEST_CASE("rmst_difference equals survival's rmean arithmetic", "[cohort_tests]") {
  // The tied data of km_difference, tau = 10 (tests/r/weighted_logrank_reference.R):
  // z = (rmean1 - rmean0) / sqrt(se1^2 + se0^2) = 0.58060711381553831, p greater
  // 0.28075263834594921, two-sided 0.56150527669189843.
  analysis::CohortData d;
  d.time = {1, 2, 2, 3, 5, 6, 6, 8, 9, 12, 14, 15, 1.5, 4, 4, 7, 10, 11, 13, 16, 3.5, 9.5, 6, 2};
  d.event = {1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1};
  d.arm = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
  d.follow_up = d.time;
  using analysis::Alternative;
  const auto g = run_two_arm(d, scenarios::RmstDifferenceTest{10.0}, Alternative::Greater);
  CHECK(g.statistic == Approx(0.58060711381553831).margin(1e-12));
  CHECK(g.p_value == Approx(0.28075263834594921).margin(1e-12));
  const auto t = run_two_arm(d, scenarios::RmstDifferenceTest{10.0}, Alternative::TwoSided);
  CHECK(t.p_value == Approx(0.56150527669189843).margin(1e-12));
}

TEST_CASE("binomial_landmark selects by potential follow-up, whatever the outcome",
          "[cohort_tests]") {
  // Landmark 365: patient 1 relapsed early but could not have been followed to 365
  // (follow_up 200): out, as is patient 4 (censored at 300). In: 2 (free), 3 (relapsed),
  // 5 (relapsed after the landmark: free at it). binom.test(2, 3, 0.41, "greater")$p.value
  // = 0.366458; selecting by outcome would have kept patient 1 (2 of 4).
  analysis::CohortData d;
  d.time = {100, 400, 50, 300, 380};
  d.event = {1, 0, 1, 0, 1};
  d.follow_up = {200, 400, 500, 300, 800};
  d.arm.assign(5, 1);
  analysis::KaplanMeier km;
  km.fit(d.time, d.event);
  const auto spec = spec_of(scenarios::BinomialLandmarkTest{365.0, 0.41});
  const auto o = analysis::evaluate(spec, {d, km, nullptr, spec.alternative});
  CHECK(o.statistic == Approx(2.0 / 3.0));
  CHECK(o.p_value == Approx(0.366458).margin(1e-12));
}

TEST_CASE("landmark_vs_historical with an estimate of 1 is the exact binomial test",
          "[cohort_tests]") {
  // Three patients, all relapse-free past 12 months: binom.test(3, 3, 0.41, "greater")
  // $p.value = 0.068921, not a rejection by z = +inf; z = qnorm(0.068921, lower.tail =
  // FALSE) = 1.4838753215721321. Two-sided binom.test gives the same 0.068921.
  analysis::CohortData d;
  d.time = {400, 420, 500};
  d.event = {0, 0, 0};
  d.follow_up = d.time;
  d.arm.assign(3, 1);
  analysis::KaplanMeier km;
  km.fit(d.time, d.event);
  auto spec = spec_of(scenarios::LandmarkVsHistoricalTest{365.25, 0.41});
  const auto o = analysis::evaluate(spec, {d, km, nullptr, spec.alternative});
  CHECK(o.p_value == Approx(0.068921).margin(1e-12));
  CHECK(o.statistic == Approx(1.4838753215721321).margin(1e-9));
  CHECK_FALSE(o.p_value < 0.05);
  spec.alternative = analysis::Alternative::TwoSided;
  CHECK(analysis::evaluate(spec, {d, km, nullptr, spec.alternative}).p_value ==
        Approx(0.068921).margin(1e-12));
  // An estimate of 0 (every patient relapsed by the landmark): p = 1, z = -inf, no overflow.
  d.event = {1, 1, 1};
  d.time = {100, 200, 300};
  km.fit(d.time, d.event);
  spec.alternative = analysis::Alternative::Greater;
  const auto zero = analysis::evaluate(spec, {d, km, nullptr, spec.alternative});
  CHECK(zero.p_value == 1.0);
  CHECK(zero.statistic == -std::numeric_limits<double>::infinity());
  d.event = {0, 0, 0};
  spec.alternative = analysis::Alternative::TwoSided;
  // Nobody's status known at the landmark (all censored before it): no test.
  d.time = {100, 200, 300};
  km.fit(d.time, d.event);
  CHECK(std::isnan(analysis::evaluate(spec, {d, km, nullptr, spec.alternative}).p_value));
}

namespace {

// One instance of each test type, on the scale of two_arm_data() (days 1-17); a test type
// without one here fails to compile the check below.
template <class Method>
Method example_method();
template <>
scenarios::LandmarkVsHistoricalTest example_method() {
  return {8.0, 0.41};
}
template <>
scenarios::BinomialLandmarkTest example_method() {
  return {8.0, 0.41};
}
template <>
scenarios::OneSampleLogRankTest example_method() {
  scenarios::OneSampleLogRankTest t;
  t.at = 8.0;
  t.null_rate = 0.41;
  return t;
}
template <>
scenarios::MannWhitneyTest example_method() {
  return {};
}
template <>
scenarios::LogRankArmsTest example_method() {
  return {};
}
template <>
scenarios::KmDifferenceTest example_method() {
  return {8.0};
}
template <>
scenarios::WeightedLogRankTest example_method() {
  return {0.0, 1.0};
}
template <>
scenarios::MaxComboTest example_method() {
  return {};
}
template <>
scenarios::RmstDifferenceTest example_method() {
  return {10.0};
}

bool same_outcome(const analysis::TestOutcome& a, const analysis::TestOutcome& b) {
  const auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
  return same(a.statistic, b.statistic) && same(a.p_value, b.p_value);
}

// A test that says it does not read the pooled fit gives the same outcome with an empty
// one (what a twin without a reader passes, analyse_twin); one that reads it gives a
// finite p-value with the real fit.
template <std::size_t I = 0>
void check_pooled_fit_flags(const analysis::CohortData& d, const analysis::ArmComparison& arms) {
  if constexpr (I < std::variant_size_v<scenarios::TestMethod>) {
    using Method = std::variant_alternative_t<I, scenarios::TestMethod>;
    const auto spec = spec_of(example_method<Method>());
    INFO("test type " << analysis::describe(spec).kind);
    CHECK(analysis::reads_pooled_fit(spec) == Method::kReadsPooledFit);
    analysis::KaplanMeier pooled, empty;
    pooled.fit(d.time, d.event);
    empty.fit({}, {});
    const analysis::TestInput with{d, pooled, &arms, spec.alternative};
    const analysis::TestOutcome fitted = analysis::evaluate(spec, with);
    CHECK(std::isfinite(fitted.p_value));
    if constexpr (!Method::kReadsPooledFit) {
      const analysis::TestInput without{d, empty, &arms, spec.alternative};
      CHECK(same_outcome(analysis::evaluate(spec, without), fitted));
    }
    // One that says it reads only the relapse status gives the same outcome with every day
    // NaN (a status-only twin's records, trial/cohort_simulation.cpp); one that reads the
    // days does not.
    CHECK(analysis::reads_status_only(spec) == Method::kReadsStatusOnly);
    analysis::CohortData undated = d;
    for (auto* days : {&undated.time, &undated.follow_up, &undated.relapse_days})
      std::fill(days->begin(), days->end(), std::numeric_limits<double>::quiet_NaN());
    const analysis::TestInput status_only{undated, empty, nullptr, spec.alternative};
    if constexpr (Method::kReadsStatusOnly) {
      CHECK(same_outcome(analysis::evaluate(spec, status_only), fitted));
    } else if constexpr (!Method::kNeedsArms) {
      CHECK_FALSE(same_outcome(analysis::evaluate(spec, status_only), fitted));
    }
    check_pooled_fit_flags<I + 1>(d, arms);
  }
}

}  // namespace

TEST_CASE("a test that does not read the pooled fit does not need it", "[cohort_tests]") {
  auto d = two_arm_data();
  // CMR durations (days) of the sustained and the relapsed patients, for mann_whitney.
  for (std::size_t i = 0; i < d.time.size(); ++i) {
    (d.event[i] == 1 ? d.cmr_relapsed : d.cmr_sustained)
        .push_back(300.0 + 37.0 * static_cast<double>(i));
  }
  const analysis::ArmComparison arms{analysis::log_rank(d.time, d.event, d.arm, 2), {}};
  check_pooled_fit_flags(d, arms);
}
