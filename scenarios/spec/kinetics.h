// The kinetic model of a design point: one spec struct per model, a closed sum type.
// Adding a model adds its spec here (and its parse function in scenarios/, its behaviour
// file in models/: docs/extending.md); every std::visit over KineticsSpec then fails to
// compile until the new model is handled.
#pragma once

#include <variant>

#include "scenarios/spec/hazard_model.h"
#include "scenarios/spec/km_curve_model.h"
#include "scenarios/spec/lsc_immune_model.h"

namespace jisas::scenarios {

using KineticsSpec = std::variant<HazardModelSpec, LscImmuneSpec, KmCurveSpec>;

// The effect a per-cohort test looks for; its null twin is the design point with that
// effect removed by the kinetic model (models/*: without_effect).
enum class TestedEffect {
  Ifn,        // IFN-alpha's effect on relapse (the landmark, log-rank and arm tests)
  Covariate,  // the CMR-duration effect on relapse (the Mann-Whitney test)
};
inline constexpr std::size_t kTestedEffects = 2;

}  // namespace jisas::scenarios
