#include "trial/cohort_simulation.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "analysis/cohort/cohort_analysis.h"
#include "engine/event_queue.h"
#include "engine/random_stream.h"
#include "engine/timeline.h"
#include "models/hazard/hazard_kinetics.h"
#include "models/lsc_immune/lsc_history.h"
#include "models/lsc_immune/lsc_kinetics.h"
#include "trial/population.h"
#include "trial/protocol.h"
#include "trial/purposes.h"

namespace jisas::trial {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct StreamFactory {
  std::uint64_t seed, point, cohort;
  engine::RandomEngine operator()(std::uint64_t patient, Purpose purpose) const {
    return engine::make_stream({seed, point, cohort, patient, static_cast<std::uint64_t>(purpose)});
  }
};

double analysis_day(const scenarios::AnalysisDateSpec& spec, const std::vector<double>& entries) {
  if (spec.kind == scenarios::AnalysisDateSpec::Kind::Calendar) return spec.calendar_day;
  return (entries.empty() ? 0.0 : entries.back()) + spec.min_follow_up;
}

struct IfnPlan {
  double start = kInf;  // days after the stop
  double end = kInf;    // start + protocol.ifn.duration
  int per_week = 0;
};

IfnPlan sample_ifn(const scenarios::ProtocolSpec& spec, engine::RandomEngine& rng) {
  if (!spec.ifn) return {};
  // (Boost's uniform_real_distribution never returns for an empty interval [0, 0).)
  const double start =
      spec.ifn_start_within > 0.0
          ? boost::random::uniform_real_distribution<double>(0.0, spec.ifn_start_within)(rng)
          : 0.0;
  const int per_week = boost::random::uniform_int_distribution<int>(spec.ifn_per_week_min,
                                                                    spec.ifn_per_week_max)(rng);
  return {start, start + spec.ifn_duration, per_week};
}

// Where a patient stands in the cohort: enrolment order, entry day, arm.
struct Enrolment {
  int index = 0;
  double entry_day = 0.0;
  int arm = 1;
};

// The study part of a patient's timeline, the same for every kinetics model: protocol
// visits from the stop until relapse, censoring or the analysis date.
void follow_on_study(const scenarios::DesignPoint& point, const StreamFactory& streams,
                     std::uint64_t patient, double dropout, double cutoff_day, models::Kinetics& kinetics,
                     analysis::PatientRecord& record, engine::EventQueue<EventKind>& queue,
                     std::vector<analysis::Measurement>* measurements) {
  const double max_follow_up = point.design.max_follow_up > 0.0 ? point.design.max_follow_up : kInf;
  record.follow_up = std::min({cutoff_day - record.entry_day, dropout, max_follow_up});
  auto assay_rng = streams(patient, Purpose::Assay);
  ProtocolRules rules(point.protocol, point.assay, kinetics, assay_rng, record, measurements);
  queue.clear();
  rules.start(queue, dropout, cutoff_day - record.entry_day, point.design.max_follow_up);
  engine::run_timeline(queue, kinetics, rules);
}

void record_durations(analysis::PatientRecord& record, double cmr, double mmr, double im) {
  record.cmr_duration = cmr;
  record.mmr_duration = mmr;
  record.im_duration = im;
}

// Each patient's stop under lsc_immune, kept for the cohort's IFN null twin: the twin draws
// the same streams and the IFN multipliers act only after the stop, so its history up to
// the stop is identical and need not be simulated twice.
struct SavedStop {
  models::LscStop stop;
  engine::RandomEngine kinetics_rng;  // its state at the stop
};
using SavedStops = std::vector<std::optional<SavedStop>>;

// The patient's stop: from `saved` if the point's twin already simulated it, else
// simulated (and saved if `saved` is given). kinetics_rng is left at its state at the stop.
models::LscStop stop_of(const scenarios::DesignPoint& point, const StreamFactory& streams,
                std::uint64_t patient, engine::RandomEngine& kinetics_rng,
                std::optional<SavedStop>* saved) {
  if (saved != nullptr && saved->has_value()) {
    kinetics_rng = (*saved)->kinetics_rng;
    return (*saved)->stop;
  }
  auto monitoring_rng = streams(patient, Purpose::ImMonitoring);
  models::LscStop stop = models::simulate_until_stop(point.kinetics.lsc, point.assay, point.protocol.threshold,
                                     kinetics_rng, monitoring_rng);
  if (saved != nullptr) saved->emplace(SavedStop{stop, kinetics_rng});
  return stop;
}

analysis::PatientRecord simulate_patient(const scenarios::DesignPoint& point, const StreamFactory& streams,
                               const Enrolment& enrolment, double cutoff_day,
                               engine::EventQueue<EventKind>& queue,
                               std::vector<analysis::Measurement>* measurements,
                               std::optional<SavedStop>* saved_stop) {
  const auto patient = static_cast<std::uint64_t>(enrolment.index) + 1;  // key 0: the cohort's
  const bool mechanistic = point.kinetics.model == "lsc_immune";
  analysis::PatientRecord record;
  record.patient = enrolment.index;
  record.entry_day = enrolment.entry_day;
  record.arm = static_cast<std::int8_t>(enrolment.arm);

  auto baseline_rng = streams(patient, Purpose::Baseline);
  const Covariates c = mechanistic ? sample_demographics(point.population, baseline_rng)
                                   : sample_eligible_patient(point.population, baseline_rng);
  record.age_years = c.age_years;
  record.sokal = static_cast<std::int8_t>(c.sokal);
  record.prior_ifn = c.prior_ifn;
  record_durations(record, c.cmr_duration, c.mmr_duration, c.im_duration);

  auto withdrawal_rng = streams(patient, Purpose::Withdrawal);
  const bool unevaluable = boost::random::bernoulli_distribution<double>(
      point.design.withdrawal.unevaluable)(withdrawal_rng);
  const double rate = point.design.withdrawal.dropout_per_day;
  const double dropout =
      rate > 0.0 ? boost::random::exponential_distribution<double>(rate)(withdrawal_rng) : kInf;

  auto protocol_rng = streams(patient, Purpose::Protocol);
  const IfnPlan ifn = enrolment.arm == 1 ? sample_ifn(point.protocol, protocol_rng) : IfnPlan{};
  record.ifn_per_week = static_cast<std::int8_t>(ifn.per_week);
  record.evaluable = !unevaluable && enrolment.entry_day <= cutoff_day;

  auto kinetics_rng = streams(patient, Purpose::Kinetics);
  if (mechanistic) {
    // The history from diagnosis is simulated for every enrolled patient, evaluable or
    // not, so that a patient's draws do not depend on the analysis date.
    const models::LscStop stop = stop_of(point, streams, patient, kinetics_rng, saved_stop);
    models::LscDynamics dynamics(stop.dynamics, point.kinetics.lsc, kinetics_rng);
    const models::ImHistory& h = stop.history;
    record_durations(record, h.deep_duration, h.mmr_duration, h.im_duration);
    record.cured = dynamics.extinct();
    record.latent_relapse = std::numeric_limits<double>::quiet_NaN();
    if (!record.evaluable) return record;
    models::LscImmuneKinetics kinetics(dynamics, {ifn.start, ifn.end, ifn.per_week / 5.0});
    follow_on_study(point, streams, patient, dropout, cutoff_day, kinetics, record, queue,
                    measurements);
    return record;
  }
  const models::HazardPatient truth =
      models::sample_hazard_patient(point.kinetics.hazard, c, ifn.start, ifn.end, kinetics_rng);
  record.cured = truth.cured;
  record.latent_relapse = truth.latent_relapse;
  if (!record.evaluable) return record;
  models::HazardKinetics kinetics(point.kinetics.hazard, point.protocol.threshold, truth);
  follow_on_study(point, streams, patient, dropout, cutoff_day, kinetics, record, queue,
                  measurements);
  return record;
}

analysis::CohortOutput simulate_cohort(const scenarios::DesignPoint& point, std::uint64_t seed,
                             std::int64_t cohort, bool keep_patients, SavedStops* saved_stops) {
  const StreamFactory streams{seed, static_cast<std::uint64_t>(point.index),
                              static_cast<std::uint64_t>(cohort)};
  auto accrual_rng = streams(0, Purpose::Accrual);
  const std::vector<double> entries =
      sample_entry_days(point.design.accrual, point.design.sample_size, accrual_rng);
  const double cutoff = analysis_day(point.design.analysis_date, entries);
  auto randomization_rng = streams(0, Purpose::Randomization);
  const std::vector<int> arms =
      assign_arms(point.design.sample_size, point.design.randomization_block, randomization_rng);

  analysis::CohortOutput out;
  std::vector<analysis::PatientRecord> patients;
  patients.reserve(entries.size());
  engine::EventQueue<EventKind> queue;
  if (saved_stops != nullptr) saved_stops->resize(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Enrolment enrolment{static_cast<int>(i), entries[i], arms[i]};
    patients.push_back(simulate_patient(point, streams, enrolment, cutoff, queue,
                                        keep_patients ? &out.measurements : nullptr,
                                        saved_stops ? &(*saved_stops)[i] : nullptr));
  }
  out.result = analysis::analyse_cohort(point, patients);
  out.result.cohort = cohort;
  if (keep_patients) out.patients = std::move(patients);
  return out;
}

}  // namespace

