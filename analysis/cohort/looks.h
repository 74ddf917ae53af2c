// The data of a cohort at an interim look (issue 14): patients entered by the look date,
// relapses confirmed by it, the rest censored at their last visit before it; and the dates
// of the looks, from their triggers (scenarios/spec/looks.h). Works on the patient records
// of the final analysis: a patient's timeline does not depend on when the trial looks.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "analysis/cohort/cohort_test.h"
#include "analysis/cohort/records.h"
#include "scenarios/spec/looks.h"
#include "scenarios/spec/visits.h"

namespace jisas::analysis {

// What the looks need to know of the trial besides the records.
struct LookContext {
  // The protocol's visits after the stop; referred to, not copied (a schedule holds a
  // vector), so it must outlive the context.
  const scenarios::VisitSchedule& visits;
  double final_day = 0.0;  // the final analysis, days after the accrual start
  // For `information` triggers: the sequential test's information on the data of a day,
  // and the planned maximum it is a fraction of.
  std::function<double(double day)> information_at = {};
  double max_information = 0.0;
  // The event and landmark triggers' day lists, reused from call to call (nullptr: own).
  std::vector<double>* day_buffer = nullptr;
};

// The calendar day (days after the accrual start) at which the trigger is met, or
// infinity if it is not met by ctx.final_day.
double trigger_day(const scenarios::LookTrigger& trigger, std::span<const PatientRecord> patients,
                   const LookContext& ctx);

// Calendar day on which the patient's status at `landmark` (study days) is known: the
// confirmation of a relapse before it, or the first visit at or after it while still on
// study; infinity if never.
double landmark_status_day(const PatientRecord& p, double landmark,
                           const scenarios::VisitSchedule& visits);

// The day of the final analysis: `latest` (days after the accrual start), or the day of
// the `events`-th confirmed relapse among evaluable patients if that comes first (an
// event-driven analysis; events 0: `latest`).
double final_analysis_day(int events, std::span<const PatientRecord> patients, double latest);
// The same with the trigger's day list in `day_buffer`, reused (a simulated cohort's).
double final_analysis_day(int events, std::span<const PatientRecord> patients, double latest,
                          std::vector<double>& day_buffer);

// The day of each look, in the order given: each after the previous look held and before
// the final analysis. NaN for a look not held: its day would not come before the final
// analysis (the final analysis takes its place; later looks are not held either), or it
// comes on the same day as the previous look (met together with it).
LookValues look_days(std::span<const scenarios::LookSpec> looks,
                     std::span<const PatientRecord> patients, const LookContext& ctx);

// The evaluable patients' data at `day`: entered by then; a relapse confirmed by then is
// an event at its time; everyone else is censored at their last visit by then (and never
// later than the final analysis censored them).
CohortData data_at(std::span<const PatientRecord> patients, double day, const LookContext& ctx);
// The same into `out`, whose buffers are reused.
void data_at(std::span<const PatientRecord> patients, double day, const LookContext& ctx,
             CohortData& out);

}  // namespace jisas::analysis
