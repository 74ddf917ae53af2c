// `jisas-sim plot out.h5 -o DIR`: the protocol figures, drawn by scripts/plot_results.py
// with Debian's matplotlib and h5py (plotting stays in Python, where the libraries are).
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "app/run_command.h"
#include "engine/errors.h"
#include "io/result_file.h"

namespace jisas::app {
namespace {

constexpr std::string_view kScriptPrefix = "plot_results.py: ";
constexpr std::string_view kScriptError = "plot_results.py: error: ";

// JISAS_PLOT_SCRIPT in the environment overrides the script of the source tree.
std::string plot_script() {
  if (const char* path = std::getenv("JISAS_PLOT_SCRIPT")) return path;
  return JISAS_DEFAULT_PLOT_SCRIPT;
}

struct ScriptResult {
  int code = 0;
  std::string stderr_text;
};

std::string read_all(int fd) {
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n > 0) {
      text.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      return text;
    }
  }
}

// The script's stdout (the figures written) goes straight through; its stderr is captured
// so that whatever it prints, even a Python traceback, jisas-sim reports in one line.
ScriptResult run_and_capture(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) internal_error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) internal_error("fork failed");
  if (pid == 0) {
    dup2(pipe_fds[1], STDERR_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  ScriptResult result{0, read_all(pipe_fds[0])};
  close(pipe_fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::vector<std::string_view> nonempty_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    if (end > 0) lines.push_back(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return lines;
}

// The script's own error line without its prefix, else the last line it printed (the
// exception line of a traceback), else a placeholder.
std::string failure_line(const std::string& text) {
  const std::vector<std::string_view> lines = nonempty_lines(text);
  for (std::string_view line : lines) {
    if (line.starts_with(kScriptError)) return std::string(line.substr(kScriptError.size()));
  }
  return lines.empty() ? "no message" : std::string(lines.back());
}

// Notes of a successful run (figures left out), under jisas-sim's name.
void forward_notes(const std::string& text, std::ostream& err) {
  for (std::string_view line : nonempty_lines(text)) {
    if (line.starts_with(kScriptPrefix)) {
      err << "jisas-sim: plot: " << line.substr(kScriptPrefix.size()) << '\n';
    } else {
      err << line << '\n';
    }
  }
}

std::vector<std::string> script_arguments(const PlotOptions& options, const std::string& python) {
  std::vector<std::string> args{python,
                                plot_script(),
                                options.result_path,
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

// Exit code 2 of the script is bad input (an InputError here), anything else but 0 a bug
// in it (internal error, exit code 70): both one line.
void plot_results(const PlotOptions& options) {
  io::read_summary(options.result_path);  // a clear InputError for a missing or foreign file
  const std::string python = "/usr/bin/python3";
  if (access(python.c_str(), X_OK) != 0) {
    throw InputError("plot: /usr/bin/python3 not found (install python3-matplotlib python3-h5py)");
  }
  const ScriptResult run = run_and_capture(script_arguments(options, python));
  if (run.code == 0) {
    forward_notes(run.stderr_text, std::cerr);
    return;
  }
  if (run.code == 127) throw InputError(fmt::format("plot: cannot run {}", plot_script()));
  const std::string line = failure_line(run.stderr_text);
  if (run.code == kExitInputError) throw InputError(fmt::format("plot: {}", line));
  throw std::runtime_error(
      fmt::format("plot: {} failed (exit code {}): {}", plot_script(), run.code, line));
}

}  // namespace jisas::app
