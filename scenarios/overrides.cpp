#include "scenarios/overrides.h"

#include <charconv>
#include <span>
#include <string_view>

#include <fmt/format.h>

#include "engine/errors.h"
#include "scenarios/yaml_documents.h"

namespace jisas::scenarios {
namespace {

[[noreturn]] void malformed(const std::string& text, std::string_view what) {
  throw InputError(fmt::format("--set {}: {}", text, what));
}

bool is_key_char(char c) {
  return c != '.' && c != '[' && c != ']' && c != ' ' && c != '\t';
}

// "[N]" at `at`; returns the position after ']'.
std::size_t parse_index(const std::string& text, std::string_view key, std::size_t at,
                        std::vector<OverrideStep>& steps) {
  const std::size_t close = key.find(']', at);
  std::size_t index = 0;
  const char* first = key.data() + at + 1;
  const char* last = key.data() + (close == std::string_view::npos ? key.size() : close);
  const auto [end, ec] = std::from_chars(first, last, index);
  if (close == std::string_view::npos || first == last || ec != std::errc() || end != last) {
    malformed(text, "a list index must be [N] with N = 0, 1, ...");
  }
  steps.push_back({"", index});
  return close + 1;
}

// KEY: name ('[' N ']')* ('.' name ('[' N ']')*)*, as the loader's key paths.
std::vector<OverrideStep> parse_key(const std::string& text, std::string_view key) {
  if (key.empty()) malformed(text, "empty KEY (expected --set KEY=VALUE)");
  std::vector<OverrideStep> steps;
  std::size_t at = 0;
  while (true) {
    std::size_t end = at;
    while (end < key.size() && is_key_char(key[end])) ++end;
    if (end == at) malformed(text, "KEY must be dotted names such as design.sample_size");
    steps.push_back({std::string(key.substr(at, end - at)), 0});
    at = end;
    while (at < key.size() && key[at] == '[') at = parse_index(text, key, at, steps);
    if (at == key.size()) return steps;
    if (key[at] != '.') malformed(text, "KEY must be dotted names such as design.sample_size");
    ++at;
  }
}

std::string path_of(std::span<const OverrideStep> steps) {
  std::string path;
  for (const OverrideStep& step : steps) {
    path = step.is_index() ? fmt::format("{}[{}]", path, step.index) : key_path(path, step.name);
  }
  return path;
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// What a node the KEY runs through is, for messages.
std::string what_is(const YAML::Node& node) {
  return node.IsScalar() ? fmt::format("the value {}", describe_node(node)) : describe_node(node);
}

// `node`, reached by `path`, can take `step`: a map (or a key without a value, which
// becomes one) for a name, whatever the name (an unknown key is the loader's error, as in
// the file); a list with that item for an index.
void check_step(const Override& o, const YAML::Node& node, const OverrideStep& step,
                const std::string& path) {
  if (step.is_index()) {
    if (!node.IsSequence() || step.index >= node.size()) {
      malformed(o.text,
                fmt::format("{} is {}, which has no item [{}]", path, what_is(node), step.index));
    }
    return;
  }
  if (node.IsSequence()) {
    malformed(o.text, fmt::format("{} is a list: give an index, {}[N]", path, path));
  }
  if (!node.IsMap() && !node.IsNull()) {
    malformed(o.text, fmt::format("{} is {}, not a map", path, what_is(node)));
  }
}

// The child of `node` at `step`, made an empty map if missing (a later step goes into it);
// sets `created` then.
YAML::Node step_into(YAML::Node node, const OverrideStep& step, bool& created) {
  if (step.is_index()) return node[step.index];
  const YAML::Node& lookup = node;  // const: a lookup must not insert the key
  if (lookup[step.name].IsDefined()) return node[step.name];
  created = true;
  node[step.name] = YAML::Node(YAML::NodeType::Map);
  return node[step.name];
}

// Puts the value at the override's KEY; returns the path of the outermost node it made or
// replaced (everything at or under it comes from the override).
std::string apply_one(const YAML::Node& document, const Override& o) {
  YAML::Node node = document;
  std::string origin;
  const std::span<const OverrideStep> steps(o.steps);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    check_step(o, node, steps[i], path_of(steps.first(i)));
    if (i + 1 == steps.size()) break;
    bool created = false;
    node.reset(step_into(node, steps[i], created));  // reset rebinds; `=` would copy into node
    if (created && origin.empty()) origin = path_of(steps.first(i + 1));
  }
  const OverrideStep& last = steps.back();
  if (last.is_index()) {
    node[last.index] = o.value;
  } else {
    node[last.name] = o.value;
  }
  return origin.empty() ? o.path : origin;
}

}  // namespace

Override parse_override(const std::string& text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos) malformed(text, "expected KEY=VALUE (no '=')");
  Override o{text, "", parse_key(text, std::string_view(text).substr(0, equals)), {}};
  o.path = path_of(o.steps);
  const std::string value = text.substr(equals + 1);
  if (is_blank(value)) malformed(text, "no VALUE after '=' (expected --set KEY=VALUE)");
  o.value = load_value(value, fmt::format("--set {}", text));
  return o;
}

std::vector<OverrideOrigin> apply_overrides(YAML::Node& document,
                                            const std::vector<Override>& overrides) {
  std::vector<OverrideOrigin> origins;
  if (!document.IsMap()) return origins;
  for (const Override& o : overrides) {
    origins.push_back({apply_one(document, o), fmt::format("--set {}", o.text)});
  }
  return origins;
}

}  // namespace jisas::scenarios
