// `jisas-sim plot out.h5 -o DIR`: the protocol figures, drawn by scripts/plot_results.py
// with Debian's matplotlib and h5py (plotting stays in Python, where the libraries are).
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/python_script.h"
#include "app/run_command.h"
#include "io/result_file.h"
#include "io/result_file_check.h"

namespace jisas::app {
namespace {

// JISAS_PLOT_SCRIPT in the environment overrides the script of the source tree.
std::string plot_script() {
  if (const char* path = std::getenv("JISAS_PLOT_SCRIPT")) return path;
  return JISAS_DEFAULT_PLOT_SCRIPT;
}

std::vector<std::string> script_arguments(const PlotOptions& options) {
  std::vector<std::string> args{options.result_path,
                                "-o",
                                options.output_dir,
                                "--format",
                                options.formats,
                                "--target-power",
                                fmt::format("{}", options.target_power)};
  if (options.force) args.emplace_back("--force");
  return args;
}

}  // namespace

void plot_results(const PlotOptions& options) {
  // One line for a missing, foreign or damaged file, before the script reads it with h5py.
  io::read_summary(options.result_path);
  io::check_whole_result_file(options.result_path);
  run_python_script({"plot", "plot_results.py", plot_script(), script_arguments(options)});
}

}  // namespace jisas::app
