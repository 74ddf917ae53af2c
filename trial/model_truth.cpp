#include "trial/model_truth.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <variant>

#include "analysis/logrank.h"

namespace jisas::trial {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A test's landmark, NaN for a test without one.
double at_of(const scenarios::TestSpec& test) {
  return std::visit(
      [](const auto& m) {
        if constexpr (requires { m.at; }) return m.at > 0.0 ? m.at : kNaN;
        return kNaN;
      },
      test.method);
}

// The latest landmark of any test (0 without one).
double latest_landmark(const scenarios::AnalysisSpec& analysis) {
  double latest = 0.0;
  for (const auto& test : analysis.tests) {
    const double at = at_of(test);
    if (!std::isnan(at)) latest = std::max(latest, at);
  }
  return latest;
}

// The point with `n` patients followed to `follow_up` days each: no unevaluable patients,
// no withdrawal, the analysis after the last patient's follow-up; no tests or looks (the
// cohort's own analysis is not needed).
scenarios::DesignPoint truth_point(const scenarios::DesignPoint& point, int n, double follow_up) {
  scenarios::DesignPoint p = point;
  p.design.sample_size = n;
  p.design.withdrawal = {};
  p.design.max_follow_up = follow_up;
  p.design.analysis_date = {scenarios::AnalysisDateSpec::Kind::MinFollowUp, 0.0, follow_up, 0};
  p.analysis.tests.clear();
  p.analysis.looks.clear();
  p.analysis.sequential.reset();
  p.analysis.two_stage.reset();
  p.analysis.null_twin = false;
  return p;
}

// Relapse-free proportions at `at`: pooled, control, experimental.
std::array<double, 3> rates_at(const std::vector<analysis::PatientRecord>& patients, double at) {
  std::array<double, 3> free{}, total{};
  for (const auto& p : patients) {
    const bool relapse_free = !analysis::relapsed_by(p, at);
    for (const std::size_t k : {std::size_t{0}, static_cast<std::size_t>(p.arm == 1 ? 2 : 1)}) {
      free[k] += relapse_free;
      total[k] += 1.0;
    }
  }
  return {free[0] / total[0], total[1] > 0 ? free[1] / total[1] : kNaN,
          total[2] > 0 ? free[2] / total[2] : kNaN};
}

double hazard_ratio(const std::vector<analysis::PatientRecord>& patients) {
  std::vector<double> time;
  std::vector<int> event, arm;
  for (const auto& p : patients) {
    time.push_back(p.time);
    event.push_back(p.relapsed);
    arm.push_back(p.arm);
  }
  if (std::count(arm.begin(), arm.end(), 0) == 0) return kNaN;
  return analysis::peto_hazard_ratio(analysis::log_rank(time, event, arm, 2), 1).estimate;
}

// Followed a visit interval past the latest landmark, so its status is known.
double truth_follow_up(const scenarios::AnalysisSpec& analysis) {
  return latest_landmark(analysis) + 4.0 * scenarios::kDaysPerMonth;
}

analysis::ModelTruth no_truth() {
  analysis::ModelTruth truth;
  truth.rate.fill(kNaN);
  truth.rate_control.fill(kNaN);
  truth.rate_experimental.fill(kNaN);
  truth.boundary_rate.fill(kNaN);
  truth.boundary_cure_fraction.fill(kNaN);
  truth.boundary_at.fill(kNaN);
  truth.boundary_target.fill(kNaN);
  truth.hazard_ratio = kNaN;
  return truth;
}

// The truth from the sample of truth_point(point, n, truth_follow_up(point.analysis)).
analysis::ModelTruth truth_of_sample(const scenarios::DesignPoint& point,
                                     const std::vector<analysis::PatientRecord>& sample) {
  analysis::ModelTruth truth = no_truth();
  truth.patients = static_cast<int>(sample.size());
  for (std::size_t t = 0; t < point.analysis.tests.size() && t < analysis::kMaxTests; ++t) {
    const double at = at_of(point.analysis.tests[t]);
    if (std::isnan(at)) continue;
    const auto r = rates_at(sample, at);
    truth.rate[t] = r[0];
    truth.rate_control[t] = r[1];
    truth.rate_experimental[t] = r[2];
  }
  truth.hazard_ratio = hazard_ratio(sample);
  // Models with proportional hazards on the population curve state the ratio exactly.
  std::visit(
      [&](const auto& spec) {
        if constexpr (requires { spec.ifn_hazard_ratio; }) {
          if (std::isnan(truth.hazard_ratio)) return;
          truth.hazard_ratio = spec.ifn_hazard_ratio;
          truth.hazard_ratio_exact = true;
        }
      },
      point.kinetics);
  return truth;
}

}  // namespace

analysis::ModelTruth model_truth(const scenarios::DesignPoint& point, std::uint64_t seed) {
  const int n = point.analysis.truth_patients;
  if (n <= 0) return no_truth();
  const double follow_up = truth_follow_up(point.analysis);
  return truth_of_sample(point,
                         simulate_sample(truth_point(point, n, follow_up), seed, kTruthCohort));
}

double truth_rate_at(const scenarios::DesignPoint& point, std::uint64_t seed, double at) {
  const int n = point.analysis.truth_patients;
  if (n <= 0) return kNaN;
  return TruthRates(point, seed, at).rate(point);
}

TruthRates::TruthRates(const scenarios::DesignPoint& point, std::uint64_t seed, double at)
    : at_(at) {
  const int n = point.analysis.truth_patients;
  if (n <= 0) return;
  follow_up_ = std::max(at, latest_landmark(point.analysis)) + 4.0 * scenarios::kDaysPerMonth;
  truth_point_ = truth_point(point, n, follow_up_);
  sample_ = std::make_unique<SharedCohort>(truth_point_, seed, kTruthCohort);
}

std::optional<analysis::ModelTruth> TruthRates::model_truth(
    const scenarios::DesignPoint& point) const {
  if (sample_ == nullptr || follow_up_ != truth_follow_up(point.analysis)) return std::nullopt;
  return truth_of_sample(point, sample_->patients());
}

double TruthRates::rate(const scenarios::DesignPoint& variant) const {
  if (sample_ == nullptr) return kNaN;
  scenarios::DesignPoint twin = truth_point_;
  twin.kinetics = variant.kinetics;
  return sample_->twin_relapse_free_rate(twin, at_);  // rates_at(twin_patients(twin), at_)[0]
}

}  // namespace jisas::trial
