#include "trial/protocol.h"

#include <cmath>

#include "trial/assay.h"

namespace jisas::trial {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kCensorAnalysis = 1, kCensorDropout = 2, kCensorEndOfFollowUp = 3;
}  // namespace

ProtocolRules::ProtocolRules(const scenarios::ProtocolSpec& protocol,
                             const scenarios::AssaySpec& assay, models::Kinetics& kinetics,
                             engine::RandomEngine& assay_rng, analysis::PatientRecord& record,
                             std::vector<analysis::Measurement>* measurements)
    : protocol_(protocol),
      assay_(assay),
      kinetics_(kinetics),
      assay_rng_(assay_rng),
      record_(record),
      measurements_(measurements),
      visits_(protocol.visits, record.visit_key) {
  record_.first_loss = kNaN;
  record_.confirmed = kNaN;
  record_.time_to_regain = kNaN;
}

void ProtocolRules::start(engine::EventQueue<EventKind>& queue, double dropout_day,
                          double cutoff_day, double max_follow_up) {
  if (max_follow_up > 0.0) last_visit_allowed_ = max_follow_up;
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
  const AssayResult m = measure(assay_, kinetics_.ratio(), assay_rng_);
  if (measurements_ != nullptr) {
    measurements_->push_back({record_.patient, day, kinetics_.ratio(), m.abl_copies,
                              m.bcr_abl_copies, m.ratio,
                              static_cast<std::int8_t>(kinetics_.on_im())});
  }
  last_visit_ = day;
  if (phase_ == Phase::Monitoring) {
    if (relapse_confirmed(day, m.ratio)) {
      record_.relapsed = 1;
      record_.confirmed = day;
      record_.time = protocol_.dated_at == scenarios::ProtocolSpec::DatedAt::FirstLoss
                         ? record_.first_loss
                         : day;
      record_.censor_reason = 0;
      kinetics_.resume_im();
      phase_ = Phase::Regaining;
    }
  } else if (phase_ == Phase::Regaining && m.ratio < protocol_.threshold) {
    record_.time_to_regain = day - record_.confirmed;  // from IM resumption
    phase_ = Phase::Done;
  }
  schedule_next_visit(queue);
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
