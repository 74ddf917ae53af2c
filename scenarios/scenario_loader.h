// The strict YAML scenario loader: reads a scenario file (docs/scenario-schema.md) into the
// plain structs of scenario.h, units resolved, the design grid expanded. Any problem with
// the input is a jisas::InputError with one line "FILE:LINE:COL: KEY.PATH: what is wrong",
// or "--set KEY=VALUE: KEY.PATH: what is wrong" for a node an override put there.
#pragma once

#include <string>
#include <vector>

#include "scenarios/spec/scenario.h"

namespace jisas::scenarios {

// Reads and parses the file at `path`; "PATH: cannot open file: ..." if it cannot be read.
// `overrides` are `--set KEY=VALUE` texts (docs/scenario-schema.md, "Overrides"), applied
// in order to the document before it is checked.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

// Parses scenario YAML text; `source_name` stands for the file in messages and source_path.
Scenario parse_scenario(const std::string& yaml_text, const std::string& source_name,
                        const std::vector<std::string>& overrides = {});

}  // namespace jisas::scenarios
