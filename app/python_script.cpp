#include "app/python_script.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <iostream>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "engine/errors.h"

namespace jisas::app {
namespace {

constexpr const char* kPython = "/usr/bin/python3";

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
std::string failure_line(const std::string& text, const std::string& error_prefix) {
  const std::vector<std::string_view> lines = nonempty_lines(text);
  for (std::string_view line : lines) {
    if (line.starts_with(error_prefix)) return std::string(line.substr(error_prefix.size()));
  }
  return lines.empty() ? "no message" : std::string(lines.back());
}

// Notes of a successful run, under jisas-sim's name.
void forward_notes(const std::string& text, const PythonScript& script, std::ostream& err) {
  const std::string prefix = script.name + ": ";
  for (std::string_view line : nonempty_lines(text)) {
    if (line.starts_with(prefix)) {
      err << "jisas-sim: " << script.command << ": " << line.substr(prefix.size()) << '\n';
    } else {
      err << line << '\n';
    }
  }
}

}  // namespace

void run_python_script(const PythonScript& script) {
  if (access(kPython, X_OK) != 0) {
    throw InputError(fmt::format("{}: {} not found (install python3-matplotlib python3-h5py)",
                                 script.command, kPython));
  }
  std::vector<std::string> args{kPython, script.path};
  args.insert(args.end(), script.arguments.begin(), script.arguments.end());
  const ScriptResult run = run_and_capture(std::move(args));
  if (run.code == 0) {
    forward_notes(run.stderr_text, script, std::cerr);
    return;
  }
  if (run.code == 127)
    throw InputError(fmt::format("{}: cannot run {}", script.command, script.path));
  const std::string line = failure_line(run.stderr_text, script.name + ": error: ");
  if (run.code == kExitInputError) throw InputError(fmt::format("{}: {}", script.command, line));
  throw std::runtime_error(
      fmt::format("{}: {} failed (exit code {}): {}", script.command, script.path, run.code, line));
}

std::string own_executable() {
  char buffer[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  if (n <= 0) internal_error("cannot read /proc/self/exe");
  return std::string(buffer, static_cast<std::size_t>(n));
}

}  // namespace jisas::app
