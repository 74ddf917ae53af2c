// Reads the one YAML document of a scenario file. yaml-cpp 0.7 (Debian bookworm) loops
// forever, allocating, in YAML::LoadAll on some malformed streams (a lone ',' at the top
// level; jbeder/yaml-cpp#1040, fixed upstream in PR #1319 after 0.8): found by the
// fuzz_scenario target. The documents are therefore counted with yaml-cpp's event parser,
// which stops when a document makes no progress, before the one document is loaded.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

namespace jisas::scenarios {

// The whole text of a file; InputError "PATH: ..." if it cannot be read, is larger than
// engine::kMaxInputBytes or is not UTF-8 (engine/text_input.h).
std::string read_text_file(const std::string& path);

// The single document of yaml_text; InputError naming source_name:line:column for a
// syntax error, an empty stream or more than one document.
YAML::Node load_single_document(const std::string& yaml_text, const std::string& source_name);

// The single document of a value given on the command line (`--set KEY=VALUE`); the same
// errors, located as "LABEL (value column C)".
YAML::Node load_value(const std::string& text, const std::string& label);

}  // namespace jisas::scenarios
