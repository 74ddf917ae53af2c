// Boundary twins (trial/boundary_twins.h): the point recalibrated so its true relapse-free
// rate at a test's landmark is the test's null rate. The search against the hazard
// model's own curve, sharing between tests, and the cases with no twin.
#include <catch2/catch.hpp>

#include <cmath>

#include "scenarios/scenario_loader.h"
#include "tests/unit/model_fixtures.h"
#include "trial/boundary_twins.h"
#include "trial/model_truth.h"

using namespace jisas;

namespace {

scenarios::TestSpec binomial(double at, double null_rate) {
  scenarios::TestSpec t;
  t.name = "binomial";
  t.method = scenarios::BinomialLandmarkTest{at, null_rate};
  return t;
}

}  // namespace

TEST_CASE("the boundary twin's truth sits on the null rate", "[boundary_twins]") {
  auto point = test::jisas_like_point();
  point.analysis.null_twin = true;
  point.analysis.tests.push_back(binomial(12 * scenarios::kDaysPerMonth, 0.41));  // same null
  const trial::BoundaryTwins twins = trial::make_boundary_twins(point, 7);
  REQUIRE(twins.twins.size() == 1);  // km12 and the binomial test share (12 months, 0.41)
  CHECK(twins.of_test[0] == 0);
  CHECK(twins.of_test[1] == -1);  // Mann-Whitney: its null twin is its null already
  CHECK(twins.of_test[2] == 0);
  const trial::BoundaryTwin& twin = twins.twins[0];
  // The bisection stops one truth patient apart: the rate is the null rate to 1 / n.
  CHECK(std::abs(twin.rate - 0.41) <= 1.0 / point.analysis.truth_patients);
  CHECK(trial::truth_rate_at(twin.point, 7, twin.at) == twin.rate);
  // No IFN effect and no CMR link: relapse-free at 12 months is about c + (1 - c) S0(12),
  // S0 the non-cured Weibull survival; the calibrated c solves it up to the truth
  // sample's error and the relapses a visit late.
  const double mo = scenarios::kDaysPerMonth;
  const double s0 = std::exp(-std::pow(12 * mo / (3 * mo), 1.3));
  const double expected_c = (0.41 - s0) / (1.0 - s0);
  CHECK(twin.cure_fraction == Approx(expected_c).margin(0.015));
  CHECK(std::get<scenarios::HazardModelSpec>(twin.point.kinetics).cure_fraction ==
        twin.cure_fraction);
  CHECK(twin.point.index == point.index);  // the same streams as the cohorts it twins
}

TEST_CASE("the search's truth sample gives the model's truth, when it is the same sample",
          "[boundary_twins]") {
  // Issue 18: the summary takes the truth from the search instead of simulating its
  // sample a second time; it must be the truth model_truth gives, bit for bit.
  auto point = test::jisas_like_point();
  point.analysis.null_twin = true;
  const trial::BoundaryTwins twins = trial::make_boundary_twins(point, 7);
  REQUIRE(twins.truth.has_value());
  const analysis::ModelTruth direct = trial::model_truth(point, 7);
  CHECK(twins.truth->patients == direct.patients);
  CHECK(twins.truth->rate[0] == direct.rate[0]);  // km12, at 12 months
  CHECK(std::isnan(twins.truth->rate[1]));        // Mann-Whitney: no landmark
  CHECK(std::isnan(direct.rate[1]));
  CHECK(twins.truth->hazard_ratio_exact == direct.hazard_ratio_exact);
  // A test landmark after every other one follows the sample longer: not the same sample.
  point.analysis.tests = {binomial(30 * scenarios::kDaysPerMonth, 0.2)};
  const trial::TruthRates later(point, 7, 40 * scenarios::kDaysPerMonth);
  CHECK_FALSE(later.model_truth(point).has_value());
  const trial::TruthRates same(point, 7, 30 * scenarios::kDaysPerMonth);
  REQUIRE(same.model_truth(point).has_value());
  CHECK(same.model_truth(point)->rate[0] == trial::model_truth(point, 7).rate[0]);
}

TEST_CASE("no boundary twin where none can be made", "[boundary_twins]") {
  auto point = test::jisas_like_point();
  point.analysis.null_twin = true;
  SECTION("a null rate below the rate at cure fraction 0") {
    // Weibull scale 3 months: about 1% of the non-cured are relapse-free at 12 months.
    point.analysis.tests = {binomial(12 * scenarios::kDaysPerMonth, 0.001)};
    CHECK(trial::make_boundary_twins(point, 7).twins.empty());
  }
  SECTION("operating characteristics off") {
    point.analysis.null_twin = false;
    CHECK(trial::make_boundary_twins(point, 7).twins.empty());
  }
  SECTION("no truth sample") {
    point.analysis.truth_patients = 0;
    CHECK(trial::make_boundary_twins(point, 7).twins.empty());
  }
  SECTION("a model without a cure fraction: lsc_immune") {
    const auto sc = scenarios::load_scenario(JISAS_SOURCE_DIR "/scenarios/jisas_mechanistic.yaml");
    const trial::BoundaryTwins twins = trial::make_boundary_twins(sc.points.at(0), sc.seed);
    CHECK(twins.twins.empty());
    CHECK(twins.of_test[0] == -1);
  }
}
