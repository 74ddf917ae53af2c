// The lsc_immune dynamics (models/lsc_immune.h): the ODE, the exact stochastic regime
// and the switch between them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/lsc_immune/hahnel_table.h"
#include "models/lsc_immune/lsc_history.h"
#include "models/lsc_immune/lsc_immune.h"
#include "models/lsc_immune/lsc_kinetics.h"
#include "models/lsc_immune/lsc_population.h"
#include "models/lsc_immune/response_runs.h"

using namespace jisas;
using models::LscDynamics;
using models::LscPatientParams;
using models::LscState;
using models::LscTreatment;

namespace {

// Medians of the 21 per-patient fits, Hahnel et al. 2020 Table S1 (as summarised in
// shared/model-notes.md section 2.2).
constexpr LscPatientParams kMedianPatient{0.035, 1.2e-3, 2.56, 2.5e3, 419.0};
constexpr double kYAtDiagnosis = 6e5;  // Table S1 median Y0
constexpr double kDaysPerMonth = scenarios::kDaysPerMonth;
constexpr double kInfinity = std::numeric_limits<double>::infinity();

LscState at_diagnosis(const LscPatientParams& p) {
  // Hahnel 2020 initial conditions: X in balance with Y, Z at its baseline r_Z / a.
  return {p.p_yx / p.p_xy * kYAtDiagnosis, kYAtDiagnosis, 200.0 / 2.0, false};
}

// ODE only (no stochastic regime) with an IFN kill effect: a course of IFN or an immune
// escape must then give exactly the state of switching the treatment by hand.
scenarios::LscImmuneSpec ode_with_ifn_kill() {
  scenarios::LscImmuneSpec spec;
  spec.switch_cells = 0.0;
  spec.ifn.immune_kill = 3.0;
  return spec;
}
constexpr LscState kCourseStart{1e4, 500.0, 100.0, false};

engine::RandomEngine stream(std::uint64_t trial) {
  return engine::make_stream({20261126, 0, 0, trial, 99});
}

// Natural-log slope of the ratio per day between two times on IM (months).
double decline_per_day(LscDynamics& d, double from, double to) {
  d.advance(from);
  const double start = std::log(d.ratio());
  d.advance(to - from);
  return (start - std::log(d.ratio())) / ((to - from) * kDaysPerMonth);
}

}  // namespace

TEST_CASE("without TKI or immunity a lone clone dies out with probability (d/b)^n",
          "[lsc_immune]") {
  scenarios::LscImmuneSpec spec;
  spec.turnover = 0.5;  // delta: birth p_Y + delta, death delta + m Z
  const LscPatientParams no_switching{0.0, 0.0, 0.0, 0.0, 1.0};
  const double z = spec.r_z / spec.a;  // p_Z = 0: Z stays at its baseline
  const double b = spec.p_y + spec.turnover;
  const double d = spec.turnover + spec.m * z;
  constexpr int kTrials = 20000;
  for (int n = 1; n <= 3; ++n) {
    int extinct = 0;
    for (int trial = 0; trial < kTrials; ++trial) {
      auto rng = stream(static_cast<std::uint64_t>(n * kTrials + trial));
      LscDynamics dynamics(spec, no_switching, {0.0, double(n), z, true}, rng);
      dynamics.advance(24.0);  // a surviving clone is at the ODE threshold within months
      extinct += dynamics.extinct() ? 1 : 0;
    }
    // Linear birth-death process from n cells: extinction probability (d/b)^n for b > d
    // (Kendall 1948, Ann Math Stat 19:1; Allen 2011, "An Introduction to Stochastic
    // Processes with Applications to Biology", 2nd ed., section 6.4).
    const double expected = std::pow(d / b, n);
    const double se = std::sqrt(expected * (1.0 - expected) / kTrials);
    CAPTURE(n, extinct, expected, se);
    CHECK(std::abs(double(extinct) / kTrials - expected) < 4.0 * se);
  }
}

