// Runs items (cohorts) in parallel blocks with TBB and hands finished blocks to one
// writer strictly in index order (HDF5 is not thread-safe, and results must not depend
// on the thread count). A pipeline with a bounded number of blocks in flight keeps
// memory independent of the number of cohorts.
#pragma once

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <vector>

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

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
// The stage hand-offs also pass through `handoff`, a mutex held only for an instant at
// each hand-off (never while simulating or writing). TBB already orders the stages, but Debian's
// libtbb is not built for ThreadSanitizer, which then cannot see that ordering; the mutex makes it
// visible at a cost of a few nanoseconds per block, so TSan runs stay meaningful.
template <class Result, class Simulate, class Write, class Stop>
std::int64_t run_blocks(const RunnerConfig& config, Simulate&& simulate, Write&& write,
                        Stop&& stop) {
  tbb::task_arena arena(config.threads);  // the thread count of this run only
  struct Block {
    std::int64_t begin = 0, end = 0;
    std::vector<Result> results;
  };
  std::mutex handoff;
  std::int64_t next = config.first + config.block_offset * config.block;
  std::int64_t written = config.first;
  auto take = [&](tbb::flow_control& fc) {
    const std::lock_guard lock(handoff);
    if (next >= config.last || stop()) {
      fc.stop();
      return Block{};
    }
    Block b{next, std::min(next + config.block, config.last), {}};
    next += config.block * config.block_stride;
    return b;
  };
  auto sync = [&] { const std::lock_guard lock(handoff); };  // a release/acquire point only
  auto fill = [&](Block b) {
    sync();  // see the block as `take` left it
    b.results.reserve(static_cast<std::size_t>(b.end - b.begin));
    for (std::int64_t i = b.begin; i < b.end; ++i) b.results.push_back(simulate(i));
    sync();  // publish the results to the writer
    return b;
  };
  auto drain = [&](Block b) {
    sync();
    write(b.begin, b.results);
    written = b.end;
    sync();  // the next block's write sees this one's
  };
  const auto tokens = static_cast<std::size_t>(4 * config.threads);
  arena.execute([&] {
    tbb::parallel_pipeline(
        tokens, tbb::make_filter<void, Block>(tbb::filter_mode::serial_in_order, take) &
                    tbb::make_filter<Block, Block>(tbb::filter_mode::parallel, fill) &
                    tbb::make_filter<Block, void>(tbb::filter_mode::serial_in_order, drain));
  });
  sync();  // the caller sees everything the writer did
  return written;
}

// A run that is never stopped.
template <class Result, class Simulate, class Write>
std::int64_t run_blocks(const RunnerConfig& config, Simulate&& simulate, Write&& write) {
  return run_blocks<Result>(config, simulate, write, [] { return false; });
}

}  // namespace jisas::engine
