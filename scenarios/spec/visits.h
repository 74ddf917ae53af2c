// The protocol's RQ-PCR schedule after the stop (docs/scenario-schema.md "protocol.visits"),
// and the pre-stop monitoring of `lsc_immune` histories: piecewise intervals, as STIM and
// EURO-SKI monitor (monthly in the first year, less often later), a window around each
// planned day and a probability of a missed visit. Days since the stop (or diagnosis).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "engine/random_stream.h"

namespace jisas::scenarios {

struct VisitPhase {
  double every = 0.0;                                      // days between visits
  double until = std::numeric_limits<double>::infinity();  // this phase's visits start before it
};

struct VisitSchedule {
  std::vector<VisitPhase> phases;  // in order; the last runs to infinity
  double window = 0.0;             // each visit uniformly within ± window days of its planned day
  double missed = 0.0;             // probability that a planned visit does not take place

  VisitSchedule() = default;
  // One interval for the whole follow-up (`visits: {every: ...}`).
  VisitSchedule(double every) : phases{{every}} {}  // NOLINT: implicit on purpose

  // The planned visit after the one planned on `day` (0: the stop): `day` plus the interval
  // of the phase `day` falls in (the first whose `until` is after it). Repeated addition
  // within a phase, so one phase gives every, 2 every, ... exactly; a phase ending on a
  // visit day hands over there.
  double next_after(double day) const {
    for (const VisitPhase& phase : phases) {
      if (day < phase.until) return day + phase.every;
    }
    return day + phases.back().every;
  }

  double first_interval() const { return phases.front().every; }
  double shortest_interval() const {
    double shortest = std::numeric_limits<double>::infinity();
    for (const VisitPhase& phase : phases) shortest = std::min(shortest, phase.every);
    return shortest;
  }
  // Visits on exactly the planned days, all attended.
  bool exact() const { return window == 0.0 && missed == 0.0; }
};

// One attended visit: its place in the schedule, its planned day and the day it took place.
struct Visit {
  int index = 0;         // 1 for the first planned visit; 0 is the stop itself
  double planned = 0.0;  // days
  double day = 0.0;      // days: planned ± window
};

// One patient's visits under a schedule. Planned visit k is moved by window * (2u - 1) and
// missed when v < missed, with (u, v) a hash of (key, k): a counter-based draw, so the
// protocol (trial/protocol.h) and the looks (analysis/cohort/looks.h) see the same visits
// from the patient's key alone, in any order, without storing them. The loader keeps the
// window below half the shortest interval, so visits stay in their planned order.
class PatientVisits {
 public:
  PatientVisits(const VisitSchedule& schedule, std::uint64_t key)
      : schedule_(schedule), key_(key) {}

  // The first attended visit after `previous` (default: after the stop).
  Visit after(const Visit& previous = {}) const {
    Visit v = previous;
    do {
      v.index += 1;
      v.planned = schedule_.next_after(v.planned);
    } while (!attended(v.index));
    v.day = v.planned + offset(v.index);
    return v;
  }

  // The attended visits after `from` on or before `limit`, at most `most` of them: the last
  // (`from` if none) and how many. The same visits as calling after() in turn; a schedule
  // of one interval on exact days takes the additions alone (the protocol's quiet visits,
  // trial/protocol.h, pass dozens per patient this way).
  std::pair<Visit, int> last_within(Visit from, double limit, int most) const {
    int n = 0;
    if (schedule_.exact() && schedule_.phases.size() == 1) {
      const double every = schedule_.phases.front().every;
      double planned = from.planned;
      while (n < most && planned + every <= limit) {
        planned += every;
        ++n;
      }
      return {{from.index + n, planned, planned}, n};
    }
    for (Visit next = after(from); n < most && next.day <= limit; next = after(next), ++n) {
      from = next;
    }
    return {from, n};
  }

  // The last attended visit on or before `limit` (0 if none).
  double last_by(double limit) const {
    double last = 0.0;
    for (Visit v = after(); v.day <= limit; v = after(v)) last = v.day;
    return last;
  }

  // The first attended visit on or after `day`.
  double first_from(double day) const {
    Visit v = after();
    while (v.day < day) v = after(v);
    return v.day;
  }

 private:
  static double unit(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1p-53; }
  std::uint64_t draw(int index) const {
    return engine::splitmix64(key_ ^ engine::splitmix64(static_cast<std::uint64_t>(index)));
  }
  double offset(int index) const {
    if (schedule_.window == 0.0) return 0.0;
    return schedule_.window * (2.0 * unit(draw(index)) - 1.0);
  }
  bool attended(int index) const {
    if (schedule_.missed == 0.0) return true;
    return unit(engine::splitmix64(draw(index))) >= schedule_.missed;
  }

  const VisitSchedule& schedule_;
  std::uint64_t key_;
};

}  // namespace jisas::scenarios