TEST_CASE("on imatinib BCR-ABL declines triphasically at published slopes", "[lsc_immune]") {
  // Tang et al. 2011 (Blood 118:1622), IRIS patients on imatinib: a triphasic exponential
  // decline, first slope 0.052 +/- 0.018 per day (differentiated cells), second 0.0057 +/-
  // 0.0038 (progenitors), third "negative in most patients, positive in others" (stem
  // cells; no range given). The model reads BCR-ABL from the cycling LSCs: its first
  // phase is their kill by IM, its second the passage to the level the quiescent pool
  // feeds, its third that pool's depletion by activation (about p_XY per month).
  scenarios::LscImmuneSpec spec;
  spec.switch_cells = 0.0;  // deterministic throughout
  auto rng = stream(1);
  LscDynamics dynamics(spec, kMedianPatient, at_diagnosis(kMedianPatient), rng);
  dynamics.set_treatment({.tki = true});
  const double first = decline_per_day(dynamics, 0.0, 6.0);    // months 0-6
  const double second = decline_per_day(dynamics, 0.0, 12.0);  // months 6-18
  const double third = decline_per_day(dynamics, 18.0, 54.0);  // months 36-72
  CAPTURE(first, second, third);
  CHECK(first > 0.052 - 2 * 0.018);  // 0.032: 1.1 SD below Tang's mean
  CHECK(first < 0.052 + 2 * 0.018);
  CHECK(second > 0.0057 - 0.0038);  // 0.0068: within 1 SD of Tang's mean
  CHECK(second < 0.0057 + 0.0038);
  CHECK(third > 0.0);  // still declining, as in most of Tang's patients
  CHECK(first > 3.0 * second);
  CHECK(second > 3.0 * third);  // three phases, not one or two exponentials
}

TEST_CASE("without immune control and extinction every stop relapses", "[lsc_immune]") {
  scenarios::LscImmuneSpec spec;
  spec.switch_cells = 0.0;
  int stopped_in_mmr = 0;
  for (const double p_xy : {1e-4, 0.035, 0.2}) {
    for (const double e_tki : {1.9, 2.56, 17.0}) {
      LscPatientParams p = kMedianPatient;
      p.p_xy = p_xy;
      p.e_tki = e_tki;
      p.p_z = 0.0;  // no immune window (Hahnel's class A)
      auto rng = stream(2);
      LscDynamics dynamics(spec, p, at_diagnosis(p), rng);
      dynamics.set_treatment({.tki = true});
      dynamics.advance(86.0);  // Table S1 median time to cessation
      CAPTURE(p_xy, e_tki, dynamics.ratio());
      if (dynamics.ratio() >= 1e-3) continue;  // never in MMR: would not be stopped
      ++stopped_in_mmr;
      dynamics.set_treatment({.tki = false});
      dynamics.advance(60.0);
      CHECK(dynamics.ratio() > 1e-3);
    }
  }
  CHECK(stopped_in_mmr >= 6);
}

TEST_CASE("an IFN course acts from its start day to its end day", "[lsc_immune]") {
  // protocol.ifn.duration (ENDURE: ropeginterferon for 15 months after the stop). ODE only,
  // so the course must give exactly the state of switching the treatment by hand.
  const scenarios::LscImmuneSpec spec = ode_with_ifn_kill();
  const LscState start = kCourseStart;
  auto rng = stream(7);
  models::LscImmuneKinetics kinetics(LscDynamics(spec, kMedianPatient, start, rng),
                                     {.start = 10.0, .end = 40.0, .exposure = 1.0});
  const LscDynamics& course = kinetics.dynamics();
  kinetics.advance_to(5.0);
  CHECK(course.treatment().ifn_exposure == 0.0);
  kinetics.advance_to(60.0);
  CHECK(course.treatment().ifn_exposure == 0.0);  // ended on day 40
  CHECK_FALSE(course.treatment().tki);

  LscDynamics by_hand(spec, kMedianPatient, start, rng);
  LscDynamics without(spec, kMedianPatient, start, rng);
  by_hand.advance(5.0 / kDaysPerMonth);
  by_hand.advance(5.0 / kDaysPerMonth);
  by_hand.set_treatment({.tki = false, .ifn_exposure = 1.0});
  by_hand.advance(30.0 / kDaysPerMonth);
  by_hand.set_treatment({.tki = false});
  by_hand.advance(20.0 / kDaysPerMonth);
  without.advance(60.0 / kDaysPerMonth);
  CHECK(course.state().y == by_hand.state().y);
  CHECK(course.state().z == by_hand.state().z);
  CHECK(course.state().y < without.state().y);  // the IFN kill acted while it was given
}

