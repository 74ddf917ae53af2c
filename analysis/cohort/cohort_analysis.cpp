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

// R's quantile(type = 7) at 0.5 of the finite values, as analysis::quantiles computes it,
// by selection in place rather than a sorted copy (three per cohort): reorders `days`.
double median_months(std::vector<double>& days) {
  const auto end =
      std::partition(days.begin(), days.end(), [](double d) { return std::isfinite(d); });
  const auto n = static_cast<std::size_t>(end - days.begin());
  if (n == 0) return kNaN;
  const double h = static_cast<double>(n - 1) * 0.5;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto at = days.begin() + static_cast<long>(lo);
  std::nth_element(days.begin(), at, end);
  const double at_lo = *at;
  const double at_hi = lo + 1 < n ? *std::min_element(at + 1, end) : at_lo;
  return (at_lo + (h - static_cast<double>(lo)) * (at_hi - at_lo)) / scenarios::kDaysPerMonth;
}

// The medians last: they reorder the data the tests read by patient.
void fill_medians(CohortData& e, CohortResult& row) {
  row.median_follow_up = median_months(e.follow_up);
  row.median_time_to_relapse = median_months(e.relapse_days);
  row.median_time_to_regain = median_months(e.regain_days);
}

void collect(const std::vector<PatientRecord>& patients, CohortData& e) {
  e.clear();
  e.time.reserve(patients.size());
  e.follow_up.reserve(patients.size());
  e.arm.reserve(patients.size());
  e.event.reserve(patients.size());
  for (auto* v : {&e.cmr_relapsed, &e.cmr_sustained, &e.relapse_days, &e.regain_days}) {
    v->reserve(patients.size());
  }
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
}

void run_tests(const scenarios::AnalysisSpec& spec, const KaplanMeier& km, const CohortData& e,
               const ArmComparison* arms, TestMask tests, TestScratch& scratch, CohortResult& row) {
  for (std::size_t t = 0; t < spec.tests.size(); ++t) {
    if (!tests.test(t)) continue;
    const scenarios::TestSpec& test = spec.tests[t];
    const TestOutcome o = evaluate(test, {e, km, arms, test.alternative, test.alpha, &scratch});
    row.statistic[t] = o.statistic;
    row.p_value[t] = o.p_value;
    row.reject[t] = o.p_value < test.alpha;  // NaN never rejects
  }
}

// Per arm: evaluable patients, relapses, KM median and KM at the landmarks (NaN for an
// arm without patients, such as the control arm of a single-arm design). An arm holding
// every patient reuses the pooled fit.
void fill_arms(const scenarios::AnalysisSpec& spec, const CohortData& e, const KaplanMeier& pooled,
               AnalysisWorkspace& w, CohortResult& row) {
  for (std::size_t a = 0; a < 2; ++a) {
    const auto arm = static_cast<int>(a);
    std::int32_t evaluable = 0, relapses = 0;
    for (std::size_t i = 0; i < e.arm.size(); ++i) {
      evaluable += e.arm[i] == arm;
      relapses += e.arm[i] == arm && e.event[i] == 1;
    }
    row.arm_evaluable[a] = evaluable;
    row.arm_relapses[a] = relapses;
    row.arm_km[a].fill(kNaN);
    row.arm_median_rfs[a] = kNaN;
    if (evaluable == 0) continue;
    const bool all = static_cast<std::size_t>(evaluable) == e.time.size();
    if (!all) {  // the arm's patients in the pooled fit's order: no second sort
      w.arm_order.clear();
      for (const int i : pooled.order()) {
        if (e.arm[static_cast<std::size_t>(i)] == arm) w.arm_order.push_back(i);
      }
      w.arm.fit_ordered(e.time, e.event, w.arm_order);
    }
    const KaplanMeier& km = all ? pooled : w.arm;
    row.arm_median_rfs[a] = km.median() / scenarios::kDaysPerMonth;
    for (std::size_t l = 0; l < spec.landmarks.size(); ++l) {
      row.arm_km[a][l] = km.survival_at(spec.landmarks[l]);
    }
  }
}

}  // namespace

ArmComparison compare_arms(const CohortData& e, const KaplanMeier* pooled) {
  ArmComparison c{pooled != nullptr ? log_rank(e.time, e.event, e.arm, 2, pooled->order())
                                    : log_rank(e.time, e.event, e.arm, 2),
                  {}};
  c.hazard_ratio = peto_hazard_ratio(c.logrank, 1);
  return c;
}

