#include "scenarios/field_reader.h"

#include <charconv>
#include <climits>
#include <cmath>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "engine/errors.h"
#include "scenarios/spec/scenario.h"

namespace jisas::scenarios {
namespace {

// A whole-text decimal number (std::from_chars: no locale, no leading '+', no spaces).
std::optional<double> to_double(std::string_view text) {
  double x = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(x)) {
    return std::nullopt;
  }
  return x;
}

// A whole-text decimal number too large or too small for a double (1e309, 1e-400):
// worth its own message, not "expected a number".
bool beyond_double(std::string_view text) {
  double x = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  return ec == std::errc::result_out_of_range && end == text.data() + text.size();
}

// A duration whose amount is a number beyond a double, or whose days are ("1e308y").
bool duration_beyond_double(std::string_view text) {
  const auto unit_at = text.find_first_of("abcdefghijklmnopqrstuvwxyz");
  if (unit_at == 0 || unit_at == std::string_view::npos) return false;
  const std::string_view amount = text.substr(0, unit_at);
  if (beyond_double(amount)) return true;
  return to_double(amount) && !parse_duration_days(text) &&
         parse_duration_days(fmt::format("1{}", text.substr(unit_at)));
}

// "tag:yaml.org,2002:str" as the file wrote it, "!!str".
std::string written_tag(const std::string& tag) {
  constexpr std::string_view kCore = "tag:yaml.org,2002:";
  return tag.starts_with(kCore) ? "!!" + tag.substr(kCore.size()) : tag;
}

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned days_in_month(int year, unsigned month) {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

}  // namespace

bool Range::contains(double x) const {
  const bool above = lo_open ? x > lo : x >= lo;
  const bool below = hi_open ? x < hi : x <= hi;
  return above && below;
}

std::string Range::describe(std::string_view unit) const {
  const std::string suffix = unit.empty() ? "" : fmt::format(" {}", unit);
  if (std::isfinite(lo) && std::isfinite(hi)) {
    return fmt::format("in {}{:g}, {:g}{}{}", lo_open ? '(' : '[', lo, hi, hi_open ? ')' : ']',
                       suffix);
  }
  if (std::isfinite(lo)) return fmt::format("{} {:g}{}", lo_open ? ">" : ">=", lo, suffix);
  if (std::isfinite(hi)) return fmt::format("{} {:g}{}", hi_open ? "<" : "<=", hi, suffix);
  return "finite";
}

std::int64_t days_from_civil(int year, unsigned month, unsigned day) {
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                            // [0, 399]
  const std::int64_t mp = (static_cast<std::int64_t>(month) + 9) % 12;               // March = 0
  const std::int64_t doy = (153 * mp + 2) / 5 + static_cast<std::int64_t>(day) - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                    // [0, 146096]
  return era * 146097 + doe - 719468;
}

std::optional<double> parse_duration_days(std::string_view text) {
  const auto unit_at = text.find_first_of("abcdefghijklmnopqrstuvwxyz");
  if (unit_at == 0 || unit_at == std::string_view::npos) return std::nullopt;
  const auto amount = to_double(text.substr(0, unit_at));
  if (!amount) return std::nullopt;
  const std::string_view unit = text.substr(unit_at);
  double days = 0.0;
  if (unit == "d")
    days = *amount;
  else if (unit == "w")
    days = *amount * 7.0;
  else if (unit == "mo")
    days = *amount * kDaysPerMonth;
  else if (unit == "y")
    days = *amount * kDaysPerYear;
  else
    return std::nullopt;
  // "1e307y" is a finite number of years but not of days.
  if (!std::isfinite(days)) return std::nullopt;
  return days;
}

std::optional<std::int64_t> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto field = [&](std::size_t at, std::size_t length) -> std::optional<int> {
    int value = 0;
    const char* first = text.data() + at;
    const auto [end, ec] = std::from_chars(first, first + length, value);
    if (ec != std::errc() || end != first + length || *first == '-') return std::nullopt;
    return value;
  };
  const auto year = field(0, 4), month = field(5, 2), day = field(8, 2);
  if (!year || !month || !day || *month < 1 || *month > 12 || *day < 1) return std::nullopt;
  const auto m = static_cast<unsigned>(*month), d = static_cast<unsigned>(*day);
  if (d > days_in_month(*year, m)) return std::nullopt;
  return days_from_civil(*year, m, d);
}

std::string describe_node(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Scalar:
      // A quoted scalar is text to YAML even when it looks like a number.
      if (node.Tag() == "!") return fmt::format("the quoted text '{}'", node.Scalar());
      return fmt::format("'{}'", node.Scalar());
    default: return "nothing";
  }
}

std::string key_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
}

