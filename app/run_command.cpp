#include "app/run_command.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <limits>
#include <optional>
#include <ostream>
#include <utility>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include "analysis/cohort/cohort_tests.h"
#include "app/interrupt.h"
#include "app/memory_estimate.h"
#include "app/numeric_option.h"
#include "app/progress.h"
#include "app/run_setup.h"
#include "app/transport.h"
#include "app/version.h"
#include "engine/block_schedule.h"
#include "engine/errors.h"
#include "engine/random_stream.h"
#include "io/block_codec.h"
#include "io/checkpoint.h"
#include "io/output_lock.h"
#include "io/result_file.h"
#include "scenarios/scenario_loader.h"
#include "trial/cohort_work.h"
#include "trial/model_truth.h"
#include "trial/null_twins.h"

namespace jisas::app {
namespace {

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string sidedness(analysis::Alternative alternative) {
  if (alternative == analysis::Alternative::TwoSided) return "two-sided";
  return fmt::format("one-sided ({})", analysis::to_string(alternative));
}

std::string months_label(double days) {
  return fmt::format("{:g}mo", std::round(days / scenarios::kDaysPerMonth * 100.0) / 100.0);
}

}  // namespace

io::RunInfo make_run_info(const scenarios::Scenario& sc) {
  io::RunInfo info;
  info.scenario_name = sc.name;
  info.scenario_path = sc.source_path;
  info.scenario_yaml = sc.yaml_text;
  info.scenario_overrides = sc.overrides;
  info.seed = sc.seed;
  info.seeding_scheme = engine::kSeedingSchemeVersion;
  info.tool_version = kToolVersion;
  info.git_commit = kGitCommit;
  info.created_utc = utc_now();
  info.cohorts_per_point = sc.cohorts;
  info.target_power = sc.points.front().analysis.target_power;
  for (const auto& point : sc.points) info.has_looks = info.has_looks || point.analysis.has_looks();
  const scenarios::AnalysisSpec& analysis = sc.points.front().analysis;
  if (analysis.has_looks()) info.look_test = analysis.tests[analysis.look_test()].name;
  if (const auto& design = sc.points.front().design; design.randomized()) {
    info.allocation_ratio = {design.randomization.experimental, design.randomization.control};
  }
  if (analysis.two_stage) {
    const analysis::TwoStageDesign& d = analysis.two_stage->design;
    info.two_stage_design = {d.n1, d.r1, d.n, d.r};
  }
  for (const double day : analysis.landmarks) {
    info.landmark_names.push_back(months_label(day));
    info.landmark_days.push_back(day);
  }
  for (const scenarios::TestSpec& t : analysis.tests) {
    const analysis::TestDescription d = analysis::describe(t);
    info.test_names.push_back(t.name);
    info.test_alphas.push_back(t.alpha);
    info.test_kinds.emplace_back(d.kind);
    info.test_at_days.push_back(d.at);
    info.test_null_rates.push_back(d.null_rate);
    info.test_alternatives.emplace_back(analysis::to_string(t.alternative));
    info.test_statistics.emplace_back(d.statistic);
    info.test_closed_forms.emplace_back(analysis::to_string(d.closed_form));
    info.test_effects.emplace_back(analysis::to_string(d.effect));
  }
  return info;
}

void write_design_points(const scenarios::Scenario& sc, io::ResultFile& file) {
  std::vector<std::string> names;
  for (const auto& axis : sc.axes) names.push_back(axis.key);
  std::vector<io::DesignPointRow> rows;
  for (const auto& point : sc.points) {
    rows.push_back({point.index, point.design.sample_size, point.axis_values, point.axis_labels});
  }
  file.write_design_points(names, rows);
}

// What each column's test is: its type, alpha and sidedness (alpha means nothing without
// it), and what the null-twin column is: the rejection rate if the tested effect is absent,
// which is the test's size only when that twin sits on the test's null hypothesis (issue 16).
void print_test_legend(const scenarios::AnalysisSpec& spec, std::ostream& out) {
  for (const auto& test : spec.tests) {
    const analysis::TestDescription d = analysis::describe(test);
    fmt::print(out, "{}: {}, alpha {:g} {}\n", test.name, d.kind, test.alpha,
               sidedness(test.alternative));
  }
  if (spec.null_twin && !spec.tests.empty()) {
    fmt::print(out,
               "power: rejection rate over the cohorts ± Monte Carlo SE; if no effect: the same "
               "in their null twins (the tested effect removed: the rejection rate if IFN does "
               "nothing, not the size of a test against a historical rate)\n");
  }
  if (spec.has_looks()) {
    fmt::print(out,
               "{}'s power here is the fixed design's (its test at the final analysis of every "
               "cohort); with the interim looks it is the final cumulative rejection of "
               "`jisas-sim summary`'s interim table\n",
               spec.tests[spec.look_test()].name);
  }
}

// The boundary twins' rejection rates (trial/boundary_twins.h): the size of each test at
// its null boundary, '!' above alpha + 3 Monte Carlo SE.
void print_boundary_sizes(const scenarios::Scenario& sc,
                          const std::vector<analysis::DesignSummary>& summaries,
                          std::ostream& out) {
  bool header = false;
  for (const analysis::DesignSummary& s : summaries) {
    const auto& tests = sc.points[static_cast<std::size_t>(s.design_point)].analysis.tests;
    for (int t = 0; t < s.n_tests; ++t) {
      if (!s.has_boundary_twin[static_cast<std::size_t>(t)]) continue;
      if (!std::exchange(header, true)) {
        fmt::print(out,
                   "size at the null boundary (the point recalibrated so its true relapse-free "
                   "rate at the landmark is the null rate; '!': above alpha + 3 SE):\n");
      }
      const auto& test = tests[static_cast<std::size_t>(t)];
      const auto b = s.size_at_boundary(t);
      fmt::print(out, "  {} point {}: {:.4f} ± {:.4f}{} (alpha {:g} {})\n", test.name,
                 s.design_point, b.rate, b.mc_se, b.rate > test.alpha + 3.0 * b.mc_se ? " !" : "",
                 test.alpha, sidedness(test.alternative));
    }
  }
}

void print_run_table(const scenarios::Scenario& sc,
                     const std::vector<analysis::DesignSummary>& summaries, std::ostream& out) {
  const auto& analysis = sc.points.front().analysis;
  fmt::print(out, "{:>5} {:>5} {:>10} {:>10}", "point", "n", "relapses", "evaluable");
  for (const double day : analysis.landmarks)
    fmt::print(out, " {:>11}", "medKM " + months_label(day));
  const bool twins = analysis.null_twin;
  std::vector<std::size_t> width;  // of each test's null-twin column, its label's at least
  for (const auto& test : analysis.tests) {
    fmt::print(out, " {:>22}", "power " + test.name);
    const std::string label = "if no effect " + test.name;
    width.push_back(std::max<std::size_t>(22, label.size()));
    if (twins) fmt::print(out, " {:>{}}", label, width.back());
  }
  fmt::print(out, "\n");
  for (const analysis::DesignSummary& s : summaries) {
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
      fmt::print(out, " {:>{}}",
                 std::isnan(e.rate) ? "-" : fmt::format("{:.4f} ± {:.4f}", e.rate, e.mc_se),
                 width[static_cast<std::size_t>(t)]);
    }
    fmt::print(out, "\n");
  }
  print_test_legend(analysis, out);
  print_boundary_sizes(sc, summaries, out);
}

