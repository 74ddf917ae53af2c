// The spec of the `hazard` kinetics model (models/hazard/, docs/scenario-schema.md).
#pragma once

#include "scenarios/spec/distribution.h"

namespace jisas::scenarios {

// The `hazard` kinetics model: cure fraction plus latent relapse time.
struct HazardModelSpec {
  // The trial draws the CMR, MMR and IM durations (population) and applies eligibility.
  static constexpr bool kSimulatesEligibility = false;
  double cure_fraction = 0.0;                // at the reference CMR duration
  double cure_log_odds_per_year_cmr = 0.0;   // logistic link on CMR years - reference
  Distribution relapse_time;                 // latent time of MMR loss, non-cured, no IFN
  double relapse_log_hr_per_year_cmr = 0.0;  // proportional-hazards link
  double reference_cmr_years = 0.0;
  double ifn_hazard_ratio = 1.0;  // on the latent relapse hazard while on IFN
  double doubling_time = 0.0;     // days, BCR-ABL regrowth off treatment
  double im_half_life = 0.0;      // days, BCR-ABL decline after IM resumption
  double residual_ratio = 0.0;    // BCR-ABL/ABL of the controlled residual disease
};

}  // namespace jisas::scenarios
