// `jisas-sim run scenario.yaml`: simulate every design point's cohorts in parallel and
// write the HDF5 result file; `jisas-sim validate` and `jisas-sim summary`.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace jisas::engine {
class Transport;
}

namespace jisas::app {

struct RunOptions {
  std::string scenario_path;
  std::vector<std::string> overrides;      // --set KEY=VALUE, in order
  std::optional<std::string> output_path;  // default: the scenario's output.path
  int threads = 0;                         // 0: all hardware threads
  std::optional<std::uint64_t> seed;
  std::optional<std::int64_t> cohorts;
  bool force = false;
  bool quiet = false;   // no progress line
  std::string shard;    // "k/N": run only slice k of N of every design point's cohorts
  bool resume = false;  // continue from OUTPUT.checkpoint
};

struct MergeOptions {
  std::vector<std::string> parts;
  std::string output_path;
  bool force = false;
};

struct PlotOptions {
  std::string result_path;
  std::string output_dir = "figures";
  std::string formats = "png,svg";
  double target_power = 0.8;
  bool force = false;  // replace existing figures
};

struct ReportOptions {
  std::string result_path;
  std::string output_path = "report.html";
  bool force = false;  // replace an existing page
};

// Throws Interrupted (exit kExitInterrupted) if SIGINT or SIGTERM stopped it; the
// checkpoint then holds every finished block.
void run_simulation(const RunOptions& options, engine::Transport& transport, std::ostream& out);
// Checks that the parts are the shards 0..N-1 of one run and writes the file that run
// would have written, dataset for dataset.
void merge_shards(const MergeOptions& options, std::ostream& out);
void plot_results(const PlotOptions& options);
void write_report(const ReportOptions& options);
void validate_scenario(const std::string& path, const std::vector<std::string>& overrides,
                       std::ostream& out);
// `--target-power` replaces the scenario's analysis.target_power for the smallest sample
// size and the closed forms; `csv` prints every section, every digit.
void print_summary(const std::string& path, bool csv, std::optional<double> target_power,
                   std::ostream& out);

}  // namespace jisas::app