TEST_CASE("immune escape acts on its day, between the IFN course's start and end too",
          "[lsc_immune]") {
  const scenarios::LscImmuneSpec spec = ode_with_ifn_kill();
  const LscState start = kCourseStart;
  auto rng = stream(7);
  models::LscImmuneKinetics kinetics(LscDynamics(spec, kMedianPatient, start, rng),
                                     {.start = 10.0, .end = 40.0, .exposure = 1.0}, 20.0);
  kinetics.advance_to(60.0);
  LscDynamics by_hand(spec, kMedianPatient, start, rng);
  by_hand.advance(10.0 / kDaysPerMonth);
  by_hand.set_treatment({.tki = false, .ifn_exposure = 1.0});
  by_hand.advance(10.0 / kDaysPerMonth);
  by_hand.lose_immune_control();
  by_hand.advance(20.0 / kDaysPerMonth);
  by_hand.set_treatment({.tki = false});
  by_hand.advance(20.0 / kDaysPerMonth);
  CHECK(kinetics.dynamics().state().y == by_hand.state().y);
  CHECK(kinetics.dynamics().state().z == by_hand.state().z);
}

TEST_CASE("ratio_scale multiplies the blood ratio read from the cycling LSCs", "[lsc_immune]") {
  scenarios::LscImmuneSpec spec, scaled;
  scaled.ratio_scale = 0.05;
  const LscState state{1e4, 500.0, 100.0, false};
  const LscDynamics plain(spec, kMedianPatient, state, stream(3));
  const LscDynamics read_lower(scaled, kMedianPatient, state, stream(3));
  CHECK(plain.ratio() == Approx(500.0 / 1e6));
  CHECK(read_lower.ratio() == Approx(0.05 * 500.0 / 1e6));
}

TEST_CASE("an immune-held Table S1 patient relapses only after losing immune control",
          "[lsc_immune]") {
  // Patients 12 and 13 (class B, stable control in Hahnel 2020) stay in MMR after the
  // stop; with immune escape on day 365 both lose MMR, but not before that day.
  scenarios::LscImmuneSpec spec;
  spec.switch_cells = 0.0;
  for (const int patient : {12, 13}) {
    const auto& fit = models::kHahnelTableS1[static_cast<std::size_t>(patient - 1)];
    REQUIRE(fit.immune_class == 'B');
    const LscPatientParams p = models::fitted_params(fit);
    LscDynamics dynamics(spec, p, models::diagnosis_state(spec, p, fit.y0), stream(4));
    dynamics.set_treatment({.tki = true});
    dynamics.advance(fit.stop_month);
    models::LscImmuneKinetics kinetics(dynamics, {.start = kInfinity, .end = kInfinity}, 365.0);
    double lost_mmr = -1.0;
    for (int month = 1; month <= 36 && lost_mmr < 0.0; ++month) {
      kinetics.advance_to(month * kDaysPerMonth);
      if (kinetics.ratio() >= 1e-3) lost_mmr = month * kDaysPerMonth;
    }
    CAPTURE(patient, lost_mmr);
    CHECK(lost_mmr > 365.0);
    CHECK(lost_mmr < 365.0 + 24.0 * kDaysPerMonth);
  }
}

