// Runs items (cohorts) in parallel blocks with TBB and hands finished blocks to one
// writer strictly in index order (HDF5 is not thread-safe, and results must not depend
// on the thread count). A bounded number of blocks in flight keeps memory independent of
// the number of cohorts.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <type_traits>
#include <vector>

#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include "engine/tsan_annotations.h"

namespace jisas::engine {

struct RunnerConfig {
  std::int64_t first = 0;  // items [first, last)
  std::int64_t last = 0;
  std::int64_t block = 64;  // items per block
  int threads = 1;
  // Only blocks j = offset, offset + stride, ... (block j starts at first + j * block):
  // one MPI rank's share of the blocks.
  std::int64_t block_offset = 0;
  std::int64_t block_stride = 1;
};

// simulate(index) -> Result, called concurrently for different indices;
// write(first_index, std::vector<Result>&) called serially in increasing index order.
// Once stop() returns true no further block is started; the blocks in flight are
// finished and written. Returns the end of the last block written.
//
// Worker tasks (one per thread, in a TBB arena) take blocks in increasing order, at most
// 4 per thread ahead of the writer, and whoever finishes the next block to write becomes
// the writer until it runs out of ready blocks. All hand-offs go through one std::mutex,
// held only to take, hand over or pick up a block: unlike tbb::parallel_pipeline, whose
// token hand-offs happen inside Debian's libtbb (not built for ThreadSanitizer), every
// ordering here is visible to TSan, so TSan runs stay meaningful.
namespace detail {

// The shared state of one run_blocks call and the two things threads do with it.
template <class Result, class Simulate, class Write, class Stop>
class BlockRun {
 public:
  BlockRun(const RunnerConfig& config, Simulate& simulate, Write& write, Stop& stop)
      : config_(config),
        simulate_(simulate),
        write_(write),
        stop_(stop),
        first_begin_(config.first + config.block_offset * config.block),
        max_ahead_(4 * std::max(config.threads, 1)),
        written_(config.first) {}

  // One thread's loop: take the next block, simulate it, hand it over (and write).
  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      progress_.wait(lock, [&] {
        return stopped_ || begin_of(next_take_) >= config_.last ||
               next_take_ - next_write_ < max_ahead_;
      });
      if (stopped_ || begin_of(next_take_) >= config_.last) return;
      if (stop_()) {
        stopped_ = true;
        progress_.notify_all();
        return;
      }
      const std::int64_t k = next_take_++;
      lock.unlock();
      std::vector<Result> results = failing_stops_all(lock, [&] { return simulate_block(k); });
      lock.lock();
      if (failed_) return;
      ready_.emplace(k, std::move(results));
      if (!writing_) write_ready(lock);
    }
  }

  // The end of the last block written; the lock makes the writer's work visible.
  std::int64_t written() {
    const std::lock_guard lock(mutex_);
    return written_;
  }

 private:
  std::int64_t begin_of(std::int64_t k) const {
    return first_begin_ + k * config_.block * config_.block_stride;
  }

  std::vector<Result> simulate_block(std::int64_t k) {
    const std::int64_t begin = begin_of(k), end = std::min(begin + config_.block, config_.last);
    std::vector<Result> results;
    results.reserve(static_cast<std::size_t>(end - begin));
    for (std::int64_t i = begin; i < end; ++i) results.push_back(simulate_(i));
    return results;
  }

  // Runs f (unlocked). If it throws (a full disk while writing), every other thread is
  // told to stop before the exception goes on to parallel_for, which rethrows it here in
  // the caller: otherwise they would wait forever for the block that never comes.
  template <class F>
  auto failing_stops_all(std::unique_lock<std::mutex>& lock, F&& f) {
    try {
      return f();
    } catch (...) {
      lock.lock();
      failed_ = stopped_ = true;
      writing_ = false;
      progress_.notify_all();
      lock.unlock();
      throw;
    }
  }

  // Writes ready blocks in order while the next one is there; called and returns locked.
  void write_ready(std::unique_lock<std::mutex>& lock) {
    writing_ = true;
    while (!failed_ && !ready_.empty() && ready_.begin()->first == next_write_) {
      auto node = ready_.extract(ready_.begin());
      lock.unlock();
      const std::int64_t begin = begin_of(node.key());
      failing_stops_all(lock, [&] { write_(begin, node.mapped()); });
      lock.lock();
      written_ = std::min(begin + config_.block, config_.last);
      ++next_write_;
      progress_.notify_all();
    }
    writing_ = false;
  }

  const RunnerConfig& config_;
  Simulate& simulate_;
  Write& write_;
  Stop& stop_;
  const std::int64_t first_begin_;
  const std::int64_t max_ahead_;
  std::mutex mutex_;
  std::condition_variable progress_;
  std::int64_t next_take_ = 0, next_write_ = 0;  // block ordinals
  std::int64_t written_;
  bool stopped_ = false, writing_ = false;
  bool failed_ = false;  // a block threw: nothing more is written
  std::map<std::int64_t, std::vector<Result>> ready_;
};

}  // namespace detail

template <class Result, class Simulate, class Write, class Stop>
std::int64_t run_blocks(const RunnerConfig& config, Simulate&& simulate, Write&& write,
                        Stop&& stop) {
  using Run = detail::BlockRun<Result, std::remove_reference_t<Simulate>,
                               std::remove_reference_t<Write>, std::remove_reference_t<Stop>>;
  Run run(config, simulate, write, stop);
  // TBB's threads run `run.work()`, set up by this one; publish it for TSan (tsan.supp).
  struct Body {
    Run* run;
    void operator()(int) const {
      tsan_acquire(this);
      run->work();
    }
  };
  const Body body{&run};
  tsan_release(&body);
  tbb::task_arena arena(config.threads);  // the thread count of this run only
  arena.execute(
      [&] { tbb::parallel_for(0, std::max(config.threads, 1), body, tbb::simple_partitioner()); });
  return run.written();
}

// A run that is never stopped.
template <class Result, class Simulate, class Write>
std::int64_t run_blocks(const RunnerConfig& config, Simulate&& simulate, Write&& write) {
  return run_blocks<Result>(config, simulate, write, [] { return false; });
}

}  // namespace jisas::engine
