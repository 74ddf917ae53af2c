#include "analysis/cohort/looks.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace jisas::analysis {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The patient's last visit on or before study day `limit` and first on or after `landmark`,
// as ProtocolRules scheduled them (scenarios::PatientVisits: the same arithmetic and the
// same windows and missed visits), so a visit on the look day counts exactly as on the
// analysis day.
double last_visit_by(double limit, const PatientRecord& p, const scenarios::VisitSchedule& visits) {
  return scenarios::PatientVisits(visits, p.visit_key).last_by(limit);
}

double first_visit_from(double landmark, const PatientRecord& p,
                        const scenarios::VisitSchedule& visits) {
  return scenarios::PatientVisits(visits, p.visit_key).first_from(landmark);
}

// A relapse confirmed by `study_day`: what a look on that day knows of.
bool confirmed_by(const PatientRecord& p, double study_day) {
  return p.relapsed == 1 && p.confirmed <= study_day;
}

// The study day monitoring ended: the confirmation, or the censoring.
double monitored_until(const PatientRecord& p) {
  return p.relapsed == 1 ? p.confirmed : p.time;
}

// The k-th smallest of `days` (k >= 1), infinity if there are fewer. Reorders `days`.
double kth_smallest(std::vector<double>& days, int k) {
  if (k < 1 || static_cast<std::size_t>(k) > days.size()) return kInf;
  std::nth_element(days.begin(), days.begin() + (k - 1), days.end());
  return days[static_cast<std::size_t>(k - 1)];
}

double first_entry(std::span<const PatientRecord> patients) {
  double first = kInf;
  for (const PatientRecord& p : patients) first = std::min(first, p.entry_day);
  return first;
}

// The first whole day after the first entry on which the information reaches `target`,
// by bisection: information grows with calendar time (it changes only at entries, visits
// and confirmations; censoring can lower it slightly between them, and then this is one
// of the days on which it crosses the target). Infinity if not reached by the final day.
double information_day(double target, std::span<const PatientRecord> patients,
                       const LookContext& ctx) {
  double low = std::floor(first_entry(patients)), high = std::floor(ctx.final_day);
  if (!(ctx.information_at(high) >= target)) return kInf;
  while (high - low > 1.0) {  // information(low) < target <= information(high)
    const double mid = std::floor((low + high) / 2.0);
    (ctx.information_at(mid) >= target ? high : low) = mid;
  }
  return high;
}

}  // namespace

double landmark_status_day(const PatientRecord& p, double landmark,
                           const scenarios::VisitSchedule& visits) {
  if (relapsed_by(p, landmark)) return p.entry_day + p.confirmed;
  // On study at that visit: a later relapse or censoring comes at or after it.
  const double visit = first_visit_from(landmark, p, visits);
  return monitored_until(p) >= visit ? p.entry_day + visit : kInf;
}

double trigger_day(const scenarios::LookTrigger& trigger, std::span<const PatientRecord> patients,
                   const LookContext& ctx) {
  using Kind = scenarios::LookTrigger::Kind;
  std::vector<double> own;
  std::vector<double>& days = ctx.day_buffer != nullptr ? *ctx.day_buffer : own;
  days.clear();
  switch (trigger.kind) {
    case Kind::Calendar: {
      const double day = first_entry(patients) + trigger.days;
      return day <= ctx.final_day ? day : kInf;
    }
    case Kind::Events:
      for (const PatientRecord& p : patients) {
        if (p.evaluable && p.relapsed && (trigger.arm < 0 || p.arm == trigger.arm))
          days.push_back(p.entry_day + p.confirmed);
      }
      break;
    case Kind::FollowedToLandmark:
      for (const PatientRecord& p : patients) {
        if (p.evaluable) days.push_back(landmark_status_day(p, trigger.landmark, ctx.visits));
      }
      break;
    case Kind::Information:
      return information_day(trigger.fraction * ctx.max_information, patients, ctx);
  }
  const double day = kth_smallest(days, trigger.count);
  return day <= ctx.final_day ? day : kInf;
}

double final_analysis_day(int events, std::span<const PatientRecord> patients, double latest) {
  std::vector<double> day_buffer;
  return final_analysis_day(events, patients, latest, day_buffer);
}

double final_analysis_day(int events, std::span<const PatientRecord> patients, double latest,
                          std::vector<double>& day_buffer) {
  if (events <= 0) return latest;
  const scenarios::LookTrigger trigger{scenarios::LookTrigger::Kind::Events, 0.0, events};
  const scenarios::VisitSchedule no_visits;  // an event trigger reads none
  LookContext ctx{no_visits, latest};
  ctx.day_buffer = &day_buffer;
  return std::min(latest, trigger_day(trigger, patients, ctx));
}

LookValues look_days(std::span<const scenarios::LookSpec> looks,
                     std::span<const PatientRecord> patients, const LookContext& ctx) {
  LookValues days(looks.size(), std::numeric_limits<double>::quiet_NaN());
  double previous = first_entry(patients);
  bool any = false;
  for (std::size_t k = 0; k < looks.size(); ++k) {
    double day = previous + looks[k].min_follow_up;
    for (const auto& trigger : looks[k].triggers)
      day = std::max(day, trigger_day(trigger, patients, ctx));
    day = std::min(day, previous + looks[k].max_wait);
    if (!(day < ctx.final_day)) break;     // no interim before the final analysis
    if (any && day <= previous) continue;  // met together with the previous one
    days[k] = day;
    previous = day;
    any = true;
  }
  return days;
}

CohortData data_at(std::span<const PatientRecord> patients, double day, const LookContext& ctx) {
  CohortData e;
  data_at(patients, day, ctx, e);
  return e;
}

void data_at(std::span<const PatientRecord> patients, double day, const LookContext& ctx,
             CohortData& e) {
  e.clear();
  for (const PatientRecord& p : patients) {
    if (!p.evaluable || p.entry_day > day) continue;
    const double available = day - p.entry_day;
    const bool event = confirmed_by(p, available);
    // Censored: the last visit by the look, and never after the final censoring.
    const double censor = std::min(last_visit_by(available, p, ctx.visits), monitored_until(p));
    const double time = event ? p.time : censor;
    e.time.push_back(time);
    e.event.push_back(event ? 1 : 0);
    e.follow_up.push_back(std::min(available, p.follow_up));
    e.arm.push_back(p.arm);
    (event ? e.cmr_relapsed : e.cmr_sustained).push_back(p.cmr_duration);
    if (event) e.relapse_days.push_back(p.time);
    if (event && std::isfinite(p.time_to_regain) && p.confirmed + p.time_to_regain <= available)
      e.regain_days.push_back(p.time_to_regain);
  }
}

}  // namespace jisas::analysis