std::string join(const std::vector<std::string>& items) {
  return fmt::format("{}", fmt::join(items, ", "));
}

namespace {

// `path` is `prefix` or a key path inside it ("a.b" is inside "a", "a[0]" too, "ab" not).
bool is_within(std::string_view path, std::string_view prefix) {
  if (!path.starts_with(prefix)) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

}  // namespace

std::string FieldReader::location(const YAML::Mark& mark, std::string_view path) const {
  // The last override that covers the path put its node there; the marks of an override's
  // nodes are positions in its value, not lines of the file.
  for (auto it = origins_.rbegin(); it != origins_.rend(); ++it) {
    if (!path.empty() && is_within(path, it->path)) return it->label;
  }
  const int line = mark.is_null() ? 1 : mark.line + 1;
  const int column = mark.is_null() ? 1 : mark.column + 1;
  return fmt::format("{}:{}:{}", source_, line, column);
}

void FieldReader::fail(const YAML::Mark& mark, std::string_view path, std::string_view what) const {
  throw InputError(
      fmt::format("{}: {}: {}", location(mark, path), path.empty() ? "(top level)" : path, what));
}

void FieldReader::check_keys(const Field& map,
                             std::initializer_list<std::string_view> allowed) const {
  if (!map.node.IsMap()) fail(map, fmt::format("expected a map, got {}", describe_node(map.node)));
  std::set<std::string> seen;
  for (const auto& entry : map.node) {
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) fail(key.Mark(), map.path, "map keys must be plain names");
    const std::string& name = key.Scalar();
    if (!seen.insert(name).second) {
      fail(key.Mark(), key_path(map.path, name), "duplicate key");
    }
    bool known = false;
    for (const std::string_view a : allowed) known = known || a == name;
    if (!known) {
      const std::vector<std::string> names(allowed.begin(), allowed.end());
      fail(key.Mark(), key_path(map.path, name),
           fmt::format("unknown key '{}' (expected one of: {})", name, join(names)));
    }
  }
}

std::optional<Field> FieldReader::optional(const Field& map, std::string_view key) const {
  if (!map.node.IsMap()) fail(map, fmt::format("expected a map, got {}", describe_node(map.node)));
  Field child{YAML::Node(), key_path(map.path, key)};
  if (const auto it = overrides_.find(child.path); it != overrides_.end()) {
    child.node = it->second;
    return child;
  }
  const YAML::Node& node = map.node;  // const: a lookup must not insert the key
  const YAML::Node value = node[std::string(key)];
  if (!value.IsDefined()) return std::nullopt;
  child.node = value;
  return child;
}

Field FieldReader::required(const Field& map, std::string_view key) const {
  auto child = optional(map, key);
  if (!child) fail(map.node.Mark(), key_path(map.path, key), "missing required key");
  return *child;
}

std::vector<Field> FieldReader::list(const Field& field) const {
  if (!field.node.IsSequence()) {
    fail(field, fmt::format("expected a list [...], got {}", describe_node(field.node)));
  }
  std::vector<Field> items;
  for (std::size_t i = 0; i < field.node.size(); ++i) {
    items.push_back({field.node[i], fmt::format("{}[{}]", field.path, i)});
  }
  return items;
}

const std::string& FieldReader::scalar(const Field& field, std::string_view expected) const {
  if (!field.node.IsScalar()) {
    fail(field, fmt::format("expected {}, got {}", expected, describe_node(field.node)));
  }
  return field.node.Scalar();
}

// Numbers, durations and dates are read from their text, so an explicit tag (`!!str 15`,
// `!!float 15`, `!custom 15`) would be silently ignored: refused instead. "?" is a plain
// scalar's tag and "!" a quoted one's (refused as text by the callers).
const std::string& FieldReader::typed_scalar(const Field& field, std::string_view expected) const {
  const std::string& text = scalar(field, expected);
  const std::string& tag = field.node.Tag();
  if (tag != "?" && tag != "!") {
    fail(field, fmt::format("expected {}, got '{}' with the explicit tag '{}' (write the value "
                            "without a tag)",
                            expected, text, written_tag(tag)));
  }
  return text;
}

double FieldReader::number(const Field& field, const Range& range, double unit) {
  const std::string& text = typed_scalar(field, "a number");
  const auto x = field.node.Tag() == "!" ? std::nullopt : to_double(text);
  if (!x && field.node.Tag() != "!" && beyond_double(text)) {
    fail(field,
         fmt::format("must be {}, got {} (not representable as a double)", range.describe(), text));
  }
  if (!x) fail(field, fmt::format("expected a number, got {}", describe_node(field.node)));
  if (!range.contains(*x)) fail(field, fmt::format("must be {}, got {}", range.describe(), text));
  numbers_[field.path] = *x * unit;
  return *x * unit;
}

