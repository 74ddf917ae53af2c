#include "models/lsc_immune/lsc_immune_model.h"

#include <boost/random/exponential_distribution.hpp>

namespace jisas::models {

LscImmuneModel::Patient LscImmuneModel::draw(const trial::Covariates&, const IfnCourse&,
                                             const trial::PatientStreams& streams,
                                             std::optional<PreStop>* shared) const {
  if (shared != nullptr && shared->has_value()) return **shared;
  auto kinetics_rng = streams(trial::Purpose::Kinetics);
  auto monitoring_rng = streams(trial::Purpose::ImMonitoring);
  Patient patient{simulate_until_stop(population_, assay_, threshold_, kinetics_rng, monitoring_rng,
                                      streams.hash(trial::Purpose::ImVisits))};
  if (spec_.immune_escape > 0.0) {  // a stream of its own: switching it on moves no other draw
    auto escape_rng = streams(trial::Purpose::ImmuneEscape);
    const double months =
        boost::random::exponential_distribution<double>(spec_.immune_escape)(escape_rng);
    patient.escape_day = months * scenarios::kDaysPerMonth;
  }
  if (shared != nullptr) shared->emplace(patient);
  return patient;
}

PatientTruth LscImmuneModel::truth(const Patient& patient) const {
  const ImHistory& h = patient.stop.history;
  return {patient.stop.dynamics.extinct(), std::numeric_limits<double>::quiet_NaN(),
          StopDurations{h.deep_duration, h.mmr_duration, h.im_duration}, patient.stop.draws};
}

LscImmuneKinetics LscImmuneModel::kinetics(const Patient& patient, const IfnCourse& ifn) const {
  // This design point's spec (the twin's IFN multipliers) from the stop on.
  return LscImmuneKinetics(LscDynamics(patient.stop.dynamics, spec_),
                           {ifn.start, ifn.end, ifn.exposure}, patient.escape_day);
}

std::optional<scenarios::LscImmuneSpec> without_effect(const scenarios::LscImmuneSpec& spec,
                                                       scenarios::TestedEffect effect) {
  if (effect != scenarios::TestedEffect::Ifn) return std::nullopt;
  scenarios::LscImmuneSpec twin = spec;
  twin.ifn = {};
  return twin;
}

}  // namespace jisas::models
