// The `hazard` kinetics model (design.md, models/README.md): a cure fraction and a
// latent relapse time, both depending on the CMR duration on IM; an IFN hazard ratio
// that applies while IFN is given; exponential BCR-ABL regrowth that crosses the
// MMR threshold at the latent relapse time, and exponential decline once IM resumes.
#pragma once

#include <optional>
#include <utility>

#include "engine/random_stream.h"
#include "models/kinetics.h"
#include "scenarios/spec/scenario.h"
#include "trial/covariates.h"
#include "trial/streams.h"

namespace jisas::models {

struct HazardPatient {
  bool cured = false;
  double latent_relapse = 0.0;  // day the true ratio reaches the threshold (inf if cured)
};

// What the hazard-type models (hazard, km_curve) draw before the stop: the patient's one
// Exp(1), its total hazard (Purpose::Kinetics). No model parameter changes it, so every
// twin of a cohort, null or boundary, reuses the cohort's instead of drawing it again.
struct TotalHazardDraw {
  double unit_exponential = 0.0;
  // The cure probability the cohort's hazard model computed from the patient's CMR
  // duration, with its -log and the parameters it came from (HazardSampler): a twin with
  // the same cure parameters (the IFN null twin) takes them instead of a logistic and a
  // log per patient. Written by the first draw that computes one, the cohort's (only a
  // patient's own task touches its share).
  struct Cure {
    double fraction = 0.0, log_odds_per_year = 0.0, reference_years = 0.0;
    double probability = 0.0, minus_log = 0.0;
  };
  std::optional<Cure> cure;
};
// The draw kept in `shared` (a twin), or drawn now and kept there when `shared` is empty
// (the cohort); `shared` may be nullptr.
double total_hazard_draw(const trial::PatientStreams& streams,
                         std::optional<TotalHazardDraw>* shared);

// A patient's cure and latent relapse day under `spec`, with what depends on the spec
// alone computed once (a model makes one per design point). IFN is given from day
// ifn_start (infinity without IFN) to day ifn_end (infinity: until relapse).
// `unit_exponential` is the patient's one Exp(1) draw, its total hazard: no model
// parameter changes it, so every twin of a cohort reuses the cohort's.
class HazardSampler {
 public:
  explicit HazardSampler(const scenarios::HazardModelSpec& spec);
  // `memo`, if not nullptr, is the patient's shared draw (TotalHazardDraw::cure): read
  // when its parameters are this spec's, written when it is empty.
  HazardPatient operator()(const trial::Covariates& covariates, double ifn_start, double ifn_end,
                           double unit_exponential,
                           std::optional<TotalHazardDraw::Cure>* memo = nullptr) const;

 private:
  double cure_probability(double cmr_years) const;
  // The cure probability and its -log (infinity for 0), from `memo` where it applies.
  std::pair<double, double> cure(double cmr_years,
                                 std::optional<TotalHazardDraw::Cure>* memo) const;
  const scenarios::HazardModelSpec& spec_;
  double logit_cure_fraction_ = 0.0;  // for a cure fraction strictly between 0 and 1
  // Without the CMR-duration slopes the cure probability, its -log and the hazard
  // multiplier are the same for every patient: computed here, to the bit what each
  // patient's computation gives (a zero slope adds an exact 0, exp(0) is exactly 1).
  std::optional<double> fixed_cure_probability_;
  double fixed_l_max_ = 0.0;
};

HazardPatient sample_hazard_patient(const scenarios::HazardModelSpec& spec,
                                    const trial::Covariates& covariates, double ifn_start,
                                    double ifn_end, double unit_exponential);
// The same with the Exp(1) drawn from `rng`.
HazardPatient sample_hazard_patient(const scenarios::HazardModelSpec& spec,
                                    const trial::Covariates& covariates, double ifn_start,
                                    double ifn_end, engine::RandomEngine& rng);

class HazardKinetics final : public Kinetics {
 public:
  HazardKinetics(const scenarios::HazardModelSpec& spec, double threshold,
                 const HazardPatient& patient);

  void advance_to(double day) override { now_ = day; }
  void resume_im() override { im_resumed_ = now_; }
  bool on_im() const override { return im_resumed_ >= 0.0; }
  double now() const override { return now_; }
  double ratio() const override;
  double quiet_until(double bound) const override;
  // Off IM the ratio is a known function of the day (the latent relapse day's regrowth).
  static constexpr bool kQuietUntilSeesAhead = true;

 private:
  double ratio_off_treatment(double day) const;
  const scenarios::HazardModelSpec& spec_;
  double threshold_;
  HazardPatient patient_;
  double now_ = 0.0;
  double im_resumed_ = -1.0;
};

}  // namespace jisas::models
