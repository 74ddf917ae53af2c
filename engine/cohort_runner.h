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
template <class Result, class Simulate, class Write, class Stop>
std::int64_t run_blocks(const RunnerConfig& config, Simulate&& simulate, Write&& write,
                        Stop&& stop) {
  const std::int64_t first_begin = config.first + config.block_offset * config.block;
  const auto begin_of = [&](std::int64_t k) {
    return first_begin + k * config.block * config.block_stride;
  };
  const std::int64_t max_ahead = 4 * std::max(config.threads, 1);
  std::mutex mutex;
  std::condition_variable progress;
  std::int64_t next_take = 0, next_write = 0;  // block ordinals
  std::int64_t written = config.first;
  bool stopped = false, writing = false;
  std::map<std::int64_t, std::vector<Result>> ready;

  // Writes ready blocks in order while the next one is there; called and returns locked.
  auto write_ready = [&](std::unique_lock<std::mutex>& lock) {
    writing = true;
    while (!ready.empty() && ready.begin()->first == next_write) {
      auto node = ready.extract(ready.begin());
      lock.unlock();
      const std::int64_t begin = begin_of(node.key());
      write(begin, node.mapped());
      lock.lock();
      written = std::min(begin + config.block, config.last);
      ++next_write;
      progress.notify_all();
    }
    writing = false;
  };
  auto worker = [&] {
    std::unique_lock lock(mutex);
    for (;;) {
      progress.wait(lock, [&] {
        return stopped || begin_of(next_take) >= config.last || next_take - next_write < max_ahead;
      });
      if (stopped || begin_of(next_take) >= config.last) return;
      if (stop()) {
        stopped = true;
        progress.notify_all();
        return;
      }
      const std::int64_t k = next_take++;
      lock.unlock();
      const std::int64_t begin = begin_of(k), end = std::min(begin + config.block, config.last);
      std::vector<Result> results;
      results.reserve(static_cast<std::size_t>(end - begin));
      for (std::int64_t i = begin; i < end; ++i) results.push_back(simulate(i));
      lock.lock();
      ready.emplace(k, std::move(results));
      if (!writing) write_ready(lock);
    }
  };
  // TBB's threads run `worker`, built by this one; publish it for TSan (see tsan.supp).
  struct Body {
    decltype(worker)* run;
    void operator()(int) const {
      tsan_acquire(this);
      (*run)();
    }
  };
  const Body body{&worker};
  tsan_release(&body);
  tbb::task_arena arena(config.threads);  // the thread count of this run only
  arena.execute(
      [&] { tbb::parallel_for(0, std::max(config.threads, 1), body, tbb::simple_partitioner()); });
  const std::lock_guard lock(mutex);  // the caller sees everything the writer did
  return written;
}

// A run that is never stopped.
template <class Result, class Simulate, class Write>
std::int64_t run_blocks(const RunnerConfig& config, Simulate&& simulate, Write&& write) {
  return run_blocks<Result>(config, simulate, write, [] { return false; });
}

}  // namespace jisas::engine
