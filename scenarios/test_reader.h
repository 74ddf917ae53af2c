// One item of `analysis.tests` (docs/scenario-schema.md "Tests"): one parse function per
// test type, chosen by its `type`.
#pragma once

#include "scenarios/field_reader.h"
#include "scenarios/spec/tests.h"

namespace jisas::scenarios {

TestSpec test(FieldReader& r, const Field& t);

}  // namespace jisas::scenarios
