#include "scenarios/calibration.h"

#include <filesystem>

#include <fmt/format.h>

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

}  // namespace

CalibrationSpec load_calibration(const std::string& path) {
  const std::string text = read_text_file(path);
  const YAML::Node document = load_single_document(text, path);
  FieldReader r(path);
  const Field root{document, ""};
  if (!document.IsMap()) r.fail(root, "a calibration file must be a map of keys");
  r.check_keys(root, {"schema_version", "scenario", "patients", "targets", "output"});
  const Field version = r.required(root, "schema_version");
  if (r.integer(version, kAtLeastOne) != kSchemaVersion) {
    r.fail(version, fmt::format("this jisas-sim reads schema version {}", kSchemaVersion));
  }
  CalibrationSpec spec;
  spec.source_path = path;
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  spec.scenario = load_scenario((dir / r.text(root, "scenario")).lexically_normal().string());
  if (spec.scenario.axes.empty()) {
    r.fail(r.required(root, "scenario"),
           "the scenario has no grid axes: list the candidate values of the parameters to fit");
  }
  spec.patients = r.integer(root, "patients", {100.0, 1e7});
  const bool randomized = spec.scenario.points.front().design.randomized();
  for (const Field& t : r.list(r.required(root, "targets"))) {
    spec.targets.push_back(target(r, t, randomized));
  }
  if (spec.targets.empty()) r.fail(r.required(root, "targets"), "needs at least one target");
  spec.output = r.text(root, "output");
  return spec;
}

}  // namespace jisas::scenarios
