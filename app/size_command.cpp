#include "app/size_command.h"

#include <algorithm>
#include <cstdio>
#include <variant>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <tbb/info.h>

#include "analysis/cohort/cohort_tests.h"
#include "app/size_report.h"
#include "engine/cohort_runner.h"
#include "engine/errors.h"
#include "scenarios/scenario_loader.h"
#include "trial/cohort_simulation.h"

namespace jisas::app {
namespace {

constexpr const char* kSizeKey = "design.sample_size";

// The scenario with its sample size set to n (and the user's --set before): one design
// point of index 0 for every n, so its random streams, keyed by (seed, point index,
// cohort, patient, purpose), give the same patients 0..n-1 at every n (common random
// numbers). Loading through the YAML keeps every check of the loader (e.g. an event count
// a cohort of n can never reach), each naming the --set it came from.
scenarios::Scenario scenario_at(const scenarios::Scenario& base,
                                const std::vector<std::string>& overrides, int n) {
  std::vector<std::string> with_n = overrides;
  with_n.push_back(fmt::format("{}={}", kSizeKey, n));
  return scenarios::parse_scenario(base.yaml_text, base.source_path, with_n);
}

// One design point apart from its sample size, without interim looks (the search is over
// fixed designs: a two-stage or group-sequential design fixes its own sample sizes).
void check_searchable(const scenarios::Scenario& sc) {
  for (const auto& axis : sc.axes) {
    if (axis.key != kSizeKey) {
      throw InputError(fmt::format(
          "size: the scenario's grid varies {}: size searches one design point (fix it with "
          "--set {}=VALUE)",
          axis.key, axis.key));
    }
  }
  if (!sc.points.front().analysis.looks.empty()) {
    throw InputError(
        "size: the scenario has interim looks (analysis.looks); size searches fixed designs");
  }
}

std::size_t test_index(const scenarios::AnalysisSpec& analysis, const std::string& name) {
  std::string names;
  for (std::size_t t = 0; t < analysis.tests.size(); ++t) {
    if (analysis.tests[t].name == name) return t;
    names += fmt::format("{}{}", t ? ", " : "", analysis.tests[t].name);
  }
  throw InputError(fmt::format("--test: no test named '{}' (the scenario's tests: {})", name,
                               names.empty() ? "none" : names));
}

void check_options(const SizeOptions& o, double target) {
  if (!(target > 0.0 && target < 1.0))
    throw InputError(fmt::format("--power: must lie strictly between 0 and 1, got {:g}", target));
  if (o.n_min < 1) throw InputError(fmt::format("--n-min: must be at least 1, got {}", o.n_min));
  if (o.n_min > o.n_max) {
    throw InputError(fmt::format("--n-min {} is larger than --n-max {}: no sample size to search",
                                 o.n_min, o.n_max));
  }
  if (o.cohorts && *o.cohorts < 1) throw InputError("--cohorts: must be at least 1");
  if (o.threads < 0) throw InputError("--threads: must be at least 1 (0 = all cores)");
  if (o.window < 0) throw InputError("--window: must be at least 1 (0 = max(10, n / 5))");
}

// The exact tests, whose power is saw-toothed in n: the binomial test, and the landmark
// test, whose Kaplan-Meier estimate is a binomial proportion when no one is censored
// before the landmark (Chernick & Liu 2002).
bool is_sawtooth(const scenarios::TestSpec& test) {
  return std::holds_alternative<scenarios::BinomialLandmarkTest>(test.method) ||
         std::holds_alternative<scenarios::LandmarkVsHistoricalTest>(test.method);
}

// The rejection rate of test t over cohorts 0..cohorts-1, summed in cohort order (the same
// for any thread count).
double simulated_power(const scenarios::DesignPoint& point, std::uint64_t seed,
                       std::int64_t cohorts, std::size_t t, int threads) {
  std::int64_t rejections = 0;
  engine::run_blocks<int>(
      {0, cohorts, 64, threads},
      [&](std::int64_t c) {
        return int{trial::simulate_cohort(point, seed, c, false).result.reject[t]};
      },
      [&](std::int64_t, std::vector<int>& block) {
        for (const int r : block) rejections += r;
      });
  return static_cast<double>(rejections) / static_cast<double>(cohorts);
}

}  // namespace

void size_search(const SizeOptions& o, std::ostream& out) {
  scenarios::Scenario sc = scenarios::load_scenario(o.scenario_path, o.overrides);
  check_searchable(sc);
  const scenarios::AnalysisSpec& analysis = sc.points.front().analysis;
  const std::size_t t = test_index(analysis, o.test);
  const double target = o.power.value_or(analysis.target_power);
  check_options(o, target);
  SizeReport report{.scenario_name = sc.name,
                    .scenario_path = sc.source_path,
                    .test = &analysis.tests[t],
                    .test_kind = analysis::describe(analysis.tests[t]).kind,
                    .target = target,
                    .cohorts = o.cohorts.value_or(sc.cohorts),
                    .seed = o.seed.value_or(sc.seed),
                    .n_min = o.n_min,
                    .n_max = o.n_max,
                    .sawtooth = o.sawtooth || is_sawtooth(analysis.tests[t]),
                    .result = {}};
  const int threads = o.threads > 0 ? o.threads : tbb::info::default_concurrency();
  const auto power = [&](int n) {
    const scenarios::Scenario at_n = scenario_at(sc, o.overrides, n);
    const double p = simulated_power(at_n.points.front(), report.seed, report.cohorts, t, threads);
    if (!o.quiet) {
      fmt::print(stderr, "size: n = {}: power {:.4f} ± {:.4f}\n", n, p,
                 power_se(p, report.cohorts));
    }
    return p;
  };
  const trial::SizeSearchSpec spec{.n_min = o.n_min,
                                   .n_max = o.n_max,
                                   .start = sc.points.front().design.sample_size,
                                   .target = target,
                                   .sawtooth = report.sawtooth,
                                   .window = o.window};
  report.result = trial::search_sample_size(power, spec);
  if (o.json) {
    print_size_json(report, out);
  } else {
    print_size_text(report, out);
  }
}

}  // namespace jisas::app
