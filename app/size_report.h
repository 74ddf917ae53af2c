// What `jisas-sim size` prints: the table of every n evaluated and the answer, as text
// or one JSON object (app/size_report.cpp).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "scenarios/spec/tests.h"
#include "trial/size_search.h"

namespace jisas::app {

struct SizeReport {
  std::string scenario_name;
  std::string scenario_path;
  const scenarios::TestSpec* test = nullptr;
  std::string_view test_kind;  // its scenario `type`
  double target = 0.8;
  std::int64_t cohorts = 0;
  std::uint64_t seed = 0;
  int n_min = 0, n_max = 0;
  bool sawtooth = false;
  trial::SizeSearchResult result;
};

// Monte Carlo SE of a rejection rate over `cohorts` independent cohorts.
double power_se(double power, std::int64_t cohorts);
void print_size_text(const SizeReport& report, std::ostream& out);
void print_size_json(const SizeReport& report, std::ostream& out);

}  // namespace jisas::app
