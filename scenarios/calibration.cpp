#include "scenarios/calibration.h"

#include <filesystem>

#include <fmt/format.h>

#include "engine/errors.h"
#include "scenarios/field_reader.h"
#include "scenarios/scenario_loader.h"
#include "scenarios/yaml_documents.h"

namespace jisas::scenarios {
namespace {

CalibrationTarget target(FieldReader& r, const Field& t, bool randomized) {
  r.check_keys(t, {"at", "rate", "lower", "upper", "source", "arm"});
  CalibrationTarget spec;
  spec.at = r.duration(t, "at", kPositive);
  const Field rate = r.required(t, "rate");
  spec.rate = r.number(rate, kOpenUnit);
  spec.lower = r.number(t, "lower", kOpenUnit);
  const Field upper = r.required(t, "upper");
  spec.upper = r.number(upper, kOpenUnit);
  if (spec.upper <= spec.lower) r.fail(upper, "must be above lower");
  if (!(spec.lower <= spec.rate && spec.rate <= spec.upper)) {
    r.fail(rate, fmt::format("must lie in its 95% CI [{:g}, {:g}]", spec.lower, spec.upper));
  }
  spec.source = r.text(t, "source");
  if (const auto arm = r.optional(t, "arm")) {
    const std::string name = r.text(*arm);
    if (name != "control" && name != "experimental") {
      r.fail(*arm, fmt::format("expected control or experimental, got '{}'", name));
    }
    if (!randomized) r.fail(*arm, "needs a randomized scenario (design.randomization)");
    spec.arm = name == "experimental" ? 1 : 0;
  }
  return spec;
}

// A trial: its scenario (relative to the calibration file), pool size and targets.
CalibrationTrial trial(FieldReader& r, const Field& map, const std::filesystem::path& dir,
                       std::string name, int patients) {
  CalibrationTrial trial;
  const Field scenario = r.required(map, "scenario");
  std::vector<std::string> overrides;  // `--set KEY=VALUE` texts (docs/scenario-schema.md)
  const auto set = r.optional(map, "set");
  if (set) {
    for (const Field& text : r.list(*set)) overrides.push_back(r.text(text));
  }
  try {
    trial.scenario = load_scenario((dir / r.text(scenario)).lexically_normal().string(), overrides);
  } catch (const InputError& error) {
    // An override's own error names the override; say where in this file it stands.
    if (!set || !std::string_view(error.what()).starts_with("--set ")) throw;
    r.fail(*set, error.what());
  }
  trial.name = name.empty() ? trial.scenario.source_path : std::move(name);
  if (trial.scenario.axes.empty()) {
    r.fail(scenario,
           "the scenario has no grid axes: list the candidate values of the parameters to fit");
  }
  trial.patients = patients;
  const bool randomized = trial.scenario.points.front().design.randomized();
  const Field targets = r.required(map, "targets");
  for (const Field& t : r.list(targets)) trial.targets.push_back(target(r, t, randomized));
  if (trial.targets.empty()) r.fail(targets, "needs at least one target");
  return trial;
}

// Candidate i must be the same parameter values in every trial.
void check_same_candidates(FieldReader& r, const Field& scenario, const Scenario& first,
                           const Scenario& other) {
  bool same = first.axes.size() == other.axes.size() && first.points.size() == other.points.size();
  for (std::size_t a = 0; same && a < first.axes.size(); ++a) {
    same = first.axes[a].key == other.axes[a].key;
  }
  for (std::size_t p = 0; same && p < first.points.size(); ++p) {
    same = first.points[p].axis_values == other.points[p].axis_values;
  }
  if (!same) {
    r.fail(scenario, fmt::format("its grid axes and values must be those of trials[0]'s scenario "
                                 "({}): a candidate is one set of values for every trial",
                                 first.source_path));
  }
}

std::vector<CalibrationTrial> trials(FieldReader& r, const Field& list,
                                     const std::filesystem::path& dir, int patients) {
  std::vector<CalibrationTrial> trials;
  for (const Field& t : r.list(list)) {
    r.check_keys(t, {"name", "scenario", "set", "patients", "targets"});
    const int own = r.integer_or(t, "patients", {100.0, 1e7}, patients);
    trials.push_back(trial(r, t, dir, r.text(t, "name"), own));
    if (trials.size() > 1) {
      check_same_candidates(r, r.required(t, "scenario"), trials.front().scenario,
                            trials.back().scenario);
    }
  }
  if (trials.empty()) r.fail(list, "needs at least one trial");
  return trials;
}

}  // namespace

CalibrationSpec load_calibration(const std::string& path) {
  const std::string text = read_text_file(path);
  const YAML::Node document = load_single_document(text, path);
  FieldReader r(path);
  const Field root{document, ""};
  if (!document.IsMap()) r.fail(root, "a calibration file must be a map of keys");
  r.check_keys(root, {"schema_version", "scenario", "patients", "targets", "trials", "output"});
  const Field version = r.required(root, "schema_version");
  if (r.integer(version, kAtLeastOne) != kSchemaVersion) {
    r.fail(version, fmt::format("this jisas-sim reads schema version {}", kSchemaVersion));
  }
  CalibrationSpec spec;
  spec.source_path = path;
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  const int patients = r.integer(root, "patients", {100.0, 1e7});
  if (const auto list = r.optional(root, "trials")) {
    for (const char* single : {"scenario", "targets"}) {
      if (const auto field = r.optional(root, single)) {
        r.fail(*field, "give either scenario and targets, or trials, not both");
      }
    }
    spec.trials = trials(r, *list, dir, patients);
  } else {
    spec.trials.push_back(trial(r, root, dir, "", patients));
  }
  spec.output = r.text(root, "output");
  return spec;
}

}  // namespace jisas::scenarios
