// The per-cohort analysis: what the trial's statistician would compute on the cohort's
// evaluable patients at the analysis date.
#include "analysis/cohort/cohort_analysis.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "analysis/cohort/cohort_tests.h"
#include "analysis/cohort/looks.h"
#include "analysis/cohort/sequential_analysis.h"
#include "analysis/kaplan_meier.h"
#include "analysis/logrank.h"
#include "analysis/operating_characteristics.h"

namespace jisas::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kHalf[] = {0.5};

double median_months(const std::vector<double>& days) {
  return analysis::quantiles(days, kHalf)[0] / scenarios::kDaysPerMonth;
}

CohortData collect(const std::vector<PatientRecord>& patients) {
  CohortData e;
  for (const PatientRecord& p : patients) {
    if (!p.evaluable) continue;
    e.time.push_back(p.time);
    e.follow_up.push_back(p.follow_up);
    e.arm.push_back(p.arm);
    e.event.push_back(p.relapsed);
    (p.relapsed ? e.cmr_relapsed : e.cmr_sustained).push_back(p.cmr_duration);
    if (p.relapsed) e.relapse_days.push_back(p.time);
    if (std::isfinite(p.time_to_regain)) e.regain_days.push_back(p.time_to_regain);
  }
  return e;
}

void run_tests(const scenarios::AnalysisSpec& spec, const KaplanMeier& km, const CohortData& e,
               const ArmComparison* arms, CohortResult& row) {
  for (std::size_t t = 0; t < spec.tests.size(); ++t) {
    const scenarios::TestSpec& test = spec.tests[t];
    const TestOutcome o = evaluate(test, {e, km, arms, test.alternative, test.alpha});
    row.statistic[t] = o.statistic;
    row.p_value[t] = o.p_value;
    row.reject[t] = o.p_value < test.alpha;  // NaN never rejects
  }
}

// Per arm: evaluable patients, relapses, KM median and KM at the landmarks (NaN for an
// arm without patients, such as the control arm of a single-arm design). An arm holding
// every patient reuses the pooled fit.
void fill_arms(const scenarios::AnalysisSpec& spec, const CohortData& e, const KaplanMeier& pooled,
               CohortResult& row) {
  KaplanMeier own;
  for (std::size_t a = 0; a < 2; ++a) {
    const ArmData arm = arm_data(e, static_cast<int>(a));
    row.arm_evaluable[a] = static_cast<std::int32_t>(arm.time.size());
    row.arm_relapses[a] =
        static_cast<std::int32_t>(std::count(arm.event.begin(), arm.event.end(), 1));
    row.arm_km[a].fill(kNaN);
    row.arm_median_rfs[a] = kNaN;
    if (arm.time.empty()) continue;
    const bool all = arm.time.size() == e.time.size();
    if (!all) own.fit(arm.time, arm.event);
    const KaplanMeier& km = all ? pooled : own;
    row.arm_median_rfs[a] = km.median() / scenarios::kDaysPerMonth;
    for (std::size_t l = 0; l < spec.landmarks.size(); ++l) {
      row.arm_km[a][l] = km.at(spec.landmarks[l]).survival;
    }
  }
}

}  // namespace

ArmComparison compare_arms(const CohortData& e) {
  ArmComparison c{log_rank(e.time, e.event, e.arm, 2), {}};
  c.hazard_ratio = peto_hazard_ratio(c.logrank, 1);
  return c;
}

CohortResult analyse_cohort(const scenarios::DesignPoint& point,
                            const std::vector<PatientRecord>& patients, double latest_day) {
  CohortResult row;
  row.design_point = point.index;
  // An event-driven analysis may come before the date the patients were followed to.
  const double final_day =
      final_analysis_day(point.design.analysis_date.events, patients, latest_day);
  const bool early = final_day < latest_day;
  row.enrolled = static_cast<std::int32_t>(patients.size());
  for (const PatientRecord& p : patients) row.eligibility_draws += p.eligibility_draws;
  if (early) {
    row.enrolled = static_cast<std::int32_t>(std::count_if(
        patients.begin(), patients.end(), [&](const auto& p) { return p.entry_day <= final_day; }));
  }
  const CohortData e =
      early ? data_at(patients, final_day, {point.protocol.visits, latest_day}) : collect(patients);
  row.evaluable = static_cast<std::int32_t>(e.time.size());
  row.relapses = static_cast<std::int32_t>(e.relapse_days.size());
  row.relapse_proportion =
      row.evaluable > 0 ? static_cast<double>(row.relapses) / row.evaluable : kNaN;
  row.median_follow_up = median_months(e.follow_up);
  row.median_time_to_relapse = median_months(e.relapse_days);
  row.median_time_to_regain = median_months(e.regain_days);
  row.km.fill(kNaN);
  row.km_lower.fill(kNaN);
  row.km_upper.fill(kNaN);
  row.statistic.fill(kNaN);
  row.p_value.fill(kNaN);
  row.hazard_ratio = row.hazard_ratio_lower = row.hazard_ratio_upper = kNaN;
  row.null_p_value.fill(kNaN);
  row.boundary_p_value.fill(kNaN);
  for (auto& km_at : row.arm_km) km_at.fill(kNaN);
  row.arm_median_rfs.fill(kNaN);
  sequential_analysis(point, patients, final_day, row);
  if (e.time.empty()) return row;

  analysis::KaplanMeier km;  // log-log, 95%
  km.fit(e.time, e.event);
  for (std::size_t l = 0; l < point.analysis.landmarks.size(); ++l) {
    const analysis::SurvivalPoint s = km.at(point.analysis.landmarks[l]);
    row.km[l] = s.survival;
    row.km_lower[l] = s.lower;
    row.km_upper[l] = s.upper;
  }
  fill_arms(point.analysis, e, km, row);
  std::optional<ArmComparison> arms;
  if (point.design.randomized()) {
    arms = compare_arms(e);
    row.hazard_ratio = arms->hazard_ratio.estimate;
    row.hazard_ratio_lower = arms->hazard_ratio.lower;
    row.hazard_ratio_upper = arms->hazard_ratio.upper;
  }
  run_tests(point.analysis, km, e, arms ? &*arms : nullptr, row);
  return row;
}

}  // namespace jisas::analysis
