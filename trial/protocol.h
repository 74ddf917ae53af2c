// The JISAS protocol as data (design.md "Protocol"): monthly visits after IM stop,
// relapse = loss of response (MMR, or CMR for STIM-like rules) at N successive attended
// visits (a missed visit is skipped, not counted), IM resumed at the confirming visit, visits until
// MMR is regained; consent withdrawal, end of follow-up and the analysis date censor. Handles
// events for the timeline driver.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
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

// What the follow-up records besides the relapse. Measurements when the cohort's patients
// are written: every visit's, the undrawn ones (scenarios/quiet_visits.h) drawn from a
// stream of their own, so that writing them changes no outcome. The time to regain MMR
// on IM (the cohort's own medians): a twin reads only its tests' data and stops at the
// relapse.
struct Recording {
  std::vector<analysis::Measurement>* measurements = nullptr;
  engine::RandomEngine* quiet_assay_rng = nullptr;
  bool regaining = true;
};

// Whether a patient is relapse-free at `at` (days on study) by the rules below, where
// the certain visits alone decide it (scenarios/quiet_visits.h): relapse-free when every
// visit up to `at` passes quietly, relapsed when `confirmations` successive visits up to
// `at` are certain losses. nullopt where a drawn visit could decide, or censoring (at
// `dropout` or `on_study` days, as ProtocolRules::start takes them), the end of follow-up
// or the cap on undrawn visits could come first. `kinetics` is fresh (now() 0) and
// answers quiet_until for its whole course off IM (Kinetics::kQuietUntilSeesAhead); it
// is advanced. For the boundary twins' probes, which read a record at one day only.
std::optional<bool> certain_relapse_free_at(const scenarios::DesignPoint& point,
                                            std::uint64_t visit_key, models::Kinetics& kinetics,
                                            double dropout, double on_study, double at);
// The same at the end of the patient's follow-up, `follow_up` days on study (the record's
// follow_up: the first of the dropout, the analysis date and design.max_follow_up; a visit
// on that day still counts): whether the record will say relapsed, where the certain
// visits alone decide it. For the null twins whose tests read only that status
// (analysis::twin_reads_status_only).
std::optional<bool> certain_relapse_free_to_end(const scenarios::DesignPoint& point,
                                                std::uint64_t visit_key, models::Kinetics& kinetics,
                                                double follow_up);

class ProtocolRules {
 public:
  ProtocolRules(const scenarios::DesignPoint& point, models::Kinetics& kinetics,
                engine::RandomEngine& assay_rng, analysis::PatientRecord& record, Recording log);

  // Schedules the first visit and the censoring events.
  void start(engine::EventQueue<EventKind>& queue, double dropout_day, double cutoff_day,
             double max_follow_up);
  void handle(const engine::Event<EventKind>& event, engine::EventQueue<EventKind>& queue);
  bool finished() const { return phase_ == Phase::Done; }

 private:
  enum class Phase { Monitoring, Regaining, Done };
  void visit(double day, engine::EventQueue<EventKind>& queue);
  bool certain(double true_ratio) const;
  bool quiet_visits_from(double day);
  void pass_quietly(double day);
  void log_quiet(double day, double true_ratio);
  double reported_ratio(double day);
  void assessed_visit(double day);
  void schedule_next_visit(engine::EventQueue<EventKind>& queue);
  bool lost_response(double measured_ratio) const;
  bool relapse_confirmed(double day, double measured_ratio);
  void censor(double day, int reason);

  const scenarios::ProtocolSpec& protocol_;
  const scenarios::AssaySpec& assay_;
  scenarios::QuietVisits quiet_;
  models::Kinetics& kinetics_;
  engine::RandomEngine& assay_rng_;
  analysis::PatientRecord& record_;
  Recording log_;
  int skipped_ = 0;  // quiet visits so far
  Phase phase_ = Phase::Monitoring;
  int successive_losses_ = 0;
  double previous_ratio_ = 0.0;  // the last measured ratio (cmr_rising)
  scenarios::PatientVisits visits_;
  scenarios::Visit last_planned_;  // the last attended visit, where the schedule goes on from
  double last_visit_ = 0.0;
  double last_visit_allowed_ = std::numeric_limits<double>::infinity();
  double censor_day_ = std::numeric_limits<double>::infinity();  // dropout or analysis date
};

}  // namespace jisas::trial