TEST_CASE("an immune burst inside one advance leaves the ODE within its tolerance",
          "[lsc_immune]") {
  // Table S1 patient 14 on IM from diagnosis: in the first year an immune burst makes the
  // ODE stiff (Rosenbrock's steps), then not (Dormand-Prince's again). Dormand-Prince
  // reuses the derivative at the end of its own last step as the first stage of the next;
  // taken from before the Rosenbrock stretch, it put Y 15 tolerances off a tight
  // reference after 12 months in one advance (1.79791 against 1.80204), and the result
  // depended on how the year was split into advances.
  const auto& row = models::kHahnelTableS1[13];
  REQUIRE(row.patient == 14);
  const LscPatientParams p{row.p_xy, row.p_yx, row.e_tki, row.p_z, row.k_z};
  const LscState diagnosis{std::min(1e6, row.p_yx / row.p_xy * row.y0), row.y0, 100.0, false};
  scenarios::LscImmuneSpec spec;
  spec.switch_cells = 0.0;  // the ODE alone
  scenarios::LscImmuneSpec tight = spec;
  tight.ode_rel_tol = tight.ode_abs_tol = 1e-10;
  LscDynamics whole(spec, p, diagnosis, stream(14)), quarters(spec, p, diagnosis, stream(14)),
      reference(tight, p, diagnosis, stream(14));
  for (LscDynamics* d : {&whole, &quarters, &reference}) d->set_treatment({.tki = true});
  whole.advance(12.0);
  for (int q = 0; q < 4; ++q) quarters.advance(3.0);
  reference.advance(12.0);
  const double y = reference.state().y, tolerance = spec.ode_abs_tol + spec.ode_rel_tol * y;
  CAPTURE(whole.state().y, quarters.state().y, y);
  CHECK(std::abs(whole.state().y - y) < tolerance);
  CHECK(std::abs(quarters.state().y - y) < tolerance);
}

TEST_CASE("the stochastic regime follows the ODE's mean", "[lsc_immune]") {
  // Linear case (no logistic term in play, Z fixed): E[Y(t)] obeys the ODE exactly.
  scenarios::LscImmuneSpec spec;
  spec.switch_cells = 1e9;  // always stochastic
  const LscPatientParams p{0.2, 0.1, 2.56, 0.0, 1.0};
  const LscState start{300.0, 50.0, 100.0, true};
  scenarios::LscImmuneSpec ode_spec = spec;
  ode_spec.switch_cells = 0.0;
  auto rng0 = stream(3);
  LscDynamics ode(ode_spec, p, {300.0, 50.0, 100.0, false}, rng0);
  ode.set_treatment({.tki = true});
  ode.advance(3.0);
  constexpr int kTrials = 4000;
  double sum = 0.0, sum2 = 0.0;
  for (int trial = 0; trial < kTrials; ++trial) {
    auto rng = stream(100000 + trial);
    LscDynamics ssa(spec, p, start, rng);
    ssa.set_treatment({.tki = true});
    ssa.advance(3.0);
    sum += ssa.state().y;
    sum2 += ssa.state().y * ssa.state().y;
  }
  const double mean = sum / kTrials;
  const double se = std::sqrt((sum2 / kTrials - mean * mean) / kTrials);
  CAPTURE(mean, se, ode.state().y);
  CHECK(std::abs(mean - ode.state().y) < 4.0 * se);
}

TEST_CASE("Hahnel's 21 fitted patients relapse after the stop exactly as in the paper",
          "[lsc_immune]") {
  // Hahnel et al. 2020 Table S1 (models/hahnel_table.h): TKI from diagnosis to the
  // patient's cessation time, then off; the paper's relapsers are patients 1-4, 7, 9, 10,
  // 17-19 (radivot/myelo CML/TFR/README.md), losing MMR 1.1-8.6 months after the stop.
  scenarios::LscImmuneSpec spec;
  spec.switch_cells = 0.0;
  for (const auto& fit : models::kHahnelTableS1) {
    const LscPatientParams p = models::fitted_params(fit);
    auto rng = stream(4);
    LscDynamics dynamics(spec, p, models::diagnosis_state(spec, p, fit.y0), rng);
    dynamics.set_treatment({.tki = true});
    dynamics.advance(fit.stop_month);
    CAPTURE(fit.patient, fit.immune_class, dynamics.ratio());
    CHECK(dynamics.ratio() < 1e-3);  // every patient stopped in MMR
    dynamics.set_treatment({.tki = false});
    double lost_mmr = -1.0;
    for (int month = 1; month <= 120 && lost_mmr < 0.0; ++month) {
      dynamics.advance(1.0);
      if (dynamics.ratio() >= 1e-3) lost_mmr = month;
    }
    CAPTURE(lost_mmr);
    CHECK((lost_mmr > 0.0) == fit.relapsed);
    if (fit.relapsed) CHECK(lost_mmr <= 10.0);
  }
}

