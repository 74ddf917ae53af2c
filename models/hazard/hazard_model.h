// The `hazard` model's behaviour for the cohort driver (models/kinetic_model.h): the
// patient is drawn at the stop (cure and latent relapse day, from the trial's covariates),
// and HazardKinetics plays the BCR-ABL ratio out on study.
#pragma once

#include <optional>

#include "models/hazard/hazard_kinetics.h"
#include "models/kinetic_model.h"
#include "scenarios/spec/scenario.h"
#include "trial/covariates.h"
#include "trial/streams.h"

namespace jisas::models {

class HazardModel {
 public:
  using Spec = scenarios::HazardModelSpec;
  // The trial draws the durations and applies the eligibility rule (trial/population.h).
  static constexpr bool kSimulatesEligibility = Spec::kSimulatesEligibility;
  // Nothing is simulated before the stop; a twin reuses the patient's Exp(1) draw.
  using PreStop = TotalHazardDraw;
  static constexpr bool kPreStopUnchangedByParameters = true;
  struct Patient {
    HazardPatient truth;
  };

  HazardModel(const Spec& spec, const scenarios::DesignPoint& point)
      : spec_(spec), sampler_(spec), threshold_(point.protocol.threshold) {}
  Patient draw(const trial::Covariates& covariates, const IfnCourse& ifn,
               const trial::PatientStreams& streams, std::optional<PreStop>* shared) const;
  PatientTruth truth(const Patient& patient) const;
  HazardKinetics kinetics(const Patient& patient, const IfnCourse& ifn) const;
  static bool pre_stop_unchanged_by(scenarios::TestedEffect) { return true; }
  // The same cure and latent relapse day: the same BCR-ABL course (HazardKinetics).
  static bool same_course(const Patient& a, const Patient& b) {
    return a.truth.cured == b.truth.cured && a.truth.latent_relapse == b.truth.latent_relapse;
  }

 private:
  const Spec& spec_;
  HazardSampler sampler_;
  double threshold_;
};

// The spec with the effect removed: IFN hazard ratio 1, or no CMR-duration effect on the
// cure fraction and the relapse hazard.
std::optional<scenarios::HazardModelSpec> without_effect(const scenarios::HazardModelSpec& spec,
                                                         scenarios::TestedEffect effect);

// The spec with its cure fraction (at the reference CMR duration) set to `cure_fraction`
// in [0, 1]: the one parameter the boundary twins (trial/boundary_twins.h) move. It raises
// relapse-free survival at every day, S(t) = p + (1 - p) exp(-H0(t)), and with the same
// Exp(1) draw per patient a patient relapse-free at t stays so as it grows: the search
// over it is monotone. Models without such a parameter have no overload.
scenarios::HazardModelSpec with_cure_fraction(const scenarios::HazardModelSpec& spec,
                                              double cure_fraction);

template <>
struct ModelFor<scenarios::HazardModelSpec> {
  using type = HazardModel;
};

}  // namespace jisas::models
