#include "trial/cohort_simulation.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <boost/random/uniform_01.hpp>
#include <catch2/catch.hpp>

#include "analysis/cohort/cohort_tests.h"
#include "models/hazard/hazard_kinetics.h"
#include "models/hazard/hazard_model.h"
#include "tests/unit/model_fixtures.h"

using namespace jisas;

TEST_CASE("constant hazard: relapse fraction matches 1 - exp(-lambda t)", "[hazard_model]") {
  // Piecewise exponential with one rate, no cure, no IFN effect, no covariate effect.
  scenarios::HazardModelSpec spec;
  spec.relapse_time.kind = scenarios::Distribution::Kind::PiecewiseExponential;
  const double lambda = 0.01;  // per day
  spec.relapse_time.rates = {lambda};
  trial::Covariates c;
  const int n = 20000;
  const double t = 60.0;
  int relapsed = 0;
  for (int i = 0; i < n; ++i) {
    auto rng = engine::make_stream({11, 0, 0, static_cast<std::uint64_t>(i), 5});
    relapsed += models::sample_hazard_patient(spec, c, INFINITY, INFINITY, rng).latent_relapse <= t;
  }
  const double expected = 1.0 - std::exp(-lambda * t);  // 0.4512
  const double se = std::sqrt(expected * (1 - expected) / n);
  CHECK(std::abs(relapsed / double(n) - expected) < 3 * se);
}

TEST_CASE("an IFN course of limited duration scales the hazard only while it is given",
          "[hazard_model]") {
  // Exponential relapse hazard lambda, no cure, hazard ratio 0.5 from day 0 to day D: the
  // cumulative hazard at t > D is 0.5 lambda D + lambda (t - D) (piecewise constant hazard).
  scenarios::HazardModelSpec spec;
  spec.relapse_time.kind = scenarios::Distribution::Kind::PiecewiseExponential;
  const double lambda = 0.01, duration = 50.0;
  spec.relapse_time.rates = {lambda};
  spec.ifn_hazard_ratio = 0.5;
  trial::Covariates c;
  const int n = 20000;
  int by_duration = 0, by_100 = 0;
  for (int i = 0; i < n; ++i) {
    auto rng = engine::make_stream({12, 0, 0, static_cast<std::uint64_t>(i), 5});
    const double day = models::sample_hazard_patient(spec, c, 0.0, duration, rng).latent_relapse;
    by_duration += day <= duration;
    by_100 += day <= 100.0;
  }
  for (const auto& [count, expected] :
       {std::pair{by_duration, 1.0 - std::exp(-0.5 * lambda * duration)},                  // 0.2212
        std::pair{by_100, 1.0 - std::exp(-(0.5 * lambda * duration + lambda * 50.0))}}) {  // 0.5276
    const double se = std::sqrt(expected * (1 - expected) / n);
    CAPTURE(count, expected);
    CHECK(std::abs(count / double(n) - expected) < 3 * se);
  }
}

TEST_CASE("IFN hazard ratio 1 leaves every latent relapse time unchanged", "[hazard_model]") {
  const auto point = test::jisas_like_point();
  scenarios::HazardModelSpec with_ifn = std::get<jisas::scenarios::HazardModelSpec>(point.kinetics);
  with_ifn.ifn_hazard_ratio = 1.0;
  trial::Covariates c;
  c.cmr_duration = 400.0;
  for (std::uint64_t i = 0; i < 200; ++i) {
    auto a = engine::make_stream({3, 0, 0, i, 5});
    auto b = engine::make_stream({3, 0, 0, i, 5});
    const auto x = models::sample_hazard_patient(with_ifn, c, 10.0, INFINITY, a);
    const auto y = models::sample_hazard_patient(
        std::get<jisas::scenarios::HazardModelSpec>(point.kinetics), c, INFINITY, INFINITY, b);
    CHECK(x.latent_relapse == y.latent_relapse);
  }
}

TEST_CASE("a twin's draw from the cohort's Exp(1) equals its own draw from the stream",
          "[hazard_model]") {
  // The model behind every twin's reuse of PreStop (trial/cohort_simulation.cpp): the
  // cohort keeps its draw, a twin with another cure fraction, slope or hazard ratio takes
  // it, and gets exactly what drawing from the patient's own stream would give.
  const auto point = test::jisas_like_point();
  auto spec = std::get<scenarios::HazardModelSpec>(point.kinetics);
  spec.cure_log_odds_per_year_cmr = 0.8;
  auto twin_spec = spec;
  twin_spec.cure_fraction = 0.3;
  twin_spec.cure_log_odds_per_year_cmr = 0.0;  // one cure probability for all (HazardSampler)
  twin_spec.ifn_hazard_ratio = 0.7;
  const models::HazardModel cohort(spec, point), twin(twin_spec, point);
  const trial::CohortStreams cohort_streams{5, 0, 2};
  int cured = 0;
  for (std::uint64_t i = 1; i <= 300; ++i) {
    const trial::PatientStreams streams(cohort_streams, i);
    trial::Covariates c;
    c.cmr_duration = 200.0 + 3.0 * static_cast<double>(i);
    const models::IfnCourse ifn{10.0, INFINITY, 5, 1.0};
    std::optional<models::HazardModel::PreStop> shared;
    const auto drawn = cohort.draw(c, ifn, streams, &shared);
    REQUIRE(shared.has_value());
    CHECK(models::HazardModel::same_course(drawn, cohort.draw(c, ifn, streams, nullptr)));
    const auto reused = twin.draw(c, ifn, streams, &shared);
    const auto own = twin.draw(c, ifn, streams, nullptr);
    CHECK(reused.truth.cured == own.truth.cured);
    CHECK(std::memcmp(&reused.truth.latent_relapse, &own.truth.latent_relapse, sizeof(double)) ==
          0);
    cured += own.truth.cured;
  }
  CHECK(cured > 30);  // both branches ran
  CHECK(cured < 270);
}

