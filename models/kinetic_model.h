// What every kinetic model gives the trial's cohort driver (trial/cohort_simulation.cpp),
// besides the on-study Kinetics it makes (models/kinetics.h). Each model is one class in
// its own folder with this shape (docs/extending.md):
//
//   class SomeModel {
//    public:
//     using Spec = scenarios::SomeModelSpec;      // its alternative of KineticsSpec
//     static constexpr bool kSimulatesEligibility; // draws the CMR/MMR/IM durations itself
//     struct PreStop;   // what it drew or simulated before the stop that a twin may reuse
//     static constexpr bool kPreStopUnchangedByParameters;  // every twin may reuse it
//     struct Patient;   // everything drawn for one patient up to the stop
//     SomeModel(const Spec&, const scenarios::DesignPoint&);
//     Patient draw(const trial::Covariates&, const IfnCourse&, const trial::PatientStreams&,
//                  std::optional<PreStop>* shared) const;
//     PatientTruth truth(const Patient&) const;
//     SomeKinetics kinetics(const Patient&, const IfnCourse&) const;  // a models::Kinetics
//     static bool pre_stop_unchanged_by(scenarios::TestedEffect);
//     static bool same_course(const Patient&, const Patient&);  // same BCR-ABL on study
//   };
//   std::optional<SomeModelSpec> without_effect(const SomeModelSpec&, scenarios::TestedEffect);
//   template <> struct ModelFor<scenarios::SomeModelSpec> { using type = SomeModel; };
#pragma once

#include <limits>
#include <optional>

namespace jisas::models {

// IFN as the trial gives it to one patient, in days since the stop.
struct IfnCourse {
  double start = std::numeric_limits<double>::infinity();  // infinity: no IFN
  double end = std::numeric_limits<double>::infinity();    // infinity: until IM resumes
  int per_week = 0;                                        // short-acting injections a week
  // Exposure relative to 5 short-acting doses a week (lsc_immune's u): per_week / 5, or
  // the long-acting form's own (protocol.ifn.long_acting).
  double exposure = 0.0;
};

// Durations at the stop (days), for a model that simulates the history before it.
struct StopDurations {
  double cmr = 0.0, mmr = 0.0, im = 0.0;
};

// The model's truth about a patient, recorded beside what the protocol observes.
struct PatientTruth {
  bool cured = false;  // never relapses
  // Day the true ratio crosses the MMR threshold; NaN where the model has no such day.
  double latent_relapse = std::numeric_limits<double>::quiet_NaN();
  std::optional<StopDurations> durations;  // set by models that simulate eligibility
  int eligibility_draws = 1;               // patients drawn until this one was eligible
};

// The model class behind a spec struct; each model's header specialises it.
template <class Spec>
struct ModelFor;
template <class Spec>
using ModelOf = typename ModelFor<Spec>::type;

}  // namespace jisas::models
