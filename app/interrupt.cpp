#include "app/interrupt.h"

#include <csignal>

#include <atomic>

namespace jisas::app {
namespace {

std::atomic<int> received_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "needed in a signal handler");

struct sigaction previous_int {};
struct sigaction previous_term {};

extern "C" void on_signal(int sig) {
  int none = 0;
  if (!received_signal.compare_exchange_strong(none, sig)) {
    std::signal(sig, SIG_DFL);  // the second signal: give up at once
    std::raise(sig);
  }
}

}  // namespace

InterruptGuard::InterruptGuard() {
  received_signal.store(0);
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // file I/O continues; the run polls the flag
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
}

bool InterruptGuard::requested() const {
  return received_signal.load() != 0;
}

int InterruptGuard::signal() const {
  return received_signal.load();
}

}  // namespace jisas::app
