// The per-cohort tests through their one dispatch (analysis/cohort/cohort_tests.h): the
// description records the result file and summary read, and the km_difference test of
// docs/extending.md against R.
#include "analysis/cohort/cohort_tests.h"

#include <cmath>
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
  CHECK(km.closed_form == ClosedForm::ExactBinomial);
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
  for (const auto form : {ClosedForm::None, ClosedForm::ExactBinomial, ClosedForm::OneSampleLogRank,
                          ClosedForm::Schoenfeld}) {
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
