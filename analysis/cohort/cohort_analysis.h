// The per-cohort analysis: what the trial's statistician computes on the cohort's
// evaluable patients at the analysis date, into the cohort's result row.
#pragma once

#include <bitset>
#include <vector>

#include "analysis/cohort/cohort_test.h"
#include "analysis/cohort/records.h"
#include "analysis/cohort/sequential_analysis.h"
#include "analysis/kaplan_meier.h"
#include "scenarios/spec/scenario.h"

namespace jisas::analysis {

// The log-rank comparison of the arms (control 0, experimental 1) and the experimental
// arm's hazard ratio.
// pooled: the cohort's pooled KM fit, whose order the test reuses (or null: sorted again).
ArmComparison compare_arms(const CohortData& data, const KaplanMeier* pooled = nullptr);

// Buffers one thread's analyses reuse from cohort to cohort, so that a cohort's analysis
// allocates nothing once they have grown to the largest cohort (issue 18). They carry
// capacity, not results: every analysis overwrites what it reads before reading it.
struct AnalysisWorkspace {
  CohortData data;
  KaplanMeier pooled;          // log-log, 95%: every evaluable patient
  KaplanMeier arm;             // one arm's, from the pooled order
  std::vector<int> arm_order;  // that arm's patients in the pooled order
  TestScratch tests;
  LookScratch looks;
};

// latest_day: the date (days after the accrual start) the patients were followed to; the
// final analysis comes then, or earlier at its event count (design.analysis.events).
CohortResult analyse_cohort(const scenarios::DesignPoint& point,
                            const std::vector<PatientRecord>& patients, double latest_day,
                            AnalysisWorkspace& workspace);

// Which of the point's tests to run.
using TestMask = std::bitset<kMaxTests>;

// Whether analyse_twin(point, ..., tests) reads of each patient record only its relapse
// status at the end of follow-up (`relapsed`, with `evaluable` and the covariates), not
// `time`: every test of `tests` reads only that (reads_status_only), the design is not
// randomized (arms are compared by the log-rank test), the analysis date is not set by an
// event count and no look decides on one of them. Such a twin's records may leave the
// relapse days NaN (trial/cohort_simulation.cpp).
bool twin_reads_status_only(const scenarios::DesignPoint& point, TestMask tests);

// The tests of `tests` alone, and the looks' decision if they decide on one of them: what
// a null or boundary twin gives its cohort's row (p_value, reject, stop_look,
// stop_reason). Every other field is left NaN or 0. The same values as analyse_cohort's.
CohortResult analyse_twin(const scenarios::DesignPoint& point,
                          const std::vector<PatientRecord>& patients, double latest_day,
                          TestMask tests, AnalysisWorkspace& workspace);

}  // namespace jisas::analysis
