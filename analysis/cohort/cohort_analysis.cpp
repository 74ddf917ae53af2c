// The per-cohort analysis: what the trial's statistician would compute on the cohort's
// evaluable patients at the analysis date.
#include "analysis/cohort/cohort_analysis.h"

#include <cmath>
#include <limits>
#include <optional>

#include "analysis/binomial.h"
#include "analysis/kaplan_meier.h"
#include "analysis/landmark_test.h"
#include "analysis/logrank.h"
#include "analysis/one_sample_logrank.h"
#include "analysis/operating_characteristics.h"
#include "analysis/wilcoxon.h"
#include "engine/errors.h"


namespace jisas::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kHalf[] = {0.5};

double median_months(const std::vector<double>& days) {
  return analysis::quantiles(days, kHalf)[0] / scenarios::kDaysPerMonth;
}

struct Evaluable {
  std::vector<double> time;
  std::vector<int> event;
  std::vector<double> follow_up;
  std::vector<int> arm;
  std::vector<double> cmr_sustained, cmr_relapsed;
  std::vector<double> relapse_days, regain_days;
};

Evaluable collect(const std::vector<PatientRecord>& patients) {
  Evaluable e;
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

// Log-rank test between the arms (control 0, experimental 1) and the experimental arm's
// hazard ratio.
struct ArmComparison {
  analysis::LogRankResult logrank;
  analysis::HazardRatio hazard_ratio;
};

ArmComparison compare_arms(const Evaluable& e) {
  ArmComparison c{analysis::log_rank(e.time, e.event, e.arm, 2), {}};
  c.hazard_ratio = analysis::peto_hazard_ratio(c.logrank, 1);
  return c;
}

struct TestOutcome {
  double statistic = kNaN, p_value = kNaN;
};

// Exact binomial test (Clopper & Pearson 1934; R's binom.test) of the proportion
// relapse-free at the landmark among the patients followed to it: relapse-free and on
// study at the landmark, or relapsed by it; patients censored earlier are left out.
TestOutcome binomial_landmark(const scenarios::TestSpec& test, const Evaluable& e,
                              analysis::Alternative alternative) {
  int followed = 0;
  int relapse_free = 0;
  for (std::size_t i = 0; i < e.time.size(); ++i) {
    const bool relapsed_by = e.event[i] == 1 && e.time[i] <= test.at;
    const bool free_at = !relapsed_by && e.time[i] >= test.at;
    followed += relapsed_by || free_at;
    relapse_free += free_at;
  }
  if (followed == 0) return {};
  const auto r = analysis::binomial_test(relapse_free, followed, test.null_rate, alternative);
  return {static_cast<double>(relapse_free) / followed, r.p_value};
}

TestOutcome evaluate(const scenarios::TestSpec& test, const analysis::KaplanMeier& km,
                     const Evaluable& e, const ArmComparison* arms) {
  const auto alternative = *analysis::parse_alternative(test.alternative);
  switch (test.kind) {
    case scenarios::TestSpec::Kind::LandmarkVsHistorical: {
      const auto r = analysis::landmark_vs_historical(km.at(test.at), test.null_rate, alternative);
      return {r.z, r.p_value};
    }
    case scenarios::TestSpec::Kind::BinomialLandmark:
      return binomial_landmark(test, e, alternative);
    case scenarios::TestSpec::Kind::OneSampleLogRank: {
      const auto curve =
          test.historical_rates.empty()
              ? analysis::HistoricalCurve::exponential_through(test.at, test.null_rate)
              : analysis::HistoricalCurve(test.historical_breaks, test.historical_rates);
      const auto r = analysis::one_sample_logrank(e.time, e.event, curve, alternative);
      return {r.z, r.p_value};
    }
    case scenarios::TestSpec::Kind::MannWhitney: {
      // x = sustained, y = relapsed, as in the JISAS abstract's comparison.
      const auto r = analysis::wilcoxon_test(e.cmr_sustained, e.cmr_relapsed, alternative);
      return {r.w, r.p_value};
    }
    case scenarios::TestSpec::Kind::LogRankArms:
      if (arms == nullptr) internal_error("two-arm test without arms (the loader checks this)");
      return {arms->logrank.chisq, arms->logrank.p_value};
  }
  return {};
}

void run_tests(const scenarios::AnalysisSpec& spec, const analysis::KaplanMeier& km,
               const Evaluable& e, const ArmComparison* arms, CohortResult& row) {
  for (std::size_t t = 0; t < spec.tests.size(); ++t) {
    const TestOutcome o = evaluate(spec.tests[t], km, e, arms);
    row.statistic[t] = o.statistic;
    row.p_value[t] = o.p_value;
    row.reject[t] = o.p_value < spec.tests[t].alpha;  // NaN never rejects
  }
}

}  // namespace

CohortResult analyse_cohort(const scenarios::DesignPoint& point,
                            const std::vector<PatientRecord>& patients) {
  CohortResult row;
  row.design_point = point.index;
  row.enrolled = static_cast<std::int32_t>(patients.size());
  const Evaluable e = collect(patients);
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
  if (e.time.empty()) return row;

  analysis::KaplanMeier km;  // log-log, 95%
  km.fit(e.time, e.event);
  for (std::size_t l = 0; l < point.analysis.landmarks.size(); ++l) {
    const analysis::SurvivalPoint s = km.at(point.analysis.landmarks[l]);
    row.km[l] = s.survival;
    row.km_lower[l] = s.lower;
    row.km_upper[l] = s.upper;
  }
  std::optional<ArmComparison> arms;
  if (point.design.randomization_block > 0) {
    arms = compare_arms(e);
    row.hazard_ratio = arms->hazard_ratio.estimate;
    row.hazard_ratio_lower = arms->hazard_ratio.lower;
    row.hazard_ratio_upper = arms->hazard_ratio.upper;
  }
  run_tests(point.analysis, km, e, arms ? &*arms : nullptr, row);
  return row;
}

}  // namespace jisas::analysis