TEST_CASE("the sampler's shortcut for cured patients gives the full computation's result",
          "[hazard_model]") {
  // IFN given until relapse (ifn_end infinite) at a hazard ratio of at most 1 lets
  // HazardSampler return cured for e >= l_max without the IFN arithmetic. An IFN end far
  // beyond any relapse (1e300 days: exp(-H) is 0 there, so big_l(end) is l_max to the bit)
  // takes the long way to the same answer.
  const auto point = test::jisas_like_point();
  auto spec = std::get<scenarios::HazardModelSpec>(point.kinetics);
  int cured = 0, relapsing = 0;
  for (const double slope : {0.0, 0.8}) {
    for (const double hr : {0.0, 0.5, 1.0}) {
      spec.cure_log_odds_per_year_cmr = slope;
      spec.ifn_hazard_ratio = hr;
      const models::HazardSampler sampler(spec);
      for (int i = 0; i < 400; ++i) {
        trial::Covariates c;
        c.cmr_duration = 500.0 + 2.5 * i;
        const double e = 0.005 * i;  // l_max = -log(p) is about 0.6 at p = 0.55
        const double start = 0.25 * (i % 40);
        const auto shortcut = sampler(c, start, INFINITY, e);
        const auto full = sampler(c, start, 1e300, e);
        CAPTURE(slope, hr, i);
        REQUIRE(shortcut.cured == full.cured);
        CHECK(std::memcmp(&shortcut.latent_relapse, &full.latent_relapse, sizeof(double)) == 0);
        (shortcut.cured ? cured : relapsing) += 1;
      }
    }
  }
  CHECK(cured > 300);  // both branches ran (hazard ratio 0: IFN from the start cures)
  CHECK(relapsing > 300);
}

TEST_CASE("the true ratio crosses the threshold at the latent relapse day", "[hazard_model]") {
  const auto point = test::jisas_like_point();
  models::HazardKinetics k(std::get<jisas::scenarios::HazardModelSpec>(point.kinetics), 0.001,
                           {false, 100.0});
  k.advance_to(100.0);
  CHECK(k.ratio() == Approx(0.001));
  k.advance_to(109.0);  // one doubling time later
  CHECK(k.ratio() == Approx(0.002));
  k.resume_im();
  k.advance_to(127.0);  // one IM half-life after resumption
  CHECK(k.ratio() == Approx(0.001));
}

TEST_CASE("two confirmations: relapse dated at the first loss, confirmed one visit later",
          "[protocol]") {
  const auto point = test::jisas_like_point();
  int relapses = 0;
  for (std::int64_t cohort = 0; cohort < 50; ++cohort) {
    const auto out = trial::simulate_cohort(point, 99, cohort, true);
    for (const auto& p : out.patients) {
      if (!p.relapsed) continue;
      ++relapses;
      CHECK(p.time == p.first_loss);
      CHECK(p.confirmed - p.first_loss == Approx(point.protocol.visits.first_interval()));
    }
  }
  CHECK(relapses > 50);
}

namespace {
// Bitwise equality of the fields written to /cohorts (NaN equals NaN).
bool same_row(const analysis::CohortResult& a, const analysis::CohortResult& b) {
  const auto bits = [](const auto& x, const auto& y) {
    return std::memcmp(&x, &y, sizeof(x)) == 0;
  };
  return a.enrolled == b.enrolled && a.evaluable == b.evaluable && a.relapses == b.relapses &&
         bits(a.relapse_proportion, b.relapse_proportion) &&
         bits(a.median_follow_up, b.median_follow_up) && bits(a.km, b.km) &&
         bits(a.km_lower, b.km_lower) && bits(a.p_value, b.p_value) &&
         bits(a.statistic, b.statistic) && bits(a.reject, b.reject);
}
}  // namespace

TEST_CASE("a cohort depends only on its key", "[cohort]") {
  const auto point = test::jisas_like_point();
  const auto a = trial::simulate_cohort(point, 5, 17, true);
  const auto b = trial::simulate_cohort(point, 5, 17, false);
  CHECK(same_row(a.result, b.result));
  bool any_differs = false;
  for (std::int64_t c = 18; c < 28; ++c)
    any_differs |= !same_row(a.result, trial::simulate_cohort(point, 5, c, false).result);
  CHECK(any_differs);
}

