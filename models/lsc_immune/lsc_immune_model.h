// The `lsc_immune` model's behaviour for the cohort driver (models/kinetic_model.h): each
// patient's imatinib history is simulated from diagnosis until the eligibility rule holds
// (models/lsc_immune/lsc_history.h), and LscImmuneKinetics continues it off imatinib.
#pragma once

#include <limits>
#include <optional>

#include "models/kinetic_model.h"
#include "models/lsc_immune/lsc_history.h"
#include "models/lsc_immune/lsc_kinetics.h"
#include "scenarios/spec/scenario.h"
#include "trial/covariates.h"
#include "trial/streams.h"

namespace jisas::models {

class LscImmuneModel {
 public:
  using Spec = scenarios::LscImmuneSpec;
  // The history decides who is eligible and their CMR, MMR and IM durations.
  static constexpr bool kSimulatesEligibility = Spec::kSimulatesEligibility;
  // The patient at the stop (state and random engine included). IFN acts only after the
  // stop, so the IFN null twin continues from the identical stop instead of simulating
  // the history again.
  struct PreStop {
    LscStop stop;
    // Days after the stop at which immune control is lost (`immune_escape_per_year`).
    double escape_day = std::numeric_limits<double>::infinity();
  };
  using Patient = PreStop;
  // A boundary twin would change the population the history draws from.
  static constexpr bool kPreStopUnchangedByParameters = false;

  LscImmuneModel(const Spec& spec, const scenarios::DesignPoint& point)
      : spec_(spec), population_(spec), assay_(point.assay), threshold_(point.protocol.threshold) {}
  Patient draw(const trial::Covariates& covariates, const IfnCourse& ifn,
               const trial::PatientStreams& streams, std::optional<PreStop>* shared) const;
  PatientTruth truth(const Patient& patient) const;
  LscImmuneKinetics kinetics(const Patient& patient, const IfnCourse& ifn) const;
  static bool pre_stop_unchanged_by(scenarios::TestedEffect effect) {
    return effect == scenarios::TestedEffect::Ifn;
  }
  // A twin changes the immune or IFN parameters the on-study dynamics integrate: never
  // assumed the same course.
  static bool same_course(const Patient&, const Patient&) { return false; }

 private:
  const Spec& spec_;
  LscPopulation population_;  // prepared once: a patient's draw allocates nothing
  const scenarios::AssaySpec& assay_;
  double threshold_;
};

// No IFN effect: every IFN multiplier at its null. The CMR-duration association emerges
// from the stem-cell dynamics and has no switch: no covariate twin (nullopt).
std::optional<scenarios::LscImmuneSpec> without_effect(const scenarios::LscImmuneSpec& spec,
                                                       scenarios::TestedEffect effect);

template <>
struct ModelFor<scenarios::LscImmuneSpec> {
  using type = LscImmuneModel;
};

}  // namespace jisas::models
