// `jisas-sim validate scenario.yaml`: load and check a scenario without running it.
#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "app/run_command.h"
#include "scenarios/scenario_loader.h"

namespace jisas::app {

void validate_scenario(const std::string& path, std::ostream& out) {
  const scenarios::Scenario sc = scenarios::load_scenario(path);
  fmt::print(out, "{}: valid (schema version {}): {} design point(s) x {} cohorts", path,
             scenarios::kSchemaVersion, sc.points.size(), sc.cohorts);
  for (const auto& axis : sc.axes)
    fmt::print(out, "; axis {} ({} values)", axis.key, axis.values.size());
  fmt::print(out, "\n");
}

}  // namespace jisas::app
