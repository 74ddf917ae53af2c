// Boundary twins (trial/boundary_twins.h): the point recalibrated so its true relapse-free
// rate at a test's landmark is the test's null rate. The search against the hazard
// model's own curve, sharing between tests, and the cases with no twin.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/random_stream.h"
#include "engine/timeline.h"
#include "models/hazard/hazard_kinetics.h"
#include "models/hazard/hazard_model.h"
#include "scenarios/quiet_visits.h"
#include "scenarios/scenario_loader.h"
#include "tests/unit/model_fixtures.h"
#include "trial/boundary_twins.h"
#include "trial/model_truth.h"
#include "trial/protocol.h"

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

namespace {

// A hazard patient's kinetics on study: cured, or its ratio crossing the MMR threshold on
// `latent_day` (jisas_like_point: monthly visits, two confirmations, doubling 9 days).
models::HazardKinetics kinetics_of(const scenarios::DesignPoint& point, bool cured,
                                   double latent_day) {
  return {std::get<scenarios::HazardModelSpec>(point.kinetics),
          point.protocol.threshold,
          {cured, cured ? std::numeric_limits<double>::infinity() : latent_day}};
}

std::optional<bool> certain_at_12_months(const scenarios::DesignPoint& point, bool cured,
                                         double latent_day, double dropout = 1e9,
                                         double on_study = 1e9) {
  auto kinetics = kinetics_of(point, cured, latent_day);
  return trial::certain_relapse_free_at(point, 1234, kinetics, dropout, on_study,
                                        12 * scenarios::kDaysPerMonth);
}

}  // namespace

TEST_CASE("the certain visits alone decide a probe patient's status far from the landmark",
          "[boundary_twins]") {
  const auto point = test::jisas_like_point();
  const double mo = scenarios::kDaysPerMonth;
  CHECK(certain_at_12_months(point, true, 0.0) == std::optional<bool>(true));  // cured
  // Quiet to the landmark: below 4.6e-6 up to 7.8 doublings (70 days) before the crossing.
  CHECK(certain_at_12_months(point, false, 15 * mo) == std::optional<bool>(true));
  CHECK_FALSE(certain_at_12_months(point, false, 14 * mo).has_value());
  // Certain losses (above 7.8e-3, 3 doublings after the crossing) at two visits by 12 months.
  CHECK(certain_at_12_months(point, false, 1 * mo) == std::optional<bool>(false));
  CHECK(certain_at_12_months(point, false, 10 * mo) == std::optional<bool>(false));
  // Crossing within a few doublings of the landmark: a drawn visit decides.
  CHECK_FALSE(certain_at_12_months(point, false, 12 * mo - 5.0).has_value());
  CHECK_FALSE(certain_at_12_months(point, false, 12 * mo + 20.0).has_value());
  // Censored before the landmark, or no undrawn visits at all: the patient is followed.
  CHECK_FALSE(certain_at_12_months(point, false, 1 * mo, 6 * mo).has_value());
  CHECK_FALSE(certain_at_12_months(point, false, 1 * mo, 1e9, 6 * mo).has_value());
  auto cmr = point;
  cmr.protocol.loss_of = scenarios::ProtocolSpec::LossOf::CMR;
  cmr.quiet = scenarios::quiet_visits(cmr.assay, cmr.protocol, 37.0);
  CHECK_FALSE(certain_at_12_months(cmr, true, 0.0).has_value());
}

namespace {

// The protocol's record of a hazard patient followed visit by visit, the assay drawn from
// stream `assay_seed` (as follow_on_study in trial/cohort_simulation.cpp, twins' way:
// up to the relapse).
analysis::PatientRecord followed(const scenarios::DesignPoint& point, double latent_day,
                                 std::uint64_t visit_key, double dropout, double on_study,
                                 std::uint64_t assay_seed) {
  auto kinetics = kinetics_of(point, false, latent_day);
  auto assay_rng = engine::make_stream({assay_seed, 0, 0, 0, 0});
  analysis::PatientRecord record;
  record.visit_key = visit_key;
  trial::ProtocolRules rules(point, kinetics, assay_rng, record, {nullptr, nullptr, false});
  engine::EventQueue<trial::EventKind> queue;
  rules.start(queue, dropout, on_study, point.design.max_follow_up);
  engine::run_timeline(queue, kinetics, rules);
  return record;
}

}  // namespace

