// The group-sequential decision of one cohort (issue 14): the test of analysis.sequential
// at each interim look held (analysis/cohort/looks.h) and at the final analysis, against
// boundaries computed at the cohort's observed information fractions
// (analysis/group_sequential.h: I_k / I_final, so the final look spends what is left).
// A look whose data carry no information yet, or no more than an earlier look's, decides
// nothing and is not counted in the boundaries.
#pragma once

#include <span>

#include "analysis/cohort/cohort_test.h"
#include "analysis/cohort/records.h"
#include "analysis/group_sequential.h"
#include "analysis/kaplan_meier.h"
#include "scenarios/spec/scenario.h"

namespace jisas::analysis {

// Buffers the looks reuse from cohort to cohort (AnalysisWorkspace): the data at a look
// (the information-triggered looks' search evaluates many days), its Kaplan-Meier fit and
// the boundaries' quadrature grids.
struct LookScratch {
  CohortData data;
  KaplanMeier km;
  BoundaryScratch boundaries;
  std::vector<double> trigger_days;  // LookContext::day_buffer
};

// Fills the look_* fields and the stop decision of `row`; without looks only sets them
// to NaN / 0. final_day: the analysis date, days after the accrual start.
void sequential_analysis(const scenarios::DesignPoint& point,
                         std::span<const PatientRecord> patients, double final_day,
                         CohortResult& row, LookScratch& scratch);

}  // namespace jisas::analysis
