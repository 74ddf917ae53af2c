#include "engine/helper_threads.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

using jisas::engine::HelperThreads;

TEST_CASE("every thread runs each round's job once, one round after another", "[helper_threads]") {
  HelperThreads helpers(3);
  REQUIRE(helpers.threads() == 3);
  std::vector<int> runs_per_round;
  for (int round = 0; round < 200; ++round) {
    std::atomic<int> runs{0};
    std::mutex ids_mutex;
    std::set<std::thread::id> ids;
    helpers.run_on_all([&] {
      runs.fetch_add(1);
      const std::lock_guard lock(ids_mutex);
      ids.insert(std::this_thread::get_id());
    });
    // Returned only once every helper is done: nothing of this round runs later.
    runs_per_round.push_back(runs.load());
    CHECK(ids.size() == 3);
    CHECK(ids.count(std::this_thread::get_id()) == 1);  // the caller takes part
  }
  CHECK(runs_per_round == std::vector<int>(200, 3));
}

TEST_CASE("a loop shared out by an atomic counter covers every index once", "[helper_threads]") {
  HelperThreads helpers(2);
  constexpr std::size_t n = 10'000;
  for (int round = 0; round < 20; ++round) {
    std::vector<std::uint8_t> visits(n, 0);
    std::atomic<std::size_t> next{0};
    helpers.run_on_all([&] {
      for (std::size_t i; (i = next.fetch_add(7)) < n;) {
        for (std::size_t k = i; k < std::min(i + 7, n); ++k) ++visits[k];
      }
    });
    CHECK(visits == std::vector<std::uint8_t>(n, 1));
  }
}

TEST_CASE("one thread has no helpers; helpers that never worked end cleanly", "[helper_threads]") {
  HelperThreads alone(1);
  CHECK(alone.threads() == 1);
  std::thread::id ran_on;
  alone.run_on_all([&] { ran_on = std::this_thread::get_id(); });
  CHECK(ran_on == std::this_thread::get_id());
  CHECK(HelperThreads(0).threads() == 1);
  { const HelperThreads idle(4); }  // the destructor wakes and joins them: no hang
  SUCCEED();
}

TEST_CASE("the caller's exception waits for the helpers and leaves them usable",
          "[helper_threads]") {
  HelperThreads helpers(2);
  std::atomic<int> helper_runs{0};
  const auto caller = std::this_thread::get_id();
  CHECK_THROWS_AS(helpers.run_on_all([&] {
    if (std::this_thread::get_id() == caller) throw std::runtime_error("caller");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // still running at the throw
    helper_runs.fetch_add(1);
  }),
                  std::runtime_error);
  CHECK(helper_runs == 1);  // returned only after the helper's job
  std::atomic<int> runs{0};
  helpers.run_on_all([&] { runs.fetch_add(1); });
  CHECK(runs == 2);
}
