#include "trial/boundary_twins.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <variant>

#include "analysis/cohort/cohort_tests.h"
#include "analysis/one_sample_logrank.h"
#include "models/models.h"
#include "trial/model_truth.h"

namespace jisas::trial {
namespace {

// The point with its model's cure fraction set, if the model has one (models/hazard).
std::optional<scenarios::DesignPoint> with_cure_fraction(const scenarios::DesignPoint& point,
                                                         double cure_fraction) {
  return std::visit(
      [&](const auto& spec) -> std::optional<scenarios::DesignPoint> {
        if constexpr (requires { models::with_cure_fraction(spec, cure_fraction); }) {
          scenarios::DesignPoint twin = point;
          twin.kinetics = models::with_cure_fraction(spec, cure_fraction);
          return twin;
        } else {
          return std::nullopt;
        }
      },
      point.kinetics);
}

struct Probe {
  double cure_fraction = 0.0;
  double rate = 0.0;
};

// A bracketing search on the cure fraction: the truth sample's rate is a non-decreasing
// step function of it (common random numbers) and smooth at larger scale, so the search
// interpolates by false position with the Illinois modification (Dowell & Jarratt 1971,
// BIT 11:168: an end kept twice has its distance to the target halved), keeping
// rate(lo) < null <= rate(hi) until the two are one patient apart or one end is within
// half a patient of the null rate, and returns the end whose rate is nearer.
std::optional<Probe> calibrate(const scenarios::DesignPoint& point, std::uint64_t seed, double at,
                               double null_rate, BoundaryTwins& result) {
  const TruthRates truth(point, seed, at);  // simulated once, each probe as a twin
  if (!result.truth) result.truth = truth.model_truth(point);
  const auto rate_at = [&](double c) { return truth.rate(*with_cure_fraction(point, c)); };
  Probe lo{0.0, rate_at(0.0)};
  Probe hi{1.0, 1.0};  // cure fraction 1: nobody relapses
  if (!(lo.rate < null_rate) || !(null_rate <= hi.rate)) return std::nullopt;
  const double step = 1.0 / point.analysis.truth_patients;
  double below = null_rate - lo.rate, above = hi.rate - null_rate;  // Illinois-weighted
  int kept = 0;  // > 0: lo kept so many times in a row; < 0: hi
  for (int i = 0; i < 60 && hi.rate - lo.rate > 1.5 * step &&
                  std::min(null_rate - lo.rate, hi.rate - null_rate) > 0.5 * step;
       ++i) {
    double mid = lo.cure_fraction + (hi.cure_fraction - lo.cure_fraction) * below / (below + above);
    if (!(mid > lo.cure_fraction && mid < hi.cure_fraction)) {
      mid = 0.5 * (lo.cure_fraction + hi.cure_fraction);
    }
    const Probe probe{mid, rate_at(mid)};
    if (probe.rate < null_rate) {
      lo = probe;
      below = null_rate - lo.rate;
      kept = std::min(kept, 0) - 1;
      if (kept <= -2) above *= 0.5;
    } else {
      hi = probe;
      above = hi.rate - null_rate;
      kept = std::max(kept, 0) + 1;
      if (kept >= 2) below *= 0.5;
    }
  }
  return null_rate - lo.rate < hi.rate - null_rate ? lo : hi;
}

// A one-sample log-rank test against a piecewise curve has no single null rate: its null
// is the whole curve. Its twin matches the curve's rate at its last break, where the curve
// turns into its plateau (STIM's 12 months in scenarios/sample_size.yaml): what a planner
// who reads "as good as history at 12 months" would call no benefit.
std::optional<std::pair<double, double>> piecewise_boundary(const scenarios::TestSpec& test) {
  const auto* logrank = std::get_if<scenarios::OneSampleLogRankTest>(&test.method);
  if (logrank == nullptr || logrank->through_landmark() || logrank->historical_breaks.empty()) {
    return std::nullopt;
  }
  const double at = logrank->historical_breaks.back();
  const analysis::HistoricalCurve curve(logrank->historical_breaks, logrank->historical_rates);
  return std::pair{at, curve.survival(at)};
}

// The test's landmark and null rate, if it is a single-arm test of IFN against history.
std::optional<std::pair<double, double>> boundary_of(const scenarios::TestSpec& test) {
  if (const auto piecewise = piecewise_boundary(test)) return piecewise;
  const analysis::TestDescription d = analysis::describe(test);
  const bool needs_arms =
      std::visit([](const auto& m) { return std::decay_t<decltype(m)>::kNeedsArms; }, test.method);
  if (needs_arms || d.effect != scenarios::TestedEffect::Ifn || !std::isfinite(d.at) ||
      !std::isfinite(d.null_rate)) {
    return std::nullopt;
  }
  return std::pair{d.at, d.null_rate};
}

}  // namespace

BoundaryTwins make_boundary_twins(const scenarios::DesignPoint& point, std::uint64_t seed) {
  BoundaryTwins result;
  if (!point.analysis.null_twin || point.analysis.truth_patients <= 0) return result;
  if (!with_cure_fraction(point, 0.0)) return result;
  for (std::size_t t = 0; t < point.analysis.tests.size(); ++t) {
    const auto boundary = boundary_of(point.analysis.tests[t]);
    if (!boundary) continue;
    const auto [at, null_rate] = *boundary;
    // Targets closer than the truth sample can resolve share a twin (STIM's piecewise
    // curve is 0.41001 at 12 months, the landmark tests' null rate 0.41).
    const double resolution = 0.5 / point.analysis.truth_patients;
    for (std::size_t k = 0; k < result.twins.size(); ++k) {
      if (result.twins[k].at == at &&
          std::abs(result.twins[k].null_rate - null_rate) < resolution) {
        result.of_test[t] = static_cast<int>(k);
      }
    }
    if (result.of_test[t] >= 0) continue;
    const auto probe = calibrate(point, seed, at, null_rate, result);
    if (!probe) continue;
    result.of_test[t] = static_cast<int>(result.twins.size());
    result.twins.push_back({*with_cure_fraction(point, probe->cure_fraction), at, null_rate,
                            probe->rate, probe->cure_fraction});
  }
  return result;
}

std::vector<BoundaryTwins> make_boundary_twins(const scenarios::Scenario& sc) {
  // Point by point; each point's truth sample, and every probe of it, runs its patients in
  // parallel in the caller's arena (trial/cohort_simulation.cpp).
  std::vector<BoundaryTwins> twins;
  twins.reserve(sc.points.size());
  for (const auto& point : sc.points) twins.push_back(make_boundary_twins(point, sc.seed));
  return twins;
}

}  // namespace jisas::trial