analysis::CohortOutput simulate_cohort(const scenarios::DesignPoint& point, std::uint64_t seed,
                             std::int64_t cohort, bool keep_patients) {
  return simulate_cohort(point, seed, cohort, keep_patients, nullptr);
}

namespace {
bool is_covariate_test(const scenarios::TestSpec& test) {
  return test.kind == scenarios::TestSpec::Kind::MannWhitney;
}
}  // namespace

NullTwins make_null_twins(const scenarios::DesignPoint& point) {
  NullTwins twins;
  if (!point.analysis.null_twin) return twins;
  // Under lsc_immune the CMR-duration association emerges from the stem-cell dynamics and
  // has no switch, so the Mann-Whitney test gets no null twin there.
  const bool covariate_switch = point.kinetics.model == "hazard";
  for (const auto& test : point.analysis.tests) {
    if (is_covariate_test(test)) {
      if (!covariate_switch || twins.no_covariate_effect) continue;
      twins.no_covariate_effect = point;
      twins.no_covariate_effect->kinetics.hazard.cure_log_odds_per_year_cmr = 0.0;
      twins.no_covariate_effect->kinetics.hazard.relapse_log_hr_per_year_cmr = 0.0;
    } else if (!twins.no_ifn_effect) {
      twins.no_ifn_effect = point;
      twins.no_ifn_effect->kinetics.hazard.ifn_hazard_ratio = 1.0;
      twins.no_ifn_effect->kinetics.lsc.ifn = {};
    }
  }
  return twins;
}

