// The `design` section (docs/scenario-schema.md "design"): sample size, accrual, analysis
// date, withdrawal, follow-up and randomization.
#pragma once

#include "scenarios/field_reader.h"
#include "scenarios/spec/scenario.h"

namespace jisas::scenarios {

DesignSpec design(FieldReader& r, const Field& root);

}  // namespace jisas::scenarios
