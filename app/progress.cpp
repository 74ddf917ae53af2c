#include "app/progress.h"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

namespace jisas::app {

Progress::Progress(std::int64_t total)
    : total_(total),
      terminal_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {}

void Progress::update(std::int64_t done) {
  const auto now = std::chrono::steady_clock::now();
  const auto interval = terminal_ ? std::chrono::milliseconds(250) : std::chrono::seconds(30);
  if (now - last_print_ < interval) return;
  last_print_ = now;
  print(done, false);
}

void Progress::finish() {
  print(total_, true);
}

void Progress::print(std::int64_t done, bool final) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0.0 ? static_cast<double>(done) / elapsed : 0.0;
  const double eta = rate > 0.0 ? static_cast<double>(total_ - done) / rate : 0.0;
  const std::string line = fmt::format(
      "cohorts {}/{} ({:.0f}%), {:.0f}/s, {} {:.1f} s", done, total_,
      total_ > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 100.0, rate,
      final ? "elapsed" : "ETA", final ? elapsed : eta);
  if (terminal_) {
    fmt::print(stderr, "\r{}{}", line, final ? "\n" : "");
  } else {
    fmt::print(stderr, "{}\n", line);
  }
}

}  // namespace jisas::app