double FieldReader::number(const Field& map, std::string_view key, const Range& range,
                           double unit) {
  return number(required(map, key), range, unit);
}

double FieldReader::number_or(const Field& map, std::string_view key, const Range& range,
                              double fallback) {
  const auto field = optional(map, key);
  return field ? number(*field, range) : fallback;
}

int FieldReader::integer(const Field& field, const Range& range) {
  const std::string& text = typed_scalar(field, "an integer");
  long long x = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  const bool whole = end == text.data() + text.size();
  const bool too_long = ec == std::errc::result_out_of_range && whole;
  if (field.node.Tag() != "!" &&
      (too_long || (ec == std::errc() && whole && (x > INT_MAX || x < INT_MIN)))) {
    fail(field,
         fmt::format("must be {}, got {} (beyond a 32-bit integer)", range.describe(), text));
  }
  if (field.node.Tag() == "!" || ec != std::errc() || !whole) {
    fail(field, fmt::format("expected an integer, got {}", describe_node(field.node)));
  }
  const auto value = static_cast<double>(x);
  if (!range.contains(value)) {
    fail(field, fmt::format("must be {}, got {}", range.describe(), text));
  }
  numbers_[field.path] = value;
  return static_cast<int>(x);
}

int FieldReader::integer(const Field& map, std::string_view key, const Range& range) {
  return integer(required(map, key), range);
}

int FieldReader::integer_or(const Field& map, std::string_view key, const Range& range,
                            int fallback) {
  const auto field = optional(map, key);
  return field ? integer(*field, range) : fallback;
}

double FieldReader::duration(const Field& field, const Range& range) {
  constexpr std::string_view kExpected =
      "a duration with a unit: d, w, mo or y (e.g. 28d, 4w, 6mo, 2y)";
  const std::string& text = typed_scalar(field, kExpected);
  const auto days = field.node.Tag() == "!" ? std::nullopt : parse_duration_days(text);
  const std::string longest = fmt::format("at most {:g} days (1000 years)", kMaxDurationDays);
  if (!days && field.node.Tag() != "!" && duration_beyond_double(text)) {
    fail(field, fmt::format("must be {}, got {} (not representable as a double)", longest, text));
  }
  if (!days) fail(field, fmt::format("expected {}, got {}", kExpected, describe_node(field.node)));
  if (!range.contains(*days)) {
    fail(field, fmt::format("must be {}, got {} ({:g} days)", range.describe("days"), text, *days));
  }
  if (std::abs(*days) > kMaxDurationDays) {
    fail(field, fmt::format("must be {}, got {} ({:g} days)", longest, text, *days));
  }
  numbers_[field.path] = *days;
  return *days;
}

double FieldReader::duration(const Field& map, std::string_view key, const Range& range) {
  return duration(required(map, key), range);
}

double FieldReader::duration_or(const Field& map, std::string_view key, const Range& range,
                                double fallback) {
  const auto field = optional(map, key);
  return field ? duration(*field, range) : fallback;
}

std::string FieldReader::text(const Field& field) const {
  return scalar(field, "a text");
}

std::string FieldReader::text(const Field& map, std::string_view key) const {
  return text(required(map, key));
}

std::string FieldReader::choice(const Field& map, std::string_view key,
                                std::initializer_list<std::string_view> choices) const {
  return choice(map, key, std::span<const std::string_view>(choices.begin(), choices.size()));
}

std::string FieldReader::choice(const Field& map, std::string_view key,
                                std::span<const std::string_view> choices) const {
  const Field field = required(map, key);
  const std::vector<std::string> names(choices.begin(), choices.end());
  const std::string value = scalar(field, fmt::format("one of: {}", join(names)));
  for (const std::string_view c : choices) {
    if (c == value) return value;
  }
  fail(field, fmt::format("unknown value '{}' (expected one of: {})", value, join(names)));
}

std::uint64_t FieldReader::unsigned64(const Field& map, std::string_view key) const {
  const Field field = required(map, key);
  const std::string& text = typed_scalar(field, "an unsigned integer");
  std::uint64_t x = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (field.node.Tag() == "!" || ec != std::errc() || end != text.data() + text.size()) {
    fail(field,
         fmt::format("expected an unsigned 64-bit integer, got {}", describe_node(field.node)));
  }
  return x;
}

std::int64_t FieldReader::date(const Field& field) const {
  const std::string& text = typed_scalar(field, "a date YYYY-MM-DD");
  const auto days = parse_iso_date(text);
  if (!days) {
    fail(field,
         fmt::format("expected a calendar date YYYY-MM-DD, got {}", describe_node(field.node)));
  }
  return *days;
}

}  // namespace jisas::scenarios
