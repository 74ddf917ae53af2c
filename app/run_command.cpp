#include "app/run_command.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <optional>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <tbb/info.h>

#include "app/progress.h"
#include "app/result_file.h"
#include "app/run_setup.h"
#include "app/version.h"
#include "engine/cohort_runner.h"
#include "engine/errors.h"
#include "engine/random_stream.h"
#include "models/cohort_simulation.h"
#include "scenarios/scenario_loader.h"

namespace jisas::app {
namespace {

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string months_label(double days) {
  return fmt::format("{:g}mo", std::round(days / scenarios::kDaysPerMonth * 100.0) / 100.0);
}

std::string test_kind_name(scenarios::TestSpec::Kind kind) {
  switch (kind) {
    case scenarios::TestSpec::Kind::LandmarkVsHistorical: return "landmark_vs_historical";
    case scenarios::TestSpec::Kind::BinomialLandmark: return "binomial_landmark";
    case scenarios::TestSpec::Kind::OneSampleLogRank: return "one_sample_logrank";
    case scenarios::TestSpec::Kind::MannWhitney: return "mann_whitney";
    case scenarios::TestSpec::Kind::LogRankArms: return "logrank_arms";
  }
  return "unknown";
}

}  // namespace

RunInfo make_run_info(const scenarios::Scenario& sc) {
  RunInfo info;
  info.scenario_name = sc.name;
  info.scenario_path = sc.source_path;
  info.scenario_yaml = sc.yaml_text;
  info.seed = sc.seed;
  info.seeding_scheme = engine::kSeedingSchemeVersion;
  info.tool_version = kToolVersion;
  info.git_commit = kGitCommit;
  info.created_utc = utc_now();
  info.cohorts_per_point = sc.cohorts;
  info.target_power = sc.points.front().analysis.target_power;
  const scenarios::AnalysisSpec& analysis = sc.points.front().analysis;
  for (const double day : analysis.landmarks) {
    info.landmark_names.push_back(months_label(day));
    info.landmark_days.push_back(day);
  }
  for (const scenarios::TestSpec& t : analysis.tests) {
    info.test_names.push_back(t.name);
    info.test_alphas.push_back(t.alpha);
    info.test_kinds.push_back(test_kind_name(t.kind));
    const bool landmark = t.kind != scenarios::TestSpec::Kind::MannWhitney &&
                          t.kind != scenarios::TestSpec::Kind::LogRankArms &&
                          t.historical_rates.empty();
    info.test_at_days.push_back(landmark ? t.at : std::numeric_limits<double>::quiet_NaN());
    info.test_null_rates.push_back(landmark ? t.null_rate
                                            : std::numeric_limits<double>::quiet_NaN());
  }
  return info;
}

void write_design_points(const scenarios::Scenario& sc, ResultFile& file) {
  std::vector<std::string> names;
  for (const auto& axis : sc.axes) names.push_back(axis.key);
  std::vector<DesignPointRow> rows;
  for (const auto& point : sc.points) {
    rows.push_back({point.index, point.design.sample_size, point.axis_values});
  }
  file.write_design_points(names, rows);
}

void print_run_table(const scenarios::Scenario& sc,
                     const std::vector<models::DesignSummary>& summaries, std::ostream& out) {
  const auto& analysis = sc.points.front().analysis;
  fmt::print(out, "{:>5} {:>5} {:>10} {:>10}", "point", "n", "relapses", "evaluable");
  for (const double day : analysis.landmarks)
    fmt::print(out, " {:>11}", "medKM " + months_label(day));
  const bool twins = analysis.null_twin;
  for (const auto& test : analysis.tests) {
    fmt::print(out, " {:>22}", "power " + test.name);
    if (twins) fmt::print(out, " {:>22}", "type I " + test.name);
  }
  fmt::print(out, "\n");
  for (const models::DesignSummary& s : summaries) {
    const auto& point = sc.points[static_cast<std::size_t>(s.design_point)];
    const double cohorts = static_cast<double>(s.cohorts);
    fmt::print(out, "{:>5} {:>5} {:>10.2f} {:>10.2f}", s.design_point, point.design.sample_size,
               static_cast<double>(s.total_relapses) / cohorts,
               static_cast<double>(s.total_evaluable) / cohorts);
    for (const auto& km : s.km) fmt::print(out, " {:>11.3f}", km.quantile(0.5));
    for (int t = 0; t < s.n_tests; ++t) {
      const auto p = s.power(t);
      fmt::print(out, " {:>22}", fmt::format("{:.4f} ± {:.4f}", p.rate, p.mc_se));
      if (!twins) continue;
      const auto e = s.type_i_error(t);
      fmt::print(out, " {:>22}", fmt::format("{:.4f} ± {:.4f}", e.rate, e.mc_se));
    }
    fmt::print(out, "\n");
  }
}

std::vector<models::DesignSummary> make_summaries(const scenarios::Scenario& sc) {
  std::vector<models::DesignSummary> summaries;
  for (const auto& point : sc.points) summaries.emplace_back(point);
  return summaries;
}

namespace {

// The null twins of every design point, made once per run.
std::vector<models::NullTwins> make_twins(const scenarios::Scenario& sc) {
  std::vector<models::NullTwins> twins;
  for (const auto& point : sc.points) twins.push_back(models::make_null_twins(point));
  return twins;
}

// "k/N" with 0 <= k < N.
std::pair<int, int> parse_shard(const std::string& text) {
  int k = -1;
  int n = 0;
  char slash = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &k, &slash, &n, &extra) != 3 || slash != '/' || n < 1 ||
      k < 0 || k >= n) {
    throw InputError(fmt::format("--shard: expected k/N with 0 <= k < N, got '{}'", text));
  }
  return {k, n};
}

