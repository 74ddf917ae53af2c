// `jisas-sim validate scenario.yaml [--set KEY=VALUE]...`: load and check a scenario
// without running it.
#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "app/run_command.h"
#include "scenarios/scenario_loader.h"

namespace jisas::app {

void validate_scenario(const std::string& path, const std::vector<std::string>& overrides,
                       std::ostream& out) {
  const scenarios::Scenario sc = scenarios::load_scenario(path, overrides);
  fmt::print(out, "{}", path);
  for (const std::string& o : overrides) fmt::print(out, " --set {}", o);
  fmt::print(out, ": valid (schema version {}): {} design point(s) x {} cohorts",
             scenarios::kSchemaVersion, sc.points.size(), sc.cohorts);
  for (const auto& axis : sc.axes)
    fmt::print(out, "; axis {} ({} values)", axis.key, axis.values.size());
  fmt::print(out, "\n");
}

}  // namespace jisas::app
