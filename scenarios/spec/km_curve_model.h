// The spec of the `km_curve` kinetics model (models/km_curve/, docs/scenario-schema.md):
// relapse-free survival read from a published Kaplan-Meier curve. The worked example of
// docs/extending.md.
#pragma once

#include <vector>

namespace jisas::scenarios {

struct KmCurveSpec {
  // The trial draws the durations and applies eligibility (the curve ignores them).
  static constexpr bool kSimulatesEligibility = false;
  // Relapse-free survival without IFN at increasing days after the stop; S(0) = 1 and the
  // cumulative hazard -log S is linear between points (piecewise-constant hazard), flat
  // after the last (the plateau: its level is the cured fraction).
  std::vector<double> days;
  std::vector<double> survival;   // non-increasing, in (0, 1]
  double ifn_hazard_ratio = 1.0;  // on the relapse hazard while IFN is given
  double doubling_time = 0.0;     // days, BCR-ABL regrowth off treatment
  double im_half_life = 0.0;      // days, BCR-ABL decline after IM resumption
  double residual_ratio = 0.0;    // BCR-ABL/ABL of the controlled residual disease
};

}  // namespace jisas::scenarios
