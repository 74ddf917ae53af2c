// One parser for every numeric command-line option (issue 17): the whole text must be a
// number of the option's type inside the option's range, or the user gets one line,
// "option --cohorts: must be an integer from 1 to 2147483647 (got '2147483648')", and exit
// code 2. CLI11's own conversion is not used for numbers: it wraps "-1" into a uint64 and
// lets a later narrowing cast turn 4294967297 into 1.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace jisas::app {

// The largest cohort count per design point: cohorts are counted in `int` inside the
// simulator (the file format's int64 holds more; a scenario's `cohorts` key has the same bound).
inline constexpr std::int64_t kMaxCohorts = std::numeric_limits<std::int32_t>::max();
// Worker threads beyond any node's core count only cost memory.
inline constexpr std::int64_t kMaxThreads = 1024;
// `size --n-min/--n-max/--window`: far beyond any trial (the scenario's own checks apply too).
inline constexpr std::int64_t kMaxSampleSize = 1'000'000;

struct IntegerRange {
  std::int64_t min;
  std::int64_t max;
};

// Strict parses, InputError naming the option and quoting the text on failure.
std::int64_t parse_integer(const std::string& option, const std::string& text, IntegerRange range);
std::uint64_t parse_unsigned64(const std::string& option, const std::string& text);
// A finite number strictly between 0 and 1; a finite number >= 0.
double parse_probability(const std::string& option, const std::string& text);
double parse_nonnegative(const std::string& option, const std::string& text);
// "k/N" with 0 <= k < N <= max_count.
std::pair<int, int> parse_shard(const std::string& option, const std::string& text,
                                std::int64_t max_count);

// Options parsed by the functions above while CLI11 parses the command line; the callback
// throws InputError (caught with the parse errors in cli.cpp).
CLI::Option* add_integer(CLI::App* cmd, const std::string& name, int& target, IntegerRange range,
                         const std::string& help);
CLI::Option* add_integer(CLI::App* cmd, const std::string& name,
                         std::optional<std::int64_t>& target, IntegerRange range,
                         const std::string& help);
CLI::Option* add_seed(CLI::App* cmd, std::optional<std::uint64_t>& target);
CLI::Option* add_probability(CLI::App* cmd, const std::string& name, double& target,
                             const std::string& help);
CLI::Option* add_probability(CLI::App* cmd, const std::string& name, std::optional<double>& target,
                             const std::string& help);
CLI::Option* add_nonnegative_list(CLI::App* cmd, const std::string& name,
                                  std::vector<double>& target, const std::string& help);

}  // namespace jisas::app
