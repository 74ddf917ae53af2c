#include "engine/event_queue.h"

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
