// `jisas-sim size scenario.yaml --test NAME`: the smallest sample size at which the named
// test's simulated power reaches a target, by a search over n with common random numbers
// (trial/size_search.h; docs/size.md).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace jisas::app {

struct SizeOptions {
  std::string scenario_path;
  std::vector<std::string> overrides;  // --set KEY=VALUE, in order
  std::string test;                    // the test's `name`
  std::optional<double> power;         // default: the scenario's analysis.target_power
  std::optional<std::uint64_t> seed;
  std::optional<std::int64_t> cohorts;  // default: the scenario's cohorts
  int threads = 0;                      // 0 = all cores
  int n_min = 2;
  int n_max = 2000;
  int window = 0;         // sawtooth scans (0: max(10, n / 5))
  bool sawtooth = false;  // scan as for an exact test whatever the test
  bool json = false;
  bool quiet = false;  // no progress lines on stderr
};

void size_search(const SizeOptions& options, std::ostream& out);

}  // namespace jisas::app
