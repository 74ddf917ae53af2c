// The `kinetics` section when `model: km_curve` (docs/scenario-schema.md "km_curve").
#pragma once

#include "scenarios/field_reader.h"
#include "scenarios/spec/km_curve_model.h"

namespace jisas::scenarios {

// `k` is the kinetics map; `threshold` is protocol.relapse.threshold, which the
// controlled residual disease must lie below.
KmCurveSpec km_curve_model(FieldReader& r, const Field& k, double threshold);

}  // namespace jisas::scenarios
