// Reading a `{dist: ..., ...}` map into a Distribution (docs/scenario-schema.md
// "Distributions"), shared by the scenario sections that take one.
#pragma once

#include <initializer_list>

#include "scenarios/field_reader.h"
#include "scenarios/spec/scenario.h"

namespace jisas::scenarios {

// Location and scale values of a distribution are plain numbers (age, in years) or
// durations with units (days).
enum class Scale { Years, Days };

Distribution distribution(FieldReader& r, const Field& m, Scale scale,
                          std::initializer_list<Distribution::Kind> allowed);

inline constexpr std::initializer_list<Distribution::Kind> kAnyDuration = {
    Distribution::Kind::Fixed,   Distribution::Kind::Uniform,
    Distribution::Kind::Normal,  Distribution::Kind::LogNormal,
    Distribution::Kind::Weibull, Distribution::Kind::PiecewiseExponential};

}  // namespace jisas::scenarios
