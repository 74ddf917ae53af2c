#include "io/hdf5_probe.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "engine/errors.h"

// Under the sanitizers and libFuzzer, a crash in the probe must not be reported as the
// fuzzer's own (its death callback writes a crash artifact): the probe clears it.
extern "C" void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

namespace jisas::io {
namespace {

long crashed = 0;
constexpr int kThrew = 3;       // the probe's exit code when `read` threw
constexpr int kThrewInput = 4;  // ... threw InputError, its message sent up the pipe

// libhdf5 can also loop for ever on a damaged global heap (a zero-size object): the probe
// gets CPU seconds enough for any real read, 5 plus 1 per MB of file, then SIGXCPU.
rlim_t cpu_seconds(const std::string& path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  return 5 + static_cast<rlim_t>(error ? 0 : size >> 20);
}

[[noreturn]] void run_probe(const std::function<void()>& read, rlim_t seconds, int message_fd) {
  for (const int s : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGXCPU}) std::signal(s, SIG_DFL);
  const rlimit limit{seconds, seconds + 1};
  ::setrlimit(RLIMIT_CPU, &limit);
  if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(nullptr);
  const int null = ::open("/dev/null", O_WRONLY);  // the parent prints whatever there is
  if (null >= 0) {
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
  }
  int code = 0;
  try {
    read();
  } catch (const InputError& e) {  // the parent reports it without reading again
    const std::string_view message = e.what();
    code =
        ::write(message_fd, message.data(), message.size()) == static_cast<ssize_t>(message.size())
            ? kThrewInput
            : kThrew;
  } catch (...) {  // the parent runs the read again and reports what it throws
    code = kThrew;
  }
  ::_exit(code);  // no atexit handlers, no flush of the parent's buffered output
}

// Everything the probe wrote to the pipe, until it closes it (by exiting).
std::string read_message(int fd) {
  std::string message;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) message.append(buffer, static_cast<std::size_t>(n));
    if (n == 0 || (n < 0 && errno != EINTR)) break;
  }
  return message;
}

}  // namespace

bool probe_hdf5_read(const std::string& path, const std::function<void()>& read) {
  const rlim_t seconds = cpu_seconds(path);
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return false;  // no probe, as without fork
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    return false;  // no probe: the read runs unprotected, as before
  }
  if (pid == 0) {
    ::close(pipe_fds[0]);
    run_probe(read, seconds, pipe_fds[1]);
  }
  ::close(pipe_fds[1]);
  const std::string message = read_message(pipe_fds[0]);
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return false;
  }
  // A damaged file the read refuses is refused from the probe's message: reading it again
  // here could repeat what the probe went through (libhdf5 allocating gigabytes for a
  // damaged string's length, found by fuzz_summary).
  if (WIFEXITED(status) && WEXITSTATUS(status) == kThrewInput) throw InputError(message);
  if (WIFEXITED(status) && (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == kThrew))
    return WEXITSTATUS(status) == 0;
  ++crashed;
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU) {
    throw InputError(
        fmt::format("{}: damaged result file (the HDF5 library did not finish reading it in {} s)",
                    path, seconds));
  }
  const std::string how = WIFSIGNALED(status) ? fmt::format("signal {}", WTERMSIG(status))
                                              : fmt::format("exit code {}", WEXITSTATUS(status));
  throw InputError(
      fmt::format("{}: damaged result file (the HDF5 library crashed reading it: {})", path, how));
}

long crashed_hdf5_probes() {
  return crashed;
}

}  // namespace jisas::io
