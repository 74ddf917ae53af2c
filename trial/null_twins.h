// Null twins (analysis.null_twin): per effect a test looks for, the design point with that
// effect removed by its kinetic model (models/*: without_effect). A twin keeps the point's
// index, so its cohorts draw exactly the same random streams: the rejection rate in the
// twins is how often the trial would reject if that effect were absent.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "scenarios/spec/scenario.h"

namespace jisas::trial {

struct NullTwins {
  // Indexed by scenarios::TestedEffect; nullopt: not simulated (analysis.null_twin is off,
  // no test looks for that effect, or the model has no switch for it).
  std::array<std::optional<scenarios::DesignPoint>, scenarios::kTestedEffects> points;
  const std::optional<scenarios::DesignPoint>& of(scenarios::TestedEffect effect) const {
    return points[static_cast<std::size_t>(effect)];
  }
};

// The twins the point's tests need (none unless analysis.null_twin is set).
NullTwins make_null_twins(const scenarios::DesignPoint& point);

// Per test: whether its null twin is simulated, so its type I error is estimated.
std::vector<bool> tests_with_null_twin(const scenarios::DesignPoint& point);

}  // namespace jisas::trial
