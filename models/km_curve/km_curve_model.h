// The `km_curve` model (docs/scenario-schema.md "km_curve"): each patient's latent relapse
// day is drawn from a published Kaplan-Meier curve of relapse-free survival, so a planner
// can simulate under an observed curve (STIM's, EURO-SKI's) without fitting a parametric
// one. IFN multiplies the hazard by ifn_hazard_ratio while it is given (Cox 1972): given
// from the stop until relapse, S_IFN(t) = S(t)^HR. BCR-ABL then regrows and falls on IM
// as in the `hazard` model (HazardKinetics). The worked example of docs/extending.md.
#pragma once

#include <optional>

#include "models/hazard/hazard_kinetics.h"
#include "models/kinetic_model.h"
#include "scenarios/spec/scenario.h"
#include "trial/covariates.h"
#include "trial/streams.h"

namespace jisas::models {

class KmCurveModel {
 public:
  using Spec = scenarios::KmCurveSpec;
  static constexpr bool kSimulatesEligibility = Spec::kSimulatesEligibility;
  // Nothing is simulated before the stop; a twin reuses the patient's Exp(1) draw.
  using PreStop = TotalHazardDraw;
  static constexpr bool kPreStopUnchangedByParameters = true;
  struct Patient {
    HazardPatient truth;
  };

  KmCurveModel(const Spec& spec, const scenarios::DesignPoint& point);
  Patient draw(const trial::Covariates& covariates, const IfnCourse& ifn,
               const trial::PatientStreams& streams, std::optional<PreStop>* shared) const;
  PatientTruth truth(const Patient& patient) const;
  HazardKinetics kinetics(const Patient& patient, const IfnCourse& ifn) const;
  static bool pre_stop_unchanged_by(scenarios::TestedEffect) { return true; }
  // The same cure and latent relapse day: the same BCR-ABL course (HazardKinetics).
  static bool same_course(const Patient& a, const Patient& b) {
    return a.truth.cured == b.truth.cured && a.truth.latent_relapse == b.truth.latent_relapse;
  }

  // The curve's cumulative hazard -log S(t), linear between the points, and its inverse
  // (the first day it reaches h; infinity above the plateau's level).
  double cumulative_hazard(double day) const;
  double inverse_cumulative_hazard(double h) const;

 private:
  const Spec& spec_;
  double threshold_;
  scenarios::HazardModelSpec regrowth_;  // HazardKinetics' BCR-ABL slopes and floor
};

// No IFN effect: hazard ratio 1. The curve has no covariate effect to remove (nullopt).
std::optional<scenarios::KmCurveSpec> without_effect(const scenarios::KmCurveSpec& spec,
                                                     scenarios::TestedEffect effect);

template <>
struct ModelFor<scenarios::KmCurveSpec> {
  using type = KmCurveModel;
};

}  // namespace jisas::models