void apply_overrides(const RunOptions& options, scenarios::Scenario& sc) {
  if (options.seed) sc.seed = *options.seed;
  if (options.cohorts) {
    if (*options.cohorts < 1) throw InputError("--cohorts: must be at least 1");
    sc.cohorts = static_cast<int>(*options.cohorts);
  }
  if (options.threads < 0) throw InputError("--threads: must be at least 1 (0 = all cores)");
}

// Every (design point, cohort) in parallel blocks; the single writer appends rows and
// feeds the summaries in index order.
void simulate_all(const scenarios::Scenario& sc, CohortRange range, int threads, bool quiet,
                  ResultFile& file, std::vector<models::DesignSummary>& summaries) {
  const auto twins = make_twins(sc);
  const std::int64_t cohorts = range.last - range.first;  // per design point
  const std::int64_t total = cohorts * static_cast<std::int64_t>(sc.points.size());
  Progress progress(total);
  std::vector<models::CohortResult> rows;
  auto simulate = [&](std::int64_t item) {
    const auto p = static_cast<std::size_t>(item / cohorts);
    const std::int64_t cohort = range.first + item % cohorts;
    return models::simulate_cohort_and_twins(sc.points[p], twins[p], sc.seed, cohort,
                                             cohort < sc.output.patient_cohorts);
  };
  auto write = [&](std::int64_t first, std::vector<models::CohortOutput>& block) {
    rows.clear();
    for (const models::CohortOutput& c : block) {
      rows.push_back(c.result);
      summaries[static_cast<std::size_t>(c.result.design_point)].add(c.result);
      if (!c.patients.empty())
        file.append_patients(c.result.design_point, c.result.cohort, c.patients);
      if (!c.measurements.empty())
        file.append_measurements(c.result.design_point, c.result.cohort, c.measurements);
    }
    file.append_cohorts(rows);
    if (!quiet) progress.update(first + static_cast<std::int64_t>(block.size()));
  };
  engine::run_blocks<models::CohortOutput>({0, total, 64, threads}, simulate, write);
  if (!quiet) progress.finish();
}

}  // namespace

CohortRange shard_range(std::int64_t cohorts, int k, int n) {
  return {cohorts * k / n, cohorts * (k + 1) / n};
}

void run_simulation(const RunOptions& options, std::ostream& out) {
  scenarios::Scenario sc = scenarios::load_scenario(options.scenario_path);
  apply_overrides(options, sc);
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  const std::string path = options.output_path.value_or(sc.output.path);
  const auto [k, n] = options.shard.empty() ? std::pair{0, 1} : parse_shard(options.shard);

  RunInfo info = make_run_info(sc);
  if (!options.shard.empty()) {
    info.shard_index = k;
    info.shard_count = n;
  }
  ResultFile file(path, options.force, info);
  write_design_points(sc, file);
  std::vector<models::DesignSummary> summaries = make_summaries(sc);
  simulate_all(sc, shard_range(sc.cohorts, k, n), threads, options.quiet, file, summaries);
  file.write_summary(summaries);
  file.commit();
  fmt::print(out, "{}: {} design point(s) x {} cohorts, seed {}, written to {}\n", sc.name,
             sc.points.size(), sc.cohorts, sc.seed, path);
  print_run_table(sc, summaries, out);
}

}  // namespace jisas::app
