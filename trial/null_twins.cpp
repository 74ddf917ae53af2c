#include "trial/null_twins.h"

#include <variant>

#include "analysis/cohort/cohort_tests.h"
#include "models/models.h"

namespace jisas::trial {
namespace {

// The point with `effect` removed, if its kinetic model can remove it.
std::optional<scenarios::DesignPoint> without(const scenarios::DesignPoint& point,
                                              scenarios::TestedEffect effect) {
  return std::visit(
      [&](const auto& spec) -> std::optional<scenarios::DesignPoint> {
        const auto twin_spec = models::without_effect(spec, effect);
        if (!twin_spec) return std::nullopt;
        scenarios::DesignPoint twin = point;
        twin.kinetics = *twin_spec;
        return twin;
      },
      point.kinetics);
}

}  // namespace

NullTwins make_null_twins(const scenarios::DesignPoint& point) {
  NullTwins twins;
  if (!point.analysis.null_twin) return twins;
  for (const auto& test : point.analysis.tests) {
    const scenarios::TestedEffect effect = analysis::describe(test).effect;
    auto& slot = twins.points[static_cast<std::size_t>(effect)];
    if (!slot) slot = without(point, effect);
  }
  return twins;
}

std::vector<bool> tests_with_null_twin(const scenarios::DesignPoint& point) {
  const NullTwins twins = make_null_twins(point);
  std::vector<bool> with_twin;
  for (const auto& test : point.analysis.tests) {
    with_twin.push_back(twins.of(analysis::describe(test).effect).has_value());
  }
  return with_twin;
}

}  // namespace jisas::trial
