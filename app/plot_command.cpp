// `jisas-sim plot out.h5 -o DIR`: the protocol figures, drawn by scripts/plot_results.py
// with Debian's matplotlib and h5py (plotting stays in Python, where the libraries are).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/run_command.h"
#include "engine/errors.h"
#include "io/result_file.h"

namespace jisas::app {
namespace {

// JISAS_PLOT_SCRIPT in the environment overrides the script of the source tree.
std::string plot_script() {
  if (const char* path = std::getenv("JISAS_PLOT_SCRIPT")) return path;
  return JISAS_DEFAULT_PLOT_SCRIPT;
}

int run_and_wait(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) internal_error("fork failed");
  if (pid == 0) {
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace

void plot_results(const PlotOptions& options) {
  io::read_summary(options.result_path);  // a clear InputError for a missing or foreign file
  const std::string python = "/usr/bin/python3";
  if (access(python.c_str(), X_OK) != 0) {
    throw InputError("plot: /usr/bin/python3 not found (install python3-matplotlib python3-h5py)");
  }
  const int code = run_and_wait({python, plot_script(), options.result_path, "-o",
                                 options.output_dir, "--format", options.formats, "--target-power",
                                 fmt::format("{}", options.target_power)});
  if (code == 127) throw InputError(fmt::format("plot: cannot run {}", plot_script()));
  if (code != 0)
    throw InputError(fmt::format("plot: {} failed (exit code {})", plot_script(), code));
}

}  // namespace jisas::app
