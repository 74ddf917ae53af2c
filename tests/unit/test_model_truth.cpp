// The model's truth at a design point (trial/model_truth.h), which summary's closed forms
// are evaluated at: against the hazard model's own curve, and the two-arm ratio.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <utility>
#include <variant>

#include <tbb/task_arena.h>

#include "scenarios/scenario_loader.h"
#include "tests/unit/model_fixtures.h"
#include "trial/cohort_simulation.h"
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

namespace {

// Bit-equal records (NaN equal to NaN): what a patient's draws and follow-up decide.
bool same_records(const std::vector<analysis::PatientRecord>& a,
                  const std::vector<analysis::PatientRecord>& b) {
  const auto same = [](double x, double y) { return std::memcmp(&x, &y, sizeof x) == 0; };
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto &p = a[i], &q = b[i];
    if (p.patient != q.patient || p.relapsed != q.relapsed || p.cured != q.cured ||
        !same(p.time, q.time) || !same(p.latent_relapse, q.latent_relapse) ||
        !same(p.first_loss, q.first_loss) || !same(p.cmr_duration, q.cmr_duration) ||
        !same(p.entry_day, q.entry_day) || p.visit_key != q.visit_key)
      return false;
  }
  return true;
}

}  // namespace

TEST_CASE("a truth-sized cohort is simulated in parallel with the same records at any thread count",
          "[model_truth]") {
  // trial/cohort_simulation.cpp runs the patients of a SharedCohort (the truth sample and
  // its twins) on as many threads as the caller's arena has: the hazard model's truth
  // sample and 1,000 lsc_immune patients (with the IFN null twin of each, run as a twin)
  // on 1 and 2 threads.
  tbb::task_arena one(1), two(2);
  const auto point = test::jisas_like_point();
  const auto on_one = one.execute([&] { return trial::model_truth(point, 7); });
  const auto on_two = two.execute([&] { return trial::model_truth(point, 7); });
  CHECK(on_one.rate[0] == on_two.rate[0]);

  auto sc = scenarios::load_scenario(JISAS_SOURCE_DIR "/scenarios/jisas_mechanistic.yaml");
  auto mechanistic = sc.points.front();
  mechanistic.design.sample_size = 1000;
  auto null_ifn = mechanistic;
  std::get<scenarios::LscImmuneSpec>(null_ifn.kinetics).ifn = {};
  const auto simulate = [&](tbb::task_arena& arena) {
    return arena.execute([&] {
      const trial::SharedCohort cohort(mechanistic, 11, 3);
      return std::pair{cohort.patients(), cohort.twin_patients(null_ifn)};
    });
  };
  const auto [cohort_one, twin_one] = simulate(one);
  const auto [cohort_two, twin_two] = simulate(two);
  CHECK(same_records(cohort_one, cohort_two));
  CHECK(same_records(twin_one, twin_two));
  CHECK_FALSE(same_records(cohort_one, twin_one));  // the comparison sees a difference

  // A sample without twins (model_truth's, trial::simulate_sample) has the shared cohort's
  // records, on either thread count.
  const auto sample = [&](tbb::task_arena& arena, const scenarios::DesignPoint& p) {
    return arena.execute([&] { return trial::simulate_sample(p, 11, 3); });
  };
  CHECK(same_records(sample(one, mechanistic), cohort_one));
  CHECK(same_records(sample(two, mechanistic), cohort_one));
  auto hazard = point;
  hazard.design.sample_size = 5000;
  const auto shared = one.execute([&] { return trial::SharedCohort(hazard, 11, 3).patients(); });
  CHECK(same_records(sample(one, hazard), shared));
  CHECK(same_records(sample(two, hazard), shared));
}
