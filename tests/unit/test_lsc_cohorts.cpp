// The `lsc_immune` model through whole cohorts of scenarios/jisas_mechanistic.yaml.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "analysis/wilcoxon.h"
#include "scenarios/scenario_loader.h"
#include "trial/calibration_fit.h"
#include "trial/cohort_simulation.h"
#include "trial/null_twins.h"

using namespace jisas;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

TEST_CASE("JISAS mechanistic: sustained patients had longer CMR on IM than relapsed ones",
          "[lsc_cohorts]") {
  // The JISAS interim (shared/seed): sustained median 31 months vs relapsed 0, 9 and 14
  // months, Mann-Whitney p = 0.0142. Here the association is not assumed: it comes out of
  // the stem-cell dynamics (a longer deep response leaves fewer quiescent cells at the stop).
  const auto scenario =
      scenarios::load_scenario(JISAS_SOURCE_DIR "/scenarios/jisas_mechanistic.yaml");
  const auto& point = scenario.points.front();
  std::vector<double> sustained, relapsed;
  for (std::int64_t cohort = 0; cohort < 40; ++cohort) {
    const auto out = trial::simulate_cohort(point, scenario.seed, cohort, true);
    for (const auto& p : out.patients) {
      if (!p.evaluable) continue;
      (p.relapsed ? relapsed : sustained).push_back(p.cmr_duration);
    }
  }
  CAPTURE(sustained.size(), relapsed.size(), median(sustained), median(relapsed));
  REQUIRE(relapsed.size() >= 50);
  REQUIRE(sustained.size() >= 50);
  CHECK(median(sustained) > median(relapsed));
  const auto test = analysis::wilcoxon_test(sustained, relapsed);
  CAPTURE(test.p_value);
  CHECK(test.p_value < 0.001);
}

namespace {

struct Landmark {
  double mean, se;
};

// Mean over cohorts of the 12-month KM relapse-free rate (the scenario's second
// landmark), with its Monte Carlo standard error.
Landmark km12(const scenarios::DesignPoint& point, std::uint64_t seed, int cohorts) {
  double sum = 0.0, sum2 = 0.0;
  for (std::int64_t c = 0; c < cohorts; ++c) {
    const double km = trial::simulate_cohort(point, seed, c, false).result.km[1];
    sum += km;
    sum2 += km * km;
  }
  const double mean = sum / cohorts;
  return {mean, std::sqrt((sum2 / cohorts - mean * mean) / cohorts)};
}

}  // namespace

TEST_CASE("the ODE tolerance and the stochastic threshold do not move the 12-month rate",
          "[lsc_cohorts]") {
  // Issue 4: refining the tolerance or moving the threshold changes the 12-month
  // relapse-free rate by less than one Monte Carlo standard error (same seeds).
  const auto scenario =
      scenarios::load_scenario(JISAS_SOURCE_DIR "/scenarios/jisas_mechanistic.yaml");
  REQUIRE(scenario.points.front().analysis.landmarks.at(1) == Approx(365.25));
  auto base = scenario.points.front();
  std::get<jisas::scenarios::LscImmuneSpec>(base.kinetics).switch_cells = 100.0;
  constexpr int kCohorts = 150;
  const Landmark reference = km12(base, scenario.seed, kCohorts);
  auto finer = base;
  std::get<jisas::scenarios::LscImmuneSpec>(finer.kinetics).ode_rel_tol = 1e-9;
  std::get<jisas::scenarios::LscImmuneSpec>(finer.kinetics).ode_abs_tol = 1e-7;
  auto higher_threshold = base;
  std::get<jisas::scenarios::LscImmuneSpec>(higher_threshold.kinetics).switch_cells = 1000.0;
  for (const auto& variant : {finer, higher_threshold}) {
    const Landmark other = km12(variant, scenario.seed, kCohorts);
    CAPTURE(reference.mean, reference.se, other.mean,
            std::get<jisas::scenarios::LscImmuneSpec>(variant.kinetics).switch_cells);
    CHECK(std::abs(other.mean - reference.mean) < reference.se);
  }
}

namespace {

// Every simulated rate lies in its target's published 95% CI.
void check_inside_intervals(const trial::CandidateFit& fit,
                            const std::vector<scenarios::CalibrationTarget>& targets) {
  for (std::size_t i = 0; i < targets.size(); ++i) {
    CAPTURE(targets[i].source, targets[i].at, fit.simulated[i]);
    CHECK(fit.simulated[i] >= targets[i].lower);
    CHECK(fit.simulated[i] <= targets[i].upper);
  }
}

}  // namespace

TEST_CASE("JISAS mechanistic reproduces the interim Kaplan-Meier within its 95% CIs",
          "[lsc_cohorts]") {
  // Targets: KM of the interim's 12 patients (scenarios/jisas_interim.csv) with log-log 95%
  // CIs, from `jisas-sim analyze ... --landmarks 6,12` (= R survfit): 6 months 0.8333
  // (0.4817-0.9555), 12 months 0.7407 (0.3907-0.9086). Pooled over 200 cohorts.
  const auto scenario =
      scenarios::load_scenario(JISAS_SOURCE_DIR "/scenarios/jisas_mechanistic.yaml");
  const std::vector<scenarios::CalibrationTarget> targets{
      {182.625, 0.8333, 0.4817, 0.9555, "JISAS interim"},
      {365.25, 0.7407, 0.3907, 0.9086, "JISAS interim"}};
  const auto fit = trial::fit_candidate(scenario.points.front(), scenario.seed, 200, targets, 2);
  check_inside_intervals(fit, targets);
  // The null set (every IFN multiplier 0) is inside the interim's wide intervals too; the
  // optimistic set lies well above it (lsc_immune.md, calibration step 2: 12 patients
  // cannot tell them apart, a planner's simulation can).
  const auto twins = trial::make_null_twins(scenario.points.front());
  REQUIRE(twins.of(scenarios::TestedEffect::Ifn));
  const auto null_fit =
      trial::fit_candidate(*twins.of(scenarios::TestedEffect::Ifn), scenario.seed, 200, targets, 2);
  CAPTURE(fit.simulated, null_fit.simulated);
  CHECK(fit.simulated[0] - null_fit.simulated[0] > 0.1);
  CHECK(fit.simulated[1] - null_fit.simulated[1] > 0.1);
}

