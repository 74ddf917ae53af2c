#include "scenarios/visits_reader.h"

#include <fmt/format.h>

namespace jisas::scenarios {
namespace {

VisitSchedule phases(FieldReader& r, const Field& schedule) {
  VisitSchedule s;
  const std::vector<Field> phases = r.list(schedule);
  if (phases.empty()) r.fail(schedule, "give at least one phase");
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const bool last = i + 1 == phases.size();
    r.check_keys(phases[i], {"every", "until"});
    VisitPhase phase{r.duration(phases[i], "every", {1.0, kInf})};
    if (!last) {
      const Field until = r.required(phases[i], "until");
      phase.until = r.duration(until, kPositive);
      if (!s.phases.empty() && !(phase.until > s.phases.back().until))
        r.fail(until, "must increase");
    } else if (const auto until = r.optional(phases[i], "until")) {
      r.fail(*until, "the last phase runs to the end of follow-up: leave 'until' out");
    }
    s.phases.push_back(phase);
  }
  return s;
}

}  // namespace

VisitSchedule visit_schedule(FieldReader& r, const Field& visits) {
  r.check_keys(visits, {"every", "schedule", "window", "missed"});
  const auto every = r.optional(visits, "every"), schedule = r.optional(visits, "schedule");
  if ((every ? 1 : 0) + (schedule ? 1 : 0) != 1)
    r.fail(visits, "give exactly one of 'every' or 'schedule'");
  VisitSchedule s = every ? VisitSchedule{r.duration(*every, {1.0, kInf})} : phases(r, *schedule);
  if (const auto window = r.optional(visits, "window")) {
    s.window = r.duration(*window, kNonNegative);
    const double half = s.shortest_interval() / 2.0;
    if (!(s.window < half)) {
      r.fail(*window, fmt::format("must be less than half the shortest interval ({:g} days), so "
                                  "visits keep their order",
                                  half));
    }
  }
  s.missed = r.number_or(visits, "missed", {0.0, 1.0, false, true}, 0.0);
  return s;
}

}  // namespace jisas::scenarios
