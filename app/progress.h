// Progress on stderr: done/total, rate and ETA. On a terminal one line is rewritten in
// place; in a batch job (stderr not a terminal) a plain line is printed every 30 s.
#pragma once

#include <chrono>
#include <cstdint>

namespace jisas::app {

class Progress {
 public:
  explicit Progress(std::int64_t total);
  void update(std::int64_t done);
  void finish();

 private:
  void print(std::int64_t done, bool final);
  std::int64_t total_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_print_;
};

}  // namespace jisas::app
