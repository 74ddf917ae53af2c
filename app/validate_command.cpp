// `jisas-sim validate scenario.yaml [--set KEY=VALUE]...`: load and check a scenario
// without running it, and estimate the memory its run needs (refused if it cannot fit).
#include <algorithm>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <tbb/info.h>

#include "app/memory_estimate.h"
#include "app/run_command.h"
#include "scenarios/quiet_visits.h"
#include "scenarios/scenario_loader.h"

namespace jisas::app {

namespace {

// Where the assay is not drawn (scenarios/quiet_visits.h): for every point, or for point 0
// when the grid's points differ (their assay, relapse rule or follow-up).
void print_quiet_visits(const std::vector<scenarios::DesignPoint>& points, std::ostream& out) {
  const scenarios::QuietVisits& q = points.front().quiet;
  const bool all_same = std::all_of(points.begin(), points.end(), [&](const auto& p) {
    return p.quiet.low == q.low && p.quiet.high == q.high && p.quiet.max_skipped == q.max_skipped;
  });
  if (!all_same) fmt::print(out, "design point 0: ");
  if (q.max_skipped == 0) {
    fmt::print(out, "assay: drawn at every visit\n");
    return;
  }
  fmt::print(out,
             "assay: not drawn where its result is certain, a true ratio at most {:.3g} (no "
             "loss) or at least {:.3g} (loss), at up to {} visits per patient; the chance "
             "that drawing them would change any result is below {:g} per patient\n",
             q.low, q.high, q.max_skipped, scenarios::kQuietVisitRisk);
}

}  // namespace

void validate_scenario(const std::string& path, const std::vector<std::string>& overrides,
                       std::ostream& out) {
  const scenarios::Scenario sc = scenarios::load_scenario(path, overrides);
  // `run` uses every core unless told otherwise: the estimate does too.
  const int threads = tbb::info::default_concurrency();
  const MemoryEstimate memory = estimate_memory(sc, threads);
  check_memory(sc, memory);
  fmt::print(out, "{}", path);
  for (const std::string& o : overrides) fmt::print(out, " --set {}", o);
  fmt::print(out, ": valid (schema version {}): {} design point(s) x {} cohorts",
             scenarios::kSchemaVersion, sc.points.size(), sc.cohorts);
  for (const auto& axis : sc.axes)
    fmt::print(out, "; axis {} ({} values)", axis.key, axis.values.size());
  fmt::print(out, "\n");
  fmt::print(out,
             "memory estimate: {} per cohort in simulation, {} per design point, {} peak with "
             "{} thread(s) (this machine: {})\n",
             format_bytes(static_cast<double>(memory.per_cohort)),
             format_bytes(static_cast<double>(memory.per_point)),
             format_bytes(static_cast<double>(memory.peak)), threads,
             format_bytes(static_cast<double>(machine_memory_bytes())));
  print_quiet_visits(sc.points, out);
}

}  // namespace jisas::app
