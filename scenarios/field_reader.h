// The helper layer of the scenario loader: typed, range-checked reads of YAML nodes that
// fail with one-line InputErrors "FILE:LINE:COL: KEY.PATH: what is wrong" (house style
// rule 7), plus the duration and date conversions. Only scenario_loader.cpp uses it;
// nothing outside scenarios/ sees yaml-cpp.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace jisas::scenarios {

// A YAML node together with the dotted key path that reached it ("design.accrual.end",
// "analysis.tests[1].alpha"); the root has an empty path.
struct Field {
  YAML::Node node;
  std::string path;
};

// Nodes that come from the command line, not the file: every key path at or under `path`
// is in the value of the override `label` ("--set design.sample_size=-3";
// scenarios/overrides.h), which messages name instead of a line of the file.
struct OverrideOrigin {
  std::string path;
  std::string label;
};

inline constexpr double kInf = std::numeric_limits<double>::infinity();

// An interval of allowed values; an infinite bound is not printed.
struct Range {
  double lo = -kInf, hi = kInf;
  bool lo_open = false, hi_open = false;
  bool contains(double x) const;
  std::string describe(std::string_view unit = {}) const;
};

inline constexpr Range kAnyNumber{};
inline constexpr Range kProbability{0.0, 1.0};
inline constexpr Range kOpenUnit{0.0, 1.0, true, true};
inline constexpr Range kPositive{0.0, kInf, true, false};
inline constexpr Range kNonNegative{0.0, kInf};
inline constexpr Range kAtLeastOne{1.0, kInf};

// Every duration is at most this many days, 1,000 years (docs/scenario-schema.md
// "Limits"): longer is a typing mistake, and day counts stay far from overflowing.
inline constexpr double kMaxDurationDays = 1000.0 * 365.25;

class FieldReader {
 public:
  explicit FieldReader(std::string source, std::vector<OverrideOrigin> origins = {})
      : source_(std::move(source)), origins_(std::move(origins)) {}
  // A reader of the same document that has read nothing yet (one per grid point).
  FieldReader fresh() const { return FieldReader(source_, origins_); }

  // Grid axes: reading the key at `path` yields `value` instead of the document's node.
  void substitute(const std::string& path, const YAML::Node& value) { overrides_[path] = value; }
  // Every number read, converted to its struct unit, by key path (grid axes read it back).
  const std::map<std::string, double>& numbers_read() const { return numbers_; }

  [[noreturn]] void fail(const YAML::Mark& mark, std::string_view path,
                         std::string_view what) const;
  // "FILE:LINE:COL" of the mark, or the override that put the node at `path` there.
  std::string location(const YAML::Mark& mark, std::string_view path) const;
  [[noreturn]] void fail(const Field& field, std::string_view what) const {
    fail(field.node.Mark(), field.path, what);
  }

  // Maps: the node must be a map whose keys are unique and all in `allowed`.
  void check_keys(const Field& map, std::initializer_list<std::string_view> allowed) const;
  Field required(const Field& map, std::string_view key) const;
  std::optional<Field> optional(const Field& map, std::string_view key) const;
  std::vector<Field> list(const Field& field) const;

  // A plain (unquoted) number, range-checked as written, returned and recorded times `unit`
  // (e.g. 1 / kDaysPerMonth for a rate per month stored per day).
  double number(const Field& field, const Range& range, double unit = 1.0);
  double number(const Field& map, std::string_view key, const Range& range, double unit = 1.0);
  double number_or(const Field& map, std::string_view key, const Range& range, double fallback);
  int integer(const Field& field, const Range& range);
  int integer(const Field& map, std::string_view key, const Range& range);
  int integer_or(const Field& map, std::string_view key, const Range& range, int fallback);
  // A duration with a unit (28d, 4w, 6mo, 2y, 1.5mo), in days; the range is in days and
  // further limited to [-kMaxDurationDays, kMaxDurationDays].
  double duration(const Field& field, const Range& range);
  double duration(const Field& map, std::string_view key, const Range& range);
  double duration_or(const Field& map, std::string_view key, const Range& range, double fallback);
  std::string text(const Field& field) const;
  std::string text(const Field& map, std::string_view key) const;
  // A text that must be one of `choices`.
  std::string choice(const Field& map, std::string_view key,
                     std::initializer_list<std::string_view> choices) const;
  std::string choice(const Field& map, std::string_view key,
                     std::span<const std::string_view> choices) const;
  std::uint64_t unsigned64(const Field& map, std::string_view key) const;
  // An ISO date YYYY-MM-DD, as days since 1970-01-01.
  std::int64_t date(const Field& field) const;

 private:
  const std::string& scalar(const Field& field, std::string_view expected) const;
  // scalar(), refusing an explicit tag (the value would be read from its text regardless).
  const std::string& typed_scalar(const Field& field, std::string_view expected) const;
  std::string source_;
  std::vector<OverrideOrigin> origins_;
  std::map<std::string, YAML::Node> overrides_;
  std::map<std::string, double> numbers_;
};

// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant, "chrono-compatible
// low-level date algorithms", 2013, days_from_civil).
std::int64_t days_from_civil(int year, unsigned month, unsigned day);
// "28d", "4w", "6mo", "2y", "1.5mo" in days; nullopt if the text is not such a duration
// or its days are not a finite double.
std::optional<double> parse_duration_days(std::string_view text);
// "YYYY-MM-DD" of a real calendar date, as days since 1970-01-01; nullopt otherwise.
std::optional<std::int64_t> parse_iso_date(std::string_view text);
// How a node looks, for messages: 'text', a list, a map, nothing.
std::string describe_node(const YAML::Node& node);
// "design" + "accrual" -> "design.accrual"; the root's path is empty.
std::string key_path(const std::string& parent, std::string_view key);
std::string join(const std::vector<std::string>& items);

}  // namespace jisas::scenarios
