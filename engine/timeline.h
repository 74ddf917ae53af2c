// The patient timeline driver (SimGrid's kernel loop, per patient): pop the next event,
// advance the kinetic model's state to its time, hand the event to the protocol, which
// may schedule further events or end the timeline. The engine knows neither the model
// nor the protocol; they only need these members.
#pragma once

#include <concepts>

#include "engine/event_queue.h"

namespace jisas::engine {

template <class M>
concept KineticModel = requires(M& m, double t) {
  {m.advance_to(t)};
};

template <class P, class Kind>
concept Protocol = requires(P& p, const Event<Kind>& e, EventQueue<Kind>& q) {
  {p.handle(e, q)};
  { p.finished() } -> std::convertible_to<bool>;
};

template <class Kind, KineticModel Model, Protocol<Kind> Rules>
void run_timeline(EventQueue<Kind>& queue, Model& model, Rules& rules) {
  while (!queue.empty() && !rules.finished()) {
    const Event<Kind> event = queue.pop();
    model.advance_to(event.time);
    rules.handle(event, queue);
  }
}

}  // namespace jisas::engine
