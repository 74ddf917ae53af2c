// The `kinetics` section when `model: hazard` (docs/scenario-schema.md "hazard").
#pragma once

#include "scenarios/field_reader.h"
#include "scenarios/spec/hazard_model.h"

namespace jisas::scenarios {

// `k` is the kinetics map; `threshold` is protocol.relapse.threshold, which the
// controlled residual disease must lie below.
HazardModelSpec hazard_model(FieldReader& r, const Field& k, double threshold);

// `residual_ratio` of a model whose BCR-ABL follows HazardKinetics (hazard, km_curve): the
// controlled residual disease, which must lie below the relapse threshold.
double residual_ratio(FieldReader& r, const Field& k, double threshold);

}  // namespace jisas::scenarios
