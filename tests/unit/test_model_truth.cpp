// The model's truth at a design point (trial/model_truth.h), which summary's closed forms
// are evaluated at: against the hazard model's own curve, and the two-arm ratio.
#include <catch2/catch.hpp>

#include <cmath>

#include "scenarios/scenario_loader.h"
#include "tests/unit/model_fixtures.h"
#include "trial/model_truth.h"

using namespace jisas;

TEST_CASE("the model's truth at a landmark is the hazard model's own curve", "[model_truth]") {
  // No covariate effects and IFN hazard ratio 1: S(t) = p + (1 - p) exp(-(t / scale)^shape),
  // p = 0.55, Weibull shape 1.3, scale 3 months; at 12 months 0.5510. Relapses are dated
  // at the first positive visit, so the truth differs from the latent curve only by the few
  // relapses detected a visit late (the curve is nearly flat at 12 months).
  const auto point = test::jisas_like_point();
  const auto truth = trial::model_truth(point, 7);
  const double mo = scenarios::kDaysPerMonth;
  const double latent = 0.55 + 0.45 * std::exp(-std::pow(12 * mo / (3 * mo), 1.3));
  CHECK(truth.patients == 20000);
  const double se = std::sqrt(latent * (1 - latent) / truth.patients);
  CHECK(std::abs(truth.rate[0] - latent) < 4.0 * se);
  CHECK(truth.rate_experimental[0] == truth.rate[0]);  // single arm: all experimental
  CHECK(std::isnan(truth.rate_control[0]));
  CHECK(std::isnan(truth.rate[1]));  // the Mann-Whitney test has no landmark
  CHECK(std::isnan(truth.hazard_ratio));
  // Deterministic: its own streams.
  CHECK(trial::model_truth(point, 7).rate[0] == truth.rate[0]);
  // analysis.truth_patients: 0 turns it off.
  auto off = point;
  off.analysis.truth_patients = 0;
  CHECK(trial::model_truth(off, 7).patients == 0);
}

TEST_CASE("a two-arm truth: the model's hazard ratio and the control arm's rate", "[model_truth]") {
  // scenarios/two_arm.yaml point 1: IFN hazard ratio 0.5; the control arm is calibrated to
  // about 60% relapse-free at 12 months (scenarios/README.md).
  const auto sc = scenarios::load_scenario(JISAS_SOURCE_DIR "/scenarios/two_arm.yaml");
  const auto& point = sc.points.at(1);
  REQUIRE(std::get<scenarios::HazardModelSpec>(point.kinetics).ifn_hazard_ratio == 0.5);
  const auto truth = trial::model_truth(point, sc.seed);
  CHECK(truth.hazard_ratio == 0.5);
  CHECK(truth.hazard_ratio_exact);
  // km_difference-free scenario: the tests with a landmark are none; rates are NaN.
  CHECK(std::isnan(truth.rate[0]));
  auto with_landmark = point;
  scenarios::TestSpec km;
  km.name = "km12";
  km.method = scenarios::KmDifferenceTest{12 * scenarios::kDaysPerMonth};
  with_landmark.analysis.tests = {km};
  const auto t12 = trial::model_truth(with_landmark, sc.seed);
  CHECK(t12.rate_control[0] == Approx(0.60).margin(0.03));
  CHECK(t12.rate_experimental[0] > t12.rate_control[0] + 0.05);
}
