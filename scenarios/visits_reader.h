// A visit schedule (docs/scenario-schema.md "protocol.visits"): after the stop
// (`protocol.visits`) and on IM before it (`kinetics.history.visits` of `lsc_immune`).
#pragma once

#include "scenarios/field_reader.h"
#include "scenarios/spec/visits.h"

namespace jisas::scenarios {

// `{every}` for one interval, or `{schedule: [{every, until}, ..., {every}]}`: each phase's
// `until` after the previous one's, the last without one; optional `window` (± days, below
// half the shortest interval, so visits keep their order) and `missed` (a probability < 1).
VisitSchedule visit_schedule(FieldReader& r, const Field& visits);

}  // namespace jisas::scenarios
