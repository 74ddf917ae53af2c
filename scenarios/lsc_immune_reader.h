// The `kinetics` section when `model: lsc_immune` (docs/scenario-schema.md "lsc_immune").
#pragma once

#include "scenarios/field_reader.h"
#include "scenarios/spec/scenario.h"

namespace jisas::scenarios {

// `k` is the kinetics map; every key but `model` is optional, with Hahnel 2020's values
// (models/lsc_immune/lsc_immune.md) as defaults.
LscImmuneSpec lsc_immune(FieldReader& r, const Field& k);

}  // namespace jisas::scenarios
