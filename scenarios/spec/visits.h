// The protocol's RQ-PCR schedule after the stop (docs/scenario-schema.md "protocol.visits"):
// piecewise intervals, as STIM and EURO-SKI monitor (monthly in the first year, less often
// later). Days since the stop.
#pragma once

#include <limits>
#include <vector>

namespace jisas::scenarios {

struct VisitPhase {
  double every = 0.0;                                      // days between visits
  double until = std::numeric_limits<double>::infinity();  // this phase's visits start before it
};

struct VisitSchedule {
  std::vector<VisitPhase> phases;  // in order; the last runs to infinity

  VisitSchedule() = default;
  // One interval for the whole follow-up (`visits: {every: ...}`).
  VisitSchedule(double every) : phases{{every}} {}  // NOLINT: implicit on purpose

  // The visit after the one on `day` (0: the stop): `day` plus the interval of the phase
  // `day` falls in (the first whose `until` is after it). Repeated addition within a phase,
  // so one phase gives every, 2 every, ... exactly; a phase ending on a visit day hands over
  // there.
  double next_after(double day) const {
    for (const VisitPhase& phase : phases) {
      if (day < phase.until) return day + phase.every;
    }
    return day + phases.back().every;
  }

  double first_interval() const { return phases.front().every; }
};

}  // namespace jisas::scenarios
