#include "app/numeric_option.h"

#include <charconv>
#include <cmath>
#include <system_error>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "engine/errors.h"

namespace jisas::app {
namespace {

[[noreturn]] void refuse(const std::string& option, const std::string& what,
                         const std::string& text) {
  // Quoted as given, but not a screenful: the line must stay one readable line.
  const std::string shown = text.size() <= 40 ? text : text.substr(0, 37) + "...";
  throw InputError(fmt::format("option {}: {} (got '{}')", option, what, shown));
}

// The whole text is one number of type T: no sign where T has none, no spaces, no suffix.
template <class T>
bool parse_whole(const std::string& text, T& value) {
  const char* const end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end && !text.empty();
}

double parse_finite(const std::string& option, const std::string& text, const std::string& what) {
  double value = 0.0;
  if (!parse_whole(text, value) || !std::isfinite(value)) refuse(option, what, text);
  return value;
}

}  // namespace

std::int64_t parse_integer(const std::string& option, const std::string& text, IntegerRange range) {
  std::int64_t value = 0;
  if (!parse_whole(text, value) || value < range.min || value > range.max) {
    refuse(option, fmt::format("must be an integer from {} to {}", range.min, range.max), text);
  }
  return value;
}

std::uint64_t parse_unsigned64(const std::string& option, const std::string& text) {
  std::uint64_t value = 0;
  if (!parse_whole(text, value)) {
    refuse(option, fmt::format("must be an integer from 0 to {}", ~std::uint64_t{0}), text);
  }
  return value;
}

double parse_probability(const std::string& option, const std::string& text) {
  const char* const what = "must be a number strictly between 0 and 1";
  const double value = parse_finite(option, text, what);
  if (!(value > 0.0 && value < 1.0)) refuse(option, what, text);
  return value;
}

double parse_nonnegative(const std::string& option, const std::string& text) {
  const char* const what = "must be a finite number >= 0";
  const double value = parse_finite(option, text, what);
  if (value < 0.0) refuse(option, what, text);
  return value;
}

std::pair<int, int> parse_shard(const std::string& option, const std::string& text,
                                std::int64_t max_count) {
  const std::string what = fmt::format("expected k/N with 0 <= k < N <= {}", max_count);
  const std::size_t slash = text.find('/');
  std::int64_t k = -1;
  std::int64_t n = 0;
  if (slash == std::string::npos || !parse_whole(text.substr(0, slash), k) ||
      !parse_whole(text.substr(slash + 1), n) || n < 1 || n > max_count || k < 0 || k >= n) {
    refuse(option, what, text);
  }
  return {static_cast<int>(k), static_cast<int>(n)};
}

CLI::Option* add_integer(CLI::App* cmd, const std::string& name, int& target, IntegerRange range,
                         const std::string& help) {
  return cmd
      ->add_option_function<std::string>(
          name,
          [&target, name, range](const std::string& text) {
            target = static_cast<int>(parse_integer(name, text, range));
          },
          help)
      ->type_name("INT")
      ->default_str(std::to_string(target));
}

CLI::Option* add_integer(CLI::App* cmd, const std::string& name,
                         std::optional<std::int64_t>& target, IntegerRange range,
                         const std::string& help) {
  return cmd
      ->add_option_function<std::string>(
          name,
          [&target, name, range](const std::string& text) {
            target = parse_integer(name, text, range);
          },
          help)
      ->type_name("INT");
}

CLI::Option* add_seed(CLI::App* cmd, std::optional<std::uint64_t>& target) {
  return cmd
      ->add_option_function<std::string>(
          "--seed",
          [&target](const std::string& text) { target = parse_unsigned64("--seed", text); },
          "override the scenario's seed (0 to 2^64-1)")
      ->type_name("UINT");
}

CLI::Option* add_probability(CLI::App* cmd, const std::string& name, double& target,
                             const std::string& help) {
  return cmd
      ->add_option_function<std::string>(
          name,
          [&target, name](const std::string& text) { target = parse_probability(name, text); },
          help)
      ->type_name("FLOAT")
      ->default_str(fmt::format("{:g}", target));
}

CLI::Option* add_probability(CLI::App* cmd, const std::string& name, std::optional<double>& target,
                             const std::string& help) {
  return cmd
      ->add_option_function<std::string>(
          name,
          [&target, name](const std::string& text) { target = parse_probability(name, text); },
          help)
      ->type_name("FLOAT");
}

CLI::Option* add_nonnegative_list(CLI::App* cmd, const std::string& name,
                                  std::vector<double>& target, const std::string& help) {
  return cmd
      ->add_option_function<std::vector<std::string>>(
          name,
          [&target, name](const std::vector<std::string>& texts) {
            target.clear();
            for (const std::string& t : texts) target.push_back(parse_nonnegative(name, t));
          },
          help)
      ->type_name("FLOAT")
      ->delimiter(',');
}

}  // namespace jisas::app