TEST_CASE("the deep-response clock restarts at a detectable result; the MMR clock at a loss",
          "[lsc_immune]") {
  models::ResponseRuns runs;
  runs.observe(0.0, false, false);  // above MMR
  CHECK_FALSE(runs.in_mmr());
  runs.observe(90.0, true, false);  // MMR, detectable
  runs.observe(180.0, true, true);  // first undetectable
  runs.observe(270.0, true, true);
  CHECK(runs.mmr_duration() == 180.0);
  CHECK(runs.deep_duration() == 90.0);
  runs.observe(360.0, true, false);  // detectable inside the MMR run: sustained CMR ends
  CHECK_FALSE(runs.deep());
  CHECK(runs.deep_duration() == 0.0);
  CHECK(runs.mmr_duration() == 270.0);
  runs.observe(450.0, true, true);  // the clock restarts here, not at day 180
  runs.observe(540.0, true, true);
  CHECK(runs.deep_duration() == 90.0);
  CHECK(runs.mmr_duration() == 450.0);
  runs.observe(630.0, false, false);  // loss of MMR ends both runs
  CHECK(runs.mmr_duration() == 0.0);
  CHECK(runs.deep_duration() == 0.0);
  runs.observe(720.0, true, true);
  CHECK(runs.mmr_duration() == 0.0);
  CHECK(runs.deep_duration() == 0.0);
  CHECK(runs.deep());

  models::ResponseRuns first_deep(false);  // deep_duration_from: first_deep_in_mmr_run
  for (const auto& [day, in_mmr, deep] : {std::tuple{90.0, true, false},
                                          {180.0, true, true},
                                          {360.0, true, false},
                                          {540.0, true, true}}) {
    first_deep.observe(day, in_mmr, deep);
  }
  CHECK(first_deep.deep_duration() == 360.0);
}

TEST_CASE("a simulated IM history stops an eligible patient with nested durations",
          "[lsc_immune]") {
  scenarios::LscImmuneSpec spec;
  spec.jitter_sd_log10 = 0.1;
  spec.history.stop_delay.kind = scenarios::Distribution::Kind::Uniform;
  spec.history.stop_delay.max = 4.0 * scenarios::kDaysPerYear;
  const scenarios::AssaySpec assay{50000.0, 0.5, 1.0};
  for (std::uint64_t patient = 0; patient < 200; ++patient) {
    auto kinetics_rng = stream(1000 + patient);
    auto monitoring_rng = stream(5000 + patient);
    const models::LscStop stop = models::simulate_until_stop(
        models::LscPopulation(spec), assay, 1e-3, kinetics_rng, monitoring_rng, patient);
    const models::ImHistory& h = stop.history;
    CAPTURE(patient, h.im_duration, h.mmr_duration, h.deep_duration);
    REQUIRE(h.eligible);
    CHECK(h.mmr_duration >= spec.history.min_mmr_duration);  // JISAS: over 2 years of MMR
    CHECK(h.deep_duration <= h.mmr_duration);
    CHECK(h.mmr_duration < h.im_duration);
    CHECK(stop.dynamics.treatment().tki);
    CHECK(stop.dynamics.ratio() < 1e-3);  // true load below MMR at the stop
  }
}

TEST_CASE("IM histories use the visit vocabulary: the stop is an attended visit in its window",
          "[lsc_immune]") {
  scenarios::LscImmuneSpec spec;
  const double every = 3.0 * scenarios::kDaysPerMonth;
  spec.history.visits.window = 10.0;
  spec.history.visits.missed = 0.25;
  const scenarios::AssaySpec assay{50000.0, 0.5, 1.0};
  int off_plan = 0;
  for (std::uint64_t patient = 0; patient < 50; ++patient) {
    auto kinetics_rng = stream(1000 + patient);
    auto monitoring_rng = stream(5000 + patient);
    const auto h = models::simulate_until_stop(models::LscPopulation(spec), assay, 1e-3,
                                               kinetics_rng, monitoring_rng, patient)
                       .history;
    REQUIRE(h.eligible);
    const double planned = std::round(h.im_duration / every) * every;
    CHECK(std::abs(h.im_duration - planned) <= 10.0);  // the stop is an attended visit
    off_plan += h.im_duration != planned;
  }
  CHECK(off_plan > 40);  // the window moved (almost) every stop visit off its planned day
}
