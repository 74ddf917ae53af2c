// The JISAS protocol as data (design.md "Protocol"): monthly visits after IM stop,
// relapse = loss of response (MMR, or CMR for STIM-like rules) at N successive attended
// visits (a missed visit is skipped, not counted), IM resumed at the confirming visit, visits until
// MMR is regained; consent withdrawal, end of follow-up and the analysis date censor. Handles
// events for the timeline driver.
#pragma once

#include <limits>
#include <vector>

#include "analysis/cohort/records.h"
#include "engine/event_queue.h"
#include "engine/random_stream.h"
#include "models/kinetics.h"
#include "scenarios/spec/scenario.h"

namespace jisas::trial {

enum class EventKind { Visit, Dropout, AnalysisCutoff };

// Priorities at equal times: a visit on the analysis day is still analysed.
inline constexpr int kVisitPriority = 0;
inline constexpr int kCensorPriority = 1;

class ProtocolRules {
 public:
  ProtocolRules(const scenarios::ProtocolSpec& protocol, const scenarios::AssaySpec& assay,
                models::Kinetics& kinetics, engine::RandomEngine& assay_rng,
                analysis::PatientRecord& record, std::vector<analysis::Measurement>* measurements);

  // Schedules the first visit and the censoring events.
  void start(engine::EventQueue<EventKind>& queue, double dropout_day, double cutoff_day,
             double max_follow_up);
  void handle(const engine::Event<EventKind>& event, engine::EventQueue<EventKind>& queue);
  bool finished() const { return phase_ == Phase::Done; }

 private:
  enum class Phase { Monitoring, Regaining, Done };
  void visit(double day, engine::EventQueue<EventKind>& queue);
  void schedule_next_visit(engine::EventQueue<EventKind>& queue);
  bool lost_response(double measured_ratio) const;
  bool relapse_confirmed(double day, double measured_ratio);
  void censor(double day, int reason);

  const scenarios::ProtocolSpec& protocol_;
  const scenarios::AssaySpec& assay_;
  models::Kinetics& kinetics_;
  engine::RandomEngine& assay_rng_;
  analysis::PatientRecord& record_;
  std::vector<analysis::Measurement>* measurements_;
  Phase phase_ = Phase::Monitoring;
  int successive_losses_ = 0;
  double previous_ratio_ = 0.0;  // the last measured ratio (cmr_rising)
  scenarios::PatientVisits visits_;
  scenarios::Visit last_planned_;  // the last attended visit, where the schedule goes on from
  double last_visit_ = 0.0;
  double last_visit_allowed_ = std::numeric_limits<double>::infinity();
};

}  // namespace jisas::trial
