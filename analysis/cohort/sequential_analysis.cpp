#include "analysis/cohort/sequential_analysis.h"

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "analysis/cohort/cohort_analysis.h"
#include "analysis/cohort/cohort_tests.h"
#include "analysis/cohort/looks.h"
#include "analysis/cohort/two_stage_analysis.h"
#include "analysis/group_sequential.h"

namespace jisas::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr std::int8_t kEfficacy = 1, kFutility = 2, kFinal = 3;

// The sequential test's statistic on the data at one look (in scratch.data), with the
// scratch's Kaplan-Meier fit (log-log, 95%, as the final analysis).
SequentialStatistic statistic_at(const scenarios::DesignPoint& point,
                                 const scenarios::TestSpec& test, LookScratch& scratch) {
  const CohortData& data = scratch.data;
  if (data.time.empty()) return {};
  scratch.km.fit(data.time, data.event);
  std::optional<ArmComparison> arms;
  if (point.design.randomized()) arms = compare_arms(data, &scratch.km);
  return sequential_statistic(test, {data, scratch.km, arms ? &*arms : nullptr, test.alternative});
}

void record_look(std::size_t k, double day, const CohortData& data,
                 std::span<const PatientRecord> patients, CohortResult& row) {
  int entered = 0;
  for (const PatientRecord& p : patients) entered += p.entry_day <= day;
  row.look_day[k] = day;
  row.look_patients[k] = entered;
  row.look_events[k] = static_cast<std::int32_t>(data.relapse_days.size());
}

// The looks that decide: information strictly increasing and, before the final, below it.
using LookIndices = boost::container::small_vector<std::size_t, kLooksInPlace>;

LookIndices deciding_looks(const LookValues& information) {
  LookIndices looks;
  const double final_information = information.back();
  if (!(final_information > 0.0)) return looks;
  double previous = 0.0;
  for (std::size_t k = 0; k + 1 < information.size(); ++k) {
    const double t = information[k] / final_information;
    if (t > previous && t < 1.0) {
      looks.push_back(k);
      previous = t;
    }
  }
  looks.push_back(information.size() - 1);
  return looks;
}

// The design at the deciding looks: their information rates, and user-given cumulative
// alpha or fixed futility bounds kept for those looks only.
GroupSequentialDesign design_at(const scenarios::SequentialSpec& seq,
                                const scenarios::TestSpec& test, const LookIndices& looks,
                                const LookValues& information) {
  GroupSequentialDesign d;
  for (const std::size_t k : looks)
    d.information_rates.push_back(information[k] / information.back());
  d.information_rates.back() = 1.0;
  d.alpha = test.alpha;
  d.sided = test.alternative == Alternative::TwoSided ? 2 : 1;
  d.efficacy = seq.efficacy;
  d.futility = seq.futility;
  d.beta = seq.beta;
  if (auto* user = std::get_if<UserAlphaSpending>(&d.efficacy)) {
    UserAlphaSpending kept;
    for (const std::size_t k : looks) kept.cumulative_alpha.push_back(user->cumulative_alpha[k]);
    *user = kept;
  }
  if (auto* fixed = std::get_if<FixedFutility>(&d.futility)) {
    FixedFutility kept{{}, fixed->binding};
    for (std::size_t j = 0; j + 1 < looks.size(); ++j) kept.z.push_back(fixed->z[looks[j]]);
    *fixed = kept;
  }
  return d;
}

// Where the boundaries stop the trial: efficacy when z crosses the upper bound (|z| when
// two-sided; -z for alternative `less`), futility below the futility bound, else the final.
void decide(const scenarios::TestSpec& test, const LookIndices& looks, const Boundaries& b,
            CohortResult& row) {
  const bool two_sided = test.alternative == Alternative::TwoSided;
  const double sign = test.alternative == Alternative::Less ? -1.0 : 1.0;
  for (std::size_t j = 0; j < looks.size(); ++j) {
    const std::size_t k = looks[j];
    const double z = two_sided ? std::abs(row.look_z[k]) : sign * row.look_z[k];
    row.look_efficacy_z[k] = b.efficacy_z[j];
    row.look_futility_z[k] = j < b.futility_z.size() ? b.futility_z[j] : -kInfinity;
    row.stop_look = static_cast<std::int8_t>(k + 1);
    if (z >= b.efficacy_z[j]) {
      row.stop_reason = kEfficacy;
      return;
    }
    if (j + 1 < looks.size() && z <= row.look_futility_z[k]) {
      row.stop_reason = kFutility;
      return;
    }
  }
  row.stop_reason = kFinal;
}

}  // namespace

void sequential_analysis(const scenarios::DesignPoint& point,
                         std::span<const PatientRecord> patients, double final_day,
                         CohortResult& row, LookScratch& scratch) {
  for (auto* a : {&row.look_day, &row.look_z, &row.look_fraction, &row.look_efficacy_z,
                  &row.look_futility_z}) {
    a->fill(kNaN);
  }
  if (point.analysis.two_stage) return two_stage_analysis(point, patients, final_day, row);
  if (!point.analysis.sequential) return;
  const scenarios::SequentialSpec& seq = *point.analysis.sequential;
  const scenarios::TestSpec& test = point.analysis.tests[seq.test];
  LookContext ctx{point.protocol.visits, final_day};
  ctx.day_buffer = &scratch.trigger_days;
  ctx.max_information = seq.max_information;
  // One pointer captured: small enough for std::function to hold without allocating.
  struct Look {
    const scenarios::DesignPoint& point;
    const scenarios::TestSpec& test;
    std::span<const PatientRecord> patients;
    const LookContext& ctx;
    LookScratch& scratch;
  } const look{point, test, patients, ctx, scratch};
  ctx.information_at = [at = &look](double day) {
    data_at(at->patients, day, at->ctx, at->scratch.data);
    return statistic_at(at->point, at->test, at->scratch).information;
  };
  LookValues days = look_days(point.analysis.looks, patients, ctx);
  days.push_back(final_day);
  LookValues information(days.size(), kNaN);
  for (std::size_t k = 0; k < days.size(); ++k) {
    if (std::isnan(days[k])) continue;  // not held
    data_at(patients, days[k], ctx, scratch.data);
    record_look(k, days[k], scratch.data, patients, row);
    const SequentialStatistic s = statistic_at(point, test, scratch);
    row.look_z[k] = s.z;
    information[k] = s.information;
  }
  const LookIndices looks = deciding_looks(information);
  if (looks.empty()) {  // no information even at the final analysis: nothing is rejected
    row.stop_look = static_cast<std::int8_t>(days.size());
    row.stop_reason = kFinal;
    return;
  }
  for (const std::size_t k : looks) row.look_fraction[k] = information[k] / information.back();
  decide(test, looks,
         compute_boundaries(design_at(seq, test, looks, information), scratch.boundaries), row);
}

}  // namespace jisas::analysis
