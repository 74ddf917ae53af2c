// Runs items (cohorts) in parallel blocks with TBB and hands finished blocks to one
// writer strictly in index order (HDF5 is not thread-safe, and results must not depend
// on the thread count). A pipeline with a bounded number of blocks in flight keeps
// memory independent of the number of cohorts.
#pragma once

#include <cstdint>
#include <vector>

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

namespace jisas::engine {

struct RunnerConfig {
  std::int64_t first = 0;  // items [first, last)
  std::int64_t last = 0;
  std::int64_t block = 64;  // items per block
  int threads = 1;
};

// simulate(index) -> Result, called concurrently for different indices;
// write(first_index, std::vector<Result>&) called serially in increasing index order.
template <class Result, class Simulate, class Write>
void run_blocks(const RunnerConfig& config, Simulate&& simulate, Write&& write) {
  tbb::task_arena arena(config.threads);  // the thread count of this run only
  struct Block {
    std::int64_t begin = 0, end = 0;
    std::vector<Result> results;
  };
  std::int64_t next = config.first;
  const auto tokens = static_cast<std::size_t>(4 * config.threads);
  arena.execute([&] {
    tbb::parallel_pipeline(
        tokens,
        tbb::make_filter<void, Block>(tbb::filter_mode::serial_in_order, [&](tbb::flow_control&
                                                                                 fc) {
          if (next >= config.last) {
            fc.stop();
            return Block{};
          }
          Block b{next, std::min(next + config.block, config.last), {}};
          next = b.end;
          return b;
        }) & tbb::make_filter<Block, Block>(tbb::filter_mode::parallel, [&](Block b) {
          b.results.reserve(static_cast<std::size_t>(b.end - b.begin));
          for (std::int64_t i = b.begin; i < b.end; ++i) {
            b.results.push_back(simulate(i));
          }
          return b;
        }) & tbb::make_filter<Block, void>(tbb::filter_mode::serial_in_order, [&](Block b) {
          write(b.begin, b.results);
        }));
  });
}

}  // namespace jisas::engine
