// The `km_curve` model of docs/extending.md: patients drawn from a published curve
// reproduce it, IFN acts as proportional hazards (S_IFN = S^HR when given from the stop
// until relapse), and its null twin shares every relapse day.
#include "models/km_curve/km_curve_model.h"

#include <cmath>

#include <catch2/catch.hpp>

#include "scenarios/scenario_loader.h"
#include "scenarios/yaml_documents.h"
#include "tests/unit/model_fixtures.h"

using namespace jisas;

namespace {

constexpr double kMonth = scenarios::kDaysPerMonth;

// A STIM-shaped curve: most relapses within 6 months, then a plateau at 40%.
scenarios::DesignPoint curve_point(double hazard_ratio) {
  scenarios::DesignPoint point = test::jisas_like_point();
  scenarios::KmCurveSpec spec;
  spec.days = {1 * kMonth, 3 * kMonth, 6 * kMonth, 12 * kMonth, 24 * kMonth};
  spec.survival = {0.9, 0.6, 0.45, 0.41, 0.40};
  spec.ifn_hazard_ratio = hazard_ratio;
  spec.doubling_time = 9.0;
  spec.im_half_life = 18.0;
  spec.residual_ratio = 1e-6;
  point.kinetics = spec;
  return point;
}

// The proportion of n patients relapse-free at `day` (latent relapse after it), IFN
// from the stop until relapse.
double relapse_free_at(const scenarios::DesignPoint& point, double day, int n) {
  const models::KmCurveModel model(std::get<scenarios::KmCurveSpec>(point.kinetics), point);
  const models::IfnCourse ifn{0.0, std::numeric_limits<double>::infinity(), 5, 1.0};
  int free = 0;
  for (int i = 0; i < n; ++i) {
    const trial::PatientStreams streams{{11, 0, 0}, static_cast<std::uint64_t>(i) + 1};
    const auto patient = model.draw({}, ifn, streams, nullptr);
    free += patient.truth.cured || patient.truth.latent_relapse > day;
  }
  return static_cast<double>(free) / n;
}

}  // namespace

TEST_CASE("km_curve's cumulative hazard interpolates -log S and inverts exactly", "[km_curve]") {
  const auto point = curve_point(1.0);
  const models::KmCurveModel model(std::get<scenarios::KmCurveSpec>(point.kinetics), point);
  CHECK(model.cumulative_hazard(0.0) == 0.0);
  CHECK(model.cumulative_hazard(3 * kMonth) == Approx(-std::log(0.6)).epsilon(1e-14));
  // Halfway between 3 and 6 months: halfway between -log 0.6 and -log 0.45.
  CHECK(model.cumulative_hazard(4.5 * kMonth) ==
        Approx((-std::log(0.6) - std::log(0.45)) / 2).epsilon(1e-14));
  CHECK(model.cumulative_hazard(100 * kMonth) == Approx(-std::log(0.40)).epsilon(1e-14));
  for (const double day : {5.0, 40.0, 100.0, 200.0, 500.0}) {
    CHECK(model.inverse_cumulative_hazard(model.cumulative_hazard(day)) ==
          Approx(day).epsilon(1e-12));
  }
  CHECK(std::isinf(model.inverse_cumulative_hazard(-std::log(0.40) + 1e-9)));
}

TEST_CASE("patients drawn from km_curve reproduce the curve", "[km_curve]") {
  const int n = 20000;
  const auto point = curve_point(1.0);
  const double months[] = {1, 3, 4.5, 6, 12, 24, 60};
  const double expected[] = {0.9, 0.6, std::sqrt(0.6 * 0.45), 0.45, 0.41, 0.40, 0.40};
  for (int i = 0; i < 7; ++i) {
    const double s = relapse_free_at(point, months[i] * kMonth, n);
    const double se = std::sqrt(expected[i] * (1 - expected[i]) / n);
    CAPTURE(months[i], s, expected[i], se);
    CHECK(std::abs(s - expected[i]) < 4 * se);
  }
}

TEST_CASE("km_curve's IFN hazard ratio gives S^HR, and HR 1 the same days", "[km_curve]") {
  const int n = 20000;
  const auto with_ifn = curve_point(0.5);
  for (const double month : {3.0, 12.0}) {
    const double expected = std::pow(month == 3.0 ? 0.6 : 0.41, 0.5);
    const double s = relapse_free_at(with_ifn, month * kMonth, n);
    CAPTURE(month, s, expected);
    CHECK(std::abs(s - expected) < 4 * std::sqrt(expected * (1 - expected) / n));
  }
  const auto twin = models::without_effect(std::get<scenarios::KmCurveSpec>(with_ifn.kinetics),
                                           scenarios::TestedEffect::Ifn);
  REQUIRE(twin.has_value());
  CHECK(twin->ifn_hazard_ratio == 1.0);
  CHECK_FALSE(models::without_effect(*twin, scenarios::TestedEffect::Covariate).has_value());
  // The twin without IFN and the curve itself draw identical days.
  auto null_point = curve_point(1.0);
  null_point.kinetics = *twin;
  CHECK(relapse_free_at(null_point, 6 * kMonth, 2000) ==
        relapse_free_at(curve_point(1.0), 6 * kMonth, 2000));
}

TEST_CASE("km_curve scenarios load, and bad curves name the key", "[km_curve]") {
  const auto sc = scenarios::load_scenario(JISAS_SOURCE_DIR "/tests/run/km_curve.yaml");
  const auto& spec = std::get<scenarios::KmCurveSpec>(sc.points.at(0).kinetics);
  CHECK(spec.survival == std::vector<double>{0.9, 0.6, 0.45, 0.41, 0.40});
  CHECK(spec.days.at(1) == Approx(3 * kMonth));
  CHECK(spec.ifn_hazard_ratio == 0.6);
  const std::string text = scenarios::read_text_file(JISAS_SOURCE_DIR "/tests/run/km_curve.yaml");
  const auto bad = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    t.replace(t.find(from), from.size(), to);
    return t;
  };
  CHECK_THROWS_WITH(
      scenarios::parse_scenario(bad("0.41, 0.40]", "0.41, 0.45]"), "bad.yaml"),
      Catch::Contains("kinetics.relapse_free.survival") && Catch::Contains("cannot increase"));
  CHECK_THROWS_WITH(scenarios::parse_scenario(bad("0.41, 0.40]", "0.41]"), "bad.yaml"),
                    Catch::Contains("needs one value per point"));
  CHECK_THROWS_WITH(scenarios::parse_scenario(bad("0.41, 0.40]", "0.41, 0]"), "bad.yaml"),
                    Catch::Contains("kinetics.relapse_free.survival"));
}
