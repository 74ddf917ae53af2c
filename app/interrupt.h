// SIGINT and SIGTERM (what a batch scheduler sends before preemption) become a request
// to stop: the run finishes the blocks in flight, leaves its checkpoint and exits with
// kExitInterrupted. A second signal ends the process at once.
#pragma once

#include <stdexcept>

namespace jisas::app {

inline constexpr int kExitInterrupted = 75;  // EX_TEMPFAIL from sysexits.h: "try again"

// Thrown once an interrupted run has saved its state; caught in main.
class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Installs the handlers for its lifetime and restores the previous ones after. The
// received signal lives in one lock-free atomic, the only state a signal handler may
// touch (the one exception to "no global mutable state").
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  bool requested() const;  // a signal arrived
  int signal() const;      // which (0: none)
};

}  // namespace jisas::app