namespace {

// The analysis date, and the data at it into workspace.data: the final analysis comes at
// latest_day, or earlier at its event count (design.analysis.events).
struct AnalysisDate {
  double final_day = 0.0;
  bool early = false;
};

AnalysisDate data_for_analysis(const scenarios::DesignPoint& point,
                               const std::vector<PatientRecord>& patients, double latest_day,
                               AnalysisWorkspace& workspace) {
  CohortData& data = workspace.data;
  AnalysisDate a;
  a.final_day = final_analysis_day(point.design.analysis_date.events, patients, latest_day,
                                   workspace.looks.trigger_days);
  a.early = a.final_day < latest_day;
  if (a.early) {
    data_at(patients, a.final_day, {point.protocol.visits, latest_day}, data);
  } else {
    collect(patients, data);
  }
  return a;
}

CohortResult empty_row(const scenarios::DesignPoint& point) {
  CohortResult row;
  row.design_point = point.index;
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
  return row;
}

}  // namespace

CohortResult analyse_cohort(const scenarios::DesignPoint& point,
                            const std::vector<PatientRecord>& patients, double latest_day,
                            AnalysisWorkspace& workspace) {
  CohortResult row = empty_row(point);
  CohortData& e = workspace.data;
  const AnalysisDate a = data_for_analysis(point, patients, latest_day, workspace);
  row.enrolled = static_cast<std::int32_t>(patients.size());
  for (const PatientRecord& p : patients) row.eligibility_draws += p.eligibility_draws;
  if (a.early) {
    row.enrolled = static_cast<std::int32_t>(
        std::count_if(patients.begin(), patients.end(),
                      [&](const auto& p) { return p.entry_day <= a.final_day; }));
  }
  row.evaluable = static_cast<std::int32_t>(e.time.size());
  row.relapses = static_cast<std::int32_t>(e.relapse_days.size());
  row.relapse_proportion =
      row.evaluable > 0 ? static_cast<double>(row.relapses) / row.evaluable : kNaN;
  sequential_analysis(point, patients, a.final_day, row, workspace.looks);
  if (e.time.empty()) {
    fill_medians(e, row);
    return row;
  }

  KaplanMeier& km = workspace.pooled;
  km.fit(e.time, e.event);
  for (std::size_t l = 0; l < point.analysis.landmarks.size(); ++l) {
    const analysis::SurvivalPoint s = km.at(point.analysis.landmarks[l]);
    row.km[l] = s.survival;
    row.km_lower[l] = s.lower;
    row.km_upper[l] = s.upper;
  }
  fill_arms(point.analysis, e, km, workspace, row);
  std::optional<ArmComparison> arms;
  if (point.design.randomized()) {
    arms = compare_arms(e, &km);
    row.hazard_ratio = arms->hazard_ratio.estimate;
    row.hazard_ratio_lower = arms->hazard_ratio.lower;
    row.hazard_ratio_upper = arms->hazard_ratio.upper;
  }
  run_tests(point.analysis, km, e, arms ? &*arms : nullptr, TestMask().set(), workspace.tests, row);
  fill_medians(e, row);
  return row;
}

namespace {

// Whether a test of `tests` reads the pooled fit (its spec's kReadsPooledFit).
bool any_reads_pooled_fit(const scenarios::AnalysisSpec& spec, TestMask tests) {
  for (std::size_t t = 0; t < spec.tests.size(); ++t) {
    if (tests.test(t) && reads_pooled_fit(spec.tests[t])) return true;
  }
  return false;
}

}  // namespace

bool twin_reads_status_only(const scenarios::DesignPoint& point, TestMask tests) {
  if (point.design.randomized() || point.design.analysis_date.events > 0) return false;
  if (point.analysis.has_looks() && tests.test(point.analysis.look_test())) return false;
  bool any = false;
  for (std::size_t t = 0; t < point.analysis.tests.size(); ++t) {
    if (!tests.test(t)) continue;
    if (!reads_status_only(point.analysis.tests[t])) return false;
    any = true;
  }
  return any;
}

CohortResult analyse_twin(const scenarios::DesignPoint& point,
                          const std::vector<PatientRecord>& patients, double latest_day,
                          TestMask tests, AnalysisWorkspace& workspace) {
  CohortResult row = empty_row(point);
  const CohortData& e = workspace.data;
  const AnalysisDate a = data_for_analysis(point, patients, latest_day, workspace);
  if (point.analysis.has_looks() && tests.test(point.analysis.look_test())) {
    sequential_analysis(point, patients, a.final_day, row, workspace.looks);
  }
  if (e.time.empty()) return row;
  KaplanMeier& km = workspace.pooled;
  if (point.design.randomized() || any_reads_pooled_fit(point.analysis, tests)) {
    km.fit(e.time, e.event);
  } else {
    // A twin whose tests do not read the fit (the Mann-Whitney null twin: 2-3% of a run of
    // scenarios/jisas.yaml, bench/RESULTS.md 2026-12-03 session 13) skips it. The fit
    // left empty, not the previous cohort's: a test reading it regardless sees no patient.
    km.fit({}, {});
  }
  std::optional<ArmComparison> arms;
  if (point.design.randomized()) arms = compare_arms(e, &km);
  run_tests(point.analysis, km, e, arms ? &*arms : nullptr, tests, workspace.tests, row);
  return row;
}

}  // namespace jisas::analysis
