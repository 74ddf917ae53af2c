// A run's items split over ranks (engine/transport.h) in blocks: block b, counted from the
// first item still to do, belongs to rank b mod R. Rank 0 simulates its own blocks,
// receives the others' and stores every block in item order; the other ranks simulate
// theirs and send them. Each rank runs its blocks on its threads with run_blocks
// (engine/cohort_runner.h), so the stored sequence is the same for any rank and thread
// count.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/cohort_runner.h"
#include "engine/transport.h"

namespace jisas::engine {

struct BlockSchedule {
  std::int64_t next = 0;   // the first item not yet stored (rank 0's value)
  std::int64_t total = 0;  // items of the run
  std::int64_t block = 1;  // items per block: the unit of work, message and checkpoint
  int threads = 1;
};

// Rank 0. simulate(item) -> Output; decode(bytes) -> std::vector<Output>;
// store(first_item, std::vector<Output>&) in item order; stop() ends the run early.
// Returns the first item not stored (total unless stopped).
template <class Output, class Simulate, class Decode, class Store, class Stop>
std::int64_t run_root(const BlockSchedule& s, Transport& transport, Simulate&& simulate,
                      Decode&& decode, Store&& store, Stop&& stop) {
  const int ranks = transport.size();
  const auto owner = [&](std::int64_t item) {
    return static_cast<int>((item - s.next) / s.block % ranks);
  };
  auto own = [&](std::int64_t item) { return owner(item) == 0 ? simulate(item) : Output{}; };
  auto write = [&](std::int64_t first, std::vector<Output>& block) {
    if (owner(first) != 0) block = decode(transport.receive_from(owner(first)));
    store(first, block);
  };
  return run_blocks<Output>({s.next, s.total, s.block, s.threads}, own, write, stop);
}

// Ranks 1..R-1: simulate blocks rank, rank + R, ... from where rank 0 starts (its
// broadcast) and send each, encoded (encode(block, bytes)), to rank 0.
template <class Output, class Simulate, class Encode>
void run_worker(std::int64_t total, std::int64_t block, int threads, Transport& transport,
                Simulate&& simulate, Encode&& encode) {
  const std::int64_t next = transport.broadcast(0);
  std::vector<char> bytes;
  run_blocks<Output>({next, total, block, threads, transport.rank(), transport.size()}, simulate,
                     [&](std::int64_t, std::vector<Output>& results) {
                       bytes.clear();
                       encode(results, bytes);
                       transport.send_to_root(bytes);
                     });
}

}  // namespace jisas::engine