TEST_CASE(
    "the certain visits decide a twin patient's status at the end of follow-up as "
    "following it does",
    "[boundary_twins]") {
  // Issue 18: a null twin whose tests read only the relapse status (Mann-Whitney) follows
  // no patient for whom certain_relapse_free_to_end has an answer; that answer must be the
  // record's, for every draw of the assay, with the latent relapse on a grid of days
  // around the end of follow-up set by the analysis date, a dropout or max_follow_up.
  const double mo = scenarios::kDaysPerMonth;
  auto base = test::jisas_like_point();
  auto variants = test::protocol_variants(base);
  auto capped = base;
  capped.design.max_follow_up = 5 * mo;
  variants.emplace_back("follow-up 5 months", capped);
  int answered = 0, relapsed = 0;
  for (const auto& [name, point] : variants) {
    for (const double end :
         {4 * mo + 3.0, 6 * mo, 7 * mo, 9 * mo - 2.0}) {  // 6, 7 months: planned visits
      for (double latent = end - 120.0; latent < end + 20.0; latent += 1.5) {
        for (std::uint64_t key = 1; key <= 3; ++key) {
          // The end as an analysis date, then as a dropout before a later analysis date.
          for (const auto& [dropout, on_study] :
               {std::pair{1e9, end}, std::pair{end, end + 90.0}}) {
            auto kinetics = kinetics_of(point, false, latent);
            const double max_follow_up = point.design.max_follow_up > 0.0
                                             ? point.design.max_follow_up
                                             : std::numeric_limits<double>::infinity();
            const double follow_up = std::min({dropout, on_study, max_follow_up});
            const auto certain =
                trial::certain_relapse_free_to_end(point, key, kinetics, follow_up);
            if (!certain) continue;
            ++answered;
            relapsed += !*certain;
            for (std::uint64_t seed = 1; seed <= 3; ++seed) {
              INFO(name << ", end " << end << ", latent day " << latent << ", dropout " << dropout);
              CHECK(followed(point, latent, key, dropout, on_study, seed).relapsed == !*certain);
            }
          }
        }
      }
    }
  }
  CHECK(answered > 1000);  // both answers, on both sides of the end
  CHECK(relapsed > 300);
  CHECK(answered - relapsed > 300);
}

TEST_CASE("a probe's rate without following the certain patients is its records' rate",
          "[boundary_twins]") {
  // Issue 18: the search's probes (TruthRates::rate) follow only the patients a drawn visit
  // could decide; the rate must be the one of the records twin_patients gives, to the bit,
  // whatever the schedule, rule, assay, censoring and twin.
  const double mo = scenarios::kDaysPerMonth;
  auto base = test::jisas_like_point();
  base.design.sample_size = 3000;
  const double dropout = 0.2 / scenarios::kDaysPerYear;  // some drop out early: both arms'
  base.design.withdrawal = {0.0, {dropout, dropout}};    // hazard (single-arm: arm 1)
  auto variants = test::protocol_variants(base);
  auto ifn = base;
  std::get<scenarios::HazardModelSpec>(ifn.kinetics).ifn_hazard_ratio = 0.5;
  variants.emplace_back("IFN hazard ratio 0.5", ifn);
  for (auto& [name, point] : variants) {
    point.quiet = scenarios::quiet_visits(point.assay, point.protocol, 37.0);
    const trial::SharedCohort sample(point, 7, trial::kTruthCohort);
    const auto& spec = std::get<scenarios::HazardModelSpec>(point.kinetics);
    for (const double cure : {0.1, 0.3, 0.7}) {
      auto twin = point;
      twin.kinetics = models::with_cure_fraction(spec, cure);
      for (const double at : {0.5 * mo, 6 * mo, 12 * mo}) {
        double free = 0.0;
        for (const auto& r : sample.twin_patients(twin)) free += !analysis::relapsed_by(r, at);
        const double expected = free / static_cast<double>(point.design.sample_size);
        INFO(name << ", cure fraction " << cure << ", at day " << at);
        CHECK(sample.twin_relapse_free_rate(twin, at) == expected);
      }
    }
  }
}
