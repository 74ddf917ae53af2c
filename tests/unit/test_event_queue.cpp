#include "engine/event_queue.h"

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/timeline.h"

using jisas::engine::EventQueue;

TEST_CASE("events pop by time, then priority, then insertion order", "[event_queue]") {
  EventQueue<int> q;
  q.push(5.0, 1, 0);
  q.push(1.0, 2, 1);
  q.push(5.0, 0, 2);
  q.push(1.0, 2, 3);  // same time and priority as event 1: inserted later, popped later
  q.push(0.5, 9, 4);
  q.push(5.0, 1, 5);
  std::vector<int> order;
  while (!q.empty()) order.push_back(q.pop().kind);
  CHECK(order == std::vector<int>{4, 1, 3, 2, 0, 5});
  CHECK_THROWS_AS(q.pop(), jisas::InternalError);
}

TEST_CASE("interleaved pushes and pops follow (time, priority, insertion) order", "[event_queue]") {
  // Against a reference that sorts everything pending: times and priorities from a
  // small set, so that ties are frequent.
  EventQueue<int> q;
  std::vector<std::tuple<double, int, int>> pending;  // (time, priority, insertion)
  std::uint64_t state = 12345;
  const auto next = [&state](int modulo) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state >> 33) % static_cast<std::uint64_t>(modulo));
  };
  int inserted = 0;
  for (int step = 0; step < 2000; ++step) {
    if (pending.empty() || next(3) != 0) {
      const double time = next(6);
      const int priority = next(2);
      q.push(time, priority, inserted);
      pending.emplace_back(time, priority, inserted++);
    } else {
      const auto first = std::min_element(pending.begin(), pending.end());
      CHECK(q.pop().kind == std::get<2>(*first));
      pending.erase(first);
    }
    CHECK(q.size() == pending.size());
  }
}

namespace {
struct Clock {
  double now = 0.0;
  std::vector<double> seen;
  void advance_to(double t) {
    seen.push_back(t);
    now = t;
  }
};
struct StopAfterThree {
  int handled = 0;
  void handle(const jisas::engine::Event<int>& e, EventQueue<int>& q) {
    ++handled;
    q.push(e.time + 1.0, 0, e.kind);  // every event schedules a successor
  }
  bool finished() const { return handled == 3; }
};
}  // namespace

TEST_CASE("the timeline advances the model to each event and stops when told", "[event_queue]") {
  EventQueue<int> q;
  q.push(2.0, 0, 7);
  Clock model;
  StopAfterThree rules;
  jisas::engine::run_timeline(q, model, rules);
  CHECK(model.seen == std::vector<double>{2.0, 3.0, 4.0});
  CHECK(q.size() == 1);
}