std::vector<analysis::DesignSummary> make_summaries(
    const scenarios::Scenario& sc, const std::vector<trial::BoundaryTwins>& boundary) {
  std::vector<analysis::DesignSummary> summaries;
  for (const auto& point : sc.points)
    summaries.emplace_back(point, trial::tests_with_null_twin(point));
  // The model's truth per point (its own streams, so run and merge agree).
  for (std::size_t p = 0; p < sc.points.size(); ++p) {
    analysis::DesignSummary& s = summaries[p];
    s.truth = boundary[p].truth ? *boundary[p].truth : trial::model_truth(sc.points[p], sc.seed);
    for (std::size_t t = 0; t < sc.points[p].analysis.tests.size(); ++t) {
      const trial::BoundaryTwin* twin = boundary[p].of(t);
      if (twin == nullptr) continue;
      s.has_boundary_twin[t] = true;
      s.truth.boundary_rate[t] = twin->rate;
      s.truth.boundary_at[t] = twin->at;
      s.truth.boundary_target[t] = twin->null_rate;
      s.truth.boundary_cure_fraction[t] = twin->cure_fraction;
    }
  }
  return summaries;
}

namespace {

void apply_overrides(const RunOptions& options, scenarios::Scenario& sc) {
  // Both were range-checked while parsing (app/numeric_option.h).
  if (options.seed) sc.seed = *options.seed;
  if (options.cohorts) sc.cohorts = static_cast<int>(*options.cohorts);
}

constexpr std::int64_t kBlock =
    64;  // cohorts per block: the unit of work, MPI message and checkpoint record

// Where finished blocks go, in item order: the result file, the summaries, the checkpoint.
class Sink {
 public:
  Sink(io::ResultFile& file, std::vector<analysis::DesignSummary>& summaries)
      : file_(file), summaries_(summaries) {}
  void store(const std::vector<analysis::CohortOutput>& block) {
    rows_.clear();
    for (const analysis::CohortOutput& c : block) {
      rows_.push_back(c.result);
      summaries_[static_cast<std::size_t>(c.result.design_point)].add(c.result);
      if (!c.patients.empty())
        file_.append_patients(c.result.design_point, c.result.cohort, c.patients);
      if (!c.measurements.empty())
        file_.append_measurements(c.result.design_point, c.result.cohort, c.measurements);
    }
    file_.append_cohorts(rows_);
  }

