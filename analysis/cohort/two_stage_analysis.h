// The two-stage decision of one cohort (issue 14; Simon 1989, analysis/simon_two_stage.h):
// stage 1 on the first n1 evaluable patients enrolled whose status at the landmark is
// known (the look comes when all n1 are), the final rule on the first n known by the
// final analysis. Accrual is not paused for stage 1: the patients entered meanwhile count
// in the look's patients. Fills the same look fields as the group-sequential analysis, with counts
// in place of z (docs/output-format.md).
#pragma once

#include <span>

#include "analysis/cohort/records.h"
#include "scenarios/spec/scenario.h"

namespace jisas::analysis {

// Requires point.analysis.two_stage. final_day: days after the accrual start.
void two_stage_analysis(const scenarios::DesignPoint& point,
                        std::span<const PatientRecord> patients, double final_day,
                        CohortResult& row);

}  // namespace jisas::analysis
