// What one simulated cohort produces: per-patient records, BCR-ABL measurements (kept
// only for the first few cohorts) and one fixed-width result row for the output file.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "scenarios/spec/scenario.h"

namespace jisas::analysis {

// The loader refuses more landmarks or tests than these arrays hold: one definition.
using scenarios::kMaxLandmarks;
using scenarios::kMaxLooks;
using scenarios::kMaxTests;

struct PatientRecord {
  std::int32_t patient = 0;
  double entry_day = 0.0;  // days after accrual start (IM stop)
  std::int8_t evaluable = 1;
  double age_years = 0.0;
  std::int8_t sokal = 0;  // 0 low, 1 intermediate, 2 high
  std::int8_t prior_ifn = 0;
  double cmr_duration = 0.0;  // days in CMR on IM before the stop
  double mmr_duration = 0.0;
  double im_duration = 0.0;
  std::int8_t ifn_per_week = 0;   // 0 without IFN
  std::int8_t cured = 0;          // model truth: never relapses
  double latent_relapse = 0.0;    // model truth: day the true ratio crosses the threshold
  std::int8_t relapsed = 0;       // confirmed relapse by the protocol, seen by analysis
  double time = 0.0;              // days from stop to the relapse (as dated) or censoring
  double confirmed = 0.0;         // days from stop to the confirming visit (NaN: no relapse)
  double follow_up = 0.0;         // days on study at the analysis date (to cutoff, dropout or end)
  double first_loss = 0.0;        // first visit of the last run of losses of response (NaN: none)
  double time_to_regain = 0.0;    // days from IM resumption to MMR regained (NaN: none)
  std::int8_t arm = 1;            // 1 experimental (IFN as the protocol says), 0 control (no IFN)
  std::int8_t censor_reason = 0;  // 0 relapse, 1 analysis date, 2 dropout, 3 end of follow-up
  std::int32_t eligibility_draws = 1;  // patients drawn until this one was eligible (not stored)
  std::uint64_t visit_key = 0;  // key of the visit days (scenarios::PatientVisits; not stored)
};

// A relapse dated by `study_day` (it may be confirmed later): what relapse-free at a
// landmark means throughout (the landmark tests, the looks, the model's truth).
inline bool relapsed_by(const PatientRecord& p, double study_day) {
  return p.relapsed == 1 && p.time <= study_day;
}

struct Measurement {
  std::int32_t patient = 0;
  double day = 0.0;         // days since IM stop
  double true_ratio = 0.0;  // BCR-ABL/ABL of the model
  double abl_copies = 0.0;
  double bcr_abl_copies = 0.0;
  double measured_ratio = 0.0;  // IS ratio reported (0 = undetectable)
  std::int8_t on_im = 0;
};

struct CohortResult {
  std::int32_t design_point = 0;
  std::int64_t cohort = 0;
  std::int32_t enrolled = 0;
  std::int32_t evaluable = 0;
  std::int32_t relapses = 0;
  std::int32_t eligibility_draws = 0;   // patients drawn until all enrolled were eligible
  double relapse_proportion = 0.0;      // relapses / evaluable (NaN if none evaluable)
  double median_follow_up = 0.0;        // months on study at the analysis date, evaluable patients
  double median_time_to_relapse = 0.0;  // months, among relapsed (NaN if none)
  double median_time_to_regain = 0.0;   // months after IM resumption (NaN if none)
  std::array<double, kMaxLandmarks> km{};        // KM relapse-free survival at landmarks
  std::array<double, kMaxLandmarks> km_lower{};  // log-log limits at the scenario's level
  std::array<double, kMaxLandmarks> km_upper{};
  std::array<double, kMaxTests> statistic{};  // test statistic (z or W)
  std::array<double, kMaxTests> p_value{};
  std::array<std::int8_t, kMaxTests> reject{};  // 1 if p < alpha
  double hazard_ratio = 0.0;        // experimental vs control, Peto's one-step (NaN: one arm)
  double hazard_ratio_lower = 0.0;  // 95% limits
  double hazard_ratio_upper = 0.0;
  std::array<double, kMaxTests> null_p_value{};  // the null twin's p-values (NaN: no twin)
  std::array<std::int8_t, kMaxTests> null_reject{};
  // Per arm, [0] control and [1] experimental (single-arm designs: all experimental),
  // evaluable patients as in the pooled fields (format 1.6, issue 16).
  std::array<std::int32_t, 2> arm_evaluable{};
  std::array<std::int32_t, 2> arm_relapses{};
  std::array<double, 2> arm_median_rfs{};  // KM median relapse-free months (NaN: not reached)
  std::array<std::array<double, kMaxLandmarks>, 2> arm_km{};  // KM at the landmarks
  // Per test, the same in the boundary twin (trial/boundary_twins.h): the model
  // calibrated so the true relapse-free rate at the test's landmark is its null rate.
  std::array<double, kMaxTests> boundary_p_value{};  // NaN: no boundary twin
  std::array<std::int8_t, kMaxTests> boundary_reject{};
  // Interim looks (analysis.looks) and the group-sequential decision on the test of
  // analysis.sequential (analysis/cohort/sequential_analysis.h). Look k = 1..looks are the
  // interims held, look looks + 1 the final analysis; 0 / NaN without looks.
  std::int8_t stop_look = 0;    // the look at which the trial stopped (the final if none earlier)
  std::int8_t stop_reason = 0;  // 1 efficacy (H0 rejected), 2 futility, 3 final, H0 not rejected
  std::int8_t null_stop_look = 0;  // the same in the sequential test's null twin (0: none)
  std::int8_t null_stop_reason = 0;
  std::array<double, kMaxLooks + 1> look_day{};         // days after the accrual start
  std::array<double, kMaxLooks + 1> look_z{};           // the test's z (positive: better than H0)
  std::array<double, kMaxLooks + 1> look_fraction{};    // information fraction; NaN: no decision
  std::array<double, kMaxLooks + 1> look_efficacy_z{};  // the bounds used at the look
  std::array<double, kMaxLooks + 1> look_futility_z{};
  std::array<std::int32_t, kMaxLooks + 1> look_patients{};  // entered by the look
  std::array<std::int32_t, kMaxLooks + 1> look_events{};    // relapses confirmed by it
};

struct CohortOutput {
  CohortResult result;
  std::vector<PatientRecord> patients;  // filled only for the first K cohorts
  std::vector<Measurement> measurements;
};

}  // namespace jisas::analysis