 private:
  io::ResultFile& file_;
  std::vector<analysis::DesignSummary>& summaries_;
  std::vector<analysis::CohortResult> rows_;
};

// Rank 0: stores every block in order in the result file, the summaries and the
// checkpoint. Returns the first item not stored (work.total() unless interrupted).
std::int64_t run_root(const trial::CohortWork& work, std::int64_t next, int threads,
                      Transport& transport, Sink& sink, io::Checkpoint& checkpoint,
                      const InterruptGuard& interrupt, bool quiet) {
  Progress progress(work.total());
  const std::int64_t end = engine::run_root<analysis::CohortOutput>(
      {next, work.total(), kBlock, threads}, transport,
      [&](std::int64_t item) { return work.simulate(item); },
      [](const std::vector<char>& bytes) { return io::decode_block(bytes, "MPI block"); },
      [&](std::int64_t first, std::vector<analysis::CohortOutput>& block) {
        sink.store(block);
        checkpoint.append(first, block);
        if (!quiet) progress.update(first + static_cast<std::int64_t>(block.size()));
      },
      [&] { return interrupt.requested(); });
  if (!quiet && end == work.total()) progress.finish();
  return end;
}

// Ranks 1..R-1. Rank 0 ends the job (MPI_Abort) if it fails or is interrupted.
void run_worker(const trial::CohortWork& work, int threads, Transport& transport) {
  engine::run_worker<analysis::CohortOutput>(
      work.total(), kBlock, threads, transport,
      [&](std::int64_t item) { return work.simulate(item); },
      [](const std::vector<analysis::CohortOutput>& block, std::vector<char>& bytes) {
        io::encode_block(block, bytes);
      });
}

// The overrides as shell words, --set 'KEY=VALUE' ...: unambiguous (one text cannot pass
// for two) and what to type to repeat the run; empty without overrides.
std::string set_options_text(const std::vector<std::string>& overrides) {
  std::string text;
  for (const std::string& o : overrides) {
    std::string quoted;
    for (const char c : o) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    text += fmt::format("{}--set '{}'", text.empty() ? "" : " ", quoted);
  }
  return text;
}

// What must match for --resume to continue a checkpoint (not the thread or rank count).
io::RunIdentity run_identity(const scenarios::Scenario& sc, int k, int n) {
  return {{"jisas-sim version", kToolVersion},      {"git commit", kGitCommit},
          {"seed", std::to_string(sc.seed)},        {"cohorts", std::to_string(sc.cohorts)},
          {"shard", fmt::format("{}/{}", k, n)},    {"scenario", sc.yaml_text},
          {"--set", set_options_text(sc.overrides)}};
}

// A fresh run refuses to forget an unfinished one unless forced.
io::Checkpoint::Mode prepare_checkpoint(const std::string& path, const RunOptions& options) {
  if (options.resume) return io::Checkpoint::Mode::Resume;
  if (std::filesystem::exists(path)) {
    if (!options.force) {
      throw InputError(fmt::format(
          "{}: checkpoint of an unfinished run (continue it with --resume, or start over "
          "with --force)",
          path));
    }
    std::filesystem::remove(path);
  }
  return io::Checkpoint::Mode::Create;
}

// A file that appeared at the output path during the run is not replaced; the journal
// keeps every block, so the result is rebuilt without simulating again.
void commit(io::ResultFile& file, const std::string& checkpoint_path) {
  try {
    file.commit();
  } catch (const io::OutputAppeared& e) {
    throw InputError(fmt::format("{} (the run is saved in {}: replace it with --resume --force)",
                                 e.what(), io::shown_path(checkpoint_path)));
  }
}

std::string signal_name(int sig) {
  return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : std::to_string(sig);
}

}  // namespace

