#include "trial/protocol.h"

#include <algorithm>
#include <cmath>

#include "trial/assay.h"

namespace jisas::trial {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kCensorAnalysis = 1, kCensorDropout = 2, kCensorEndOfFollowUp = 3;

// Whether the visits up to day `at` (inclusive) confirm no relapse, where the certain
// visits alone decide it: the common part of certain_relapse_free_at and
// certain_relapse_free_to_end, which check that no censoring comes before `at`.
std::optional<bool> certain_relapse_free_by(const scenarios::DesignPoint& point,
                                            std::uint64_t visit_key, models::Kinetics& kinetics,
                                            double at) {
  const scenarios::QuietVisits& quiet = point.quiet;
  const scenarios::ProtocolSpec& protocol = point.protocol;
  if (quiet.max_skipped == 0 || !(quiet.high >= protocol.threshold)) return std::nullopt;
  const scenarios::PatientVisits visits(protocol.visits, visit_key);
  const int by_at = visits.last_within({}, at, quiet.max_skipped).second;
  if (by_at + protocol.confirmations >= quiet.max_skipped) return std::nullopt;
  if (by_at == 0) return true;  // no visit, no loss
  const scenarios::Visit first = visits.after();
  kinetics.advance_to(first.day);
  // The first visit passes every visit up to this day quietly (quiet_visits_from).
  const double quiet_until = kinetics.quiet_until(quiet.low);
  if (quiet_until > at) return true;
  // From the first visit after the ratio passes the certain-loss level, `confirmations`
  // visits in a row report a loss (reported_ratio): a run that confirms a relapse by its
  // last visit, if an earlier run has not.
  const double losses_from = kinetics.quiet_until(quiet.high);
  if (!(losses_from < at)) return std::nullopt;
  scenarios::Visit visit = first;
  if (losses_from >= first.day)
    visit = visits.after(visits.last_within(first, losses_from, by_at).first);
  for (int k = 0; k < protocol.confirmations; ++k, visit = visits.after(visit)) {
    if (visit.day > at || visit.day <= quiet_until) return std::nullopt;  // not assessed
    kinetics.advance_to(visit.day);
    if (!(kinetics.ratio() >= quiet.high)) return std::nullopt;
  }
  return false;
}

}  // namespace

std::optional<bool> certain_relapse_free_at(const scenarios::DesignPoint& point,
                                            std::uint64_t visit_key, models::Kinetics& kinetics,
                                            double dropout, double on_study, double at) {
  const double max_follow_up = point.design.max_follow_up;
  if (!(dropout > at) || !(on_study > at) || (max_follow_up > 0.0 && !(max_follow_up >= at))) {
    return std::nullopt;
  }
  return certain_relapse_free_by(point, visit_key, kinetics, at);
}

// The visits on the day of a censoring event are still assessed (kVisitPriority), and
// those up to max_follow_up are attended (schedule_next_visit): `follow_up` is the last
// day that counts.
std::optional<bool> certain_relapse_free_to_end(const scenarios::DesignPoint& point,
                                                std::uint64_t visit_key, models::Kinetics& kinetics,
                                                double follow_up) {
  return certain_relapse_free_by(point, visit_key, kinetics, follow_up);
}

ProtocolRules::ProtocolRules(const scenarios::DesignPoint& point, models::Kinetics& kinetics,
                             engine::RandomEngine& assay_rng, analysis::PatientRecord& record,
                             Recording log)
    : protocol_(point.protocol),
      assay_(point.assay),
      quiet_(point.quiet),
      kinetics_(kinetics),
      assay_rng_(assay_rng),
      record_(record),
      log_(log),
      visits_(point.protocol.visits, record.visit_key) {
  record_.first_loss = kNaN;
  record_.confirmed = kNaN;
  record_.time_to_regain = kNaN;
}

void ProtocolRules::start(engine::EventQueue<EventKind>& queue, double dropout_day,
                          double cutoff_day, double max_follow_up) {
  if (max_follow_up > 0.0) last_visit_allowed_ = max_follow_up;
  censor_day_ = std::min(dropout_day, cutoff_day);
  last_planned_ = visits_.after();
  queue.push(last_planned_.day, kVisitPriority, EventKind::Visit);
  queue.push(dropout_day, kCensorPriority, EventKind::Dropout);
  queue.push(cutoff_day, kCensorPriority, EventKind::AnalysisCutoff);
}

bool ProtocolRules::lost_response(double measured_ratio) const {
  if (protocol_.loss_of == scenarios::ProtocolSpec::LossOf::CMR) return measured_ratio > 0.0;
  return measured_ratio >= protocol_.threshold;  // MMR: ratio below 0.1% IS
}

void ProtocolRules::censor(double day, int reason) {
  if (phase_ == Phase::Monitoring) {
    record_.relapsed = 0;
    record_.time = day;
    record_.censor_reason = static_cast<std::int8_t>(reason);
  }
  phase_ = Phase::Done;  // after a relapse, regaining MMR is no longer observed
}

void ProtocolRules::handle(const engine::Event<EventKind>& event,
                           engine::EventQueue<EventKind>& queue) {
  switch (event.kind) {
    case EventKind::Visit: visit(event.time, queue); break;
    case EventKind::Dropout: censor(last_visit_, kCensorDropout); break;
    case EventKind::AnalysisCutoff: censor(last_visit_, kCensorAnalysis); break;
  }
}

