#include "models/hazard/hazard_model.h"

namespace jisas::models {

HazardModel::Patient HazardModel::draw(const trial::Covariates& covariates, const IfnCourse& ifn,
                                       const trial::PatientStreams& streams,
                                       std::optional<PreStop>* shared) const {
  const double e = total_hazard_draw(streams, shared);
  return {
      sampler_(covariates, ifn.start, ifn.end, e, shared != nullptr ? &(*shared)->cure : nullptr)};
}

PatientTruth HazardModel::truth(const Patient& patient) const {
  return {patient.truth.cured, patient.truth.latent_relapse, std::nullopt};
}

HazardKinetics HazardModel::kinetics(const Patient& patient, const IfnCourse&) const {
  return HazardKinetics(spec_, threshold_, patient.truth);
}

std::optional<scenarios::HazardModelSpec> without_effect(const scenarios::HazardModelSpec& spec,
                                                         scenarios::TestedEffect effect) {
  scenarios::HazardModelSpec twin = spec;
  switch (effect) {
    case scenarios::TestedEffect::Ifn: twin.ifn_hazard_ratio = 1.0; return twin;
    case scenarios::TestedEffect::Covariate:
      twin.cure_log_odds_per_year_cmr = 0.0;
      twin.relapse_log_hr_per_year_cmr = 0.0;
      return twin;
  }
  return std::nullopt;
}

scenarios::HazardModelSpec with_cure_fraction(const scenarios::HazardModelSpec& spec,
                                              double cure_fraction) {
  scenarios::HazardModelSpec calibrated = spec;
  calibrated.cure_fraction = cure_fraction;
  return calibrated;
}

}  // namespace jisas::models