TEST_CASE("null twins share the cohort's random streams", "[cohort]") {
  auto point = test::jisas_like_point();
  point.analysis.null_twin = true;
  std::get<jisas::scenarios::HazardModelSpec>(point.kinetics).ifn_hazard_ratio =
      1.0;  // already null: twin must equal the cohort
  std::get<jisas::scenarios::HazardModelSpec>(point.kinetics).cure_log_odds_per_year_cmr = 0.8;
  const auto twins = trial::make_null_twins(point);
  REQUIRE(twins.of(jisas::scenarios::TestedEffect::Ifn).has_value());
  REQUIRE(twins.of(jisas::scenarios::TestedEffect::Covariate).has_value());
  CHECK(std::get<jisas::scenarios::HazardModelSpec>(
            twins.of(jisas::scenarios::TestedEffect::Covariate)->kinetics)
            .cure_log_odds_per_year_cmr == 0.0);
  for (std::int64_t c = 0; c < 20; ++c) {
    const auto out = trial::simulate_cohort_and_twins(point, twins, nullptr, 3, c, false);
    CHECK(std::memcmp(&out.result.null_p_value[0], &out.result.p_value[0], sizeof(double)) == 0);
    CHECK(out.result.null_reject[0] == out.result.reject[0]);
    const auto plain = trial::simulate_cohort(point, 3, c, false);
    CHECK(same_row(out.result, plain.result));  // the twins change nothing else
  }
  point.analysis.null_twin = false;
  const auto none = trial::make_null_twins(point);
  CHECK_FALSE(none.of(jisas::scenarios::TestedEffect::Ifn).has_value());
  CHECK_FALSE(none.of(jisas::scenarios::TestedEffect::Covariate).has_value());
}

TEST_CASE("a null twin decides as the twin's design point simulated on its own", "[cohort]") {
  // Issue 18: a twin reuses the cohort's draws and records and, where its tests read only
  // the relapse status (Mann-Whitney), does not follow a patient whose certain visits
  // decide it (trial/protocol.h, certain_relapse_free_to_end). Its p-values must be those
  // of the twin's point run as a cohort of its own on the same streams, to the bit,
  // whatever the schedule, rule, assay, censoring and follow-up.
  constexpr double mo = scenarios::kDaysPerMonth;
  auto base = test::jisas_like_point();
  base.design.sample_size = 60;
  base.analysis.null_twin = true;
  auto& hazard = std::get<scenarios::HazardModelSpec>(base.kinetics);
  hazard.ifn_hazard_ratio = 0.5;
  hazard.cure_log_odds_per_year_cmr = 0.8;
  auto variants = test::protocol_variants(base);
  auto dropouts = base;
  // Both arms' hazard: a single-arm trial's patients are in the experimental arm (arm 1).
  const double dropout = 0.4 / scenarios::kDaysPerYear;
  dropouts.design.withdrawal = {0.1, {dropout, dropout}};
  const auto dropped = trial::simulate_cohort(dropouts, 9, 0, true).patients;
  REQUIRE(std::count_if(dropped.begin(), dropped.end(), [](const auto& r) {
            return r.censor_reason == 2;  // the variant's patients do drop out
          }) > 0);
  variants.emplace_back("dropouts", dropouts);
  auto short_follow_up = base;
  short_follow_up.design.max_follow_up = 4 * mo;  // ends near the relapses
  variants.emplace_back("follow-up 4 months", short_follow_up);
  auto early = base;
  early.design.analysis_date.calendar_day = 400.0;  // many censored in their first months
  variants.emplace_back("an early analysis date", early);
  for (const auto& [name, point] : variants) {
    const trial::NullTwins twins = trial::make_null_twins(point);
    int relapse_counts_differ = 0;
    for (std::int64_t c = 0; c < 25; ++c) {
      const auto out = trial::simulate_cohort_and_twins(point, twins, nullptr, 9, c, false);
      for (std::size_t t = 0; t < point.analysis.tests.size(); ++t) {
        const auto& twin = twins.of(analysis::describe(point.analysis.tests[t]).effect);
        REQUIRE(twin.has_value());
        const auto own = trial::simulate_cohort(*twin, 9, c, false).result;
        INFO(name << ", cohort " << c << ", test " << point.analysis.tests[t].name);
        CHECK(std::memcmp(&out.result.null_p_value[t], &own.p_value[t], sizeof(double)) == 0);
        CHECK(out.result.null_reject[t] == own.reject[t]);
        relapse_counts_differ += own.relapses != out.result.relapses;
      }
    }
    INFO(name);
    CHECK(relapse_counts_differ > 10);  // the twins moved patients
  }
}

TEST_CASE("IFN may start on the day of the stop (start_within 0)", "[cohort]") {
  // Boost's uniform_real_distribution(0, 0) never returns: this cohort used to hang.
  auto point = test::jisas_like_point();
  REQUIRE(point.protocol.ifn);
  point.protocol.ifn_start_within = 0.0;
  const auto out = trial::simulate_cohort(point, 1, 0, true);
  CHECK(out.patients.size() == static_cast<std::size_t>(point.design.sample_size));
}