// Updates the run of losses with this visit's result; true when it confirms a relapse.
bool ProtocolRules::relapse_confirmed(double day, double measured_ratio) {
  if (protocol_.loss_of == scenarios::ProtocolSpec::LossOf::CmrRising) {
    const bool detectable = measured_ratio > 0.0;
    if (detectable && previous_ratio_ == 0.0) record_.first_loss = day;
    const bool rising = previous_ratio_ > 0.0 && measured_ratio >= 10.0 * previous_ratio_;
    previous_ratio_ = measured_ratio;
    return measured_ratio >= protocol_.threshold || rising;
  }
  successive_losses_ = lost_response(measured_ratio) ? successive_losses_ + 1 : 0;
  if (successive_losses_ == 1) record_.first_loss = day;
  return successive_losses_ >= protocol_.confirmations;
}

void ProtocolRules::visit(double day, engine::EventQueue<EventKind>& queue) {
  if (!quiet_visits_from(day)) assessed_visit(day);
  schedule_next_visit(queue);
}

// Whether a result on this side of the threshold is certain at this true ratio
// (scenarios/quiet_visits.h), and a patient may still leave a visit undrawn.
bool ProtocolRules::certain(double true_ratio) const {
  return skipped_ < quiet_.max_skipped && (true_ratio <= quiet_.low || true_ratio >= quiet_.high);
}

// While the protocol waits for a loss of MMR, a model that can see ahead (hazard) says until
// when the ratio stays at or below the quiet ratio: the visits up to then report no loss
// (scenarios/quiet_visits.h) and are passed here without going through the event queue.
// They come before the censoring events, which are later or, on the same day, handled
// after the visit.
bool ProtocolRules::quiet_visits_from(double day) {
  if (phase_ != Phase::Monitoring || skipped_ >= quiet_.max_skipped) return false;
  const double until = kinetics_.quiet_until(quiet_.low);
  if (!(day < until)) return false;  // one visit alone goes the usual way
  pass_quietly(day);
  const double limit = std::min({until, censor_day_, last_visit_allowed_});
  if (log_.measurements == nullptr) {
    const auto [last, passed] =
        visits_.last_within(last_planned_, limit, quiet_.max_skipped - skipped_);
    skipped_ += passed;
    last_planned_ = last;
    last_visit_ = last.day;
    return true;
  }
  for (scenarios::Visit next = visits_.after(last_planned_);
       next.day <= limit && skipped_ < quiet_.max_skipped; next = visits_.after(next)) {
    last_planned_ = next;
    pass_quietly(next.day);
  }
  return true;
}

void ProtocolRules::pass_quietly(double day) {
  ++skipped_;
  successive_losses_ = 0;
  last_visit_ = day;
  if (log_.measurements == nullptr) return;
  kinetics_.advance_to(day);
  log_quiet(day, kinetics_.ratio());
}

// A written measurement at an undrawn visit, from its own stream (Recording).
void ProtocolRules::log_quiet(double day, double true_ratio) {
  const AssayResult m = measure(assay_, true_ratio, *log_.quiet_assay_rng);
  log_.measurements->push_back({record_.patient, day, true_ratio, m.abl_copies, m.bcr_abl_copies,
                                m.ratio, static_cast<std::int8_t>(kinetics_.on_im())});
}

// The visit's result: drawn, or where its side of the threshold is certain the true ratio
// stands in for it (under a rule on MMR only that side is read).
double ProtocolRules::reported_ratio(double day) {
  const double truth = kinetics_.ratio();
  if (certain(truth)) {
    ++skipped_;
    if (log_.measurements != nullptr) log_quiet(day, truth);
    return truth;
  }
  const AssayResult m = measure(assay_, truth, assay_rng_);
  if (log_.measurements != nullptr) {
    log_.measurements->push_back({record_.patient, day, truth, m.abl_copies, m.bcr_abl_copies,
                                  m.ratio, static_cast<std::int8_t>(kinetics_.on_im())});
  }
  return m.ratio;
}

void ProtocolRules::assessed_visit(double day) {
  const double reported = reported_ratio(day);
  last_visit_ = day;
  if (phase_ == Phase::Monitoring) {
    if (relapse_confirmed(day, reported)) {
      record_.relapsed = 1;
      record_.confirmed = day;
      record_.time = protocol_.dated_at == scenarios::ProtocolSpec::DatedAt::FirstLoss
                         ? record_.first_loss
                         : day;
      record_.censor_reason = 0;
      kinetics_.resume_im();
      phase_ = log_.regaining ? Phase::Regaining : Phase::Done;
    }
  } else if (phase_ == Phase::Regaining && reported < protocol_.threshold) {
    record_.time_to_regain = day - record_.confirmed;  // from IM resumption
    phase_ = Phase::Done;
  }
}

// The next attended visit, or the end of follow-up if that comes after it.
void ProtocolRules::schedule_next_visit(engine::EventQueue<EventKind>& queue) {
  const scenarios::Visit next = visits_.after(last_planned_);
  if (phase_ == Phase::Monitoring && next.day > last_visit_allowed_) {
    censor(last_visit_, kCensorEndOfFollowUp);
  } else if (phase_ != Phase::Done) {
    last_planned_ = next;
    queue.push(next.day, kVisitPriority, EventKind::Visit);
  }
}

}  // namespace jisas::trial
