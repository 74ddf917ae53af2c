// The direction of a hypothesis test, spelled as R spells it.
#pragma once

#include <optional>
#include <string_view>

namespace jisas::analysis {

enum class Alternative { TwoSided, Less, Greater };

// Parses "two.sided", "less" or "greater" (R's names); nullopt for anything else.
std::optional<Alternative> parse_alternative(std::string_view text);
std::string_view to_string(Alternative alternative);

// The p-value of a standard normal statistic z against `alternative` (greater: large z),
// with z = +-inf giving 0 or 1. NaN stays NaN.
double normal_p_value(double z, Alternative alternative);

}  // namespace jisas::analysis
