// Helper threads kept for a series of short parallel loops: a truth sample of 20,000
// patients and the boundary search's probes of it, a few milliseconds each
// (trial/cohort_simulation.cpp). A thread started for every loop often began on the core
// of the thread that started it and moved to the idle one only after the loop was over:
// on 2 cores, a probe took 1.5-3.5 ms where it takes 1.6-1.9 ms with helpers that stay
// (bench/RESULTS.md, 2026-12-03 session 13). The hand-offs go through one std::mutex and
// condition variables, which ThreadSanitizer sees (engine/cohort_runner.h says why not TBB).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace jisas::engine {

class HelperThreads {
 public:
  // `threads` in all, the caller's included: threads - 1 helpers (none for 1 or fewer).
  explicit HelperThreads(int threads);
  ~HelperThreads();  // wakes the helpers to end and joins them
  HelperThreads(const HelperThreads&) = delete;
  HelperThreads& operator=(const HelperThreads&) = delete;

  // Helpers and caller: the most threads run_on_all uses.
  int threads() const { return static_cast<int>(helpers_.size()) + 1; }
  // Runs job() on every helper and on the calling thread; returns when all have returned.
  // `job` must share out its work itself (an atomic counter) and must not throw on a
  // helper (that would end the program); the caller's exception is rethrown once the
  // helpers are done. One call at a time.
  void run_on_all(const std::function<void()>& job);

 private:
  void help();  // a helper's loop

  std::mutex mutex_;
  std::condition_variable wake_, finished_;
  const std::function<void()>* job_ = nullptr;
  std::uint64_t round_ = 0;  // run_on_all calls so far: a helper runs each round once
  int running_ = 0;          // helpers still in this round's job
  bool ending_ = false;
  std::vector<std::thread> helpers_;
};

}  // namespace jisas::engine
