// `--set KEY=VALUE` (docs/scenario-schema.md, "Overrides"): changes to a scenario given on
// the command line, applied to the parsed YAML document before it is validated, so an
// override passes exactly the checks the same text in the file would, and a sensitivity
// analysis needs no edited copies of the file. Used only by scenario_loader.cpp.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "scenarios/field_reader.h"

namespace jisas::scenarios {

// One step of a KEY: a map key, or an index into a list (`tests[0]`).
struct OverrideStep {
  std::string name;       // empty for an index
  std::size_t index = 0;  // for an index
  bool is_index() const { return name.empty(); }
};

// A parsed `--set KEY=VALUE`.
struct Override {
  std::string text;                 // as given, KEY=VALUE
  std::string path;                 // KEY in the loader's key-path form: analysis.tests[0].alpha
  std::vector<OverrideStep> steps;  // KEY, step by step
  YAML::Node value;                 // VALUE parsed as YAML (flow) text
};

// InputError "--set TEXT: what is wrong" for a missing '=', a malformed KEY or a YAML
// syntax error in VALUE.
Override parse_override(const std::string& text);

// Puts each override's value in the document at its KEY, in order (a later one wins),
// creating missing maps on the way; returns where each override's nodes are, so errors in
// them name the override (FieldReader). InputError "--set TEXT: ..." if KEY runs through a
// value or a list item that is not there. A document that is not a map is left alone (the
// loader reports it).
std::vector<OverrideOrigin> apply_overrides(YAML::Node& document,
                                            const std::vector<Override>& overrides);

}  // namespace jisas::scenarios
