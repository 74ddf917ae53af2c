// The `hazard` kinetics model (design.md, models/README.md): a cure fraction and a
// latent relapse time, both depending on the CMR duration on IM; an IFN hazard ratio
// that applies while IFN is given; exponential BCR-ABL regrowth that crosses the
// MMR threshold at the latent relapse time, and exponential decline once IM resumes.
#pragma once

#include "engine/random_stream.h"
#include "models/kinetics.h"
#include "scenarios/spec/scenario.h"
#include "trial/covariates.h"

namespace jisas::models {

struct HazardPatient {
  bool cured = false;
  double latent_relapse = 0.0;  // day the true ratio reaches the threshold (inf if cured)
};

// IFN is given from day ifn_start (infinity without IFN) to day ifn_end (infinity: until
// relapse).
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

 private:
  double ratio_off_treatment(double day) const;
  const scenarios::HazardModelSpec& spec_;
  double threshold_;
  HazardPatient patient_;
  double now_ = 0.0;
  double im_resumed_ = -1.0;
};

}  // namespace jisas::models
