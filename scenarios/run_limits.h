// The documented maxima of what one cohort may ask for (docs/scenario-schema.md "Limits"),
// enforced by the loader, and the follow-up and visit counts they are checked on (also
// the basis of the memory estimate of `validate`).
#pragma once

#include "scenarios/spec/scenario.h"

namespace jisas::scenarios {

// Patients per cohort: far above any CML trial (tens to hundreds), low enough that a
// cohort's per-patient records stay megabytes.
inline constexpr int kMaxSampleSize = 100000;
// Planned protocol visits per patient over the longest follow-up: daily visits for 27
// years. Each visit is an event of the patient's timeline (and a measurement row for the
// cohorts whose patients are written), so this bounds time and memory per patient.
inline constexpr double kMaxPlannedVisits = 10000.0;

// The longest a patient of the design can be on study, in days: to the latest analysis
// date (Poisson accrual: the day the expected number of entries reaches the sample size,
// plus the follow-up), or design.max_follow_up if that is shorter.
double longest_follow_up(const DesignSpec& design);

// Planned visits in (0, days] under the schedule (each phase counted from its start).
double planned_visits(const VisitSchedule& schedule, double days);

}  // namespace jisas::scenarios
