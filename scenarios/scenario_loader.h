// The strict YAML scenario loader: reads a scenario file (docs/scenario-schema.md) into the
// plain structs of scenario.h, units resolved, the design grid expanded. Any problem with
// the input is a jisas::InputError with one line "FILE:LINE:COL: KEY.PATH: what is wrong".
#pragma once

#include <string>

#include "scenarios/spec/scenario.h"

namespace jisas::scenarios {

// Reads and parses the file at `path`; "PATH: cannot open file: ..." if it cannot be read.
Scenario load_scenario(const std::string& path);

// Parses scenario YAML text; `source_name` stands for the file in messages and source_path.
Scenario parse_scenario(const std::string& yaml_text, const std::string& source_name);

}  // namespace jisas::scenarios