std::vector<bool> tests_with_null_twin(const scenarios::DesignPoint& point) {
  const NullTwins twins = make_null_twins(point);
  std::vector<bool> with_twin;
  for (const auto& test : point.analysis.tests) {
    with_twin.push_back(is_covariate_test(test) ? twins.no_covariate_effect.has_value()
                                                : twins.no_ifn_effect.has_value());
  }
  return with_twin;
}

analysis::CohortOutput simulate_cohort_and_twins(const scenarios::DesignPoint& point, const NullTwins& twins,
                                       std::uint64_t seed, std::int64_t cohort,
                                       bool keep_patients) {
  // Under lsc_immune the IFN twin reuses each patient's history up to the stop.
  SavedStops saved;
  SavedStops* share =
      twins.no_ifn_effect && point.kinetics.model == "lsc_immune" ? &saved : nullptr;
  analysis::CohortOutput out = simulate_cohort(point, seed, cohort, keep_patients, share);
  std::optional<analysis::CohortResult> no_ifn;
  std::optional<analysis::CohortResult> no_covariate;
  if (twins.no_ifn_effect)
    no_ifn = simulate_cohort(*twins.no_ifn_effect, seed, cohort, false, share).result;
  if (twins.no_covariate_effect) {
    no_covariate = simulate_cohort(*twins.no_covariate_effect, seed, cohort, false).result;
  }
  for (std::size_t t = 0; t < point.analysis.tests.size(); ++t) {
    const auto& twin = is_covariate_test(point.analysis.tests[t]) ? no_covariate : no_ifn;
    if (!twin) continue;
    out.result.null_p_value[t] = twin->p_value[t];
    out.result.null_reject[t] = twin->reject[t];
  }
  return out;
}

}  // namespace jisas::trial