TEST_CASE("STIM mechanistic reproduces STIM1's recurrence-free survival within its CIs",
          "[lsc_cohorts]") {
  // Etienne et al. 2017 (J Clin Oncol 35:298), abstract: 43% (95% CI 33-52) at 6 months,
  // 38% (29-47) at 60 months; Mahon et al. 2010 (Lancet Oncol 11:1029): 41% at 12 months
  // (its CI 29-52 as quoted in scenarios/stim.yaml; not checked against the paper here).
  const auto scenario =
      scenarios::load_scenario(JISAS_SOURCE_DIR "/scenarios/stim_mechanistic.yaml");
  const std::vector<scenarios::CalibrationTarget> targets{
      {182.625, 0.43, 0.33, 0.52, "Etienne 2017"},
      {365.25, 0.41, 0.29, 0.52, "Mahon 2010"},
      {1826.25, 0.38, 0.29, 0.47, "Etienne 2017"}};
  const auto fit = trial::fit_candidate(scenario.points.front(), scenario.seed, 30, targets, 2);
  check_inside_intervals(fit, targets);
}

TEST_CASE(
    "ENDURE mechanistic: the null IFN effect reproduces the observation arm; the JISAS set "
    "lifts the IFN arm while it is given",
    "[lsc_cohorts]") {
  // Burchert et al., Leukemia 2026 (ENDURE), relapse-free survival with 95% CIs, as in
  // scenarios/calibration/endure_targets.yaml: observation 67% (57-75), 60% (50-69), 59%
  // (49-68); ropeginterferon 73% (62-81), 64% (53-73), 56% (45-66) at 6, 12, 24 months.
  // The population is the joint calibration's (fitted to the observation arm, STIM1 and
  // EURO-SKI); under the null IFN effect both arms follow the same dynamics.
  const auto scenario =
      scenarios::load_scenario(JISAS_SOURCE_DIR "/scenarios/endure_mechanistic.yaml");
  REQUIRE(scenario.points.size() == 2);
  std::vector<scenarios::CalibrationTarget> targets;
  const double months[] = {6, 12, 24};
  const double control[][3] = {{0.67, 0.57, 0.75}, {0.60, 0.50, 0.69}, {0.59, 0.49, 0.68}};
  const double ifn[][3] = {{0.73, 0.62, 0.81}, {0.64, 0.53, 0.73}, {0.56, 0.45, 0.66}};
  for (int arm = 0; arm <= 1; ++arm) {
    for (int i = 0; i < 3; ++i) {
      const double* r = arm == 0 ? control[i] : ifn[i];
      targets.push_back({months[i] * scenarios::kDaysPerMonth, r[0], r[1], r[2],
                         arm == 0 ? "ENDURE observation" : "ENDURE ropeginterferon", arm});
    }
  }
  constexpr int kCohorts = 15;  // about 3,000 patients, as in the calibration
  const auto null_fit =
      trial::fit_candidate(scenario.points[0], scenario.seed, kCohorts, targets, 2);
  CAPTURE(null_fit.simulated);
  // The observation arm, which the population was fitted to, at all three landmarks; the
  // ropeginterferon arm at 12 and 24 months. At 6 months that arm is at its interval's
  // lower limit (62%): 62.5% pooled here, 60.8% as the mean of 1,000 cohorts' KM.
  const std::vector<scenarios::CalibrationTarget> observation(targets.begin(), targets.begin() + 3);
  check_inside_intervals(null_fit, observation);
  for (const std::size_t i : {std::size_t{4}, std::size_t{5}}) {
    CHECK(null_fit.simulated[i] >= targets[i].lower);
    CHECK(null_fit.simulated[i] <= targets[i].upper);
  }
  // The optimistic set fitted to the JISAS interim, given for ENDURE's 15 months, lifts the
  // ropeginterferon arm while the course lasts and the gain fades after it. With the joint
  // population it stays inside ENDURE's intervals (75%, 71%, 57%; lsc_immune.md), so
  // ENDURE's landmarks alone no longer exclude it.
  const auto optimistic =
      trial::fit_candidate(scenario.points[1], scenario.seed, kCohorts, targets, 2);
  CAPTURE(optimistic.simulated);
  const auto gain = [&](std::size_t i) { return optimistic.simulated[i] - null_fit.simulated[i]; };
  CHECK(gain(3) > 0.08);                                    // 6 months
  CHECK(gain(4) > 0.08);                                    // 12 months
  CHECK(gain(5) < gain(4) - 0.05);                          // 24 months, 9 months after the course
  CHECK(optimistic.simulated[0] == null_fit.simulated[0]);  // the control arm is untouched
}
