// A deterministic event queue (house style rule 4): events are ordered by time, then by
// priority (lower first), then by insertion sequence, never by time alone, so that
// simultaneous events are handled in the same order on every machine and thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <vector>

#include "engine/errors.h"

namespace jisas::engine {

template <class Kind>
struct Event {
  double time = 0.0;  // days
  int priority = 0;
  std::uint64_t sequence = 0;
  Kind kind{};
};

template <class Kind>
class EventQueue {
 public:
  // A patient's timeline holds a visit and two censoring events: room for them at once.
  EventQueue() { events_.reserve(4); }

  // The events are kept sorted, the next one last: a patient's timeline holds a handful,
  // where inserting in order costs less than a binary heap's sifting (issue 18).
  void push(double time, int priority, Kind kind) {
    const Event<Kind> event{time, priority, next_sequence_++, kind};
    auto at = events_.end();
    while (at != events_.begin() && later(event, *(at - 1))) --at;
    events_.insert(at, event);
  }

  Event<Kind> pop() {
    if (events_.empty()) internal_error("pop from an empty event queue");
    Event<Kind> event = events_.back();
    events_.pop_back();
    return event;
  }

  bool empty() const { return events_.empty(); }
  std::size_t size() const { return events_.size(); }

  // Empties the queue but keeps its storage, for the next patient.
  void clear() {
    events_.clear();
    next_sequence_ = 0;
  }

 private:
  static bool later(const Event<Kind>& a, const Event<Kind>& b) {
    return std::tie(a.time, a.priority, a.sequence) > std::tie(b.time, b.priority, b.sequence);
  }
  std::vector<Event<Kind>> events_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace jisas::engine