void run_simulation(const RunOptions& options, Transport& transport, std::ostream& out) {
  const InterruptGuard interrupt;  // first: a signal during setup is not lost
  scenarios::Scenario sc = scenarios::load_scenario(options.scenario_path, options.overrides);
  apply_overrides(options, sc);
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  check_memory(sc, estimate_memory(sc, threads));  // as validate does: refused before any work
  const std::string path = options.output_path.value_or(sc.output.path);
  const auto [k, n] =
      options.shard.empty() ? std::pair{0, 1} : parse_shard("--shard", options.shard, kMaxCohorts);
  // What runs once per design point before the cohorts (the boundary twins' search and the
  // model's truth sample, each a large cohort: trial/cohort_simulation.cpp) uses the run's
  // threads too, and no more.
  tbb::task_arena arena(threads);
  // (A named range: clang 14 cannot capture structured bindings in a lambda.)
  const trial::CohortRange range = trial::shard_range(sc.cohorts, k, n);
  const trial::CohortWork work = arena.execute([&] { return trial::CohortWork(sc, range); });
  if (transport.rank() != 0) return run_worker(work, threads, transport);

  // Before the output and its checkpoint exist: a population that fails here (no patient
  // meets the eligibility rule) leaves no file behind.
  std::vector<analysis::DesignSummary> summaries =
      arena.execute([&] { return make_summaries(sc, work.boundary_twins()); });
  io::RunInfo info = make_run_info(sc);
  if (!options.shard.empty()) {
    info.shard_index = k;
    info.shard_count = n;
  }
  io::ResultFile file(path, options.force, info);
  const std::string checkpoint_path = path + ".checkpoint";
  io::Checkpoint checkpoint(checkpoint_path, run_identity(sc, k, n),
                            prepare_checkpoint(checkpoint_path, options));
  write_design_points(sc, file);
  Sink sink(file, summaries);
  std::int64_t next = 0;
  if (options.resume) {
    next = checkpoint.replay([&](std::int64_t, auto& block) { sink.store(block); });
    if (!options.quiet) {
      fmt::print(stderr, "resuming {}: {} of {} cohorts from {}{}\n", sc.name, next, work.total(),
                 checkpoint_path, checkpoint.torn_tail() ? " (a torn last block discarded)" : "");
    }
  }
  next = transport.broadcast(next);
  next = run_root(work, next, threads, transport, sink, checkpoint, interrupt, options.quiet);
  if (next < work.total()) {
    checkpoint.sync();
    throw Interrupted(fmt::format(
        "interrupted by {}: {} of {} cohorts saved in {}; continue with the same command and "
        "--resume",
        signal_name(interrupt.signal()), next, work.total(), checkpoint_path));
  }
  file.write_summary(summaries);
  commit(file, checkpoint_path);
  checkpoint.remove();
  fmt::print(out, "{}: {} design point(s) x {} cohorts, seed {}, written to {}\n", sc.name,
             sc.points.size(), sc.cohorts, sc.seed, path);
  print_run_table(sc, summaries, out);
}

}  // namespace jisas::app
